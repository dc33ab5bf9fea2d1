/**
 * The replay engine's working state: everything a step changes, as one persistent value.
 *
 * Every collection is an `immutable` collection (structurally shared: a change copies only
 * the path to what changed). The engine that owns a state changes its collections in place
 * through `asMutable()` while nothing else holds them — a bulk replay allocates little — and
 * a fork first marks them shared ({@link shareState}), after which either side copies what
 * it changes: a fork costs what it changes, not the size of the case. Export and restore go through {@link CODECS}, a table keyed by the fields of
 * {@link WorkingState}: a field added to the state without a codec does not compile, so
 * fork, export and restore cannot fall out of step.
 *
 * What the state does not hold, it derives: the events replayed so far are the first
 * `stepped` dated events of the chronology (the engine steps them in listing order), so
 * "events seen" and "events of a type seen" are views of the chronology, not copies.
 */
import { List, Map as IMap, Set as ISet } from 'immutable';
import type { ConcernRecord, DeadlineEntry, Finding, OpenClock, TimelineEntry } from './types.js';

/** An open statutory clock and the rule (by index into the engine's rules) it belongs to. */
export interface OpenEntry {
  readonly rule: number;
  readonly clock: OpenClock;
}

export interface WorkingState {
  /** How many of the chronology's dated events have been stepped (they are the events seen). */
  readonly stepped: number;
  /** Machine states: a slot per per-child process and child, then one per per-case process (see `MachineSlots`). */
  readonly machines: readonly string[];
  /** The evidence ledger: concerns raised and what assessments found, by concern id. */
  readonly concerns: IMap<string, ConcernRecord>;
  /** Clocks running, in the order they started. */
  readonly open: readonly OpenEntry[];
  /** Keys of the clocks each rule has started (a key starts once), as `rule index` + NUL + key. */
  readonly started: KeySet;
  readonly findings: AppendList<Finding>;
  readonly deadlines: AppendList<DeadlineEntry>;
  /** Findings attached to each event, for the timeline. */
  readonly attached: IMap<string, List<number>>;
  readonly timeline: List<TimelineEntry>;
}

/** The state before any event: every machine in its initial state. */
export function initialState(machines: readonly string[]): WorkingState {
  return {
    stepped: 0,
    machines: [...machines],
    concerns: IMap(),
    open: [],
    started: KeySet.EMPTY,
    findings: AppendList.empty(),
    deadlines: AppendList.empty(),
    attached: IMap(),
    timeline: List(),
  };
}

/**
 * The state as a value to share: each collection marked immutable (in place: it is the same
 * collection), so whoever changes it next, through `asMutable()`, copies what it changes.
 * Generic over the fields, so a new field cannot be missed.
 */
export function shareState(s: WorkingState): WorkingState {
  const out: Record<string, unknown> = { ...s };
  for (const k of PERSISTENT_KEYS) out[k] = (s[k] as unknown as { asImmutable(): unknown }).asImmutable();
  return out as unknown as WorkingState;
}

/**
 * Which fields of the state are `immutable` collections (the rest are plain values the engine
 * copies before changing). A `Record` over the fields: a new field must say which it is, and
 * a test checks the table against the values (no scan of every field per share: a bulk
 * replay shares once per case).
 */
export const PERSISTENT: Record<keyof WorkingState, boolean> = {
  stepped: false,
  machines: false,
  concerns: true,
  open: false,
  started: true,
  findings: true,
  deadlines: true,
  attached: true,
  timeline: true,
};

const PERSISTENT_KEYS = (Object.keys(PERSISTENT) as (keyof WorkingState)[]).filter((k) => PERSISTENT[k]);

export const startedKey = (rule: number, key: string): string => `${rule}\u0000${key}`;

/**
 * What {@link KeySet} and {@link AppendList} share: a persistent `immutable` collection
 * (`base`) and what was added since it was last shared (`own`, a plain JS collection while
 * one engine owns it). `asImmutable()` marks it shared in place; `asMutable()` of a shared one
 * gives a new one over the fold, made once per shared value (a fork and its original, or many
 * re-steps from one checkpoint, share it), so a fork costs what was added since the last
 * share, not the size of the whole.
 */
abstract class Layered<B, O> {
  protected constructor(
    protected base: B,
    protected own: O | undefined,
    protected shared: boolean,
  ) {}

  /** How many entries `own` holds. */
  protected abstract ownCount(own: O): number;
  /** `base` with `own` added, as a new persistent value (`base` itself unchanged). */
  protected abstract fold(base: B, own: O): B;
  /** A new, unshared value over `base`. */
  protected abstract over(base: B): this;

  asMutable(): this {
    return this.shared ? this.over(this.folded()) : this;
  }

  asImmutable(): this {
    this.shared = true;
    return this;
  }

  /** Everything as one persistent value. A shared value never changes, so it keeps the fold (the same entries, held once). */
  protected folded(): B {
    const own = this.own;
    if (own === undefined || this.ownCount(own) === 0) return this.base;
    const base = this.fold(this.base, own);
    if (this.shared) {
      this.base = base;
      this.own = undefined;
    }
    return base;
  }
}

/**
 * A persistent set of strings that costs a plain `Set` while one engine owns it ({@link Layered}):
 * keys added since the set was last shared sit in a JS `Set` (V8 hashes a new key string
 * natively; `immutable` hashed each one in script, and every `started` check and add went
 * through its trie: replaying loaded cases took about 7% longer, BENCHMARKS.md), the rest in
 * an `immutable` set. A bulk replay, which shares once at its end, pays nothing for sharing.
 */
export class KeySet extends Layered<ISet<string>, Set<string>> implements Iterable<string> {
  static readonly EMPTY = new KeySet(ISet(), undefined, true);

  private constructor(base: ISet<string>, own: Set<string> | undefined, shared: boolean) {
    super(base, own, shared);
  }

  static of(keys: Iterable<string>): KeySet {
    return new KeySet(ISet(keys), undefined, true);
  }

  get size(): number {
    return this.base.size + (this.own?.size ?? 0);
  }

  has(key: string): boolean {
    return (this.own !== undefined && this.own.has(key)) || (this.base.size > 0 && this.base.has(key));
  }

  /** This set with `key`: itself, changed, if it is not shared; else a new set. */
  add(key: string): KeySet {
    const m = this.asMutable();
    // Kept once: a key already in the shared part is not added to the own part (a Set's add is idempotent).
    if (!(m.base.size > 0 && m.base.has(key))) (m.own ??= new Set()).add(key);
    return m;
  }

  /**
   * This set with `key` added, as {@link add} gives it, or `undefined` when the key is in it
   * already (the set unchanged): one lookup where `has` and then `add` made two, per clock
   * started in a bulk replay.
   */
  addIfAbsent(key: string): KeySet | undefined {
    if (this.base.size > 0 && this.base.has(key)) return undefined;
    if (this.shared) return this.own?.has(key) ? undefined : this.add(key);
    const own = (this.own ??= new Set());
    const before = own.size;
    own.add(key);
    return own.size === before ? undefined : this;
  }

  protected ownCount(own: Set<string>): number {
    return own.size;
  }

  protected fold(base: ISet<string>, own: Set<string>): ISet<string> {
    return base.withMutations((s) => {
      for (const k of own) s.add(k);
    });
  }

  protected over(base: ISet<string>): this {
    return new KeySet(base, undefined, false) as this;
  }

  *[Symbol.iterator](): Iterator<string> {
    yield* this.base;
    if (this.own) yield* this.own;
  }
}

/**
 * A persistent list that costs a plain array while one engine owns it ({@link Layered}), as
 * {@link KeySet} does for a set: for the findings and deadlines, which a step appends to (and
 * now and then changes one finding of). Entries added since the list was last shared sit in a
 * JS array, the rest in an `immutable` list: immutable's own pushes built its trie as they
 * went, and a bulk replay, which never shares a case's lists, paid for it (BENCHMARKS.md).
 */
export class AppendList<T> extends Layered<List<T>, T[]> implements Iterable<T> {
  private static readonly EMPTY = new AppendList<never>(List(), undefined, true);

  private constructor(base: List<T>, own: T[] | undefined, shared: boolean) {
    super(base, own, shared);
  }

  static empty<T>(): AppendList<T> {
    return AppendList.EMPTY as AppendList<T>;
  }

  static of<T>(items: Iterable<T>): AppendList<T> {
    return new AppendList(List(items), undefined, true);
  }

  get size(): number {
    return this.base.size + (this.own?.length ?? 0);
  }

  get(i: number): T | undefined {
    const b = this.base.size;
    return i < b ? this.base.get(i) : this.own?.[i - b];
  }

  /** The index of the first entry `test` holds for, or -1. */
  findIndex(test: (x: T) => boolean): number {
    const b = this.base.size;
    if (b > 0) {
      const i = this.base.findIndex((x) => test(x));
      if (i >= 0) return i;
    }
    const own = this.own;
    if (own) {
      for (let j = 0; j < own.length; j++) if (test(own[j]!)) return b + j;
    }
    return -1;
  }

  /** This list with `x` at the end: itself, changed, if it is not shared; else a new list. */
  push(x: T): AppendList<T> {
    const m = this.asMutable();
    (m.own ??= []).push(x);
    return m;
  }

  /** This list with entry `i` (one that exists) replaced by `x`: itself, changed, if it is not shared; else a new list. */
  set(i: number, x: T): AppendList<T> {
    if (!(i >= 0 && i < this.size)) throw new RangeError(`no entry ${i} in a list of ${this.size}`);
    const m = this.asMutable();
    const b = m.base.size;
    // The shared part is an immutable list: its set copies the path to the entry.
    if (i < b) m.base = m.base.set(i, x);
    else m.own![i - b] = x;
    return m;
  }

  /** The entries, as a new array. */
  toArray(): T[] {
    const own = this.own;
    if (this.base.size === 0) return own ? own.slice() : [];
    const out = this.base.toArray();
    if (own) for (const x of own) out.push(x);
    return out;
  }

  protected ownCount(own: T[]): number {
    return own.length;
  }

  protected fold(base: List<T>, own: T[]): List<T> {
    return base.withMutations((l) => {
      for (const x of own) l.push(x);
    });
  }

  protected over(base: List<T>): this {
    return new AppendList(base, undefined, false) as this;
  }

  *[Symbol.iterator](): Iterator<T> {
    yield* this.base;
    if (this.own) yield* this.own;
  }
}

/** The engine's names for what a state refers to: rule ids by index, machine slots by name. */
export interface StateNames {
  ruleIds: readonly string[];
  ruleIndex: ReadonlyMap<string, number>;
  /** `process` or `process:child`, per slot. */
  slots: readonly string[];
  slotIndex: ReadonlyMap<string, number>;
}

/** A field of the working state as plain JSON-ready data (and back). */
interface Codec<V, J> {
  encode(value: V, names: StateNames): J;
  /** Throws (with what is wrong) on data that does not fit the engine. */
  decode(data: J, names: StateNames): V;
}

/** The working state as plain data: the fields of {@link WorkingState}, each encoded by its codec. */
export type ExportedState = { [K in keyof WorkingState]: ReturnType<(typeof CODECS)[K]['encode']> };

const plain = <T>(x: T): T => structuredClone(x);

export const CODECS = {
  stepped: {
    encode: (v: number) => v,
    decode: (d: number) => {
      if (!Number.isSafeInteger(d) || d < 0) throw new Error(`stepped must be a count of events, not ${String(d)}`);
      return d;
    },
  },
  machines: {
    encode: (v: readonly string[], n: StateNames) => Object.fromEntries(n.slots.map((slot, i) => [slot, v[i]!])),
    decode: (d: Record<string, string>, n: StateNames) => {
      for (const slot of Object.keys(d)) if (!n.slotIndex.has(slot)) throw new Error(`unknown machine ${slot}`);
      return n.slots.map((slot) => {
        const s = d[slot];
        if (typeof s !== 'string') throw new Error(`no state for machine ${slot}`);
        return s;
      });
    },
  },
  concerns: {
    encode: (v: IMap<string, ConcernRecord>) => [...v.values()].map(plain),
    decode: (d: ConcernRecord[]) => IMap(d.map((c) => [c.id, plain(c)] as const)),
  },
  open: {
    encode: (v: readonly OpenEntry[], n: StateNames) => v.map((o) => ({ rule: n.ruleIds[o.rule]!, clock: plain(o.clock) })),
    decode: (d: { rule: string; clock: OpenClock }[], n: StateNames) =>
      d.map((o) => {
        const rule = n.ruleIndex.get(o.rule);
        if (rule === undefined) throw new Error(`unknown rule ${o.rule}`);
        return { rule, clock: plain(o.clock) };
      }),
  },
  started: {
    encode: (v: KeySet, n: StateNames) => {
      const out: Record<string, string[]> = Object.fromEntries(n.ruleIds.map((id) => [id, [] as string[]]));
      for (const k of v) {
        const cut = k.indexOf('\u0000');
        out[n.ruleIds[Number(k.slice(0, cut))]!]!.push(k.slice(cut + 1));
      }
      // Sorted: a set's order depends on how it was built (added one by one, or restored).
      for (const list of Object.values(out)) list.sort();
      return out;
    },
    decode: (d: Record<string, string[]>, n: StateNames) => {
      const keys: string[] = [];
      for (const [id, list] of Object.entries(d)) {
        const rule = n.ruleIndex.get(id);
        if (rule === undefined) throw new Error(`unknown rule ${id}`);
        for (const k of list) keys.push(startedKey(rule, k));
      }
      return KeySet.of(keys);
    },
  },
  findings: {
    encode: (v: AppendList<Finding>) => v.toArray().map(plain),
    decode: (d: Finding[]) => AppendList.of(d.map(plain)),
  },
  deadlines: {
    encode: (v: AppendList<DeadlineEntry>) => v.toArray().map(plain),
    decode: (d: DeadlineEntry[]) => AppendList.of(d.map(plain)),
  },
  attached: {
    encode: (v: IMap<string, List<number>>) => Object.fromEntries([...v.entries()].map(([k, l]) => [k, l.toArray()])),
    decode: (d: Record<string, number[]>) => IMap(Object.entries(d).map(([k, l]) => [k, List(l)] as const)),
  },
  timeline: {
    encode: (v: List<TimelineEntry>) => v.toArray().map(plain),
    decode: (d: TimelineEntry[]) => List(d.map(plain)),
  },
} satisfies { [K in keyof WorkingState]: Codec<WorkingState[K], never> | Codec<WorkingState[K], any> };

/** Every field of the state, through its codec. */
export function encodeState(s: WorkingState, names: StateNames): ExportedState {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(CODECS) as (keyof WorkingState)[]) out[k] = (CODECS[k].encode as (v: unknown, n: StateNames) => unknown)(s[k], names);
  return out as ExportedState;
}

/** A state from exported data; throws when it names a rule, machine or child the engine does not have. */
export function decodeState(data: ExportedState, names: StateNames): WorkingState {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(CODECS) as (keyof WorkingState)[]) out[k] = (CODECS[k].decode as (d: unknown, n: StateNames) => unknown)(data[k], names);
  return out as unknown as WorkingState;
}
