import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'process-deviation';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const referral = { id: 'ref', type: 'referral.received', at: '2024-03-01', from: 'school' };
const icpc = { id: 'icpc', type: 'conference.held', at: '2024-03-20', kind: 'initial', decision: 'plan' };

describe('process-deviation', () => {
  describe('an initial conference straight after a referral, with no strategy discussion or s47 enquiry', () => {
    test('in a summary is only a possible deviation, since the missing steps may be unrecorded', () => {
      const f = only(run([referral, icpc]));
      expect(f).toMatchObject({ rule: RULE, certainty: 'possible', children: ['A'], events: ['icpc'] });
      expect(f.missing).toEqual(['an earlier step the source may not record']);
    });

    test('in a full record is a certain deviation', () => {
      const f = only(run([referral, icpc], { completeness: 'record' }));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['icpc'] });
      expect(f.missing).toBeUndefined();
    });
  });

  test('a review conference for a child on no plan is a deviation', () => {
    const r = run([{ id: 'rev', type: 'conference.held', at: '2024-06-10', kind: 'review', decision: 'continue-plan' }], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['rev'] });
  });

  test('a core group for a child on no plan is a deviation', () => {
    expect(only(run([{ id: 'cg', type: 'core-group.held', at: '2024-03-27' }], { completeness: 'record' }))).toMatchObject({
      certainty: 'certain',
      children: ['A'],
      events: ['cg'],
    });
  });

  test('a review conference naming only the children refused: B was never on the plan', () => {
    const r = run(
      [
        { id: 's', type: 'strategy.held', at: '2024-03-04', decision: 's47', children: ['A'] },
        { ...icpc, children: ['A'] },
        { id: 'rev', type: 'conference.held', at: '2024-06-10', kind: 'review', decision: 'continue-plan' },
      ],
      { children: ['A', 'B'], completeness: 'record' },
    );
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B'], events: ['rev'] });
  });

  test('a pre-proceedings meeting with no letter before proceedings is a deviation for the whole case', () => {
    const r = run([{ id: 'm', type: 'plo.meeting-held', at: '2024-03-20' }], { children: ['A', 'B'], completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A', 'B'], events: ['m'] });
  });

  test('the normal path (referral, assessment, s47 strategy, s47, ICPC plan, core group, review) gives no deviation', () => {
    const r = run(
      [
        referral,
        { id: 'dec', type: 'referral.decided', at: '2024-03-04', outcome: 'assessment' },
        { id: 'as', type: 'assessment.started', at: '2024-03-05' },
        { id: 'ac', type: 'assessment.completed', at: '2024-03-08', conclusion: 'child-protection-concerns' },
        { id: 's', type: 'strategy.held', at: '2024-03-11', decision: 's47' },
        { id: 's47s', type: 's47.started', at: '2024-03-11' },
        { id: 's47c', type: 's47.completed', at: '2024-03-15', outcome: 'continuing-risk' },
        { ...icpc, at: '2024-03-26' },
        { id: 'cg', type: 'core-group.held', at: '2024-04-04' },
        { id: 'rev', type: 'conference.held', at: '2024-06-20', kind: 'review', decision: 'continue-plan' },
      ],
      { completeness: 'record' },
    );
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('the normal PLO path (planning meeting, letter, meeting, review, step-down) gives no deviation', () => {
    const r = run(
      [
        { id: 'lpm', type: 'legal.planning-meeting', at: '2024-03-04', decision: 'pre-proceedings' },
        { id: 'letter', type: 'plo.letter-sent', at: '2024-03-06' },
        { id: 'm', type: 'plo.meeting-held', at: '2024-03-18' },
        { id: 'rv', type: 'plo.reviewed', at: '2024-05-20' },
        { id: 'end', type: 'plo.ended', at: '2024-06-24', outcome: 'step-down' },
      ],
      { completeness: 'record' },
    );
    expect(findingsOf(r, RULE)).toEqual([]);
  });
});
