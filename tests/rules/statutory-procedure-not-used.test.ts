import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'statutory-procedure-not-used';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const complaint = (fields: Record<string, unknown>) => ({ id: 'c', type: 'complaint.made', at: '2024-04-02', by: 'parent', stage: 1, ...fields });

describe('statutory-procedure-not-used', () => {
  test('a complaint about a looked-after child taken under the corporate procedure is a certain finding', () => {
    const f = only(run([complaint({ procedure: 'corporate', subject: 'looked-after' })]));
    expect(f).toMatchObject({ rule: RULE, severity: 'fault', certainty: 'certain', children: ['A'], events: ['c'] });
    expect(f.message).toContain('a looked-after child');
    expect(f.missing).toBeUndefined();
  });

  test.each([
    ['child-in-need', 'a child in need'],
    ['care-leaver', 'a care leaver'],
    ['special-guardianship', 'special guardianship support'],
    ['adoption-support', 'adoption support'],
  ])('a complaint about %s under the corporate procedure is a certain finding', (subject, text) => {
    const f = only(run([complaint({ procedure: 'corporate', subject })]));
    expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['c'] });
    expect(f.message).toContain(text);
  });

  test('the finding names the children the complaint concerns', () => {
    const r = run([complaint({ procedure: 'corporate', subject: 'looked-after', children: ['B'] })], { children: ['A', 'B'] });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['c'] });
  });

  test('each complaint under the wrong procedure is its own finding', () => {
    const r = run([complaint({ procedure: 'corporate', subject: 'looked-after' }), complaint({ id: 'c2', at: '2024-06-03', procedure: 'corporate', subject: 'care-leaver' })]);
    expect(findingsOf(r, RULE).map((f) => [f.certainty, f.events])).toEqual([
      ['certain', ['c']],
      ['certain', ['c2']],
    ]);
  });

  test('a complaint about a looked-after child under the statutory children’s procedure gives no finding', () => {
    expect(findingsOf(run([complaint({ procedure: 'statutory-children', subject: 'looked-after' })], { completeness: 'record' }), RULE)).toEqual([]);
  });

  describe('not stated is unknown: no finding, even in a full record', () => {
    test('a corporate complaint whose subject is not stated', () => {
      expect(findingsOf(run([complaint({ procedure: 'corporate' })], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('a complaint about a looked-after child whose procedure is not stated', () => {
      expect(findingsOf(run([complaint({ subject: 'looked-after' })], { completeness: 'record' }), RULE)).toEqual([]);
    });
  });

  describe('subjects the statutory procedure does not cover', () => {
    test('a corporate complaint about child protection enquiries or conferences gives no finding', () => {
      expect(findingsOf(run([complaint({ procedure: 'corporate', subject: 'child-protection' })], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('a corporate complaint about another matter gives no finding', () => {
      expect(findingsOf(run([complaint({ procedure: 'corporate', subject: 'other' })], { completeness: 'record' }), RULE)).toEqual([]);
    });
  });
});
