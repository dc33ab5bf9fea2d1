/**
 * The summary of a bulk replay: throughput, findings per rule, and timeliness per
 * statutory clock (the share met in time, as national statistics report, e.g. ICPCs
 * within 15 working days).
 */
import { timeliness } from '../bulk/aggregate.js';
import type { BulkResult } from '../bulk/stream.js';
import { compareIds } from './order.js';

const n = (x: number) => x.toLocaleString('en-GB');

export function renderAggregate(result: BulkResult): string {
  const { aggregate: a, elapsedMs, workers } = result;
  const secs = elapsedMs / 1000;
  const out: string[] = [];
  out.push(`casepath bulk replay · ${n(a.cases)} cases · ${n(a.events)} events · ${a.invalidCases ? `${n(a.invalidCases)} invalid · ` : ''}${secs.toFixed(1)} s · ${n(Math.round(a.events / Math.max(secs, 0.001)))} events/s · ${workers} worker${workers === 1 ? '' : 's'}`);
  out.push('');
  const rules = Object.entries(a.findings).sort((x, y) => y[1].certain - x[1].certain || compareIds(x[0], y[0]));
  if (rules.length) {
    const w = Math.max(4, ...rules.map(([id]) => id.length));
    out.push(`${'rule'.padEnd(w)}  ${'certain'.padStart(9)}  ${'possible'.padStart(9)}  ${'cases'.padStart(9)}`);
    for (const [id, r] of rules) out.push(`${id.padEnd(w)}  ${n(r.certain).padStart(9)}  ${n(r.possible).padStart(9)}  ${n(r.cases).padStart(9)}`);
    out.push('');
  }
  const clocks = Object.entries(a.clocks).sort((x, y) => compareIds(x[0], y[0]));
  if (clocks.length) {
    const w = Math.max(5, ...clocks.map(([, c]) => c.label.length));
    out.push(`${'clock'.padEnd(w)}  ${'in time'.padStart(8)}  ${'met'.padStart(9)}  ${'late'.padStart(9)}  ${'overdue'.padStart(9)}  ${'open'.padStart(9)}  ${'closed'.padStart(9)}`);
    for (const [, c] of clocks) {
      const t = timeliness(c);
      out.push(
        `${c.label.padEnd(w)}  ${(t === undefined ? '—' : `${(100 * t).toFixed(1)}%`).padStart(8)}  ${n(c.met).padStart(9)}  ${n(c.late).padStart(9)}  ${n(c.overdue).padStart(9)}  ${n(c.open).padStart(9)}  ${n(c.closed).padStart(9)}`,
      );
    }
  }
  const unfed = Object.entries(a.notAssessable ?? {}).sort((x, y) => compareIds(x[0], y[0]));
  if (unfed.length) {
    out.push('');
    out.push("not assessable from this data (it does not record what these rules need; no finding either way):");
    for (const [rule, cases] of unfed) out.push(`  ${rule} (${n(cases)} case${cases === 1 ? '' : 's'})`);
  }
  return `${out.join('\n')}\n`;
}
