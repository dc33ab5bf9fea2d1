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
import { bundleNote, commandWord, loadCommandBundle } from './code-cache.js';
import { EXIT } from './exit-codes.js';

function internalError(err: unknown): void {
  process.stderr.write(`casepath: internal error: ${(err as Error).message}\n`);
  process.exitCode = EXIT.internal;
}

/** Run the command line; `dir` is the executable's own directory (dist/cli, with chunks/ and bin.js in it). */
export function launch(dir: string, argv: readonly string[] = process.argv.slice(2)): void {
  const word = process.env['CASEPATH_CODE_CACHE'] === 'off' ? undefined : commandWord(argv);
  let bundle: ReturnType<typeof loadCommandBundle>;
  try {
    bundle = word !== undefined ? loadCommandBundle(join(dir, 'chunks'), word) : undefined;
  } catch (err) {
    internalError(err);
    return;
  }
  if (!bundle) {
    // The ES-module executable reads the same command line from process.argv and runs it.
    import(pathToFileURL(join(dir, 'bin.js')).href).catch(internalError);
    return;
  }
  if (process.env['CASEPATH_DEBUG']) process.stderr.write(bundleNote(word!, bundle));
  const started = bundle;
  Promise.resolve()
    .then(() => started.start(argv))
    .then((c) => (process.exitCode = c), internalError);
}
