/**
 * One CLI command: `src/cli/commands/<name>.ts` exports one of these, and main.ts lists
 * it in COMMANDS. `define` declares the arguments, options, description and help
 * examples on the commander Command that main creates for it; `run` gets the parsed
 * arguments and options and returns an exit code (a promise when it streams or waits).
 * `run` reports bad input by throwing UsageError (exit 2, with a pointer to --help) or
 * returning EXIT.invalid after printing issues, and never calls process.exit.
 */
import type { Command } from 'commander';
import type { ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

export interface CliCommand<Options = Record<string, unknown>> {
  /** The command word, fixed by the spec once published (add, never rename). */
  name: string;
  define(command: Command): void;
  /** `args` are the command's declared arguments, in order (undefined when optional and absent). */
  run(args: (string | undefined)[], options: Options, io: CliIO): ExitCode | Promise<ExitCode>;
}

/** Declares a command with its options' type checked against `run`. */
export function defineCommand<Options>(command: CliCommand<Options>): CliCommand {
  return command as unknown as CliCommand;
}

/** An "Examples:" block for a command's --help: each command line, and under it what it does. */
export function examples(lines: readonly [string, string][]): string {
  return `\nExamples:\n${lines.map(([cmd, what]) => `  $ ${cmd}\n      ${what}`).join('\n')}\n`;
}
