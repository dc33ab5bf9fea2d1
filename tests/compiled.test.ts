/**
 * The compiled lookup tables (the default engine) and XState's own transition() must
 * agree: same refusals, same states, for any sequence of machine events with any
 * field values, on every machine. Run more cases with CASEPATH_PROPERTY_RUNS.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { createMachine } from 'xstate';
import { CHILD_PROTECTION_EVENTS, childProtectionMachine } from '../machines/child-protection.js';
import { PLO_EVENTS, ploMachine } from '../machines/plo.js';
import { COMPLAINT_EVENTS, complaintsMachine } from '../machines/complaints.js';
import { LOOKED_AFTER_EVENTS, lookedAfterMachine } from '../machines/looked-after.js';
import { compileMachine, processes } from '../src/engine/processes.js';
import type { ChronologyEvent } from '../src/schema/events.js';
import { propertyRuns } from './property-runs.js';

const numRuns = propertyRuns();

/** Every value any guard compares, from every event type, plus one nobody uses. */
const DECISIONS = [
  's47',
  'no-s47',
  'convene-icpc',
  'further-strategy',
  'no-further-action',
  'plan',
  'no-plan',
  'continue-plan',
  'end-plan',
  'pre-proceedings',
  'issue-proceedings',
  'no-action',
  'something-else',
] as const;
const OUTCOMES = [
  'no-further-action',
  'early-help',
  'assessment',
  'strategy-discussion',
  'not-substantiated',
  'substantiated-no-continuing-risk',
  'no-continuing-risk',
  'continuing-risk',
  'step-down',
  'proceedings',
  'something-else',
] as const;
const KINDS = ['initial', 'review', 'early-review', 'child-and-family', 'something-else'] as const;

/** The values a guard compares for each event type; other types get any value. */
const RELEVANT: Record<string, { decision?: readonly string[]; outcome?: readonly string[]; kind?: readonly string[] }> = {
  'referral.decided': { outcome: ['no-further-action', 'early-help', 'assessment', 'strategy-discussion'] },
  'strategy.held': { decision: ['s47', 'no-s47', 'convene-icpc', 'further-strategy', 'no-further-action'] },
  's47.completed': { outcome: ['not-substantiated', 'substantiated-no-continuing-risk', 'no-continuing-risk', 'continuing-risk'] },
  'conference.held': { decision: ['plan', 'no-plan', 'continue-plan', 'end-plan'], kind: ['initial', 'review', 'early-review'] },
  'legal.planning-meeting': { decision: ['pre-proceedings', 'issue-proceedings', 'no-action'] },
  'plo.ended': { outcome: ['step-down', 'proceedings'] },
};

/**
 * A field value: mostly one its event type really uses (so guards are exercised, not
 * just missed), sometimes any value of the vocabulary, sometimes undefined.
 */
function field(relevant: readonly string[] | undefined, all: readonly string[]): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...(relevant ?? all)), weight: 4 },
    { arbitrary: fc.constantFrom(...all), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 2 },
  );
}

function eventArb(types: readonly string[]): fc.Arbitrary<ChronologyEvent> {
  return fc
    .constantFrom(...types)
    .chain((type) =>
      fc.record({
        type: fc.constant(type),
        decision: field(RELEVANT[type]?.decision, DECISIONS),
        outcome: field(RELEVANT[type]?.outcome, OUTCOMES),
        kind: field(RELEVANT[type]?.kind, KINDS),
        // complaint stages and the significance of a change of living arrangement
        stage: fc.constantFrom(1, 2, 3, undefined),
        significant: fc.constantFrom(true, false, undefined),
        keepUndefinedKeys: fc.boolean(),
      }),
    )
    .map(({ keepUndefinedKeys, ...fields }) => {
      // A field left undefined is either absent or present with the value undefined.
      const event: Record<string, unknown> = { id: 'e', at: '2024-01-01' };
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined || keepUndefinedKeys) event[key] = value;
      }
      return event as unknown as ChronologyEvent;
    });
}

const compiled = processes('compiled');
const xstate = processes('xstate');

const machines = [
  { name: 'child-protection', key: 'child-protection', handled: CHILD_PROTECTION_EVENTS, machine: childProtectionMachine },
  { name: 'PLO', key: 'plo', handled: PLO_EVENTS, machine: ploMachine },
  { name: 'looked-after', key: 'looked-after', handled: LOOKED_AFTER_EVENTS, machine: lookedAfterMachine },
  { name: 'complaints', key: 'complaints', handled: COMPLAINT_EVENTS, machine: complaintsMachine },
] as const;

describe('the compiled engine and XState', () => {
  for (const m of machines) {
    test(`start the ${m.name} machine in the same state`, () => {
      expect(compiled.get(m.key).initial).toBe(xstate.get(m.key).initial);
    });

    // Sequences start from the initial state or, to reach the rarer states (a plan ended,
    // proceedings concluded) often, from any state of the chart.
    const start = fc.constantFrom(compiled.get(m.key).initial, ...Object.keys(m.machine.root.states));
    fcTest.prop([start, fc.array(eventArb(m.handled), { minLength: 0, maxLength: 25 })], { numRuns })(
      `step the ${m.name} machine to the same state, and refuse the same events, for any sequence of events`,
      (from, events) => {
        const a = compiled.get(m.key);
        const b = xstate.get(m.key);
        let state = from;
        for (const event of events) {
          const ra = a.step(state, event);
          const rb = b.step(state, event);
          expect(ra, `${event.type} in ${state}`).toEqual(rb);
          state = ra.state;
        }
      },
    );
  }
});

describe('compileMachine', () => {
  for (const m of machines) {
    test(`puts every state of the ${m.name} machine in the compiled table`, () => {
      const table = compileMachine(m.machine);
      const states = Object.keys(m.machine.root.states);
      expect(states.length).toBeGreaterThan(1);
      expect([...table.keys()].sort()).toEqual([...states].sort());
    });
  }

  test('refuses a machine with a nested state', () => {
    const nested = createMachine({
      id: 'nested',
      initial: 'outer',
      states: {
        outer: {
          initial: 'inner',
          states: { inner: { on: { go: 'other' } }, other: {} },
        },
      },
    });
    expect(() => compileMachine(nested)).toThrow(/not atomic/);
  });
});
