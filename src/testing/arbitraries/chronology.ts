/**
 * `chronologyArbitrary`: valid chronology objects, as a JSON file holds them, that the
 * loader always accepts (`loadChronologyData(obj, file).ok === true`) — and nothing
 * more: the steps need not follow the process, so replays hit process deviations,
 * open clocks, unknown facts and every rule in odd orders.
 *
 * A chronology is a list of *steps*, one event each, of any type of the vocabulary
 * (spec §2) in the processes asked for, with valid field values. Shrinking removes
 * steps and pulls every choice to its first value (optional fields absent, the first
 * value of each enum, exact dates, no gap), so a failing chronology shrinks to a few
 * plain events.
 *
 * Why it always loads:
 * - every event type, field and value comes from the schemas in src/schema/events.ts;
 * - a reference (`of`, `for`, `challenge`, a concern, a plan action, a recommendation…)
 *   points at an earlier event of the right type; with none to point at, an optional
 *   field is left out and a step whose reference is required becomes a `note`;
 * - each event has a true day, never before the previous one (listing order holds),
 *   and its date is written in a form that contains the true day (support.ts:
 *   `applyDateForms`), so the true days solve every date constraint;
 * - children are ids of the case.
 */
import fc from 'fast-check';
import type { Day } from '../../calendar/day.js';
import { COMPLAINT_EVENTS } from '../../../machines/complaints.js';
import { LOOKED_AFTER_EVENTS } from '../../../machines/looked-after.js';
import { PLO_EVENTS } from '../../../machines/plo.js';
import { EVENT_TYPES, type EventType } from '../../schema/events.js';
import {
  CHILD_IDS,
  type ChronologyData,
  DATE_FORMS,
  type DateFormChoice,
  type Fields,
  VAGUE_FORMS,
  applyDateForms,
  formatDay,
  pick,
  shrinkableArray,
  startWindow,
} from './support.js';
import { TRACK_KINDS, type TrackKind } from './tracks.js';

export interface ChronologyConstraints {
  /** Fewest events. Default 0. */
  minEvents?: number;
  /** Most events. Default 20. */
  maxEvents?: number;
  /** Fewest children (at least 1). Default 1. */
  minChildren?: number;
  /** Most children (at most 4). Default 4. */
  maxChildren?: number;
  /**
   * Processes whose event types steps are drawn from (evidence, notes and support belong
   * to all of them). Default all: `child-protection`, `plo`, `looked-after`,
   * `complaints`, `contact` (correspondence, commitments, omissions).
   */
  processes?: readonly TrackKind[];
  /** Only these event types (overrides `processes`). Default: undefined. */
  eventTypes?: readonly EventType[];
  /**
   * `true`: every date an exact day; `false`: every date vague (month, year, range,
   * relative to another event, or a list of them); `'mixed'`: each event either way.
   * Default `'mixed'`.
   */
  exact?: boolean | 'mixed';
  /** `'summary'`, `'record'`, or `'both'` (either, drawn). Default `'both'`. */
  completeness?: 'summary' | 'record' | 'both';
  /** Largest gap between consecutive events in calendar days. Default 60. */
  maxGapDays?: number;
  /** Earliest first day (`YYYY-MM-DD`). Default `2016-01-04`. */
  from?: string;
  /** Latest first day (`YYYY-MM-DD`). Default `2024-06-28`. */
  to?: string;
  /** Mark some vaguely dated events `unordered: true`. Default true. */
  unordered?: boolean;
}

/** Event types of each process (a type may serve several). */
const PROCESS_TYPES: Record<TrackKind, readonly EventType[]> = {
  'child-protection': [
    'referral.received',
    'referral.decided',
    'assessment.started',
    'assessment.completed',
    'strategy.held',
    'threshold.considered',
    's47.started',
    's47.completed',
    'outcome.shared',
    'child.seen',
    'home.visited',
    'views.sought',
    'appointment.missed',
    'conference.scheduled',
    'conference.cancelled',
    'reports.shared',
    'conference.held',
    'core-group.held',
    'plan.action-set',
    'plan.action-done',
    'challenge.raised',
    'challenge.answered',
    'escalation.raised',
    'escalation.resolved',
  ],
  // The machines' own event lists, plus the evidence and support steps each process uses.
  plo: [...PLO_EVENTS, 'outcome.shared'],
  'looked-after': [...LOOKED_AFTER_EVENTS, 'worker.allocated', 'child.seen'],
  complaints: [...COMPLAINT_EVENTS, 'learning-review.completed'],
  contact: ['correspondence.received', 'correspondence.answered', 'commitment.made', 'commitment.kept', 'omission'],
};
const SHARED_TYPES: readonly EventType[] = ['concern.raised', 'concern.assessed', 'note', 'support.offered'];

/** Types the steps of these constraints are drawn from. */
export function stepTypes(constraints: ChronologyConstraints = {}): EventType[] {
  if (constraints.eventTypes?.length) {
    for (const t of constraints.eventTypes) if (!EVENT_TYPES.includes(t)) throw new RangeError(`unknown event type "${t}"`);
    return [...new Set(constraints.eventTypes)];
  }
  const kinds = constraints.processes?.length ? constraints.processes : TRACK_KINDS;
  return [...new Set([...SHARED_TYPES, ...kinds.flatMap((k) => PROCESS_TYPES[k])])];
}

/** One step: an event type and the raw choices its fields are made from. */
export interface Step {
  type: EventType;
  /** Calendar days after the previous event. */
  gap: number;
  /** Children of the event: a mask over the case's children (all false: the field is left out). */
  children: boolean[];
  /** Choices for the event's fields (each used modulo the number of options). */
  f: number[];
  /** Which optional fields are present. */
  opt: boolean[];
  date: DateFormChoice;
  unordered: boolean;
}

const AGENCIES = ['social-care', 'police', 'health', 'hospital', 'school', 'gp', 'legal', 'parent', 'solicitor', 'iro', 'chair', 'ombudsman', 'committee'] as const;
const CONCERN_KINDS = ['neglect', 'physical-harm', 'mental-health', 'domestic-abuse', 'sexual-harm', 'emotional-harm', 'parenting-capacity', 'non-engagement', 'medical-treatment', 'other'] as const;
const BASES = ['observed', 'reported', 'hearsay', 'assumption'] as const;
const FINDINGS = ['substantiated', 'unsubstantiated', 'inconclusive'] as const;
const PLANS = ['plan', 'no-plan', 'continue-plan', 'end-plan'] as const;
const KINDS = ['initial', 'review', 'early-review'] as const;
const STRATEGY = ['s47', 'no-s47', 'convene-icpc', 'further-strategy', 'no-further-action'] as const;
const REFERRAL = ['assessment', 'strategy-discussion', 'no-further-action', 'early-help'] as const;
const S47 = ['continuing-risk', 'not-substantiated', 'substantiated-no-continuing-risk'] as const;
const STATUS = ['plo', 'proceedings', 'existing-plan'] as const;

/** What earlier steps left to refer to. */
class Refs {
  readonly ids: string[] = [];
  readonly byType = new Map<string, string[]>();
  readonly concerns: string[] = [];
  readonly actions: string[] = [];
  readonly recommendations: string[] = [];
  add(id: string, type: string): void {
    this.ids.push(id);
    const list = this.byType.get(type) ?? [];
    list.push(id);
    this.byType.set(type, list);
  }
  /** The latest-but-n earlier event of one of `types`, if any. */
  of(types: readonly string[], n: number): string | undefined {
    const all = this.ids.filter((id) => types.some((t) => this.byType.get(t)?.includes(id)));
    return all.length ? all[all.length - 1 - (n % all.length)] : undefined;
  }
  any(n: number): string | undefined {
    return this.ids.length ? this.ids[this.ids.length - 1 - (n % this.ids.length)] : undefined;
  }
  concern(n: number): string | undefined {
    return this.concerns.length ? this.concerns[this.concerns.length - 1 - (n % this.concerns.length)] : undefined;
  }
}

interface FieldContext {
  step: Step;
  refs: Refs;
  /** The step's true day. */
  day: Day;
  id: string;
  f(i: number): number;
  opt(i: number): boolean;
}

type FieldBuilder = (c: FieldContext) => Fields | undefined;

const dayText = (d: Day) => formatDay(d);
const optional = (present: boolean, fields: Fields): Fields => (present ? fields : {});
const concernList = (c: FieldContext, i: number): Fields => {
  const id = c.refs.concern(c.f(i));
  return id && c.opt(i) ? { reliesOn: [id] } : {};
};
function reasons(c: FieldContext, i: number): Fields {
  if (!c.opt(i)) return {};
  const concern = c.refs.concern(c.f(i));
  const missed = c.refs.of(['appointment.missed'], c.f(i + 1));
  const options: Fields[] = [
    ...(concern ? [{ basis: 'concern', concern }] : []),
    { basis: 'procedural-status', status: pick(STATUS, c.f(i + 1)) },
    ...(missed ? [{ basis: 'non-engagement', evidence: [missed] }] : []),
    { basis: 'dissent-considered', by: pick(AGENCIES, c.f(i + 2)) },
  ];
  return { reasons: [pick(options, c.f(i + 2))] };
}
const dueField = (c: FieldContext, i: number): unknown =>
  pick(['P2W', 'P1M', dayText(c.day + 7 + c.f(i)), dayText(c.day + 20 + c.f(i)).slice(0, 7)], c.f(i + 1));

/** The types whose random events carry only the common fields. */
function noFields<const T extends EventType>(...types: T[]): Record<T, FieldBuilder> {
  return Object.fromEntries(types.map((t): [T, FieldBuilder] => [t, () => ({})])) as Record<T, FieldBuilder>;
}

/** Fields drawn for each event type: every type named (a new type not handled does not compile); `noFields` for the types whose random events carry only the common fields. */
const FIELDS: Record<EventType, FieldBuilder> = {
  'concern.raised': (c) => {
    const concern = `c${c.refs.concerns.length + 1}`;
    return {
      concern,
      kind: pick(CONCERN_KINDS, c.f(0)),
      basis: pick(BASES, c.f(1)),
      ...optional(c.opt(0), { withholdFromParent: c.f(2) % 2 === 0 }),
    };
  },
  'concern.assessed': (c) => {
    const concern = c.refs.concern(c.f(0));
    return concern ? { concern, finding: pick(FINDINGS, c.f(1)) } : undefined;
  },
  'referral.received': (c) => {
    const concern = c.refs.concern(c.f(1));
    return { ...optional(c.opt(0), { from: pick(AGENCIES, c.f(0)) }), ...(concern && c.opt(1) ? { concerns: [concern] } : {}) };
  },
  'referral.decided': (c) => {
    const referral = c.refs.of(['referral.received'], c.f(1));
    return { ...optional(c.opt(0), { outcome: pick(REFERRAL, c.f(0)) }), ...(referral && c.opt(1) ? { referral } : {}) };
  },
  'assessment.started': (c) => optional(c.opt(0), { kind: 'child-and-family' }),
  'assessment.completed': (c) => {
    const concern = c.refs.concern(c.f(2));
    return {
      ...optional(c.opt(0), { kind: 'child-and-family' }),
      ...optional(c.opt(1), { conclusion: pick(['child-protection-concerns', 'child-in-need', 'no-significant-concerns'], c.f(1)) }),
      ...(concern && c.opt(2) ? { findings: [{ concern, finding: pick(FINDINGS, c.f(3)) }] } : {}),
    };
  },
  'strategy.held': (c) => ({
    ...optional(c.opt(0), { participants: pick([['social-care', 'police', 'health'], ['social-care', 'police'], ['social-care', 'health', 'school'], ['police']], c.f(0)) }),
    ...concernList(c, 1),
    ...optional(c.opt(2), { decision: pick(STRATEGY, c.f(2)) }),
    ...reasons(c, 3),
    ...optional(c.opt(4), { views: [{ by: pick(AGENCIES, c.f(4)), view: 'no-s47' }] }),
  }),
  'threshold.considered': (c) => ({ for: pick(['strategy', 's47', 'icpc', 'plo'], c.f(0)), met: c.f(1) % 2 === 0, ...concernList(c, 2) }),
  's47.completed': (c) => optional(c.opt(0), { outcome: pick(S47, c.f(0)) }),
  'outcome.shared': (c) => {
    const of = c.opt(1) ? c.refs.concern(c.f(0)) : c.refs.any(c.f(0));
    return of ? { of, with: pick(['parent', 'child', 'referrer'], c.f(1)) } : undefined;
  },
  'child.seen': (c) => optional(c.opt(0), { alone: c.f(0) % 2 === 0 }),
  'appointment.missed': (c) => ({
    ...optional(c.opt(0), { with: pick(AGENCIES, c.f(0)) }),
    ...optional(c.opt(1), { reason: pick(['illness', 'transport', 'childcare'], c.f(1)) }),
    ...optional(c.opt(2), { notified: c.f(2) % 2 === 0 }),
  }),
  'conference.scheduled': (c) => ({ kind: pick(KINDS, c.f(0)), for: pick([dayText(c.day + 5 + c.f(1)), dayText(c.day + 10).slice(0, 7)], c.f(2)) }),
  'conference.cancelled': (c) => {
    const scheduled = c.refs.of(['conference.scheduled'], c.f(0));
    return { ...(scheduled && c.opt(0) ? { scheduled } : {}), ...optional(c.opt(1), { shortNotice: c.f(1) % 2 === 0 }) };
  },
  'reports.shared': (c) => {
    const target = c.refs.of(['conference.held', 'conference.scheduled'], c.f(0));
    return target
      ? { for: target, ...optional(c.opt(0), { with: pick(['parent', 'child'], c.f(1)) }), ...optional(c.opt(1), { complete: c.f(2) % 2 === 0 }) }
      : undefined;
  },
  'conference.held': (c) => ({
    kind: pick(KINDS, c.f(0)),
    ...optional(c.opt(0), { participants: ['chair', 'social-care', pick(AGENCIES, c.f(1))] }),
    ...optional(c.opt(1), { views: [{ by: pick(AGENCIES, c.f(2)), view: pick(PLANS, c.f(3)) }] }),
    ...optional(c.opt(2), { decision: pick(PLANS, c.f(4)) }),
    ...optional(c.opt(3), { decidedBy: pick(['consensus', 'majority', 'chair'], c.f(5)) }),
    ...reasons(c, 4),
    ...optional(c.opt(5), { proportionality: c.f(6) % 2 === 0 }),
    ...optional(c.opt(6), { advocate: pick(['offered', 'declined', 'not-offered'], c.f(7)) }),
  }),
  'plan.action-set': (c) => ({ action: `action-${c.refs.actions.length + 1}`, due: dueField(c, 0) }),
  'plan.action-done': (c) => {
    const action = c.refs.actions.length ? pick(c.refs.actions, c.f(0)) : undefined;
    return action ? { action } : undefined;
  },
  'challenge.raised': (c) => {
    const about = c.refs.any(c.f(0));
    return { ...(about && c.opt(0) ? { about } : {}), ...optional(c.opt(1), { view: pick(PLANS, c.f(1)) }) };
  },
  'challenge.answered': (c) => {
    const challenge = c.refs.of(['challenge.raised'], c.f(0));
    return challenge ? { challenge, ...optional(c.opt(0), { outcome: pick(['accepted', 'rejected-with-reasons'], c.f(1)) }) } : undefined;
  },
  'escalation.raised': (c) => {
    const challenge = c.refs.of(['challenge.raised'], c.f(0));
    const about = c.refs.any(c.f(1));
    return { ...(challenge && c.opt(0) ? { challenge } : {}), ...(about && c.opt(1) ? { about } : {}) };
  },
  'escalation.resolved': (c) => {
    const escalation = c.refs.of(['escalation.raised'], c.f(0));
    const challenge = c.refs.of(['challenge.raised'], c.f(1));
    return { ...(escalation && c.opt(0) ? { escalation } : {}), ...(challenge && c.opt(1) ? { challenge } : {}) };
  },
  'legal.planning-meeting': (c) => ({
    ...concernList(c, 0),
    ...optional(c.opt(1), { thresholdMet: c.f(1) % 2 === 0 }),
    ...optional(c.opt(2), { decision: pick(['pre-proceedings', 'issue-proceedings', 'no-action'], c.f(2)) }),
    ...optional(c.opt(3), { proportionality: c.f(3) % 2 === 0 }),
  }),
  'plo.letter-sent': (c) => ({
    ...optional(c.opt(0), { explained: c.f(0) % 2 === 0 }),
    ...optional(c.opt(1), { legalAidInfo: c.f(1) % 2 === 0 }),
    ...optional(c.opt(2), { meetingInvite: c.f(2) % 2 === 0 }),
  }),
  'plo.ended': (c) => optional(c.opt(0), { outcome: pick(['step-down', 'proceedings'], c.f(0)) }),
  'proceedings.issued': (c) => optional(c.opt(0), { proportionality: c.f(0) % 2 === 0 }),
  'proceedings.extended': (c) => ({ weeks: 1 + (c.f(0) % 8) }),
  'proceedings.concluded': (c) => optional(c.opt(0), { order: pick(['care', 'supervision', 'none'], c.f(0)) }),
  'care-order.discharge-considered': (c) => optional(c.opt(0), { decision: 'apply' }),
  'living-arrangement.changed': (c) => ({ ...optional(c.opt(0), { with: pick(['foster-carer', 'relative', 'parent'], c.f(0)) }), ...optional(c.opt(1), { significant: c.f(1) % 2 === 0 }) }),
  'contact.changed': (c) => optional(c.opt(0), { supervised: c.f(0) % 2 === 0 }),
  'worker.allocated': (c) => ({ worker: `sw-${1 + (c.f(0) % 5)}` }),
  'correspondence.received': (c) => ({ ...optional(c.opt(0), { from: pick(AGENCIES, c.f(0)) }), ...optional(c.opt(1), { recorded: c.f(1) % 2 === 0 }) }),
  'correspondence.answered': (c) => {
    const correspondence = c.refs.of(['correspondence.received'], c.f(0));
    return correspondence ? { correspondence } : undefined;
  },
  'commitment.made': (c) => ({ ...optional(c.opt(0), { what: 'call back' }), ...optional(c.opt(1), { due: dueField(c, 1) }) }),
  'commitment.kept': (c) => {
    const commitment = c.refs.of(['commitment.made'], c.f(0));
    return commitment ? { commitment } : undefined;
  },
  'support.offered': (c) => optional(c.opt(0), { what: 'family support' }),
  'complaint.made': (c) => ({
    ...optional(c.opt(0), { stage: 1 + (c.f(0) % 3) }),
    ...optional(c.opt(1), { procedure: pick(['statutory-children', 'corporate'], c.f(1)) }),
  }),
  'complaint.responded': (c) => {
    const complaint = c.refs.of(['complaint.made'], c.f(4));
    return {
      ...optional(c.opt(0), { stage: 1 + (c.f(0) % 3) }),
      ...optional(c.opt(1), { outcome: pick(['not-upheld', 'upheld', 'partly-upheld', 'declined'], c.f(1)) }),
      ...optional(c.opt(2), { remedyConsidered: c.f(2) % 2 === 0 }),
      ...optional(c.opt(3), { apology: c.f(3) % 2 === 0 }),
      ...(complaint && c.opt(4) ? { complaint } : {}),
    };
  },
  'ombudsman.complaint-made': (c) =>
    optional(c.opt(0), { about: { from: dayText(c.day - 30 - c.f(0) * 10), to: dayText(c.day - c.f(1)) } }),
  'ombudsman.decided': (c) => ({
    ...optional(c.opt(0), { outcome: 'fault found' }),
    ...optional(c.opt(1), { recommendations: [{ id: `rec-${c.refs.recommendations.length + 1}`, action: 'apologise', due: dueField(c, 1) }] }),
  }),
  'remedy.completed': (c) => {
    const recommendation = c.refs.recommendations.length ? pick(c.refs.recommendations, c.f(0)) : undefined;
    return recommendation ? { recommendation } : undefined;
  },
  'report.considered': (c) => optional(c.opt(0), { by: pick(['committee', 'cabinet', 'full-council'], c.f(0)) }),
  note: (c) => optional(c.opt(0), { note: 'Narrative only.' }),
  omission: (c) => {
    const target = c.refs.any(c.f(1));
    return {
      step: pick(EVENT_TYPES.filter((t) => t !== 'omission' && t !== 'note'), c.f(0)),
      ...(target && c.opt(0) ? { for: target } : {}),
      ...optional(c.opt(1), { until: dayText(c.day + c.f(2)) }),
    };
  },
  ...noFields('s47.started', 'home.visited', 'views.sought', 'core-group.held', 'plo.meeting-held', 'plo.reviewed', 'care-order.made', 'care-order.discharged', 'care-plan.updated', 'risk-assessment.completed', 'looked-after.started', 'looked-after.ceased', 'lac-review.held', 'lac-review.postponed', 'cin-plan.started', 'cin-plan.reviewed', 'cin-plan.ended', 'ombudsman.report-published', 'learning-review.completed'),
};

function stepArbitrary(types: readonly EventType[], c: Required<Pick<ChronologyConstraints, 'maxGapDays' | 'exact' | 'unordered'>>): fc.Arbitrary<Step> {
  const forms = c.exact === true ? (['exact'] as const) : c.exact === false ? VAGUE_FORMS : DATE_FORMS;
  return fc.record({
    type: fc.constantFrom(...types),
    gap: fc.integer({ min: 0, max: c.maxGapDays }),
    children: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    f: fc.array(fc.nat(12), { minLength: 8, maxLength: 8 }),
    opt: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    date: fc.record({
      form: fc.constantFrom(...forms),
      before: fc.nat(20),
      after: fc.nat(20),
      tolerance: fc.nat(3),
      months: fc.boolean(),
    }),
    unordered: c.unordered && c.exact !== true ? fc.boolean() : fc.constant(false),
  });
}

/** The choices behind a chronology (before it is built). */
export interface ChronologyPlan {
  children: number;
  start: Day;
  completeness: 'summary' | 'record';
  steps: Step[];
  /** `asOf`, in calendar days after the last event. */
  asOfAfter: number;
}

/** Build the chronology object of a plan. Pure. */
export function buildChronology(plan: ChronologyPlan): ChronologyData {
  const children = CHILD_IDS.slice(0, plan.children);
  const refs = new Refs();
  const counters = new Map<string, number>();
  const events: Fields[] = [];
  const forms: DateFormChoice[] = [];
  let day = plan.start;
  for (const step of plan.steps) {
    day += step.gap;
    let type: EventType = step.type;
    const c: FieldContext = {
      step,
      refs,
      day,
      id: '',
      f: (i) => step.f[i % step.f.length] ?? 0,
      opt: (i) => step.opt[i % step.opt.length] ?? false,
    };
    let fields: Fields | undefined = FIELDS[type](c);
    if (fields === undefined) {
      // A required reference with nothing earlier to point at.
      type = 'note';
      fields = {};
    }
    const prefix = type.replace(/[^a-z0-9]+/g, '-');
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    const id = `${prefix}-${n}`;
    const kids = children.filter((_, i) => step.children[i]);
    const event: Fields = {
      id,
      type,
      ...(type === 'omission' ? {} : { at: formatDay(day) }),
      ...(kids.length ? { children: kids } : {}),
      // `by` is any agency, except for a report considered (committee, cabinet or full council).
      ...(step.opt[7] && type !== 'report.considered' ? { by: pick(AGENCIES, step.f[7] ?? 0) } : {}),
      ...fields,
    };
    if (type !== 'omission') {
      if (step.unordered && step.date.form !== 'exact') event['unordered'] = true;
      forms.push(step.date);
    }
    events.push(event);
    refs.add(id, type);
    if (type === 'concern.raised') refs.concerns.push(String(fields['concern']));
    if (type === 'plan.action-set') refs.actions.push(String(fields['action']));
    if (type === 'ombudsman.decided') for (const r of (fields['recommendations'] as { id: string }[] | undefined) ?? []) refs.recommendations.push(r.id);
  }
  return {
    case: 'generated',
    asOf: formatDay(day + plan.asOfAfter),
    completeness: plan.completeness,
    children: children.map((id) => ({ id })),
    events: applyDateForms(events, forms),
  };
}

/** The plans behind {@link chronologyArbitrary}. */
export function chronologyPlanArbitrary(constraints: ChronologyConstraints = {}): fc.Arbitrary<ChronologyPlan> {
  const types = stepTypes(constraints);
  const { min, max } = startWindow(constraints.from, constraints.to);
  const minChildren = Math.max(1, constraints.minChildren ?? 1);
  const maxChildren = Math.min(4, constraints.maxChildren ?? 4);
  if (maxChildren < minChildren) throw new RangeError('maxChildren is less than minChildren');
  const completeness = constraints.completeness ?? 'both';
  return fc.record({
    children: fc.integer({ min: minChildren, max: maxChildren }),
    start: fc.integer({ min, max }),
    completeness: completeness === 'both' ? fc.constantFrom('summary' as const, 'record' as const) : fc.constant(completeness),
    steps: shrinkableArray(
      stepArbitrary(types, {
        maxGapDays: constraints.maxGapDays ?? 60,
        exact: constraints.exact ?? 'mixed',
        unordered: constraints.unordered ?? true,
      }),
      constraints.minEvents ?? 0,
      constraints.maxEvents ?? 20,
    ),
    asOfAfter: fc.integer({ min: 0, max: 365 }),
  });
}

/** Valid chronology objects (see the file comment). */
export function chronologyArbitrary(constraints: ChronologyConstraints = {}): fc.Arbitrary<ChronologyData> {
  return chronologyPlanArbitrary(constraints).map(buildChronology);
}
