import { describe, expect, test } from 'vitest';
import { remedyNotConsidered } from '../../src/rules/remedy-not-considered.js';
import { findingsOf, run } from '../support.js';

const RULE = 'remedy-not-considered';
const rules = [remedyNotConsidered];

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const complaint = { id: 'c', type: 'complaint.made', at: '2023-10', by: 'parent', stage: 1 };
const response = (extra: Record<string, unknown>) => ({ id: 'final', type: 'complaint.responded', at: '2024-01', by: 'social-care', ...extra });

describe('remedy-not-considered', () => {
  test('an upheld complaint answered with an apology but no remedy considered is a fault (seed 001 paras 100-103)', () => {
    const f = only(run([complaint, response({ outcome: 'upheld', apology: true, remedyConsidered: false })], { rules, children: ['B', 'C'] }));
    expect(f).toMatchObject({ rule: RULE, severity: 'fault', certainty: 'certain', children: ['B', 'C'], events: ['final'] });
    expect(f.message).toContain('apology alone');
    expect(f.missing).toBeUndefined();
  });

  test('a partly upheld complaint without a remedy considered is a fault too', () => {
    expect(only(run([complaint, response({ outcome: 'partly-upheld', remedyConsidered: false })], { rules }))).toMatchObject({ certainty: 'certain', events: ['final'] });
  });

  test('an upheld complaint whose remedy was considered gives no finding', () => {
    expect(findingsOf(run([complaint, response({ outcome: 'upheld', remedyConsidered: true })], { rules }), RULE)).toEqual([]);
  });

  test('a complaint not upheld or declined needs no remedy', () => {
    expect(findingsOf(run([complaint, response({ outcome: 'not-upheld', remedyConsidered: false })], { rules, completeness: 'record' }), RULE)).toEqual([]);
    expect(findingsOf(run([complaint, response({ outcome: 'declined' })], { rules, completeness: 'record' }), RULE)).toEqual([]);
  });

  describe('where the source does not say whether a remedy was considered', () => {
    test('in a summary it is only possible, naming the missing fact', () => {
      const f = only(run([complaint, response({ outcome: 'upheld' })], { rules }));
      expect(f).toMatchObject({ certainty: 'possible', events: ['final'] });
      expect(f.missing).toEqual(['remedyConsidered of final']);
    });

    test('in a full record it is certain', () => {
      expect(only(run([complaint, response({ outcome: 'upheld' })], { rules, completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['final'] });
    });
  });

  test('a response stated not to consider a remedy, whose outcome is unstated, is only possibly a fault', () => {
    const f = only(run([complaint, response({ remedyConsidered: false })], { rules, completeness: 'record' }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['final'] });
    expect(f.missing).toEqual(['outcome of final']);
  });

  test('a response with neither outcome nor remedy stated gives no finding', () => {
    expect(findingsOf(run([complaint, response({})], { rules, completeness: 'record' }), RULE)).toEqual([]);
  });
});
