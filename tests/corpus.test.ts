/**
 * The synthetic benchmark corpus (src/testing/corpus.ts): every case loads, generation is
 * deterministic, and each deliberate fault is found by the rule it was built for while
 * compliant cases stay clean.
 */
import { describe, expect, test } from 'vitest';
import { FAULT_RULE, FAULTS, casePlan, generateCase, generateCorpus } from '../src/testing/corpus.js';
import { loadChronologyData, replay, withLocalValuesStated, type ReplayResult } from '../src/index.js';

const SEED = 20261124;
const N = 200;

const cases = [...generateCorpus(N, SEED)];
// As an authority that has adopted the typical local values (core groups within 10 working
// days, say) would replay it: a fault against a local limit is then certain, not doubted.
const config = withLocalValuesStated();
const results: ReplayResult[] = cases.map((c) => {
  const r = loadChronologyData(c, 'gen');
  if (!r.ok) throw new Error(`generated case ${String(c['case'])} does not load: ${r.issues.map((i) => i.message).join('; ')}`);
  return replay(r.chronology, { timeline: false, config });
});
const plans = cases.map((_, i) => casePlan(SEED, i));

const certainRules = (r: ReplayResult) => new Set(r.findings.filter((f) => f.certainty === 'certain').map((f) => f.rule));

describe('the synthetic corpus', () => {
  test('loads every generated case without issues', () => {
    for (const [i, c] of cases.entries()) {
      const r = loadChronologyData(c, 'gen');
      expect(r.ok ? [] : r.issues, `case ${i}`).toEqual([]);
    }
  });

  test('generates the same cases from the same seed, and different ones from another seed', () => {
    const again = [...generateCorpus(N, SEED)];
    expect(JSON.stringify(again)).toBe(JSON.stringify(cases));
    expect(JSON.stringify(generateCase(SEED, 7))).toBe(JSON.stringify(cases[7]));
    expect(JSON.stringify(generateCase(SEED + 1, 7))).not.toBe(JSON.stringify(cases[7]));
  });

  test('uses exact dates only, in listing order, on about 20 events per case', () => {
    let events = 0;
    for (const c of cases) {
      const list = c['events'] as { at: unknown }[];
      events += list.length;
      const days = list.map((e) => e.at);
      for (const d of days) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect([...days].sort()).toEqual(days);
    }
    expect(events / N).toBeGreaterThan(15);
    expect(events / N).toBeLessThan(28);
  });

  test('mixes compliant and faulty cases, every kind of fault, and one to three children', () => {
    const faulty = plans.filter((p) => p.fault).length;
    expect(faulty).toBeGreaterThan(N * 0.35);
    expect(faulty).toBeLessThan(N * 0.65);
    for (const fault of FAULTS) expect(plans.some((p) => p.fault === fault), fault).toBe(true);
    expect(new Set(plans.map((p) => p.children))).toEqual(new Set([1, 2, 3]));
    expect(new Set(plans.map((p) => p.stage))).toEqual(new Set(['referral', 'assessment', 's47', 'conference']));
    expect(plans.some((p) => p.plo)).toBe(true);
  });

  test('finds every deliberate fault, certainly, with the rule it was built for', () => {
    for (const [i, p] of plans.entries()) {
      if (!p.fault) continue;
      expect([...certainRules(results[i]!)], `case ${i} (${p.fault})`).toContain(FAULT_RULE[p.fault]);
    }
  });

  test('finds nothing certain in a compliant case', () => {
    for (const [i, p] of plans.entries()) {
      if (p.fault) continue;
      expect([...certainRules(results[i]!)], `case ${i} (${p.stage})`).toEqual([]);
    }
  });

  test('finds no deliberate-fault rule in a case built without that fault', () => {
    for (const [i, p] of plans.entries()) {
      const found = certainRules(results[i]!);
      for (const fault of FAULTS) {
        if (fault === p.fault) continue;
        // A procedural-status review relies on no concern, so the evidence rule fires there too.
        if (FAULT_RULE[fault] === 'escalation-without-evidence' && p.fault === 'procedural-status') continue;
        expect(found.has(FAULT_RULE[fault]), `case ${i} (${p.fault ?? 'compliant'}): ${FAULT_RULE[fault]}`).toBe(false);
      }
    }
  });
});
