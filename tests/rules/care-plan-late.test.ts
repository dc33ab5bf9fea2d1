import { describe, expect, test } from 'vitest';
import { carePlanLate } from '../../src/rules/care-plan-late.js';
import { certain, findingsOf, run, type ChronOptions } from '../support.js';

const RULE = 'care-plan-late';
const rules = [carePlanLate];
const replay = (events: Record<string, unknown>[], options: ChronOptions = {}) => run(events, { rules, ...options });

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const order = { id: 'order', type: 'looked-after.started', at: '2024-03-20', basis: 's20' };
const plan = (at: unknown, extra: Record<string, unknown> = {}) => ({ id: 'plan', type: 'care-plan.updated', at, ...extra });

// 10 working days from Wednesday 20 March 2024 (day 0), skipping weekends, Good Friday
// 29 March and Easter Monday 1 April 2024:
//   21 Mar 1 · 22 Mar 2 · 25–28 Mar 3–6 · 2 Apr 7 · 3 Apr 8 · 4 Apr 9 · 5 Apr 10
// → the last allowed day is Friday 5 April 2024.
describe('care-plan-late', () => {
  test('a care plan 11 working days after the first placement under s20 is late in a full record', () => {
    expect(only(replay([order, plan('2024-04-08')], { completeness: 'record' }))).toMatchObject({
      rule: RULE,
      severity: 'breach',
      certainty: 'certain',
      children: ['A'],
      events: ['order', 'plan'],
    });
  });

  test('a care plan a week after the placement gives no finding', () => {
    expect(findingsOf(replay([order, plan('2024-03-27')], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('a care plan on the 10th working day (5 April 2024, after Easter) is not late', () => {
    expect(findingsOf(replay([order, plan('2024-04-05')], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('a care plan on the 11th working day (8 April 2024) is late', () => {
    expect(certain(replay([order, plan('2024-04-08')], { completeness: 'record' }), RULE)).toHaveLength(1);
  });

  test('in a summary, a late plan is only possibly late: an unrecorded plan may have come first', () => {
    const f = only(replay([order, plan('2024-04-08')]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['order', 'plan'] });
    expect(f.missing).toEqual(['whether care-plan.updated came before plan']);
  });

  test('in a summary with an omission stating no plan was made before it, a late plan is certainly late', () => {
    const r = replay([order, { id: 'om', type: 'omission', step: 'care-plan.updated', for: 'order', until: '2024-04-07' }, plan('2024-04-08')]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['order', 'plan'] });
  });

  test('a plan dated only between 4 and 9 April 2024 is only possibly late', () => {
    const f = only(replay([order, plan({ between: ['2024-04-04', '2024-04-09'] })], { completeness: 'record' }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['order', 'plan'] });
    expect(f.missing).toEqual(['exact dates of order and plan']);
  });

  describe('no care plan recorded', () => {
    test('in a summary is only possibly late, naming the missing plan', () => {
      const f = only(replay([order]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['order'] });
      expect(f.missing).toEqual(['care-plan.updated for order']);
    });

    test('in a full record is certainly late', () => {
      expect(only(replay([order], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['order'] });
    });

    test('in a summary with an omission stating no plan was made is certainly late', () => {
      const f = only(replay([order, { id: 'om', type: 'omission', step: 'care-plan.updated', for: 'order' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['order', 'om'] });
    });

    test('an omission whose "until" falls before the deadline proves nothing: only possible', () => {
      const f = only(replay([order, { id: 'om', type: 'omission', step: 'care-plan.updated', for: 'order', until: '2024-04-05' }]));
      expect(f.certainty).toBe('possible');
    });
  });

  test('a care plan made before the placement meets the duty: no finding', () => {
    const r = replay([plan('2024-03-01'), order], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a care order starts no clock: its plan is the s31A plan the court saw (reg 4(2))', () => {
    const r = replay([{ id: 'co', type: 'care-order.made', at: '2024-03-20' }], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
    expect(r.deadlines.filter((d) => d.rule === RULE)).toEqual([]);
  });

  test('accommodation on another basis, or of unstated basis, starts no clock', () => {
    for (const basis of ['interim-care-order', undefined]) {
      const e = { id: 'la', type: 'looked-after.started', at: '2024-03-20', ...(basis ? { basis } : {}) };
      expect(findingsOf(replay([e], { completeness: 'record' }), RULE), String(basis)).toEqual([]);
    }
  });

  test('a second period of s20 accommodation is not the first placement: no new clock', () => {
    const r = replay(
      [order, plan('2024-03-27'), { id: 'end', type: 'looked-after.ceased', at: '2024-05-01' }, { id: 'again', type: 'looked-after.started', at: '2024-09-02', basis: 's20' }],
      { completeness: 'record' },
    );
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('each child has its own clock: a plan for A alone leaves B’s overdue', () => {
    const r = replay([order, plan('2024-03-27', { children: ['A'] })], { children: ['A', 'B'], completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['order'] });
  });

  test('accommodation ending before the plan fell due closes the clock', () => {
    const r = replay([order, { id: 'dis', type: 'looked-after.ceased', at: '2024-03-28' }], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('accommodation ending after the plan fell due does not excuse the missing plan', () => {
    const r = replay([order, { id: 'dis', type: 'looked-after.ceased', at: '2024-06-28' }], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['order', 'dis'] });
  });

  test('a placement before the Regulations came into force (1 April 2011) has no 10-day limit', () => {
    const r = replay([{ ...order, at: '2010-06-01' }], { completeness: 'record', asOf: '2011-12-31' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('Mrs B: a care order of March 2019 and the first plan the summary mentions in June 2023 is no finding (a care order starts no such clock)', () => {
    const r = replay(
      [
        { id: 'order', type: 'care-order.made', at: '2019-03', children: ['B', 'C'] },
        { id: 'plan', type: 'care-plan.updated', at: '2023-06', children: ['B', 'C'] },
      ],
      { children: ['B', 'C'], asOf: '2024-01-31' },
    );
    expect(findingsOf(r, RULE)).toEqual([]);
  });
});
