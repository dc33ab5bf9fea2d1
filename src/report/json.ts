/**
 * The findings document of spec §4: what `casepath replay --json` prints. Days become
 * ISO dates; free-text notes are left out unless asked for.
 */
import { formatDay } from '../calendar/day.js';
import type { CompletenessStated } from '../engine/coverage.js';
import type { Finding, MachineStates, ReplayResult } from '../engine/types.js';

export interface FindingsDocument {
  case: string;
  asOf: string;
  completeness: CompletenessStated;
  findings: (Omit<Finding, 'at'> & { at: { earliest: string; latest: string } })[];
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
}

const w = (x: { earliest: number; latest: number }) => ({ earliest: formatDay(x.earliest), latest: formatDay(x.latest) });

export function toFindingsDocument(result: ReplayResult, options: { notes?: boolean } = {}): FindingsDocument {
  const byRule: Record<string, { certain: number; possible: number }> = {};
  for (const f of result.findings) {
    const r = (byRule[f.rule] ??= { certain: 0, possible: 0 });
    r[f.certainty]++;
  }
  return {
    case: result.case,
    asOf: formatDay(result.asOf),
    completeness: result.completeness,
    findings: result.findings.map((f) => ({ ...f, at: w(f.at) })),
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
  };
}
