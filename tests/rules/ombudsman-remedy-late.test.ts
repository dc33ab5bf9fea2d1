import { describe, expect, test } from 'vitest';
import { ombudsmanRemedyLate } from '../../src/rules/ombudsman-remedy-late.js';
import { findingsOf, run } from '../support.js';

const RULE = 'ombudsman-remedy-late';
const rules = [ombudsmanRemedyLate];

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

// Report 24 009 262 (seed 004): decided Tuesday 26 August 2025; an apology within four weeks
// (due Tuesday 23 September 2025) and evidence of learning within three months (due 26
// November 2025). Calendar weeks and months: bank holidays play no part.
const decision = {
  id: 'decision',
  type: 'ombudsman.decided',
  at: '2025-08-26',
  by: 'ombudsman',
  outcome: 'upheld',
  recommendations: [
    { id: 'apology', action: 'Senior officer apologises in writing', due: 'P4W' },
    { id: 'learning', action: 'Evidence the learning review was shared', due: 'P3M' },
  ],
};
const done = (id: string, recommendation: string, at: unknown) => ({ id, type: 'remedy.completed', at, by: 'social-care', recommendation });
const asOf = '2026-01-19';

describe('ombudsman-remedy-late', () => {
  test('an apology made a day after its four weeks is late', () => {
    const r = run([decision, done('apologised', 'apology', '2025-09-24'), done('evidenced', 'learning', '2025-11-20')], { rules, asOf });
    expect(only(r)).toMatchObject({ rule: RULE, severity: 'fault', certainty: 'certain', children: ['A'], events: ['decision', 'apologised'] });
    expect(only(r).message).toContain('Senior officer apologises in writing');
  });

  test('recommendations completed on their due dates (23 September, 26 November 2025) give no finding', () => {
    const r = run([decision, done('apologised', 'apology', '2025-09-23'), done('evidenced', 'learning', '2025-11-26')], { rules, asOf });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('evidence of learning on 27 November, a day after three months, is late', () => {
    const r = run([decision, done('apologised', 'apology', '2025-09-01'), done('evidenced', 'learning', '2025-11-27')], { rules, asOf });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['decision', 'evidenced'] });
  });

  test('a due date given as a date is used as it is', () => {
    const dated = { ...decision, recommendations: [{ id: 'payment', action: 'Pay £350', due: '2025-09-30' }] };
    expect(findingsOf(run([dated, done('paid', 'payment', '2025-09-30')], { rules, asOf }), RULE)).toEqual([]);
    expect(only(run([dated, done('paid', 'payment', '2025-10-01')], { rules, asOf }))).toMatchObject({ certainty: 'certain', events: ['decision', 'paid'] });
  });

  test('a remedy completed "in late September 2025" is only possibly late', () => {
    const f = only(run([decision, done('apologised', 'apology', { between: ['2025-09-20', '2025-09-30'] }), done('evidenced', 'learning', '2025-10-01')], { rules, asOf }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['decision', 'apologised'] });
  });

  test('a completion meets the recommendation of the latest decision that makes it, not an earlier one with the same id', () => {
    const first = { ...decision, recommendations: [{ id: 'apology', action: 'Apologise', due: 'P4W' }] };
    const second = { ...decision, id: 'decision-2', at: '2025-09-01', recommendations: [{ id: 'apology', action: 'Apologise again', due: 'P4W' }] };
    const r = run([first, second, done('apologised', 'apology', '2025-09-10')], { rules, asOf, completeness: 'record' });
    expect(r.deadlines.filter((d) => d.rule === RULE).map((d) => [d.startedBy, d.status, d.metBy])).toEqual([
      ['decision-2', 'met', 'apologised'],
      ['decision', 'overdue', undefined],
    ]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['decision'] });
  });

  describe('a recommendation never completed', () => {
    const apologised = done('apologised', 'apology', '2025-09-10');

    test('in a summary is only possibly late, naming the missing step', () => {
      const f = only(run([decision, apologised], { rules, asOf }));
      expect(f).toMatchObject({ certainty: 'possible', events: ['decision'] });
      expect(f.missing).toEqual(['remedy.completed for decision']);
      expect(f.message).toContain('learning');
    });

    test('in a full record is certainly late', () => {
      expect(only(run([decision, apologised], { rules, asOf, completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['decision'] });
    });

    test('with an omission of remedy.completed for the decision is certainly late', () => {
      const f = only(run([decision, apologised, { id: 'om', type: 'omission', step: 'remedy.completed', for: 'decision' }], { rules, asOf }));
      expect(f).toMatchObject({ certainty: 'certain', events: ['decision', 'om'] });
    });

    test('is not late at an asOf on its due date (26 November 2025)', () => {
      expect(findingsOf(run([decision, apologised], { rules, asOf: '2025-11-26', completeness: 'record' }), RULE)).toEqual([]);
    });
  });
});
