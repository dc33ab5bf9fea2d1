import { describe, expect, test } from 'vitest';
import { certain, findingsOf, run } from '../support.js';

const RULE = 'core-group-late';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const icpc = { id: 'icpc', type: 'conference.held', at: '2024-03-20', kind: 'initial', decision: 'plan' };
const coreGroup = (at: unknown) => ({ id: 'cg', type: 'core-group.held', at });

// 10 working days from Wednesday 20 March 2024 (day 0), skipping weekends, Good Friday
// 29 March and Easter Monday 1 April 2024:
//   21 Mar 1 · 22 Mar 2 · 25–28 Mar 3–6 · 2 Apr 7 · 3 Apr 8 · 4 Apr 9 · 5 Apr 10
// → the last allowed day is Friday 5 April 2024.
describe('core-group-late', () => {
  test('a first core group 11 working days after the ICPC is late', () => {
    expect(only(run([icpc, coreGroup('2024-04-08')]))).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['icpc', 'cg'] });
  });

  test('two children with no core group: one finding for both, and each child keeps its own clock', () => {
    const r = run([icpc], { children: ['A', 'B'], completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A', 'B'], events: ['icpc'] });
    // Merging the children into one finding must not change the clocks' own lists.
    expect(r.deadlines.filter((d) => d.rule === RULE).map((d) => d.children)).toEqual([['A'], ['B']]);
  });

  test('a first core group a week after the ICPC gives no finding', () => {
    expect(findingsOf(run([icpc, coreGroup('2024-03-27')]), RULE)).toEqual([]);
  });

  test('a first core group on the 10th working day (5 April 2024, after Easter) is not late', () => {
    expect(findingsOf(run([icpc, coreGroup('2024-04-05')]), RULE)).toEqual([]);
  });

  test('a first core group on the 11th working day (8 April 2024) is late', () => {
    expect(only(run([icpc, coreGroup('2024-04-08')]))).toMatchObject({ certainty: 'certain', events: ['icpc', 'cg'] });
  });

  test('a core group dated only between 4 and 9 April 2024 is only possibly late', () => {
    const f = only(run([icpc, coreGroup({ between: ['2024-04-04', '2024-04-09'] })]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['icpc', 'cg'] });
    expect(f.missing).toEqual(['exact dates of icpc and cg']);
  });

  describe('no core group held', () => {
    test('in a summary is only possibly late, naming the missing core group', () => {
      const f = only(run([icpc]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['icpc'] });
      expect(f.missing).toEqual(['core-group.held for icpc']);
    });

    test('in a full record is certainly late', () => {
      expect(only(run([icpc], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['icpc'] });
    });

    test('in a summary with an omission stating no core group met is certainly late', () => {
      const f = only(run([icpc, { id: 'om', type: 'omission', step: 'core-group.held', for: 'icpc' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['icpc', 'om'] });
    });
  });

  test('an ICPC deciding no plan starts no core-group clock', () => {
    expect(findingsOf(run([{ ...icpc, decision: 'no-plan' }], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('a plan ended by a review conference before the core group was due closes the clock', () => {
    const r = run([icpc, { id: 'rev', type: 'conference.held', at: '2024-03-28', kind: 'review', decision: 'end-plan' }], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('each child has its own clock: a core group for A alone leaves B’s overdue', () => {
    const r = run([icpc, { id: 'cg', type: 'core-group.held', at: '2024-03-27', children: ['A'] }], { children: ['A', 'B'], completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['icpc'] });
  });

  test('a plan ended long after the core group fell due does not excuse the missing core group', () => {
    const r = run([icpc, { id: 'rev', type: 'conference.held', at: '2024-06-20', kind: 'review', decision: 'end-plan' }], { completeness: 'record' });
    expect(certain(r, RULE)).toMatchObject([{ children: ['A'], events: ['icpc', 'rev'] }]);
  });
});
