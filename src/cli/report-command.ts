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
import { replayOptionsOf } from '../config.js';
import { quote } from '../input/quote.js';
import { readTextFile } from '../input/read.js';
import { replayChronology } from '../engine/replay.js';
import type { Issue } from '../issues.js';
import { renderHtmlReport } from '../report/html.js';
import { type Trace, parseTraceText } from '../report/viewer-trace.js';
import { type InputFormat, STDIN_NAME, UsageError, asOfOption, loadChronologyArg, maxFileSizeOption, printIssues as printIssuesAs, rulesConfigOption } from './common.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

export interface ReportOptions {
  output: string;
  asOf?: string;
  rulesConfig?: string;
  trace?: string;
  showNotes?: boolean;
  format?: InputFormat;
  /** `--max-file-size`: the largest chronology, rules config or trace accepted (e.g. `64MiB`). */
  maxFileSize?: string;
}

function printIssues(io: CliIO, issues: readonly Issue[]): ExitCode {
  return printIssuesAs(io, issues, false, 'no report was written');
}

/** The report of `file` (or `-`, standard input) per the parsed options (commands/report.ts declares them). */
export async function reportCommand(file: string, values: ReportOptions, io: CliIO): Promise<ExitCode> {
  const output = values.output;
  if (output === '') throw new UsageError('-o/--output FILE is required ("-" for standard output)');
  const asOf = asOfOption(values.asOf);
  const sizeOption = maxFileSizeOption(values.maxFileSize);

  const rulesConfig = rulesConfigOption(values.rulesConfig, sizeOption);
  if (!rulesConfig.config) return printIssues(io, rulesConfig.issues);
  const config = rulesConfig.config;

  const loaded = await loadChronologyArg(file, values.format, io, { ...(asOf !== undefined ? { asOf } : {}), ...sizeOption });
  if (!loaded.ok) return printIssues(io, loaded.issues);
  const source = file === '-' ? STDIN_NAME : file;

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
        { code: 'invalid-field', file: traceFile, path: 'case', message: `the trace is for case ${quote(parsed.trace.case, 'id')}, but ${source} is case ${quote(loaded.chronology.case, 'id')}` },
      ]);
    }
    trace = parsed.trace;
  }

  const result = replayChronology(loaded.chronology, replayOptionsOf(config, asOf !== undefined ? { asOf } : {}));
  const html = await renderHtmlReport(result, {
    chronology: loaded.chronology,
    ...(values.showNotes ? { notes: true } : {}),
    ...(trace ? { trace } : {}),
  });

  const summary = `${result.timeline.length} steps, ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`;
  if (output === '-') {
    // On a stream, wait until the page is written: a reader that stopped early (EPIPE) gets no "written" line.
    const out = io.out;
    const written = out ? await new Promise<boolean>((resolve) => void out.write(html, (err) => resolve(!err))) : (io.stdout(html), true);
    if (written) io.stderr(`casepath: report for ${result.case} written to standard output (${summary}).\n`);
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
