/**
 * Every real-case scenario is held to its expected findings: each `must` finding is
 * produced (at any certainty, since the source may be vague), and no `mustNot` rule
 * fires at certainty `certain` (at the named event, when one is given).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { describe, expect, test } from 'vitest';
import { RULES, loadChronologyFile, replay } from '../src/index.js';

interface Expectation {
  rule: string;
  event?: string;
  children?: string[];
  cite: string;
  why: string;
}
interface Expected {
  case: string;
  must: Expectation[];
  mustNot: Expectation[];
  pending?: Expectation[];
}

const dir = join(import.meta.dirname, '..', 'scenarios');
const scenarios = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.includes('.expected.'));

describe.each(scenarios)('scenario %s', (file) => {
  const expected = YAML.parse(readFileSync(join(dir, file.replace(/\.(ya?ml|json)$/, '.expected.yaml')), 'utf8')) as Expected;
  const result = replay(join(dir, file));

  test('the expected file names the same case and cites the source for every entry', () => {
    expect(expected.case).toBe(result.case);
    for (const e of [...expected.must, ...expected.mustNot, ...(expected.pending ?? [])]) {
      expect(e.cite, `${e.rule} has no cite`).toMatch(/\S/);
      expect(e.why, `${e.rule} has no why`).toMatch(/\S/);
    }
  });

  test('every event of a real-case scenario cites where in the source it comes from', () => {
    const loaded = loadChronologyFile(join(dir, file));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const uncited = [...loaded.chronology.events, ...loaded.chronology.omissions].filter((e) => !e.cite).map((e) => e.id);
    expect(uncited).toEqual([]);
  });

  test.each(expected.must.map((m) => [`${m.rule} at ${m.event ?? 'any event'}${m.children ? ` for ${m.children.join(', ')}` : ''}`, m] as const))(
    'must find %s',
    (_name, m) => {
      const hits = result.findings.filter(
        (f) => f.rule === m.rule && (m.event === undefined || f.events.includes(m.event)) && (m.children ?? []).every((c) => f.children.includes(c)),
      );
      expect(hits.length, `no ${m.rule} finding (${m.why})`).toBeGreaterThan(0);
      expect(hits.every((f) => f.citation.length > 0)).toBe(true);
    },
  );

  test.each(expected.mustNot.map((m) => [`${m.rule}${m.event ? ` at ${m.event}` : ''}`, m] as const))('must not find a certain %s', (_name, m) => {
    const hits = result.findings.filter((f) => f.rule === m.rule && f.certainty === 'certain' && (m.event === undefined || f.events.includes(m.event)));
    expect(hits, m.why).toEqual([]);
  });

  test('pending expectations name rules that do not exist yet (move them to must when they do)', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const p of expected.pending ?? []) expect(ids.has(p.rule), `${p.rule} now exists: move it to must`).toBe(false);
  });
});

describe('the Miss X chronology', () => {
  const result = replay(join(dir, 'lgsco-24-009-262.yaml'));

  test('the follow-up strategy meeting starts an ICPC clock that the ICPC meets in time', () => {
    const icpc = result.deadlines.filter((d) => d.rule === 'icpc-late');
    expect(icpc.map((d) => d.status)).toEqual(['met', 'met']);
    expect(icpc.every((d) => d.startedBy === 'strategy-2' && d.metBy === 'icpc')).toBe(true);
  });

  test('both children are on a plan after the ICPC and the plans end at the early review', () => {
    const at = (id: string) => result.timeline.find((t) => t.event === id)!.states.childProtection;
    expect(at('icpc')).toEqual({ B: 'plan', C: 'plan' });
    expect(at('early-review')).toEqual({ B: 'planEnded', C: 'planEnded' });
  });

  test('the August anchor narrows the ICPC to within about five weeks', () => {
    const icpc = result.timeline.find((t) => t.event === 'icpc')!;
    expect(icpc.window.latest - icpc.window.earliest).toBeLessThan(40);
  });

  test('the conference sees the PLO in place when it decides', () => {
    const before = result.timeline[result.timeline.findIndex((t) => t.event === 'icpc') - 1]!;
    expect(before.states.plo).toBe('preProceedings');
  });
});
