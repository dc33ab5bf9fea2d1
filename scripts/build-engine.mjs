#!/usr/bin/env node
/**
 * Bundles casepath's engine for the page (issue 13 item 4): src/browser/entry.ts →
 * dist/browser/casepath-engine.js, one minified IIFE that sets
 * `globalThis.casepathEngine = { version, replay(doc, options) }`. `npm run build` runs
 * it after tsc; src/report/engine-bundle.ts runs it with `--stdout` when there is no
 * built bundle (tests from source, a fresh checkout).
 *
 * esbuild, not tsc: the page needs one file with zod, xstate, luxon and immutable in it
 * and nothing it must not run. Swapped for the page (src/browser/stubs/):
 * - src/schema/compiled-validator.ts: Ajv compiles its validators with `new Function`,
 *   which the page's CSP (no 'unsafe-eval') forbids; zod validates instead;
 * - src/calendar/holidays-fallback.ts: date-holidays (its data is large); the page has
 *   the generated table (src/calendar/holidays-table.ts);
 * - `node:*`: read files only, which the page never does.
 * zod's locales but English are left out, and yaml (marked side-effect free; nothing the page runs parses YAML).
 * zod's two uses of the Function constructor (its JIT probe `allowsEval` and `Doc.compile`)
 * are replaced at load: the probe alone would log a CSP violation in the page.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ENGINE_BUNDLE_FILE = join(root, 'dist', 'browser', 'casepath-engine.js');

/** [module path relative to src/, its page stand-in] */
const SWAPS = [
  ['schema/compiled-validator', 'browser/stubs/compiled-validator.ts'],
  ['calendar/holidays-fallback', 'browser/stubs/holidays-fallback.ts'],
];

const ZOD_PATCHES = [
  {
    file: /zod[\\/]v4[\\/]core[\\/]util\.js$/,
    from: /export const allowsEval = cached\(\(\) => \{[\s\S]*?\n\}\);/,
    to: 'export const allowsEval = cached(() => false);',
  },
  {
    file: /zod[\\/]v4[\\/]core[\\/]doc\.js$/,
    from: /compile\(\) \{[\s\S]*?\n    \}/,
    to: 'compile() {\n        throw new Error("zod: no code generation in the casepath page");\n    }',
  },
];

const pagePlugin = {
  name: 'casepath-page',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, () => ({ path: join(root, 'src', 'browser', 'stubs', 'node-builtins.ts') }));
    build.onResolve({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith('.')) return undefined;
      const target = join(args.resolveDir, args.path).replace(/\.js$/, '');
      for (const [from, to] of SWAPS) if (target === join(root, 'src', from)) return { path: join(root, 'src', to) };
      return undefined;
    });
    // yaml's modules are side-effect free but do not say so: marked here, esbuild leaves
    // them out, since nothing the page runs parses YAML (the loader's text entry points do).
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.casepathYaml) return undefined;
      const inYaml = args.path === 'yaml' || /[\\/]node_modules[\\/]yaml[\\/]/.test(args.importer);
      if (!inYaml) return undefined;
      const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { casepathYaml: true } });
      if (r.errors.length) return { errors: r.errors };
      return { path: r.path, sideEffects: false };
    });
    // zod's namespace object carries every locale (~150 KB); casepath words its own messages and uses English.
    build.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";', loader: 'js' }));
    build.onLoad({ filter: /zod[\\/]v4[\\/]core[\\/](util|doc)\.js$/ }, (args) => {
      const patch = ZOD_PATCHES.find((p) => p.file.test(args.path));
      const text = readFileSync(args.path, 'utf8');
      if (!patch.from.test(text)) throw new Error(`zod's ${args.path} has changed: update the patch in scripts/build-engine.mjs`);
      return { contents: text.replace(patch.from, patch.to), loader: 'js' };
    });
  },
};

/** The bundle's source text. */
export async function buildEngineBundle() {
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src', 'browser', 'entry.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'casepathEngine',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    define: { __CASEPATH_VERSION__: JSON.stringify(pkg.version) },
    plugins: [pagePlugin],
    logLevel: "silent",
    metafile: process.env.CASEPATH_BUNDLE_META === "1",
  });
  if (result.metafile) console.error(await esbuild.analyzeMetafile(result.metafile));
  // The page holds no address at all (tests/report.test.ts): the citations' and zod's URLs
  // are written "https:\/\/…", the same string in a JavaScript literal (the bundle has no
  // String.raw, where it would not be; tests/whatif-engine.test.ts checks).
  return result.outputFiles[0].text.replace(/(https?):\/\//g, '$1:\\/\\/');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await buildEngineBundle();
  if (process.argv.includes('--stdout')) process.stdout.write(text);
  else {
    mkdirSync(dirname(ENGINE_BUNDLE_FILE), { recursive: true });
    writeFileSync(ENGINE_BUNDLE_FILE, text);
    console.log(`wrote ${ENGINE_BUNDLE_FILE} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`);
  }
}
