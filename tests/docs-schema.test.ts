/**
 * docs/chronology.schema.json is what `casepath schema` prints, and every real scenario
 * names it on its first line, so an editor with the YAML language server checks it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { chronologySchemaJson } from '../src/index.js';

const root = join(import.meta.dirname, '..');

describe('docs/chronology.schema.json', () => {
  test('is exactly what `casepath schema` prints', () => {
    expect(readFileSync(join(root, 'docs', 'chronology.schema.json'), 'utf8')).toBe(`${JSON.stringify(chronologySchemaJson(), null, 2)}\n`);
  });

  test('every scenario opens with its yaml-language-server line', () => {
    const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml') && !f.includes('.expected.'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(join(root, 'scenarios', f), 'utf8').split('\n')[0], f).toBe('# yaml-language-server: $schema=../docs/chronology.schema.json');
  });
});
