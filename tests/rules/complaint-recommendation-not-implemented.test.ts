import { describe, expect, test } from 'vitest';
import { replay, withLocalValuesStated } from '../../src/index.js';
import { chronology, findingsOf, run } from '../support.js';

const RULE = 'complaint-recommendation-not-implemented';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const complaint = { id: 'c', type: 'complaint.made', at: '2024-01-10', by: 'parent', stage: 2, procedure: 'statutory-children', subject: 'looked-after' };
/** A stage 2 response on Friday 1 March 2024 with the recommendations given. */
const responded = (recommendations: Record<string, unknown>[], fields: Record<string, unknown> = {}) => ({
  id: 'resp',
  type: 'complaint.responded',
  at: '2024-03-01',
  stage: 2,
  outcome: 'upheld',
  recommendations,
  ...fields,
});
const apology = { id: 'apology', action: 'Apologise in writing', due: '2024-04-01' };
const done = (id: string, recommendation: string, at: unknown) => ({ id, type: 'remedy.completed', at, by: 'social-care', recommendation });

describe('complaint-recommendation-not-implemented', () => {
  describe('a recommendation with its own due date (1 April 2024)', () => {
    test('carried out before it gives no finding', () => {
      expect(findingsOf(run([complaint, responded([apology]), done('d', 'apology', '2024-03-20')]), RULE)).toEqual([]);
    });

    test('carried out on the due date itself gives no finding', () => {
      expect(findingsOf(run([complaint, responded([apology]), done('d', 'apology', '2024-04-01')]), RULE)).toEqual([]);
    });

    test('carried out the day after is certainly late', () => {
      const f = only(run([complaint, responded([apology]), done('d', 'apology', '2024-04-02')]));
      expect(f).toMatchObject({ rule: RULE, severity: 'fault', certainty: 'certain', children: ['A'], events: ['resp', 'd'] });
      expect(f.message).toContain('Apologise in writing');
      expect(f.missing).toBeUndefined();
    });

    test('carried out at a date that may fall either side of the due date is only possibly late', () => {
      const f = only(run([complaint, responded([apology]), done('d', 'apology', { between: ['2024-03-25', '2024-04-10'] })]));
      expect(f).toMatchObject({ certainty: 'possible', events: ['resp', 'd'] });
    });

    describe('never carried out', () => {
      test('in a summary, with asOf after the due date, is only possibly not carried out, naming the missing step', () => {
        const f = only(run([complaint, responded([apology])]));
        expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['resp'] });
        expect(f.missing).toEqual(['remedy.completed for resp']);
        expect(f.message).toContain('apology');
      });

      test('in a full record, with asOf after the due date, is certainly not carried out', () => {
        const f = only(run([complaint, responded([apology])], { completeness: 'record' }));
        expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['resp'] });
        expect(f.missing).toBeUndefined();
      });

      test('with an omission of remedy.completed for the recommendation, is certainly not carried out', () => {
        const f = only(run([complaint, responded([apology]), { id: 'om', type: 'omission', step: 'remedy.completed', for: 'apology' }]));
        expect(f).toMatchObject({ certainty: 'certain', events: ['resp', 'om'] });
      });

      test('with an omission of remedy.completed for the response, is certainly not carried out', () => {
        const f = only(run([complaint, responded([apology]), { id: 'om', type: 'omission', step: 'remedy.completed', for: 'resp' }]));
        expect(f).toMatchObject({ certainty: 'certain', events: ['resp', 'om'] });
      });

      test('is not yet late at an asOf on the due date', () => {
        expect(findingsOf(run([complaint, responded([apology])], { completeness: 'record', asOf: '2024-04-01' }), RULE)).toEqual([]);
      });

      test('is late at an asOf the day after the due date', () => {
        expect(only(run([complaint, responded([apology])], { completeness: 'record', asOf: '2024-04-02' }))).toMatchObject({ certainty: 'certain', events: ['resp'] });
      });
    });
  });

  describe('a recommendation due within a period (P1M from 1 March 2024: 1 April 2024)', () => {
    const inAMonth = { id: 'review', action: 'Review the placement plan', due: 'P1M' };

    test('carried out within the month gives no finding', () => {
      expect(findingsOf(run([complaint, responded([inAMonth]), done('d', 'review', '2024-04-01')]), RULE)).toEqual([]);
    });

    test('carried out after the month is certainly late', () => {
      expect(only(run([complaint, responded([inAMonth]), done('d', 'review', '2024-04-02')]))).toMatchObject({ certainty: 'certain', events: ['resp', 'd'] });
    });
  });

  describe('several recommendations keep their own clocks', () => {
    test('one carried out in time and one not: a finding for the other only', () => {
      const training = { id: 'training', action: 'Train staff on the statutory procedure', due: '2024-05-01' };
      const r = run([complaint, responded([apology, training]), done('d', 'apology', '2024-03-20')], { completeness: 'record' });
      const f = only(r);
      expect(f).toMatchObject({ certainty: 'certain', events: ['resp'] });
      expect(f.message).toContain('training');
      expect(f.message).not.toContain('(apology)');
    });

    test('both carried out in time: no finding', () => {
      const training = { id: 'training', due: '2024-05-01' };
      const r = run([complaint, responded([apology, training]), done('d1', 'apology', '2024-03-20'), done('d2', 'training', '2024-04-30')], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });
  });

  // Replayed with the default configuration (national values only) unless the test states
  // the local values: the three months are a typical local value, not national law.
  describe('a recommendation with no due date: the typical local default (three months, to 1 June 2024)', () => {
    const noDate = { id: 'apology', action: 'Apologise in writing' };
    const local = withLocalValuesStated();

    test('carried out within three months gives no finding', () => {
      expect(findingsOf(replay(chronology([complaint, responded([noDate]), done('d', 'apology', '2024-05-15')])), RULE)).toEqual([]);
      expect(findingsOf(replay(chronology([complaint, responded([noDate]), done('d', 'apology', '2024-05-15')]), { config: local }), RULE)).toEqual([]);
    });

    test('carried out on 1 June 2024, three months on, is not late where the local values are stated', () => {
      expect(findingsOf(replay(chronology([complaint, responded([noDate]), done('d', 'apology', '2024-06-01')]), { config: local }), RULE)).toEqual([]);
    });

    test('carried out after three months is at most possibly late, naming the local value as missing', () => {
      const f = only(replay(chronology([complaint, responded([noDate]), done('d', 'apology', '2024-06-05')], { completeness: 'record' })));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['resp', 'd'] });
      expect(f.missing).toEqual(["the authority's own value for the timescale complaint-recommendation-default"]);
    });

    test('carried out after three months is certainly late where the authority states its local values', () => {
      const r = replay(chronology([complaint, responded([noDate]), done('d', 'apology', '2024-06-05')]), { config: local });
      const f = only(r);
      expect(f).toMatchObject({ certainty: 'certain', events: ['resp', 'd'] });
      expect(f.missing).toBeUndefined();
    });

    test('never carried out, in a full record, is only possibly not carried out (the limit is a local default)', () => {
      const f = only(replay(chronology([complaint, responded([noDate])], { completeness: 'record' })));
      expect(f).toMatchObject({ certainty: 'possible', events: ['resp'] });
      expect(f.missing).toEqual(["the authority's own value for the timescale complaint-recommendation-default"]);
    });

    test('never carried out, in a full record, is certain where the authority states its local values', () => {
      const r = replay(chronology([complaint, responded([noDate])], { completeness: 'record' }), { config: local });
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['resp'] });
    });

    test('stated never done (an omission for the recommendation) is certain whatever the local value', () => {
      const f = only(replay(chronology([complaint, responded([noDate]), { id: 'om', type: 'omission', step: 'remedy.completed', for: 'apology' }])));
      expect(f).toMatchObject({ certainty: 'certain', events: ['resp', 'om'] });
      expect(f.missing).toBeUndefined();
    });
  });

  describe('no clock', () => {
    test('a response that declined the complaint starts none, even with recommendations listed', () => {
      const r = run([complaint, responded([apology], { outcome: 'declined' })], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
      expect(r.deadlines.filter((d) => d.rule === RULE)).toEqual([]);
    });

    test('a response with no recommendations starts none', () => {
      const r = run([complaint, { id: 'resp', type: 'complaint.responded', at: '2024-03-01', stage: 2, outcome: 'not-upheld' }], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
      expect(r.deadlines.filter((d) => d.rule === RULE)).toEqual([]);
    });
  });
});
