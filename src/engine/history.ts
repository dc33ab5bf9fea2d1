/**
 * The per-case history index: where each event of a chronology stands, the positions of
 * each event type, and (built on first use, once per list of types) the merged positions of
 * several types. Rules read it through the kit ({@link HistoryView}, `seenOfTypes`), so a
 * rule that wants "the referrals and strategy discussions so far" walks those events, not
 * every event seen: a long case no longer costs O(n²) in such rules.
 *
 * The index describes the whole chronology (a live monitor's list grows at its end, and
 * the index follows it: `sync`); what a rule sees
 * is the prefix of it before the event being stepped, the first `stepped` events, where
 * `stepped` is a field of the engine's persistent state. So the index is kept in step with
 * the events seen by the state itself: a fork over the same chronology shares it (and sees
 * its own prefix), and a restored engine rebuilds it from its chronology — there is no
 * second copy of the history to fall out of step (tests/engine-history.test.ts replays every
 * prefix, forks and restores, against a naive scan of the events seen).
 */
import type { DatedEvent, EventOf, EventType } from '../schema/events.js';

/** Events seen of some types, in listing order: a view over the chronology, not a copy. */
export interface SeenSlice<T = DatedEvent> extends Iterable<T> {
  readonly length: number;
  /** The `i`-th such event (0-based, listing order). */
  at(i: number): T | undefined;
  /** The position in the chronology's events (listing order) of the `i`-th such event. */
  positionAt(i: number): number | undefined;
  /** The last such event seen, if any. */
  last(): T | undefined;
}

/** What rules may ask of the history of the case before the event being stepped. */
export interface HistoryView {
  /** How many events have been seen (they are the chronology's first `count` events). */
  readonly count: number;
  /** The position (listing order) of a seen event, or undefined when it has not been seen. */
  position(id: string): number | undefined;
  /** The seen events of any of `types`, in listing order. Pass a constant list: its merge is cached by content. */
  ofTypes<T extends EventType>(types: readonly T[]): SeenSlice<EventOf<T>>;
}

const NONE: readonly number[] = [];

/**
 * The index of one chronology's events (built once per events list, shared by forks over it).
 * A live monitor appends to the list (and takes back an event it only tried): {@link sync}
 * follows the list's end, so the index is never rebuilt for a record.
 */
export class HistoryIndex {
  readonly byType = new Map<EventType, number[]>();
  // Built on first use (a short case in a bulk replay asks for few of them): the positions
  // by id, the prefixes handed out by type, the merged lists.
  private positions: Map<string, number> | undefined;
  private seenCache: Map<EventType, { k: number; events: readonly DatedEvent[] | undefined }> | undefined;
  private merged: Map<string, readonly number[]> | undefined;
  private byList: Map<readonly EventType[], readonly number[]> | undefined;
  /** The events indexed, by position (compared with the list by identity to see what changed at its end). */
  private readonly indexed: DatedEvent[] = [];

  constructor(readonly events: readonly DatedEvent[]) {
    this.sync();
  }

  /** Where each event stands (the first of an id), in listing order. */
  get position(): ReadonlyMap<string, number> {
    let p = this.positions;
    if (!p) {
      p = this.positions = new Map();
      const { indexed } = this;
      // Ids are unique in a chronology that loaded: one lookup each, and the first kept only if some id came twice.
      for (let n = 0; n < indexed.length; n++) p.set(indexed[n]!.id, n);
      if (p.size !== indexed.length) {
        p.clear();
        for (let n = 0; n < indexed.length; n++) if (!p.has(indexed[n]!.id)) p.set(indexed[n]!.id, n);
      }
    }
    return p;
  }

  /** Events of a type seen so far, by type: the last prefix handed out (the engine's `seenByType`), shared by forks. */
  get seen(): Map<EventType, { k: number; events: readonly DatedEvent[] | undefined }> {
    return (this.seenCache ??= new Map());
  }

  /** Follow the events list: drop what was taken off its end, index what was added. */
  sync(): this {
    const { events, indexed } = this;
    let n = indexed.length;
    if (n === events.length && (n === 0 || indexed[n - 1] === events[n - 1])) return this;
    const positions = this.positions;
    while (n > 0 && (n > events.length || indexed[n - 1] !== events[n - 1])) {
      const e = indexed.pop()!;
      n--;
      if (positions && positions.get(e.id) === n) positions.delete(e.id);
      const list = this.byType.get(e.type)!;
      list.pop();
      if (!list.length) this.byType.delete(e.type);
      const hit = this.seenCache?.get(e.type);
      if (hit && hit.k > list.length) this.seenCache!.delete(e.type);
    }
    for (; n < events.length; n++) {
      const e = events[n]!;
      indexed.push(e);
      if (positions && !positions.has(e.id)) positions.set(e.id, n);
      const list = this.byType.get(e.type);
      if (list) list.push(n);
      else this.byType.set(e.type, [n]);
    }
    // Merged lists of several types are rebuilt on next use (slices handed out keep their own).
    this.merged = undefined;
    this.byList = undefined;
    return this;
  }

  /** The positions of the events of any of `types`, ascending (merged once per list of types). */
  positionsOf(types: readonly EventType[]): readonly number[] {
    if (types.length === 1) return this.byType.get(types[0]!) ?? NONE;
    // A rule's constant list is found by identity (no key built per call); any other list by content.
    const byList = (this.byList ??= new Map());
    const known = byList.get(types);
    if (known) return known;
    const key = keyOf(types);
    const merged = (this.merged ??= new Map());
    let out = merged.get(key);
    if (!out) {
      out = this.merge(types);
      merged.set(key, out);
    }
    if (byList.size < 64) byList.set(types, out);
    return out;
  }

  private merge(types: readonly EventType[]): readonly number[] {
    const lists: (readonly number[])[] = [];
    for (const t of types) {
      const l = this.byType.get(t);
      if (l?.length) lists.push(l);
    }
    // One type present (the common case in a short case): its own positions, not a copy.
    if (lists.length <= 1) return lists[0] ?? NONE;
    // Each list is ascending: merged pairwise, a position kept once where several types name one list.
    let all = lists[0]!;
    for (let k = 1; k < lists.length; k++) all = mergeAscending(all, lists[k]!);
    return all;
  }
}

/** The content key of a list of types, kept per list (a rule's constant list is asked for in every case). */
const typeKeys = new WeakMap<readonly EventType[], string>();

function keyOf(types: readonly EventType[]): string {
  let key = typeKeys.get(types);
  if (key === undefined) typeKeys.set(types, (key = types.join('\u0000')));
  return key;
}

/** Two ascending lists as one, each position once. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  }
  return out;
}

/** How many of the ascending `positions` are below `n` (binary search). */
export function countBelow(positions: readonly number[], n: number): number {
  let lo = 0;
  let hi = positions.length;
  if (hi === 0 || positions[hi - 1]! < n) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class Slice<T> implements SeenSlice<T> {
  constructor(
    private readonly events: readonly DatedEvent[],
    private readonly positions: readonly number[],
    readonly length: number,
  ) {}
  at(i: number): T | undefined {
    return i >= 0 && i < this.length ? (this.events[this.positions[i]!] as unknown as T) : undefined;
  }
  positionAt(i: number): number | undefined {
    return i >= 0 && i < this.length ? this.positions[i] : undefined;
  }
  last(): T | undefined {
    return this.at(this.length - 1);
  }
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.events[this.positions[i]!] as unknown as T;
  }
}

/** The history as one engine sees it: the index of its chronology, cut at the events it has stepped. */
export class EngineHistory implements HistoryView {
  constructor(private readonly source: { historyIndex(): HistoryIndex; readonly stepped: number }) {}
  get count(): number {
    return this.source.stepped;
  }
  position(id: string): number | undefined {
    const i = this.source.historyIndex().position.get(id);
    return i !== undefined && i < this.source.stepped ? i : undefined;
  }
  ofTypes<T extends EventType>(types: readonly T[]): SeenSlice<EventOf<T>> {
    const index = this.source.historyIndex();
    const positions = index.positionsOf(types);
    return new Slice<EventOf<T>>(index.events, positions, countBelow(positions, this.source.stepped));
  }
}
