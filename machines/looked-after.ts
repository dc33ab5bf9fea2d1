/**
 * A looked-after child, as an XState v5 machine (one per child).
 *
 * Source: Children Act 1989 s20 (accommodation), s22 (looked after), s31 and s31A (care
 * order and its care plan), s39 (discharge); Care Planning, Placement and Case Review
 * (England) Regulations 2010 reg 4-5 (care plan), reg 32-33 (reviews; no significant change
 * to the plan without a review). The clocks — a care plan within 10 working days of the first
 * placement of a child accommodated under s20, reviews at 20 working days from becoming looked
 * after, 3 months, then 6 months — are in the rules (src/rules/), not here.
 *
 * A child becomes looked after on any basis (`looked-after.started`), or by a care order the
 * source records alone. Under a court order (care order, interim care order, placement order)
 * the court has considered the s31A care plan, so the child is looked after with a plan;
 * otherwise (s20, police protection, an EPO, remand, or a basis not stated) the plan is due.
 * The chart then tracks whether the plan reflects the child's living arrangements: a
 * significant change leaves it out of date until it is updated. No context, no timers.
 *
 * Not encoded: adoption, leaving care at 18 and care leavers, the legal status as a state of
 * its own.
 */
import { setup } from 'xstate';
import { defineProcess } from './define.js';
import type { ChronologyEvent, EventType } from '../src/schema/events.js';

export const LOOKED_AFTER_EVENTS = [
  'looked-after.started',
  'looked-after.ceased',
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
  // A new basis while looked after (s20, then an interim order, then a care order): the same period.
  'looked-after.started': {},
  'looked-after.ceased': { target: 'ceased' },
  // A final order after an interim one, or an order for a child already looked after: the same period.
  'care-order.made': {},
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
    /** Looked after by a court order whose care plan the court considered (s31A). */
    byCourtOrder: ({ event }) =>
      event.type === 'looked-after.started' && (event.basis === 'care-order' || event.basis === 'interim-care-order' || event.basis === 'placement-order'),
  },
}).createMachine({
  id: 'looked-after',
  description: 'Where one child stands as a looked-after child, from care order to discharge.',
  initial: 'notLookedAfter',
  states: {
    notLookedAfter: {
      description: 'Not looked after in this chronology (or not yet).',
      meta: { citation: 'Children Act 1989 s22', label: 'not in care' },
      on: {
        'looked-after.started': [{ guard: 'byCourtOrder', target: 'planned' }, { target: 'awaitingPlan' }],
        // A care order the source records alone: looked after, with the care plan the court considered.
        'care-order.made': { target: 'planned' },
        // Summaries skip steps: an end with no start recorded.
        'looked-after.ceased': { target: 'ceased' },
        // Living with a parent or relative before any order is simply where the child lives.
        'living-arrangement.changed': {},
        'contact.changed': {},
        'risk-assessment.completed': {},
      },
    },
    awaitingPlan: {
      description: 'Looked after; the care plan is due (within {lac-care-plan} of the first placement).',
      meta: { citation: `${CPPCR} reg 4`, label: 'care plan due' },
      on: {
        ...inCare,
        'care-plan.updated': { target: 'planned' },
        // An order made for a child already accommodated: the court considered its s31A plan.
        'care-order.made': { target: 'planned' },
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
        'looked-after.started': [{ guard: 'byCourtOrder', target: 'planned' }, { target: 'awaitingPlan' }],
        'looked-after.ceased': { target: 'ceased' },
        'care-order.made': { target: 'planned' },
        'living-arrangement.changed': {},
        'contact.changed': {},
      },
    },
    ceased: {
      description: 'No longer looked after (returned home, special guardianship, adoption, 18, or another ending).',
      meta: { citation: 'Children Act 1989 s22', label: 'no longer looked after' },
      on: {
        'looked-after.started': [{ guard: 'byCourtOrder', target: 'planned' }, { target: 'awaitingPlan' }],
        'looked-after.ceased': {},
        'care-order.made': { target: 'planned' },
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
  guardFields: { 'living-arrangement.changed': ['significant'], 'looked-after.started': ['basis'] },
});
