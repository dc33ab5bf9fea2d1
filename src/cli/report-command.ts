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
 *
 * `casepath report DIR -o site/`: every chronology in DIR (*.yaml, *.yml, *.json, not
 * *.expected.*) replayed, one page each and an index (src/report/site.ts). The pages go
 * into a temporary directory beside the target, renamed into place at the end (into an
 * existing directory, file by file), so no half-written page is ever seen. A file that
 * does not load is listed in the index as not loaded, named on stderr with its number of
 * problems (never their text), and makes the exit status 2 once the rest are written.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { replayOptionsOf } from '../config.js';
import { quote } from '../input/quote.js';
import { readTextFile } from '../input/read.js';
import { replayChronology } from '../engine/replay.js';
import type { Issue } from '../issues.js';
import { renderHtmlReport } from '../report/html.js';
import { type SiteEntry, chronologyFiles, localSourceHref, pageNames, renderSiteIndex } from '../report/site.js';
import { loadChronologyFile } from '../load.js';
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
  if (file !== '-' && isDirectory(file)) return reportSiteCommand(file, values, io);
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

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `casepath report DIR -o SITE`: a page per chronology in DIR and an index, written all at once. */
export async function reportSiteCommand(dir: string, values: ReportOptions, io: CliIO): Promise<ExitCode> {
  const output = values.output;
  if (output === '' || output === '-') throw new UsageError(`${dir} is a directory: -o must name a directory to write its case pages and index.html into (not "${output}")`);
  if (isDirectory(output) === false) {
    let exists = true;
    try {
      statSync(output);
    } catch {
      exists = false;
    }
    if (exists) throw new UsageError(`${dir} is a directory: -o must name a directory for its pages, and ${output} is a file`);
    if (/\.html?$/i.test(output)) throw new UsageError(`${dir} is a directory: -o must name a directory for its pages and index.html (e.g. -o site/), not a page ${output}`);
  }
  if (values.trace !== undefined) throw new UsageError('--trace is for one chronology: an inspection trace belongs to one case');
  if (values.format !== undefined) throw new UsageError('--format is for a chronology on standard input (-); the files in a directory are read by their extension');
  const asOf = asOfOption(values.asOf);
  const sizeOption = maxFileSizeOption(values.maxFileSize);
  const rulesConfig = rulesConfigOption(values.rulesConfig, sizeOption);
  if (!rulesConfig.config) return printIssues(io, rulesConfig.issues);
  const config = rulesConfig.config;

  const files = chronologyFiles(dir);
  if (files.length === 0) {
    io.stderr(`casepath report: no chronologies (*.yaml, *.yml, *.json, not *.expected.*) in ${dir}; nothing was written.\n`);
    return EXIT.invalid;
  }
  const pages = pageNames(files);
  const target = resolve(output);
  const parent = dirname(target);
  const tmp = join(parent, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const cannotWrite = (err: unknown): ExitCode => {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(`casepath report: cannot write ${output}${code ? ` (${code})` : ''}: ${code === 'ENOENT' ? 'its directory does not exist' : (err as Error).message}\n`);
    return EXIT.invalid;
  };
  try {
    mkdirSync(tmp);
  } catch (err) {
    return cannotWrite(err);
  }

  const progress = io.stderrIsTTY === true;
  const entries: SiteEntry[] = [];
  let done = false;
  try {
    for (const [k, name] of files.entries()) {
      if (progress) io.stderr(`\r\u001b[Kcasepath report: ${k + 1}/${files.length} ${name}`);
      const path = join(dir, name);
      const loaded = loadChronologyFile(path, { ...(asOf !== undefined ? { asOf } : {}), ...sizeOption });
      if (!loaded.ok) {
        entries.push({ ok: false, file: name, problems: loaded.issues.length });
        continue;
      }
      const chronology = loaded.chronology;
      const result = replayChronology(chronology, replayOptionsOf(config, asOf !== undefined ? { asOf } : {}));
      const html = await renderHtmlReport(result, { chronology, ...(values.showNotes ? { notes: true } : {}) });
      writeFileSync(join(tmp, pages[k]!), html, { encoding: 'utf8', flag: 'wx' });
      const src = chronology.source;
      const href = src?.file !== undefined ? localSourceHref(path, src.file, target) : undefined;
      entries.push({
        ok: true,
        file: name,
        page: pages[k]!,
        case: result.case,
        ...(result.title ? { title: result.title } : {}),
        ...(src ? { source: { document: src.document, ...(href ? { href } : {}), ...(src.file !== undefined ? { file: src.file } : {}), ...(src.url !== undefined ? { url: src.url } : {}) } } : {}),
        events: result.timeline.length,
        certain: result.findings.filter((f) => f.certainty === 'certain').length,
        possible: result.findings.filter((f) => f.certainty === 'possible').length,
      });
    }
    if (progress) io.stderr('\r\u001b[K');
    writeFileSync(join(tmp, 'index.html'), renderSiteIndex(entries, { from: dir, ...(values.showNotes ? { notes: true } : {}) }), { encoding: 'utf8', flag: 'wx' });
    if (isDirectory(target)) {
      // An existing directory: each page renamed into it, whole (nothing else in it is touched).
      for (const f of readdirSync(tmp)) renameSync(join(tmp, f), join(target, f));
      rmdirSync(tmp);
    } else renameSync(tmp, target);
    done = true;
  } catch (err) {
    if (progress) io.stderr('\r\u001b[K');
    // A file system error is the user's to fix (exit 2); anything else is a bug (exit 3, from main).
    if (typeof (err as NodeJS.ErrnoException | undefined)?.code !== 'string') throw err;
    return cannotWrite(err);
  } finally {
    if (!done) rmSync(tmp, { recursive: true, force: true });
  }

  const failed = entries.filter((x) => !x.ok);
  for (const x of failed) io.stderr(`casepath report: ${join(dir, x.file)}: not loaded (${plural(x.problems, 'problem')}; casepath check shows them)\n`);
  const written = entries.length - failed.length;
  io.stderr(`casepath: ${plural(written, 'case page')} and index.html written to ${output}${failed.length ? `; ${plural(failed.length, 'file')} not loaded` : ''}.\n`);
  return failed.length ? EXIT.invalid : EXIT.ok;
}
