/**
 * Statutory and local timescales as dated data (shared/domain/timescales.md).
 *
 * Each timescale has an id, a unit, a source and values keyed by the date they took
 * effect; a rule asks for the value in force on the day its clock started, never
 * today's. A local authority overrides values with an overlay (src/config.ts).
 */
import type { Day } from '../calendar/day.js';
import { type Citation, type DatedCitation, cite, citationText, isDated, lawDay, wt } from './citations.js';
import { COMPLAINT_TIMESCALES } from './timescales-complaints.js';
import { LOOKED_AFTER_TIMESCALES } from './timescales-looked-after.js';

export type TimescaleUnit = 'working-days' | 'calendar-days' | 'weeks' | 'months';

export interface DatedValue {
  /** First day the value applies (YYYY-MM-DD); omitted: for every date casepath models. */
  readonly from?: string;
  readonly value: number;
}

export type TimescaleKind = 'statute' | 'regulation' | 'statutory-guidance' | 'local-procedure' | 'best-practice' | 'ombudsman-guidance';

export interface Timescale {
  readonly id: string;
  readonly unit: TimescaleUnit;
  /** What must happen within the limit, in a few words. */
  readonly requires: string;
  /** What starts the clock. */
  readonly startsFrom: string;
  /**
   * Statute, regulation and statutory guidance are national law; the rest are typical
   * values (a local procedure, best practice, the Ombudsman's guidance): a finding that
   * rests only on one of those is at most `possible` unless the authority configures its own.
   */
  readonly kind: TimescaleKind;
  readonly source: Citation | DatedCitation;
  readonly values: readonly DatedValue[];
  /**
   * `beginning-with`: a statutory period "beginning with" the start day counts that day as
   * day 1, so N weeks end the day before the same weekday (CA 1989 s32: 26 weeks = 181 days
   * after issue). Default: the start day is day 0.
   */
  readonly counting?: 'beginning-with';
}

/** Kinds of timescale that are national law (statute, regulation, statutory guidance). */
export const NATIONAL_KINDS: ReadonlySet<TimescaleKind> = new Set(['statute', 'regulation', 'statutory-guidance']);

/** The first day of the Working Together 2013 single assessment (45 working days); earlier editions had other assessments. */
const WT2013 = '2013-04-15';

const CHILD_PROTECTION_TIMESCALES = [
  {
    id: 'referral-decision',
    unit: 'working-days',
    requires: 'decide the response to a referral',
    startsFrom: 'referral received',
    kind: 'statutory-guidance',
    source: wt('response to a referral', 'V'),
    values: [{ value: 1 }],
  },
  {
    id: 'cf-assessment',
    unit: 'working-days',
    requires: 'complete the child and family assessment (a maximum, not a target)',
    startsFrom: 'referral received',
    kind: 'statutory-guidance',
    source: wt('timeliness of assessment', 'V'),
    // The single child and family assessment came in with Working Together 2013 (before it,
    // initial and core assessments with other limits, which casepath does not encode).
    values: [{ from: WT2013, value: 45 }],
  },
  {
    id: 'icpc',
    unit: 'working-days',
    requires: 'hold the initial child protection conference',
    startsFrom: 'the strategy discussion that started s47 enquiries',
    kind: 'statutory-guidance',
    source: wt('initial child protection conference', 'V'),
    values: [{ value: 15 }],
  },
  {
    id: 'core-group-first',
    unit: 'working-days',
    requires: 'hold the first core group meeting',
    startsFrom: 'the initial conference that made the plan',
    kind: 'local-procedure',
    source: cite('LOCAL', 'e.g. Sefton 6.1.4, Newcastle 1.4.5', 'P'),
    values: [{ value: 10 }],
  },
  {
    id: 'review-conference-first',
    unit: 'months',
    requires: 'hold the first review conference',
    startsFrom: 'the initial conference',
    kind: 'statutory-guidance',
    source: wt('review conferences', 'V'),
    values: [{ value: 3 }],
  },
  {
    id: 'review-conference-next',
    unit: 'months',
    requires: 'hold the next review conference',
    startsFrom: 'the previous review conference',
    kind: 'statutory-guidance',
    source: wt('review conferences', 'V'),
    values: [{ value: 6 }],
  },
  {
    id: 'reports-before-icpc',
    unit: 'working-days',
    requires: 'share conference reports with the parent before an initial conference',
    startsFrom: 'counted back from the conference',
    kind: 'local-procedure',
    source: cite('LOCAL', 'Sussex 5.11.2, Devon one-minute guide 23 (Liverpool: 2)', 'V'),
    values: [{ value: 3 }],
  },
  {
    id: 'reports-before-review',
    unit: 'working-days',
    requires: 'share conference reports with the parent before a review conference',
    startsFrom: 'counted back from the conference',
    kind: 'local-procedure',
    source: cite('LOCAL', 'Sussex 5.11.2', 'V'),
    values: [{ value: 5 }],
  },
  {
    id: 'minutes-to-parent',
    unit: 'working-days',
    requires: "send the parent the conference's or core group's minutes or decision",
    startsFrom: 'the meeting',
    kind: 'local-procedure',
    source: cite('LOCAL', 'no national timescale found; typical local value', 'U'),
    values: [{ value: 15 }],
  },
  {
    id: 's47-outcome-to-parent',
    unit: 'working-days',
    requires: 'share the outcome of section 47 enquiries with the parent',
    startsFrom: 'the end of the enquiries',
    kind: 'local-procedure',
    source: cite('LOCAL', 'no national timescale found; typical local value', 'U'),
    values: [{ value: 10 }],
  },
  {
    id: 'conference-cancellation-notice',
    unit: 'working-days',
    requires: 'give notice of cancelling or moving a conference',
    startsFrom: 'counted back from the scheduled date',
    kind: 'local-procedure',
    source: cite('LOCAL', 'no national timescale found; typical local value', 'U'),
    values: [{ value: 5 }],
  },
  {
    id: 'parent-informed',
    unit: 'working-days',
    requires: 'tell a parent with parental responsibility of a concern about their child',
    startsFrom: 'the concern raised',
    kind: 'local-procedure',
    source: cite('LOCAL', 'no national timescale found; typical local value', 'U'),
    values: [{ value: 5 }],
  },
  {
    id: 'pre-proceedings',
    unit: 'weeks',
    requires: 'review or end pre-proceedings',
    startsFrom: 'the pre-proceedings meeting (or the previous review)',
    kind: 'best-practice',
    source: cite('PLWG', 'pre-proceedings timescale (text not found; configurable)', 'U'),
    values: [{ value: 16 }],
  },
  {
    id: 'care-proceedings',
    unit: 'weeks',
    requires: 'dispose of a care application',
    startsFrom: 'the day the application was issued (a period beginning with that day)',
    kind: 'statute',
    source: cite('CA89', 's32(1)(a)(ii), inserted by Children and Families Act 2014 s14', 'V'),
    // Commencement of CFA 2014 s14: 22 April 2014 (not confirmed in casepath's sources).
    values: [{ from: '2014-04-22', value: 26 }],
    counting: 'beginning-with',
  },
  {
    id: 'commitment-default',
    unit: 'working-days',
    requires: 'keep a commitment that gave no date of its own',
    startsFrom: 'the commitment',
    kind: 'ombudsman-guidance',
    source: cite('LGSCO', 'doing what the organisation said it would do, in good time (value configurable)', 'U'),
    values: [{ value: 20 }],
  },
] as const satisfies readonly Timescale[];

export const TIMESCALES = [...CHILD_PROTECTION_TIMESCALES, ...LOOKED_AFTER_TIMESCALES, ...COMPLAINT_TIMESCALES] as const satisfies readonly Timescale[];

/** Every timescale id: a rule or clock naming another does not compile. */
export type TimescaleId = (typeof TIMESCALES)[number]['id'];

const byId = new Map<string, Timescale>(TIMESCALES.map((t) => [t.id, t]));

export function timescale(id: TimescaleId): Timescale {
  const t = byId.get(id);
  if (!t) throw new Error(`unknown timescale ${id}`);
  return t;
}

/** Is `id` a timescale casepath knows (for a rules config's keys)? */
export function isTimescaleId(id: string): id is TimescaleId {
  return byId.has(id);
}

/** The confidence of a timescale's source (of its latest edition, for a dated source). */
export function sourceConfidence(t: Timescale): Citation['confidence'] {
  return isDated(t.source) ? t.source.editions.at(-1)?.citation.confidence : t.source.confidence;
}

/** A timescale's source as text (every edition of a dated source named). */
export function sourceText(t: Timescale): string {
  return citationText(t.source);
}

/**
 * Fill `{timescale-id}` placeholders in a title, label or description with the value in force
 * (`valueOf`, with any local overrides): `{icpc}` → "15 working days". A timescale with no
 * value in force reads "no limit in force"; unknown placeholders are left as written.
 */
export function fillTimescales(text: string, valueOf: (id: TimescaleId) => number | undefined): string {
  return text.replace(/\{([a-z0-9-]+)\}/g, (all, id: string) => {
    if (!isTimescaleId(id)) return all;
    const v = valueOf(id);
    return v === undefined ? 'no limit in force' : describeValue(timescale(id), v);
  });
}

/**
 * The value in force on `day` (the latest value whose `from` is on or before it),
 * or `undefined` when the limit did not exist yet.
 */
export function valueOn(values: readonly DatedValue[], day: Day): number | undefined {
  let best: number | undefined;
  let bestFrom = -Infinity;
  for (const v of values) {
    const from = v.from ? (lawDay(v.from) ?? -Infinity) : -Infinity;
    if (from <= day && from >= bestFrom) {
      best = v.value;
      bestFrom = from;
    }
  }
  return best;
}

export function describeValue(t: Timescale, value: number): string {
  switch (t.unit) {
    case 'working-days':
      return `${value} working day${value === 1 ? '' : 's'}`;
    case 'calendar-days':
      return `${value} day${value === 1 ? '' : 's'}`;
    case 'weeks':
      return `${value} week${value === 1 ? '' : 's'}`;
    case 'months':
      return `${value} month${value === 1 ? '' : 's'}`;
  }
}
