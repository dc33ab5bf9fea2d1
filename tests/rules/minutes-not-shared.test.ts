import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'minutes-not-shared';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const conference = { id: 'conf', type: 'conference.held', at: '2024-03-14', kind: 'initial', decision: 'plan' };
const shared = (at: unknown, extra: Record<string, unknown> = {}) => ({ id: 'sh', type: 'outcome.shared', at, of: 'conf', with: 'parent', ...extra });

// 15 working days from Thursday 14 March 2024 (day 0), skipping weekends, Good Friday
// 29 March and Easter Monday 1 April 2024:
//   15 Mar 1 · 18–22 Mar 2–6 · 25–28 Mar 7–10 · 2–5 Apr 11–14 · 8 Apr 15
// → the last allowed day is Monday 8 April 2024.
describe('minutes-not-shared', () => {
  test('conference minutes reaching the parent 16 working days after the conference were not shared in time', () => {
    expect(only(run([conference, shared('2024-04-09')]))).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['conf', 'sh'] });
  });

  test('conference minutes shared within a week give no finding', () => {
    expect(findingsOf(run([conference, shared('2024-03-20')]), RULE)).toEqual([]);
  });

  test('minutes shared on the 15th working day (8 April 2024, after Easter) are not late', () => {
    expect(findingsOf(run([conference, shared('2024-04-08')]), RULE)).toEqual([]);
  });

  test('minutes shared on the 16th working day (9 April 2024) are late', () => {
    expect(only(run([conference, shared('2024-04-09')]))).toMatchObject({ certainty: 'certain', events: ['conf', 'sh'] });
  });

  test('minutes shared some day between 5 and 10 April 2024 are only possibly late', () => {
    const f = only(run([conference, shared({ between: ['2024-04-05', '2024-04-10'] })]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['conf', 'sh'] });
    expect(f.missing).toEqual(['exact dates of conf and sh']);
  });

  test('a core group’s notes are owed to the parent too', () => {
    const r = run([{ id: 'cg', type: 'core-group.held', at: '2024-03-14' }], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['cg'] });
  });

  test('minutes shared with the child only are not shared with the parent', () => {
    const r = run([conference, shared('2024-03-20', { with: 'child' })], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['conf'] });
  });

  describe('minutes never shared', () => {
    test('in a summary are only possibly not shared, naming the missing step', () => {
      const f = only(run([conference]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['conf'] });
      expect(f.missing).toEqual(['outcome.shared for conf']);
    });

    test('in a full record are certainly not shared', () => {
      expect(only(run([conference], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['conf'] });
    });

    test('in a summary with an omission stating they were not shared are certainly not shared', () => {
      const f = only(run([conference, { id: 'om', type: 'omission', step: 'outcome.shared', for: 'conf' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['conf', 'om'] });
    });

    test('are not late at an asOf on the 15th working day', () => {
      expect(findingsOf(run([conference], { completeness: 'record', asOf: '2024-04-08' }), RULE)).toEqual([]);
    });
  });
});
