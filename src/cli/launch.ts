/**
 * The `casepath` executable as package.json names it (`dist/cli/bin.cjs`, bundled by
 * scripts/build-cli.mjs): CommonJS, so that a `replay`, `check` or `rules` started from its
 * bundle and saved V8 code (code-cache.ts) never loads node's ES-module loader, which costs
 * a few milliseconds of every start (it reads files through `fs/promises`, which loads
 * `readline` and the streams). Every other command, and any command whose bundle is not
 * there or is turned off (`CASEPATH_CODE_CACHE=off`), goes to the ES-module executable
 * (`dist/cli/bin.js`, src/cli/bin.ts), which behaves exactly as before.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFromBundle } from './code-cache.js';
import { exitOnInternalError } from './exit-codes.js';

/** Run the command line; `dir` is the executable's own directory (dist/cli, with chunks/ and bin.js in it). */
export function launch(dir: string, argv: readonly string[] = process.argv.slice(2)): void {
  let cached: ReturnType<typeof startFromBundle>;
  try {
    cached = startFromBundle(join(dir, 'chunks'), argv);
  } catch (err) {
    exitOnInternalError(err);
    return;
  }
  // No bundle for this command: the ES-module executable reads the same command line from process.argv and runs it.
  if (cached === undefined) import(pathToFileURL(join(dir, 'bin.js')).href).catch(exitOnInternalError);
  else Promise.resolve(cached).then((c) => (process.exitCode = c), exitOnInternalError);
}
