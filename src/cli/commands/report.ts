/**
 * `casepath report FILE|- -o OUT.html`: the training viewer, one self-contained HTML
 * page (src/report/html.ts); `casepath report DIR -o SITE/`: a page per chronology in
 * DIR and an index (src/report/site.ts). The work is in ../report-command.ts, loaded
 * only when this command runs.
 */
import { Option } from 'commander';
import { defineCommand, examples } from '../command.js';
import { INPUT_FORMATS } from '../common.js';
import type { ReportOptions } from '../report-command.js';

export const report = defineCommand<ReportOptions>({
  name: 'report',
  define(command) {
    command
      .summary('the training viewer: one self-contained HTML page')
      .description(
        'Write the training viewer for one chronology: one HTML file with no network access at all (open it from a USB stick), to step through event by event with the statecharts, clocks and findings. Nothing is written unless the whole report is. Given a directory, write one page per chronology in it and an index.html listing them (a file that does not load is listed, the rest written, and the exit status is 2).',
      )
      .argument('<file>', 'the chronology (.yaml, .yml or .json), - for standard input, or a directory of chronologies')
      .requiredOption('-o, --output <file>', 'where to write the report (required); - writes it to standard output; for a directory, the directory to write the pages into')
      .option('--as-of <date>', "judge open deadlines at DATE (YYYY-MM-DD) instead of the file's asOf")
      .option('--rules-config <file>', "a local authority's timescales and rule parameters (YAML or JSON)")
      .option('--trace <file>', 'embed an inspection trace (casepath replay FILE --trace trace.json)')
      .option('--show-notes', "include free-text notes (off by default: chronologies hold children's data)")
      .option('--max-file-size <size>', 'the largest file accepted (default 16MiB; e.g. 64MiB)')
      .addOption(new Option('--format <format>', 'the format of a chronology on standard input (default: yaml, which also reads JSON)').choices(INPUT_FORMATS))
      .addHelpText(
        'after',
        examples([
          ['casepath report scenarios/lgsco-24-009-262.yaml -o miss-x.html', 'the Miss X case as a page to step through'],
          ['casepath replay case.yaml --trace t.json && casepath report case.yaml -o case.html --trace t.json', 'with the XState inspection trace embedded'],
          ['casepath report case.yaml -o - > case.html', 'to standard output'],
          ['casepath report scenarios/ -o site/', 'every case in a directory, with an index.html'],
        ]),
      );
  },
  async run([file], v, io) {
    const { reportCommand } = await import('../report-command.js');
    return reportCommand(file!, v, io);
  },
});
