import { describe, expect, test } from 'vitest';
import { lacReviewLate } from '../../src/rules/lac-review-late.js';
import { certain, findingsOf, run, type ChronOptions } from '../support.js';

const RULE = 'lac-review-late';
const rules = [lacReviewLate];
const replay = (events: Record<string, unknown>[], options: ChronOptions = {}) => run(events, { rules, ...options });

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const order = { id: 'order', type: 'care-order.made', at: '2024-03-20' };
const review = (id: string, at: unknown, extra: Record<string, unknown> = {}) => ({ id, type: 'lac-review.held', at, ...extra });
const postponed = (id: string, at: unknown) => ({ id, type: 'lac-review.postponed', at });
// Most tests use a full record (nothing unrecorded could have met the clock) judged at
// 30 June 2024, before the three-month clock a first review starts falls due.
const record: ChronOptions = { completeness: 'record', asOf: '2024-06-30' };

// First review, 20 working days from Wednesday 20 March 2024 (day 0), skipping weekends,
// Good Friday 29 March and Easter Monday 1 April 2024:
//   21–22 Mar 1–2 · 25–28 Mar 3–6 · 2–5 Apr 7–10 · 8–12 Apr 11–15 · 15–19 Apr 16–20
// → the last allowed day is Friday 19 April 2024.
// Second review: 3 calendar months after the first (19 April → 19 July 2024).
// Later reviews: 6 calendar months after the previous one actually held (19 July 2024 →
// 19 January 2025). Months are the same day of the month, clamped to the month's end.
describe('lac-review-late', () => {
  test('a first review 21 working days after the care order is late', () => {
    expect(only(replay([order, review('rev1', '2024-04-22')], record))).toMatchObject({
      rule: RULE,
      severity: 'breach',
      certainty: 'certain',
      children: ['A'],
      events: ['order', 'rev1'],
    });
  });

  test('reviews at 20 working days, 3 months and 6 months give no finding', () => {
    const r = replay([order, review('rev1', '2024-04-19'), review('rev2', '2024-07-19'), review('rev3', '2025-01-19')], { ...record, asOf: '2025-06-30' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a first review on the 20th working day (19 April 2024, after Easter) is not late', () => {
    expect(findingsOf(replay([order, review('rev1', '2024-04-19')], record), RULE)).toEqual([]);
  });

  test('a second review on 19 July 2024, three months after the first, is not late; on 20 July it is', () => {
    const asOf = '2024-12-31';
    expect(findingsOf(replay([order, review('rev1', '2024-04-19'), review('rev2', '2024-07-19')], { ...record, asOf }), RULE)).toEqual([]);
    expect(only(replay([order, review('rev1', '2024-04-19'), review('rev2', '2024-07-20')], { ...record, asOf }))).toMatchObject({
      certainty: 'certain',
      events: ['rev1', 'rev2'],
    });
  });

  test('a third review on 19 January 2025, six months after the second, is not late; on 20 January it is', () => {
    const asOf = '2025-06-30';
    const base = [order, review('rev1', '2024-04-19'), review('rev2', '2024-07-19')];
    expect(findingsOf(replay([...base, review('rev3', '2025-01-19')], { ...record, asOf }), RULE)).toEqual([]);
    expect(only(replay([...base, review('rev3', '2025-01-20')], { ...record, asOf }))).toMatchObject({ certainty: 'certain', events: ['rev2', 'rev3'] });
  });

  test('three months after a first review on 30 November 2023 ends on 29 February 2024: 1 March is late', () => {
    // 20 working days from Thursday 2 November 2023 end on Thursday 30 November 2023.
    const o = { ...order, at: '2023-11-02' };
    expect(findingsOf(replay([o, review('rev1', '2023-11-30'), review('rev2', '2024-02-29')], record), RULE)).toEqual([]);
    expect(only(replay([o, review('rev1', '2023-11-30'), review('rev2', '2024-03-01')], record))).toMatchObject({ events: ['rev1', 'rev2'] });
  });

  test('an early review restarts the clock: the next is due six months after it, not after the schedule', () => {
    // rev2 (1 June 2024) came early; the next is due by 1 December 2024, so 15 December is late.
    const r = replay([order, review('rev1', '2024-04-19'), review('rev2', '2024-06-01'), review('rev3', '2024-12-15')], { ...record, asOf: '2025-03-31' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['rev2', 'rev3'] });
  });

  describe('a postponed review neither stops nor moves the clock', () => {
    test('a first review postponed and then held after 20 working days is late', () => {
      const r = replay([order, postponed('post', '2024-04-15'), review('rev1', '2024-05-10')], record);
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['order', 'rev1'] });
    });

    test('a second review postponed past three months is late, counted from the first review', () => {
      const r = replay([order, review('rev1', '2024-04-19'), postponed('post', '2024-07-10'), review('rev2', '2024-08-01')], { ...record, asOf: '2024-12-31' });
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['rev1', 'rev2'] });
    });

    test('a postponed review rescheduled within the timescale gives no finding', () => {
      expect(findingsOf(replay([order, postponed('post', '2024-04-08'), review('rev1', '2024-04-18')], record), RULE)).toEqual([]);
    });

    test('a postponement with no review after it leaves the clock overdue', () => {
      expect(only(replay([order, postponed('post', '2024-04-15')], record))).toMatchObject({ certainty: 'certain', events: ['order'] });
    });
  });

  test('a review dated only between 18 and 23 April 2024 is only possibly late', () => {
    const f = only(replay([order, review('rev1', { between: ['2024-04-18', '2024-04-23'] })], record));
    expect(f).toMatchObject({ certainty: 'possible', events: ['order', 'rev1'] });
    expect(f.missing).toEqual(['exact dates of order and rev1']);
  });

  test('in a summary a late review is only possible: an unrecorded review may have come first', () => {
    const f = only(replay([order, review('rev1', '2024-04-22')], { asOf: '2024-06-30' }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['order', 'rev1'] });
    expect(f.missing).toEqual(['whether lac-review.held came before rev1']);
  });

  test('in a summary, a first recorded review certainly past its deadline may not be the first: 6 months follow it', () => {
    // rev1 is 15 working days late; rev2 comes 4½ months after it (over 3 months, within 6).
    const events = [order, review('rev1', '2024-05-10'), review('rev2', '2024-09-25')];
    expect(findingsOf(replay(events, { asOf: '2024-12-31' }), RULE).map((f) => f.events)).toEqual([['order', 'rev1']]);
    expect(findingsOf(replay(events, { ...record, asOf: '2024-12-31' }), RULE).map((f) => f.events)).toEqual([['order', 'rev1'], ['rev1', 'rev2']]);
    // An omission stating no review before rev1 makes rev1 the first: 3 months follow it
    // (rev2's lateness stays possible, as a review between rev1 and rev2 may be unrecorded).
    const stated = [order, { id: 'om', type: 'omission', step: 'lac-review.held', for: 'order', until: '2024-05-09' }, ...events.slice(1)];
    const r = replay(stated, { asOf: '2024-12-31' });
    expect(findingsOf(r, RULE).map((f) => [f.certainty, f.events])).toEqual([
      ['certain', ['order', 'rev1']],
      ['possible', ['rev1', 'rev2']],
    ]);
  });

  describe('no review held', () => {
    test('in a summary is only possibly late, naming the missing review', () => {
      const f = only(replay([order], { asOf: '2024-06-30' }));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['order'] });
      expect(f.missing).toEqual(['lac-review.held for order']);
    });

    test('in a full record is certainly late', () => {
      expect(only(replay([order], record))).toMatchObject({ certainty: 'certain', events: ['order'] });
    });

    test('in a summary with an omission stating no review was held is certainly late', () => {
      const f = only(replay([order, { id: 'om', type: 'omission', step: 'lac-review.held', for: 'order' }], { asOf: '2024-06-30' }));
      expect(f).toMatchObject({ certainty: 'certain', events: ['order', 'om'] });
    });
  });

  test('each child has its own clock: a review for A alone leaves B’s overdue', () => {
    const r = replay([order, review('rev1', '2024-04-10', { children: ['A'] })], { ...record, children: ['A', 'B'] });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['order'] });
  });

  test('a care order discharged before the review fell due closes the clock', () => {
    expect(findingsOf(replay([order, { id: 'dis', type: 'care-order.discharged', at: '2024-04-10' }], record), RULE)).toEqual([]);
  });

  test('a care order discharged after the review fell due does not excuse the missing review', () => {
    const r = replay([order, { id: 'dis', type: 'care-order.discharged', at: '2024-05-20' }], record);
    expect(certain(r, RULE)).toMatchObject([{ events: ['order', 'dis'] }]);
  });

  test('a second care order while the child is already in care does not restart the first-review clock', () => {
    const r = replay([order, review('rev1', '2024-04-19'), { id: 'order2', type: 'care-order.made', at: '2024-05-01' }], record);
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a review with no care order recorded is taken as a later review: the next is due in 6 months', () => {
    const r = replay([review('rev1', '2024-01-10'), review('rev2', '2024-07-10')], { ...record, asOf: '2024-07-31' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('Mrs B: a review postponed in April 2023 and held in June 2023, years after the care order, is at most possibly late', () => {
    const r = replay(
      [
        { id: 'order', type: 'care-order.made', at: '2019-03', children: ['B', 'C'] },
        { id: 'post', type: 'lac-review.postponed', at: '2023-04', children: ['B', 'C'] },
        { id: 'rev', type: 'lac-review.held', at: '2023-06', children: ['B', 'C'] },
      ],
      { children: ['B', 'C'], asOf: '2024-01-31' },
    );
    expect(certain(r, RULE)).toEqual([]);
  });
});
