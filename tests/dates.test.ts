/**
 * The date solver (spec §1 "Dates"): durations spanning every day count they can
 * mean, narrowing of vague dates by each other and by listing order, the issues for
 * unknown anchors, unplaceable and contradictory dates, and properties checking the
 * solver against random true chronologies and brute-force enumeration.
 */
import { describe, expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { formatDay, parseDay } from '../src/calendar/day.js';
import { durationDayRange } from '../src/dates/durations.js';
import { DateNetwork, type DateNode, FULL_NETWORK_LIMIT, type ResolvedDates, resolveDates } from '../src/dates/resolve.js';
import { type AbsoluteDate, type DateSpec, type RelativeDate, formatWindow, parseDateText } from '../src/schema/dates.js';
import { propertyRuns } from './property-runs.js';

const RUNS = propertyRuns();

const on = (text: string): AbsoluteDate => parseDateText(text)!;
const window = (from: number, to: number): AbsoluteDate => ({ kind: 'absolute', from, to, text: formatWindow(from, to) });
const rel = (direction: 'after' | 'before', anchor: string, offset: string, tolerance?: string): RelativeDate => ({
  kind: 'relative',
  anchor,
  direction,
  offset,
  ...(tolerance ? { tolerance } : {}),
  text: `${offset} ${direction} ${anchor}`,
});
const ev = (id: string, at: DateSpec, ordered = true): DateNode => ({ key: id, eventId: id, path: 'at', at, ordered });

function solve(nodes: DateNode[]): ResolvedDates {
  const r = resolveDates(nodes, 'case.yaml');
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.dates;
}

describe('the index of date keys', () => {
  test('a key given twice is found at its first node, exact or vague', () => {
    const exact = solve([ev('a', on('2024-01-01')), ev('b', on('2024-01-02')), ev('a', on('2024-01-03'))]);
    expect([exact.indexOf('a'), exact.indexOf('b'), exact.indexOf('c')]).toEqual([0, 1, undefined]);
    const vague = solve([ev('a', on('2024-01')), ev('b', on('2024-02-02')), ev('a', on('2024-03-03'))]);
    expect([vague.indexOf('a'), vague.indexOf('b')]).toEqual([0, 1]);
  });
});

function range(dates: ResolvedDates, key: string): [string, string] {
  const i = dates.indexOf(key)!;
  return [formatDay(dates.earliest(i)), formatDay(dates.latest(i))];
}

function issuesOf(nodes: DateNode[]) {
  const r = resolveDates(nodes, 'case.yaml');
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

describe('durationDayRange', () => {
  test('weeks and days are exact', () => {
    expect(durationDayRange('P1W')).toEqual([7, 7]);
    expect(durationDayRange('P3D')).toEqual([3, 3]);
    expect(durationDayRange('P1W2D')).toEqual([9, 9]);
  });

  test('a months offset spans every day count it can mean', () => {
    expect(durationDayRange('P1M')).toEqual([28, 31]);
    expect(durationDayRange('P2M')).toEqual([59, 62]);
    expect(durationDayRange('P1Y')).toEqual([365, 366]);
    // P1M then two days: 28..31 + 2.
    expect(durationDayRange('P1M2D')).toEqual([30, 33]);
  });

  test('a duration with a time of day is rejected', () => {
    expect(() => durationDayRange('PT5H')).toThrow(/time component/);
    expect(() => durationDayRange('P1DT2H')).toThrow(/time component/);
    expect(() => durationDayRange('soon')).toThrow(/not an ISO 8601 duration/);
  });
});

describe('resolveDates', () => {
  test('an August anchor late in the file narrows a two-months-earlier event', () => {
    const dates = solve([
      ev('e1', on('2023')),
      ev('e2', rel('before', 'e3', 'P2M')),
      ev('e3', on('2023-08')),
    ]);
    // e3 ∈ [Aug 1, Aug 31] and e3 - e2 ∈ [59, 62] (P2M), so
    // e2 ≥ Aug 1 - 62 = May 31 and e2 ≤ Aug 31 - 59 = Jul 3.
    expect(range(dates, 'e2')).toEqual(['2023-05-31', '2023-07-03']);
    // e1 is listed before e2, so it can be no later than Jul 3.
    expect(range(dates, 'e1')).toEqual(['2023-01-01', '2023-07-03']);
    expect(range(dates, 'e3')).toEqual(['2023-08-01', '2023-08-31']);
    expect(dates.diff(1, 2)).toEqual([59, 62]);
    expect(dates.exact).toBe(false);
  });

  test('listing order narrows an earlier vague event', () => {
    const dates = solve([ev('a', on('2023')), ev('b', on('2023-03-14')), ev('c', on('2023-03'))]);
    expect(range(dates, 'a')).toEqual(['2023-01-01', '2023-03-14']);
    expect(range(dates, 'c')).toEqual(['2023-03-14', '2023-03-31']);
    // c - a: at least 0 (a on Mar 14, c on Mar 14), at most Mar 31 - Jan 1 = 89 days.
    expect(dates.diff(0, 2)).toEqual([0, 89]);
  });

  test('an event outside the listing order is not narrowed by it', () => {
    const dates = solve([ev('a', on('2023-06-01')), ev('s', on('2023'), false), ev('b', on('2023-07-01'))]);
    expect(range(dates, 's')).toEqual(['2023-01-01', '2023-12-31']);
  });

  test('an exact-dated chronology takes the fast path and diff is exact', () => {
    const dates = solve([ev('a', on('2023-03-01')), ev('b', on('2023-03-01')), ev('c', on('2023-04-02'))]);
    expect(dates.exact).toBe(true);
    expect(dates.keys).toEqual(['a', 'b', 'c']);
    expect(dates.indexOf('c')).toBe(2);
    expect(dates.indexOf('zzz')).toBeUndefined();
    expect(dates.diff(0, 2)).toEqual([32, 32]);
    expect(dates.diff(2, 0)).toEqual([-32, -32]);
    expect(range(dates, 'b')).toEqual(['2023-03-01', '2023-03-01']);
  });

  test('vague dates that pin each other down resolve as exact', () => {
    const dates = solve([ev('a', on('2023-03-14')), ev('b', rel('after', 'a', 'P1W'))]);
    expect(dates.exact).toBe(true);
    expect(range(dates, 'b')).toEqual(['2023-03-21', '2023-03-21']);
  });

  test('a relative date after an event allows its tolerance either side', () => {
    const dates = solve([ev('a', on('2023-03-14')), ev('b', rel('after', 'a', 'P1W', 'P2D'))]);
    // Mar 14 + 7 ± 2 days.
    expect(range(dates, 'b')).toEqual(['2023-03-19', '2023-03-23']);
    expect(dates.diff(0, 1)).toEqual([5, 9]);
  });

  test('a relative date narrows its anchor in turn', () => {
    const dates = solve([ev('a', on('2023-03')), ev('b', rel('after', 'a', 'P1W')), ev('c', on('2023-03-10'))]);
    // b = a + 7 and b ≤ c = Mar 10 (listing order), so a ≤ Mar 3.
    expect(range(dates, 'a')).toEqual(['2023-03-01', '2023-03-03']);
    expect(range(dates, 'b')).toEqual(['2023-03-08', '2023-03-10']);
  });

  test('a months offset spans 59 to 62 days for P2M', () => {
    const dates = solve([ev('a', on('2023-01-15')), ev('b', rel('after', 'a', 'P2M'))]);
    // Jan 15 + 59 = Mar 15, Jan 15 + 62 = Mar 18.
    expect(range(dates, 'b')).toEqual(['2023-03-15', '2023-03-18']);
    expect(dates.diff(0, 1)).toEqual([59, 62]);
  });

  test('extra dates of an event take part without being listed', () => {
    const nodes: DateNode[] = [
      ev('sched', on('2023-05-02')),
      { key: 'sched#for', eventId: 'sched', path: 'for', at: rel('after', 'sched', 'P2W', 'P1D'), ordered: false },
      ev('held', on('2023-05')),
    ];
    const dates = solve(nodes);
    expect(range(dates, 'sched#for')).toEqual(['2023-05-15', '2023-05-17']);
  });

  test('an unknown anchor is reported with the missing id', () => {
    const issues = issuesOf([ev('a', on('2023-03-14')), ev('b', rel('after', 'nobody', 'P1W'))]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'unknown-reference', file: 'case.yaml', eventId: 'b', path: 'at.after' });
    expect(issues[0].message).toContain('nobody');
  });

  test('a date tied to no calendar date cannot be placed in time', () => {
    const issues = issuesOf([
      ev('a', on('2023-03-14')),
      ev('x', rel('after', 'y', 'P1W'), false),
      ev('y', rel('before', 'x', 'P1W'), false),
    ]);
    expect(issues.map((i) => [i.code, i.eventId])).toEqual([
      ['bad-date', 'x'],
      ['bad-date', 'y'],
    ]);
  });

  test('a contradiction between an absolute date and listing order names both events', () => {
    for (const extra of [[], [ev('later', on('2023'))]]) {
      const issues = issuesOf([ev('y', on('2023-04-02')), ev('x', on('2023-03-01')), ...extra]);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ code: 'contradictory-dates', eventId: 'x', path: 'at', related: ['y', 'x'] });
      expect(issues[0].message).toBe('x is dated 2023-03-01 but listed after y, dated 2023-04-02');
    }
  });

  test('a cycle of relative dates that contradicts is reported with the events in the cycle', () => {
    const issues = issuesOf([
      ev('start', on('2023-01-01')),
      ev('a', rel('after', 'c', 'P1W')),
      ev('b', rel('after', 'a', 'P1W')),
      ev('c', rel('after', 'b', 'P1W')),
      ev('end', on('2023-12-31')),
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0].code).toBe('contradictory-dates');
    expect(issues[0].related).toEqual(['a', 'b', 'c']);
    expect(issues[0].message).toContain('a must be P1W after c');
    // a ≥ c + 7 and c ≥ b + 7, so a ≥ b + 14; the cycle closes through b's own
    // offset or through b being listed after a.
    expect(issues[0].message).toMatch(/^these dates contradict each other: /);
    expect(issues[0].message).toContain('c must be P1W after b');
    expect(issues[0].message).toMatch(/b must be P1W after a|b is listed after a/);
  });

  test('a relative date that contradicts an absolute one names only the events involved', () => {
    const issues = issuesOf([
      ev('a', on('2023-03-01')),
      ev('noise', on('2023-03')),
      ev('b', rel('after', 'a', 'P2M')),
      ev('c', on('2023-04-01')),
    ]);
    expect(issues).toHaveLength(1);
    // b ≥ Mar 1 + 59 = Apr 29 but b ≤ c = Apr 1 by listing order.
    expect(issues[0].related).toEqual(['a', 'b', 'c']);
    expect(issues[0].eventId).toBe('c');
    expect(issues[0].message).toContain('b must be P2M after a (59 to 62 days)');
    expect(issues[0].message).toContain('c is listed after b');
  });

  test('all issues are reported, not just the first', () => {
    const issues = issuesOf([
      ev('a', on('2023-05-01')),
      ev('b', on('2023-04-01')),
      ev('c', rel('after', 'ghost', 'P1D')),
      ev('d', on('2023-08')),
      ev('e', on('2023-07-01')),
    ]);
    expect(issues.map((i) => [i.code, i.eventId])).toEqual([
      ['unknown-reference', 'c'],
      ['contradictory-dates', 'b'],
      ['contradictory-dates', 'e'],
    ]);
    expect(issues[2].related).toEqual(['d', 'e']);
  });

  test('the fast path reports every listing-order contradiction', () => {
    const issues = issuesOf([
      ev('a', on('2023-05-01')),
      ev('b', on('2023-04-01')),
      ev('c', on('2023-08-01')),
      ev('d', on('2023-07-01')),
    ]);
    expect(issues.map((i) => i.related)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  test('a chronology of more than FULL_NETWORK_LIMIT dates gets the same bounds from the Bellman–Ford fallback', () => {
    const d0 = parseDay('2023-01-01')!;
    for (const n of [FULL_NETWORK_LIMIT - 20, FULL_NETWORK_LIMIT + 20, 320]) {
      // t_0 = d0; t_i - t_{i-1} ∈ [1, 3]; the last event lies in [d0, d0 + 2(n - 1)] and is listed last.
      const nodes: DateNode[] = [ev('n0', on('2023-01-01'))];
      for (let i = 1; i < n - 1; i++) nodes.push(ev(`n${i}`, rel('after', `n${i - 1}`, 'P2D', 'P1D')));
      nodes.push(ev(`n${n - 1}`, window(d0, d0 + 2 * (n - 1))));
      const dates = solve(nodes);
      for (let i = 0; i < n - 1; i++) {
        expect(dates.earliest(i)).toBe(d0 + i);
        expect(dates.latest(i)).toBe(d0 + Math.min(3 * i, n + i));
      }
      expect(dates.earliest(n - 1)).toBe(d0 + n - 2);
      expect(dates.latest(n - 1)).toBe(d0 + 2 * (n - 1));
      const [lo, hi] = dates.diff(1, 2);
      expect(lo).toBeLessThanOrEqual(1);
      expect(hi).toBeGreaterThanOrEqual(3);
    }
  });
});

// ---------------------------------------------------------------------------
// Properties: random chronologies built around a known true assignment.

const BASE = parseDay('2023-01-01')!;

interface Shape {
  truth: number;
  ordered: boolean;
  rankKey: number;
  relative: boolean;
  pick: number;
  before: number;
  after: number;
  jitter: number;
  slack: number;
  unit: 'D' | 'W' | 'M';
}

interface Instance {
  nodes: DateNode[];
  /** True day of each node. */
  days: number[];
  /** Node indices, anchors before the nodes relative to them. */
  topo: number[];
}

const shapeArb = (span: number, width: number): fc.Arbitrary<Shape> =>
  fc.record({
    truth: fc.integer({ min: 0, max: span }),
    ordered: fc.boolean(),
    rankKey: fc.nat(1000),
    relative: fc.boolean(),
    pick: fc.nat(100),
    before: fc.nat(width),
    after: fc.nat(width),
    jitter: fc.integer({ min: -3, max: 3 }),
    slack: fc.nat(2),
    unit: fc.constantFrom<Shape['unit'][]>('D', 'D', 'W', 'M'),
  });

/** A relative date from `anchorDay` that `day` satisfies. */
function relativeFor(anchor: string, anchorDay: number, day: number, s: Shape): RelativeDate {
  const delta = day - anchorDay;
  const direction = delta >= 0 ? 'after' : 'before';
  const d = Math.abs(delta);
  let offset: string;
  let len: number;
  if (s.unit === 'M' && d >= 28 && d <= 31) {
    offset = 'P1M';
    len = d;
  } else if (s.unit === 'W') {
    const w = Math.round(d / 7);
    offset = `P${w}W`;
    len = 7 * w;
  } else {
    len = Math.max(0, d + s.jitter);
    offset = `P${len}D`;
  }
  const tol = Math.abs(d - len) + s.slack;
  return rel(direction, anchor, offset, tol ? `P${tol}D` : undefined);
}

/** Lies about one node's day, and may list events out of order, to make contradictions. */
interface Perturbation {
  sort: boolean;
  node: number;
  shift: number;
}

function build(shapes: Shape[], width: number, perturb?: Perturbation): Instance {
  const n = shapes.length;
  const days = shapes.map((s) => BASE + s.truth);
  const orderedAt = shapes.flatMap((s, i) => (s.ordered ? [i] : []));
  const sorted = orderedAt.map((i) => days[i]).sort((a, b) => a - b);
  if (!perturb || perturb.sort) orderedAt.forEach((i, k) => (days[i] = sorted[k]));
  const liar = perturb ? perturb.node % n : -1;
  const topo = shapes.map((_, i) => i).sort((a, b) => shapes[a].rankKey - shapes[b].rankKey || a - b);
  const nodes: DateNode[] = new Array(n);
  topo.forEach((i, r) => {
    const s = shapes[i];
    const day = i === liar ? days[i] + perturb!.shift : days[i];
    let at: DateSpec;
    if (r === 0 || !s.relative) {
      const before = Math.min(s.before, width);
      at = window(day - before, day + Math.min(s.after, width - before));
    } else {
      const j = topo[s.pick % r];
      at = relativeFor(`n${j}`, days[j], day, s);
    }
    nodes[i] = ev(`n${i}`, at, s.ordered);
  });
  return { nodes, days, topo };
}

const instanceArb = (maxN: number, span: number, width: number): fc.Arbitrary<Instance> =>
  fc.array(shapeArb(span, width), { minLength: 1, maxLength: maxN }).map((shapes) => build(shapes, width));

function expectContains(dates: ResolvedDates, days: number[]): void {
  for (let i = 0; i < days.length; i++) {
    expect(dates.earliest(i)).toBeLessThanOrEqual(days[i]);
    expect(dates.latest(i)).toBeGreaterThanOrEqual(days[i]);
    for (let j = 0; j < days.length; j++) {
      const [lo, hi] = dates.diff(i, j);
      expect(lo).toBeLessThanOrEqual(days[j] - days[i]);
      expect(hi).toBeGreaterThanOrEqual(days[j] - days[i]);
    }
  }
}

/**
 * Satisfying assignments, enumerated in anchor-first order; calls `visit` on each, except
 * that the last node visits only the two ends of its interval of values.
 */
function enumerate(inst: Instance, visit: (t: Int32Array) => void): void {
  const { nodes, topo } = inst;
  const n = nodes.length;
  const t = new Int32Array(n);
  const rank = new Int32Array(n);
  topo.forEach((i, r) => (rank[i] = r));
  const pairs: [number, number][] = [];
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (!nodes[i].ordered) continue;
    if (prev >= 0) pairs.push([prev, i]);
    prev = i;
  }
  // Listing pairs to check once the later-ranked of the two is assigned.
  const checks: [number, number][][] = topo.map(() => []);
  for (const [p, q] of pairs) checks[Math.max(rank[p], rank[q])].push([p, q]);
  const step = (r: number): void => {
    if (r === n) return visit(t);
    const i = topo[r];
    const at = nodes[i].at;
    let lo: number;
    let hi: number;
    if (at.kind === 'absolute') {
      lo = at.from;
      hi = at.to;
    } else {
      const a = t[Number(at.anchor.slice(1))];
      const [min, max] = durationDayRange(at.offset);
      const tol = at.tolerance ? durationDayRange(at.tolerance)[1] : 0;
      [lo, hi] = at.direction === 'after' ? [a + min - tol, a + max + tol] : [a - max - tol, a - min + tol];
    }
    if (r === n - 1) {
      // The last node's constraints all involve assigned nodes, so its values form an
      // interval; extremes of every day and difference are reached at its ends.
      for (const [p, q] of checks[r]) {
        if (p === i) hi = Math.min(hi, t[q]);
        else lo = Math.max(lo, t[p]);
      }
      if (lo > hi) return;
      t[i] = lo;
      visit(t);
      if (hi > lo) {
        t[i] = hi;
        visit(t);
      }
      return;
    }
    for (let v = lo; v <= hi; v++) {
      t[i] = v;
      if (checks[r].every(([p, q]) => t[p] <= t[q])) step(r + 1);
    }
  };
  step(0);
}

describe('resolveDates properties', () => {
  fcTest.prop([instanceArb(8, 120, 30)], { numRuns: RUNS })(
    'every true day lies within its resolved window and every true difference within diff',
    (inst) => {
      const r = resolveDates(inst.nodes, 'case.yaml');
      if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
      expectContains(r.dates, inst.days);
    },
  );

  fcTest.prop([instanceArb(5, 20, 20)], { numRuns: RUNS })(
    'on small chronologies the windows and differences equal those found by brute force',
    (inst) => {
      const n = inst.nodes.length;
      const r = resolveDates(inst.nodes, 'case.yaml');
      if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
      const min = new Float64Array(n).fill(Infinity);
      const max = new Float64Array(n).fill(-Infinity);
      const dmin = new Float64Array(n * n).fill(Infinity);
      const dmax = new Float64Array(n * n).fill(-Infinity);
      enumerate(inst, (t) => {
        for (let i = 0; i < n; i++) {
          if (t[i] < min[i]) min[i] = t[i];
          if (t[i] > max[i]) max[i] = t[i];
          for (let j = 0; j < n; j++) {
            const d = t[j] - t[i];
            if (d < dmin[i * n + j]) dmin[i * n + j] = d;
            if (d > dmax[i * n + j]) dmax[i * n + j] = d;
          }
        }
      });
      for (let i = 0; i < n; i++) {
        expect([r.dates.earliest(i), r.dates.latest(i)]).toEqual([min[i], max[i]]);
        for (let j = 0; j < n; j++) expect(r.dates.diff(i, j)).toEqual([dmin[i * n + j], dmax[i * n + j]]);
      }
    },
  );

  const perturbedArb = fc
    .tuple(
      fc.array(shapeArb(20, 20), { minLength: 1, maxLength: 5 }),
      fc.record({ sort: fc.boolean(), node: fc.nat(10), shift: fc.integer({ min: -25, max: 25 }) }),
    )
    .map(([shapes, perturb]) => build(shapes, 20, perturb));

  fcTest.prop([perturbedArb], { numRuns: RUNS })(
    'a contradiction is reported exactly when brute force finds no assignment',
    (inst) => {
      let satisfiable = false;
      enumerate(inst, () => (satisfiable = true));
      const r = resolveDates(inst.nodes, 'case.yaml');
      expect(r.ok).toBe(satisfiable);
      if (!r.ok) {
        expect(r.issues.length).toBeGreaterThan(0);
        for (const issue of r.issues) {
          expect(issue.code).toBe('contradictory-dates');
          expect(issue.related!.length).toBeGreaterThan(0);
          expect(issue.related).toContain(issue.eventId);
        }
      }
    },
  );

  const extraArb = fc.record({
    shape: shapeArb(120, 30),
    insert: fc.boolean(),
    position: fc.nat(100),
    target: fc.nat(100),
  });

  fcTest.prop([instanceArb(8, 120, 30), extraArb], { numRuns: RUNS })(
    'adding a constraint never widens any window',
    (inst, extra) => {
      const before = resolveDates(inst.nodes, 'case.yaml');
      if (!before.ok) throw new Error(before.issues.map((i) => i.message).join('\n'));
      const n = inst.nodes.length;
      const nodes = inst.nodes.slice();
      const s = extra.shape;
      if (extra.insert) {
        // A new event consistent with the true days, listed where its day allows.
        const pos = extra.position % (n + 1);
        let lo = BASE - 200;
        let hi = BASE + 320;
        for (let i = 0; i < n; i++) {
          if (!nodes[i].ordered) continue;
          if (i < pos) lo = Math.max(lo, inst.days[i]);
          else hi = Math.min(hi, inst.days[i]);
        }
        const day = s.ordered ? lo + (s.truth % (hi - lo + 1)) : BASE + s.truth;
        const anchor = extra.target % n;
        const at = s.relative
          ? relativeFor(`n${anchor}`, inst.days[anchor], day, s)
          : window(day - s.before, day + s.after);
        nodes.splice(pos, 0, ev('extra', at, s.ordered));
      } else {
        // A narrower window around the true day for one absolute date.
        const i = extra.target % n;
        const at = nodes[i].at;
        if (at.kind === 'absolute') {
          const from = Math.max(at.from, inst.days[i] - s.before);
          const to = Math.min(at.to, inst.days[i] + s.after);
          nodes[i] = { ...nodes[i], at: window(from, to) };
        }
      }
      const after = resolveDates(nodes, 'case.yaml');
      if (!after.ok) throw new Error(after.issues.map((i) => i.message).join('\n'));
      const a = before.dates;
      const b = after.dates;
      for (let i = 0; i < n; i++) {
        const bi = b.indexOf(`n${i}`)!;
        expect(b.earliest(bi)).toBeGreaterThanOrEqual(a.earliest(i));
        expect(b.latest(bi)).toBeLessThanOrEqual(a.latest(i));
        for (let j = 0; j < n; j++) {
          const bj = b.indexOf(`n${j}`)!;
          const [lo, hi] = a.diff(i, j);
          const [lo2, hi2] = b.diff(bi, bj);
          expect(lo2).toBeGreaterThanOrEqual(lo);
          expect(hi2).toBeLessThanOrEqual(hi);
        }
      }
    },
  );
});

/** `nodes` added to a network one at a time, solving whole again where the network cannot grow (as the live monitor does). */
function grownOneByOne(nodes: readonly DateNode[]): { dates: ResolvedDates; grown: number } {
  let net: DateNetwork | undefined;
  let grown = 0;
  for (let i = 0; i < nodes.length; i++) {
    const next = net?.extend([nodes[i]!], (n) => nodes.indexOf(n));
    if (next) {
      grown++;
      // Every node whose window changed is named as changed.
      for (let j = 0; j < i; j++) {
        const before = net!.dates;
        const after = next.network.dates;
        const [a, b] = [before.indexOf(nodes[j]!.key)!, after.indexOf(nodes[j]!.key)!];
        if (before.earliest(a) !== after.earliest(b) || before.latest(a) !== after.latest(b)) expect(next.changed.has(b)).toBe(true);
      }
      net = next.network;
      continue;
    }
    const whole = DateNetwork.solve(nodes.slice(0, i + 1), 'case.yaml');
    if (!whole.ok) throw new Error(whole.issues.map((x) => x.message).join('\n'));
    net = whole.network;
  }
  return { dates: net!.dates, grown };
}

function expectSameDates(a: ResolvedDates, b: ResolvedDates, keys: readonly string[]): void {
  for (const k of keys) {
    const [i, j] = [a.indexOf(k)!, b.indexOf(k)!];
    expect([b.earliest(j), b.latest(j)], k).toEqual([a.earliest(i), a.latest(i)]);
    for (const k2 of keys) expect(b.diff(j, b.indexOf(k2)!), `${k} to ${k2}`).toEqual(a.diff(i, a.indexOf(k2)!));
  }
}

describe('DateNetwork: the network grown one node at a time', () => {
  // As a live system records them: a relative date counts from a node before it.
  const backward = (inst: Instance) => inst.nodes.every((n, i) => n.at.kind !== 'relative' || Number((n.at as RelativeDate).anchor.slice(1)) < i);
  fcTest.prop([instanceArb(12, 120, 30).filter(backward)], { numRuns: RUNS })('equals the network solved whole: every window and every difference', (inst) => {
    const whole = resolveDates(inst.nodes, 'case.yaml');
    if (!whole.ok) throw new Error(whole.issues.map((i) => i.message).join('\n'));
    const { dates } = grownOneByOne(inst.nodes);
    expectSameDates(whole.dates, dates, inst.nodes.map((n) => n.key));
  });

  test('above FULL_NETWORK_LIMIT (bounds, not the full network) it equals the network solved whole, and grows without solving again', () => {
    // A chain: exact days, months, and offsets from the one before, listed in order.
    const nodes: DateNode[] = [];
    const first = parseDay('2020-01-06')!;
    for (let i = 0; i < FULL_NETWORK_LIMIT + 40; i++) {
      const day = first + 3 * i;
      const at: DateSpec = i % 3 === 0 ? window(day, day) : i % 3 === 1 ? rel('after', `e${i - 1}`, 'P3D', 'P1D') : window(day - (day % 30), day - (day % 30) + 29);
      nodes.push({ key: `e${i}`, eventId: `e${i}`, path: 'at', at, ordered: true });
    }
    const whole = resolveDates(nodes, 'case.yaml');
    if (!whole.ok) throw new Error(whole.issues.map((i) => i.message).join('\n'));
    const { dates, grown } = grownOneByOne(nodes);
    // Solved whole only at the first node and when crossing the limit.
    expect(grown).toBe(nodes.length - 2);
    const keys = nodes.map((n) => n.key);
    for (const k of keys) expect([dates.earliest(dates.indexOf(k)!), dates.latest(dates.indexOf(k)!)], k).toEqual([whole.dates.earliest(whole.dates.indexOf(k)!), whole.dates.latest(whole.dates.indexOf(k)!)]);
    expect(dates.diff(dates.indexOf('e5')!, dates.indexOf('e9')!)).toEqual(whole.dates.diff(whole.dates.indexOf('e5')!, whole.dates.indexOf('e9')!));
  });
});

describe('DateNetwork above FULL_NETWORK_LIMIT: bounds grown by what the new edges shorten', () => {
  // Networks of 101–140 dates recorded one at a time, each record first tried with an
  // extra date and taken back (the live monitor's `check`), then recorded for real: the
  // windows equal those of the network solved whole, at every size past the limit.
  fcTest.prop(
    [
      // Listed in the order they are anchored (each relative date counts from one listed before it).
      fc.array(shapeArb(400, 30), { minLength: FULL_NETWORK_LIMIT + 1, maxLength: FULL_NETWORK_LIMIT + 40 }).map((shapes) => build(shapes.map((s, i) => ({ ...s, rankKey: i })), 30)),
      fc.array(fc.tuple(fc.nat(400), fc.nat(30), fc.boolean()), { minLength: 1, maxLength: 8 }),
    ],
    { numRuns: Math.max(3, Math.ceil(RUNS / 10)) },
  )('equals the network solved whole, with tried dates taken back', (inst, tries) => {
    let net: DateNetwork | undefined;
    for (let i = 0; i < inst.nodes.length; i++) {
      if (net && i > FULL_NETWORK_LIMIT) {
        // Tried and dropped: a window, or a date relative to an earlier node.
        const [start, width, relative] = tries[i % tries.length]!;
        const at: DateSpec = relative ? rel('after', `n${start % i}`, `P${width}D`, 'P2D') : window(BASE + start, BASE + start + width);
        net.extend([ev(`try${i}`, at, false)], () => i);
      }
      const next = net?.extend([inst.nodes[i]!], (n) => inst.nodes.indexOf(n));
      if (next) net = next.network;
      else {
        const whole = DateNetwork.solve(inst.nodes.slice(0, i + 1), 'case.yaml');
        if (!whole.ok) throw new Error(whole.issues.map((x) => x.message).join('\n'));
        net = whole.network;
      }
      if (i > FULL_NETWORK_LIMIT && (i % 10 === 0 || i === inst.nodes.length - 1)) {
        const whole = resolveDates(inst.nodes.slice(0, i + 1), 'case.yaml');
        if (!whole.ok) throw new Error(whole.issues.map((x) => x.message).join('\n'));
        for (let j = 0; j <= i; j++) {
          const k = inst.nodes[j]!.key;
          const a = whole.dates.indexOf(k)!;
          const b = net.dates.indexOf(k)!;
          expect([net.dates.earliest(b), net.dates.latest(b)], k).toEqual([whole.dates.earliest(a), whole.dates.latest(a)]);
        }
      }
    }
  });
});
