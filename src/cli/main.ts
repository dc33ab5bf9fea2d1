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
 *   2. add it to COMMANDS below. That is all: --help, did-you-mean, unknown options
 *      (exit 2), usage errors and the exit status come from here.
 * A new option of an existing command goes in that command's module (bulk replay's in
 * commands/replay-ndjson.ts). Load heavy modules inside `run` with import() (as serve,
 * report and generate do) so that every other command starts fast; a command that
 * must stay synchronous (replay, check, rules, schema: tests call them without await)
 * imports what it needs statically.
 */
import { Command, CommanderError } from 'commander';
import { version } from '../version.js';
import type { CliCommand } from './command.js';
import { check } from './commands/check.js';
import { generate } from './commands/generate.js';
import { importData } from './commands/import.js';
import { replay } from './commands/replay.js';
import { report } from './commands/report.js';
import { rules } from './commands/rules.js';
import { schema } from './commands/schema.js';
import { serve } from './commands/serve.js';
import { UsageError } from './common.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

export type { CliIO } from './io.js';
export { processIO } from './io.js';

/** Every command, in the order --help lists them. */
export const COMMANDS: readonly CliCommand[] = [replay, check, rules, schema, generate, importData, report, serve];

const AFTER_HELP = `
Exit status: 0 valid (whatever it finds); 1 --fail-on findings; 2 invalid input;
3 internal error (a bug: please report it).
Run "casepath COMMAND --help" for a command's options and examples.
`;

/** Returns a promise only for the commands that stream or wait (generate, replay --ndjson, report, serve, --step, reading "-"). */
export function main(argv: readonly string[], io: CliIO): ExitCode | Promise<ExitCode> {
  // What the action ran (set inside program.parse).
  const ran: { command: string; result?: ExitCode | Promise<ExitCode> } = { command: '' };
  const program = createProgram(io, COMMANDS, (name, run) => {
    ran.command = name;
    ran.result = run();
  });
  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return EXIT.invalid;
  }
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    return failure(err, io, (err as { command?: string }).command ?? ran.command);
  }
  const result = ran.result ?? EXIT.ok;
  return typeof result === 'number' ? result : result.catch((err: unknown) => failure(err, io, ran.command));
}

/** The commander program for `commands`; `onRun` is called with each command's run, so its result (or throw) reaches main. */
export function createProgram(io: CliIO, commands: readonly CliCommand[], onRun: (name: string, run: () => ExitCode | Promise<ExitCode>) => void): Command {
  const program = new Command('casepath')
    .description("replay child-protection and care-proceedings chronologies against England's process rules, with the statutory source for every flag")
    .version(version(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError(true)
    .configureHelp({ sortOptions: false })
    .configureOutput({
      writeOut: (t) => io.stdout(t),
      writeErr: (t) => io.stderr(t),
      // Errors are printed by main (one format, with a pointer to --help), not by commander.
      outputError: () => {},
      getOutHelpWidth: () => io.columns ?? 80,
      getErrHelpWidth: () => 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .exitOverride()
    .addHelpText('after', AFTER_HELP);
  for (const def of commands) {
    const command = program.command(def.name);
    def.define(command);
    // A parse error names the command it is about (for the pointer to its --help).
    command.exitOverride((err) => {
      throw Object.assign(err, { command: def.name });
    });
    command.action((...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const args = params.slice(0, cmd.registeredArguments.length) as (string | undefined)[];
      onRun(def.name, () => def.run(args, cmd.opts(), io));
    });
  }
  return program;
}

function failure(err: unknown, io: CliIO, command: string): ExitCode {
  if (err instanceof CommanderError) {
    // --help, --version and `help` end through here too, with exit code 0.
    if (err.exitCode === 0) return EXIT.ok;
    return usage(io, command, err.message.replace(/^error: /, ''));
  }
  if (err instanceof UsageError) return usage(io, command, err.message);
  const debug = io.env?.['CASEPATH_DEBUG'];
  io.stderr(`casepath: internal error: ${(err as Error).message}\n${debug ? `${(err as Error).stack}\n` : 'Set CASEPATH_DEBUG=1 for details, and please report it.\n'}`);
  return EXIT.internal;
}

/** A usage error: what is wrong, and where the help is. Exit 2. */
function usage(io: CliIO, command: string, message: string): ExitCode {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  const help = command ? `Run "casepath ${command} --help" for its options, or "casepath --help" for every command.` : 'Run "casepath --help" for usage.';
  io.stderr(`casepath${command ? ` ${command}` : ''}: ${text}\n${help}\n`);
  return EXIT.invalid;
}
