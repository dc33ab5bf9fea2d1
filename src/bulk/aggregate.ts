/**
 * What bulk replay keeps of each case: counts, not findings. An aggregate of a year of
 * a service's cases is small whatever the number of cases, so streaming replay runs in
 * bounded memory, and aggregates from worker threads simply add up.
 */
import { formatIssue, type Issue } from '../issues.js';
import type { Chronology, DeadlineEntry, ReplayResult } from '../engine/types.js';
// A type only: the renderers and the main thread of a bulk replay import this module, and
// must not load the calendar's holiday tables (date-holidays) to count aggregates.
import type { WorkingCalendar } from '../calendar/working-days.js';

/**
 * Bands of working days taken to meet a clock, as the DfE reports assessment durations
 * (same day, 1–10, 11–15, ..., 41–45, 46–50, 51–60, 61+).
 */
export const DURATION_BANDS = ['same day', '1–10', '11–15', '16–20', '21–25', '26–30', '31–35', '36–40', '41–45', '46–50', '51–60', '61+'] as const;
export type DurationBand = (typeof DURATION_BANDS)[number];

export function bandOf(workingDays: number): DurationBand {
  if (workingDays <= 0) return 'same day';
  if (workingDays <= 10) return '1–10';
  if (workingDays <= 50) return DURATION_BANDS[Math.ceil((workingDays - 10) / 5) + 1]!;
  return workingDays <= 60 ? '51–60' : '61+';
}

/** Most children listed per rule among those with a certain finding (all are counted). */
export const MAX_LISTED_CHILDREN = 25;

export interface ClockCounts {
  label: string;
  /** Met within the timescale. */
  met: number;
  /** Met after the timescale. */
  late: number;
  /** Not met and past due at asOf. */
  overdue: number;
  /** Not met and not yet due at asOf. */
  open: number;
  /** Made unnecessary by a recorded fact. */
  closed: number;
  /**
   * Working days from the clock's start to the step that met it (in time or late), in
   * {@link DURATION_BANDS}; only clocks whose start and meeting are exact days. Absent in
   * aggregates made before it existed.
   */
  bands?: Partial<Record<DurationBand, number>>;
}

/** Children with a certain finding of a rule: counted, and the first few listed as `case/child` (the input's pseudonymous ids). */
export interface CertainChildren {
  count: number;
  listed: string[];
}

export interface Aggregate {
  cases: number;
  events: number;
  invalidCases: number;
  /** The first invalid lines, with their issues (at most {@link MAX_SAMPLES}). */
  invalidSamples: { line: number; issues: string[] }[];
  findings: Record<string, { certain: number; possible: number; cases: number }>;
  clocks: Record<string, ClockCounts>;
  /** By rule. */
  certainChildren: Record<string, CertainChildren>;
  /** Rules the data could not feed (its coverage records none of what they need): cases, by rule. */
  notAssessable: Record<string, number>;
}

export const MAX_SAMPLES = 20;

export function emptyAggregate(): Aggregate {
  return { cases: 0, events: 0, invalidCases: 0, invalidSamples: [], findings: {}, clocks: {}, certainChildren: {}, notAssessable: {} };
}

/**
 * Fold one case's result into the aggregate. With its `chronology` and `calendar` (the
 * rules config's, England's by default), the working days each met clock took are banded.
 */
export function addResult(agg: Aggregate, result: ReplayResult, events: number, chronology?: Chronology, calendar?: WorkingCalendar): void {
  agg.cases++;
  agg.events += events;
  for (const rule of result.notAssessable) agg.notAssessable[rule] = (agg.notAssessable[rule] ?? 0) + 1;
  // Each part a function of its own: this runs per case, and small functions are compiled (and recompiled) cheaply.
  if (result.findings.length) addFindings(agg, result);
  for (const d of result.deadlines) addDeadline(agg, d, chronology, calendar);
}

function addFindings(agg: Aggregate, result: ReplayResult): void {
  const seen = new Set<string>();
  const certain = new Map<string, Set<string>>();
  for (const f of result.findings) {
    const r = (agg.findings[f.rule] ??= { certain: 0, possible: 0, cases: 0 });
    r[f.certainty]++;
    if (!seen.has(f.rule)) {
      seen.add(f.rule);
      r.cases++;
    }
    if (f.certainty === 'certain') {
      let set = certain.get(f.rule);
      if (!set) certain.set(f.rule, (set = new Set()));
      for (const c of f.children) set.add(c);
    }
  }
  for (const [rule, children] of certain) {
    const t = (agg.certainChildren[rule] ??= { count: 0, listed: [] });
    t.count += children.size;
    for (const c of children) if (t.listed.length < MAX_LISTED_CHILDREN) t.listed.push(`${result.case}/${c}`);
  }
}

function addDeadline(agg: Aggregate, d: DeadlineEntry, chronology: Chronology | undefined, calendar: WorkingCalendar | undefined): void {
  const c = (agg.clocks[d.rule] ??= { label: d.label, met: 0, late: 0, overdue: 0, open: 0, closed: 0 });
  if (d.status === 'met') c.met++;
  else if (d.status === 'met-late') c.late++;
  else if (d.status === 'overdue') c.overdue++;
  else if (d.status === 'open') c.open++;
  else c.closed++;
  if (chronology && calendar && d.metBy !== undefined && (d.status === 'met' || d.status === 'met-late')) addBand(c, d.startedBy, d.metBy, chronology, calendar);
}

/** The working days a clock took, banded, where its start and the step that met it are exact days. */
function addBand(c: ClockCounts, startedBy: string, metBy: string, chronology: Chronology, calendar: WorkingCalendar): void {
  const dates = chronology.dates;
  const a = dates.indexOf(startedBy);
  const b = dates.indexOf(metBy);
  if (a === undefined || b === undefined) return;
  const start = dates.earliest(a);
  const end = dates.earliest(b);
  if (start !== dates.latest(a) || end !== dates.latest(b) || end < start) return;
  const band = bandOf(calendar.countWorkingDays(start, end));
  const bands = (c.bands ??= {});
  bands[band] = (bands[band] ?? 0) + 1;
}

export function addInvalid(agg: Aggregate, line: number, issues: readonly Issue[]): void {
  agg.invalidCases++;
  if (agg.invalidSamples.length < MAX_SAMPLES) agg.invalidSamples.push({ line, issues: issues.map(formatIssue) });
}

export function mergeAggregates(into: Aggregate, from: Aggregate): Aggregate {
  into.cases += from.cases;
  into.events += from.events;
  into.invalidCases += from.invalidCases;
  for (const s of from.invalidSamples) if (into.invalidSamples.length < MAX_SAMPLES) into.invalidSamples.push(s);
  into.invalidSamples.sort((a, b) => a.line - b.line);
  for (const [rule, cases] of Object.entries(from.notAssessable ?? {})) into.notAssessable[rule] = (into.notAssessable[rule] ?? 0) + cases;
  for (const [rule, r] of Object.entries(from.findings)) {
    const t = (into.findings[rule] ??= { certain: 0, possible: 0, cases: 0 });
    t.certain += r.certain;
    t.possible += r.possible;
    t.cases += r.cases;
  }
  for (const [rule, c] of Object.entries(from.clocks)) {
    const t = (into.clocks[rule] ??= { label: c.label, met: 0, late: 0, overdue: 0, open: 0, closed: 0 });
    t.met += c.met;
    t.late += c.late;
    t.overdue += c.overdue;
    t.open += c.open;
    t.closed += c.closed;
    for (const [band, n] of Object.entries(c.bands ?? {}) as [DurationBand, number][]) {
      const bands = (t.bands ??= {});
      bands[band] = (bands[band] ?? 0) + n;
    }
  }
  for (const [rule, c] of Object.entries(from.certainChildren ?? {})) {
    const t = (into.certainChildren[rule] ??= { count: 0, listed: [] });
    t.count += c.count;
    for (const id of c.listed) if (t.listed.length < MAX_LISTED_CHILDREN) t.listed.push(id);
  }
  return into;
}

/** Share of decided clocks met in time (met / (met + late + overdue)), or undefined if none. */
export function timeliness(c: ClockCounts): number | undefined {
  const decided = c.met + c.late + c.overdue;
  return decided === 0 ? undefined : c.met / decided;
}
