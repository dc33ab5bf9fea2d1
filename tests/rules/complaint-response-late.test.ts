import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { complaintResponseLate } from '../../src/rules/complaint-response-late.js';
import { certain, findingsOf, run } from '../support.js';

const RULE = 'complaint-response-late';
const rules = [complaintResponseLate];
/** The same rule with `allowExtension: false` (an authority that never extends). */
const noExtension = { ...complaintResponseLate, params: z.strictObject({ allowExtension: z.boolean().default(false) }) };

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const made = (at: unknown, extra: Record<string, unknown> = {}, id = 'c') => ({ id, type: 'complaint.made', at, by: 'parent', ...extra });
const responded = (at: unknown, extra: Record<string, unknown> = {}, id = 'r') => ({ id, type: 'complaint.responded', at, by: 'social-care', ...extra });

// Stage 1 of the statutory procedure, complaint on Thursday 21 March 2024 (day 0), skipping
// weekends, Good Friday 29 March and Easter Monday 1 April 2024:
//   22 Mar 1 · 25–28 Mar 2–5 · 2–5 Apr 6–9 · 8 Apr 10   → 10 working days: Monday 8 April
//   9–12 Apr 11–14 · 15–19 Apr 15–19 · 22 Apr 20          → 20 working days: Monday 22 April
const stage1 = made('2024-03-21', { stage: 1, procedure: 'statutory-children' });

describe('complaint-response-late', () => {
  describe("stage 1 of the statutory children's procedure (10 working days, up to 20)", () => {
    test('a response on the 10th working day (8 April 2024) is in time', () => {
      expect(findingsOf(run([stage1, responded('2024-04-08', { stage: 1 })], { rules }), RULE)).toEqual([]);
    });

    test('a response on the 11th working day (9 April) is only possibly late, since the time may have been extended', () => {
      const f = only(run([stage1, responded('2024-04-09', { stage: 1 })], { rules }));
      expect(f).toMatchObject({ rule: RULE, severity: 'breach', certainty: 'possible', children: ['A'], events: ['c', 'r'] });
      expect(f.missing).toEqual(['whether the time to respond to c was extended']);
    });

    test('even in a full record, a response within the extended limit is only possibly late (no event records an extension)', () => {
      expect(only(run([stage1, responded('2024-04-22', { stage: 1 })], { rules, completeness: 'record' }))).toMatchObject({ certainty: 'possible' });
    });

    test('a response on the 21st working day (23 April) is late even if the time was extended', () => {
      const f = only(run([stage1, responded('2024-04-23', { stage: 1 })], { rules }));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['c', 'r'] });
      expect(f.message).toContain('20 working days');
    });

    test('with allowExtension false, the 11th working day (9 April) is certainly late', () => {
      const f = only(run([stage1, responded('2024-04-09', { stage: 1 })], { rules: [noExtension] }));
      expect(f).toMatchObject({ certainty: 'certain', events: ['c', 'r'] });
      expect(f.message).toContain('10 working days');
    });
  });

  describe('stage 2 (25 working days, up to 65)', () => {
    // Request on Tuesday 2 April 2024 (day 0): 3–5 Apr 1–3 · 8–30 Apr 4–20 · 1–3 May 21–23 ·
    // (Monday 6 May 2024 is a bank holiday) · 7 May 24 · 8 May 25 → Wednesday 8 May.
    // 65 working days (Spring bank holiday 27 May skipped): Thursday 4 July 2024.
    const stage2 = made('2024-04-02', { stage: 2, procedure: 'statutory-children' });

    test('a response on Wednesday 8 May 2024 (25th working day) is in time', () => {
      expect(findingsOf(run([stage2, responded('2024-05-08', { stage: 2 })], { rules }), RULE)).toEqual([]);
    });

    test('a response on 9 May is possibly late; on 5 July (66th working day) certainly late', () => {
      expect(only(run([stage2, responded('2024-05-09', { stage: 2 })], { rules }))).toMatchObject({ certainty: 'possible', events: ['c', 'r'] });
      expect(findingsOf(run([stage2, responded('2024-07-04', { stage: 2 })], { rules }), RULE).map((f) => f.certainty)).toEqual(['possible']);
      expect(only(run([stage2, responded('2024-07-05', { stage: 2 })], { rules }))).toMatchObject({ certainty: 'certain', events: ['c', 'r'] });
    });
  });

  describe('stage 3 (panel within 30 working days, response within 50)', () => {
    // Request Tuesday 2 April 2024: 30 working days → Wednesday 15 May; 50 (27 May skipped) →
    // Thursday 13 June 2024.
    const stage3 = made('2024-04-02', { stage: 3, procedure: 'statutory-children' });

    test('a response on 15 May 2024 is in time', () => {
      expect(findingsOf(run([stage3, responded('2024-05-15', { stage: 3 })], { rules }), RULE)).toEqual([]);
    });

    test('a response on 16 May is possibly late: the panel may have met late', () => {
      const f = only(run([stage3, responded('2024-05-16', { stage: 3 })], { rules }));
      expect(f).toMatchObject({ certainty: 'possible' });
      expect(f.missing).toEqual(['when the review panel for c met']);
    });

    test('a response on 14 June (51st working day) is still only possibly late: each step is due "or as soon as reasonably practicable" (RPR regs 20-21)', () => {
      expect(certain(run([stage3, responded('2024-06-13', { stage: 3 })], { rules }), RULE)).toEqual([]);
      const f = only(run([stage3, responded('2024-06-14', { stage: 3 })], { rules }));
      expect(f).toMatchObject({ certainty: 'possible' });
      expect(f.missing!.join(' ')).toContain('as soon as reasonably practicable');
    });
  });

  describe('the corporate procedure (its own limits, no extension)', () => {
    // Stage 2 request Tuesday 2 April 2024: 20 working days → Tuesday 30 April.
    const corporate2 = made('2024-04-02', { stage: 2, procedure: 'corporate' });

    test('a response on the 20th working day (30 April 2024) is in time; on 1 May it is certainly late', () => {
      expect(findingsOf(run([corporate2, responded('2024-04-30', { stage: 2 })], { rules }), RULE)).toEqual([]);
      expect(only(run([corporate2, responded('2024-05-01', { stage: 2 })], { rules }))).toMatchObject({ certainty: 'certain', events: ['c', 'r'] });
    });

    test('a corporate stage 3 has no limit and starts no clock', () => {
      const r = run([made('2024-04-02', { stage: 3, procedure: 'corporate' }), responded('2024-12-02', { stage: 3 })], { rules, completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
      expect(r.deadlines.filter((d) => d.rule === RULE)).toEqual([]);
    });
  });

  describe('procedure or stage not stated', () => {
    const unstated = made('2024-04-02', { stage: 2 });

    test('a stage 2 response on 1 May 2024 is only possibly late: late under a corporate procedure, in time under the statutory one', () => {
      const f = only(run([unstated, responded('2024-05-01', { stage: 2 })], { rules }));
      expect(f).toMatchObject({ certainty: 'possible', events: ['c', 'r'] });
      expect(f.missing).toContain('procedure of c (statutory-children or corporate)');
    });

    test('a stage 2 response after 65 working days (5 July 2024) is late whichever procedure applied', () => {
      expect(only(run([unstated, responded('2024-07-05', { stage: 2 })], { rules }))).toMatchObject({ certainty: 'certain' });
    });

    test('an escalation takes the procedure of the earlier stage', () => {
      const r = run(
        [
          made('2024-03-01', { stage: 1, procedure: 'corporate' }, 'c1'),
          responded('2024-03-08', { stage: 1 }, 'r1'),
          made('2024-04-02', { stage: 2 }, 'c2'),
          responded('2024-05-01', { stage: 2 }, 'r2'),
        ],
        { rules },
      );
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['c2', 'r2'] });
      expect(only(r).message).toContain('corporate procedure');
    });

    test('a complaint of unstated stage and procedure is judged against every limit it could have', () => {
      // Shortest: 10 working days (stage 1); longest: none, since a corporate stage 3 has none.
      const f = only(run([made('2024-03-21'), responded('2024-04-09')], { rules, completeness: 'record' }));
      expect(f).toMatchObject({ certainty: 'possible', events: ['c', 'r'] });
      expect(f.missing).toContain('stage of c');
    });

    test('a complaint of unstated stage and procedure never answered is still a possible finding, never certain (it may be a corporate stage 3, with no limit)', () => {
      const open = run([made('2024-03-21')], { rules, completeness: 'record', asOf: '2026-03-31' });
      const f = only(open);
      expect(f).toMatchObject({ certainty: 'possible', events: ['c'] });
      expect(f.missing!.join(' ')).toContain('a corporate stage 3 has no national limit');
      // Answered two years on: possible too.
      expect(only(run([made('2024-03-21'), responded('2026-03-02')], { rules, completeness: 'record' })).certainty).toBe('possible');
    });
  });

  describe('which response answers which complaint', () => {
    test('a response names the complaint it answers', () => {
      const r = run(
        [
          made('2024-03-21', { stage: 1, procedure: 'statutory-children' }, 'c1'),
          made('2024-04-02', { stage: 1, procedure: 'statutory-children' }, 'c2'),
          responded('2024-04-04', { stage: 1, complaint: 'c2' }, 'r2'),
          responded('2024-04-23', { stage: 1, complaint: 'c1' }, 'r1'),
        ],
        { rules },
      );
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['c1', 'r1'] });
    });

    test('otherwise the latest unanswered complaint of its stage', () => {
      const r = run(
        [
          made('2024-03-21', { stage: 1, procedure: 'statutory-children' }, 'c1'),
          responded('2024-03-28', { stage: 1 }, 'r1'),
          made('2024-04-02', { stage: 2, procedure: 'statutory-children' }, 'c2'),
          responded('2024-05-09', {}, 'r2'),
        ],
        { rules },
      );
      expect(only(r)).toMatchObject({ certainty: 'possible', events: ['c2', 'r2'] });
    });
  });

  describe('a complaint never answered', () => {
    test('in a summary is only possibly late, naming the missing step', () => {
      const f = only(run([stage1], { rules }));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['c'] });
      expect(f.missing).toEqual(['complaint.responded for c']);
    });

    test('in a full record is certainly late', () => {
      expect(only(run([stage1], { rules, completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['c'] });
    });

    test('in a summary with an omission saying it was never answered is certainly late', () => {
      const f = only(run([stage1, { id: 'om', type: 'omission', step: 'complaint.responded', for: 'c' }], { rules }));
      expect(f).toMatchObject({ certainty: 'certain', events: ['c', 'om'] });
    });

    test('is not late at an asOf on the extended limit (22 April 2024), and is the day after', () => {
      expect(findingsOf(run([stage1], { rules, completeness: 'record', asOf: '2024-04-22' }), RULE)).toEqual([]);
      expect(only(run([stage1], { rules, completeness: 'record', asOf: '2024-04-23' }))).toMatchObject({ certainty: 'certain' });
    });
  });

  test('a complaint made "in March 2024" answered on 25 April is only possibly late', () => {
    // Made 1 March: 20 working days end 2 April (late). Made 31 March (a Sunday before Easter
    // Monday, so counted from Tuesday 2 April): 20 working days end 30 April (in time).
    const f = only(run([made('2024-03', { stage: 1, procedure: 'statutory-children' }), responded('2024-04-25', { stage: 1 })], { rules }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['c', 'r'] });
    expect(f.missing).toEqual(['exact dates of c and r']);
  });
});
