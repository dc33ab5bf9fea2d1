import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'proceedings-over-26-weeks';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const issued = { id: 'pi', type: 'proceedings.issued', at: '2024-01-10', proportionality: true };
const concluded = (at: unknown) => ({ id: 'pc', type: 'proceedings.concluded', at, order: 'supervision' });
const extended = (id: string, at: string, weeks: number) => ({ id, type: 'proceedings.extended', at, weeks });

// 26 weeks "beginning with" the day of issue: Wednesday 10 January 2024 + 182 days is
// Wednesday 10 July; the period beginning with 10 January ends the day before,
// Tuesday 9 July 2024. Calendar weeks: bank holidays play no part.
describe('proceedings-over-26-weeks', () => {
  test('proceedings concluded after 30 weeks ran over 26 weeks', () => {
    expect(only(run([issued, concluded('2024-08-07')]))).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['pi', 'pc'] });
  });

  test('proceedings concluded after 20 weeks give no finding', () => {
    expect(findingsOf(run([issued, concluded('2024-05-29')]), RULE)).toEqual([]);
  });

  test('proceedings concluded on the last day of 26 weeks (9 July 2024) are not late', () => {
    expect(findingsOf(run([issued, concluded('2024-07-09')]), RULE)).toEqual([]);
  });

  test('proceedings concluded a day later (10 July 2024) are late', () => {
    expect(only(run([issued, concluded('2024-07-10')]))).toMatchObject({ certainty: 'certain', events: ['pi', 'pc'] });
  });

  test('proceedings concluded some day in July 2024 are only possibly late', () => {
    const f = only(run([issued, concluded('2024-07')]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['pi', 'pc'] });
    expect(f.missing).toEqual(['exact dates of pi and pc']);
  });

  describe('an extension moves the deadline by its weeks', () => {
    // 9 July 2024 + 8 weeks (56 days) = Tuesday 3 September 2024.
    test('concluded on the last day of an 8-week extension (3 September 2024) is not late', () => {
      expect(findingsOf(run([issued, extended('x', '2024-06-26', 8), concluded('2024-09-03')]), RULE)).toEqual([]);
    });

    test('concluded a day after an 8-week extension (4 September 2024) is late', () => {
      const f = only(run([issued, extended('x', '2024-06-26', 8), concluded('2024-09-04')]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['pi', 'pc'] });
      expect(f.message).toContain('8 weeks of extension');
    });

    test('extensions add up: 8 and 4 weeks move the deadline to 1 October 2024', () => {
      const events = [issued, extended('x1', '2024-06-26', 8), extended('x2', '2024-08-28', 4)];
      expect(findingsOf(run([...events, concluded('2024-10-01')]), RULE)).toEqual([]);
      expect(only(run([...events, concluded('2024-10-02')]))).toMatchObject({ certainty: 'certain', events: ['pi', 'pc'] });
    });
  });

  describe('proceedings never concluded', () => {
    test('in a summary are only possibly over 26 weeks, naming the missing step', () => {
      const f = only(run([issued]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['pi'] });
      expect(f.missing).toEqual(['proceedings.concluded for pi']);
    });

    test('in a full record are certainly over 26 weeks', () => {
      expect(only(run([issued], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['pi'] });
    });

    test('in a summary with an omission stating they had not concluded are certainly over 26 weeks', () => {
      const f = only(run([issued, { id: 'om', type: 'omission', step: 'proceedings.concluded', for: 'pi' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['pi', 'om'] });
    });

    test('are not over at an asOf on the last day of 26 weeks', () => {
      expect(findingsOf(run([issued], { completeness: 'record', asOf: '2024-07-09' }), RULE)).toEqual([]);
    });
  });
});
