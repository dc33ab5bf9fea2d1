/**
 * The per-case history index (src/engine/history.ts) against a naive scan of the events
 * seen: at every event of a replay, and in a fork and a restore of any prefix, the events
 * of any list of types, positions and counts are exactly what walking `ctx.state.seen` gives.
 * (The rules moved onto the index were also checked to give byte-identical findings on every
 * scenario and a fixed generated corpus before and after the move; see BENCHMARKS.md.)
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { noParams } from '../src/rules/kit.js';
import { loadChronologyData } from '../src/index.js';
import { ReplayEngine, type ReplayOptions } from '../src/engine/replay.js';
import { countBelow } from '../src/engine/history.js';
import type { AnyRule, Chronology, StepContext } from '../src/engine/types.js';
import { EVENT_TYPES, type DatedEvent, type EventType } from '../src/schema/events.js';
import { MUTATED_RULES, chronologyArbitrary, mutatedChronologyArbitrary } from '../src/testing/arbitraries/index.js';
import { propertyRuns } from './property-runs.js';

const numRuns = propertyRuns();

function load(data: unknown): Chronology {
  const r = loadChronologyData(data, 'property');
  if (!r.ok) throw new Error(`does not load: ${r.issues.map((i) => i.message).join('; ')}`);
  return r.chronology;
}

/** Lists of types to ask for: those the rules use, every single type, and a drawn one. */
const FIXED: readonly (readonly EventType[])[] = [
  ['referral.received', 'strategy.held'],
  ['proceedings.issued', 'proceedings.concluded'],
  ['plo.ended', 'plo.letter-sent', 'legal.planning-meeting'],
  ['concern.raised', 'assessment.started', 'assessment.completed', 'strategy.held'],
  ['referral.received', 'referral.decided', 'assessment.started', 'assessment.completed'],
  ['looked-after.started', 'looked-after.ceased', 'care-order.made', 'care-order.discharged', 'lac-review.held', 'care-plan.updated'],
  ['ombudsman.complaint-made'],
  ...EVENT_TYPES.map((t) => [t]),
  [],
];

/** A rule that reads nothing into findings: at every event it compares the index with a naive scan, and notes any difference. */
function probe(extra: readonly EventType[], problems: string[], calls: { n: number }): AnyRule {
  const lists = [...FIXED, extra, [...extra, ...extra]];
  return {
    id: 'history-probe',
    title: 'history probe',
    severity: 'advisory',
    citation: [],
    firesWhen: 'never',
    notEncoded: 'everything',
    params: noParams,
    appliesTo: EVENT_TYPES,
    check(e: DatedEvent, ctx: StepContext<unknown>) {
      calls.n++;
      const seen = [...ctx.state.seen.values()];
      const h = ctx.state.history;
      if (h.count !== seen.length) problems.push(`${e.id}: count ${h.count}, seen ${seen.length}`);
      for (const types of lists) {
        const naive = seen.filter((x) => types.includes(x.type));
        const slice = h.ofTypes(types);
        const got = [...slice];
        if (slice.length !== naive.length || got.length !== naive.length || got.some((x, i) => x !== naive[i] || slice.at(i) !== x)) {
          problems.push(`${e.id}: ${types.join(',')}: ${got.map((x) => x.id).join(' ')} instead of ${naive.map((x) => x.id).join(' ')}`);
        }
        if (slice.last() !== naive[naive.length - 1] || slice.at(naive.length) !== undefined || slice.at(-1) !== undefined) problems.push(`${e.id}: ${types.join(',')}: ends wrong`);
        naive.forEach((x, i) => {
          if (slice.positionAt(i) !== seen.indexOf(x)) problems.push(`${e.id}: position of ${x.id} in ${types.join(',')}`);
        });
      }
      seen.forEach((x, i) => {
        if (h.position(x.id) !== i) problems.push(`${e.id}: position(${x.id}) ${h.position(x.id)}, not ${i}`);
      });
      // Events not yet seen (this one and later) have no position.
      for (const x of ctx.chronology.events.slice(seen.length)) if (h.position(x.id) !== undefined) problems.push(`${e.id}: ${x.id} not seen yet has a position`);
      return [];
    },
  };
}

const cases = fc.oneof(
  chronologyArbitrary({ maxEvents: 30 }),
  fc.constantFrom(...MUTATED_RULES).chain((rule) => mutatedChronologyArbitrary(rule, { maxEpisodes: 2 }).map((m) => m.chronology)),
);

describe('history index', () => {
  fcTest.prop([cases, fc.nat(), fc.subarray([...EVENT_TYPES], { maxLength: 6 })], { numRuns })(
    'agrees with a naive scan of the events seen at every step, and in a fork and a restore of any prefix',
    (data, cut, extra) => {
      const c = load(data);
      const problems: string[] = [];
      const calls = { n: 0 };
      const options: ReplayOptions = { rules: [probe(extra, problems, calls)], params: new Map(), timeline: false };
      const k = cut % (c.events.length + 1);
      const e = new ReplayEngine(c, options);
      for (const event of c.events.slice(0, k)) e.step(event);
      const fork = e.fork();
      const restored = ReplayEngine.restore(c, options, JSON.parse(JSON.stringify(e.exportState())));
      for (const event of c.events.slice(k)) {
        fork.step(event);
        restored.step(event);
      }
      // The original goes on after its fork has stepped past it.
      for (const event of c.events.slice(k)) e.step(event);
      expect(problems).toEqual([]);
      expect(calls.n).toBe(k + 3 * (c.events.length - k));
    },
  );

  test('countBelow counts the ascending positions below n', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(200)), fc.integer({ min: -1, max: 202 }), (xs, n) => {
        const sorted = [...xs].sort((a, b) => a - b);
        expect(countBelow(sorted, n)).toBe(sorted.filter((x) => x < n).length);
      }),
    );
  });
});
