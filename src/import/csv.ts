/**
 * Reading council CSV extracts with csv-parse, keeping only the columns an importer
 * maps: every other column (UPN, postcodes, names, dates of birth, free text) is
 * disabled at the parser, so its values never enter an object casepath builds. A UTF-8
 * byte-order mark is stripped; header names are matched without case or spaces.
 *
 * Errors never quote the file's content: a malformed row is reported by line and
 * csv-parse's error code only.
 */
import { closeSync, createReadStream, openSync, readSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { ImportError } from './common.js';

/** A header name normalised for matching: upper case, no spaces or BOM. */
export function columnKey(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toUpperCase().replace(/\s+/g, '');
}

/** The normalised column names of a CSV file's header row. */
export function csvHeader(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const end = text.search(/\r?\n/);
    const line = end < 0 ? text : text.slice(0, end);
    if (!line.trim()) return [];
    try {
      const rows = parseSync(line, { bom: true, relax_quotes: true }) as string[][];
      return (rows[0] ?? []).map(columnKey);
    } catch {
      throw new ImportError(basename(path), 'parse-error', 'the header row is not valid CSV', 1);
    }
  } finally {
    closeSync(fd);
  }
}

/** The `.csv` files of a directory, by base name, sorted. */
export function csvFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new ImportError(dir, 'file-not-found', 'cannot read the directory');
  }
  return names.filter((n) => n.toLowerCase().endsWith('.csv')).sort().map((n) => join(dir, n));
}

/**
 * Stream the rows of a CSV file as objects holding only the `keep` columns (normalised
 * names), with the 1-based line each row ends on. Missing kept columns are simply absent.
 * The value of a column not kept is blanked as the parser reads it, before it joins the
 * parser's record; `transform` turns a kept column's value into what is kept of it
 * (e.g. a few flags out of a JSON blob that also holds free text).
 */
export async function* csvRows(
  path: string,
  keep: ReadonlySet<string>,
  transform: Readonly<Record<string, (value: string) => string>> = {},
): AsyncGenerator<{ row: Record<string, string>; line: number }> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((h) => (keep.has(columnKey(h)) ? columnKey(h) : false)),
      cast: (value, ctx) => {
        if (ctx.header) return value;
        if (typeof ctx.column !== 'string') return '';
        const t = transform[ctx.column];
        return t ? t(value) : value;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
    }),
  );
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const row: Record<string, string> = {};
      for (const [k, v] of Object.entries(rec.record)) if (v !== '') row[k] = v;
      yield { row, line: rec.info.lines };
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as { code?: string; lines?: number };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new ImportError(basename(path), 'parse-error', `not valid CSV (${e.code})`, e.lines);
    }
    throw err;
  }
}
