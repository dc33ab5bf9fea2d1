import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 's47-outcome-not-shared';
const s47 = { id: 's47', type: 's47.completed', at: '2024-03-04', outcome: 'substantiated-no-continuing-risk' };
const shared = (at: string, extra: Record<string, unknown> = {}) => ({ id: 'told', type: 'outcome.shared', at, of: 's47', with: 'parent', ...extra });

// 10 working days from Monday 4 March 2024: 5-8 Mar (4), 11-15 (9), 18 Mar is the 10th.
describe('s47-outcome-not-shared', () => {
  test('an outcome shared with the parent on the 10th working day is in time', () => {
    expect(findingsOf(run([s47, shared('2024-03-18')], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('an outcome shared on the 11th working day is late', () => {
    const f = findingsOf(run([s47, shared('2024-03-19')], { completeness: 'record' }), RULE);
    expect(f).toMatchObject([{ certainty: 'certain', children: ['A'], events: ['s47', 'told'] }]);
  });

  test('an outcome shared with the referrer only does not count', () => {
    const f = findingsOf(run([s47, shared('2024-03-05', { with: 'referrer' })], { completeness: 'record' }), RULE);
    expect(f).toMatchObject([{ certainty: 'certain', events: ['s47'] }]);
  });

  test('an outcome never recorded as shared is only possible in a summary, naming what would settle it', () => {
    const [f] = findingsOf(run([s47]), RULE);
    expect(f).toMatchObject({ certainty: 'possible', events: ['s47'] });
    expect(f!.missing).toEqual(['outcome.shared for s47']);
  });

  test('an outcome never shared is certain in a summary when an omission says so', () => {
    const r = run([s47, { id: 'om', type: 'omission', step: 'outcome.shared', for: 's47' }]);
    expect(findingsOf(r, RULE)).toMatchObject([{ certainty: 'certain', events: ['s47', 'om'] }]);
  });

  test('judged at asOf: before the deadline nothing is overdue yet', () => {
    expect(findingsOf(run([s47], { completeness: 'record', asOf: '2024-03-15' }), RULE)).toEqual([]);
  });
});
