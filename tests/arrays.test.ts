/**
 * `mapped` (src/arrays.ts): the values and indices of `Array.prototype.map`, in an array V8
 * keeps packed whether the caller runs interpreted or optimised (the reason it exists: an
 * optimised `.map` makes holey arrays, and every reader then deoptimised once).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mapped } from '../src/arrays.js';

const built = join(import.meta.dirname, '..', 'dist', 'src', 'arrays.js');

describe('mapped', () => {
  test('gives what Array.prototype.map gives, index included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(undefined))), (xs) => {
        const f = (x: unknown, i: number) => [x, i];
        expect(mapped(xs, f)).toEqual(xs.map(f));
      }),
    );
  });

  test.skipIf(!existsSync(built))('its result is packed, interpreted and optimised alike', () => {
    // V8's own intrinsics (only with --allow-natives-syntax) tell the elements kind and force the optimisation.
    const script = `
      const { mapped } = await import(${JSON.stringify(pathToFileURL(built).href)});
      const ids = (xs) => mapped(xs, (c) => c.id);
      const xs = [{ id: 'A' }, { id: 'B' }];
      const before = %HasHoleyElements(ids(xs));
      %PrepareFunctionForOptimization(mapped);
      %PrepareFunctionForOptimization(ids);
      for (let i = 0; i < 100; i++) ids(xs);
      %OptimizeFunctionOnNextCall(ids);
      const after = %HasHoleyElements(ids(xs));
      console.log(JSON.stringify({ before, after, optimised: (%GetOptimizationStatus(ids) & 16) !== 0 }));
    `;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { before: boolean; after: boolean; optimised: boolean };
    expect(out.optimised).toBe(true);
    expect(out).toMatchObject({ before: false, after: false });
  });
});
