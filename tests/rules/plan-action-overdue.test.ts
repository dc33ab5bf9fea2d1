import { describe, expect, test } from 'vitest';
import { certain, findingsOf, run } from '../support.js';

const RULE = 'plan-action-overdue';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const action = { id: 'act', type: 'plan.action-set', at: '2024-04-02', action: 'refer to parenting course', due: '2024-04-30' };
const done = (at: unknown) => ({ id: 'done', type: 'plan.action-done', at, action: 'refer to parenting course' });

// The due date is the plan's own date (30 April 2024): done on it is in time, done the
// day after (1 May 2024) is late. No working-day counting is involved.
describe('plan-action-overdue', () => {
  test('an action done a week after its due date is overdue', () => {
    expect(only(run([action, done('2024-05-07')]))).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['act', 'done'] });
  });

  test('an action done before its due date gives no finding', () => {
    expect(findingsOf(run([action, done('2024-04-15')]), RULE)).toEqual([]);
  });

  test('an action done on its due date (30 April 2024) is not overdue', () => {
    expect(findingsOf(run([action, done('2024-04-30')]), RULE)).toEqual([]);
  });

  test('an action done the day after its due date (1 May 2024) is overdue', () => {
    expect(only(run([action, done('2024-05-01')]))).toMatchObject({ certainty: 'certain', events: ['act', 'done'] });
  });

  test('a due date given as a duration (P4W from 2 April = 30 April 2024) is kept on its last day', () => {
    const byDuration = { ...action, due: 'P4W' };
    expect(findingsOf(run([byDuration, done('2024-04-30')]), RULE)).toEqual([]);
    expect(only(run([byDuration, done('2024-05-01')]))).toMatchObject({ certainty: 'certain', events: ['act', 'done'] });
  });

  test('an action done some day between 29 April and 2 May 2024 is only possibly overdue', () => {
    const f = only(run([action, done({ between: ['2024-04-29', '2024-05-02'] })]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['act', 'done'] });
    expect(f.missing).toEqual(['exact dates of act and done']);
  });

  describe('an action never done', () => {
    test('in a summary is only possibly overdue, naming the missing step', () => {
      const f = only(run([action]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['act'] });
      expect(f.missing).toEqual(['plan.action-done for act']);
    });

    test('in a full record is certainly overdue', () => {
      expect(only(run([action], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['act'] });
    });

    test('in a summary with an omission stating it was not done is certainly overdue', () => {
      const f = only(run([action, { id: 'om', type: 'omission', step: 'plan.action-done', for: 'act' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['act', 'om'] });
    });

    test('is not overdue at an asOf on its due date', () => {
      expect(findingsOf(run([action], { completeness: 'record', asOf: '2024-04-30' }), RULE)).toEqual([]);
    });
  });

  test('a plan ended by a review before the action fell due closes the clock', () => {
    const r = run([action, { id: 'rev', type: 'conference.held', at: '2024-04-20', kind: 'review', decision: 'end-plan' }], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a review continuing the plan does not close the clock', () => {
    const r = run([action, { id: 'rev', type: 'conference.held', at: '2024-04-20', kind: 'review', decision: 'continue-plan' }], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['act'] });
  });

  test('a plan ended after the action fell due does not excuse the overdue action', () => {
    const r = run([action, { id: 'rev', type: 'conference.held', at: '2024-06-20', kind: 'review', decision: 'end-plan' }], { completeness: 'record' });
    expect(certain(r, RULE)).toMatchObject([{ events: ['act', 'rev'] }]);
  });
});
