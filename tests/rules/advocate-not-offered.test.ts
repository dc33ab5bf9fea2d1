import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'advocate-not-offered';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const conference = (fields: Record<string, unknown>) => ({ id: 'icpc', type: 'conference.held', at: '2024-03-20', kind: 'initial', decision: 'plan', ...fields });

describe('advocate-not-offered', () => {
  test('a conference where the parent was not offered an advocate is a finding', () => {
    const f = only(run([conference({ advocate: 'not-offered' })]));
    expect(f).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['icpc'] });
    expect(f.missing).toBeUndefined();
  });

  test('a conference where the parent was offered an advocate gives no finding', () => {
    expect(findingsOf(run([conference({ advocate: 'offered' })]), RULE)).toEqual([]);
  });

  test('a parent who declined an advocate they were offered gives no finding', () => {
    expect(findingsOf(run([conference({ advocate: 'declined' })]), RULE)).toEqual([]);
  });

  test('a summary silent about an advocate gives only a possible finding, naming the field', () => {
    const f = only(run([conference({})]));
    expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['icpc'] });
    expect(f.missing).toEqual(['advocate of icpc']);
  });

  test('a full record silent about an advocate gives a certain finding', () => {
    expect(only(run([conference({})], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['icpc'] });
  });

  test('a review conference needs an advocate offered too', () => {
    const r = run([{ id: 'rev', type: 'conference.held', at: '2024-06-10', kind: 'review', decision: 'continue-plan', advocate: 'not-offered', children: ['B'] }], {
      children: ['A', 'B'],
    });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['rev'] });
  });
});
