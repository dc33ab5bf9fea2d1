/**
 * The arbitraries themselves (src/testing/arbitraries/): what they generate always
 * loads, respects its constraints, and shrinks to small, readable chronologies.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import YAML from 'yaml';
import { describe, expect, test } from 'vitest';
import { RULES, loadChronologyData, replay, resolveConfig } from '../src/index.js';
import {
  type ChronologyData,
  MALFORMATIONS,
  MALFORMATION_KINDS,
  MUTATED_RULES,
  MUTATIONS,
  TRACK_KINDS,
  chronologyArbitrary,
  compliantChronologyArbitrary,
  malformedChronologyArbitrary,
  mutatedChronologyArbitrary,
  stepTypes,
} from '../src/testing/arbitraries/index.js';
import { checkNoFindings } from '../src/testing/properties.js';
import { propertyRuns } from './property-runs.js';

const numRuns = propertyRuns();

function loads(c: unknown): true {
  const r = loadChronologyData(c, 'gen');
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.eventId ?? ''} ${i.path}: ${i.message} [${i.code}]`).join('; '));
  return true;
}

const EXACT_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** YAML with one event a line, the way the README writes chronologies. */
function readable(c: ChronologyData): string {
  const doc = new YAML.Document(c);
  for (const key of ['children', 'events']) {
    const seq = doc.get(key, true) as YAML.YAMLSeq;
    if (key === 'children') seq.flow = true;
    else for (const item of seq.items) (item as YAML.YAMLMap).flow = true;
  }
  return doc.toString({ lineWidth: 0 });
}

describe('chronologyArbitrary', () => {
  for (const exact of [true, false, 'mixed'] as const) {
    fcTest.prop([chronologyArbitrary({ exact })], { numRuns })(`always loads (exact: ${String(exact)}), listing order respected`, loads);
  }

  fcTest.prop([chronologyArbitrary({ minChildren: 2, maxChildren: 3, minEvents: 3, maxEvents: 6, exact: true, completeness: 'record', processes: ['looked-after'] })], { numRuns })(
    'respects its constraints',
    (c) => {
      expect(c.children.length).toBeGreaterThanOrEqual(2);
      expect(c.children.length).toBeLessThanOrEqual(3);
      expect(c.events.length).toBeGreaterThanOrEqual(3);
      expect(c.events.length).toBeLessThanOrEqual(6);
      expect(c.completeness).toBe('record');
      const allowed = new Set<string>([...stepTypes({ processes: ['looked-after'] }), 'note']);
      for (const e of c.events) {
        expect(allowed.has(String(e['type']))).toBe(true);
        expect(String(e['at'])).toMatch(EXACT_DAY);
      }
    },
  );

  fcTest.prop([chronologyArbitrary({ exact: false, minEvents: 1, from: '2020-01-01', to: '2020-12-31' })], { numRuns })(
    'exact: false writes no date as a single day; the case starts within from..to',
    (c) => {
      for (const e of c.events) if (e['type'] !== 'omission') expect(typeof e['at'] === 'string' && EXACT_DAY.test(e['at'])).toBe(false);
      const l = loadChronologyData(c, 'gen');
      expect(l.ok).toBe(true);
      if (l.ok && l.chronology.events.length) {
        const first = l.chronology.dates.indexOf(l.chronology.events[0]!.id)!;
        // The first event's window contains its true day, which is in 2020.
        expect(l.chronology.dates.latest(first)).toBeGreaterThanOrEqual(Date.UTC(2020, 0, 1) / 86_400_000);
      }
    },
  );

  test('defaults mix every process, both completenesses and vague dates', () => {
    const sample = fc.sample(chronologyArbitrary(), { numRuns: 300, seed: 7 });
    const types = new Set(sample.flatMap((c) => c.events.map((e) => String(e['type']))));
    for (const t of ['conference.held', 'plo.letter-sent', 'lac-review.held', 'complaint.made', 'correspondence.received', 'omission']) expect(types).toContain(t);
    expect(new Set(sample.map((c) => c.completeness))).toEqual(new Set(['summary', 'record']));
    expect(sample.some((c) => c.events.some((e) => typeof e['at'] === 'object'))).toBe(true);
    expect(new Set(sample.map((c) => c.children.length))).toEqual(new Set([1, 2, 3, 4]));
  });
});

describe('compliantChronologyArbitrary', () => {
  fcTest.prop([compliantChronologyArbitrary()], { numRuns })('always loads, as a full record', (c) => {
    expect(c.completeness).toBe('record');
    return loads(c);
  });

  test('varies processes, children, and how far each episode goes', () => {
    const sample = fc.sample(compliantChronologyArbitrary(), { numRuns: 300, seed: 3 });
    const types = new Set(sample.flatMap((c) => c.events.map((e) => String(e['type']))));
    for (const t of ['referral.decided', 's47.completed', 'core-group.held', 'plan.action-done', 'proceedings.concluded', 'care-order.discharged', 'report.considered', 'commitment.kept'])
      expect(types).toContain(t);
    expect(new Set(sample.map((c) => c.children.length)).size).toBe(4);
  });

  fcTest.prop([compliantChronologyArbitrary({ processes: ['plo'], minEpisodes: 2, maxEpisodes: 2, maxChildren: 1 })], { numRuns })(
    'respects its constraints',
    (c) => {
      expect(c.children).toEqual([{ id: 'A' }]);
      expect(c.events.filter((e) => e['type'] === 'legal.planning-meeting')).toHaveLength(2);
      expect(c.events.some((e) => String(e['type']).startsWith('conference') || e['type'] === 'care-order.made')).toBe(false);
    },
  );
});

describe('mutatedChronologyArbitrary and MUTATIONS', () => {
  test('MUTATIONS covers at least 12 rules, all of them rules of casepath', () => {
    const ids = new Set(RULES.map((r) => r.id));
    expect(MUTATED_RULES.length).toBeGreaterThanOrEqual(12);
    for (const rule of MUTATED_RULES) expect(ids.has(rule), rule).toBe(true);
    for (const rule of MUTATED_RULES) for (const also of MUTATIONS[rule].alsoBreaks) expect(ids.has(also), also).toBe(true);
  });

  fcTest.prop([fc.constantFrom(...MUTATED_RULES).chain((rule) => mutatedChronologyArbitrary(rule))], { numRuns })('always loads, and names the events it changed', (m) => {
    expect(m.events.length).toBeGreaterThan(0);
    const ids = new Set(m.chronology.events.map((e) => e['id']));
    for (const id of m.events) expect(ids.has(id)).toBe(true);
    return loads(m.chronology);
  });

  test('an unknown rule is refused', () => {
    expect(() => mutatedChronologyArbitrary('no-such-rule')).toThrow(/no mutation/);
  });
});

describe('malformedChronologyArbitrary', () => {
  fcTest.prop([malformedChronologyArbitrary()], { numRuns })('never loads, and the loader reports the tagged code', (m) => {
    const r = loadChronologyData(m.data, 'gen');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.code)).toContain(m.code);
  });

  test('draws every kind of defect', () => {
    const kinds = new Set(fc.sample(malformedChronologyArbitrary(), { numRuns: 400, seed: 1 }).map((m) => m.kind));
    expect([...kinds].sort()).toEqual([...MALFORMATION_KINDS].sort());
    expect(new Set(Object.values(MALFORMATIONS))).toEqual(new Set(['invalid-field', 'unknown-event-type', 'bad-date', 'unknown-reference', 'contradictory-dates', 'duplicate-id', 'unknown-child']));
  });
});

describe('shrinking', () => {
  test('a failing property on chronologies shrinks to a tiny chronology', () => {
    const details = fc.check(
      fc.property(chronologyArbitrary(), (c) => !c.events.some((e) => e['type'] === 'conference.held')),
      { seed: 42, numRuns },
    );
    expect(details.failed).toBe(true);
    const [c] = details.counterexample!;
    expect(c.events.length).toBeLessThanOrEqual(4);
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ type: 'conference.held', kind: 'initial' });
  });

  test('a failing property on replays shrinks to a few events', () => {
    const details = fc.check(
      fc.property(chronologyArbitrary(), (c) => !replay(c).findings.some((f) => f.rule === 'process-deviation')),
      { seed: 42, numRuns },
    );
    expect(details.failed).toBe(true);
    const [c] = details.counterexample!;
    expect(c.events.length).toBeLessThanOrEqual(4);
  });

  test('components of a compliant case shrink away: one episode, one child, no optional step', () => {
    const details = fc.check(
      fc.property(compliantChronologyArbitrary(), (c) => !c.events.some((e) => e['type'] === 'plo.letter-sent')),
      { seed: 42, numRuns },
    );
    expect(details.failed).toBe(true);
    const [c] = details.counterexample!;
    expect(c.children).toHaveLength(1);
    // Concern, its substantiation or telling, the referral, its decision and the assessment
    // (started and completed) that the threshold judgement rests on, legal planning, letter,
    // meeting, end.
    expect(c.events.length).toBeLessThanOrEqual(10);
  });

  // A rule broken on purpose, in this test only: the ICPC timescale overridden to 14
  // working days (the law says 15). Compliant chronologies (ICPCs 5–15 working days after
  // the strategy discussion) must then fail "replays clean"; fast-check finds one and
  // shrinks it to the smallest case that still fails.
  test('a timescale off by one (icpc: 14) is caught, and the counterexample shrinks to a short chronology', () => {
    const offByOne = resolveConfig({ timescales: { icpc: 14 } }, 'icpc-off-by-one');
    expect(offByOne.issues).toEqual([]);
    const details = fc.check(
      fc.property(compliantChronologyArbitrary(), (c) => checkNoFindings(c, { config: offByOne.config! }).ok),
      { seed: 42, numRuns: Math.max(numRuns, 1000) },
    );
    expect(details.failed).toBe(true);
    const [c] = details.counterexample! as [ChronologyData];
    const findings = replay(c, { config: offByOne.config! }).findings;
    // What was found, in the failure message only: a passing test prints nothing.
    const found = () =>
      `icpc timescale overridden to 14: counterexample after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s), ${c.events.length} events:\n` +
      `${readable(c)}` +
      findings.map((f) => `finding: ${f.rule} (${f.certainty}) on ${f.events.join(', ')}: ${f.message}\n`).join('');
    expect(findings.map((f) => f.rule), found()).toEqual(['icpc-late']);
    expect(replay(c).findings, found()).toEqual([]);
    // Concern, telling, referral, decision, strategy, s47, reports, ICPC, minutes, core group,
    // minutes, review reports, review, minutes: the shortest compliant path to a plan ended.
    expect(c.events.length, found()).toBeLessThanOrEqual(14);
    expect(c.children, found()).toHaveLength(1);
  });
});

test('TRACK_KINDS lists the five processes episodes are drawn from', () => {
  expect([...TRACK_KINDS]).toEqual(['child-protection', 'plo', 'looked-after', 'complaints', 'contact']);
});
