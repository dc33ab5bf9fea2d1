import { describe, expect, test } from 'vitest';
import { certain, findingsOf, run } from '../support.js';

const RULE = 'plo-overdue';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const meeting = { id: 'm', type: 'plo.meeting-held', at: '2024-03-04' };
const reviewed = (at: unknown, id = 'rv') => ({ id, type: 'plo.reviewed', at });

// 16 weeks are calendar weeks (112 days); bank holidays play no part.
// Monday 4 March 2024 + 112 days = Monday 24 June 2024, the last allowed day.
describe('plo-overdue', () => {
  test('pre-proceedings first reviewed 17 weeks after the meeting ran over', () => {
    const f = only(run([meeting, reviewed('2024-07-01')], { completeness: 'record', asOf: '2024-08-01' }));
    expect(f).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['m', 'rv'] });
  });

  test('pre-proceedings reviewed at 12 weeks and ended at 20 give no finding', () => {
    const r = run([meeting, reviewed('2024-05-27'), { id: 'end', type: 'plo.ended', at: '2024-07-22', outcome: 'step-down' }], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a review on the last day of 16 weeks (24 June 2024) is not late', () => {
    expect(findingsOf(run([meeting, reviewed('2024-06-24')], { completeness: 'record', asOf: '2024-08-01' }), RULE)).toEqual([]);
  });

  test('a review a day later (25 June 2024) is late', () => {
    expect(only(run([meeting, reviewed('2024-06-25')], { completeness: 'record', asOf: '2024-08-01' }))).toMatchObject({
      certainty: 'certain',
      events: ['m', 'rv'],
    });
  });

  test('in a summary a late review is only possible, because an earlier review may be unrecorded', () => {
    const f = only(run([meeting, reviewed('2024-06-25')], { asOf: '2024-08-01' }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['m', 'rv'] });
    expect(f.missing).toEqual(['whether plo.reviewed came before rv']);
  });

  test('in a summary a late review is certain when an omission says there was none before it', () => {
    const r = run([meeting, reviewed('2024-06-25'), { id: 'om', type: 'omission', step: 'plo.reviewed', for: 'm', until: '2024-06-24' }], { asOf: '2024-08-01' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['m', 'rv'] });
  });

  test('a meeting dated only "March 2024" and a review on 25 June are only possibly late', () => {
    const f = only(run([{ ...meeting, at: '2024-03' }, reviewed('2024-06-25')], { completeness: 'record', asOf: '2024-08-01' }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['m', 'rv'] });
    expect(f.missing).toEqual(['exact dates of m and rv']);
  });

  describe('pre-proceedings never reviewed or ended', () => {
    test('in a summary are only possibly overdue, naming the missing step', () => {
      const f = only(run([meeting]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['m'] });
      expect(f.missing).toEqual(['plo.reviewed or plo.ended for m']);
    });

    test('in a full record are certainly overdue', () => {
      expect(only(run([meeting], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['m'] });
    });

    test('in a summary with an omission stating no review took place are certainly overdue', () => {
      const f = only(run([meeting, { id: 'om', type: 'omission', step: 'plo.reviewed', for: 'm' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['m', 'om'] });
    });

    test('are not overdue at an asOf on the last day of 16 weeks', () => {
      expect(findingsOf(run([meeting], { completeness: 'record', asOf: '2024-06-24' }), RULE)).toEqual([]);
    });
  });

  test('each review restarts the 16 weeks: a review followed by nothing is overdue from the review', () => {
    const r = run([meeting, reviewed('2024-05-27')], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['rv'] });
  });

  test('issuing proceedings ends pre-proceedings in time', () => {
    const r = run([meeting, { id: 'pi', type: 'proceedings.issued', at: '2024-05-27', proportionality: true }], { completeness: 'record', asOf: '2024-08-01' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a new PLO after an earlier one stepped down has its own 16 weeks', () => {
    const r = run(
      [
        { id: 'm1', type: 'plo.meeting-held', at: '2023-01-10' },
        { id: 'end1', type: 'plo.ended', at: '2023-03-10', outcome: 'step-down' },
        { id: 'm2', type: 'plo.meeting-held', at: '2024-01-10' },
      ],
      { completeness: 'record' },
    );
    expect(certain(r, RULE)).toMatchObject([{ events: ['m2'] }]);
  });
});
