/**
 * One CLI command: `src/cli/commands/<name>.ts` exports one of these, and main.ts lists
 * it in COMMANDS. `define` declares the arguments, options, description and help
 * examples on the commander Command that main creates for it; `run` gets the parsed
 * arguments and options and returns an exit code (a promise when it streams or waits).
 * `run` reports bad input by throwing UsageError (exit 2, with a pointer to --help) or
 * returning EXIT.invalid after printing issues, and never calls process.exit.
 *
 * The program itself (`runCli`, `createProgram`) is here too, and this module imports only
 * commander, the version and the exit codes: bin.ts starts a command having loaded that
 * command's module alone (main.ts, which lists every command, is for --help and tests).
 */
import { Command, CommanderError } from 'commander';
import { version } from '../version.js';
import { commandWord } from './code-cache.js';
import { EXIT, type ExitCode } from './exit-codes.js';
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

const AFTER_HELP = `
Exit status: 0 valid (whatever it finds); 1 --fail-on findings; 2 invalid input;
3 internal error (a bug: please report it).
Run "casepath COMMAND --help" for a command's options and examples.
`;

/** Returns a promise only for the commands that stream or wait (generate, replay --ndjson, report, serve, --step, reading "-"). */
export function runCli(argv: readonly string[], io: CliIO, commands: readonly CliCommand[]): ExitCode | Promise<ExitCode> {
  // What the action ran (set inside program.parse).
  const ran: { command: string; result?: ExitCode | Promise<ExitCode> } = { command: '' };
  const program = createProgram(io, commands, (name, run) => {
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
  // By name, not instanceof: this module must not load common.ts (and with it the loader) to start.
  if (err instanceof Error && err.name === 'UsageError') return usage(io, command, err.message);
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

/** Each command's module, by the word that runs it (the names in main.ts's COMMANDS; tests/cli-startup.test.ts holds them together). */
export const LOADERS: Readonly<Record<string, () => Promise<CliCommand>>> = {
  replay: () => import('./commands/replay.js').then((m) => m.replay),
  check: () => import('./commands/check.js').then((m) => m.check),
  rules: () => import('./commands/rules.js').then((m) => m.rules),
  schema: () => import('./commands/schema.js').then((m) => m.schema),
  generate: () => import('./commands/generate.js').then((m) => m.generate),
  import: () => import('./commands/import.js').then((m) => m.importData),
  report: () => import('./commands/report.js').then((m) => m.report),
  serve: () => import('./commands/serve.js').then((m) => m.serve),
};

const VERSION_FLAGS = new Set(['-v', '--version']);

/** The commands `argv` needs loaded: its command's alone, none for --version, or undefined for all of them. */
export async function commandsFor(argv: readonly string[]): Promise<readonly CliCommand[] | undefined> {
  const word = commandWord(argv);
  if (word !== undefined) {
    const load = Object.hasOwn(LOADERS, word) ? LOADERS[word] : undefined;
    return load ? [await load()] : undefined;
  }
  return argv.length > 0 && argv.every((a) => VERSION_FLAGS.has(a)) ? [] : undefined;
}

