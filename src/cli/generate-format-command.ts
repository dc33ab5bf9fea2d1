/**
 * `casepath generate --format cin|903`: the synthetic corpus written in a DfE format, for
 * the lead to wire into `generate`. `cin`: one census XML on standard output or `-o FILE`
 * (written atomically); `903`: the CSV tables into `-o DIR` (a new or empty directory).
 */
import { createWriteStream, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeCorpusAs903, writeCorpusAsCin } from '../testing/formats/index.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

export interface GenerateFormatArgs {
  format: 'cin' | '903';
  cases: number;
  seed: number;
  /** cin: a file (default standard output); 903: a directory (required). */
  output?: string;
  /** cin: the census ReferenceDate (default: the 31 March after the last event). */
  referenceDate?: string;
}

export async function generateFormatCommand(args: GenerateFormatArgs, io: CliIO): Promise<ExitCode> {
  if (args.format === '903') {
    if (!args.output) {
      io.stderr('casepath generate --format 903: needs -o DIR (the tables are several files)\n');
      return EXIT.invalid;
    }
    if (existsSync(args.output) && readdirSync(args.output).length) {
      io.stderr(`casepath generate --format 903: ${args.output} is not empty\n`);
      return EXIT.invalid;
    }
    // Built beside the target and renamed into place: never half a set of tables.
    const tmp = mkdtempSync(join(dirname(resolve(args.output)), '.casepath-903-'));
    try {
      const { children } = writeCorpusAs903(args, tmp);
      if (existsSync(args.output)) rmSync(args.output, { recursive: true });
      renameSync(tmp, args.output);
      io.stderr(`casepath generate: ${children.toLocaleString('en-GB')} looked-after children from ${args.cases.toLocaleString('en-GB')} cases in ${args.output}\n`);
      return EXIT.ok;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (args.referenceDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(args.referenceDate)) {
    io.stderr(`casepath generate: --reference-date "${args.referenceDate}" is not a date (YYYY-MM-DD)\n`);
    return EXIT.invalid;
  }
  const options = { cases: args.cases, seed: args.seed, ...(args.referenceDate ? { referenceDate: args.referenceDate } : {}) };
  if (!args.output) {
    const out = io.out;
    if (!out) throw new Error('generate needs a stream to write to');
    await writeCorpusAsCin(options, (chunk) => (out.write(chunk) ? undefined : new Promise<void>((r) => out.once('drain', () => r()))));
    return EXIT.ok;
  }
  const tmp = join(dirname(resolve(args.output)), `.${Date.now()}-${process.pid}.casepath-cin.tmp`);
  const stream = createWriteStream(tmp, { flags: 'wx' });
  try {
    await writeCorpusAsCin(options, (chunk) => (stream.write(chunk) ? undefined : new Promise<void>((r) => stream.once('drain', () => r()))));
    await new Promise<void>((r, j) => {
      stream.once('error', j);
      stream.end(() => r());
    });
    renameSync(tmp, args.output);
    return EXIT.ok;
  } finally {
    rmSync(tmp, { force: true });
  }
}
