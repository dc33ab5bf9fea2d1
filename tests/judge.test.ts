/**
 * `judge` (src/engine/clocks.ts) takes a short path when the anchor and the end are both
 * exact days. It must give what walking every anchor day with the solver's difference
 * bounds gives (the reference below, the general loop on its own), for exact and vague
 * dates, a deadline on or before or after the end, and a clock with no deadline.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { parseDay } from '../src/calendar/day.js';
import { type DateNode, type ResolvedDates, resolveDates } from '../src/dates/resolve.js';
import { judge } from '../src/engine/clocks.js';
import { formatWindow } from '../src/schema/dates.js';
import { propertyRuns } from './property-runs.js';

function reference(dates: ResolvedDates, anchor: number, end: number, due: (a: number) => number) {
  let anyLate = false;
  let allLate = true;
  let dueMin = Infinity;
  let dueMax = -Infinity;
  let feasible = false;
  const ea = dates.earliest(anchor);
  const la = dates.latest(anchor);
  for (let a = ea; a <= la; a++) {
    const d = due(a);
    dueMin = Math.min(dueMin, d);
    dueMax = Math.max(dueMax, d);
    const [dmin, dmax] = dates.diff(anchor, end);
    const lo = Math.max(dates.earliest(end), a + dmin);
    const hi = Math.min(dates.latest(end), a + dmax);
    if (lo > hi) continue;
    feasible = true;
    if (hi > d) anyLate = true;
    if (!(lo > d)) allLate = false;
  }
  if (!feasible) allLate = false;
  return { late: anyLate ? (allLate ? 'certain' : 'possible') : undefined, due: { earliest: Number.isFinite(dueMin) ? dueMin : ea, latest: Number.isFinite(dueMax) ? dueMax : la } };
}

const BASE = parseDay('2024-03-01')!;
const node = (key: string, from: number, to: number): DateNode => ({ key, eventId: key, path: 'at', at: { kind: 'absolute', from, to, text: formatWindow(from, to) }, ordered: true });

function solved(nodes: DateNode[]): ResolvedDates {
  const r = resolveDates(nodes, 'case.yaml');
  if (!r.ok) throw new Error('unsolvable');
  return r.dates;
}

describe('judge gives what walking every anchor day gives', () => {
  fcTest.prop(
    [fc.nat(60), fc.nat(3), fc.nat(60), fc.nat(3), fc.option(fc.integer({ min: -5, max: 70 }), { nil: undefined })],
    { numRuns: propertyRuns() },
  )('anchor and end exact or vague, any deadline', (a, aw, gap, ew, offset) => {
    const from = BASE + a;
    const dates = solved([node('start', from, from + aw), node('end', from + gap, from + gap + Math.max(aw, ew))]);
    const due = offset === undefined ? () => Number.POSITIVE_INFINITY : (d: number) => d + offset;
    expect(judge(dates, 0, { node: 1 }, due)).toEqual(reference(dates, 0, 1, due));
  });

  test('exact days: late, on the day, and no deadline', () => {
    const dates = solved([node('start', BASE, BASE), node('end', BASE + 10, BASE + 10)]);
    expect(judge(dates, 0, { node: 1 }, (d) => d + 9)).toEqual({ late: 'certain', due: { earliest: BASE + 9, latest: BASE + 9 } });
    expect(judge(dates, 0, { node: 1 }, (d) => d + 10)).toEqual({ late: undefined, due: { earliest: BASE + 10, latest: BASE + 10 } });
    expect(judge(dates, 0, { node: 1 }, () => Number.POSITIVE_INFINITY)).toEqual({ late: undefined, due: { earliest: BASE, latest: BASE } });
  });
});
