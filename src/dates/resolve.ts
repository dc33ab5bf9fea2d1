/**
 * The date solver (spec §1 "Dates"): every absolute window, relative offset and the
 * listing order together form a Simple Temporal Problem, solved here to the earliest
 * and latest possible day of every date, each narrowed by all the others.
 *
 * Each constraint is a difference constraint `t_v - t_u <= w`, an edge u→v of weight w,
 * with an origin node Z standing for day 0 (an absolute window [from, to] is
 * `t - Z <= to` and `Z - t <= -from`). Then latest(v) is the shortest path Z→v and
 * earliest(v) minus the shortest path v→Z. Negative cycles are contradictions; they
 * are found with Bellman–Ford from a virtual source with predecessor tracking, so the
 * issue names the events of the actual cycle. A node with no path from or to Z has
 * no latest or earliest day: no calendar date reaches it.
 *
 * Bounds: up to FULL_NETWORK_LIMIT (100) nodes the full minimal network is computed with Floyd–Warshall,
 * so `diff(i, j)` is the exact range of t_j - t_i. Above that, two Bellman–Ford runs
 * (from Z and, on reversed edges, to Z) give earliest and latest, and `diff` falls
 * back to the bounds `[e_j - l_i, l_j - e_i]`, which contain the exact range.
 *
 * Fast path: when every date is an exact day there is nothing to solve; only the
 * listing order is checked, in one pass over typed arrays (bulk replay relies on it).
 */
import { type Day, FIRST_INPUT_DAY, LAST_INPUT_DAY, formatDay } from '../calendar/day.js';
import { bare, idText, quotable, quote } from '../input/quote.js';
import type { Issue } from '../issues.js';
import type { AbsoluteDate, DateSpec, RelativeDate } from '../schema/dates.js';
import { formatWindow, outsideInputYears } from '../schema/dates.js';
import { durationDayRange } from './durations.js';
import { mapped } from '../arrays.js';

export interface DateNode {
  /** Unique; the event id for an event's own date, `${eventId}#for` and the like for others. */
  key: string;
  /** The event the constraint comes from (for messages). */
  eventId: string;
  /** The field, e.g. `at`, `for` or `until`. */
  path: string;
  at: DateSpec;
  /** Further constraints on the same date (an `at` written as a list: "two months later, in August"). */
  also?: readonly DateSpec[];
  /** Takes part in the listing-order constraint. */
  ordered: boolean;
}

export interface ResolvedDates {
  readonly keys: readonly string[];
  indexOf(key: string): number | undefined;
  earliest(i: number): Day;
  latest(i: number): Day;
  /** true when every node resolved to a single day */
  readonly exact: boolean;
  /** [min, max] of t_j - t_i in days over every assignment satisfying all constraints */
  diff(i: number, j: number): [number, number];
}

export type ResolveResult = { ok: true; dates: ResolvedDates } | { ok: false; issues: Issue[] };

/**
 * Largest node count solved to the full minimal network (Floyd–Warshall, O(n³)); above
 * it, earliest and latest days only (Bellman–Ford, queue-driven). It was 300; measured
 * (BENCHMARKS.md, 2026-12-02) Floyd–Warshall took 1.3 ms on a 100-date relative chain and
 * 54 ms on a 300-date one, where Bellman–Ford took 0.2 and 2.1 ms. 100 keeps the exact
 * differences for every scenario (the largest has under 100 dates) at about a millisecond.
 */
export const FULL_NETWORK_LIMIT = 100;
const MAX_CONTRADICTIONS = 50;

export function resolveDates(nodes: DateNode[], file: string): ResolveResult {
  for (let i = 0; i < nodes.length; i++) {
    const at = nodes[i].at;
    if (at.kind !== 'absolute' || at.from !== at.to || nodes[i].also?.length) return resolveNetwork(nodes, file);
  }
  return resolveExact(nodes, file);
}

abstract class Resolved {
  private keyList: readonly string[] | undefined;
  private keyIndex: Map<string, number> | undefined;
  constructor(protected readonly nodes: readonly DateNode[]) {}
  get keys(): readonly string[] {
    return (this.keyList ??= mapped(this.nodes, (n) => n.key));
  }
  indexOf(key: string): number | undefined {
    if (!this.keyIndex) this.keyIndex = indexKeys(this.nodes);
    return this.keyIndex.get(key);
  }
}

class ExactDates extends Resolved implements ResolvedDates {
  readonly exact = true;
  constructor(
    nodes: readonly DateNode[],
    private readonly days: Int32Array,
  ) {
    super(nodes);
  }
  earliest(i: number): Day {
    return this.days[i];
  }
  latest(i: number): Day {
    return this.days[i];
  }
  diff(i: number, j: number): [number, number] {
    const d = this.days[j] - this.days[i];
    return [d, d];
  }
}

class NetworkDates extends Resolved implements ResolvedDates {
  readonly exact: boolean;
  constructor(
    nodes: readonly DateNode[],
    private readonly early: Int32Array,
    private readonly late: Int32Array,
    /** Full (n+1)² shortest-path matrix, or undefined above FULL_NETWORK_LIMIT. */
    private readonly matrix: Float64Array | undefined,
  ) {
    super(nodes);
    this.exact = allExact(early, late);
  }
  earliest(i: number): Day {
    return this.early[i];
  }
  latest(i: number): Day {
    return this.late[i];
  }
  diff(i: number, j: number): [number, number] {
    return differenceBounds(this.early, this.late, this.matrix, 0, i, j);
  }
}

/** Whether every window is one day. */
function allExact(early: ArrayLike<number>, late: ArrayLike<number>): boolean {
  for (let i = 0; i < early.length; i++) if (early[i] !== late[i]) return false;
  return true;
}

/**
 * The bounds on `day(j) − day(i)`: from the full shortest-path matrix when the network was
 * solved in full (node k at vertex `k + first` of a `(n+1)²` matrix), else from the windows alone.
 */
function differenceBounds(early: ArrayLike<number>, late: ArrayLike<number>, m: Float64Array | undefined, first: number, i: number, j: number): [number, number] {
  if (i === j) return [0, 0];
  if (!m) return [early[j]! - late[i]!, late[j]! - early[i]!];
  const v = early.length + 1;
  return [0 - m[(j + first) * v + (i + first)]!, m[(i + first) * v + (j + first)]! + 0];
}

/**
 * Each key's first node. Keys are nearly always unique: set in one lookup each, and only if
 * some key came twice (the map is smaller than the list) built again keeping the first.
 * (Measured: setting from the last node to the first, to keep the first, was slower than either.)
 */
function indexKeys(nodes: readonly DateNode[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i].key, i);
  if (index.size === nodes.length) return index;
  index.clear();
  for (let i = 0; i < nodes.length; i++) if (!index.has(nodes[i].key)) index.set(nodes[i].key, i);
  return index;
}

function resolveExact(nodes: DateNode[], file: string): ResolveResult {
  const n = nodes.length;
  const days = new Int32Array(n);
  let issues: Issue[] | undefined;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    days[i] = (node.at as AbsoluteDate).from;
    if (!node.ordered) continue;
    if (prev >= 0 && days[i] < days[prev]) {
      (issues ??= []).push(contradiction(nodes, file, [
        { kind: 'absolute', node: prev, spec: nodes[prev].at as AbsoluteDate },
        { kind: 'order', prev, next: i },
        { kind: 'absolute', node: i, spec: node.at as AbsoluteDate },
      ], [prev, i]));
    }
    prev = i;
  }
  return issues ? { ok: false, issues } : { ok: true, dates: new ExactDates(nodes, days) };
}

type Constraint =
  | { kind: 'absolute'; node: number; spec: AbsoluteDate }
  | { kind: 'relative'; node: number; anchor: number; lo: number; hi: number; spec: RelativeDate }
  | { kind: 'order'; prev: number; next: number };

interface Graph {
  /** Vertex count: the n nodes and Z (index n). */
  v: number;
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
  origin: Int32Array;
  constraints: Constraint[];
}

function resolveNetwork(nodes: DateNode[], file: string): ResolveResult {
  const n = nodes.length;
  const z = n;
  const index = indexKeys(nodes);
  const issues: Issue[] = [];
  const dropped = new Uint8Array(n);
  const constraints: Constraint[] = [];
  const ef: number[] = [];
  const et: number[] = [];
  const ew: number[] = [];
  const eo: number[] = [];
  const edge = (u: number, v: number, w: number, c: number): void => {
    ef.push(u);
    et.push(v);
    ew.push(w);
    eo.push(c);
  };

  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    for (const at of node.also?.length ? [node.at, ...node.also] : [node.at]) {
      if (at.kind === 'absolute') {
        const c = constraints.push({ kind: 'absolute', node: i, spec: at }) - 1;
        edge(z, i, at.to, c);
        edge(i, z, 0 - at.from, c);
        continue;
      }
      const a = index.get(at.anchor);
      if (a === undefined) {
        dropped[i] = 1;
        issues.push({
          code: 'unknown-reference',
          file,
          eventId: node.eventId,
          path: `${node.path}.${at.direction}`,
          message: `${label(node)} is dated ${at.direction} ${quote(at.anchor, 'id')}, but no event has that id`,
        });
        continue;
      }
      const span = spanOf(at);
      if (typeof span === 'string') {
        dropped[i] = 1;
        issues.push({
          code: 'bad-date',
          file,
          eventId: node.eventId,
          path: `${node.path}.${span}`,
          message: `${label(node)}: ${errorOf(() => durationDayRange(span === 'offset' ? at.offset : at.tolerance!))}`,
        });
        continue;
      }
      const [lo, hi] = span;
      const c = constraints.push({ kind: 'relative', node: i, anchor: a, lo, hi, spec: at }) - 1;
      if (at.direction === 'after') {
        edge(a, i, hi, c);
        edge(i, a, 0 - lo, c);
      } else {
        edge(i, a, hi, c);
        edge(a, i, 0 - lo, c);
      }
    }
  }
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (!nodes[i].ordered) continue;
    if (prev >= 0) edge(i, prev, 0, constraints.push({ kind: 'order', prev, next: i }) - 1);
    prev = i;
  }

  const g: Graph = {
    v: n + 1,
    from: Int32Array.from(ef),
    to: Int32Array.from(et),
    weight: Float64Array.from(ew),
    origin: Int32Array.from(eo),
    constraints,
  };

  issues.push(...unplaceable(nodes, file, g, dropped));
  issues.push(...contradictions(nodes, file, g));
  if (issues.length) return { ok: false, issues };

  if (n <= FULL_NETWORK_LIMIT) {
    const m = floydWarshall(g);
    const early = new Float64Array(n);
    const late = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      early[i] = 0 - m[i * g.v + z];
      late[i] = m[z * g.v + i];
    }
    const outside = outsideRange(nodes, file, early, late);
    if (outside.length) return { ok: false, issues: outside };
    return { ok: true, dates: new NetworkDates(nodes, Int32Array.from(early), Int32Array.from(late), m) };
  }
  const toZ = bellmanFord(g, z, true);
  const fromZ = bellmanFord(g, z, false);
  const early = new Float64Array(n);
  const late = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    early[i] = 0 - toZ[i];
    late[i] = fromZ[i];
  }
  const outside = outsideRange(nodes, file, early, late);
  if (outside.length) return { ok: false, issues: outside };
  return { ok: true, dates: new NetworkDates(nodes, Int32Array.from(early), Int32Array.from(late), undefined) };
}

/**
 * bad-date issues for dates whose solved window leaves INPUT_YEARS (a relative date
 * far enough from its anchor), checked before the windows are stored as 32-bit days.
 */
function outsideRange(nodes: readonly DateNode[], file: string, early: Float64Array, late: Float64Array): Issue[] {
  const issues: Issue[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (early[i] >= FIRST_INPUT_DAY && late[i] <= LAST_INPUT_DAY) continue;
    const node = nodes[i];
    issues.push({
      code: 'bad-date',
      file,
      eventId: node.eventId,
      path: node.path,
      message: `${label(node)}: ${outsideInputYears(`its date (${dated(node.at)}) works out to ${windowText(early[i], late[i])}, which`)}`,
    });
  }
  return issues;
}

/** A solved window as text, even one far outside any calendar. */
function windowText(from: number, to: number): string {
  const day = (d: number) => (Number.isSafeInteger(d) && Math.abs(d) < 100_000_000 ? formatDay(d) : d < 0 ? 'a day long before 1900' : 'a day long after 2899');
  return from === to ? day(from) : `${day(from)}..${day(to)}`;
}

/**
 * [lo, hi] of the signed day distance a relative date allows (anchor to node, or node
 * to anchor), or the name of the field whose duration cannot be counted in days.
 */
function spanOf(at: RelativeDate): [number, number] | 'offset' | 'tolerance' {
  let min: number;
  let max: number;
  try {
    [min, max] = durationDayRange(at.offset);
  } catch {
    return 'offset';
  }
  let tol = 0;
  if (at.tolerance !== undefined) {
    try {
      const [tmin, tmax] = durationDayRange(at.tolerance);
      tol = Math.max(Math.abs(tmin), Math.abs(tmax));
    } catch {
      return 'tolerance';
    }
  }
  return [min - tol, max + tol];
}

function errorOf(f: () => unknown): string {
  try {
    f();
    return '';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** bad-date issues for nodes that no path links to Z in one direction or both. */
function unplaceable(nodes: readonly DateNode[], file: string, g: Graph, dropped: Uint8Array): Issue[] {
  const n = nodes.length;
  const above = reach(g, n, false);
  const below = reach(g, n, true);
  // Nodes whose own relative date was dropped (reported already), and every node
  // linked to them by relative dates, are unplaceable as a consequence: not reported.
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const c of g.constraints) if (c.kind === 'relative') parent[find(c.node)] = find(c.anchor);
  const tainted = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (dropped[i]) tainted[find(i)] = 1;
  const issues: Issue[] = [];
  for (let i = 0; i < n; i++) {
    if ((above[i] && below[i]) || tainted[find(i)]) continue;
    const node = nodes[i];
    const side = !above[i] && !below[i] ? '' : !above[i] ? ' (it has no latest possible day)' : ' (it has no earliest possible day)';
    issues.push({
      code: 'bad-date',
      file,
      eventId: node.eventId,
      path: node.path,
      message: `${label(node)} cannot be placed in time: its date (${dated(node.at)}) is not tied to any calendar date${side}`,
    });
  }
  return issues;
}

/** Vertices reachable from `root` (or, with `reverse`, that reach it). */
function reach(g: Graph, root: number, reverse: boolean): Uint8Array {
  const e = g.from.length;
  const head = new Int32Array(g.v + 1);
  const src = reverse ? g.to : g.from;
  const dst = reverse ? g.from : g.to;
  for (let k = 0; k < e; k++) head[src[k] + 1]++;
  for (let u = 0; u < g.v; u++) head[u + 1] += head[u];
  const fill = head.slice(0, g.v);
  const adj = new Int32Array(e);
  for (let k = 0; k < e; k++) adj[fill[src[k]]++] = dst[k];
  const seen = new Uint8Array(g.v);
  const stack = [root];
  seen[root] = 1;
  while (stack.length) {
    const u = stack.pop()!;
    for (let k = head[u]; k < head[u + 1]; k++) {
      const w = adj[k];
      if (!seen[w]) {
        seen[w] = 1;
        stack.push(w);
      }
    }
  }
  return seen;
}

/**
 * contradictory-dates issues, one per negative cycle, in file order of the event they
 * are attached to. After each cycle its edges are set aside and the search repeats, so
 * every contradiction that shares no constraint edge with one already found is
 * reported too (one that does may show once the first is fixed).
 */
function contradictions(nodes: readonly DateNode[], file: string, g: Graph): Issue[] {
  // The usual case, no contradiction, shown in near-linear time on a chain of relative
  // dates (Bellman–Ford's plain passes below take one per link: n² on a long chain); only
  // when there is one are the cycles looked for, pass by pass, to name their events.
  if (relax(g.v, g.from, g.to, g.weight, g.from.length, new Float64Array(g.v))) return [];
  const n = nodes.length;
  const alive = new Uint8Array(g.from.length).fill(1);
  const found: { at: number; issue: Issue }[] = [];
  const reported = new Set<string>();
  for (let round = 0; round < MAX_CONTRADICTIONS; round++) {
    const cycle = negativeCycle(g, alive);
    if (!cycle) break;
    const zAt = cycle.findIndex((k) => g.from[k] === n);
    const ordered = zAt > 0 ? [...cycle.slice(zAt), ...cycle.slice(0, zAt)] : cycle;
    const cs: number[] = [];
    for (const k of ordered) if (!cs.includes(g.origin[k])) cs.push(g.origin[k]);
    const involved = [...new Set(ordered.map((k) => g.from[k]).filter((u) => u !== n))].sort((a, b) => a - b);
    const key = involved.join(',');
    if (!reported.has(key)) {
      reported.add(key);
      found.push({ at: involved[involved.length - 1], issue: contradiction(nodes, file, cs.map((c) => g.constraints[c]), involved) });
    }
    for (const k of cycle) alive[k] = 0;
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.issue);
}

/**
 * Edges of a negative cycle in forward order, or undefined: Bellman–Ford from a
 * virtual source. Any cycle in the predecessor graph is negative, so it is looked for
 * after every pass; a contradiction is usually found long before the last pass.
 */
function negativeCycle(g: Graph, alive: Uint8Array): number[] | undefined {
  const { v, from, to, weight } = g;
  const e = from.length;
  const dist = new Float64Array(v);
  const pred = new Int32Array(v).fill(-1);
  const stamp = new Int32Array(v);
  for (let pass = 0; pass <= v; pass++) {
    let changed = false;
    for (let k = 0; k < e; k++) {
      if (!alive[k]) continue;
      const d = dist[from[k]] + weight[k];
      if (d < dist[to[k]]) {
        dist[to[k]] = d;
        pred[to[k]] = k;
        changed = true;
      }
    }
    if (!changed) return undefined;
    stamp.fill(0);
    for (let s = 0; s < v; s++) {
      let u = s;
      while (u >= 0 && stamp[u] === 0) {
        stamp[u] = s + 1;
        u = pred[u] < 0 ? -1 : from[pred[u]];
      }
      if (u >= 0 && stamp[u] === s + 1) {
        const cycle: number[] = [];
        let w = u;
        do {
          cycle.push(pred[w]);
          w = from[pred[w]];
        } while (w !== u);
        return cycle.reverse();
      }
    }
  }
  return undefined;
}

function floydWarshall(g: Graph): Float64Array {
  const v = g.v;
  const m = new Float64Array(v * v).fill(Infinity);
  for (let i = 0; i < v; i++) m[i * v + i] = 0;
  for (let k = 0; k < g.from.length; k++) {
    const p = g.from[k] * v + g.to[k];
    if (g.weight[k] < m[p]) m[p] = g.weight[k];
  }
  for (let k = 0; k < v; k++) {
    const rk = k * v;
    for (let i = 0; i < v; i++) {
      const ri = i * v;
      const dik = m[ri + k];
      if (dik === Infinity) continue;
      for (let j = 0; j < v; j++) {
        const d = dik + m[rk + j];
        if (d < m[ri + j]) m[ri + j] = d;
      }
    }
  }
  return m;
}

/** Shortest distances from `root` (or, with `reverse`, to it); the graph has no negative cycle. */
function bellmanFord(g: Graph, root: number, reverse: boolean): Float64Array {
  const dist = new Float64Array(g.v).fill(Infinity);
  dist[root] = 0;
  // Yen's ordering (see relax): a pass or two on a chain of relative dates, not one per link.
  relax(g.v, reverse ? g.to : g.from, reverse ? g.from : g.to, g.weight, g.from.length, dist);
  return dist;
}

function label(node: DateNode): string {
  return node.path === 'at' ? idText(node.eventId) : `${idText(node.eventId)}.${node.path}`;
}

/** A date spec for a message: an absolute one as written (it parsed as a date), a relative one rebuilt from its parts. */
function dated(at: DateSpec): string {
  if (at.kind === 'absolute') return at.text || formatWindow(at.from, at.to);
  return `${bare(at.offset, 'duration')}${at.tolerance ? `±${bare(at.tolerance, 'duration')}` : ''} ${at.direction} ${idText(at.anchor)}`;
}

function clause(nodes: readonly DateNode[], c: Constraint): string {
  switch (c.kind) {
    case 'absolute':
      return `${label(nodes[c.node])} is dated ${dated(c.spec)}`;
    case 'order':
      return `${label(nodes[c.next])} is listed after ${label(nodes[c.prev])}`;
    case 'relative': {
      const at = c.spec;
      const amount = at.tolerance ? `${bare(at.offset, 'duration')} ± ${bare(at.tolerance, 'duration')}` : bare(at.offset, 'duration');
      const days = c.lo === c.hi ? '' : ` (${c.lo} to ${c.hi} days)`;
      return `${label(nodes[c.node])} must be ${amount} ${at.direction} ${label(nodes[c.anchor])}${days}`;
    }
  }
}

function contradiction(nodes: readonly DateNode[], file: string, cs: Constraint[], involved: number[]): Issue {
  let message: string;
  const order = cs.length === 3 ? cs.find((c) => c.kind === 'order') : undefined;
  const absOf = (i: number) => cs.find((c): c is Extract<Constraint, { kind: 'absolute' }> => c.kind === 'absolute' && c.node === i);
  const pAbs = order?.kind === 'order' ? absOf(order.prev) : undefined;
  const qAbs = order?.kind === 'order' ? absOf(order.next) : undefined;
  if (order?.kind === 'order' && pAbs && qAbs) {
    const p = nodes[order.prev];
    const q = nodes[order.next];
    message = `${label(q)} is dated ${dated(qAbs.spec)} but listed after ${label(p)}, dated ${dated(pAbs.spec)}`;
  } else {
    const parts = cs.map((c) => clause(nodes, c));
    const list = parts.length > 1 ? `${parts.slice(0, -1).join('; ')}; and ${parts[parts.length - 1]}` : parts[0];
    message = `these dates contradict each other: ${list}`;
  }
  const attach = nodes[involved[involved.length - 1]];
  return {
    code: 'contradictory-dates',
    file,
    eventId: attach.eventId,
    path: attach.path,
    message,
    related: [...new Set(involved.map((i) => nodes[i].eventId))].filter(quotable),
  };
}

// ---------------------------------------------------------------------------------------
// The network grown one event at a time (the live monitor, issue 12 item 4).

/** Edges `t_to - t_from <= w` of one node (vertex `v`; Z is vertex 0), or undefined if a constraint cannot be built (the full solve words why). */
function edgesOf(node: DateNode, v: number, vertexOf: (key: string) => number | undefined): [number, number, number][] | undefined {
  const out: [number, number, number][] = [];
  for (const at of node.also?.length ? [node.at, ...node.also] : [node.at]) {
    if (at.kind === 'absolute') {
      out.push([0, v, at.to], [v, 0, 0 - at.from]);
      continue;
    }
    const a = vertexOf(at.anchor);
    const span = spanOf(at);
    if (a === undefined || typeof span === 'string') return undefined;
    const [lo, hi] = span;
    if (at.direction === 'after') out.push([a, v, hi], [v, a, 0 - lo]);
    else out.push([v, a, hi], [a, v, 0 - lo]);
  }
  return out;
}

/**
 * A scratch array for a network's growth, reused from one call to the next and filled for
 * the length asked: a live case grows by a few nodes a record, and new typed arrays of a few
 * hundred entries (allocated off the heap, and swept) cost more than the work done in them.
 * Each use names its own slot; nothing here re-enters.
 */
const SCRATCH = new Map<string, Float64Array | Int32Array | Uint8Array>();
function scratch<T extends Float64Array | Int32Array | Uint8Array>(Kind: new (n: number) => T, slot: string, n: number, fill = 0): T {
  let a = SCRATCH.get(slot) as T | undefined;
  if (!a || a.length < n) SCRATCH.set(slot, (a = new Kind(Math.max(n, 2 * (a?.length ?? 32)))));
  return a.subarray(0, n).fill(fill) as T;
}

/** Resolved dates over a {@link DateNetwork}: vertex 0 is Z, node i is vertex i + 1. */
class GrowingNetworkDates implements ResolvedDates {
  readonly exact: boolean;
  constructor(
    private readonly net: DateNetwork,
    private readonly early: Float64Array,
    private readonly late: Float64Array,
    private readonly matrix: Float64Array | undefined,
  ) {
    this.exact = allExact(early, late);
  }
  get keys(): readonly string[] {
    return this.net.keys();
  }
  indexOf(key: string): number | undefined {
    return this.net.indexOf(key);
  }
  earliest(i: number): Day {
    return this.early[i];
  }
  latest(i: number): Day {
    return this.late[i];
  }
  diff(i: number, j: number): [number, number] {
    return differenceBounds(this.early, this.late, this.matrix, 1, i, j);
  }
}

/**
 * The solved network of a case that grows by events at its end: adding an event's date
 * nodes updates the solution (Floyd–Warshall's matrix by one edge at a time, O(V²) an
 * edge, up to FULL_NETWORK_LIMIT nodes; above it the earliest and latest days by
 * relaxing from what the new edges changed) instead of solving again. The result is
 * the one {@link resolveDates} gives for all the nodes (the same windows, and the same
 * exact differences up to the limit, bounds above it). Anything it does not handle — a
 * contradiction, a date that cannot be placed, a window outside INPUT_YEARS, crossing
 * FULL_NETWORK_LIMIT — it leaves to a full solve (`extend` returns undefined), which
 * words the issue. Nodes are kept in the order added (keys, not positions, name them).
 */
export class DateNetwork {
  private constructor(
    private readonly nodes: DateNode[],
    private readonly index: Map<string, number>,
    /** Shared by the networks grown from one another; a network reads only its first `edgeCount`. */
    private readonly edges: Edges,
    private readonly edgeCount: number,
    private readonly nodeCount: number,
    private readonly lastOrdered: number,
    private readonly early: Float64Array,
    private readonly late: Float64Array,
    private readonly matrix: Float64Array | undefined,
  ) {}

  private solved: ResolvedDates | undefined;
  /** The solution, as the engine reads dates. */
  get dates(): ResolvedDates {
    return (this.solved ??= new GrowingNetworkDates(this, this.early, this.late, this.matrix));
  }

  keys(): readonly string[] {
    return mapped(this.nodes.slice(0, this.nodeCount), (n) => n.key);
  }
  /** Node `i` (as `extend`'s `changed` names it). */
  node(i: number): DateNode {
    return this.nodes[i]!;
  }
  indexOf(key: string): number | undefined {
    const i = this.index.get(key);
    return i !== undefined && i < this.nodeCount ? i : undefined;
  }

  /** The network of `nodes` solved whole (their issues, if any, as resolveDates words them). */
  static solve(nodes: DateNode[], file: string): { ok: true; network: DateNetwork } | { ok: false; issues: Issue[] } {
    const r = resolveDates(nodes, file);
    if (!r.ok) return r;
    const empty = new DateNetwork([], new Map(), { from: [], to: [], weight: [], outs: [], ins: [] }, 0, 0, -1, new Float64Array(0), new Float64Array(0), new Float64Array([0]));
    const grown = empty.grow(nodes, nodes.length > FULL_NETWORK_LIMIT);
    if (!grown) throw new Error('DateNetwork: a network resolveDates solved did not grow');
    return { ok: true, network: grown.network };
  }

  /**
   * This network with `add` (the date nodes of one more event, its own first) at its end,
   * and the nodes whose window changed or that are the later (by `rank`) of two whose
   * difference changed, with the new nodes; undefined when a full solve must decide (see
   * the class comment).
   */
  extend(add: readonly DateNode[], rank: (node: DateNode) => number = () => 0): { network: DateNetwork; changed: ReadonlySet<number> } | undefined {
    const n = this.nodeCount + add.length;
    if (this.matrix && n > FULL_NETWORK_LIMIT) return undefined;
    return this.grow(add, !this.matrix, rank);
  }

  /**
   * `rank` orders the nodes by when they are first read (the live monitor: the position of
   * their event), so that a changed difference marks only the later of its two nodes.
   */
  private grow(add: readonly DateNode[], bounds: boolean, rank: (node: DateNode) => number = () => 0): { network: DateNetwork; changed: ReadonlySet<number> } | undefined {
    const { nodes, index, edges } = this;
    // Take back what a network grown from this one and then dropped added.
    for (let i = this.nodeCount; i < nodes.length; i++) if (index.get(nodes[i]!.key) === i) index.delete(nodes[i]!.key);
    nodes.length = this.nodeCount;
    for (let k = edges.from.length - 1; k >= this.edgeCount; k--) {
      // Each vertex's lists hold its edges in ascending order: the dropped ones are at their ends.
      edges.outs[edges.from[k]!]!.pop();
      edges.ins[edges.to[k]!]!.pop();
    }
    edges.from.length = edges.to.length = edges.weight.length = this.edgeCount;
    const n0 = this.nodeCount;
    const n = n0 + add.length;
    const v = n + 1;
    let lastOrdered = this.lastOrdered;
    const fresh: [number, number, number][] = [];
    for (let k = 0; k < add.length; k++) {
      const node = add[k]!;
      const i = n0 + k;
      nodes.push(node);
      if (!index.has(node.key)) index.set(node.key, i);
    }
    const vertexOf = (key: string) => {
      const i = index.get(key);
      return i === undefined ? undefined : i + 1;
    };
    for (let k = 0; k < add.length; k++) {
      const node = add[k]!;
      const i = n0 + k;
      const own = edgesOf(node, i + 1, vertexOf);
      if (!own) return undefined;
      fresh.push(...own);
      if (node.ordered) {
        if (lastOrdered >= 0) fresh.push([i + 1, lastOrdered + 1, 0]);
        lastOrdered = i;
      }
    }
    const firstFresh = edges.from.length;
    for (const [u, w, x] of fresh) {
      const k = edges.from.length;
      edges.from.push(u);
      edges.to.push(w);
      edges.weight.push(x);
      (edges.outs[u] ??= []).push(k);
      (edges.ins[w] ??= []).push(k);
    }
    const changed = new Set<number>();
    for (let i = n0; i < n; i++) changed.add(i);
    let early: Float64Array;
    let late: Float64Array;
    let matrix: Float64Array | undefined;
    if (!bounds) {
      // The minimal network, one edge at a time: d(x, y) = min(d(x, y), d(x, u) + w + d(w, y)).
      const old = this.matrix!;
      const ov = n0 + 1;
      // The old distances, and Infinity for what touches a new vertex (filled where not copied).
      const m = new Float64Array(v * v);
      for (let x = 0; x < ov; x++) {
        m.set(old.subarray(x * ov, x * ov + ov), x * v);
        m.fill(Infinity, x * v + ov, x * v + v);
      }
      m.fill(Infinity, ov * v);
      for (let x = ov; x < v; x++) m[x * v + x] = 0;
      // The old nodes whose window or difference changed, marked (a set built once at the end: this is the innermost loop).
      const marked = scratch(Uint8Array, 'marked', n0);
      const du = scratch(Float64Array, 'du', v);
      const dv = scratch(Float64Array, 'dv', v);
      const rows = scratch(Int32Array, 'rows', v);
      const cols = scratch(Int32Array, 'cols', v);
      const ranks: number[] = [];
      for (let i = 0; i < n0; i++) ranks.push(rank(nodes[i]!));
      if (n0 === 0) {
        // Solving whole: Floyd–Warshall once, not an edge at a time.
        for (const [a, b, w] of fresh) if (w < m[a * v + b]) m[a * v + b] = w;
        for (let k = 0; k < v; k++) {
          const rk = k * v;
          for (let x = 0; x < v; x++) {
            const dxk = m[x * v + k];
            if (dxk === Infinity) continue;
            const rx = x * v;
            for (let y = 0; y < v; y++) {
              const d = dxk + m[rk + y];
              if (d < m[rx + y]) m[rx + y] = d;
            }
          }
        }
        for (let x = 0; x < v; x++) if (m[x * v + x] < 0) return undefined;
        fresh.length = 0;
      }
      for (const [a, b, w] of fresh) {
        if (w >= m[a * v + b]) continue;
        if (w + m[b * v + a] < 0) return undefined; // a contradiction: the full solve names it
        // Only the rows whose distance to b the edge shortens, and the columns whose distance
        // from a it shortens, can change (d(x, y) <= d(x, b) + d(b, y), and <= d(x, a) + d(a, y)):
        // the rest of the matrix is not visited. (Row b and column a cannot change without a
        // negative cycle, ruled out above, so the distances read here stay as they were.)
        let nr = 0;
        let nc = 0;
        for (let x = 0; x < v; x++) {
          const dx = m[x * v + a] + w;
          if (dx < m[x * v + b]) {
            rows[nr++] = x;
            du[x] = dx;
          }
        }
        for (let y = 0; y < v; y++) {
          const dy = w + m[b * v + y];
          if (dy < m[a * v + y]) {
            cols[nc++] = y;
            dv[y] = m[b * v + y];
          }
        }
        for (let i = 0; i < nr; i++) {
          const x = rows[i]!;
          const dx = du[x]!;
          const row = x * v;
          for (let j = 0; j < nc; j++) {
            const y = cols[j]!;
            const d = dx + dv[y]!;
            if (d < m[row + y]!) {
              m[row + y] = d;
              // What changed for the nodes there were: a window (a distance from or to Z) is
              // read from its node on; a difference, from the later of its two nodes (by `rank`).
              if (x < ov && y < ov && x !== y) {
                if (x === 0) marked[y - 1] = 1;
                else if (y === 0) marked[x - 1] = 1;
                else marked[ranks[x - 1]! >= ranks[y - 1]! ? x - 1 : y - 1] = 1;
              }
            }
          }
        }
      }
      for (let i = 0; i < n0; i++) if (marked[i]) changed.add(i);
      early = new Float64Array(n);
      late = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        early[i] = 0 - m[(i + 1) * v];
        late[i] = m[i + 1];
      }
      matrix = m;
    } else {
      // Earliest and latest only. The old bounds are shortest distances over the old edges,
      // and new edges can only shorten them: from the old bounds, only what the new edges
      // shorten is followed, over the edges of the vertices reached (not every edge). Solved
      // whole (no old bounds), every edge.
      const e = edges.from.length;
      const fromZ = scratch(Float64Array, 'fromZ', v, Infinity);
      const toZ = scratch(Float64Array, 'toZ', v, Infinity);
      fromZ[0] = 0;
      toZ[0] = 0;
      for (let i = 0; i < n0; i++) {
        fromZ[i + 1] = this.late[i];
        toZ[i + 1] = 0 - this.early[i];
      }
      const ok =
        n0 === 0
          ? relax(v, edges.from, edges.to, edges.weight, e, fromZ) && relax(v, edges.to, edges.from, edges.weight, e, toZ)
          : propagate(v, edges.from, edges.to, edges.weight, edges.outs, firstFresh, e, fromZ) && propagate(v, edges.to, edges.from, edges.weight, edges.ins, firstFresh, e, toZ);
      if (!ok) return undefined;
      early = new Float64Array(n);
      late = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        early[i] = 0 - toZ[i + 1];
        late[i] = fromZ[i + 1];
        if (i < n0 && (early[i] !== this.early[i] || late[i] !== this.late[i])) changed.add(i);
      }
      matrix = undefined;
    }
    for (const i of changed) {
      if (!(early[i] >= FIRST_INPUT_DAY && late[i] <= LAST_INPUT_DAY)) return undefined; // unplaceable or outside INPUT_YEARS
    }
    return { network: new DateNetwork(nodes, index, edges, edges.from.length, n, lastOrdered, early, late, matrix), changed };
  }
}

/**
 * The edges of a growing network (`t_to - t_from <= weight`), appended in order, with each
 * vertex's edges by source (`outs`) and by target (`ins`) in ascending order. Shared by the
 * networks grown from one another: each reads only its first `edgeCount` edges, and growing
 * from an older one first takes back what a later one added.
 */
interface Edges {
  from: number[];
  to: number[];
  weight: number[];
  outs: number[][];
  ins: number[][];
}

/**
 * Shortest distances after edges `first`..`e - 1` were added to a graph whose distances
 * `dist` already were (over the edges before `first`): from the new edges' targets that got
 * closer, each vertex reached is relaxed over its own edges (`adj`: edge indices by source,
 * of the same direction as `src`/`dst`), first in, first out. A decrease can only come through
 * a new edge, so nothing else can change; the result is what relaxing every edge again gives.
 * false on a negative cycle (a vertex queued more than `v` times).
 */
function propagate(v: number, src: readonly number[], dst: readonly number[], weight: readonly number[], adj: readonly (readonly number[] | undefined)[], first: number, e: number, dist: Float64Array): boolean {
  const queue: number[] = [];
  const queued = scratch(Uint8Array, 'queued', v);
  const times = scratch(Int32Array, 'times', v);
  const reach = (t: number, d: number): boolean => {
    dist[t] = d;
    if (queued[t]) return true;
    if (++times[t] > v) return false;
    queued[t] = 1;
    queue.push(t);
    return true;
  };
  for (let k = first; k < e; k++) {
    const d = dist[src[k]!]! + weight[k]!;
    if (d < dist[dst[k]!]! && !reach(dst[k]!, d)) return false;
  }
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    queued[u] = 0;
    const du = dist[u]!;
    const list = adj[u];
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const k = list[i]!;
      if (k >= e) break;
      const d = du + weight[k]!;
      if (d < dist[dst[k]!]! && !reach(dst[k]!, d)) return false;
    }
  }
  return true;
}

/**
 * Shortest distances by Bellman–Ford with Yen's ordering: each pass relaxes, in place, the
 * edges to later vertices in ascending order of their source, then those to earlier ones in
 * descending order, so a path that runs one way along the listing (a chain of relative
 * dates, either way) settles in one pass instead of one pass per link (which made a
 * 3,000-event chain quadratic). `dist` holds the start (upper bounds: 0 from a virtual
 * source, Infinity but the root, or the distances before edges were added) and is
 * updated over the first `e` edges. false on a negative cycle (no settling within `v` passes).
 */
function relax(v: number, src: ArrayLike<number>, dst: ArrayLike<number>, weight: ArrayLike<number>, e: number, dist: Float64Array): boolean {
  // Edges by source: those to later vertices, then those to earlier ones.
  const head = new Int32Array(v + 1);
  for (let k = 0; k < e; k++) head[src[k] + 1]++;
  for (let u = 0; u < v; u++) head[u + 1] += head[u];
  const up = new Int32Array(v);
  const down = new Int32Array(v);
  for (let k = 0; k < e; k++) if (dst[k] > src[k]) up[src[k]]++;
  for (let u = 0; u < v; u++) down[u] = head[u] + up[u];
  const upFill = head.slice(0, v);
  const downFill = down.slice();
  const adj = new Int32Array(e);
  for (let k = 0; k < e; k++) {
    const u = src[k];
    if (dst[k] > u) adj[upFill[u]++] = k;
    else adj[downFill[u]++] = k;
  }
  for (let pass = 0; pass <= v; pass++) {
    let changed = false;
    for (let u = 0; u < v; u++) {
      const du = dist[u];
      if (du === Infinity) continue;
      for (let k = head[u]; k < down[u]; k++) {
        const edge = adj[k];
        const d = du + weight[edge];
        if (d < dist[dst[edge]]) {
          dist[dst[edge]] = d;
          changed = true;
        }
      }
    }
    for (let u = v - 1; u >= 0; u--) {
      const du = dist[u];
      if (du === Infinity) continue;
      for (let k = down[u]; k < head[u + 1]; k++) {
        const edge = adj[k];
        const d = du + weight[edge];
        if (d < dist[dst[edge]]) {
          dist[dst[edge]] = d;
          changed = true;
        }
      }
    }
    if (!changed) return true;
  }
  return false;
}
