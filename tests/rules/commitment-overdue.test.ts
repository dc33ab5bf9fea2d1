import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'commitment-overdue';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const dated = { id: 'c', type: 'commitment.made', at: '2024-04-02', by: 'social-care', what: 'reply to the complaint', due: '2024-04-30' };
const undated = { id: 'c', type: 'commitment.made', at: '2024-03-14', by: 'social-care', what: 'arrange a meeting' };
const kept = (at: unknown) => ({ id: 'k', type: 'commitment.kept', at, commitment: 'c' });

describe('commitment-overdue', () => {
  test('a commitment kept a week after its own due date is overdue', () => {
    expect(only(run([dated, kept('2024-05-07')]))).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['c', 'k'] });
  });

  test('a commitment kept before its due date gives no finding', () => {
    expect(findingsOf(run([dated, kept('2024-04-20')]), RULE)).toEqual([]);
  });

  test('a commitment kept on its due date (30 April 2024) is not overdue, the day after (1 May) is', () => {
    expect(findingsOf(run([dated, kept('2024-04-30')]), RULE)).toEqual([]);
    expect(only(run([dated, kept('2024-05-01')]))).toMatchObject({ certainty: 'certain', events: ['c', 'k'] });
  });

  test('a due date given as a duration counts from the commitment (P2W from 2 April = 16 April 2024)', () => {
    const twoWeeks = { ...dated, due: 'P2W' };
    expect(findingsOf(run([twoWeeks, kept('2024-04-16')]), RULE)).toEqual([]);
    expect(only(run([twoWeeks, kept('2024-04-17')]))).toMatchObject({ certainty: 'certain', events: ['c', 'k'] });
  });

  describe('a commitment with no date of its own is due within 20 working days', () => {
    // From Thursday 14 March 2024 (day 0), skipping weekends, Good Friday 29 March and
    // Easter Monday 1 April 2024:
    //   15 Mar 1 · 18–22 Mar 2–6 · 25–28 Mar 7–10 · 2–5 Apr 11–14 · 8–12 Apr 15–19 · 15 Apr 20
    // → the last allowed day is Monday 15 April 2024.
    test('kept on the 20th working day (15 April 2024) is not overdue', () => {
      expect(findingsOf(run([undated, kept('2024-04-15')]), RULE)).toEqual([]);
    });

    test('kept on the 21st working day (16 April 2024) is overdue', () => {
      expect(only(run([undated, kept('2024-04-16')]))).toMatchObject({ certainty: 'certain', events: ['c', 'k'] });
    });
  });

  test('a commitment kept some day between 29 April and 2 May 2024 is only possibly overdue', () => {
    const f = only(run([dated, kept({ between: ['2024-04-29', '2024-05-02'] })]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['c', 'k'] });
    expect(f.missing).toEqual(['exact dates of c and k']);
  });

  describe('a commitment never kept', () => {
    test('in a summary is only possibly overdue, naming the missing step', () => {
      const f = only(run([dated]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['c'] });
      expect(f.missing).toEqual(['commitment.kept for c']);
    });

    test('in a full record is certainly overdue', () => {
      expect(only(run([dated], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['c'] });
    });

    test('in a summary with an omission stating it was not kept is certainly overdue', () => {
      const f = only(run([dated, { id: 'om', type: 'omission', step: 'commitment.kept', for: 'c' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['c', 'om'] });
    });

    test('is not overdue at an asOf on its due date', () => {
      expect(findingsOf(run([dated], { completeness: 'record', asOf: '2024-04-30' }), RULE)).toEqual([]);
    });
  });
});
