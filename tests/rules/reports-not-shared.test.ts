import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'reports-not-shared';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const icpc = { id: 'icpc', type: 'conference.held', at: '2024-04-02', kind: 'initial', decision: 'plan' };
const shared = (at: unknown, extra: Record<string, unknown> = {}) => ({ id: 'rep', type: 'reports.shared', at, for: 'icpc', with: 'parent', ...extra });

// Initial conference: at least 3 working days before. Counting back from Tuesday
// 2 April 2024 (day 0), skipping Easter Monday 1 April, the weekend and Good Friday
// 29 March: 28 Mar 1 · 27 Mar 2 · 26 Mar 3 → shared on or before Tuesday 26 March 2024.
describe('reports-not-shared', () => {
  test('reports shared the day before an initial conference were not shared in time', () => {
    const f = only(run([shared('2024-03-28'), icpc]));
    expect(f).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['icpc', 'rep'] });
  });

  test('reports shared a week before an initial conference give no finding', () => {
    expect(findingsOf(run([shared('2024-03-22'), icpc]), RULE)).toEqual([]);
  });

  test('reports shared 3 working days before an ICPC (26 March for 2 April 2024) are not late', () => {
    expect(findingsOf(run([shared('2024-03-26'), icpc]), RULE)).toEqual([]);
  });

  test('reports shared 2 working days before an ICPC (27 March for 2 April 2024) are late', () => {
    expect(only(run([shared('2024-03-27'), icpc]))).toMatchObject({ certainty: 'certain', events: ['icpc', 'rep'] });
  });

  describe('a review conference needs 5 working days', () => {
    // Counting back from Wednesday 8 May 2024 (day 0), skipping the early May bank
    // holiday 6 May and the weekend: 7 May 1 · 3 May 2 · 2 May 3 · 1 May 4 · 30 Apr 5.
    const review = { id: 'rev', type: 'conference.held', at: '2024-05-08', kind: 'review', decision: 'continue-plan' };
    const rep = (at: string) => ({ id: 'rep', type: 'reports.shared', at, for: 'rev', with: 'parent' });

    test('reports shared on 30 April 2024 for a review on 8 May are not late', () => {
      expect(findingsOf(run([rep('2024-04-30'), review]), RULE)).toEqual([]);
    });

    test('reports shared on 1 May 2024 for a review on 8 May are late', () => {
      expect(only(run([rep('2024-05-01'), review]))).toMatchObject({ certainty: 'certain', events: ['rev', 'rep'] });
    });
  });

  test('reports shared some day in March 2024 for a conference on 2 April are only possibly late', () => {
    expect(only(run([shared('2024-03'), icpc]))).toMatchObject({ certainty: 'possible', events: ['icpc', 'rep'] });
  });

  test('reports only partly shared are certainly not shared', () => {
    const f = only(run([shared('2024-03-20', { complete: false }), icpc]));
    expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['icpc', 'rep'] });
  });

  test('reports shared with the child only are not shared with the parent', () => {
    const f = only(run([shared('2024-03-20', { with: 'child' }), icpc], { completeness: 'record' }));
    expect(f).toMatchObject({ certainty: 'certain', events: ['icpc'] });
  });

  describe('no record of sharing', () => {
    test('in a summary is only possibly a failure, naming the missing step', () => {
      const f = only(run([icpc]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['icpc'] });
      expect(f.missing).toEqual(['reports.shared for icpc']);
    });

    test('in a full record is certainly a failure', () => {
      const f = only(run([icpc], { completeness: 'record' }));
      expect(f).toMatchObject({ certainty: 'certain', events: ['icpc'] });
    });

    test('in a summary with an omission stating the reports were not shared is certain', () => {
      const f = only(run([icpc, { id: 'om', type: 'omission', step: 'reports.shared', for: 'icpc' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['icpc', 'om'] });
      expect(f.missing).toBeUndefined();
    });
  });

  test('a partial sharing followed by a complete sharing in time gives no finding', () => {
    const r = run([
      { id: 'part', type: 'reports.shared', at: '2024-03-20', for: 'icpc', with: 'parent', complete: false },
      { id: 'all', type: 'reports.shared', at: '2024-03-22', for: 'icpc', with: 'parent', complete: true },
      icpc,
    ]);
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('reports shared in time and sent again later give no finding', () => {
    const r = run(
      [
        { id: 'first', type: 'reports.shared', at: '2024-03-22', for: 'icpc', with: 'parent', complete: true },
        { id: 'again', type: 'reports.shared', at: '2024-03-28', for: 'icpc', with: 'parent' },
        icpc,
      ],
      { completeness: 'record' },
    );
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('reports shared for the scheduled conference count for the conference held on that date', () => {
    const r = run(
      [
        { id: 'sch', type: 'conference.scheduled', at: '2024-03-15', kind: 'initial', for: '2024-04-02' },
        { id: 'rep', type: 'reports.shared', at: '2024-03-22', for: 'sch', with: 'parent', complete: true },
        icpc,
      ],
      { completeness: 'record' },
    );
    expect(findingsOf(r, RULE)).toEqual([]);
  });
});
