/**
 * End-to-end tests: the built CLI writes a report and a real (Debian) Chromium opens
 * it from file://. Run with `npm run test:e2e` (builds first). Never downloads a
 * browser: the tests use the system's `chromium` and fail with a clear message when
 * it is missing.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
