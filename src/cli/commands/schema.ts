/** `casepath schema`: the JSON Schema of the chronology file, generated from the zod schemas. */
import { chronologySchemaJson } from '../../schema/json-schema.js';
import { defineCommand, examples } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const schema = defineCommand<Record<string, never>>({
  name: 'schema',
  define(command) {
    command
      .summary('JSON Schema of the chronology file')
      .description('Print the JSON Schema (2020-12) of a chronology file, generated from the zod schemas the loader validates with.')
      .addHelpText('after', examples([['casepath schema > chronology.schema.json', 'for an editor that validates YAML or JSON against a schema']]));
  },
  run(_args, _options, io) {
    io.stdout(`${JSON.stringify(chronologySchemaJson(), null, 2)}\n`);
    return EXIT.ok;
  },
});
