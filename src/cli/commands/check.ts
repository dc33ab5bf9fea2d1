/**
 * `casepath check FILE|-`: validate only. Exit 0 with a one-line summary, or exit 2
 * with every problem (file, event id, field, what is wrong); `--json` gives either as
 * data on stdout.
 */
import { defineCommand, examples } from '../command.js';
import { INPUT_FORMATS, type InputFormat, STDIN_NAME, andThen, loadChronologyArg, maxFileSizeOption, printIssues } from '../common.js';
import { Option } from 'commander';
import { EXIT } from '../exit-codes.js';

interface CheckOptions {
  json?: boolean;
  format?: InputFormat;
  maxFileSize?: string;
}

export const check = defineCommand<CheckOptions>({
  name: 'check',
  define(command) {
    command
      .summary('validate only (exit 2 with every problem found)')
      .description('Validate a chronology without replaying it: every problem is listed with the file, event id, field and what is wrong.')
      .argument('<file>', 'the chronology (.yaml, .yml or .json), or - for standard input')
      .option('--json', 'print the result as JSON on stdout: { valid, case, events, ... } or { valid: false, issues }')
      .option('--max-file-size <size>', 'the largest file accepted (default 16MiB; e.g. 64MiB)')
      .addOption(new Option('--format <format>', 'the format of a chronology on standard input (default: yaml, which also reads JSON)').choices(INPUT_FORMATS))
      .addHelpText(
        'after',
        examples([
          ['casepath check case.yaml', 'valid, or every problem and exit 2'],
          ['casepath check case.json --json', 'the same as data'],
          ['export-from-cms | casepath check - --format json', 'a chronology from standard input'],
        ]),
      );
  },
  run([file], v, io) {
    const json = v.json === true;
    return andThen(loadChronologyArg(file!, v.format, io, maxFileSizeOption(v.maxFileSize)), (loaded) => {
      if (!loaded.ok) return printIssues(io, loaded.issues, json);
      const ch = loaded.chronology;
      const summary = { valid: true, case: ch.case, events: ch.events.length, omissions: ch.omissions.length, children: ch.children, exactDates: ch.dates.exact };
      if (json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      else
        io.stdout(
          `${file === '-' ? STDIN_NAME : file}: valid — case ${ch.case}, ${ch.events.length} events${ch.omissions.length ? ` and ${ch.omissions.length} stated omissions` : ''}, children ${ch.children.join(', ')}; dates ${ch.dates.exact ? 'all exact' : 'resolved to ranges'}.\n`,
        );
      return EXIT.ok;
    });
  },
});
