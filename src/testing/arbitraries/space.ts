/**
 * Plan spaces (internal): one description of the choices behind a generated episode, read
 * two ways. `arb` is a fast-check arbitrary (the property suite: shrinking goes to the first
 * value of each choice); `draw` takes one value from a plain seeded PRNG (the benchmark
 * corpus, src/testing/corpus.ts: fast, deterministic, no fast-check runner). The episodes
 * themselves are built once, by the builders of tracks.ts, whichever way the plan was drawn,
 * so the process paths are encoded in one place.
 *
 * The combinators mirror the fast-check ones they stand for (`int` is `fc.integer`, `record`
 * is `fc.record`, …), so an arbitrary built from a space is the one that was written out by
 * hand before: the same values for the same seed.
 */
import fc from 'fast-check';

/** What `draw` needs from a PRNG. */
export interface Draw {
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

export interface Space<T> {
  readonly arb: fc.Arbitrary<T>;
  readonly draw: (r: Draw) => T;
}

/** An integer in [min, max] (`fc.integer`). */
export const int = (min: number, max: number): Space<number> => ({ arb: fc.integer({ min, max }), draw: (r) => r.int(min, max) });

/** An integer in [0, max] (`fc.nat`). */
export const nat = (max: number): Space<number> => ({ arb: fc.nat(max), draw: (r) => r.int(0, max) });

/** `fc.boolean`. */
export const bool = (): Space<boolean> => ({ arb: fc.boolean(), draw: (r) => r.chance(0.5) });

/** One value (`fc.constant`). */
export const constant = <const T>(value: T): Space<T> => ({ arb: fc.constant(value), draw: () => value });

/** One of the values, equally likely (`fc.constantFrom`). */
export const oneOf = <const T extends readonly [unknown, ...unknown[]]>(...values: T): Space<T[number]> => ({
  arb: fc.constantFrom(...values),
  draw: (r) => values[r.int(0, values.length - 1)],
});

/** `minLength`–`maxLength` items (`fc.array`). */
export const array = <T>(item: Space<T>, minLength: number, maxLength: number): Space<T[]> => ({
  arb: fc.array(item.arb, { minLength, maxLength }),
  draw: (r) => Array.from({ length: r.int(minLength, maxLength) }, () => item.draw(r)),
});

/** The item, or `null` (`fc.option` with `nil: null`; fast-check's default odds, 1 in 6 null). */
export const option = <T>(item: Space<T>): Space<T | null> => ({
  arb: fc.option(item.arb, { nil: null }),
  draw: (r) => (r.chance(1 / 6) ? null : item.draw(r)),
});

type Shape = Record<string, Space<unknown>>;
type ValueOf<S extends Shape> = { [K in keyof S]: S[K] extends Space<infer V> ? V : never };

/** An object of independent choices (`fc.record`), drawn in key order. */
export function record<S extends Shape>(shape: S): Space<ValueOf<S>> {
  const keys = Object.keys(shape) as (keyof S & string)[];
  const arbs = Object.fromEntries(keys.map((k) => [k, shape[k]!.arb])) as Record<string, fc.Arbitrary<unknown>>;
  return {
    arb: fc.record(arbs) as fc.Arbitrary<unknown> as fc.Arbitrary<ValueOf<S>>,
    draw: (r) => {
      const out: Record<string, unknown> = {};
      for (const k of keys) out[k] = shape[k]!.draw(r);
      return out as ValueOf<S>;
    },
  };
}
