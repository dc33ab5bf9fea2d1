/**
 * The command line. `main(argv, io)` parses its own arguments (commander) and returns
 * an exit code, so it is testable without a process; bin.ts only calls it. Nothing is
 * written until a command has finished its work: invalid input never leaves half a
 * report behind. Exit codes are in exit-codes.ts; the one UsageError is in common.ts.
 *
 * Adding a command (`casepath import ...`, say):
 *   1. write src/cli/commands/import.ts exporting a CliCommand (command.ts says what
 *      `define` and `run` do; commands/check.ts is the smallest example): its
 *      arguments, options, a description and help examples, and `run`;
 *   2. add it to COMMANDS below, and its loader to LOADERS in command.ts (bin.ts loads
 *      only the module of the command asked for; tests/cli-startup.test.ts checks the
 *      two lists agree). That is all: --help, did-you-mean, unknown options (exit 2),
 *      usage errors and the exit status come from command.ts's `runCli`.
 * A new option of an existing command goes in that command's module (bulk replay's in
 * commands/replay-ndjson.ts). Load heavy modules inside `run` with import() (as serve,
 * report and generate do) so that every other command starts fast; a command that
 * must stay synchronous (replay, check, rules, schema: tests call them without await)
 * imports what it needs statically.
 */
import { type CliCommand, runCli } from './command.js';
import { check } from './commands/check.js';
import { generate } from './commands/generate.js';
import { importData } from './commands/import.js';
import { replay } from './commands/replay.js';
import { report } from './commands/report.js';
import { rules } from './commands/rules.js';
import { schema } from './commands/schema.js';
import { serve } from './commands/serve.js';
import type { ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

export type { CliIO } from './io.js';
export { processIO } from './io.js';
export { createProgram } from './command.js';

/** Every command, in the order --help lists them. */
export const COMMANDS: readonly CliCommand[] = [replay, check, rules, schema, generate, importData, report, serve];

/** Returns a promise only for the commands that stream or wait (generate, replay --ndjson, report, serve, --step, reading "-"). */
export function main(argv: readonly string[], io: CliIO): ExitCode | Promise<ExitCode> {
  return runCli(argv, io, COMMANDS);
}
