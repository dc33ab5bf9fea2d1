import { describe, expect, test } from 'vitest';
import { carePlanStaleAfterChange } from '../../src/rules/care-plan-stale-after-change.js';
import { certain, findingsOf, run, type ChronOptions } from '../support.js';

const RULE = 'care-plan-stale-after-change';
const rules = [carePlanStaleAfterChange];
const replay = (events: Record<string, unknown>[], options: ChronOptions = {}) => run(events, { rules, ...options });

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

// The child has been in care, with a care plan, since 2023.
const inCare = [
  { id: 'order', type: 'care-order.made', at: '2023-01-10' },
  { id: 'plan0', type: 'care-plan.updated', at: '2023-01-17' },
];
const change = (at: unknown, extra: Record<string, unknown> = {}) => ({ id: 'move', type: 'living-arrangement.changed', at, with: 'parent', ...extra });
const update = (at: unknown, id = 'plan1') => ({ id, type: 'care-plan.updated', at });

// 20 working days from Monday 15 April 2024 (day 0), skipping weekends and the Early May
// bank holiday (Monday 6 May 2024):
//   16–19 Apr 1–4 · 22–26 Apr 5–9 · 29 Apr–3 May 10–14 · 7–10 May 15–18 · 13 May 19 · 14 May 20
// → the last allowed day is Tuesday 14 May 2024.
describe('care-plan-stale-after-change', () => {
  test('a care plan updated 21 working days after a significant change is late', () => {
    expect(only(replay([...inCare, change('2024-04-15'), update('2024-05-15')]))).toMatchObject({
      rule: RULE,
      severity: 'fault',
      certainty: 'certain',
      children: ['A'],
      events: ['move', 'plan1'],
    });
  });

  test('a care plan updated two weeks after the change gives no finding', () => {
    expect(findingsOf(replay([...inCare, change('2024-04-15'), update('2024-04-29')], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('an update on the 20th working day (14 May 2024, after the Early May bank holiday) is not late', () => {
    expect(findingsOf(replay([...inCare, change('2024-04-15'), update('2024-05-14')], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('an update on the 21st working day (15 May 2024) is late', () => {
    expect(certain(replay([...inCare, change('2024-04-15'), update('2024-05-15')]), RULE)).toHaveLength(1);
  });

  test('an update dated only "May 2024" is only possibly late', () => {
    const f = only(replay([...inCare, change('2024-04-15'), update('2024-05')]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['move', 'plan1'] });
    expect(f.missing).toEqual(['exact dates of move and plan1']);
  });

  describe('no update recorded', () => {
    test('in a summary is only possibly late, naming the missing update', () => {
      const f = only(replay([...inCare, change('2024-04-15')]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['move'] });
      expect(f.missing).toEqual(['care-plan.updated for move']);
    });

    test('in a full record is certainly late', () => {
      expect(only(replay([...inCare, change('2024-04-15')], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['move'] });
    });

    test('in a summary with an omission stating the plan was not updated is certainly late', () => {
      const f = only(replay([...inCare, change('2024-04-15'), { id: 'om', type: 'omission', step: 'care-plan.updated', for: 'move' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['move', 'om'] });
    });
  });

  test('a change the source calls not significant starts no clock', () => {
    expect(findingsOf(replay([...inCare, change('2024-04-15', { significant: false })], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('a change of living arrangements for a child not in care starts no clock', () => {
    expect(findingsOf(replay([change('2024-04-15')], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('a change after the care order was discharged starts no clock', () => {
    const r = replay([...inCare, { id: 'dis', type: 'care-order.discharged', at: '2024-01-10' }, change('2024-04-15')], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a change at the start of care, before any plan, is the first placement: care-plan-late covers it', () => {
    const r = replay([{ id: 'order', type: 'care-order.made', at: '2024-03-20' }, change('2024-03-22')], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a change long after the order starts a clock even when no plan is recorded since the order', () => {
    const r = replay([{ id: 'order', type: 'care-order.made', at: '2023-01-10' }, change('2024-04-15')], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['move'] });
  });

  test('a plan dated only "April 2024" may or may not have planned a change of 20 May: the clock runs, at most possible', () => {
    // 20 working days after 30 April reach 29 May, but after 1 April only 30 April.
    const r = replay([...inCare, update('2024-04', 'plan-apr'), change('2024-05-20')], { completeness: 'record' });
    const f = only(r);
    expect(f).toMatchObject({ certainty: 'possible', events: ['move'] });
    expect(f.missing).toEqual(['whether move came within the timescale of the plan update plan-apr (so was planned for)']);
  });

  test('narrowing that plan to 2 April (the change then certainly unplanned) makes it certain', () => {
    const r = replay([...inCare, update('2024-04-02', 'plan-apr'), change('2024-05-20')], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['move'] });
  });

  test('narrowing it to 30 April (the change then taken as planned) leaves no finding', () => {
    const r = replay([...inCare, update('2024-04-30', 'plan-apr'), change('2024-05-20')], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a change the source says was not planned is not excused by a plan update a week before it', () => {
    const r = replay([...inCare, update('2024-04-08'), change('2024-04-15', { planned: false })], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['move'] });
  });

  test('a change the source says the care plan provided for starts no clock, however long ago the plan', () => {
    const r = replay([...inCare, change('2024-04-15', { planned: true })], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a plan updated a week before the change, planning for it, meets the duty', () => {
    expect(findingsOf(replay([...inCare, update('2024-04-08'), change('2024-04-15')], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('a plan updated months before the change did not plan for it', () => {
    const r = replay([...inCare, update('2023-11-01'), change('2024-04-15')], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['move'] });
  });

  test('a second change while the plan is already out of date adds no second finding', () => {
    const r = replay([...inCare, change('2024-04-15'), { id: 'move2', type: 'living-arrangement.changed', at: '2024-06-03' }], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['move'] });
  });

  test('each child has its own clock: an update for A alone leaves B’s plan out of date', () => {
    const r = replay(
      [...inCare, change('2024-04-15'), { id: 'plan1', type: 'care-plan.updated', at: '2024-04-29', children: ['A'] }],
      { children: ['A', 'B'], completeness: 'record' },
    );
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['move'] });
  });

  test('an order discharged before the update fell due closes the clock', () => {
    const r = replay([...inCare, change('2024-04-15'), { id: 'dis', type: 'care-order.discharged', at: '2024-04-30' }], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  describe('Mrs B (LGSCO 23 016 429): significant changes in December 2022, care plan not updated until June 2023', () => {
    const before = [
      { id: 'order', type: 'care-order.made', at: '2019-03', children: ['B', 'C', 'D'], cite: 'Background and key events, item 2' },
      { id: 'plan-oct', type: 'care-plan.updated', at: '2022-10', children: ['C', 'D'], cite: 'Analysis, Delays, item 2 ("eight months after it was last updated")' },
      { id: 'to-father', type: 'living-arrangement.changed', at: '2022-12', with: 'parent', children: ['C', 'D'], cite: 'Background and key events, item 6' },
    ];
    const opts = { children: ['B', 'C', 'D'], asOf: '2024-01-31' };

    test('a dated update in June 2023 makes the December 2022 change certainly late', () => {
      const r = replay([...before, { id: 'plan-jun', type: 'care-plan.updated', at: '2023-06', children: ['C', 'D'] }], opts);
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['C', 'D'], events: ['to-father', 'plan-jun'] });
    });

    test('an omission of the update until June 2023 makes it certain too', () => {
      const r = replay([...before, { id: 'om', type: 'omission', step: 'care-plan.updated', for: 'to-father', until: '2023-06', children: ['C', 'D'] }], opts);
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['C', 'D'], events: ['to-father', 'om'] });
    });

    test('the shared care of July 2023 is not shown to be planned by the June update: at most possible', () => {
      const r = replay(
        [
          ...before,
          { id: 'plan-jun', type: 'care-plan.updated', at: '2023-06', children: ['C', 'D'] },
          { id: 'shared', type: 'living-arrangement.changed', at: '2023-07', children: ['C', 'D'] },
        ],
        opts,
      );
      expect(certain(r, RULE).map((f) => f.events[0])).toEqual(['to-father']);
    });

    test('the arrangement the care order itself set (dated from the order), before any plan is recorded, is the first placement: no clock', () => {
      const set = { id: 'with-father-2019', type: 'living-arrangement.changed', at: { after: 'order', offset: 'P0D' }, children: ['C', 'D'] };
      expect(findingsOf(replay([before[0]!, set], opts), RULE)).toEqual([]);
    });

    test('dated only "March 2019" like the order, it may have come after the first plan was due: at most possible, saying so', () => {
      const r = replay([before[0]!, { id: 'with-father-2019', type: 'living-arrangement.changed', at: '2019-03', children: ['C', 'D'] }], { ...opts, completeness: 'record' });
      const f = only(r);
      expect(f).toMatchObject({ certainty: 'possible', events: ['with-father-2019'] });
      expect(f.missing).toEqual(['whether with-father-2019 came after the first care plan (from order) was due']);
    });

    test('the December 2022 change, which the father decided (planned: false), is certainly late even though the October plan may be close', () => {
      const plan = { id: 'plan-oct', type: 'care-plan.updated', at: { between: ['2022-09-15', '2022-11-14'] }, children: ['C', 'D'] };
      const move = (planned?: boolean) => ({ ...before[2]!, ...(planned === undefined ? {} : { planned }) });
      const jun = { id: 'plan-jun', type: 'care-plan.updated', at: '2023-06', children: ['C', 'D'] };
      expect(only(replay([before[0]!, plan, move(false), jun], opts))).toMatchObject({ certainty: 'certain', events: ['to-father', 'plan-jun'] });
      expect(only(replay([before[0]!, plan, move(), jun], opts))).toMatchObject({ certainty: 'possible', events: ['to-father', 'plan-jun'] });
    });
  });
});
