/**
 * The child-protection path of one child, as an XState v5 machine.
 *
 * Source: Working Together to Safeguard Children 2023, ch. 3 (referral, child and
 * family assessment, strategy discussion, section 47 enquiries, initial and review
 * child protection conferences, core groups, end of plan); Children Act 1989 s47.
 *
 * The machine holds only where the child stands in the process. It keeps no
 * context and has no timers: statutory clocks count working days, so casepath
 * computes them itself (src/engine/clocks.ts) and rules read them. Guards read the
 * event's own fields only, which lets the engine compile the chart to a lookup table
 * for bulk replay (`makeProcess` in src/engine/processes.ts) with this file as the single source of truth.
 *
 * Summaries skip steps, so the chart accepts a step whose obvious predecessor is
 * unrecorded (an assessment with no recorded referral decision, say). What it
 * refuses are steps the process does not allow at all from where the child is:
 * an initial conference with no strategy discussion or s47 enquiry before it, a
 * review conference or core group with no plan. Those become `process-deviation`
 * findings; replay carries on.
 *
 * Not encoded: transfer-in conferences, pre-birth conferences, police protection
 * and emergency protection orders, the child moving area or turning 18.
 */
import { setup } from 'xstate';
import { defineProcess } from './define.js';
import type { ChronologyEvent, EventType } from '../src/schema/events.js';

/** The chronology events this machine reads; any other event type passes it by. */
export const CHILD_PROTECTION_EVENTS = [
  'referral.received',
  'referral.decided',
  'assessment.started',
  'assessment.completed',
  'strategy.held',
  's47.started',
  's47.completed',
  'conference.held',
  'core-group.held',
] as const satisfies readonly EventType[];

type Handled = (typeof CHILD_PROTECTION_EVENTS)[number];
export type ChildProtectionEvent = Extract<ChronologyEvent, { type: Handled }>;

const WT23 = 'Working Together to Safeguard Children 2023, ch. 3';

/** Shorthand for the transitions every "open case" state shares. */
const reReferral = { 'referral.received': { target: 'referred' } } as const;

/** Steps that may happen while a child is further along, without moving the child. */
const alongside = {
  'referral.received': {},
  'referral.decided': {},
  'assessment.started': {},
  'assessment.completed': {},
} as const;

export const childProtectionMachine = setup({
  types: {
    events: {} as ChildProtectionEvent,
  },
  guards: {
    /** The event's `decision` (strategy discussion or conference) is one of `values`. */
    decisionIn: ({ event }, params: { values: readonly string[] }) =>
      'decision' in event && event.decision !== undefined && params.values.includes(event.decision),
    /** The event's `outcome` (referral decision or s47) is one of `values`. */
    outcomeIn: ({ event }, params: { values: readonly string[] }) =>
      'outcome' in event && event.outcome !== undefined && params.values.includes(event.outcome),
    /**
     * A conference of one of these kinds. A conference whose kind the source does not
     * state is taken to be the kind the child's state allows (an initial conference during
     * s47 enquiries, a review on a plan): the rules see the same reading (conferenceKind in
     * src/rules/kit.ts) and say that they assumed it.
     */
    conferenceKindIn: ({ event }, params: { values: readonly string[] }) =>
      event.type === 'conference.held' && (event.kind === undefined || params.values.includes(event.kind)),
    /** A conference of one of these kinds (or of unstated kind, as above) with one of these decisions. */
    conferenceIs: ({ event }, params: { kinds: readonly string[]; decisions: readonly string[] }) =>
      event.type === 'conference.held' &&
      (event.kind === undefined || params.kinds.includes(event.kind)) &&
      event.decision !== undefined &&
      params.decisions.includes(event.decision),
  },
}).createMachine({
  id: 'child-protection',
  description: 'Where one child stands on the child-protection path, from referral to the end of a plan.',
  initial: 'notKnown',
  states: {
    notKnown: {
      description: 'Not (yet) known to children’s social care in this chronology.',
      meta: { citation: WT23, label: 'not known' },
      on: {
        ...reReferral,
        // A sibling brought into an open case is often assessed without a referral of its own.
        'assessment.started': { target: 'assessment' },
        'assessment.completed': { target: 'assessed' },
        'strategy.held': strategyTransitions(),
        's47.started': { target: 's47' },
      },
    },
    referred: {
      description: 'Referral received; a decision on the response is due within {referral-decision}.',
      meta: { citation: `${WT23} (referral decision)`, label: 'referred' },
      on: {
        'referral.received': {},
        'referral.decided': [
          { guard: { type: 'outcomeIn', params: { values: ['no-further-action'] } }, target: 'closed' },
          { guard: { type: 'outcomeIn', params: { values: ['early-help'] } }, target: 'earlyHelp' },
          { guard: { type: 'outcomeIn', params: { values: ['assessment'] } }, target: 'assessment' },
          { guard: { type: 'outcomeIn', params: { values: ['strategy-discussion'] } }, target: 'strategyDue' },
          {},
        ],
        'assessment.started': { target: 'assessment' },
        'assessment.completed': { target: 'assessed' },
        'strategy.held': strategyTransitions(),
        's47.started': { target: 's47' },
      },
    },
    earlyHelp: {
      description: 'Referred on to early help; no statutory assessment.',
      meta: { citation: `${WT23} (early help)`, label: 'early help' },
      on: {
        ...reReferral,
        'assessment.started': { target: 'assessment' },
        'assessment.completed': { target: 'assessed' },
        'strategy.held': strategyTransitions(),
      },
    },
    closed: {
      description: 'No further action.',
      meta: { citation: WT23, label: 'closed' },
      on: {
        ...reReferral,
        'assessment.started': { target: 'assessment' },
        'assessment.completed': { target: 'assessed' },
        'strategy.held': strategyTransitions(),
      },
    },
    assessment: {
      description: 'Child and family assessment under way (at most {cf-assessment} from referral).',
      meta: { citation: `${WT23} (assessment timescale)`, label: 'assessment' },
      on: {
        'referral.received': {},
        'referral.decided': {},
        'assessment.started': {},
        'assessment.completed': { target: 'assessed' },
        'strategy.held': strategyTransitions(),
        's47.started': { target: 's47' },
      },
    },
    assessed: {
      description: 'Assessment completed; services, step-down or escalation follow.',
      meta: { citation: WT23, label: 'assessed' },
      on: {
        ...reReferral,
        'assessment.started': { target: 'assessment' },
        'assessment.completed': {},
        'strategy.held': strategyTransitions(),
        's47.started': { target: 's47' },
      },
    },
    strategyDue: {
      description: 'Referral decided for a strategy discussion, not yet held.',
      meta: { citation: `${WT23} (strategy discussion)`, label: 'strategy due' },
      on: {
        ...alongside,
        'strategy.held': strategyTransitions(),
        's47.started': { target: 's47' },
      },
    },
    strategy: {
      description: 'Strategy discussion held; whether to start s47 enquiries is not (yet) decided.',
      meta: { citation: `${WT23} (strategy discussion)`, label: 'strategy' },
      on: {
        ...alongside,
        'strategy.held': strategyTransitions(),
        's47.started': { target: 's47' },
        's47.completed': s47Outcome(),
      },
    },
    childInNeed: {
      description: 'Supported as a child in need (no s47 enquiry, or no plan after one).',
      meta: { citation: 'Children Act 1989 s17', label: 'child in need' },
      on: {
        ...reReferral,
        'assessment.started': {},
        'assessment.completed': {},
        'strategy.held': strategyTransitions(),
        's47.started': { target: 's47' },
      },
    },
    s47: {
      description: 'Section 47 enquiries under way.',
      meta: { citation: 'Children Act 1989 s47', label: 's47 enquiry' },
      on: {
        ...alongside,
        'strategy.held': strategyTransitions(),
        's47.started': {},
        's47.completed': s47Outcome(),
        // An ICPC ends the enquiry even where its outcome is not recorded.
        'conference.held': initialConference(),
      },
    },
    icpcDue: {
      description: 'An initial child protection conference is due (within {icpc} of the strategy discussion).',
      meta: { citation: `${WT23} (initial child protection conference)`, label: 'ICPC due' },
      on: {
        ...alongside,
        'strategy.held': {},
        's47.started': {},
        's47.completed': {},
        'conference.held': initialConference(),
      },
    },
    plan: {
      description: 'Subject to a child protection plan; core groups and review conferences follow.',
      meta: { citation: `${WT23} (child protection plan)`, label: 'on a plan' },
      on: {
        ...alongside,
        'strategy.held': {},
        's47.started': {},
        's47.completed': {},
        'core-group.held': {},
        'conference.held': [
          {
            guard: { type: 'conferenceIs', params: { kinds: ['review', 'early-review'], decisions: ['end-plan', 'no-plan'] } },
            target: 'planEnded',
          },
          { guard: { type: 'conferenceKindIn', params: { values: ['review', 'early-review'] } } },
        ],
      },
    },
    planEnded: {
      description: 'The child protection plan has ended.',
      meta: { citation: `${WT23} (ending a plan)`, label: 'plan ended' },
      on: {
        ...reReferral,
        'assessment.started': { target: 'assessment' },
        'assessment.completed': {},
        'strategy.held': strategyTransitions(),
        's47.started': { target: 's47' },
      },
    },
  },
});

function strategyTransitions() {
  return [
    { guard: { type: 'decisionIn', params: { values: ['s47'] } }, target: 's47' },
    { guard: { type: 'decisionIn', params: { values: ['convene-icpc'] } }, target: 'icpcDue' },
    { guard: { type: 'decisionIn', params: { values: ['no-s47'] } }, target: 'childInNeed' },
    { guard: { type: 'decisionIn', params: { values: ['no-further-action'] } }, target: 'closed' },
    { target: 'strategy' },
  ] as const;
}

function s47Outcome() {
  return [
    { guard: { type: 'outcomeIn', params: { values: ['continuing-risk'] } }, target: 'icpcDue' },
    { guard: { type: 'outcomeIn', params: { values: ['substantiated-no-continuing-risk', 'no-continuing-risk'] } }, target: 'childInNeed' },
    { guard: { type: 'outcomeIn', params: { values: ['not-substantiated'] } }, target: 'closed' },
    { target: 's47' },
  ] as const;
}

function initialConference() {
  return [
    { guard: { type: 'conferenceIs', params: { kinds: ['initial'], decisions: ['plan'] } }, target: 'plan' },
    { guard: { type: 'conferenceIs', params: { kinds: ['initial'], decisions: ['no-plan'] } }, target: 'childInNeed' },
    // An initial conference whose decision is not recorded: the child stays where it was.
    { guard: { type: 'conferenceKindIn', params: { values: ['initial'] } } },
  ] as const;
}

export const childProtectionProcess = defineProcess({
  id: 'child-protection',
  key: 'childProtection',
  scope: 'child',
  machine: childProtectionMachine,
  events: CHILD_PROTECTION_EVENTS,
  name: 'Child protection',
  label: 'child protection',
  show: 'always',
  guardFields: {
    'referral.decided': ['outcome'],
    'strategy.held': ['decision'],
    's47.completed': ['outcome'],
    'conference.held': ['kind', 'decision'],
  },
});
