/**
 * What bulk replay keeps of each case: counts, not findings. An aggregate of a year of
 * a service's cases is small whatever the number of cases, so streaming replay runs in
 * bounded memory, and aggregates from worker threads simply add up.
 */
import { formatIssue, type Issue } from '../issues.js';
import type { ReplayResult } from '../engine/types.js';

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
}

export interface Aggregate {
  cases: number;
  events: number;
  invalidCases: number;
  /** The first invalid lines, with their issues (at most {@link MAX_SAMPLES}). */
  invalidSamples: { line: number; issues: string[] }[];
  findings: Record<string, { certain: number; possible: number; cases: number }>;
  clocks: Record<string, ClockCounts>;
}

export const MAX_SAMPLES = 20;

export function emptyAggregate(): Aggregate {
  return { cases: 0, events: 0, invalidCases: 0, invalidSamples: [], findings: {}, clocks: {} };
}

export function addResult(agg: Aggregate, result: ReplayResult, events: number): void {
  agg.cases++;
  agg.events += events;
  const seen = new Set<string>();
  for (const f of result.findings) {
    const r = (agg.findings[f.rule] ??= { certain: 0, possible: 0, cases: 0 });
    r[f.certainty]++;
    if (!seen.has(f.rule)) {
      seen.add(f.rule);
      r.cases++;
    }
  }
  for (const d of result.deadlines) {
    const c = (agg.clocks[d.rule] ??= { label: d.label, met: 0, late: 0, overdue: 0, open: 0, closed: 0 });
    if (d.status === 'met') c.met++;
    else if (d.status === 'met-late') c.late++;
    else if (d.status === 'overdue') c.overdue++;
    else if (d.status === 'open') c.open++;
    else c.closed++;
  }
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
  }
  return into;
}

/** Share of decided clocks met in time (met / (met + late + overdue)), or undefined if none. */
export function timeliness(c: ClockCounts): number | undefined {
  const decided = c.met + c.late + c.overdue;
  return decided === 0 ? undefined : c.met / decided;
}
