import { describe, expect, test } from 'vitest';
import { certain, findingsOf, run } from '../support.js';

const RULE = 'referral-decision-late';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('referral-decision-late', () => {
  test('a referral decided four working days after it arrived is late', () => {
    const r = run([
      { id: 'ref', type: 'referral.received', at: '2024-03-04', from: 'school' },
      { id: 'dec', type: 'referral.decided', at: '2024-03-08', outcome: 'assessment' },
    ]);
    expect(only(r)).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['ref', 'dec'] });
  });

  test('a referral decided the next working day gives no finding', () => {
    const r = run([
      { id: 'ref', type: 'referral.received', at: '2024-03-04', from: 'school' },
      { id: 'dec', type: 'referral.decided', at: '2024-03-05', outcome: 'assessment' },
    ]);
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  describe('boundary over Easter 2024', () => {
    // Received Thursday 28 March 2024 (day 0). Friday 29 March is Good Friday, then a
    // weekend, then Monday 1 April is Easter Monday: none are working days. The first
    // working day after day 0 is Tuesday 2 April 2024, the last day allowed.
    test('a referral received on Maundy Thursday and decided on the Tuesday after Easter is not late', () => {
      const r = run([
        { id: 'ref', type: 'referral.received', at: '2024-03-28' },
        { id: 'dec', type: 'referral.decided', at: '2024-04-02', outcome: 'no-further-action' },
      ]);
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('a referral received on Maundy Thursday and decided on the Wednesday after Easter is late', () => {
      const r = run([
        { id: 'ref', type: 'referral.received', at: '2024-03-28' },
        { id: 'dec', type: 'referral.decided', at: '2024-04-03', outcome: 'no-further-action' },
      ]);
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['ref', 'dec'] });
    });
  });

  test('a referral dated only "March 2024" and decided on 2 April is only possibly late', () => {
    // Received 28 March or later: decided in time. Received 1 March: due 4 March, late.
    const r = run([
      { id: 'ref', type: 'referral.received', at: '2024-03' },
      { id: 'dec', type: 'referral.decided', at: '2024-04-02', outcome: 'assessment' },
    ]);
    const f = only(r);
    expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['ref', 'dec'] });
    expect(f.missing).toEqual(['exact dates of ref and dec']);
  });

  describe('a referral never decided', () => {
    const events = [{ id: 'ref', type: 'referral.received', at: '2024-03-04' }];

    test('in a summary is only possibly late, naming the missing decision', () => {
      const f = only(run(events));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['ref'] });
      expect(f.missing).toEqual(['referral.decided for ref']);
    });

    test('in a full record is certainly late', () => {
      const f = only(run(events, { completeness: 'record' }));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['ref'] });
      expect(f.missing).toBeUndefined();
    });

    test('in a summary with an omission stating no decision was made is certainly late', () => {
      const r = run([...events, { id: 'om', type: 'omission', step: 'referral.decided', for: 'ref' }]);
      const f = only(r);
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['ref', 'om'] });
      expect(f.missing).toBeUndefined();
    });

    test('is not late at an asOf that is still the last allowed day', () => {
      const r = run([{ id: 'ref', type: 'referral.received', at: '2024-03-28' }], { completeness: 'record', asOf: '2024-04-02' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });
  });

  test('a decision naming one referral leaves another child’s referral undecided', () => {
    const r = run(
      [
        { id: 'r1', type: 'referral.received', at: '2024-03-11', children: ['A'] },
        { id: 'r2', type: 'referral.received', at: '2024-03-11', children: ['B'] },
        { id: 'dec', type: 'referral.decided', at: '2024-03-12', referral: 'r2', children: ['B'], outcome: 'no-further-action' },
      ],
      { children: ['A', 'B'], completeness: 'record' },
    );
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['r1'] });
  });

  test('a decision for child B that names no referral does not decide child A’s earlier referral', () => {
    const r = run(
      [
        { id: 'r1', type: 'referral.received', at: '2024-03-11', children: ['A'] },
        { id: 'r2', type: 'referral.received', at: '2024-03-11', children: ['B'] },
        { id: 'dec', type: 'referral.decided', at: '2024-03-12', children: ['B'], outcome: 'no-further-action' },
      ],
      { children: ['A', 'B'], completeness: 'record' },
    );
    expect(certain(r, RULE)).toMatchObject([{ children: ['A'], events: ['r1'] }]);
  });
});
