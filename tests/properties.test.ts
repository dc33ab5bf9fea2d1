/**
 * casepath's properties (src/testing/properties.ts) over generated chronologies
 * (src/testing/arbitraries/). Every property runs CASEPATH_PROPERTY_RUNS cases
 * (default 200: tests/property-runs.ts). A property that fails on casepath as it stands — a bug the suite
 * found — is a `test.fails` with a `// BUG:` comment; when the bug is fixed, vitest
 * reports the test as passing unexpectedly, and it becomes a plain test.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type Day, formatDay, parseDay } from '../src/calendar/day.js';
import { england, loadChronologyData, replay } from '../src/index.js';
import {
  type ChronologyData,
  DATE_FORMS,
  MUTATED_RULES,
  type Step,
  applyDateForms,
  buildChronology,
  chronologyArbitrary,
  chronologyPlanArbitrary,
  compliantChronologyArbitrary,
  malformedChronologyArbitrary,
  mutatedChronologyArbitrary,
} from '../src/testing/arbitraries/index.js';
import {
  type PropertyResult,
  checkCertainFindingsSettled,
  checkDeadlinesConsistent,
  checkDeadlinesOnWorkingDays,
  checkEncodingInvariance,
  checkEnginesAgree,
  checkFindsRule,
  checkIncrementalEqualsBatch,
  checkNarrowingMonotone,
  checkNoFindings,
  checkOrderInvariance,
  checkRecordAtLeastAsCertain,
  checkReplayNeverThrows,
  narrowAt,
  sameDayIndependentRuns,
} from '../src/testing/properties.js';
import { propertyRuns } from './property-runs.js';

const numRuns = propertyRuns();

/** A property result as a fast-check verdict: throw the reason, so the report shows it. */
function holds(r: PropertyResult): true {
  if (!r.ok) throw new Error(r.reason);
  return true;
}

const dateForms = fc.array(
  fc.record({ form: fc.constantFrom(...DATE_FORMS), before: fc.nat(20), after: fc.nat(20), tolerance: fc.nat(3), months: fc.boolean() }),
  { minLength: 1, maxLength: 8 },
);

/** A mutated record with its exact dates rewritten vague (so findings are certain, possible, or gone). */
const vagueMutated: fc.Arbitrary<ChronologyData> = fc
  .record({ rule: fc.constantFrom(...MUTATED_RULES), forms: dateForms })
  .chain(({ rule, forms }) => mutatedChronologyArbitrary(rule, { maxEpisodes: 2 }).map((m) => ({ ...m.chronology, events: applyDateForms(m.chronology.events, forms) })));

describe('replay never throws', () => {
  fcTest.prop([chronologyArbitrary()], { numRuns })('on valid chronologies: a well-formed result', (c) => holds(checkReplayNeverThrows(c)));

  fcTest.prop([malformedChronologyArbitrary()], { numRuns })(
    'on malformed ones: loader issues with the tagged code, and InvalidChronologyError from replay (the exit-2 path)',
    (m) => holds(checkReplayNeverThrows(m.data, { expectIssue: m.code })),
  );
});

describe('the CLI', () => {
  // Imported when used, so a CLI that fails to load fails these tests only.
  const cli = () => import('../src/cli/main.js').then((m) => m.main);
  const dir = mkdtempSync(join(tmpdir(), 'casepath-properties-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) } };
  };

  fcTest.prop([malformedChronologyArbitrary()], { numRuns })('check and replay of a malformed file exit 2, naming the tagged issue code', async (m) => {
    const main = await cli();
    const file = join(dir, 'malformed.json');
    writeFileSync(file, JSON.stringify(m.data));
    for (const argv of [['check', file], ['replay', file, '--no-color']]) {
      const c = capture();
      expect(await main(argv, c.io)).toBe(2);
      expect(c.err.join('') + c.out.join('')).toContain(`[${m.code}]`);
    }
  });

  fcTest.prop([chronologyArbitrary({ maxEvents: 12 })], { numRuns })('replay of a valid file exits 0 (never 3), as text and as the JSON findings document', async (c) => {
    const main = await cli();
    const file = join(dir, 'valid.json');
    writeFileSync(file, JSON.stringify(c));
    const text = capture();
    expect(await main(['replay', file, '--no-color'], text.io), text.err.join('')).toBe(0);
    const json = capture();
    expect(await main(['replay', file, '--json'], json.io), json.err.join('')).toBe(0);
    const doc = JSON.parse(json.out.join('')) as { findings: unknown[] };
    expect(doc.findings).toHaveLength(replay(c).findings.length);
  });
});

describe('compliance and mutations', () => {
  fcTest.prop([compliantChronologyArbitrary()], { numRuns })('a compliant record replays with no finding at all', (c) => holds(checkNoFindings(c)));

  fcTest.prop([compliantChronologyArbitrary()], { numRuns })('a compliant chronology read as a summary has no finding either', (c) =>
    holds(checkNoFindings({ ...c, completeness: 'summary' })),
  );

  const anyMutation = fc.constantFrom(...MUTATED_RULES).chain((rule) => mutatedChronologyArbitrary(rule));
  fcTest.prop([anyMutation], { numRuns })(
    'a compliant record mutated to break rule R has a certain finding of R naming the changed events, and no finding of other rules beyond those the change also breaks',
    (m) => holds(checkFindsRule(m.chronology, m.rule, { events: m.events, alsoAllowed: m.alsoBreaks })),
  );

  test.each(MUTATED_RULES)('the mutation of %s is found (20 fixed cases)', (rule) => {
    for (const m of fc.sample(mutatedChronologyArbitrary(rule), { numRuns: 20, seed: 2024 })) {
      holds(checkFindsRule(m.chronology, m.rule, { events: m.events, alsoAllowed: m.alsoBreaks }));
    }
  });
});

describe('invariance', () => {
  /** Types whose same-day order must not matter, with some context for them to act on. */
  const ORDER_TYPES = [
    'concern.raised',
    'concern.assessed',
    'outcome.shared',
    'plan.action-set',
    'correspondence.received',
    'commitment.made',
    'support.offered',
    'note',
    'referral.received',
    'strategy.held',
    'conference.held',
    'child.seen',
    'plo.letter-sent',
    'legal.planning-meeting',
  ] as const;
  /** Generic chronologies with steps repeated on the same day (a repeat names another target). */
  const withSameDayRuns = fc
    .record({
      plan: chronologyPlanArbitrary({ exact: true, maxGapDays: 3, maxEvents: 14, eventTypes: ORDER_TYPES }),
      repeat: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 14, maxLength: 14 }),
    })
    .map(({ plan, repeat }) => {
      const steps: Step[] = plan.steps.flatMap((s, i) => [s, ...Array.from({ length: repeat[i] ?? 0 }, (_, n) => ({ ...s, gap: 0, f: s.f.map((x) => x + n + 1) }))]);
      return buildChronology({ ...plan, steps });
    });

  test('the reordering arbitrary does produce same-day independent runs', () => {
    const sample = fc.sample(withSameDayRuns, { numRuns: 200, seed: 1 });
    expect(sample.filter((c) => sameDayIndependentRuns(c).length > 0).length).toBeGreaterThan(100);
  });

  fcTest.prop([fc.oneof(withSameDayRuns, compliantChronologyArbitrary()), fc.nat()], { numRuns })(
    'same-day independent events in another order give the same findings (as a multiset)',
    (c, seed) => holds(checkOrderInvariance(c, { seed })),
  );

  test('concerns raised the same day and not yet assessed may be named in either order (a counterexample found by the property)', () => {
    // escalation-without-evidence lists what would settle its finding (an assessment of each
    // concern) in the order the concerns were raised; reordering the raises reorders the list.
    const raised = (n: number, kind: string, basis: string) => ({ id: `concern-raised-${n}`, type: 'concern.raised', at: '2016-01-04', concern: `c${n}`, kind, basis });
    const c = {
      case: 'generated',
      asOf: '2016-01-04',
      completeness: 'summary',
      children: [{ id: 'A' }],
      events: [
        raised(1, 'neglect', 'observed'),
        raised(2, 'physical-harm', 'reported'),
        raised(3, 'neglect', 'observed'),
        raised(4, 'physical-harm', 'reported'),
        raised(5, 'mental-health', 'hearsay'),
        { id: 'conference-held-1', type: 'conference.held', at: '2016-01-04', kind: 'initial', decision: 'end-plan' },
        { id: 'conference-held-2', type: 'conference.held', at: '2016-01-04', kind: 'review', decision: 'plan' },
      ],
    };
    expect(checkOrderInvariance(c, { seed: 0 })).toEqual({ ok: true });
  });

  fcTest.prop([fc.oneof(chronologyArbitrary(), compliantChronologyArbitrary({ maxEpisodes: 2 }), malformedChronologyArbitrary().map((m) => m.data))], { numRuns })(
    'JSON text and YAML text of a chronology give the same replay (or the same issues)',
    (c) => holds(checkEncodingInvariance(c)),
  );

  fcTest.prop([chronologyArbitrary({ maxEvents: 12 })], { numRuns })('the compiled engine and XState give the same replay', (c) => holds(checkEnginesAgree(c)));
});

describe('certainty', () => {
  /** Narrow one event's date to a day (or a sub-range) of its possible dates. */
  function narrowOne(c: ChronologyData, pick: number, fraction: number, width: number, range: boolean): PropertyResult {
    const l = loadChronologyData(c, 'narrowing');
    if (!l.ok || !l.chronology.events.length) return { ok: true, skipped: 'nothing to narrow' };
    const e = l.chronology.events[pick % l.chronology.events.length]!;
    const i = l.chronology.dates.indexOf(e.id)!;
    const lo = l.chronology.dates.earliest(i);
    const hi = l.chronology.dates.latest(i);
    const d = lo + Math.floor(fraction * (hi - lo + 1));
    const spec = range ? { between: [formatDay(d), formatDay(Math.min(hi, d + width))] } : formatDay(d);
    return checkNarrowingMonotone(c, narrowAt(c, e.id, spec));
  }
  const narrowing = (arb: fc.Arbitrary<ChronologyData>) =>
    [arb, fc.nat(), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(10), fc.boolean()] as const;

  fcTest.prop([...narrowing(fc.oneof(chronologyArbitrary({ exact: false }), vagueMutated))], { numRuns })(
    'narrowing a vague date to one of its possible days (or a narrower range) never removes a certain finding, and finds nothing the wider dates did not allow',
    (c, pick, fraction, width, range) => holds(narrowOne(c, pick, fraction, width, range)),
  );

  fcTest.prop([fc.oneof(chronologyArbitrary(), vagueMutated)], { numRuns })(
    'a chronology declared a full record finds at least what its summary reading finds, at least as certainly',
    (c) => holds(checkRecordAtLeastAsCertain(c)),
  );

  test('narrowing stays monotone when a date window is wider than 4,000 days', () => {
    const wide = fc
      .record({ start: fc.integer({ min: 0, max: 6 }), span: fc.integer({ min: 4001, max: 6000 }), offset: fc.integer({ min: 0, max: 6 }), pick: fc.nat(6000) })
      .map(({ start, span, offset, pick }) => {
        const from = (parseDay('2000-01-03') as Day) + start;
        const chronology: ChronologyData = {
          case: 'wide-window',
          asOf: formatDay(from + span + 400),
          completeness: 'record',
          children: [{ id: 'A' }],
          events: [
            { id: 'ref', type: 'referral.received', at: { between: [formatDay(from), formatDay(from + span)] } },
            { id: 'dec', type: 'referral.decided', at: { after: 'ref', offset: `P${offset}D` }, outcome: 'no-further-action', referral: 'ref' },
          ],
        };
        return { chronology, day: formatDay(from + (pick % (span + 1))) };
      });
    fc.assert(fc.property(wide, ({ chronology, day }) => holds(checkNarrowingMonotone(chronology, narrowAt(chronology, 'ref', day)))), { numRuns });
  });

  test('the same chronology with a window under 4,000 days is judged by walking every day', () => {
    const c: ChronologyData = {
      case: 'window-under-4000-days',
      asOf: '2012-06-30',
      completeness: 'record',
      children: [{ id: 'A' }],
      events: [
        { id: 'ref', type: 'referral.received', at: { between: ['2002-01-04', '2011-12-30'] } },
        { id: 'dec', type: 'referral.decided', at: { after: 'ref', offset: 'P3D' }, outcome: 'no-further-action', referral: 'ref' },
      ],
    };
    holds(checkNarrowingMonotone(c, narrowAt(c, 'ref', '2011-12-27')));
    holds(checkFindsRule(c, 'referral-decision-late', { certainty: 'possible' }));
  });

  test('a certain finding lists nothing missing', () => {
    fc.assert(fc.property(chronologyArbitrary({ completeness: 'record' }), (c) => holds(checkCertainFindingsSettled(c))), { numRuns });
  });
});

describe('deadlines', () => {
  fcTest.prop([fc.oneof(compliantChronologyArbitrary(), chronologyArbitrary(), vagueMutated)], { numRuns })(
    'a working-day deadline never falls on a weekend or a bank holiday',
    (c) => holds(checkDeadlinesOnWorkingDays(c)),
  );

  const days = fc.integer({ min: parseDay('1995-01-01')!, max: parseDay('2035-12-31')! });
  fcTest.prop([days, fc.nat(400)], { numRuns })('working-day laws: adding n working days lands on a working day, n working days on', (d, n) => {
    const due = england.addWorkingDays(d, n);
    expect(england.isWorkingDay(due)).toBe(true);
    expect(england.countWorkingDays(d, due)).toBe(n);
    expect(england.addWorkingDays(d, n + 1)).toBeGreaterThan(due);
    if (n > 0) expect(england.workingDaysBefore(due, n)).toBe(england.nextWorkingDay(d));
  });

  test('each clock is listed once, and a clock closed by an event is not listed open', () => {
    fc.assert(fc.property(compliantChronologyArbitrary({ processes: ['looked-after', 'plo'] }), (c) => holds(checkDeadlinesConsistent(c))), { numRuns });
  });
});

describe('incremental replay', () => {
  const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const cutAt = (c: ChronologyData, f: number) => Math.floor(f * c.events.length);

  fcTest.prop([fc.oneof(compliantChronologyArbitrary(), chronologyArbitrary({ exact: true, processes: ['child-protection', 'plo', 'looked-after', 'complaints'] })), fraction], { numRuns })(
    'replaying a prefix gives the full replay’s settled findings on the prefix (exact dates, no omissions)',
    (c, f) => holds(checkIncrementalEqualsBatch(c, { cut: cutAt(c, f) })),
  );

  fcTest.prop([chronologyArbitrary({ exact: true, maxEvents: 12, processes: ['child-protection', 'plo', 'looked-after', 'complaints'] })], { numRuns })(
    'the same at every cut point of a short chronology',
    (c) => holds(checkIncrementalEqualsBatch(c)),
  );

  fcTest.prop([fc.constantFrom(...MUTATED_RULES).chain((rule) => mutatedChronologyArbitrary(rule, { maxEpisodes: 2 }))], { numRuns })(
    'the same at every cut point of a mutated record (before, at and after its fault)',
    (m) => holds(checkIncrementalEqualsBatch(m.chronology)),
  );
});
