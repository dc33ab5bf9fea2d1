import { describe, expect, test } from 'vitest';
import { statutoryStageRefused } from '../../src/rules/statutory-stage-refused.js';
import { certain, findingsOf, run } from '../support.js';

const RULE = 'statutory-stage-refused';
const rules = [statutoryStageRefused];

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const made = (id: string, at: unknown, extra: Record<string, unknown> = {}) => ({ id, type: 'complaint.made', at, by: 'parent', ...extra });
const responded = (id: string, at: unknown, extra: Record<string, unknown> = {}) => ({ id, type: 'complaint.responded', at, by: 'social-care', ...extra });

// Stage 1 answered on Tuesday 2 April 2024; the complainant's 20 working days for asking for
// stage 2 end on Tuesday 30 April (3–5 Apr 1–3, 8–12 Apr 4–8, 15–19 Apr 9–13, 22–26 Apr
// 14–18, 29 Apr 19, 30 Apr 20).
const stage1 = made('c1', '2024-03-14', { stage: 1, procedure: 'statutory-children' });
const answer1 = responded('r1', '2024-04-02', { stage: 1, outcome: 'not-upheld' });
const request2 = (at: unknown, extra: Record<string, unknown> = {}) => made('c2', at, { stage: 2, ...extra });
const declined2 = responded('r2', '2024-05-10', { stage: 2, outcome: 'declined' });

describe('statutory-stage-refused', () => {
  test("a request for stage 2 of the statutory children's procedure, declined, is a fault", () => {
    const f = only(run([stage1, answer1, request2('2024-04-15', { procedure: 'statutory-children' }), declined2], { rules }));
    expect(f).toMatchObject({ rule: RULE, severity: 'fault', certainty: 'certain', children: ['A'], events: ['r2', 'c2', 'r1'] });
    expect(f.missing).toBeUndefined();
  });

  test('a stage 2 request of unstated procedure takes the procedure of the stage 1 complaint it escalates', () => {
    expect(only(run([stage1, answer1, request2('2024-04-15'), declined2], { rules }))).toMatchObject({ certainty: 'certain', events: ['r2', 'c2', 'r1'] });
  });

  test('where no procedure is stated anywhere the refusal is only possibly a fault', () => {
    const f = only(run([{ ...stage1, procedure: undefined }, answer1, request2('2024-04-15'), declined2], { rules }));
    expect(f).toMatchObject({ certainty: 'possible', events: ['r2', 'c2', 'r1'] });
    expect(f.missing).toEqual(['procedure of c2 (statutory-children or corporate)']);
  });

  test('a request for a stage 3 review panel, declined, is a fault', () => {
    const r = run(
      [
        made('c2', '2024-04-15', { stage: 2, procedure: 'statutory-children' }),
        responded('r2', '2024-05-20', { stage: 2, outcome: 'partly-upheld' }),
        made('c3', '2024-06-03', { stage: 3 }),
        responded('r3', '2024-06-10', { outcome: 'declined' }),
      ],
      { rules },
    );
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['r3', 'c3', 'r2'] });
  });

  test('no finding for a corporate complaint, a stage 1 refusal, or a stage 2 response that is not a refusal', () => {
    expect(findingsOf(run([stage1, answer1, request2('2024-04-15', { procedure: 'corporate' }), declined2], { rules }), RULE)).toEqual([]);
    expect(findingsOf(run([stage1, responded('r1', '2024-04-02', { stage: 1, outcome: 'declined' })], { rules }), RULE)).toEqual([]);
    expect(findingsOf(run([stage1, answer1, request2('2024-04-15'), { ...declined2, outcome: 'not-upheld' }], { rules }), RULE)).toEqual([]);
  });

  test('a refusal whose stage is stated nowhere gives no finding', () => {
    expect(findingsOf(run([made('c', '2024-04-15'), responded('r', '2024-05-10', { outcome: 'declined' })], { rules }), RULE)).toEqual([]);
  });

  describe("the complainant's 20 working days to ask for stage 2", () => {
    test('a request on the 20th working day (30 April 2024) must be progressed', () => {
      expect(only(run([stage1, answer1, request2('2024-04-30'), declined2], { rules }))).toMatchObject({ certainty: 'certain' });
    });

    test('a request on the 21st working day (1 May) may be refused', () => {
      expect(findingsOf(run([stage1, answer1, request2('2024-05-01'), declined2], { rules }), RULE)).toEqual([]);
    });

    test('a request "some day in April or May 2024" is only possibly in time', () => {
      const f = only(run([stage1, answer1, request2({ between: ['2024-04-22', '2024-05-03'] }), declined2], { rules }));
      expect(f).toMatchObject({ certainty: 'possible', events: ['r2', 'c2', 'r1'] });
      expect(f.missing).toEqual(['whether c2 came within 20 working days of r1']);
    });
  });

  describe('concurrent care proceedings (reg 8)', () => {
    const issued = { id: 'issued', type: 'proceedings.issued', at: '2024-03-01' };

    test('while proceedings are open the refusal is only possibly a fault', () => {
      const f = only(run([issued, stage1, answer1, request2('2024-04-15'), declined2], { rules }));
      expect(f).toMatchObject({ certainty: 'possible' });
      expect(f.missing).toEqual(['whether considering the complaint would have prejudiced the proceedings issued at issued (reg 8)']);
    });

    test('once they have concluded it is a fault again', () => {
      const concluded = { id: 'concluded', type: 'proceedings.concluded', at: '2024-03-10', order: 'none' };
      expect(certain(run([issued, concluded, stage1, answer1, request2('2024-04-15'), declined2], { rules }), RULE)).toHaveLength(1);
    });
  });
});
