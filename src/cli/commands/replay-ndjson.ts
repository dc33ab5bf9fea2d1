/**
 * `casepath replay --ndjson FILE|- [--workers N] [--json]`: bulk replay in bounded
 * memory (src/bulk/stream.ts). Each line is validated, replayed and folded into an
 * aggregate: findings per rule, timeliness per statutory clock, throughput. A progress
 * line goes to stderr on a terminal. Invalid lines are listed by line number (the
 * first 20) and make the run exit 2 after the aggregate is printed. The output does not
 * depend on --workers: aggregates are merged in the order of the input's batches.
 *
 * It shares the `replay` command word (spec §4), so replay.ts declares the command and
 * calls addNdjsonOptions; bulk replay's own options and behaviour live here.
 */
import { createReadStream, statSync } from 'node:fs';
import { checkRegularFile, parseSize } from '../../input/read.js';
import type { Readable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { UsageError, asOfOption, maxFileSizeOption, printIssues, rulesConfigOption } from '../common.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';

export interface NdjsonOptions {
  ndjson?: string;
  workers?: number;
  /** With --workers N: input read before the worker threads start (a size such as 40MiB). */
  workersAfter?: string;
  json?: boolean;
  asOf?: string;
  failOn?: 'certain' | 'possible';
  rulesConfig?: string;
  color: boolean;
  /** With --ndjson: the longest line accepted. */
  maxFileSize?: string;
  /** With --ndjson: also write the caseload report (one offline HTML page) to this file. */
  html?: string;
}

const GROUP = 'Bulk replay (with --ndjson):';

/** Bytes per read of an NDJSON file. */
export const READ_CHUNK = 1 << 20;

/** A whole number of at least `min`, for an option's argParser. */
export function wholeNumber(name: string, min = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} takes a whole number${min > 0 ? ` of at least ${min}` : ''}.`);
    return n;
  };
}

/**
 * Adds --ndjson and --workers to the replay command. Of replay's other options only
 * `shared` (attribute names) apply to bulk replay; the rest are refused with --ndjson.
 */
export function addNdjsonOptions(command: Command, shared: readonly string[]): void {
  const singleOnly = command.options.map((o) => o.attributeName()).filter((name) => !shared.includes(name));
  command
    .addOption(new Option('--ndjson <file>', 'replay a corpus, one chronology a line (FILE, or - for standard input), and print the aggregate').conflicts(singleOnly).helpGroup(GROUP))
    .addOption(new Option('--workers <n>', 'threads replaying batches of lines (default 1: the main thread alone; N: the main thread and N-1 worker threads, started once the input passes 40 MiB); the output is the same for any N').argParser(wholeNumber('--workers', 1)).helpGroup(GROUP))
    .addOption(new Option('--workers-after <size>', 'with --workers N, start the worker threads once this much input is read, or at once for a file at least this large (default 40MiB; 0: at once)').helpGroup(GROUP))
    .addOption(new Option('--html <file>', "also write the caseload report: per statutory clock, met, late and open, working days taken, the children with certain findings (one offline page)").helpGroup(GROUP));
}

export async function replayNdjsonCommand(v: NdjsonOptions, io: CliIO): Promise<ExitCode> {
  const file = v.ndjson!;
  const json = v.json === true;
  const workers = v.workers ?? 1;
  let workersAfterBytes: number | undefined;
  if (v.workersAfter !== undefined) {
    workersAfterBytes = v.workersAfter.trim() === '0' ? 0 : parseSize(v.workersAfter);
    if (workersAfterBytes === undefined) throw new UsageError('--workers-after takes a size in bytes, or with K, M or G (e.g. 40MiB), or 0');
  }
  const asOf = asOfOption(v.asOf);
  const maxLineSize = maxFileSizeOption(v.maxFileSize).maxFileSize;
  const configPath = v.rulesConfig;
  if (configPath !== undefined) {
    const loaded = rulesConfigOption(configPath);
    if (!loaded.config) return printIssues(io, loaded.issues, json);
  }
  let input: Readable;
  // A file's size tells the bulk reader at once whether worker threads will pay (stdin: as it reads).
  let expectedBytes: number | undefined;
  if (file === '-') {
    if (!io.stdin) throw new UsageError('"--ndjson -" reads the corpus from standard input, and there is none here');
    input = io.stdin;
  } else {
    // A regular file only (a FIFO or device is refused, never read until it ends).
    const notFile = checkRegularFile(file);
    if (notFile) return printIssues(io, [notFile], json);
    // Read in 1 MiB pieces (not 64 KiB): fewer round trips to the thread pool per batch.
    input = createReadStream(file, { highWaterMark: READ_CHUNK });
    expectedBytes = statSync(file).size;
  }
  const { replayNdjson } = await import('../../bulk/stream.js');
  const { renderAggregate } = await import('../../report/aggregate.js');
  const showProgress = io.stderrIsTTY === true && !json;
  const result = await replayNdjson(input, {
    workers,
    ...(expectedBytes !== undefined ? { expectedBytes } : {}),
    ...(workersAfterBytes !== undefined ? { workersAfterBytes } : {}),
    source: file === '-' ? 'stdin' : file,
    ...(asOf !== undefined ? { asOf } : {}),
    ...(configPath ? { configPath } : {}),
    ...(maxLineSize !== undefined ? { maxLineSize } : {}),
    ...(showProgress
      ? {
          onProgress: (pr) =>
            io.stderr(`\r  ${pr.cases.toLocaleString('en-GB')} cases · ${pr.events.toLocaleString('en-GB')} events · ${Math.round(pr.events / Math.max(pr.elapsedMs / 1000, 0.001)).toLocaleString('en-GB')} events/s   `),
        }
      : {}),
  });
  if (showProgress) io.stderr('\n');
  const agg = result.aggregate;
  if (v.html !== undefined) {
    const { renderCaseloadHtml, writeCaseloadHtml } = await import('../../report/caseload-html.js');
    const problem = writeCaseloadHtml(v.html, renderCaseloadHtml(result, { source: file === '-' ? 'stdin' : file }));
    if (problem) {
      io.stderr(`casepath replay: cannot write ${v.html} (${problem})\n`);
      return EXIT.invalid;
    }
    io.stderr(`casepath: caseload report written to ${v.html}\n`);
  }
  if (json) io.stdout(`${JSON.stringify({ ...agg, elapsedMs: Math.round(result.elapsedMs), workers: result.workers, eventsPerSecond: Math.round(agg.events / (result.elapsedMs / 1000)) }, null, 2)}\n`);
  else io.stdout(renderAggregate(result));
  if (agg.invalidCases > 0) {
    io.stderr(`${agg.invalidSamples.flatMap((s) => s.issues).join('\n')}\n${agg.invalidCases} invalid line${agg.invalidCases === 1 ? '' : 's'}${agg.invalidCases > agg.invalidSamples.length ? ` (the first ${agg.invalidSamples.length} shown)` : ''}.\n`);
    return EXIT.invalid;
  }
  const certain = Object.values(agg.findings).reduce((n, f) => n + f.certain, 0);
  const possible = Object.values(agg.findings).reduce((n, f) => n + f.possible, 0);
  if (v.failOn === 'certain' && certain > 0) return EXIT.findings;
  if (v.failOn === 'possible' && certain + possible > 0) return EXIT.findings;
  return EXIT.ok;
}
