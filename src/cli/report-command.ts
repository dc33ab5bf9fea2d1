/**
 * `casepath report FILE -o case.html`: the self-contained HTML training viewer
 * (src/report/html.ts) for one chronology.
 *
 * Like the rest of the CLI it writes nothing until the report is complete: an invalid
 * chronology, rules config or trace prints every problem and exits 2 with no file
 * created, and the report itself goes to a temporary file in the output's own
 * directory that is renamed into place, so a reader never sees half a report. One
 * line on stderr says where the report went. Free-text notes appear only with
 * --show-notes.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { INPUT_YEARS, isInputDay, parseDay } from '../calendar/day.js';
import { quote } from '../input/quote.js';
import { parseSize, readTextFile } from '../input/read.js';
import { type ResolvedConfig, defaultConfig, loadConfigFile, replayOptionsOf } from '../config.js';
import { replayChronology } from '../engine/replay.js';
import { type Issue, formatIssue } from '../issues.js';
import { loadChronologyFile } from '../load.js';
import { renderHtmlReport } from '../report/html.js';
import { type Trace, parseTraceText } from '../report/viewer-trace.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIO } from './main.js';

const USAGE = `casepath report — a self-contained HTML training viewer for one chronology

Usage:
  casepath report FILE -o case.html [options]

Options:
  -o, --output FILE      where to write the report (required); "-" writes it to standard output
  --as-of DATE           judge open deadlines at DATE (YYYY-MM-DD) instead of the file's asOf
  --rules-config FILE    a local authority's timescales and rule parameters (YAML or JSON)
  --trace FILE           embed an inspection trace (casepath replay FILE --trace trace.json)
  --show-notes           include free-text notes (off by default: chronologies hold children's data)
  --max-file-size SIZE   largest chronology or rules config accepted (default 16MiB; e.g. 64MiB)
  -h, --help             this help

The report is one HTML file with no network access at all: open it from a USB stick.
Exit status: 0 written; 2 invalid input (nothing written); 3 internal error.
`;

class UsageError extends Error {}

export async function reportCommand(args: readonly string[], io: CliIO): Promise<ExitCode> {
  try {
    return await run(args, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`casepath report: ${(err as Error).message}\nRun "casepath report --help" for usage.\n`);
      return EXIT.invalid;
    }
    throw err;
  }
}

function printIssues(io: CliIO, issues: readonly Issue[]): ExitCode {
  io.stderr(`${issues.map(formatIssue).join('\n')}\n${issues.length} problem${issues.length === 1 ? '' : 's'} found; no report was written.\n`);
  return EXIT.invalid;
}

async function run(args: readonly string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      output: { type: 'string', short: 'o' },
      'as-of': { type: 'string' },
      'rules-config': { type: 'string' },
      trace: { type: 'string' },
      'show-notes': { type: 'boolean' },
      'max-file-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'expected one chronology FILE' : `unexpected argument "${positionals[1]}"`);
  const output = values.output;
  if (output === undefined || output === '') throw new UsageError('-o/--output FILE is required ("-" for standard output)');
  let asOf: number | undefined;
  if (values['as-of'] !== undefined) {
    asOf = parseDay(values['as-of']);
    if (asOf === undefined) throw new UsageError(`--as-of "${values['as-of'].slice(0, 40)}" is not a date (YYYY-MM-DD)`);
    if (!isInputDay(asOf)) throw new UsageError(`--as-of ${values['as-of']} is outside the years ${INPUT_YEARS.first}–${INPUT_YEARS.last}, the dates casepath accepts`);
  }
  let maxFileSize: number | undefined;
  if (values['max-file-size'] !== undefined) {
    maxFileSize = parseSize(values['max-file-size']);
    if (maxFileSize === undefined) throw new UsageError('--max-file-size takes a size in bytes, or with K, M or G (e.g. 64MiB)');
  }
  const sizeOption = maxFileSize !== undefined ? { maxFileSize } : {};

  let config: ResolvedConfig = defaultConfig();
  if (values['rules-config'] !== undefined) {
    const loaded = loadConfigFile(values['rules-config'], sizeOption);
    if (!loaded.config) return printIssues(io, loaded.issues);
    config = loaded.config;
  }

  const file = positionals[0]!;
  const loaded = loadChronologyFile(file, { ...(asOf !== undefined ? { asOf } : {}), ...sizeOption });
  if (!loaded.ok) return printIssues(io, loaded.issues);

  let trace: Trace | undefined;
  if (values.trace !== undefined) {
    const traceFile = values.trace;
    // A regular file, UTF-8, within the size limit (a FIFO is refused, never waited on).
    const read = readTextFile(traceFile, sizeOption);
    if (!read.ok) return printIssues(io, read.issues);
    const parsed = parseTraceText(read.text);
    if (!parsed.ok) {
      return printIssues(
        io,
        parsed.problems.map((message) => ({ code: 'parse-error' as const, file: traceFile, path: '', message: `not a casepath inspection trace: ${message}` })),
      );
    }
    if (parsed.trace.case !== loaded.chronology.case) {
      return printIssues(io, [
        { code: 'invalid-field', file: traceFile, path: 'case', message: `the trace is for case ${quote(parsed.trace.case, 'id')}, but ${file} is case ${quote(loaded.chronology.case, 'id')}` },
      ]);
    }
    trace = parsed.trace;
  }

  const result = replayChronology(loaded.chronology, replayOptionsOf(config, asOf !== undefined ? { asOf } : {}));
  const html = await renderHtmlReport(result, {
    chronology: loaded.chronology,
    ...(values['show-notes'] ? { notes: true } : {}),
    ...(trace ? { trace } : {}),
  });

  const summary = `${result.timeline.length} steps, ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`;
  if (output === '-') {
    io.stdout(html);
    io.stderr(`casepath: report for ${result.case} written to standard output (${summary}).\n`);
    return EXIT.ok;
  }
  // Write beside the target, then rename: never half a report under the real name.
  const tmp = join(dirname(output), `.${basename(output)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, html, { encoding: 'utf8', flag: 'wx' });
    renameSync(tmp, output);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(`casepath report: cannot write ${output}${code ? ` (${code})` : ''}: ${code === 'ENOENT' ? 'its directory does not exist' : (err as Error).message}\n`);
    return EXIT.invalid;
  }
  io.stderr(`casepath: report for ${result.case} written to ${output} (${summary}).\n`);
  return EXIT.ok;
}
