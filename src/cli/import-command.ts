/**
 * `casepath import cin FILE|-`, `casepath import 903 DIR`, `casepath import ssd DIR`:
 * council data to chronologies, NDJSON (one chronology a line).
 *
 * Nothing is half-written: the NDJSON is written to a temporary file (readable by the
 * user only) and, once the whole import has succeeded, renamed onto `-o FILE` or
 * copied to standard output; on an input error (exit 2) nothing is written at all.
 * Diagnostics (data defects, each with file, case, field and DfE rule code) go to
 * standard error, or as NDJSON to `--diagnostics FILE` (written the same way); they
 * never quote free text. A progress line is drawn on standard error on a terminal only.
 *
 * `importCommand(args, io)` takes arguments already parsed (for the CLI's own parser to
 * call); `importCommandArgv(argv, io)` parses `argv` itself with node:util.
 */
import { createReadStream, createWriteStream, mkdtempSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { parseDay } from '../calendar/day.js';
import { importCin, sourceName } from '../import/cin.js';
import { type CompletenessMode, type ImportDiagnostic, ImportError, type ImportOptions, type ImportSummary, type Pseudonymiser, createPseudonymiser, formatDiagnostic, readKeyFile } from '../import/common.js';
import { import903 } from '../import/ssda903.js';
import { importSsd } from '../import/ssd.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

export type ImportFormat = 'cin' | '903' | 'ssd';

export interface ImportArgs {
  format: ImportFormat;
  /** A file (CIN, or `-` for standard input) or a directory of CSV files (903, SSD). */
  input: string;
  /** `-o FILE`; default standard output. */
  output?: string;
  /** `--diagnostics FILE` (NDJSON); default standard error, one line each. */
  diagnostics?: string;
  /** `--pseudonymise KEYFILE`. */
  pseudonymise?: string;
  /** `--completeness coverage|record|summary` (default coverage). */
  completeness?: string;
  /** `--as-of DATE` (903: default the 31 March on or after the latest date; SSD: default today). */
  asOf?: string;
  /** `--from DATE` (SSD: first day of the record; default six years before asOf). */
  from?: string;
  /** `--la CODE` (903, SSD: the local authority code that prefixes case ids). */
  la?: string;
  /** `--case family|child` (SSD, default family). */
  case?: string;
}

export const IMPORT_USAGE = `Usage:
  casepath import cin FILE.xml|-   the DfE CIN census (XML), one chronology per child
  casepath import 903 DIR          SSDA903 CSV tables (header, episodes, reviews, SW episodes), one per child
  casepath import ssd DIR          Standard Safeguarding Dataset tables (one CSV per table), one per family or child

Options:
  -o FILE                 write the NDJSON to FILE (atomically) instead of standard output
  --diagnostics FILE      write data defects to FILE as NDJSON instead of standard error
  --pseudonymise KEYFILE  replace every case, child and worker id by a keyed HMAC-SHA-256 pseudonym
  --completeness MODE     coverage (default: what the source records in full), record or summary
  --as-of DATE            903: the collection's 31 March (default: inferred); SSD: the extract date (default today)
  --from DATE             SSD: the first day the extract records in full (default six years before --as-of)
  --la CODE               903, SSD: the local authority code in case ids (default 903 / SSD)
  --case family|child     SSD: one chronology per family (default) or per child
`;

class UsageError extends Error {}

/** Parse `argv` (after `import`) and run. */
export function importCommandArgv(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let args: ImportArgs;
  try {
    const p = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        diagnostics: { type: 'string' },
        pseudonymise: { type: 'string' },
        completeness: { type: 'string' },
        'as-of': { type: 'string' },
        from: { type: 'string' },
        la: { type: 'string' },
        case: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (p.values.help) {
      io.stdout(IMPORT_USAGE);
      return Promise.resolve(EXIT.ok);
    }
    const [format, input, ...extra] = p.positionals;
    if (format !== 'cin' && format !== '903' && format !== 'ssd') throw new UsageError(format === undefined ? 'import needs a format: cin, 903 or ssd' : `unknown import format "${format}" (cin, 903 or ssd)`);
    if (input === undefined) throw new UsageError(format === 'cin' ? 'import cin needs a FILE (or - for standard input)' : `import ${format} needs a DIR of CSV files`);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const v = p.values;
    args = {
      format,
      input,
      ...(v.output !== undefined ? { output: v.output } : {}),
      ...(v.diagnostics !== undefined ? { diagnostics: v.diagnostics } : {}),
      ...(v.pseudonymise !== undefined ? { pseudonymise: v.pseudonymise } : {}),
      ...(v.completeness !== undefined ? { completeness: v.completeness } : {}),
      ...(v['as-of'] !== undefined ? { asOf: v['as-of'] } : {}),
      ...(v.from !== undefined ? { from: v.from } : {}),
      ...(v.la !== undefined ? { la: v.la } : {}),
      ...(v.case !== undefined ? { case: v.case } : {}),
    };
  } catch (err) {
    io.stderr(`casepath import: ${(err as Error).message}\nRun "casepath import --help" for usage.\n`);
    return Promise.resolve(EXIT.invalid);
  }
  return importCommand(args, io);
}

/** Run an import with parsed arguments; returns the exit code (0 also when there are diagnostics). */
export async function importCommand(args: ImportArgs, io: CliIO): Promise<ExitCode> {
  const fail = (message: string): ExitCode => {
    io.stderr(`casepath import: ${message}\n`);
    return EXIT.invalid;
  };
  const completeness = (args.completeness ?? 'coverage') as CompletenessMode;
  if (!['coverage', 'record', 'summary'].includes(completeness)) return fail('--completeness takes coverage, record or summary');
  const day = (text: string | undefined, name: string) => {
    if (text === undefined) return { ok: true as const };
    const d = parseDay(text);
    return d === undefined ? { ok: false as const, message: `${name} "${text}" is not a date (YYYY-MM-DD)` } : { ok: true as const, day: d };
  };
  const asOf = day(args.asOf, '--as-of');
  if (!asOf.ok) return fail(asOf.message);
  const from = day(args.from, '--from');
  if (!from.ok) return fail(from.message);
  if (args.case !== undefined && args.case !== 'family' && args.case !== 'child') return fail('--case takes family or child');
  if (args.format === 'cin' && (args.asOf || args.from || args.la || args.case)) return fail('--as-of, --from, --la and --case are for import 903 and ssd (a census carries its own ReferenceDate and LEA)');
  if (args.format === '903' && (args.from || args.case)) return fail('--from and --case are for import ssd');
  if (args.la !== undefined && !/^[A-Za-z0-9_-]{1,20}$/.test(args.la)) return fail('--la takes a short code of letters, digits, "_" or "-"');

  let pseudonymise: Pseudonymiser | undefined;
  if (args.pseudonymise !== undefined) {
    const k = readKeyFile(args.pseudonymise);
    if ('problem' in k) return fail(`--pseudonymise ${args.pseudonymise}: ${k.problem}`);
    pseudonymise = createPseudonymiser(k.key);
  }

  // Check the input exists before anything else is opened.
  if (args.input !== '-' || args.format !== 'cin') {
    let isDir = false;
    try {
      isDir = statSync(args.input).isDirectory();
    } catch {
      return fail(`${args.input}: no such ${args.format === 'cin' ? 'file' : 'directory'} [file-not-found]`);
    }
    if (args.format === 'cin' && isDir) return fail(`${args.input}: is a directory; import cin takes the census XML file`);
    if (args.format !== 'cin' && !isDir) return fail(`${args.input}: import ${args.format} takes a directory of CSV files`);
  } else if (!io.stdin) return fail('no standard input to read');

  // Staging: the NDJSON and the diagnostics go to temporary files until the import has succeeded.
  const stageDir = mkdtempSync(join(args.output ? dirname(resolve(args.output)) : tmpdir(), '.casepath-import-'));
  const cleanup = () => rmSync(stageDir, { recursive: true, force: true });
  const outTmp = join(stageDir, 'out.ndjson');
  const diagTmp = join(stageDir, 'diagnostics.ndjson');
  let out: WriteStream | undefined;
  let diag: WriteStream | undefined;
  try {
    out = createWriteStream(outTmp, { mode: 0o600, flags: 'wx' });
    diag = args.diagnostics !== undefined ? createWriteStream(diagTmp, { mode: 0o600, flags: 'wx' }) : undefined;
    const diagnostics: ImportDiagnostic[] = [];
    const shown = { n: 0 };
    const progress = io.stderrIsTTY === true;
    const options: ImportOptions = {
      file: sourceName(args.input),
      completeness,
      ...(pseudonymise ? { pseudonymise } : {}),
      onDiagnostic: (d) => {
        if (diag) diag.write(`${JSON.stringify(d)}\n`);
        else diagnostics.push(d);
      },
      ...(progress
        ? {
            onProgress: (p) => {
              shown.n++;
              io.stderr(`\r  ${p.records.toLocaleString('en-GB')} read · ${p.chronologies.toLocaleString('en-GB')} chronologies · ${p.events.toLocaleString('en-GB')} events · ${p.diagnostics.toLocaleString('en-GB')} diagnostics${p.bytes !== undefined ? ` · ${(p.bytes / 1e6).toFixed(1)} MB` : ''}   `);
            },
          }
        : {}),
    };
    const source = chronologies(args, options, io, { asOf: asOf.day, from: from.day });
    let summary: ImportSummary;
    for (;;) {
      const next = await source.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      if (!out.write(`${JSON.stringify(next.value)}\n`)) await new Promise<void>((r) => out!.once('drain', () => r()));
    }
    await close(out);
    if (diag) await close(diag);
    if (progress && shown.n) io.stderr('\n');

    // Success: publish.
    if (args.diagnostics !== undefined) renameSync(diagTmp, args.diagnostics);
    if (args.output !== undefined) renameSync(outTmp, args.output);
    else if (io.out) await pipeline(createReadStream(outTmp), io.out, { end: false });
    else io.stdout((await import('node:fs')).readFileSync(outTmp, 'utf8'));
    if (!args.diagnostics) for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(
      `casepath import ${args.format}: ${summary.chronologies.toLocaleString('en-GB')} chronolog${summary.chronologies === 1 ? 'y' : 'ies'} from ${summary.records.toLocaleString('en-GB')} ${args.format === 'ssd' ? 'records' : 'children'}` +
        `${summary.skipped ? ` (${summary.skipped.toLocaleString('en-GB')} left out)` : ''}; ${summary.diagnostics.toLocaleString('en-GB')} diagnostic${summary.diagnostics === 1 ? '' : 's'}` +
        `${summary.diagnostics ? ` (${Object.entries(summary.byCode).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}: ${n}`).join(', ')})` : ''}${args.diagnostics ? ` in ${args.diagnostics}` : ''}.\n`,
    );
    return EXIT.ok;
  } catch (err) {
    out?.destroy();
    diag?.destroy();
    if (err instanceof ImportError) {
      io.stderr(`${err.format()}\nNothing was written.\n`);
      return EXIT.invalid;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      // A file that vanished or cannot be read mid-import: an input problem, not a bug.
      io.stderr(`${args.input}: cannot read the input (${code}) [file-not-found]\nNothing was written.\n`);
      return EXIT.invalid;
    }
    throw err;
  } finally {
    cleanup();
  }
}

function close(s: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.end(() => resolve());
  });
}

function chronologies(args: ImportArgs, options: ImportOptions, io: CliIO, dates: { asOf: number | undefined; from: number | undefined }): AsyncGenerator<Record<string, unknown>, ImportSummary> {
  switch (args.format) {
    case 'cin':
      return importCin(args.input === '-' ? io.stdin! : createReadStream(args.input), options);
    case '903':
      return import903(args.input, { ...options, ...(dates.asOf !== undefined ? { asOf: dates.asOf } : {}), ...(args.la ? { la: args.la } : {}) });
    case 'ssd':
      return importSsd(args.input, {
        ...options,
        ...(dates.asOf !== undefined ? { asOf: dates.asOf } : {}),
        ...(dates.from !== undefined ? { from: dates.from } : {}),
        ...(args.la ? { la: args.la } : {}),
        caseBy: (args.case as 'family' | 'child' | undefined) ?? 'family',
      });
  }
}
