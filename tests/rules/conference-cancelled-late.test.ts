import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'conference-cancelled-late';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const scheduled = { id: 'sch', type: 'conference.scheduled', at: '2024-03-01', kind: 'review', for: '2024-04-05' };
const cancelled = (at: unknown, extra: Record<string, unknown> = {}) => ({ id: 'x', type: 'conference.cancelled', at, scheduled: 'sch', ...extra });

// At least 5 working days' notice. Counting back from Friday 5 April 2024 (day 0),
// skipping Easter Monday 1 April, the weekend and Good Friday 29 March 2024:
//   4 Apr 1 · 3 Apr 2 · 2 Apr 3 · 28 Mar 4 · 27 Mar 5 → cancel on or before Wednesday 27 March.
describe('conference-cancelled-late', () => {
  test('a conference cancelled the day before it was due was cancelled late', () => {
    expect(only(run([scheduled, cancelled('2024-04-04')]))).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['x', 'sch'] });
  });

  test('a conference cancelled three weeks ahead gives no finding', () => {
    expect(findingsOf(run([scheduled, cancelled('2024-03-15')]), RULE)).toEqual([]);
  });

  test('a cancellation 5 working days ahead (27 March for 5 April 2024) is not late', () => {
    expect(findingsOf(run([scheduled, cancelled('2024-03-27')]), RULE)).toEqual([]);
  });

  test('a cancellation 4 working days ahead (28 March for 5 April 2024) is late', () => {
    expect(only(run([scheduled, cancelled('2024-03-28')]))).toMatchObject({ certainty: 'certain', events: ['x', 'sch'] });
  });

  test('a cancellation dated only between 25 and 29 March 2024 is only possibly late', () => {
    expect(only(run([scheduled, cancelled({ between: ['2024-03-25', '2024-03-29'] })]))).toMatchObject({ certainty: 'possible', events: ['x', 'sch'] });
  });

  test('a cancellation the source calls short notice is late whatever the dates', () => {
    expect(only(run([scheduled, cancelled('2024-03-15', { shortNotice: true })]))).toMatchObject({ certainty: 'certain', events: ['x', 'sch'] });
  });

  test('a short-notice cancellation with no scheduled conference named is still a finding', () => {
    const f = only(run([{ id: 'x', type: 'conference.cancelled', at: '2024-03-15', shortNotice: true }]));
    expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['x'] });
  });

  test('a cancellation that names no scheduled conference and no short notice cannot be judged and gives no finding', () => {
    expect(findingsOf(run([{ id: 'x', type: 'conference.cancelled', at: '2024-04-04' }], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('a cancellation stated not to be at short notice, and in time, gives no finding', () => {
    expect(findingsOf(run([scheduled, cancelled('2024-03-15', { shortNotice: false })]), RULE)).toEqual([]);
  });
});
