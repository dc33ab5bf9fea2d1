import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'cin-plan-beside-cp-plan';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const cinStarted = (at: string, extra: Record<string, unknown> = {}) => ({ id: 'cin', type: 'cin-plan.started', at, ...extra });
const cinEnded = (at: string, extra: Record<string, unknown> = {}) => ({ id: 'cin-end', type: 'cin-plan.ended', at, reason: 'child protection plan', ...extra });
/** The child-protection path to an initial conference on 20 March 2024 (strategy, s47). */
const toIcpc = [
  { id: 's', type: 'strategy.held', at: '2024-03-01', participants: ['social-care', 'police', 'health'], decision: 's47' },
  { id: 'e', type: 's47.started', at: '2024-03-04' },
];
const icpc = (extra: Record<string, unknown> = {}) => ({ id: 'icpc', type: 'conference.held', at: '2024-03-20', kind: 'initial', decision: 'plan', ...extra });

describe('cin-plan-beside-cp-plan', () => {
  describe('a child protection plan starting while a child-in-need plan runs', () => {
    test('with the CIN plan not ended, in a summary, is a possible finding naming the missing end', () => {
      const f = only(run([cinStarted('2024-01-10'), ...toIcpc, icpc()]));
      expect(f).toMatchObject({ rule: RULE, severity: 'advisory', certainty: 'possible', children: ['A'], events: ['icpc'] });
      expect(f.missing).toEqual(['cin-plan.ended for icpc']);
    });

    test('with the CIN plan not ended, in a full record, is a certain finding', () => {
      const f = only(run([cinStarted('2024-01-10'), ...toIcpc, icpc()], { completeness: 'record' }));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['icpc'] });
      expect(f.missing).toBeUndefined();
    });

    test('with an omission stating the CIN plan was not ended, is a certain finding', () => {
      const f = only(run([cinStarted('2024-01-10'), ...toIcpc, icpc(), { id: 'om', type: 'omission', step: 'cin-plan.ended', for: 'icpc' }]));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['icpc', 'om'] });
    });

    test('with the CIN plan ended on the conference day, gives no finding', () => {
      expect(findingsOf(run([cinStarted('2024-01-10'), ...toIcpc, icpc(), cinEnded('2024-03-20')], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('with the CIN plan ended the day after the conference, is a certain finding (due that day)', () => {
      const f = only(run([cinStarted('2024-01-10'), ...toIcpc, icpc(), cinEnded('2024-03-21')]));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['icpc', 'cin-end'] });
      expect(f.message).toContain('cin-end');
    });

    test('with the CIN plan ended before the conference, gives no finding', () => {
      expect(findingsOf(run([cinStarted('2024-01-10'), cinEnded('2024-02-28'), ...toIcpc, icpc()], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('a CIN plan known only from a review (its start not recorded) is still running', () => {
      const r = run([{ id: 'cin-rev', type: 'cin-plan.reviewed', at: '2024-02-10' }, ...toIcpc, icpc()], { completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['icpc'] });
    });

    test("each child has its own clock: ending A's CIN plan leaves B's running", () => {
      const r = run([cinStarted('2024-01-10'), ...toIcpc, icpc(), cinEnded('2024-03-20', { children: ['A'] })], { children: ['A', 'B'], completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['icpc'] });
    });

    test('a plan for one child only does not touch the CIN plan of a sibling not on it', () => {
      const r = run([cinStarted('2024-01-10', { children: ['B'] }), ...toIcpc, icpc({ children: ['A'] })], { children: ['A', 'B'], completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });
  });

  describe('a conference whose kind the source does not state', () => {
    test('taken to be the initial conference (during s47 enquiries), the finding is only possible and says so', () => {
      const { kind: _kind, ...unkinded } = icpc();
      const f = only(run([cinStarted('2024-02-01'), ...toIcpc, unkinded], { completeness: 'record' }));
      expect(f.certainty).toBe('possible');
      expect(f.missing).toEqual(['the kind of conference icpc (taken to be the initial conference)']);
    });
  });

  describe('conferences that start no protection plan', () => {
    test('an initial conference deciding no plan gives no finding', () => {
      expect(findingsOf(run([cinStarted('2024-01-10'), ...toIcpc, icpc({ decision: 'no-plan' })], { completeness: 'record' }), RULE)).toEqual([]);
    });
  });

  describe('a CIN plan started while the child is on a protection plan', () => {
    test('is a certain finding at once', () => {
      const r = run([...toIcpc, icpc(), cinStarted('2024-05-02')]);
      const f = only(r);
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['cin'] });
      expect(f.missing).toBeUndefined();
    });

    test('names only the children on a protection plan', () => {
      const r = run([...toIcpc.map((x) => ({ ...x, children: ['A'] })), icpc({ children: ['A'] }), cinStarted('2024-05-02')], { children: ['A', 'B'] });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['cin'] });
    });

    test('after the protection plan has ended, gives no finding', () => {
      const review = { id: 'rcpc', type: 'conference.held', at: '2024-06-12', kind: 'review', decision: 'end-plan' };
      expect(findingsOf(run([...toIcpc, icpc(), review, cinStarted('2024-06-12')], { completeness: 'record' }), RULE)).toEqual([]);
    });
  });

  describe('a CIN plan with no protection plan', () => {
    test('gives no finding, even in a full record', () => {
      expect(findingsOf(run([cinStarted('2024-01-10'), { id: 'cin-rev', type: 'cin-plan.reviewed', at: '2024-03-10' }], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('during section 47 enquiries (before any plan) gives no finding', () => {
      expect(findingsOf(run([...toIcpc, cinStarted('2024-03-08')], { completeness: 'record' }), RULE)).toEqual([]);
    });
  });
});
