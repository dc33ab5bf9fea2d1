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
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
// The executable package.json names (src/cli/launch.ts): CommonJS, starting replay, check and
// rules from their bundles below without node's ES-module loader, the rest through bin.js.
await esbuild.build({
  absWorkingDir: root,
  stdin: { contents: `import { launch } from ${JSON.stringify(join(root, 'dist', 'src', 'cli', 'launch.js'))};\nlaunch(__dirname);\n`, resolveDir: root, loader: 'js' },
  outfile: join(out, 'bin.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(join(out, 'bin.cjs'), 0o755);
console.log(`wrote ${out}/bin.js, bin.cjs and worker.js`);

// The commands started from a V8 code cache (src/cli/code-cache.ts): a CommonJS bundle of
// each alone, run once on a sample so that V8's code for what ran can be saved beside it.
const { CACHED_COMMANDS, DYNAMIC_IMPORT, bundleFileOf, codeCacheFileOf } = await import('../dist/src/cli/code-cache.js');
const chunks = join(out, 'chunks');
const entry = (command) => `cached-entry:${command}`;
await esbuild.build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(Object.keys(CACHED_COMMANDS).map((c) => [`cached-${c}`, entry(c)])),
  outdir: chunks,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg', 'pg-native', '@statelyai/inspect', 'ajv', 'ajv/*', 'date-holidays'],
  // The modules' own file URL: the bundle's, in dist/cli/chunks/ like the ES-module chunks (the paths they find from it hold).
  define: { 'import.meta.url': '__casepath_url' },
  banner: { js: "var __casepath_url = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    {
      name: 'cached-entry',
      setup(build) {
        build.onResolve({ filter: /^cached-entry:/ }, (args) => ({ path: args.path.slice('cached-entry:'.length), namespace: 'cached-entry' }));
        build.onLoad({ filter: /.*/, namespace: 'cached-entry' }, (args) => {
          const { module, export: name } = CACHED_COMMANDS[args.path];
          const cli = join(root, 'dist', 'src', 'cli');
          // What bin.ts runs for this command, with the command's module imported, not loaded by LOADERS.
          const contents = [
            `import { runCli } from ${JSON.stringify(join(cli, 'command.js'))};`,
            `import { processIO } from ${JSON.stringify(join(cli, 'io.js'))};`,
            `import { ${name} as command } from ${JSON.stringify(join(cli, module))};`,
            'export function start(argv) { return runCli(argv, processIO(), [command]); }',
          ].join('\n');
          return { contents, loader: 'js', resolveDir: cli };
        });
      },
    },
  ],
  legalComments: 'none',
  logLevel: 'warning',
});
// A script compiled by node:vm has no import() of its own (without an experimental option):
// the bundles' import() of the packages they leave out call the loader's stand-in instead.
for (const command of Object.keys(CACHED_COMMANDS)) {
  const bundle = bundleFileOf(chunks, command);
  const text = readFileSync(bundle, 'utf8').replace(/\bimport\((?=["'])/g, `${DYNAMIC_IMPORT}(`);
  if (/\bimport\s*\(/.test(text)) throw new Error(`${bundle} has an import() that is not of a package by name: src/cli/code-cache.ts cannot load it`);
  writeFileSync(bundle, text);
}
// Samples that run the commands' common paths; scenarios/ ships with the package, tests/ only in a checkout.
const scenario = 'scenarios/lgsco-24-009-262.yaml';
const SAMPLES = {
  replay: [['replay', scenario], ['replay', scenario, '--json'], ['replay', 'scenarios/lgsco-24-002-642.yaml', '--possible', 'full']],
  check: [['check', scenario], ['check', 'tests/fixtures/invalid/many-problems.json']],
  rules: [['rules'], ['rules', '--json']],
};
for (const command of Object.keys(CACHED_COMMANDS)) {
  const bundle = bundleFileOf(chunks, command);
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'train-code-cache.mjs'), chunks, command, JSON.stringify(SAMPLES[command] ?? [])], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`saving the code cache of ${command} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  const kib = (f) => `${Math.round(statSync(f).size / 1024)} KiB`;
  console.log(`wrote ${bundle} (${kib(bundle)}) and its code cache (${kib(codeCacheFileOf(bundle))})`);
}
