#!/usr/bin/env node
/**
 * The `casepath` executable. It loads the module of the one command asked for (issue 12
 * item 2: start-up): `casepath --version` loads no command at all, `casepath check` only
 * check's, and `serve`, `import` or `report` do not load for a replay. Anything else —
 * --help, `help`, no arguments, an unknown word (for did-you-mean) — loads every command
 * through main.ts, so those behave exactly as `main` does.
 *
 * Built (dist/cli/bin.js), `replay`, `check` and `rules` start from their bundle and its
 * saved V8 code, when both are there (code-cache.ts); `CASEPATH_CODE_CACHE=off` turns
 * that off, and `CASEPATH_DEBUG=1` says on stderr whether V8 took the saved code. Nothing
 * else is imported before the command is known.
 */
import { fileURLToPath } from 'node:url';
import { startFromBundle } from './code-cache.js';
import { type ExitCode, exitOnInternalError } from './exit-codes.js';

async function start(argv: readonly string[]): Promise<ExitCode> {
  const cached = startFromBundle(fileURLToPath(new URL('./chunks/', import.meta.url)), argv);
  if (cached !== undefined) return cached;
  const [{ commandsFor, runCli }, { processIO }] = await Promise.all([import('./command.js'), import('./io.js')]);
  const io = processIO();
  const commands = await commandsFor(argv);
  if (commands) return runCli(argv, io, commands);
  const { main } = await import('./main.js');
  return main(argv, io);
}

start(process.argv.slice(2)).then((c) => (process.exitCode = c), exitOnInternalError);
