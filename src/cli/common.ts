/**
 * What several commands share: the one usage error, issue printing, and reading a
 * chronology from a file or standard input (`-`).
 */
import { INPUT_YEARS, isInputDay, parseDay, type Day } from '../calendar/day.js';
import { quote } from '../input/quote.js';
import { parseSize } from '../input/read.js';
import { type ResolvedConfig, defaultConfig, loadConfigFile } from '../config.js';
import { type Issue, formatIssue } from '../issues.js';
import { type LoadOptions, type LoadResult, loadChronologyFile, loadChronologyText } from '../load.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { type CliIO, readAll } from './io.js';

/** A command line that cannot be run as given: exit 2, the message, and how to get help. Thrown anywhere in a command. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The name issues from standard input are reported under. */
export const STDIN_NAME = 'stdin';

export type InputFormat = 'yaml' | 'json';
export const INPUT_FORMATS: readonly InputFormat[] = ['yaml', 'json'];

/** Every issue on stderr (or, with --json, as data on stdout), then exit 2. */
export function printIssues(io: CliIO, issues: readonly Issue[], json: boolean, outcome = 'nothing was replayed'): ExitCode {
  if (json) io.stdout(`${JSON.stringify({ valid: false, issues }, null, 2)}\n`);
  else io.stderr(`${issues.map(formatIssue).join('\n')}\n${issues.length} problem${issues.length === 1 ? '' : 's'} found; ${outcome}.\n`);
  return EXIT.invalid;
}

/** `--as-of DATE` as a day inside the input years, or a usage error (the value quoted only when it is date-shaped). */
export function asOfOption(value: string | undefined): Day | undefined {
  if (value === undefined) return undefined;
  const day = parseDay(value);
  if (day === undefined) throw new UsageError(`--as-of ${quote(value, 'date')} is not a date (YYYY-MM-DD)`);
  if (!isInputDay(day)) throw new UsageError(`--as-of ${value} is outside the years ${INPUT_YEARS.first}–${INPUT_YEARS.last}, the dates casepath accepts`);
  return day;
}

/** `--max-file-size SIZE` as a load option (bytes), or a usage error. */
export function maxFileSizeOption(value: string | undefined): { maxFileSize?: number } {
  if (value === undefined) return {};
  const maxFileSize = parseSize(value);
  if (maxFileSize === undefined) throw new UsageError('--max-file-size takes a size in bytes, or with K, M or G (e.g. 64MiB)');
  return { maxFileSize };
}

/** `--rules-config FILE` resolved, or the issues that stop the command. */
export function rulesConfigOption(path: string | undefined, size: { maxFileSize?: number } = {}): { config: ResolvedConfig; issues?: undefined } | { config?: undefined; issues: Issue[] } {
  if (path === undefined) return { config: defaultConfig() };
  const loaded = loadConfigFile(path, size);
  return loaded.config ? { config: loaded.config } : { issues: loaded.issues };
}

/** Whether to colour: on a terminal, unless --no-color or NO_COLOR (any non-empty value, no-color.org). */
export function useColor(io: CliIO, colorOption: boolean | undefined): boolean {
  return io.isTTY === true && colorOption !== false && !io.env?.['NO_COLOR'];
}

/**
 * Load the chronology named on the command line: a file (its format from its
 * extension), or `-` for standard input (YAML by default, which also reads JSON, or
 * `--format`). Synchronous for a file, so the commands that read one stay synchronous.
 */
export function loadChronologyArg(file: string, format: InputFormat | undefined, io: CliIO, options: LoadOptions = {}): LoadResult | Promise<LoadResult> {
  if (file !== '-') {
    if (format !== undefined) throw new UsageError(`--format is for a chronology on standard input (-); ${file} is read by its extension (.yaml, .yml or .json)`);
    return loadChronologyFile(file, options);
  }
  const stdin = io.stdin;
  if (!stdin) throw new UsageError('"-" reads the chronology from standard input, and there is none here');
  return readAll(stdin).then((text) => loadChronologyText(text, STDIN_NAME, format ?? 'yaml', options));
}

/** `f(value)`, after `value` settles if it is a promise: synchronous stays synchronous. */
export function andThen<T, R>(value: T | Promise<T>, f: (v: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}
