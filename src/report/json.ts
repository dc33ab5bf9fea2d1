/**
 * The findings document of spec §4: what `casepath replay --json` prints. Days become
 * ISO dates; free-text notes are left out unless asked for. casepath adds `version` (of the
 * document's shape) and a stable `id` per finding, so a system can follow a finding across
 * runs as a live case grows.
 */
import { createHash } from 'node:crypto';
import { formatDay } from '../calendar/day.js';
import type { CompletenessStated } from '../engine/coverage.js';
import type { Finding, MachineStates, ReplayResult } from '../engine/types.js';

/** The shape's version: bumped when a field changes meaning (fields are only ever added). */
export const FINDINGS_DOCUMENT_VERSION = 1;

export interface FindingsDocument {
  version: typeof FINDINGS_DOCUMENT_VERSION;
  case: string;
  asOf: string;
  completeness: CompletenessStated;
  /** `id`: stable across runs and as the case grows (see {@link findingId}). */
  findings: (Omit<Finding, 'at'> & { id: string; at: { earliest: string; latest: string } })[];
  timeline: {
    event: string;
    type: string;
    at: { earliest: string; latest: string };
    children: string[];
    cite?: string;
    note?: string;
    states: MachineStates;
    findings: number[];
  }[];
  deadlines: {
    rule: string;
    clock: string;
    label: string;
    children: string[];
    startedBy: string;
    due?: { earliest: string; latest: string };
    status: string;
    certainty?: string;
    metBy?: string;
    closedBy?: string;
  }[];
  summary: { certain: number; possible: number; byRule: Record<string, { certain: number; possible: number }> };
  /** (casepath addition) Rules the source's coverage cannot feed: no finding either way. */
  notAssessable: string[];
  /** (casepath addition) A full record's events lacking a field a rule reads: per field and rule, counted. */
  warnings: { rule: string; field: string; count: number }[];
}

const w = (x: { earliest: number; latest: number }) => ({ earliest: formatDay(x.earliest), latest: formatDay(x.latest) });

/**
 * A finding's stable id: a hash of the case, the rule, the event that raised it (the first
 * of its events) and which finding of that rule on that event it is (the first, the second:
 * in the order raised). Not of its children (merged in as they come), certainty, message or
 * later events (a clock met late names its meeting event only once it is recorded), so the
 * id stays the same while a live case grows.
 */
export function findingId(caseId: string, rule: string, raisedBy: string, occurrence: number): string {
  return `f-${createHash('sha256').update(`${caseId}\u0000${rule}\u0000${raisedBy}\u0000${occurrence}`).digest('hex').slice(0, 16)}`;
}

function findingIds(result: ReplayResult): string[] {
  const seen = new Map<string, number>();
  return result.findings.map((f) => {
    const key = `${f.rule}\u0000${f.events[0] ?? ''}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return findingId(result.case, f.rule, f.events[0] ?? '', n);
  });
}

export function toFindingsDocument(result: ReplayResult, options: { notes?: boolean } = {}): FindingsDocument {
  const byRule: Record<string, { certain: number; possible: number }> = {};
  for (const f of result.findings) {
    const r = (byRule[f.rule] ??= { certain: 0, possible: 0 });
    r[f.certainty]++;
  }
  const ids = findingIds(result);
  return {
    version: FINDINGS_DOCUMENT_VERSION,
    case: result.case,
    asOf: formatDay(result.asOf),
    completeness: result.completeness,
    findings: result.findings.map((f, i) => ({ id: ids[i]!, ...f, at: w(f.at) })),
    timeline: result.timeline.map((t) => ({
      event: t.event,
      type: t.type,
      at: w(t.window),
      children: t.children,
      ...(t.cite ? { cite: t.cite } : {}),
      ...(options.notes && t.note ? { note: t.note } : {}),
      states: t.states,
      findings: t.findings,
    })),
    deadlines: result.deadlines.map((d) => {
      const { due, ...rest } = d;
      return { ...rest, ...(due ? { due: w(due) } : {}) };
    }),
    summary: {
      certain: result.findings.filter((f) => f.certainty === 'certain').length,
      possible: result.findings.filter((f) => f.certainty === 'possible').length,
      byRule,
    },
    notAssessable: result.notAssessable,
    warnings: result.warnings,
  };
}
