#!/usr/bin/env node
/**
 * The `casepath` executable. It loads the module of the one command asked for (issue 12
 * item 2: start-up): `casepath --version` loads no command at all, `casepath check` only
 * check's, and `serve`, `import` or `report` do not load for a replay. Anything else —
 * --help, `help`, no arguments, an unknown word (for did-you-mean) — loads every command
 * through main.ts, so those behave exactly as `main` does.
 */
import { commandsFor, runCli } from './command.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { processIO } from './io.js';

async function start(argv: readonly string[]): Promise<ExitCode> {
  const io = processIO();
  const commands = await commandsFor(argv);
  if (commands) return runCli(argv, io, commands);
  const { main } = await import('./main.js');
  return main(argv, io);
}

start(process.argv.slice(2)).then(
  (c) => (process.exitCode = c),
  (err: unknown) => {
    process.stderr.write(`casepath: internal error: ${(err as Error).message}\n`);
    process.exitCode = EXIT.internal;
  },
);
