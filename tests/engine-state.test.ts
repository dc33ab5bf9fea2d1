/**
 * The engine's working state by construction: a fork, and a restore of the exported state
 * (through JSON, as the monitor persists it), at any prefix, replay the rest exactly as the
 * whole replay does — and the engine forked from is not changed by its fork's steps.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { defaultConfig, replayOptionsOf } from '../src/config.js';
import { loadChronologyData } from '../src/index.js';
import { ReplayEngine, replayChronology } from '../src/engine/replay.js';
import { AppendList, KeySet, PERSISTENT, initialState } from '../src/engine/state.js';
import type { Chronology, ReplayResult } from '../src/engine/types.js';
import { MUTATED_RULES, chronologyArbitrary, mutatedChronologyArbitrary } from '../src/testing/arbitraries/index.js';
import { propertyRuns } from './property-runs.js';

const numRuns = propertyRuns();
const options = replayOptionsOf(defaultConfig(), { timeline: true });

/** What a replay decides: findings, deadlines and the timeline, as comparable JSON. */
const decided = (r: ReplayResult) => JSON.stringify({ findings: r.findings, deadlines: r.deadlines, timeline: r.timeline });

function load(data: unknown): Chronology {
  const r = loadChronologyData(data, 'property');
  if (!r.ok) throw new Error(`does not load: ${r.issues.map((i) => i.message).join('; ')}`);
  return r.chronology;
}

function whole(c: Chronology): ReplayResult {
  const e = new ReplayEngine(c, options);
  for (const event of c.events) e.step(event);
  return e.finish(c.asOf);
}

/** Step the first `k` events, then go on three ways: the engine itself, a fork, and a restore of its exported state. */
function threeWays(c: Chronology, k: number): { self: string; fork: string; restored: string } {
  const e = new ReplayEngine(c, options);
  for (const event of c.events.slice(0, k)) e.step(event);
  const saved = JSON.parse(JSON.stringify(e.exportState()));
  const fork = e.fork();
  for (const event of c.events.slice(k)) fork.step(event);
  const forked = decided(fork.finish(c.asOf));
  const restored = ReplayEngine.restore(c, options, saved);
  for (const event of c.events.slice(k)) restored.step(event);
  const fromSaved = decided(restored.finish(c.asOf));
  // The fork's steps left the original where it was: it goes on as if never forked.
  for (const event of c.events.slice(k)) e.step(event);
  return { self: decided(e.finish(c.asOf)), fork: forked, restored: fromSaved };
}

const cases = fc.oneof(
  chronologyArbitrary({ maxEvents: 14 }),
  fc.constantFrom(...MUTATED_RULES).chain((rule) => mutatedChronologyArbitrary(rule, { maxEpisodes: 2 }).map((m) => m.chronology)),
);

describe('engine state', () => {
  fcTest.prop([cases, fc.nat()], { numRuns })('a fork and a restore of any prefix replay the rest exactly as the whole', (data, cut) => {
    const c = load(data);
    const k = cut % (c.events.length + 1);
    const expected = decided(whole(c));
    const got = threeWays(c, k);
    expect(got.fork, `fork at ${k}`).toBe(expected);
    expect(got.restored, `restore at ${k}`).toBe(expected);
    expect(got.self, `the original after its fork stepped, at ${k}`).toBe(expected);
    // The whole-case path (stepAll, no step outcomes) decides the same.
    expect(decided(replayChronology(c, options)), 'replayChronology').toBe(expected);
  });

  fcTest.prop([cases], { numRuns })('a started clock is the rule\'s start with the rule id after its keys, and stays so in the exported state', (data) => {
    const c = load(data);
    // The engine adds the rule id to the object a rule's starts() returns (no copy): each call
    // must return new objects (ClockSpec.starts). Two engines replay the case, so a start a
    // rule kept and returned again would be the same object twice.
    const seen = new Set<object>();
    let count = 0;
    for (let run = 0; run < 2; run++) {
      const e = new ReplayEngine(c, options);
      for (const event of c.events) {
        for (const clock of e.step(event).started) {
          const keys = Object.keys(clock);
          expect(keys[keys.length - 1]).toBe('rule');
          expect(options.rules.some((r) => r.id === clock.rule && r.clock?.startsOn.includes(event.type))).toBe(true);
          seen.add(clock);
          count++;
        }
        for (const o of e.exportState().open) expect(Object.keys(o.clock).at(-1)).toBe('rule');
      }
    }
    expect(seen.size, 'a start object returned twice').toBe(count);
  });

  fcTest.prop([cases, fc.nat()], { numRuns })('the fields marked persistent are exactly the immutable collections of the state', (data, cut) => {
    const c = load(data);
    const e = new ReplayEngine(c, options);
    for (const event of c.events.slice(0, cut % (c.events.length + 1))) e.step(event);
    for (const s of [initialState(['a']), e.checkpoint()]) {
      // Persistent: the protocol shareState and the engine's changes rely on (immutable's collections, KeySet).
      const persistent = (v: unknown) => typeof (v as { asImmutable?: unknown })?.asImmutable === 'function' && typeof (v as { asMutable?: unknown })?.asMutable === 'function';
      for (const [k, v] of Object.entries(s)) expect(persistent(v), k).toBe(PERSISTENT[k as keyof typeof PERSISTENT]);
      expect(Object.keys(s).sort()).toEqual(Object.keys(PERSISTENT).sort());
    }
  });

  // The started keys' set: a plain Set while one engine owns it, shared like the other
  // collections. Against a model (each handle's keys as a plain Set): adds to one handle never
  // show in another, whether it was shared (a checkpoint) before or after, and folds keep every key.
  fcTest.prop([fc.array(fc.tuple(fc.nat(4), fc.constantFrom('add', 'add-if-absent', 'share', 'fork'), fc.string({ maxLength: 3 })), { maxLength: 60 })], { numRuns })(
    'a KeySet behaves as a persistent set of strings',
    (ops) => {
      const sets: KeySet[] = [KeySet.EMPTY];
      const model: Set<string>[] = [new Set()];
      for (const [pick, op, key] of ops) {
        const i = pick % sets.length;
        if (op === 'add') {
          sets[i] = sets[i]!.add(key);
          model[i]!.add(key);
        } else if (op === 'add-if-absent') {
          const had = model[i]!.has(key);
          const next = sets[i]!.addIfAbsent(key);
          // undefined exactly when the key was there; else the set with it (the model checks the rest).
          expect(next === undefined).toBe(had);
          if (next) sets[i] = next;
          model[i]!.add(key);
        } else if (op === 'share') sets[i]!.asImmutable();
        else {
          // A fork: both sides hold the shared set and change it through asMutable().
          const shared = sets[i]!.asImmutable();
          sets.push(shared);
          model.push(new Set(model[i]));
        }
        sets.forEach((s, j) => {
          expect([...s].sort()).toEqual([...model[j]!].sort());
          expect(s.size).toBe(model[j]!.size);
          for (const k of model[j]!) expect(s.has(k)).toBe(true);
          if (!model[j]!.has(key)) expect(s.has(key)).toBe(false);
        });
      }
    },
  );

  // The findings' and deadlines' list: a plain array while one engine owns it, shared like the
  // other collections. Against a model (each handle's entries as a plain array): pushes and
  // replacements on one handle never show in another, shared (a checkpoint) before or after.
  fcTest.prop([fc.array(fc.tuple(fc.nat(4), fc.constantFrom('push', 'set', 'share', 'fork'), fc.nat(40)), { maxLength: 80 })], { numRuns })(
    'an AppendList behaves as a persistent list',
    (ops) => {
      const lists: AppendList<number>[] = [AppendList.empty()];
      const model: number[][] = [[]];
      let n = 0;
      for (const [pick, op, at] of ops) {
        const i = pick % lists.length;
        const value = n++;
        if (op === 'push') {
          lists[i] = lists[i]!.push(value);
          model[i]!.push(value);
        } else if (op === 'set') {
          if (model[i]!.length === 0) {
            expect(() => lists[i]!.set(0, value)).toThrow(RangeError);
            continue;
          }
          const k = at % model[i]!.length;
          lists[i] = lists[i]!.set(k, value);
          model[i]![k] = value;
        } else if (op === 'share') lists[i]!.asImmutable();
        else {
          // A fork: both sides hold the shared list and change it through asMutable().
          const shared = lists[i]!.asImmutable();
          lists.push(shared);
          model.push([...model[i]!]);
        }
        lists.forEach((l, j) => {
          const m = model[j]!;
          expect(l.toArray()).toEqual(m);
          expect([...l]).toEqual(m);
          expect(l.size).toBe(m.length);
          for (let k = 0; k < m.length; k++) expect(l.get(k)).toBe(m[k]);
          const probe = m.length ? m[at % m.length]! : -1;
          expect(l.findIndex((x) => x === probe)).toBe(m.indexOf(probe));
        });
      }
    },
  );

  // Long cases: past 32 findings the engine merges findings through a key index it keeps with
  // the findings list (rebuilt after a fork or restore); a fork or restore at any prefix must agree.
  fcTest.prop([chronologyArbitrary({ minEvents: 80, maxEvents: 160, exact: 'mixed' }), fc.nat()], { numRuns: Math.max(5, Math.ceil(numRuns / 20)) })(
    'long cases too: a fork and a restore of any prefix replay the rest exactly as the whole',
    (data, cut) => {
      const c = load(data);
      const k = cut % (c.events.length + 1);
      const expected = decided(whole(c));
      const got = threeWays(c, k);
      expect(got.fork, `fork at ${k}`).toBe(expected);
      expect(got.restored, `restore at ${k}`).toBe(expected);
      expect(got.self, `the original after its fork stepped, at ${k}`).toBe(expected);
    },
  );
});
