/**
 * The source of the page's engine bundle (`<script id="casepath-engine">`, issue 13
 * item 4): src/browser/entry.ts bundled by esbuild (scripts/build-engine.mjs) into an
 * IIFE setting `globalThis.casepathEngine`. `npm run build` writes it to
 * dist/browser/casepath-engine.js, which a built casepath reads. Run from the sources
 * (vitest), or built without it, casepath bundles it once per process instead (esbuild
 * in a child process, since esbuild's plugins need its asynchronous API and this
 * function is synchronous; about a second) — never a stale copy of older sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The package root: two levels above src/report/, three above dist/src/report/, three
 * above dist/cli/chunks/ (the bundled executable, scripts/build-cli.mjs). Run from dist/,
 * the built page bundle is used; from source, it is built afresh.
 */
function packageRoot(): { root: string; built: boolean } {
  const here = dirname(fileURLToPath(import.meta.url));
  if (here.endsWith(join('dist', 'src', 'report')) || here.endsWith(join('dist', 'cli', 'chunks'))) return { root: join(here, '..', '..', '..'), built: true };
  if (here.endsWith(join('dist', 'cli'))) return { root: join(here, '..', '..'), built: true };
  return { root: join(here, '..', '..'), built: false };
}

/** Where `npm run build` writes the bundle. */
export function engineBundleFile(): string {
  return join(packageRoot().root, 'dist', 'browser', 'casepath-engine.js');
}

/** The engine bundle's JavaScript (read or built once per process). */
export function engineBundleSource(): string {
  if (cached !== undefined) return cached;
  const { root, built } = packageRoot();
  const file = engineBundleFile();
  if (built && existsSync(file)) return (cached = readFileSync(file, 'utf8'));
  const script = join(root, 'scripts', 'build-engine.mjs');
  if (!existsSync(script)) throw new Error(`casepath: the page's engine bundle ${file} is missing; run npm run build`);
  cached = execFileSync(process.execPath, [script, '--stdout'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return cached;
}
