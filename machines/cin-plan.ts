/**
 * A child-in-need plan (Children Act 1989 s17), as an XState v5 machine (one per child).
 *
 * Source: Working Together to Safeguard Children (2018 ch. 1; 2023 ch. 3): a child assessed
 * as in need may be supported under a child-in-need plan, reviewed regularly, ending when
 * the child no longer needs it or when the child's needs are met another way (a child
 * protection plan, being looked after). The DfE's Children in Need census records its start
 * and end dates (from 2021-22).
 *
 * Summaries skip steps, so a review or an end with no start recorded is accepted (the plan
 * had begun before the source says). No context, no timers: the relation to a child
 * protection plan is the rule `cin-plan-beside-cp-plan`.
 *
 * Not encoded: the frequency of reviews (a local standard, usually every 6 to 12 weeks).
 */
import { setup } from 'xstate';
import type { ChronologyEvent, EventType } from '../src/schema/events.js';
import { defineProcess } from './define.js';

export const CIN_PLAN_EVENTS = ['cin-plan.started', 'cin-plan.reviewed', 'cin-plan.ended'] as const satisfies readonly EventType[];

type Handled = (typeof CIN_PLAN_EVENTS)[number];
export type CinPlanEvent = Extract<ChronologyEvent, { type: Handled }>;

const CA89 = 'Children Act 1989 s17';

export const cinPlanMachine = setup({
  types: { events: {} as CinPlanEvent },
}).createMachine({
  id: 'cin-plan',
  description: 'Whether one child is supported under a child-in-need plan.',
  initial: 'noPlan',
  states: {
    noPlan: {
      description: 'No child-in-need plan in this chronology (or not yet).',
      meta: { citation: CA89, label: 'no CIN plan' },
      on: {
        'cin-plan.started': { target: 'onPlan' },
        // A review with no start recorded: the plan had begun.
        'cin-plan.reviewed': { target: 'onPlan' },
        'cin-plan.ended': { target: 'ended' },
      },
    },
    onPlan: {
      description: 'Supported under a child-in-need plan.',
      meta: { citation: CA89, label: 'on a CIN plan' },
      on: {
        'cin-plan.started': {},
        'cin-plan.reviewed': {},
        'cin-plan.ended': { target: 'ended' },
      },
    },
    ended: {
      description: 'The child-in-need plan has ended.',
      meta: { citation: CA89, label: 'CIN plan ended' },
      on: {
        'cin-plan.started': { target: 'onPlan' },
        'cin-plan.reviewed': { target: 'onPlan' },
        'cin-plan.ended': {},
      },
    },
  },
});

export const cinPlanProcess = defineProcess({
  id: 'cin-plan',
  key: 'cinPlan',
  scope: 'child',
  machine: cinPlanMachine,
  events: CIN_PLAN_EVENTS,
  name: 'Child in need plan',
  label: 'CIN plan',
  show: 'once-begun',
  guardFields: {},
});
