/**
 * The monitor's events are typed (issue 15): a mistyped event does not compile, and a
 * well-formed one does. `npm run typecheck` (tsconfig.tests.json) holds the
 * `@ts-expect-error` lines to it; at run time the monitor still validates.
 */
import { describe, expect, test } from 'vitest';
import { InvalidChronologyError, createCaseMonitor, type EventInput } from '../src/index.js';

describe('typed events for record and check', () => {
  const m = createCaseMonitor({ case: 't', children: [{ id: 'A' }] });

  test('a well-formed event compiles and is recorded', () => {
    const e: EventInput = { id: 'ref', type: 'referral.received', at: '2024-03-04', by: 'school' };
    expect(m.record(e).recorded).toBe(true);
  });

  test('a mistyped event type, field or value does not compile (and is refused at run time too)', () => {
    // @ts-expect-error: an unknown event type
    expect(() => m.check({ id: 'x', type: 'referral.recieved', at: '2024-03-05' })).toThrow(InvalidChronologyError);
    // @ts-expect-error: a value outside the enum
    expect(() => m.check({ id: 'y', type: 'referral.decided', at: '2024-03-05', outcome: 'maybe' })).toThrow(InvalidChronologyError);
  });
});
