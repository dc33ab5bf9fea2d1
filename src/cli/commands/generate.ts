/**
 * `casepath generate --cases N --seed S`: a synthetic corpus as NDJSON, one chronology
 * a line, the same for the same seed (src/testing/corpus.ts). Written in chunks,
 * waiting for the stream to drain, so memory stays flat for any --cases; a reader that
 * stops early (`| head`) ends it quietly with exit 0.
 */
import { Option } from 'commander';
import { defineCommand, examples } from '../command.js';
import { UsageError } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { writeChunk } from '../io.js';
import { wholeNumber } from './replay-ndjson.js';

interface GenerateOptions {
  cases: number;
  seed: number;
  format: 'ndjson' | 'cin' | '903';
  output?: string;
  referenceDate?: string;
}

export const DEFAULT_SEED = 20261124;

export const generate = defineCommand<GenerateOptions>({
  name: 'generate',
  define(command) {
    command
      .summary('a synthetic corpus as NDJSON (one chronology a line)')
      .description('Write a synthetic corpus of chronologies as NDJSON, one a line: deterministic for a seed, for bulk replay and benchmarks.')
      .option('--cases <n>', 'how many chronologies', wholeNumber('--cases'), 1000)
      .option('--seed <s>', 'the seed: the same seed gives the same corpus', wholeNumber('--seed'), DEFAULT_SEED)
      .addOption(new Option('--format <format>', 'ndjson (chronologies), cin (a DfE CIN census XML) or 903 (SSDA903 CSV tables)').choices(['ndjson', 'cin', '903']).default('ndjson'))
      .option('-o, --output <path>', 'cin: a file (default standard output); 903: a new or empty directory (required)')
      .option('--reference-date <date>', "cin: the census ReferenceDate (default: the 31 March after the corpus's last event)")
      .addHelpText(
        'after',
        examples([
          ['casepath generate --cases 100 --seed 7 > corpus.ndjson', 'a small corpus in a file'],
          ['casepath generate --cases 650000 | casepath replay --ndjson - --workers 2', 'a synthetic year for England, replayed in bounded memory'],
          ['casepath generate --cases 10000 --format cin -o census.xml', 'a council year as a CIN census, to import'],
          ['casepath generate --cases 2000 --format 903 -o ssda903/', 'the same as SSDA903 CSV tables'],
        ]),
      );
  },
  async run(_args, v, io) {
    if (v.format !== 'ndjson') {
      const { generateFormatCommand } = await import('../generate-format-command.js');
      return generateFormatCommand(
        { format: v.format, cases: v.cases, seed: v.seed, ...(v.output !== undefined ? { output: v.output } : {}), ...(v.referenceDate !== undefined ? { referenceDate: v.referenceDate } : {}) },
        io,
      );
    }
    if (v.output !== undefined || v.referenceDate !== undefined) throw new UsageError('-o and --reference-date are for --format cin or 903; NDJSON goes to standard output');
    const out = io.out;
    if (!out) throw new Error('generate needs a stream to write to');
    const { generateCase } = await import('../../testing/corpus.js');
    let chunk = '';
    for (let i = 0; i < v.cases; i++) {
      chunk += `${JSON.stringify(generateCase(v.seed, i))}\n`;
      if (chunk.length > 1 << 16 || i === v.cases - 1) {
        // A closed reader (EPIPE) has all it wanted: stop, with the status of a complete run.
        if (!(await writeChunk(out, chunk, io.outputClosed))) break;
        chunk = '';
      }
    }
    return EXIT.ok;
  },
});
