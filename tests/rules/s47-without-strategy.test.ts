import { describe, expect, test } from 'vitest';
import { certain, findingsOf, run } from '../support.js';

const RULE = 's47-without-strategy';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const referral = (id: string, at: string, extra: Record<string, unknown> = {}) => ({ id, type: 'referral.received', at, from: 'school', ...extra });
const strategy = (id: string, at: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'strategy.held',
  at,
  participants: ['social-care', 'police', 'health'],
  decision: 's47',
  ...extra,
});
const s47 = (extra: Record<string, unknown> = {}) => ({ id: 'e', type: 's47.started', at: '2024-03-12', ...extra });

describe('s47-without-strategy', () => {
  describe('section 47 enquiries with no strategy discussion recorded', () => {
    test('in a summary are only possibly begun without one, naming the missing discussion', () => {
      const f = only(run([referral('ref', '2024-03-01'), s47()]));
      expect(f).toMatchObject({ rule: RULE, severity: 'breach', certainty: 'possible', children: ['A'], events: ['e'] });
      expect(f.missing).toEqual(['a strategy.held before e']);
    });

    test('in a full record are certainly begun without one', () => {
      const f = only(run([referral('ref', '2024-03-01'), s47()], { completeness: 'record' }));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['e'] });
      expect(f.missing).toBeUndefined();
    });

    test('with no referral recorded either, the rule still looks for a discussion at all', () => {
      expect(only(run([s47()], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', children: ['A'], events: ['e'] });
    });

    test('in a summary with an omission stating no strategy discussion was held, are certainly begun without one', () => {
      const f = only(run([referral('ref', '2024-03-01'), s47(), { id: 'om', type: 'omission', step: 'strategy.held', for: 'e' }]));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['e', 'om'] });
      expect(f.missing).toBeUndefined();
    });

    test('a strategy discussion held only after the enquiries began does not count', () => {
      const r = run([referral('ref', '2024-03-01'), s47(), strategy('s', '2024-03-15')], { completeness: 'record' });
      expect(certain(r, RULE)).toMatchObject([{ children: ['A'], events: ['e'] }]);
    });
  });

  describe('a strategy discussion before the enquiries', () => {
    test('for the same child, since the referral, gives no finding', () => {
      const r = run([referral('ref', '2024-03-01'), strategy('s', '2024-03-05'), s47()], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('with no referral recorded, gives no finding', () => {
      expect(findingsOf(run([strategy('s', '2024-03-05'), s47()], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('for the same child whatever the discussion decided, gives no finding (a discussion was held)', () => {
      const r = run([referral('ref', '2024-03-01'), strategy('s', '2024-03-05', { decision: 'further-strategy' }), s47()], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('for another child only, is a finding for this child', () => {
      const r = run([referral('ref', '2024-03-01'), strategy('s', '2024-03-05', { children: ['B'] }), s47({ children: ['A'] })], {
        children: ['A', 'B'],
        completeness: 'record',
      });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['e'] });
    });

    test('for another child only, in a summary, is a possible finding for this child', () => {
      const r = run([referral('ref', '2024-03-01'), strategy('s', '2024-03-05', { children: ['B'] }), s47({ children: ['A'] })], { children: ['A', 'B'] });
      expect(only(r)).toMatchObject({ certainty: 'possible', children: ['A'], events: ['e'] });
    });

    test('for both children, before enquiries into both, gives no finding', () => {
      const r = run([referral('ref', '2024-03-01'), strategy('s', '2024-03-05'), s47()], { children: ['A', 'B'], completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('enquiries into both children with no discussion are one finding naming both', () => {
      const r = run([referral('ref', '2024-03-01'), s47()], { children: ['A', 'B'], completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A', 'B'], events: ['e'] });
    });
  });

  describe('each child is judged on their own discussions', () => {
    test('a discussion for B only, then enquiries into A and B, is a finding for A alone', () => {
      const r = run([strategy('s', '2024-03-05', { children: ['B'] }), s47()], { children: ['A', 'B'], completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['e'] });
    });

    test('a discussion for both, then a new referral of B alone, then enquiries into both, is a finding for B alone', () => {
      const r = run([strategy('s', '2024-03-05'), referral('ref-b', '2024-03-08', { children: ['B'] }), s47()], { children: ['A', 'B'], completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['e'] });
    });
  });

  describe('the latest referral opens a new episode', () => {
    test('a strategy discussion before an earlier referral does not cover enquiries after a new referral', () => {
      const r = run(
        [referral('ref1', '2023-01-10'), strategy('s', '2023-01-12'), { id: 'e0', type: 's47.started', at: '2023-01-13' }, referral('ref2', '2024-03-01'), s47()],
        { completeness: 'record' },
      );
      // The first enquiries had their discussion; the second ones, after the new referral, did not.
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['e'] });
    });

    test('the same in a summary is a possible finding', () => {
      const r = run([strategy('s', '2023-01-12'), referral('ref2', '2024-03-01'), s47()]);
      expect(only(r)).toMatchObject({ certainty: 'possible', children: ['A'], events: ['e'] });
    });

    test('a strategy discussion after the new referral covers the enquiries', () => {
      const r = run([strategy('s0', '2023-01-12'), referral('ref2', '2024-03-01'), strategy('s', '2024-03-05'), s47()], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test("another child's referral does not reopen this child's episode", () => {
      const r = run([referral('ref', '2024-03-01', { children: ['A'] }), strategy('s', '2024-03-05', { children: ['A'] }), referral('refB', '2024-03-08', { children: ['B'] }), s47({ children: ['A'] })], {
        children: ['A', 'B'],
        completeness: 'record',
      });
      expect(findingsOf(r, RULE)).toEqual([]);
    });
  });
});
