/**
 * The precompiled event validators `npm run build` writes (dist/src/schema/event-validators.cjs,
 * Ajv's standalone code: scripts/build-validators.mjs) accept and reject exactly what Ajv
 * compiling the same schema at run time does, on valid events and on events broken in the
 * ways a file breaks them. (That Ajv agrees with zod is tests/compiled-validator.test.ts's.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { chronologyArbitrary, malformedChronologyArbitrary } from '../src/testing/arbitraries/index.js';
import { generateCase } from '../src/testing/corpus.js';

const root = join(import.meta.dirname, '..');
const built = join(root, 'dist', 'src', 'schema', 'compiled-validator.js');
const generated = join(root, 'dist', 'src', 'schema', 'event-validators.cjs');

type Module = typeof import('../src/schema/compiled-validator.js');

/** Each event as written, and a few ways of breaking it. */
function variants(e: Record<string, unknown>): unknown[] {
  const keys = Object.keys(e).filter((k) => k !== 'type');
  const out: unknown[] = [e, { ...e, extra: 1 }, { ...e, at: 'not a date' }, { ...e, at: '2023-02-30' }, { ...e, id: '' }];
  for (const k of keys) {
    const { [k]: _gone, ...rest } = e;
    out.push(rest, { ...e, [k]: 42 }, { ...e, [k]: [] }, { ...e, [k]: null });
  }
  return out;
}

describe.skipIf(!existsSync(built) || !existsSync(generated))('the precompiled event validators', () => {
  test('the same verdict as validators compiled at run time, event by event', async () => {
    const m = (await import(pathToFileURL(built).href)) as Module;
    const docs: Record<string, unknown>[] = [
      ...Array.from({ length: 150 }, (_, i) => generateCase(3, i)),
      ...(fc.sample(chronologyArbitrary(), { numRuns: 150, seed: 7 }) as Record<string, unknown>[]),
      ...fc.sample(malformedChronologyArbitrary(), { numRuns: 150, seed: 8 }).map((x) => x.data as Record<string, unknown>),
    ];
    const events: Record<string, unknown>[] = [];
    for (const d of docs) for (const e of Array.isArray(d?.['events']) ? (d['events'] as unknown[]) : []) if (e && typeof e === 'object' && typeof (e as { type?: unknown }).type === 'string') events.push(e as Record<string, unknown>);
    const verdicts = (standalone: boolean): boolean[] => {
      m.setStandaloneValidators(standalone);
      expect(m.usesStandaloneValidators()).toBe(standalone);
      return events.flatMap((e) => variants(e).map((v) => m.validatorFor(String(e['type']))?.(v) === true));
    };
    const pre = verdicts(true);
    const runtime = verdicts(false);
    m.setStandaloneValidators(true);
    expect(pre.length).toBeGreaterThan(20_000);
    expect(pre).toEqual(runtime);
    // Both kinds of verdict occur, so the comparison means something.
    expect(pre.filter(Boolean).length).toBeGreaterThan(1_000);
    expect(pre.filter((v) => !v).length).toBeGreaterThan(1_000);
  });
});
