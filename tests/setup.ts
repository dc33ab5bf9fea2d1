/**
 * Test setup: `CASEPATH_PROPERTY_SEED` fixes fast-check's seed for every property, so a
 * run can be repeated exactly (CI sets it; locally each run explores new cases, and a
 * failure prints the seed and path that reproduce it).
 */
import { fc } from '@fast-check/vitest';

const seed = process.env['CASEPATH_PROPERTY_SEED'];
if (seed !== undefined && seed !== '') {
  const n = Number(seed);
  if (!Number.isSafeInteger(n)) throw new Error(`CASEPATH_PROPERTY_SEED must be an integer, not "${seed}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: n });
}
