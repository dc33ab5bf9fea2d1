/**
 * How many cases each property runs: CASEPATH_PROPERTY_RUNS, default 200. `npm test`
 * draws fresh cases on every run (a failure prints the seed and path that reproduce
 * it), CI fixes CASEPATH_PROPERTY_SEED so a run can be repeated exactly, and
 * `npm run test:explore` runs 10,000 per property before a change lands.
 */
export const DEFAULT_PROPERTY_RUNS = 200;

export function propertyRuns(env: Record<string, string | undefined> = process.env): number {
  const raw = env['CASEPATH_PROPERTY_RUNS'];
  if (raw === undefined || raw === '') return DEFAULT_PROPERTY_RUNS;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`CASEPATH_PROPERTY_RUNS must be a whole number of runs (1 or more), not "${raw}"`);
  return n;
}
