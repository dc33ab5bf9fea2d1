import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'review-conference-late';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const icpc = { id: 'icpc', type: 'conference.held', at: '2024-03-19', kind: 'initial', decision: 'plan' };
// Judged at 30 September 2024 unless a test says otherwise, so the six-month clock a
// first review starts is not yet due.
const asOf = '2024-09-30';
const review = (id: string, at: unknown, decision = 'continue-plan') => ({ id, type: 'conference.held', at, kind: 'review', decision });

// Month-based timescales count calendar months (same day of the month, clamped to the
// month's end); weekends and bank holidays play no part.
//   First review: Tuesday 19 March 2024 + 3 months = Wednesday 19 June 2024.
//   Next review: Wednesday 19 June 2024 + 6 months = Thursday 19 December 2024.
describe('review-conference-late', () => {
  test('a first review conference more than three months after the ICPC is late', () => {
    expect(only(run([icpc, review('rev', '2024-07-15')], { asOf }))).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['icpc', 'rev'] });
  });

  test('a first review two and a half months after the ICPC gives no finding', () => {
    expect(findingsOf(run([icpc, review('rev', '2024-06-03')], { asOf }), RULE)).toEqual([]);
  });

  test('a first review on 19 June 2024, three months to the day after the ICPC, is not late', () => {
    expect(findingsOf(run([icpc, review('rev', '2024-06-19')], { asOf }), RULE)).toEqual([]);
  });

  test('a first review on 20 June 2024, a day over three months, is late', () => {
    expect(only(run([icpc, review('rev', '2024-06-20')], { asOf }))).toMatchObject({ certainty: 'certain', events: ['icpc', 'rev'] });
  });

  test('a later review on 19 December 2024, six months after the first review, is not late', () => {
    expect(findingsOf(run([icpc, review('rev1', '2024-06-19'), review('rev2', '2024-12-19')]), RULE)).toEqual([]);
  });

  test('a later review on 20 December 2024, a day over six months after the first review, is late', () => {
    const f = only(run([icpc, review('rev1', '2024-06-19'), review('rev2', '2024-12-20')]));
    expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['rev1', 'rev2'] });
  });

  test('three months after 30 November is the end of February (29 February 2024): 1 March is late', () => {
    const start = { ...icpc, at: '2023-11-30' };
    expect(findingsOf(run([start, review('rev', '2024-02-29')], { asOf: '2024-06-30' }), RULE)).toEqual([]);
    expect(only(run([start, review('rev', '2024-03-01')], { asOf: '2024-06-30' }))).toMatchObject({ certainty: 'certain', events: ['icpc', 'rev'] });
  });

  test('a review dated only "June 2024" is only possibly late', () => {
    const f = only(run([icpc, review('rev', '2024-06')], { asOf }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['icpc', 'rev'] });
    expect(f.missing).toEqual(['exact dates of icpc and rev']);
  });

  describe('no review held', () => {
    test('in a summary is only possibly late, naming the missing conference', () => {
      const f = only(run([icpc]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['icpc'] });
      expect(f.missing).toEqual(['conference.held for icpc']);
    });

    test('in a full record is certainly late', () => {
      expect(only(run([icpc], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['icpc'] });
    });

    test('in a summary with an omission stating no review was held is certainly late', () => {
      const f = only(run([icpc, { id: 'om', type: 'omission', step: 'conference.held', for: 'icpc' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['icpc', 'om'] });
    });
  });

  test('a review that ends the plan stops the clocks: no later review is due', () => {
    const r = run([icpc, review('rev', '2024-06-03', 'end-plan')], { completeness: 'record', asOf: '2025-12-31' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('an ICPC deciding no plan starts no review clock', () => {
    expect(findingsOf(run([{ ...icpc, decision: 'no-plan' }], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('an early review restarts the six-month clock from its own date', () => {
    // Early review 2 May 2024 → next due 2 November 2024; a review on 19 December is late.
    const r = run([icpc, { id: 'early', type: 'conference.held', at: '2024-05-02', kind: 'early-review', decision: 'continue-plan' }, review('rev', '2024-12-19')]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['early', 'rev'] });
  });
});
