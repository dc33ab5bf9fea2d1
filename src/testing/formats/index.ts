/**
 * The synthetic corpus (src/testing/corpus.ts) in the DfE formats: a CIN census XML and
 * SSDA903 CSV tables, so a council-sized year (10,000 referrals and their assessments,
 * s47 enquiries, conferences and plans) exists to test the importers, the replay and
 * the DfE validators on. Deterministic per (cases, seed).
 */
import { type Day, formatDay } from '../../calendar/day.js';
import { marchThirtyFirstFrom } from '../../import/common.js';
import { generateCase } from '../corpus.js';
import { CIN_FOOTER, type CinXmlOptions, chronologyToCin, cinChildXml, cinHeaderXml, latestDay } from './cin-xml.js';
import { chronologyTo903, emptyTables, write903Tables } from './ssda903-csv.js';

export * from './cin-xml.js';
export * from './ssda903-csv.js';

export interface CorpusFormatOptions {
  cases: number;
  seed: number;
  /** The census's ReferenceDate (default: the 31 March on or after the corpus's last event). */
  referenceDate?: string;
  lea?: string;
}

/** The 31 March on or after every event of the corpus (a first, cheap pass: cases are regenerated, not kept). */
export function corpusReferenceDate(cases: number, seed: number): Day {
  let max = 0;
  for (let i = 0; i < cases; i++) max = Math.max(max, latestDay(generateCase(seed, i)) ?? 0);
  return marchThirtyFirstFrom(max);
}

/**
 * Write the corpus as one CIN census, in chunks through `write` (which may wait for a
 * stream to drain): memory stays flat for any number of cases.
 */
export async function writeCorpusAsCin(options: CorpusFormatOptions & CinXmlOptions, write: (chunk: string) => void | Promise<void>): Promise<{ children: number; referenceDate: string }> {
  const referenceDate = options.referenceDate ?? formatDay(corpusReferenceDate(options.cases, options.seed));
  let chunk = cinHeaderXml({ ReferenceDate: referenceDate, LEA: options.lea ?? '999' });
  let children = 0;
  for (let i = 0; i < options.cases; i++) {
    for (const c of chronologyToCin(generateCase(options.seed, i))) {
      chunk += cinChildXml(c, options);
      children++;
    }
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk + CIN_FOOTER);
  return { children, referenceDate };
}

/** Write the corpus as SSDA903 tables in `dir` (children with no looked-after events have no rows). */
export function writeCorpusAs903(options: CorpusFormatOptions, dir: string): { children: number } {
  const tables = emptyTables();
  for (let i = 0; i < options.cases; i++) chronologyTo903(generateCase(options.seed, i), tables);
  write903Tables(dir, tables);
  return { children: tables.header.length };
}
