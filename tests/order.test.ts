/**
 * Reports list rule ids and clock names in `localeCompare` order; src/report/order.ts
 * compares plain ids (lowercase ASCII letters, digits, "-") by code point instead, to
 * spare a single-file replay the collator's start-up. The two orders must agree.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compareIds } from '../src/report/order.js';
import { RULES } from '../src/rules/index.js';
import { propertyRuns } from './property-runs.js';

const runs = { numRuns: Math.max(propertyRuns(), 500) };
const plainId = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split('')), maxLength: 12 });
const sign = (n: number) => Math.sign(n);

describe('compareIds', () => {
  test.prop([plainId, plainId], runs)('orders plain ids as localeCompare does', (a, b) => {
    expect(sign(compareIds(a, b))).toBe(sign(a.localeCompare(b)));
  });

  test.prop([fc.string(), fc.string()], runs)('leaves every other id to localeCompare', (a, b) => {
    fc.pre(!/^[a-z0-9-]*$/.test(a) || !/^[a-z0-9-]*$/.test(b));
    expect(compareIds(a, b)).toBe(a.localeCompare(b));
  });

  test('sorts the built-in rule ids as localeCompare does, and every one takes the plain path', () => {
    const ids = RULES.map((r) => r.id);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
    const reversed = [...ids].reverse();
    expect([...reversed].sort(compareIds)).toEqual([...reversed].sort((x, y) => x.localeCompare(y)));
  });
});
