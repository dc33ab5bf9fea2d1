import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'assessment-late';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const referral = { id: 'ref', type: 'referral.received', at: '2024-03-01', from: 'health' };
const decided = { id: 'dec', type: 'referral.decided', at: '2024-03-04', outcome: 'assessment' };

// 45 working days counted from Friday 1 March 2024 (day 0), skipping weekends,
// Good Friday 29 March, Easter Monday 1 April and the early May bank holiday 6 May:
//   4–8 Mar 1–5 · 11–15 Mar 6–10 · 18–22 Mar 11–15 · 25–28 Mar 16–19 · 2–5 Apr 20–23
//   8–12 Apr 24–28 · 15–19 Apr 29–33 · 22–26 Apr 34–38 · 29 Apr–3 May 39–43
//   7 May 44 · 8 May 45  → the last allowed day is Wednesday 8 May 2024.
describe('assessment-late', () => {
  test('an assessment that takes in a sibling the referral did not name counts from that referral for the referred child only', () => {
    const r = run(
      [{ ...referral, children: ['A'] }, decided, { id: 'done', type: 'assessment.completed', at: '2024-05-09', conclusion: 'child-in-need', children: ['A', 'B'] }],
      { children: ['A', 'B'] },
    );
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['ref', 'done'] });
  });

  test('an assessment completed 46 working days after the referral is late', () => {
    const r = run([referral, decided, { id: 'done', type: 'assessment.completed', at: '2024-05-09', conclusion: 'child-in-need' }]);
    expect(only(r)).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['ref', 'done'] });
  });

  test('an assessment completed six weeks after the referral gives no finding', () => {
    const r = run([referral, decided, { id: 'done', type: 'assessment.completed', at: '2024-04-15', conclusion: 'child-in-need' }]);
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('an assessment completed on the 45th working day (8 May 2024) is not late', () => {
    const r = run([referral, decided, { id: 'done', type: 'assessment.completed', at: '2024-05-08' }]);
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('an assessment completed on the 46th working day (9 May 2024) is late', () => {
    const r = run([referral, decided, { id: 'done', type: 'assessment.completed', at: '2024-05-09' }]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['ref', 'done'] });
  });

  test('an assessment completed some day in May 2024 is only possibly late', () => {
    const r = run([referral, decided, { id: 'done', type: 'assessment.completed', at: '2024-05' }]);
    const f = only(r);
    expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['ref', 'done'] });
    expect(f.missing).toEqual(['exact dates of ref and done']);
  });

  test('the timescale runs from the referral, not from the start of the assessment', () => {
    const r = run([
      referral,
      { id: 'start', type: 'assessment.started', at: '2024-04-15' },
      { id: 'done', type: 'assessment.completed', at: '2024-05-09' },
    ]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['ref', 'done'] });
  });

  test('an assessment completed late with no decision or start recorded is still late', () => {
    const r = run([referral, { id: 'done', type: 'assessment.completed', at: '2024-05-09' }]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['ref', 'done'] });
  });

  describe('an assessment decided on but never completed', () => {
    const events = [referral, decided];

    test('in a summary is only possibly late, naming the missing completion', () => {
      const f = only(run(events));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['ref'] });
      expect(f.missing).toEqual(['assessment.completed for ref']);
    });

    test('in a full record is certainly late', () => {
      const f = only(run(events, { completeness: 'record' }));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['ref'] });
      expect(f.missing).toBeUndefined();
    });

    test('in a summary with an omission stating it was not completed is certainly late', () => {
      const f = only(run([...events, { id: 'om', type: 'omission', step: 'assessment.completed', for: 'ref' }]));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['ref', 'om'] });
    });

    test('is not late at an asOf on the 45th working day', () => {
      expect(findingsOf(run(events, { completeness: 'record', asOf: '2024-05-08' }), RULE)).toEqual([]);
    });
  });

  test('a referral decided for no further action starts no assessment clock', () => {
    const r = run([referral, { id: 'dec', type: 'referral.decided', at: '2024-03-04', outcome: 'no-further-action' }], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });
});
