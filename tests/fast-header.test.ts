/**
 * The header's fast path (src/schema/fast-header.ts) against zod: for every header it
 * accepts, the value is exactly zod's (key order included); it never accepts what zod
 * rejects. Headers of generated chronologies (valid and malformed), then mutated one
 * field at a time with values of every kind.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { chronologyHeader } from '../src/schema/chronology.js';
import { fastHeader } from '../src/schema/fast-header.js';
import { chronologyArbitrary, malformedChronologyArbitrary } from '../src/testing/arbitraries/index.js';
import { propertyRuns } from './property-runs.js';

const numRuns = propertyRuns();

/** zod's result and the fast path's agree: the same value (JSON text, so key order counts), or the fast path declines. */
function agrees(data: unknown): 'fast' | 'zod' {
  const fast = fastHeader(data);
  const zod = chronologyHeader.safeParse(data);
  if (fast === undefined) return 'zod';
  expect(zod.success).toBe(true);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
  expect(fast).toEqual(zod.data);
  return 'fast';
}

const odd = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(''),
  fc.constant('x'),
  fc.constant('2024-02-30'),
  fc.constant('2024-02'),
  fc.constant('1850'),
  fc.constant(2023),
  fc.constant(2023.5),
  fc.constant(-0),
  fc.constant(new Date('2024-01-02')),
  fc.constant({ between: ['2024-03', '2024-01'] }),
  fc.constant({ between: ['2024-01', '2024-03'] }),
  fc.constant({ between: ['2024-01'] }),
  fc.constant({ after: 'e1', offset: 'P1W' }),
  fc.constant({ after: 'e1', offset: 'P1W', tolerance: 'P2D' }),
  fc.constant({ after: 'e1', offset: 'P200Y' }),
  fc.constant({ before: '', offset: 'P1W' }),
  fc.constant({ after: 'e1', before: 'e2', offset: 'P1W' }),
  fc.constant('summary'),
  fc.constant('record'),
  fc.constant('england'),
  fc.constant('wales'),
  fc.constant({ record: { from: '2024-01-01', to: '2024-02-01', events: ['referral.received'] } }),
  fc.constant([]),
  fc.constant([{ id: 'A' }]),
  fc.constant([{ id: 'A', born: '2019' }, { id: 'B', note: 'n' }]),
  fc.constant([{ id: '' }]),
  fc.constant([{ id: 'A', born: 'soon' }]),
  fc.constant([{ id: 'A', colour: 'red' }]),
  fc.constant([{ id: 'A', note: undefined }]),
  fc.constant({ document: 'Review' }),
  fc.constant({ document: 'Review', url: 'u', file: 'f' }),
  fc.constant({ document: '' }),
  fc.constant({ document: 'Review', page: 3 }),
  fc.constant(Object.create({ document: 'Review' }) as unknown),
  fc.string(),
  fc.integer(),
  fc.anything(),
);
const field = fc.constantFrom('case', 'title', 'source', 'asOf', 'jurisdiction', 'completeness', 'children', 'events', 'colour');

describe('the header fast path gives zod’s value or declines', () => {
  fcTest.prop([chronologyArbitrary()], { numRuns })('generated chronologies', (c) => {
    // Through JSON, as the bulk reader gets them.
    expect(agrees(JSON.parse(JSON.stringify(c)))).toBe('fast');
  });

  fcTest.prop([malformedChronologyArbitrary()], { numRuns })('malformed chronologies', (c) => {
    agrees(c);
  });

  fcTest.prop([chronologyArbitrary(), field, odd], { numRuns: numRuns * 4 })('one header field replaced', (c, key, value) => {
    const data = { ...(JSON.parse(JSON.stringify(c)) as Record<string, unknown>), [key]: value };
    agrees(data);
  });

  test('the common shapes take the fast path; others go to zod', () => {
    const base = { case: 'c', children: [{ id: 'A' }], events: [] };
    expect(agrees(base)).toBe('fast');
    expect(agrees({ ...base, title: 'T', source: { document: 'D', url: 'u' }, asOf: '2024-05', completeness: 'record', jurisdiction: 'england' })).toBe('fast');
    expect(agrees({ ...base, children: [{ id: 'A', born: { between: ['2019', '2020-03'] }, note: 'x' }] })).toBe('fast');
    expect(agrees({ ...base, asOf: new Date('2024-01-01') })).toBe('zod');
    expect(agrees({ ...base, title: undefined })).toBe('zod');
    expect(agrees({ ...base, completeness: { record: { from: '2024-01-01', to: '2024-02-01', events: ['referral.received'] } } })).toBe('zod');
    expect(agrees(Object.assign(Object.create({ extra: 1 }) as object, base))).toBe('zod');
    expect(agrees({ ...base, children: [] })).toBe('zod');
    expect(agrees({ ...base, case: '' })).toBe('zod');
  });
});
