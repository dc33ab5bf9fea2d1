/**
 * Model-based paths: chronologies generated from the machine charts (src/testing/paths.ts)
 * load, replay without a process deviation, end where the chart says, and together
 * exercise every state and every transition of every machine (src/testing/coverage.ts).
 */
import { describe, expect, test } from 'vitest';
import { parseDay } from '../src/calendar/day.js';
import { england } from '../src/calendar/working-days.js';
import { loadChronologyData, replay } from '../src/index.js';
import { coverageOf, describeTransition, isComplete, machineCoverage, replayPath, stateIn } from '../src/testing/coverage.js';
import {
  MACHINE_IDS,
  type MachineId,
  candidateEvents,
  generatedPaths,
  initialState,
  machinePaths,
  machineProcess,
  machineStates,
  machineTransitions,
  pathToChronology,
} from '../src/testing/paths.js';

const deviations = (r: ReturnType<typeof replay>) => r.findings.filter((f) => f.rule === 'process-deviation');

/**
 * States and transitions no generated path can reach, by machine, with the reason.
 * None today: every state is reachable from the initial state and every transition
 * definition (guarded branches included) is taken by some schema-valid event. A chart
 * change that makes one unreachable (a shadowed branch, an orphan state) fails the
 * coverage test below until it is fixed or listed here with its reason.
 */
const UNREACHABLE: Record<MachineId, { states: string[]; transitions: string[] }> = {
  'child-protection': { states: [], transitions: [] },
  'cin-plan': { states: [], transitions: [] },
  'looked-after': { states: [], transitions: [] },
  plo: { states: [], transitions: [] },
  complaints: { states: [], transitions: [] },
};

describe.each(MACHINE_IDS)('paths through the %s machine', (id) => {
  const paths = generatedPaths(id);

  test('every generated chronology loads without issues', () => {
    for (const p of paths) {
      const obj = pathToChronology(p);
      const r = loadChronologyData(obj, 'path');
      expect(r.ok ? [] : r.issues, obj.title).toEqual([]);
      expect(obj.completeness).toBe('record');
    }
  });

  test('every candidate event is a valid chronology event once its required fields are filled', () => {
    // One chronology holding every candidate (out of process order: loading does not care).
    // (The complaints candidates list ombudsman.decided before remedy.completed, which refers to it.)
    const steps = candidateEvents(id).map((event) => ({ event, state: '' }));
    const obj = pathToChronology({ machine: id, kind: 'simple', state: initialState(id), steps });
    expect(obj.events).toHaveLength(steps.length);
    const r = loadChronologyData(obj, 'candidates');
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  test('replaying each generated chronology through the engine finds no process deviation', () => {
    for (const p of paths) {
      const obj = pathToChronology(p);
      for (const engine of ['xstate', 'compiled'] as const) {
        expect(deviations(replay(obj, { engine })), `${obj.title} (${engine})`).toEqual([]);
      }
    }
  });

  test('the replay follows the chart step by step', () => {
    for (const p of paths) {
      const r = replayPath(p);
      expect(r.mismatches).toEqual([]);
      expect(r.states.slice(1)).toEqual(p.steps.map((s) => s.state));
    }
  });

  test('the shortest path to each state ends in that state', () => {
    const shortest = machinePaths(id, { kind: 'shortest' });
    expect(shortest.map((p) => p.state).sort()).toEqual([...machineStates(id)].sort());
    for (const p of shortest) {
      const result = replay(pathToChronology(p), { engine: 'xstate' });
      const last = result.timeline.at(-1);
      const final = last ? stateIn(last.states, id, 'A') : initialState(id);
      expect(final, `shortest path to ${p.state}`).toBe(p.state);
      expect(machinePaths(id, { kind: 'shortest', to: p.state })).toEqual([p]);
    }
  });

  test('coverage reaches every state and takes every transition, but for the listed exclusions', () => {
    const c = coverageOf(id, paths);
    expect(c.states.missed).toEqual(UNREACHABLE[id].states);
    expect(c.transitions.missed.map(describeTransition)).toEqual(UNREACHABLE[id].transitions);
    expect(c.states.total).toBe(machineStates(id).length);
    expect(c.transitions.total).toBe(machineTransitions(id).length);
    expect(c.deviations).toBe(0);
    expect(c.mismatches).toEqual([]);
  });

  test('bounded simple paths visit no state twice, respect their bounds, and replay without deviation', () => {
    const simple = machinePaths(id, { kind: 'simple', maxDepth: 5, limit: 200 });
    expect(simple.length).toBeGreaterThan(0);
    expect(simple.length).toBeLessThanOrEqual(200);
    for (const p of simple) {
      expect(p.steps.length).toBeLessThanOrEqual(5);
      const visited = [initialState(id), ...p.steps.map((s) => s.state)];
      expect(new Set(visited).size).toBe(visited.length);
      expect(deviations(replay(pathToChronology(p), { engine: 'xstate' }))).toEqual([]);
      expect(p.state).toBe(visited.at(-1));
    }
    // Shortest first.
    const lengths = simple.map((p) => p.steps.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
  });
});

describe('simple paths', () => {
  test.each(['looked-after', 'plo', 'complaints'] as const)(
    'the bounded enumeration of the %s machine finds the same paths as getSimplePaths when the bounds are generous',
    (id) => {
      const key = (p: { steps: { event: unknown; state: string }[] }) => JSON.stringify(p.steps);
      const exhaustive = machinePaths(id, { kind: 'simple', maxDepth: Infinity, limit: Infinity }).map(key).sort();
      const bounded = machinePaths(id, { kind: 'simple', maxDepth: 50, limit: 1e6 }).map(key).sort();
      expect(bounded).toEqual(exhaustive);
    },
  );

  test('paths to one state end in it', () => {
    const toPlanEnded = machinePaths('child-protection', { kind: 'simple', to: 'planEnded', limit: 20 });
    expect(toPlanEnded).toHaveLength(20);
    for (const p of toPlanEnded) expect(p.state).toBe('planEnded');
  });
});

describe('pathToChronology', () => {
  const [toPlan] = machinePaths('child-protection', { kind: 'shortest', to: 'plan' });

  test('dates the events exactly, each the given number of working days after the one before', () => {
    const obj = pathToChronology(toPlan!, { base: '2024-12-21', stepWorkingDays: 3 });
    const days = obj.events.map((e) => parseDay(e['at'] as string)!);
    // 2024-12-21 is a Saturday: the first event falls on the next working day.
    expect(obj.events[0]!['at']).toBe('2024-12-23');
    for (let i = 1; i < days.length; i++) {
      expect(england.isWorkingDay(days[i]!)).toBe(true);
      expect(england.countWorkingDays(days[i - 1]!, days[i]!)).toBe(3);
    }
    expect(obj.asOf).toBe(obj.events.at(-1)!['at']);
  });

  test('a per-child path concerns one child of several; the others stay where they were', () => {
    const obj = pathToChronology(toPlan!, { children: ['A', 'B'], child: 'B' });
    expect(obj.events.every((e) => JSON.stringify(e['children']) === '["B"]')).toBe(true);
    const r = replay(obj, { engine: 'xstate' });
    expect(r.timeline.at(-1)!.states.childProtection).toEqual({ A: 'notKnown', B: 'plan' });
    expect(deviations(r)).toEqual([]);
  });

  test('a per-case path concerns every child', () => {
    const [toProceedings] = machinePaths('plo', { kind: 'shortest', to: 'proceedings' });
    const obj = pathToChronology(toProceedings!, { children: ['A', 'B'] });
    expect(obj.events.every((e) => e['children'] === undefined)).toBe(true);
    expect(machineProcess('plo').scope).toBe('case');
  });

  test('fills what the schema requires and what later events refer to', () => {
    const [remedy] = machinePaths('complaints', { kind: 'transitions' }).filter((p) => p.transition?.event === 'remedy.completed');
    const obj = pathToChronology(remedy!);
    const decided = obj.events.find((e) => e['type'] === 'ombudsman.decided')!;
    const done = obj.events.find((e) => e['type'] === 'remedy.completed')!;
    expect(done['recommendation']).toBe((decided['recommendations'] as { id: string }[])[0]!.id);
    const [extended] = machinePaths('plo', { kind: 'transitions' }).filter((p) => p.transition?.event === 'proceedings.extended');
    expect(pathToChronology(extended!).events.at(-1)).toMatchObject({ type: 'proceedings.extended', weeks: 8 });
  });
});

describe('the coverage measure', () => {
  test('is not full by construction: shortest paths alone take one transition into each state and no more', () => {
    for (const id of MACHINE_IDS) {
      const c = coverageOf(id, machinePaths(id, { kind: 'shortest' }));
      expect(c.states.percent).toBe(100);
      expect(c.transitions.taken).toBe(machineStates(id).length - 1);
      expect(c.transitions.percent).toBeLessThan(100);
    }
  });

  test('counts no transition for a step the chart refuses, which the replay reports as a process deviation', () => {
    const r = replayPath({ machine: 'child-protection', kind: 'simple', state: 'notKnown', steps: [{ event: { type: 'core-group.held' }, state: 'notKnown' }] });
    expect(r.taken).toEqual([]);
    expect(r.states).toEqual(['notKnown', 'notKnown']);
    expect(deviations(r.result)).toHaveLength(1);
  });
});

test('the coverage report is complete for every machine', () => {
  const rows = machineCoverage();
  expect(rows.map((r) => r.machine)).toEqual([...MACHINE_IDS]);
  expect(isComplete(rows)).toBe(true);
});
