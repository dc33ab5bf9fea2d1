import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'proportionality-not-considered';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const lpm = (fields: Record<string, unknown>) => ({ id: 'lpm', type: 'legal.planning-meeting', at: '2024-03-20', decision: 'pre-proceedings', ...fields });
const icpc = (fields: Record<string, unknown>) => ({ id: 'icpc', type: 'conference.held', at: '2024-03-20', kind: 'initial', decision: 'plan', ...fields });

describe('proportionality-not-considered', () => {
  describe('a decision to start the PLO', () => {
    test('with proportionality stated as not considered is a finding', () => {
      const f = only(run([lpm({ proportionality: false })], { children: ['A', 'B'] }));
      expect(f).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A', 'B'], events: ['lpm'] });
      expect(f.missing).toBeUndefined();
    });

    test('with proportionality considered gives no finding', () => {
      expect(findingsOf(run([lpm({ proportionality: true })]), RULE)).toEqual([]);
    });

    test('silent on proportionality is only a possible finding in a summary, naming the field', () => {
      const f = only(run([lpm({})]));
      expect(f).toMatchObject({ certainty: 'possible', events: ['lpm'] });
      expect(f.missing).toEqual(['proportionality of lpm']);
    });

    test('silent on proportionality is a certain finding in a full record', () => {
      expect(only(run([lpm({})], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['lpm'] });
    });
  });

  test('a decision to issue proceedings with proportionality not considered is a finding', () => {
    expect(only(run([lpm({ decision: 'issue-proceedings', proportionality: false })]))).toMatchObject({ certainty: 'certain', events: ['lpm'] });
  });

  test('a legal planning meeting deciding on no action is not intrusive and gives no finding', () => {
    expect(findingsOf(run([lpm({ decision: 'no-action' })], { completeness: 'record' }), RULE)).toEqual([]);
  });

  describe('a child protection plan', () => {
    test('made with proportionality not considered is a finding', () => {
      expect(only(run([icpc({ proportionality: false })]))).toMatchObject({ certainty: 'certain', children: ['A'], events: ['icpc'] });
    });

    test('made with proportionality considered gives no finding', () => {
      expect(findingsOf(run([icpc({ proportionality: true })]), RULE)).toEqual([]);
    });

    test('made with proportionality unstated is possible in a summary and certain in a record', () => {
      expect(only(run([icpc({})])).certainty).toBe('possible');
      expect(only(run([icpc({})], { completeness: 'record' })).certainty).toBe('certain');
    });

    test('not made (no plan) gives no finding', () => {
      expect(findingsOf(run([icpc({ decision: 'no-plan' })], { completeness: 'record' }), RULE)).toEqual([]);
    });
  });

  describe('issuing proceedings', () => {
    test('with proportionality not considered is a finding', () => {
      expect(only(run([{ id: 'pi', type: 'proceedings.issued', at: '2024-03-20', proportionality: false }]))).toMatchObject({ certainty: 'certain', events: ['pi'] });
    });

    test('with proportionality considered gives no finding', () => {
      expect(findingsOf(run([{ id: 'pi', type: 'proceedings.issued', at: '2024-03-20', proportionality: true }]), RULE)).toEqual([]);
    });
  });
});
