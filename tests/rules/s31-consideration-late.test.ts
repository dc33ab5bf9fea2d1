import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { s31ConsiderationLate } from '../../src/rules/s31-consideration-late.js';
import { findingsOf, run } from '../support.js';

const RULE = 's31-consideration-late';
const rules = [s31ConsiderationLate];
/** The same rule counting from the Ombudsman's decision (parameter `from: decision`). */
const fromDecision = { ...s31ConsiderationLate, params: z.strictObject({ from: z.enum(['receipt', 'publication', 'decision']).default('decision') }) };

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

// Report 24 009 262: decided 26 August 2025, published 11 September 2025, considered by the
// Children and Families Committee on 19 January 2026 (seed 000). s31(2) counts the three
// months from the day the authority received the report; these tests state it (`received`,
// here the publication day) and that no longer period was agreed, unless they test the doubt.
// Three months "beginning with" 11 September end on 10 December 2025.
const decided = { id: 'decision', type: 'ombudsman.decided', at: '2025-08-26', by: 'ombudsman', outcome: 'upheld' };
const published = (at: unknown, extra: Record<string, unknown> = { received: at, extensionAgreed: false }) => ({ id: 'published', type: 'ombudsman.report-published', at, by: 'ombudsman', ...extra });
const considered = (at: unknown) => ({ id: 'considered', type: 'report.considered', at, by: 'committee' });
const asOf = '2026-03-31';

describe('s31-consideration-late', () => {
  test('the Miss X report, published 11 September 2025 and considered on 19 January 2026, was considered late', () => {
    const f = only(run([decided, published('2025-09-11'), considered('2026-01-19')], { rules, asOf, children: ['B', 'C'] }));
    expect(f).toMatchObject({ rule: RULE, severity: 'breach', certainty: 'certain', children: ['B', 'C'], events: ['published', 'considered'] });
  });

  test('a report considered on the last day of the three months (10 December 2025) was considered in time', () => {
    expect(findingsOf(run([decided, published('2025-09-11'), considered('2025-12-10')], { rules, asOf }), RULE)).toEqual([]);
  });

  test('a report considered on 11 December 2025 was considered late', () => {
    expect(only(run([decided, published('2025-09-11'), considered('2025-12-11')], { rules, asOf }))).toMatchObject({ certainty: 'certain' });
  });

  describe("where the month has no corresponding date, the period ends on the month's last day", () => {
    test('published 30 November 2025: in time on 28 February 2026, late on 1 March', () => {
      expect(findingsOf(run([published('2025-11-30'), considered('2026-02-28')], { rules, asOf }), RULE)).toEqual([]);
      expect(only(run([published('2025-11-30'), considered('2026-03-01')], { rules, asOf }))).toMatchObject({ certainty: 'certain' });
    });

    test('published 28 November 2025: the period ends on 27 February 2026', () => {
      expect(findingsOf(run([published('2025-11-28'), considered('2026-02-27')], { rules, asOf }), RULE)).toEqual([]);
      expect(only(run([published('2025-11-28'), considered('2026-02-28')], { rules, asOf }))).toMatchObject({ certainty: 'certain' });
    });
  });

  test('counted from the decision (26 August 2025), the period ends on 25 November', () => {
    const r = (at: string) => run([decided, published('2025-09-11'), considered(at)], { rules: [fromDecision], asOf });
    expect(findingsOf(r('2025-11-25'), RULE)).toEqual([]);
    const f = only(r('2025-11-26'));
    expect(f).toMatchObject({ certainty: 'certain', events: ['published', 'considered'] });
    expect(f.message).toContain('the decision (decision)');
  });

  describe('what the source does not say is a doubt, not a fault', () => {
    test('with the day of receipt unstated, the decision is the earliest reading: late from it, but only possibly', () => {
      const f = only(run([decided, published('2025-09-11', { extensionAgreed: false }), considered('2025-12-10')], { rules, asOf }));
      expect(f).toMatchObject({ certainty: 'possible', events: ['published', 'considered'] });
      expect(f.missing!.join(' ')).toContain('the day the authority received the report');
    });

    test('with no word on an agreed longer period, a late consideration is only possible', () => {
      const f = only(run([decided, published('2025-09-11', { received: '2025-09-11' }), considered('2026-01-19')], { rules, asOf }));
      expect(f).toMatchObject({ certainty: 'possible' });
      expect(f.missing!.join(' ')).toContain('whether the Ombudsman agreed a longer period in writing');
    });

    test('an agreed longer period is no finding to judge against three months: possible at most', () => {
      const f = findingsOf(run([decided, published('2025-09-11', { received: '2025-09-11', extensionAgreed: true }), considered('2026-01-19')], { rules, asOf }), RULE);
      expect(f.every((x) => x.certainty === 'possible')).toBe(true);
    });

    test('received on 15 September: the three months run to 14 December', () => {
      const at = (day: string) => run([decided, published('2025-09-11', { received: '2025-09-15', extensionAgreed: false }), considered(day)], { rules, asOf });
      expect(findingsOf(at('2025-12-14'), RULE)).toEqual([]);
      expect(only(at('2025-12-15'))).toMatchObject({ certainty: 'certain' });
    });
  });

  test('a report published "in September 2025" and considered on 5 December is only possibly late', () => {
    const f = only(run([published('2025-09'), considered('2025-12-05')], { rules, asOf }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['published', 'considered'] });
    expect(f.missing).toEqual(['exact dates of published and considered']);
  });

  describe('a report never considered', () => {
    test('in a summary is only possibly late, naming the missing step', () => {
      const f = only(run([decided, published('2025-09-11')], { rules, asOf }));
      expect(f).toMatchObject({ certainty: 'possible', events: ['published'] });
      expect(f.missing).toEqual(['report.considered for published']);
    });

    test('in a full record is certainly late', () => {
      expect(only(run([decided, published('2025-09-11')], { rules, asOf, completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['published'] });
    });

    test('with an omission saying it was not considered is certainly late', () => {
      const f = only(run([decided, published('2025-09-11'), { id: 'om', type: 'omission', step: 'report.considered', for: 'published' }], { rules, asOf }));
      expect(f).toMatchObject({ certainty: 'certain', events: ['published', 'om'] });
    });

    test('is not late at an asOf on the last day (10 December 2025)', () => {
      expect(findingsOf(run([decided, published('2025-09-11')], { rules, asOf: '2025-12-10', completeness: 'record' }), RULE)).toEqual([]);
    });
  });
});
