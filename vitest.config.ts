/**
 * `npm test`. Most test files share one module graph per worker (`isolate: false`):
 * casepath's modules (machines, zod schemas, calendar tables) and fast-check load once
 * instead of once per file, which was most of the suite's time (each isolated file
 * paid about two seconds of setup and imports before its first test). The setup file
 * still runs before every file. Files that need a fresh module graph — `vi.mock`, or
 * anything else that changes a module for the rest of the worker — go in ISOLATED.
 *
 * Properties run CASEPATH_PROPERTY_RUNS cases each (tests/property-runs.ts, default
 * 200); CI fixes CASEPATH_PROPERTY_SEED, and `npm run test:explore` runs 10,000.
 */
import { defineConfig } from 'vitest/config';

/** Test files that mock modules (`vi.mock`): with a shared module graph the mock would leak or not apply. */
// calendar.test.ts counts date-holidays' calls per year, which another file's dates may already have cached.
const ISOLATED = ['tests/trace.test.ts', 'tests/calendar.test.ts'];

const shared = {
  setupFiles: ['tests/setup.ts'],
  testTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'shared', include: ['tests/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
      { test: { ...shared, name: 'isolated', include: ISOLATED } },
    ],
  },
});
