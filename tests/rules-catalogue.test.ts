/**
 * Law as code, kept in shape: every rule lives in src/rules/<id>.ts, has its own test
 * file, a citation, and a paraphrase of its source with a "Not encoded:" line.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULES, TIMESCALES, citationText } from '../src/index.js';
import { sourceText } from '../src/law/timescales.js';

const root = join(import.meta.dirname, '..');
const ruleFiles = readdirSync(join(root, 'src', 'rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'kit.ts' && !/^support(-[a-z-]+)?\.ts$/.test(f))
  .map((f) => f.replace(/\.ts$/, ''));

describe('the rule catalogue', () => {
  test('every rule file is registered and every registered rule has its own file', () => {
    expect([...RULES.map((r) => r.id)].sort()).toEqual([...ruleFiles].sort());
  });

  test('rule ids are unique', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  test.each(RULES.map((r) => [r.id, r] as const))('%s has tests, a citation and its source paraphrased', (id, rule) => {
    expect(existsSync(join(root, 'tests', 'rules', `${id}.test.ts`)), `tests/rules/${id}.test.ts`).toBe(true);
    expect(citationText(rule.citation).length).toBeGreaterThan(10);
    expect(rule.firesWhen.length).toBeGreaterThan(10);
    const source = readFileSync(join(root, 'src', 'rules', `${id}.ts`), 'utf8');
    expect(source.startsWith('/**'), 'opens with a paraphrase of its source').toBe(true);
    expect(source).toContain('Not encoded:');
    for (const t of rule.timescales ?? []) expect(TIMESCALES.some((x) => x.id === t), t).toBe(true);
  });

  test('every timescale has a source and at least one value', () => {
    for (const t of TIMESCALES) {
      expect(t.values.length, t.id).toBeGreaterThan(0);
      expect(sourceText(t).length, t.id).toBeGreaterThan(0);
    }
  });
});
