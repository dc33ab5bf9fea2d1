/**
 * `casepath replay FILE|-`: the timeline with findings inline and a summary, or the
 * findings document (`--json`, spec §4); `--step` walks it in the terminal, `--trace`
 * writes XState's inspection events, `--inspect` shows it in the Stately inspector.
 * With `--ndjson FILE|-` it is bulk replay instead (commands/replay-ndjson.ts).
 *
 * Synchronous for a file and the plain text or JSON output (tests call it without
 * await); --step, --trace, --inspect and a chronology on standard input return a
 * promise, and their modules load only when asked for.
 */
import { Option } from 'commander';
import { replayOptionsOf } from '../../config.js';
import type { EngineKind } from '../../engine/processes.js';
import { replayChronology } from '../../engine/replay.js';
import { toFindingsDocument } from '../../report/json.js';
import { POSSIBLE_MODES, type PossibleMode, renderTerminal } from '../../report/terminal.js';
import { defineCommand, examples } from '../command.js';
import { INPUT_FORMATS, type InputFormat, UsageError, andThen, asOfOption, loadChronologyArg, maxFileSizeOption, printIssues, rulesConfigOption, useColor } from '../common.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type NdjsonOptions, addNdjsonOptions, replayNdjsonCommand } from './replay-ndjson.js';

export type Certainty = 'certain' | 'possible';
export const CERTAINTIES: readonly Certainty[] = ['certain', 'possible'];

interface ReplayOptions extends NdjsonOptions {
  json?: boolean;
  asOf?: string;
  failOn?: Certainty;
  only?: Certainty;
  possible: PossibleMode;
  rulesConfig?: string;
  engine: EngineKind;
  showNotes?: boolean;
  color: boolean;
  step?: boolean;
  trace?: string;
  inspect?: boolean;
  iUnderstandDataLeavesThisMachine?: boolean;
  format?: InputFormat;
  maxFileSize?: string;
}

/** Exit 1 when --fail-on findings exist (certain: certain ones; possible: any). */
export function failOnExit(failOn: Certainty | undefined, findings: readonly { certainty: string }[]): ExitCode {
  if (failOn === undefined) return EXIT.ok;
  return findings.some((f) => failOn === 'possible' || f.certainty === 'certain') ? EXIT.findings : EXIT.ok;
}

export const replay = defineCommand<ReplayOptions>({
  name: 'replay',
  define(command) {
    command
      .summary('timeline, findings with citations, summary (--ndjson: a corpus in bounded memory)')
      .description(
        'Replay a chronology against the process machines and rules: each event with its date range, where each child stands, and the findings inline with rule id and citation, then a summary. Free-text notes are never printed unless --show-notes.',
      )
      .argument('[file]', 'the chronology (.yaml, .yml or .json), or - for standard input')
      .option('--json', 'print the findings document (spec §4) instead of the timeline')
      .option('--as-of <date>', "judge open deadlines at DATE (YYYY-MM-DD) instead of the file's asOf")
      .addOption(new Option('--fail-on <level>', 'exit 1 when there are findings of LEVEL (possible includes certain), for CI').choices(CERTAINTIES))
      .addOption(new Option('--only <certainty>', 'show only findings of that certainty in the timeline (the summary still counts all)').choices(CERTAINTIES))
      .addOption(
        new Option('--possible <how>', "possible findings: one line per event naming their rules and what would settle them, or each in full (--only possible: in full)")
          .choices(POSSIBLE_MODES)
          .default('summary'),
      )
      .option('--rules-config <file>', "a local authority's timescales and rule parameters (YAML or JSON)")
      .addOption(new Option('--engine <kind>', "compiled tables, or XState's own transition(): the same results").choices(['compiled', 'xstate']).default('compiled'))
      .addOption(new Option('--format <format>', 'the format of a chronology on standard input (default: yaml, which also reads JSON)').choices(INPUT_FORMATS))
      .option('--show-notes', "include free-text notes (off by default: chronologies hold children's data)")
      .option('--max-file-size <size>', 'the largest file accepted (default 16MiB; e.g. 64MiB); with --ndjson, the longest line')
      .option('--no-color', 'plain text (also: the NO_COLOR environment variable)')
      .option('--step', 'step through the replay one event at a time (→ space n Enter next, ← p b back, Home/End, q quit); not with --json')
      .option('--trace <file>', "also write XState's inspection events of the replay to FILE (JSON, local)")
      .option(
        '--inspect',
        'watch the replay live in the Stately inspector. This sends machine definitions, events (notes stripped) and states to a third-party website: synthetic or published, anonymised cases only. Refused unless --i-understand-data-leaves-this-machine is also given.',
      )
      // Named in --inspect's help; hidden from the option list, whose column it would widen past 80.
      .addOption(new Option('--i-understand-data-leaves-this-machine', 'confirm --inspect').hideHelp());
    addNdjsonOptions(command, ['json', 'asOf', 'failOn', 'rulesConfig', 'color', 'maxFileSize']);
    command.addHelpText(
      'after',
      examples([
        ['casepath replay scenarios/lgsco-24-009-262.yaml', 'the timeline, findings and summary'],
        ['casepath replay case.yaml --json --as-of 2024-06-30', 'the findings document, open deadlines judged on 30 June 2024'],
        ['casepath replay case.yaml --fail-on certain --only certain', 'exit 1 if any rule is certainly broken (for CI), showing only those'],
        ['casepath replay case.yaml --possible full', 'every possible finding in full, with what would settle it'],
        ['cat case.json | casepath replay - --format json', 'a chronology from standard input'],
        ['casepath replay case.yaml --step', 'step through the case in the terminal'],
        ['casepath generate --cases 1000 | casepath replay --ndjson - --workers 2', 'bulk replay of a corpus'],
      ]),
    );
  },

  run([file], v, io) {
    if (v.ndjson !== undefined) {
      if (file !== undefined) throw new UsageError(`bulk replay reads its corpus from --ndjson FILE|-, not from the argument "${file}"`);
      return replayNdjsonCommand(v, io);
    }
    if (v.workers !== undefined) throw new UsageError('--workers is for bulk replay (--ndjson FILE|-)');
    if (v.workersAfter !== undefined) throw new UsageError('--workers-after is for bulk replay (--ndjson FILE|-)');
    if (file === undefined) throw new UsageError("missing required argument 'file' (a chronology .yaml, .yml or .json, or - for standard input)");
    const step = v.step === true;
    const inspect = v.inspect === true;
    const json = v.json === true;
    if (step && json) throw new UsageError('--step and --json do not go together: --step is for a terminal');
    if (v.trace === '') throw new UsageError('--trace takes a FILE to write');
    if (inspect && v.iUnderstandDataLeavesThisMachine !== true) {
      // Refused before anything is read, replayed or connected.
      return import('../inspect.js').then((m) => {
        io.stderr(m.inspectRefusal());
        return EXIT.invalid;
      });
    }
    if ((step || inspect) && file === '-') throw new UsageError(`${step ? '--step' : '--inspect'} reads keys from standard input, so the chronology cannot come from it: give its FILE`);
    if ((step || inspect) && !io.stdin) throw new UsageError(`${step ? '--step' : '--inspect'} needs standard input to read keys from`);
    const asOf = asOfOption(v.asOf);
    const size = maxFileSizeOption(v.maxFileSize);

    const rulesConfig = rulesConfigOption(v.rulesConfig, size);
    if (!rulesConfig.config) return printIssues(io, rulesConfig.issues, json);
    const config = rulesConfig.config;

    return andThen(loadChronologyArg(file, v.format, io, { ...(asOf !== undefined ? { asOf } : {}), ...size }), (loaded): ExitCode | Promise<ExitCode> => {
      if (!loaded.ok) return printIssues(io, loaded.issues, json);
      const result = replayChronology(loaded.chronology, replayOptionsOf(config, { engine: v.engine, ...(asOf !== undefined ? { asOf } : {}) }));
      const notes = v.showNotes === true;
      const only = v.only;
      const exitFor = (code: ExitCode): ExitCode => (code === EXIT.ok ? failOnExit(v.failOn, result.findings) : code);
      const color = useColor(io, v.color);
      const report = () => {
        if (json) io.stdout(`${JSON.stringify(toFindingsDocument(result, { notes }), null, 2)}\n`);
        else io.stdout(renderTerminal(result, { color, notes, possible: v.possible, ...(only ? { only } : {}), ...(io.columns ? { width: io.columns } : {}) }));
      };
      const tracePath = v.trace;
      if (tracePath === undefined && !step && !inspect) {
        report();
        return exitFor(EXIT.ok);
      }
      // --trace, --step, --inspect: their modules load only when asked for.
      return (async (): Promise<ExitCode> => {
        if (tracePath !== undefined) {
          // Written only after a successful replay, and before anything is printed.
          const { traceReplay, writeTraceFile } = await import('../../engine/trace.js');
          const problem = writeTraceFile(tracePath, traceReplay(loaded.chronology));
          if (problem) {
            io.stderr(`casepath: cannot write the trace to ${tracePath}: ${problem}\n`);
            return EXIT.invalid;
          }
        }
        if (!step && !inspect) {
          report();
          return exitFor(EXIT.ok);
        }
        const stepOptions = { color, notes, ...(only ? { only } : {}) };
        if (!step) report();
        if (inspect) {
          const m = await import('../inspect.js');
          const port = m.inspectPort(io.env);
          if (port === undefined) throw new UsageError(`CASEPATH_INSPECT_PORT "${io.env?.['CASEPATH_INSPECT_PORT']}" is not a port number`);
          return exitFor(await m.runInspect(loaded.chronology, result, io, { port, ...(step ? { step: stepOptions } : {}) }));
        }
        const { runStepper } = await import('../step.js');
        return exitFor(await runStepper(result, io, stepOptions));
      })();
    });
  },
});
