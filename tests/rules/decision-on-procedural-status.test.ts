import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'decision-on-procedural-status';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const concern = { id: 'c', type: 'concern.raised', at: '2024-03-01', concern: 'injury', kind: 'physical-harm', basis: 'observed' };
const missed = { id: 'm', type: 'appointment.missed', at: '2024-03-05', with: 'health' };
const conference = (fields: Record<string, unknown>) => ({ id: 'icpc', type: 'conference.held', at: '2024-03-20', kind: 'initial', decision: 'plan', ...fields });

describe('decision-on-procedural-status', () => {
  test('a plan decided because the PLO is in place is a decision on procedural status', () => {
    const f = only(run([conference({ reasons: [{ basis: 'procedural-status', status: 'plo' }] })], { children: ['A', 'B'] }));
    expect(f).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A', 'B'], events: ['icpc'] });
    expect(f.message).toContain('the PLO was in place');
  });

  test('a plan continued at review because a plan already exists is a decision on procedural status', () => {
    const r = run([{ id: 'rev', type: 'conference.held', at: '2024-06-10', kind: 'review', decision: 'continue-plan', reasons: [{ basis: 'procedural-status', status: 'existing-plan' }] }]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['rev'] });
  });

  test('procedural status alongside a dissent considered is still procedural status alone', () => {
    const r = run([conference({ reasons: [{ basis: 'procedural-status', status: 'proceedings' }, { basis: 'dissent-considered', by: 'police' }] })]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['icpc'] });
  });

  test('a plan decided on a concern as well as the PLO gives no finding', () => {
    const r = run([concern, conference({ reasons: [{ basis: 'procedural-status', status: 'plo' }, { basis: 'concern', concern: 'injury' }] })]);
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a plan decided on non-engagement as well as proceedings gives no finding', () => {
    const r = run([missed, conference({ reasons: [{ basis: 'procedural-status', status: 'proceedings' }, { basis: 'non-engagement', evidence: ['m'] }] })]);
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a plan with no recorded reasons gives no finding, even in a full record (by design: nothing suggests this fault)', () => {
    expect(findingsOf(run([conference({})], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('a decision for no plan with procedural reasons is not a step up and gives no finding', () => {
    expect(findingsOf(run([conference({ decision: 'no-plan', reasons: [{ basis: 'procedural-status', status: 'plo' }] })]), RULE)).toEqual([]);
  });
});
