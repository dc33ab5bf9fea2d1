/**
 * The chronology file's JSON Schema, generated from the zod schemas with
 * `z.toJSONSchema` (input side: what an author writes, before normalisation), so the
 * two can never disagree. `casepath schema` prints it.
 */
import { z } from 'zod';
import { chronologyFile } from './chronology.js';

export function chronologySchemaJson(): Record<string, unknown> {
  const schema = z.toJSONSchema(chronologyFile, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $id: 'https://casepath.invalid/schema/chronology.json',
    title: 'casepath chronology',
    description: 'A case chronology for casepath (spec: shared/spec/chronology.md). Dates may be YYYY-MM-DD, YYYY-MM, YYYY, {between}, {after|before, offset, tolerance}.',
    ...schema,
  };
}
