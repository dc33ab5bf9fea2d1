#!/usr/bin/env node
/**
 * Bundles the `casepath` executable (issue 12 item 2: start-up): dist/src/cli/bin.js and the
 * bulk-replay worker (dist/src/bulk/worker.js), as tsc built them, → dist/cli/bin.js and
 * dist/cli/worker.js, with each command's code in a chunk of its own (loaded only for that
 * command, as the unbundled bin does).
 *
 * Why: node resolves, reads and links every module of the unbundled CLI (about 400 files
 * with zod's, yaml's and xstate's), and reads xstate's and immutable's CommonJS with its
 * module lexer: about a fifth of a replay's start-up (BENCHMARKS.md). A bundle is a few
 * files. `npm run build` runs this after tsc; the library (`import 'casepath'`) stays the
 * unbundled dist/src, and tests/cli-bundle.test.ts checks that both executables answer alike.
 *
 * Left out of the bundle (loaded from node_modules when used): native modules
 * (better-sqlite3), pg and @statelyai/inspect (only `serve --store postgres` and `inspect`
 * need them), and what the code loads through `createRequire` (Ajv, date-holidays).
 */
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli');

const esbuild = await import('esbuild');
rmSync(out, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { bin: join(root, 'dist', 'src', 'cli', 'bin.js'), worker: join(root, 'dist', 'src', 'bulk', 'worker.js') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg', 'pg-native', '@statelyai/inspect', 'ajv', 'ajv/*', 'date-holidays'],
  // CommonJS packages bundled into ES modules still call `require` for node's own modules.
  banner: { js: "import { createRequire as __casepathRequire } from 'node:module';\nconst require = __casepathRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(join(out, 'bin.js'), 0o755);
console.log(`wrote ${out}/bin.js and worker.js`);
