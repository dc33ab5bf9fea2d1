import { describe, expect, test } from 'vitest';
import { lateComplaint } from '../../src/rules/late-complaint.js';
import { findingsOf, run } from '../support.js';

const RULE = 'late-complaint';
const rules = [lateComplaint];

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const ombudsman = (at: unknown, extra: Record<string, unknown> = {}, id = 'om') => ({ id, type: 'ombudsman.complaint-made', at, by: 'parent', ...extra });
const visit = (id: string, at: unknown) => ({ id, type: 'home.visited', at, by: 'social-care' });

// s26B: "the period of 12 months beginning with" the day of first notice, taken to be the
// event's own day. A period beginning with 15 January 2023 ends on 14 January 2024.
describe('late-complaint', () => {
  test("Mrs B's complaint of January 2024 came more than 12 months after the events of 2017 to 2022 (decision 23 016 429)", () => {
    const events = [
      { id: 'separation', type: 'living-arrangement.changed', at: 2017, with: 'parent', cite: 'Background 1' },
      { id: 'care-order', type: 'care-order.made', at: '2019-03', cite: 'Background 2' },
      { id: 'with-mother', type: 'living-arrangement.changed', at: '2022-08', with: 'parent', cite: 'Background 4' },
      { id: 'allegation', type: 'concern.raised', at: '2022-12', concern: 'harm', kind: 'physical-harm', basis: 'reported', cite: 'Background 7' },
      { id: 'strategy', type: 'strategy.held', at: '2022-12', decision: 's47', cite: 'Background 7' },
      { id: 's47-done', type: 's47.completed', at: '2023-02', cite: 'Analysis, Delays 3' },
      { id: 'letter', type: 'correspondence.received', at: '2023-03', from: 'solicitor', cite: 'Communication 1' },
      ombudsman('2024-01', { cite: "What I have and haven't investigated 3" }),
    ];
    const f = only(run(events, { rules, children: ['X', 'Y', 'Z'], asOf: '2025-07-03' }));
    expect(f).toMatchObject({
      rule: RULE,
      severity: 'advisory',
      certainty: 'certain',
      children: ['X', 'Y', 'Z'],
      events: ['om', 'separation', 'care-order', 'with-mother', 'allegation', 'strategy'],
    });
    expect(f.message).toContain('5 events of the chronology (separation, care-order, with-mother, allegation and 1 more)');
  });

  test('a complaint within 12 months of every event it is about gives no finding', () => {
    expect(findingsOf(run([visit('v1', '2023-03-01'), visit('v2', '2023-09-01'), ombudsman('2024-01-15')], { rules }), RULE)).toEqual([]);
  });

  test('the 12 months beginning with 15 January 2023 end on 14 January 2024: a complaint that day is in time, the next day late', () => {
    expect(findingsOf(run([visit('v', '2023-01-15'), ombudsman('2024-01-14')], { rules }), RULE)).toEqual([]);
    expect(only(run([visit('v', '2023-01-15'), ombudsman('2024-01-15')], { rules }))).toMatchObject({ certainty: 'certain', events: ['om', 'v'] });
  });

  test('the 12 months beginning with 29 February 2024 end on 28 February 2025, the last day of the month', () => {
    expect(findingsOf(run([visit('v', '2024-02-29'), ombudsman('2025-02-28')], { rules }), RULE)).toEqual([]);
    expect(only(run([visit('v', '2024-02-29'), ombudsman('2025-03-01')], { rules }))).toMatchObject({ certainty: 'certain' });
  });

  describe('vague dates', () => {
    test('an event of January 2023 and a complaint of January 2024 are only possibly 12 months apart', () => {
      const f = only(run([visit('v', '2023-01'), ombudsman('2024-01')], { rules }));
      expect(f).toMatchObject({ certainty: 'possible', events: ['om', 'v'] });
      expect(f.missing).toEqual(['exact dates of om and the matters complained of', 'when the complainant first had notice of them']);
    });

    test('a certainly late event makes the finding certain, and only it is listed', () => {
      expect(only(run([visit('old', '2022-06'), visit('v', '2023-01'), ombudsman('2024-01')], { rules }))).toMatchObject({ certainty: 'certain', events: ['om', 'old'] });
    });
  });

  describe('the period a complaint says it is about', () => {
    test('an `about` beginning in May 2022 makes a complaint of 10 June 2024 late, with no events at all', () => {
      const f = only(run([ombudsman('2024-06-10', { about: { from: '2022-05', to: '2024-05' } })], { rules }));
      expect(f).toMatchObject({ certainty: 'certain', events: ['om'] });
      expect(f.message).toContain('the earliest matter it is about (from 2022-05-01..2022-05-31)');
    });

    test('only events within the period count: an older event outside it is not a matter complained of', () => {
      const r = run([visit('old', '2020-01-10'), visit('v', '2023-10-02'), ombudsman('2024-06-10', { about: { from: '2023-09-01', to: '2024-05-31' } })], { rules });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('everything it is about being older than 12 months is said so', () => {
      const f = only(run([visit('v', '2021-06-01'), ombudsman('2024-06-10', { about: { from: '2021-05-01', to: '2022-12-31' } })], { rules }));
      expect(f).toMatchObject({ certainty: 'certain', events: ['om', 'v'] });
      expect(f.message).toContain('everything it is about is that old');
    });
  });

  test('a second complaint to the Ombudsman is about the events since the first', () => {
    const r = run([visit('old', '2019-05-01'), ombudsman('2020-01-10', {}, 'om1'), visit('v', '2023-06-01'), ombudsman('2024-01-10', {}, 'om2')], { rules });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test("notes and the complainant's own complaint to the council are not matters complained of", () => {
    const r = run(
      [
        { id: 'n', type: 'note', at: '2020-01-01' },
        { id: 'c', type: 'complaint.made', at: '2021-01-04', by: 'parent', stage: 1 },
        ombudsman('2024-01-10'),
      ],
      { rules },
    );
    expect(findingsOf(r, RULE)).toEqual([]);
  });
});
