import { describe, expect, test } from 'vitest';
import { replay, withLocalValuesStated } from '../../src/index.js';
import { concernNotResponded } from '../../src/rules/concern-not-responded.js';
import { chronology, certain, findingsOf, run, type ChronOptions } from '../support.js';

const RULE = 'concern-not-responded';
const rules = [concernNotResponded];
const replayRule = (events: Record<string, unknown>[], options: ChronOptions = {}) => run(events, { rules, ...options });

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const order = { id: 'order', type: 'care-order.made', at: '2023-05-02' };
const concern = (at: unknown, extra: Record<string, unknown> = {}) => ({
  id: 'allegation',
  type: 'concern.raised',
  at,
  concern: 'c1',
  kind: 'physical-harm',
  basis: 'reported',
  by: 'school',
  ...extra,
});
const seen = (at: unknown, extra: Record<string, unknown> = {}) => ({ id: 'seen', type: 'child.seen', at, alone: true, ...extra });
const record: ChronOptions = { completeness: 'record' };

// One working day from Thursday 28 March 2024 (day 0), skipping Good Friday 29 March,
// the weekend and Easter Monday 1 April 2024 → the response is due by Tuesday 2 April 2024.
describe('concern-not-responded', () => {
  test('a concern of physical harm about a looked-after child with no response is flagged', () => {
    expect(only(replayRule([order, concern('2024-03-28')], record))).toMatchObject({
      rule: RULE,
      severity: 'fault',
      certainty: 'certain',
      children: ['A'],
      events: ['allegation'],
    });
  });

  test('a concern answered the same day by seeing the child alone gives no finding', () => {
    expect(findingsOf(replayRule([order, concern('2024-03-28'), seen('2024-03-28')], record), RULE)).toEqual([]);
  });

  test('a response on the first working day after Easter (2 April 2024) is in time', () => {
    expect(findingsOf(replayRule([order, concern('2024-03-28'), seen('2024-04-02')], record), RULE)).toEqual([]);
  });

  test('a response on 3 April 2024, the second working day, is late', () => {
    expect(only(replayRule([order, concern('2024-03-28'), seen('2024-04-03')], record))).toMatchObject({ certainty: 'certain', events: ['allegation', 'seen'] });
  });

  test('in a summary a late response is only possible: an unrecorded threshold decision may have come first', () => {
    const f = only(replayRule([order, concern('2024-03-28'), seen('2024-04-03')]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['allegation', 'seen'] });
    expect(f.missing).toEqual(['whether threshold.considered came before seen']);
  });

  test('a response dated only between 2 and 4 April 2024 is only possibly late', () => {
    const f = only(replayRule([order, concern('2024-03-28'), seen({ between: ['2024-04-02', '2024-04-04'] })], record));
    expect(f).toMatchObject({ certainty: 'possible', events: ['allegation', 'seen'] });
  });

  describe('no response recorded', () => {
    test('in a summary is only possibly late, naming the responses that would settle it', () => {
      const f = only(replayRule([order, concern('2024-03-28')]));
      expect(f).toMatchObject({ certainty: 'possible', events: ['allegation'] });
      expect(f.missing).toEqual([
        'child.seen or home.visited or strategy.held or threshold.considered or s47.started or assessment.started or referral.decided or concern.assessed for allegation',
      ]);
    });

    test('in a summary with omissions stating no response of any kind was made, is certainly late', () => {
      const steps = ['child.seen', 'home.visited', 'strategy.held', 'threshold.considered', 's47.started', 'assessment.started', 'referral.decided', 'concern.assessed'];
      const none = steps.map((step, i) => ({ id: `om${i}`, type: 'omission', step, for: 'allegation' }));
      const f = only(replayRule([order, concern('2024-03-28'), ...none]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['allegation', 'om0'] });
    });

    test('an omission of one kind of response only ("the child was not seen") leaves the others possible', () => {
      const f = only(replayRule([order, concern('2024-03-28'), { id: 'om', type: 'omission', step: 'child.seen', for: 'allegation' }]));
      expect(f.certainty).toBe('possible');
    });

    test('an investigation of the concern (concern.assessed) in time answers it', () => {
      const r = replayRule([order, concern('2024-03-28'), { id: 'inv', type: 'concern.assessed', at: '2024-03-28', concern: 'c1', finding: 'unsubstantiated' }], record);
      expect(findingsOf(r, RULE)).toEqual([]);
    });
  });

  describe('good practice: each allegation answered in time', () => {
    test('by a home visit', () => {
      const r = replayRule([order, concern('2024-03-28'), { id: 'visit', type: 'home.visited', at: '2024-04-02' }], record);
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('by a recorded decision that the threshold for a strategy discussion was not met', () => {
      const r = replayRule([order, concern('2024-03-28'), { id: 'thr', type: 'threshold.considered', at: '2024-03-28', for: 'strategy', met: false, reliesOn: ['c1'] }], record);
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('by a strategy discussion', () => {
      const r = replayRule([order, concern('2024-03-28'), { id: 'strat', type: 'strategy.held', at: '2024-04-02', participants: ['social-care', 'police', 'health'] }], record);
      expect(findingsOf(r, RULE)).toEqual([]);
    });
  });

  test('a threshold decision stated to rest on a different concern is no response to this one', () => {
    const r = replayRule(
      [
        order,
        { id: 'earlier', type: 'concern.raised', at: '2024-03-01', concern: 'other', kind: 'mental-health', basis: 'reported' },
        concern('2024-03-28'),
        { id: 'thr', type: 'threshold.considered', at: '2024-03-28', for: 'strategy', met: false, reliesOn: ['other'] },
      ],
      record,
    );
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['allegation'] });
  });

  test('seeing a child the concern is not about is no response', () => {
    const r = replayRule([order, concern('2024-03-28', { children: ['A'] }), seen('2024-03-28', { children: ['B'] })], { ...record, children: ['A', 'B'] });
    expect(only(r)).toMatchObject({ children: ['A'] });
  });

  test('a concern of a kind not listed (mental health) starts no clock', () => {
    expect(findingsOf(replayRule([order, concern('2024-03-28', { kind: 'mental-health' })], record), RULE)).toEqual([]);
  });

  test('by default a concern about a child not in care is left to the referral rules', () => {
    expect(findingsOf(replayRule([concern('2024-03-28')], record), RULE)).toEqual([]);
    const discharged = [order, { id: 'dis', type: 'care-order.discharged', at: '2023-12-01' }, concern('2024-03-28')];
    expect(findingsOf(replayRule(discharged, record), RULE)).toEqual([]);
  });

  test('only the looked-after children of a concern about several are counted', () => {
    const r = replayRule([{ ...order, children: ['A'] }, concern('2024-03-28')], { ...record, children: ['A', 'B'] });
    expect(only(r)).toMatchObject({ children: ['A'] });
  });

  test('with onlyLookedAfter: false, a concern about any child counts', () => {
    const base = withLocalValuesStated();
    const params = new Map(base.params);
    params.set(RULE, concernNotResponded.params.parse({ onlyLookedAfter: false }));
    const r = replay(chronology([concern('2024-03-28')], record), { config: { rules, params, timescales: base.timescales } });
    expect(certain(r, RULE)).toMatchObject([{ events: ['allegation'] }]);
  });

  test('Mrs B (LGSCO 23 016 429): allegations about the father, each answered, give no finding', () => {
    const kids = { children: ['C', 'D'] };
    const r = replayRule(
      [
        { id: 'order', type: 'care-order.made', at: '2019-03', ...kids },
        { id: 'unsupervised', type: 'concern.raised', at: '2023-03-06', concern: 'left-alone', kind: 'neglect', basis: 'reported', by: 'parent', ...kids },
        { id: 'seen-1', type: 'child.seen', at: '2023-03-07', alone: true, ...kids },
        { id: 'floor', type: 'concern.raised', at: '2023-07-10', concern: 'sleeping-on-floor', kind: 'neglect', basis: 'reported', by: 'parent', ...kids },
        { id: 'visit-2', type: 'home.visited', at: '2023-07-11', ...kids },
        { id: 'hit', type: 'concern.raised', at: '2023-10-16', concern: 'physical', kind: 'physical-harm', basis: 'reported', by: 'parent', children: ['C'] },
        { id: 'seen-3', type: 'child.seen', at: '2023-10-16', alone: true, children: ['C'] },
        { id: 'visit-3', type: 'home.visited', at: '2023-10-17', ...kids },
        { id: 'threshold', type: 'threshold.considered', at: '2023-10-17', for: 'strategy', met: false, reliesOn: ['physical'], children: ['C'] },
      ],
      { children: ['B', 'C', 'D'], asOf: '2024-01-31' },
    );
    expect(findingsOf(r, RULE)).toEqual([]);
  });
});
