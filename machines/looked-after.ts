/**
 * A looked-after child under a care order, as an XState v5 machine (one per child).
 *
 * Source: Children Act 1989 s31 (care order), s39 (discharge); Care Planning,
 * Placement and Case Review (England) Regulations 2010 reg 4-5 (care plan), reg 32-33
 * (reviews; no significant change to the plan without a review). The clocks — care plan
 * within 10 working days, reviews at 20 working days, 3 months, then 6 months — are in
 * the rules (src/rules/), not here.
 *
 * The chart tracks whether the child's care plan reflects their living arrangements: a
 * significant change of living arrangement leaves the plan out of date until the plan is
 * updated. Like the other machines it keeps no context and no timers.
 *
 * Not encoded: accommodation under s20 without an order, placement orders and adoption,
 * leaving care at 18, interim care orders as a separate status.
 */
import { setup } from 'xstate';
import { defineProcess } from './define.js';
import type { ChronologyEvent, EventType } from '../src/schema/events.js';

export const LOOKED_AFTER_EVENTS = [
  'care-order.made',
  'care-plan.updated',
  'living-arrangement.changed',
  'contact.changed',
  'risk-assessment.completed',
  'lac-review.held',
  'lac-review.postponed',
  'care-order.discharge-considered',
  'care-order.discharged',
] as const satisfies readonly EventType[];

type Handled = (typeof LOOKED_AFTER_EVENTS)[number];
export type LookedAfterEvent = Extract<ChronologyEvent, { type: Handled }>;

const CPPCR = 'Care Planning, Placement and Case Review (England) Regulations 2010';

/** What may happen at any time while a child is looked after, without moving them. */
const inCare = {
  'contact.changed': {},
  'risk-assessment.completed': {},
  'lac-review.held': {},
  'lac-review.postponed': {},
} as const;

export const lookedAfterMachine = setup({
  types: { events: {} as LookedAfterEvent },
  guards: {
    /** A change of living arrangement the source calls significant (the default). */
    significantChange: ({ event }) => event.type === 'living-arrangement.changed' && event.significant !== false,
  },
}).createMachine({
  id: 'looked-after',
  description: 'Where one child stands as a looked-after child, from care order to discharge.',
  initial: 'notLookedAfter',
  states: {
    notLookedAfter: {
      description: 'Not looked after under a care order in this chronology.',
      meta: { citation: 'Children Act 1989 s31', label: 'not in care' },
      on: {
        'care-order.made': { target: 'awaitingPlan' },
        // Living with a parent or relative before any order is simply where the child lives.
        'living-arrangement.changed': {},
        'contact.changed': {},
        'risk-assessment.completed': {},
      },
    },
    awaitingPlan: {
      description: 'Care order made; the care plan is due (within 10 working days of the first placement).',
      meta: { citation: `${CPPCR} reg 4`, label: 'care plan due' },
      on: {
        ...inCare,
        'care-plan.updated': { target: 'planned' },
        'living-arrangement.changed': {},
        'care-order.discharge-considered': {},
        'care-order.discharged': { target: 'discharged' },
      },
    },
    planned: {
      description: 'Looked after with a care plan that reflects the current arrangements.',
      meta: { citation: `${CPPCR} reg 5, 33`, label: 'in care, plan current' },
      on: {
        ...inCare,
        'care-plan.updated': {},
        'living-arrangement.changed': [{ guard: 'significantChange', target: 'planOutOfDate' }, {}],
        'care-order.discharge-considered': { target: 'dischargeConsidered' },
        'care-order.discharged': { target: 'discharged' },
      },
    },
    planOutOfDate: {
      description: 'A significant change of living arrangement the care plan does not yet reflect.',
      meta: { citation: `${CPPCR} reg 32(2), 33(3)`, label: 'in care, plan out of date' },
      on: {
        ...inCare,
        'care-plan.updated': { target: 'planned' },
        'living-arrangement.changed': {},
        'care-order.discharge-considered': {},
        'care-order.discharged': { target: 'discharged' },
      },
    },
    dischargeConsidered: {
      description: 'Discharge of the care order considered (an application may follow).',
      meta: { citation: 'Children Act 1989 s39', label: 'discharge considered' },
      on: {
        ...inCare,
        'care-plan.updated': { target: 'planned' },
        'living-arrangement.changed': [{ guard: 'significantChange', target: 'planOutOfDate' }, {}],
        'care-order.discharge-considered': {},
        'care-order.discharged': { target: 'discharged' },
      },
    },
    discharged: {
      description: 'The care order has been discharged.',
      meta: { citation: 'Children Act 1989 s39', label: 'order discharged' },
      on: {
        'care-order.made': { target: 'awaitingPlan' },
        'living-arrangement.changed': {},
        'contact.changed': {},
      },
    },
  },
});

export const lookedAfterProcess = defineProcess({
  id: 'looked-after',
  key: 'lookedAfter',
  scope: 'child',
  machine: lookedAfterMachine,
  events: LOOKED_AFTER_EVENTS,
  name: 'Looked after',
  label: 'care',
  show: 'once-begun',
  guardFields: { 'living-arrangement.changed': ['significant'] },
});
