import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'explained-absence-as-non-engagement';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const missed = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'appointment.missed', at: '2024-03-04', with: 'health', ...extra });
const nonEngagement = (...evidence: string[]) => [{ basis: 'non-engagement', evidence }];
const icpc = (fields: Record<string, unknown>) => ({ id: 'icpc', type: 'conference.held', at: '2024-03-20', kind: 'initial', decision: 'plan', ...fields });

describe('explained-absence-as-non-engagement', () => {
  test('a plan citing as non-engagement an appointment missed through illness treats an explained absence as non-engagement', () => {
    const f = only(run([missed('m', { reason: 'illness', notified: true }), icpc({ reasons: nonEngagement('m') })]));
    expect(f).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['icpc', 'm'] });
    expect(f.message).toContain('illness');
  });

  test('a plan citing as non-engagement an appointment missed with no reason given gives no finding', () => {
    expect(findingsOf(run([missed('m'), icpc({ reasons: nonEngagement('m') })]), RULE)).toEqual([]);
  });

  test('only the explained absences among those cited are named', () => {
    const r = run([missed('m1'), { ...missed('m2', { reason: 'hospital appointment' }), at: '2024-03-11' }, icpc({ reasons: nonEngagement('m1', 'm2') })]);
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['icpc', 'm2'] });
  });

  test('a strategy discussion relying on an explained absence as non-engagement is a finding too', () => {
    const r = run([
      missed('m', { reason: 'illness' }),
      { id: 's', type: 'strategy.held', at: '2024-03-11', participants: ['social-care', 'police', 'health'], decision: 's47', reasons: nonEngagement('m') },
    ]);
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['s', 'm'] });
  });

  test('an explained absence that the decision does not cite gives no finding', () => {
    const r = run([
      missed('m', { reason: 'illness' }),
      { id: 'k', type: 'concern.raised', at: '2024-03-05', concern: 'injury', kind: 'physical-harm', basis: 'observed' },
      icpc({ reasons: [{ basis: 'concern', concern: 'injury' }] }),
    ]);
    expect(findingsOf(r, RULE)).toEqual([]);
  });
});
