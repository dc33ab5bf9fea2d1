import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'strategy-not-multi-agency';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const strategy = (fields: Record<string, unknown>) => ({ id: 's', type: 'strategy.held', at: '2024-03-04', decision: 's47', ...fields });

describe('strategy-not-multi-agency', () => {
  test('a strategy discussion without the police is not multi-agency', () => {
    const f = only(run([strategy({ participants: ['social-care', 'health'] })]));
    expect(f).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['s'] });
    expect(f.message).toContain('police');
  });

  test('a strategy discussion with social care only names both missing agencies', () => {
    const f = only(run([strategy({ participants: ['social-care', 'school'] })]));
    expect(f.certainty).toBe('certain');
    expect(f.message).toContain('police and health');
  });

  test('a strategy discussion with social care, police and health gives no finding', () => {
    expect(findingsOf(run([strategy({ participants: ['social-care', 'police', 'health'] })]), RULE)).toEqual([]);
  });

  test('a hospital stands for health', () => {
    expect(findingsOf(run([strategy({ participants: ['social-care', 'police', 'hospital'] })]), RULE)).toEqual([]);
  });

  test('a strategy discussion whose participants are not stated is only possibly not multi-agency in a summary', () => {
    const f = only(run([strategy({})]));
    expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['s'] });
    expect(f.missing).toEqual(['participants of s']);
  });

  test('a strategy discussion whose participants are not recorded in a full record is certainly not multi-agency', () => {
    const f = only(run([strategy({})], { completeness: 'record' }));
    expect(f).toMatchObject({ certainty: 'certain', events: ['s'] });
  });

  test('the finding covers the children the discussion was about', () => {
    const f = only(run([strategy({ participants: ['social-care', 'police'], children: ['B'] })], { children: ['A', 'B'] }));
    expect(f).toMatchObject({ certainty: 'certain', children: ['B'], events: ['s'] });
  });
});

describe('a meeting the source calls multi-agency without naming the agencies', () => {
  test('is taken at its word: no finding, in a summary or a record', () => {
    const e = { id: 's', type: 'strategy.held', at: '2024-03-11', decision: 's47', multiAgency: true };
    expect(findingsOf(run([e]), 'strategy-not-multi-agency')).toEqual([]);
    expect(findingsOf(run([e], { completeness: 'record' }), 'strategy-not-multi-agency')).toEqual([]);
  });

  test('named participants still decide: without the police it is a finding', () => {
    const e = { id: 's', type: 'strategy.held', at: '2024-03-11', decision: 's47', multiAgency: true, participants: ['social-care', 'health'] };
    expect(findingsOf(run([e]), 'strategy-not-multi-agency')).toMatchObject([{ certainty: 'certain' }]);
  });
});
