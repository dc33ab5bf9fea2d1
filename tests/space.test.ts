/**
 * Plan spaces (src/testing/arbitraries/space.ts): one description of a plan, read as a
 * fast-check arbitrary by the property suite and drawn from a seeded PRNG by the corpus.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { array, bool, constant, int, nat, oneOf, option, record, type Draw, type Space } from '../src/testing/arbitraries/space.js';
import { TRACK_SPACES } from '../src/testing/arbitraries/tracks.js';

/** A deterministic PRNG for `draw` (a linear congruential generator is enough here). */
function lcg(seed: number): Draw {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  return { int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), chance: (p) => next() < p };
}

const shape = {
  kind: constant('x'),
  n: int(3, 9),
  k: nat(4),
  b: bool(),
  pick: oneOf('a', 'b', 'c'),
  list: array(int(0, 2), 1, 3),
  maybe: option(int(10, 12)),
};
const space = record(shape);
const handWritten = fc.record({
  kind: fc.constant('x'),
  n: fc.integer({ min: 3, max: 9 }),
  k: fc.nat(4),
  b: fc.boolean(),
  pick: fc.constantFrom('a', 'b', 'c'),
  list: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
  maybe: fc.option(fc.integer({ min: 10, max: 12 }), { nil: null }),
});

describe('plan spaces', () => {
  test('the arbitrary of a space is the fast-check arbitrary it stands for: the same values for the same seed', () => {
    expect(fc.sample(space.arb, { numRuns: 200, seed: 42 })).toEqual(fc.sample(handWritten, { numRuns: 200, seed: 42 }));
  });

  test('a drawn value is one the arbitrary accepts: every choice within its bounds, every option reached', () => {
    const r = lcg(7);
    const seen = { b: new Set<boolean>(), pick: new Set<string>(), nulls: 0, lengths: new Set<number>() };
    for (let i = 0; i < 2000; i++) {
      const v = space.draw(r);
      expect(v.kind).toBe('x');
      expect(v.n).toBeGreaterThanOrEqual(3);
      expect(v.n).toBeLessThanOrEqual(9);
      expect(v.k).toBeGreaterThanOrEqual(0);
      expect(v.k).toBeLessThanOrEqual(4);
      expect(['a', 'b', 'c']).toContain(v.pick);
      expect(v.list.length).toBeGreaterThanOrEqual(1);
      expect(v.list.length).toBeLessThanOrEqual(3);
      if (v.maybe === null) seen.nulls++;
      else expect([10, 11, 12]).toContain(v.maybe);
      seen.b.add(v.b);
      seen.pick.add(v.pick);
      seen.lengths.add(v.list.length);
    }
    expect(seen.b.size).toBe(2);
    expect(seen.pick.size).toBe(3);
    expect(seen.lengths).toEqual(new Set([1, 2, 3]));
    expect(seen.nulls).toBeGreaterThan(200); // about 1 in 6
    expect(seen.nulls).toBeLessThan(500);
  });

  test('every track space draws the keys its arbitrary generates, so the corpus and the property suite build the same kind of plan', () => {
    for (const [kind, s] of Object.entries(TRACK_SPACES) as [string, Space<unknown>][]) {
      const drawn = s.draw(lcg(3)) as Record<string, unknown>;
      const generated = fc.sample(s.arb, { numRuns: 1, seed: 3 })[0] as Record<string, unknown>;
      expect(Object.keys(drawn).sort(), kind).toEqual(Object.keys(generated).sort());
      expect(drawn['kind']).toBe(kind);
    }
  });
});
