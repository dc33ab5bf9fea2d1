/**
 * `casepath import cin FILE|-`, `import 903 DIR`, `import ssd DIR`: council data as
 * chronologies (NDJSON, one a line), each declaring the coverage of its source. The work
 * is in ../import-command.ts, loaded only when this command runs.
 */
import { Argument, Option } from 'commander';
import { defineCommand, examples } from '../command.js';
import type { ImportArgs, ImportFormat } from '../import-command.js';

interface ImportOptions {
  output?: string;
  diagnostics?: string;
  pseudonymise?: string;
  completeness?: string;
  asOf?: string;
  from?: string;
  la?: string;
  case?: string;
}

export const importData = defineCommand<ImportOptions>({
  name: 'import',
  define(command) {
    command
      .summary("a council's CIN census, SSDA903 return or SSD extract as chronologies (NDJSON)")
      .description(
        'Turn the data a council already holds into chronologies, one a line, each declaring what its source records in full (its coverage): absence is "did not happen" only there. UPNs, names and postcodes are never read into the output; data defects (the DfE validators\' ordering rules) are diagnostics on stderr, never findings.',
      )
      .addArgument(new Argument('<format>', 'the source: cin (the DfE CIN census), 903 (SSDA903) or ssd (Standard Safeguarding Dataset)').choices(['cin', '903', 'ssd']))
      .argument('<input>', 'cin: the census XML file, or - for standard input; 903 and ssd: a directory of CSV files')
      .option('-o, --output <file>', 'write the NDJSON to FILE (atomically) instead of standard output')
      .option('--diagnostics <file>', 'write data defects to FILE as NDJSON instead of standard error')
      .option('--pseudonymise <keyfile>', 'replace every case, child and worker id by a keyed HMAC-SHA-256 pseudonym (a key of at least 32 bytes)')
      .addOption(new Option('--completeness <mode>', 'coverage (default: what the source records in full), record or summary').choices(['coverage', 'record', 'summary']))
      .option('--as-of <date>', "903: the collection's 31 March (default: inferred); ssd: the extract date (default today)")
      .option('--from <date>', 'ssd: the first day the extract records in full (default six years before --as-of)')
      .option('--la <code>', '903, ssd: the local authority code in case ids')
      .addOption(new Option('--case <unit>', 'ssd: one chronology per family (default) or per child').choices(['family', 'child']))
      .addHelpText(
        'after',
        examples([
          ['casepath import cin census.xml | casepath replay --ndjson -', "replay a council's census: findings per rule and timeliness per clock"],
          ['casepath import cin census.xml --pseudonymise key.bin -o cases.ndjson', 'pseudonymous ids, written atomically'],
          ['casepath import 903 ssda903/ -o looked-after.ndjson', 'an SSDA903 return (CSV tables)'],
          ['casepath import ssd extract/ --case family', 'the Standard Safeguarding Dataset, siblings in one chronology'],
        ]),
      );
  },
  async run([format, input], v, io) {
    const { importCommand } = await import('../import-command.js');
    const args: ImportArgs = { format: format as ImportFormat, input: input! };
    for (const [k, value] of Object.entries(v)) if (value !== undefined) (args as unknown as Record<string, unknown>)[k] = value;
    return importCommand(args, io);
  },
});
