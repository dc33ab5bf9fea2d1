import { describe, expect, test } from 'vitest';
import { certain, findingsOf, run } from '../support.js';

const RULE = 'icpc-late';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const agencies = ['social-care', 'police', 'health'];
const strategy = { id: 's', type: 'strategy.held', at: '2024-03-14', decision: 's47', participants: agencies };
const icpc = (at: unknown, extra: Record<string, unknown> = {}) => ({ id: 'icpc', type: 'conference.held', at, kind: 'initial', decision: 'plan', ...extra });

// 15 working days from Thursday 14 March 2024 (day 0), skipping weekends, Good Friday
// 29 March and Easter Monday 1 April 2024:
//   15 Mar 1 · 18–22 Mar 2–6 · 25–28 Mar 7–10 · 2–5 Apr 11–14 · 8 Apr 15
// → the last allowed day is Monday 8 April 2024.
describe('icpc-late', () => {
  test('an ICPC 16 working days after the strategy discussion is late', () => {
    // 4 March 2024 (day 0): 5–8 Mar 1–4 · 11–15 Mar 5–9 · 18–22 Mar 10–14 · 25 Mar 15 · 26 Mar 16.
    const r = run([
      { id: 's', type: 'strategy.held', at: '2024-03-04', decision: 's47', participants: agencies },
      { id: 'icpc', type: 'conference.held', at: '2024-03-26', kind: 'initial', decision: 'no-plan' },
    ]);
    expect(only(r)).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['s', 'icpc'] });
  });

  test('an ICPC ten working days after the strategy discussion gives no finding', () => {
    expect(findingsOf(run([strategy, icpc('2024-03-28')]), RULE)).toEqual([]);
  });

  test('an ICPC on the 15th working day (8 April 2024, after Easter) is not late', () => {
    expect(findingsOf(run([strategy, icpc('2024-04-08')]), RULE)).toEqual([]);
  });

  test('an ICPC on the 16th working day (9 April 2024) is late', () => {
    expect(only(run([strategy, icpc('2024-04-09')]))).toMatchObject({ certainty: 'certain', events: ['s', 'icpc'] });
  });

  test('an ICPC dated only between 5 and 10 April 2024 is only possibly late', () => {
    const f = only(run([strategy, icpc({ between: ['2024-04-05', '2024-04-10'] })]));
    expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['s', 'icpc'] });
    expect(f.missing).toEqual(['exact dates of s and icpc']);
  });

  test('a strategy discussion deciding to convene an ICPC starts the clock too', () => {
    const r = run([{ ...strategy, decision: 'convene-icpc' }, icpc('2024-04-09')]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['s', 'icpc'] });
  });

  test('a strategy discussion deciding against s47 starts no clock', () => {
    expect(findingsOf(run([{ ...strategy, decision: 'no-s47' }], { completeness: 'record' }), RULE)).toEqual([]);
  });

  describe('an ICPC never held', () => {
    test('in a summary is only possibly late, naming the missing conference', () => {
      const f = only(run([strategy]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['s'] });
      expect(f.missing).toEqual(['conference.held for s']);
    });

    test('in a full record is certainly late', () => {
      const f = only(run([strategy], { completeness: 'record' }));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['s'] });
      expect(f.missing).toBeUndefined();
    });

    test('in a summary with an omission stating no conference was held is certainly late', () => {
      const f = only(run([strategy, { id: 'om', type: 'omission', step: 'conference.held', for: 's' }]));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['s', 'om'] });
    });

    test('is not late at an asOf on the 15th working day', () => {
      expect(findingsOf(run([strategy], { completeness: 'record', asOf: '2024-04-08' }), RULE)).toEqual([]);
    });
  });

  describe('a clock closed because no conference is needed', () => {
    test('s47 enquiries finding the concern not substantiated close the clock', () => {
      const r = run([strategy, { id: 's47', type: 's47.completed', at: '2024-03-25', outcome: 'not-substantiated' }], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('s47 enquiries finding no continuing risk close the clock', () => {
      const r = run([strategy, { id: 's47', type: 's47.completed', at: '2024-03-25', outcome: 'substantiated-no-continuing-risk' }], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('a recorded decision that the ICPC threshold is not met closes the clock', () => {
      const r = run([strategy, { id: 't', type: 'threshold.considered', at: '2024-03-25', for: 'icpc', met: false }], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('s47 enquiries finding a continuing risk do not close the clock', () => {
      const r = run([strategy, { id: 's47', type: 's47.completed', at: '2024-03-25', outcome: 'continuing-risk' }], { completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['s'] });
    });
  });

  test('each child has its own clock: a conference about A alone leaves B’s overdue', () => {
    const r = run([strategy, icpc('2024-03-28', { children: ['A'] })], { children: ['A', 'B'], completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['s'] });
  });

  test('a second s47 episode a year later has its own ICPC clock', () => {
    const r = run(
      [
        { id: 's1', type: 'strategy.held', at: '2023-01-10', decision: 's47', participants: agencies },
        { id: 'c1', type: 'conference.held', at: '2023-01-20', kind: 'initial', decision: 'no-plan' },
        { id: 's2', type: 'strategy.held', at: '2024-03-14', decision: 's47', participants: agencies },
        { id: 'c2', type: 'conference.held', at: '2024-06-03', kind: 'initial', decision: 'no-plan' },
      ],
      { completeness: 'record' },
    );
    expect(certain(r, RULE)).toMatchObject([{ events: ['s2', 'c2'] }]);
  });

  test('an omission that runs only to a day before the deadline does not make a summary certain', () => {
    const r = run([strategy, { id: 'om', type: 'omission', step: 'conference.held', for: 's', until: '2024-03-20' }]);
    expect(only(r).certainty).toBe('possible');
  });
});
