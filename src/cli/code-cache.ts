/**
 * Starting the commands run most often from a V8 code cache (issue 12 item 2: start-up).
 *
 * Node 20 compiles every module afresh in each process (it has no module compile cache),
 * and compiles each function again the first time it runs: for `casepath replay` of one
 * scenario that was about a third of the process's time. So `npm run build`
 * (scripts/build-cli.mjs) also writes, for each command in {@link CACHED_COMMANDS}, one
 * CommonJS bundle of that command alone (`dist/cli/chunks/cached-<command>.cjs`), runs it
 * once on a sample (scripts/train-code-cache.mjs) and saves V8's code for everything that
 * ran (`….cjs.v8cache`, from `vm.Script#createCachedData`). The executable then compiles
 * that bundle with the saved code as `cachedData`.
 *
 * V8 checks the saved code against its own version, its flags and the source, and
 * rejects it if any differs (another Node, `NODE_OPTIONS` flags, a rebuilt bundle): the
 * bundle is then compiled as usual, about as fast as the ES-module chunks load. Without
 * the bundle (tsc's unbundled dist/src/cli/bin.js, the sources), or with
 * `CASEPATH_CODE_CACHE=off`, the executable loads the ES-module chunks as before. Either
 * way the command is the same code: tests/cli-bundle.test.ts compares their output.
 *
 * This module is loaded by every start of the executable: it imports only node's own
 * modules, and nothing of the command.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';
import type { ExitCode } from './exit-codes.js';

/**
 * The commands started from a code cache: for each, its module (under src/cli/) and the
 * name it exports the command under (as LOADERS in command.ts imports it; a test holds
 * the two together). Other commands start from the ES-module chunks.
 */
export const CACHED_COMMANDS: Readonly<Record<string, { module: string; export: string }>> = {
  replay: { module: 'commands/replay.js', export: 'replay' },
  check: { module: 'commands/check.js', export: 'check' },
  rules: { module: 'commands/rules.js', export: 'rules' },
};

/**
 * The name the bundles call instead of `import()` (scripts/build-cli.mjs rewrites each
 * `import("package")` the bundle leaves out, e.g. @statelyai/inspect for `replay --inspect`).
 */
export const DYNAMIC_IMPORT = '__casepath_import';

/** A package the bundle leaves out, imported as from here (the packages are the executable's own). */
function importPackage(specifier: string): Promise<unknown> {
  return import(specifier);
}

/** The command word of `argv`: the first word that is not an option (the top-level options take no values). */
export function commandWord(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

/** The bundle of `command` in `dir` (dist/cli/chunks/). */
export function bundleFileOf(dir: string, command: string): string {
  return join(dir, `cached-${command}.cjs`);
}

/** The saved code beside a bundle. */
export function codeCacheFileOf(bundle: string): string {
  return `${bundle}.v8cache`;
}

export interface CommandBundle {
  /** Runs the command as bin.ts would (`runCli(argv, processIO(), [command])`). */
  start(argv: readonly string[]): ExitCode | Promise<ExitCode>;
  /** The compiled bundle (scripts/train-code-cache.mjs saves its code after a run). */
  script: Script;
  /** Whether V8 refused the saved code; `undefined` when there was none. */
  rejected: boolean | undefined;
}

/**
 * Start the command of `argv` from its bundle in `dir` (both executables do this first), or
 * `undefined` when it has none or `CASEPATH_CODE_CACHE=off`. With `CASEPATH_DEBUG` set, says
 * on stderr whether V8 took the saved code (a rejected one costs start-up time, nothing else).
 */
export function startFromBundle(dir: string, argv: readonly string[]): ExitCode | Promise<ExitCode> | undefined {
  const word = process.env['CASEPATH_CODE_CACHE'] === 'off' ? undefined : commandWord(argv);
  const bundle = word !== undefined ? loadCommandBundle(dir, word) : undefined;
  if (!bundle) return undefined;
  if (process.env['CASEPATH_DEBUG']) {
    process.stderr.write(`casepath: ${word} started from its bundle; saved code ${bundle.rejected === undefined ? 'missing' : bundle.rejected ? 'rejected by V8 (compiled afresh)' : 'accepted'}\n`);
  }
  return bundle.start(argv);
}

/**
 * The bundle of `command` in `dir`, compiled (with its saved code when there is some) and
 * run to define its `start`; `undefined` when `command` has none (not a cached command, or
 * not built). A bundle that is there but does not load is a broken build: that throws.
 */
export function loadCommandBundle(dir: string, command: string): CommandBundle | undefined {
  if (!Object.hasOwn(CACHED_COMMANDS, command)) return undefined;
  const file = resolve(bundleFileOf(dir, command));
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(codeCacheFileOf(file));
  } catch {
    cachedData = undefined;
  }
  // CommonJS's own wrapper, on the bundle's first line so that its line numbers hold in stack
  // traces, and `__casepath_import` for the ES modules the bundle leaves out (a script's own
  // import() would need node:vm's experimental loader option; the build rewrites the bundle's).
  const script = new Script(`(function (exports, require, module, __filename, __dirname, ${DYNAMIC_IMPORT}) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as { start?: CommandBundle['start'] } };
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string, load: (specifier: string) => Promise<unknown>) => void;
  wrapper(module.exports, createRequire(file), module, file, dirname(file), importPackage);
  const start = module.exports.start;
  if (typeof start !== 'function') throw new Error(`${file} does not export start(): rebuild with npm run build`);
  return { start, script, rejected: cachedData ? script.cachedDataRejected === true : undefined };
}
