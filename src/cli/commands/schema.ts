/** `casepath schema`: the JSON Schema of the chronology file, generated from the zod schemas, for editors. */
import { chronologySchemaJson } from '../../schema/json-schema.js';
import { defineCommand, examples } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const schema = defineCommand<Record<string, never>>({
  name: 'schema',
  define(command) {
    command
      .summary('JSON Schema of the chronology file')
      .description(
        'Print the JSON Schema (2020-12) of a chronology file, generated from the zod schemas the loader validates with: every event type, ' +
          'field and date form, with descriptions, for an editor to complete and check a chronology as you write it. ' +
          'It cannot check what needs the whole file (unique ids, references, children, dates that contradict each other): `casepath check` does.',
      )
      .addHelpText(
        'after',
        examples([
          [
            'casepath schema > chronology.schema.json',
            'for an editor (VS Code: the Red Hat YAML extension, and "# yaml-language-server: $schema=./chronology.schema.json" as the first line of a chronology)',
          ],
        ]),
      );
  },
  run(_args, _options, io) {
    io.stdout(`${JSON.stringify(chronologySchemaJson(), null, 2)}\n`);
    return EXIT.ok;
  },
});
