import { describe, expect, test } from 'vitest';
import { certain, findingsOf, run } from '../support.js';

const RULE = 'plo-before-assessment';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** A legal planning meeting on 20 May 2024 deciding on pre-proceedings. */
const lpm = (fields: Record<string, unknown> = {}) => ({ id: 'lpm', type: 'legal.planning-meeting', at: '2024-05-20', decision: 'pre-proceedings', ...fields });
const letter = (fields: Record<string, unknown> = {}) => ({ id: 'letter', type: 'plo.letter-sent', at: '2024-05-27', explained: true, legalAidInfo: true, meetingInvite: true, ...fields });
const raised = (concern: string, at: string) => ({ id: `raise-${concern}`, type: 'concern.raised', at, by: 'health', concern, kind: 'neglect', basis: 'observed' });
const assessmentStarted = (at: string, extra: Record<string, unknown> = {}) => ({ id: 'as', type: 'assessment.started', at, ...extra });
const assessmentCompleted = (at: string, extra: Record<string, unknown> = {}) => ({ id: 'ac', type: 'assessment.completed', at, conclusion: 'child-protection-concerns', ...extra });
const strategy = (at: string, extra: Record<string, unknown> = {}) => ({ id: 's', type: 'strategy.held', at, participants: ['social-care', 'police', 'health'], decision: 's47', ...extra });

describe('plo-before-assessment', () => {
  describe('a decision to enter pre-proceedings with no assessment or strategy discussion before it', () => {
    test('in a summary is only possibly premature, naming what is missing', () => {
      const f = only(run([lpm()]));
      expect(f).toMatchObject({ rule: RULE, severity: 'fault', certainty: 'possible', children: ['A'], events: ['lpm'] });
      expect(f.missing).toEqual(['an assessment or strategy discussion before lpm']);
    });

    test('in a full record is certainly premature', () => {
      const f = only(run([lpm()], { completeness: 'record' }));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['lpm'] });
      expect(f.missing).toBeUndefined();
    });

    test('in a summary with an omission stating no assessment was completed, is certainly premature', () => {
      const f = only(run([lpm(), { id: 'om', type: 'omission', step: 'assessment.completed', for: 'lpm' }]));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['lpm', 'om'] });
      expect(f.missing).toBeUndefined();
    });

    test('for two children, is one finding naming both', () => {
      expect(only(run([lpm()], { children: ['A', 'B'], completeness: 'record' }))).toMatchObject({ certainty: 'certain', children: ['A', 'B'], events: ['lpm'] });
    });

    test('an assessment only after the decision does not count', () => {
      const r = run([lpm(), assessmentStarted('2024-05-22')], { completeness: 'record' });
      expect(certain(r, RULE)).toMatchObject([{ children: ['A'], events: ['lpm'] }]);
    });

    test('an assessment of another child only does not count for this one', () => {
      const r = run([assessmentCompleted('2024-04-01', { children: ['B'] }), lpm({ children: ['A'] })], { children: ['A', 'B'], completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['lpm'] });
    });

    test('followed by the letter before proceedings, is one finding on the decision (the letter is not a second entry)', () => {
      const r = run([lpm(), letter()], { completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['lpm'] });
    });
  });

  describe('an assessment or strategy discussion before the decision', () => {
    test('an assessment started before it gives no finding', () => {
      expect(findingsOf(run([assessmentStarted('2024-04-01'), lpm()], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('an assessment completed before it gives no finding', () => {
      expect(findingsOf(run([assessmentCompleted('2024-04-20'), lpm()], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('a strategy discussion before it gives no finding', () => {
      expect(findingsOf(run([strategy('2024-04-10'), lpm()], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('an assessment before it gives no finding in a summary either', () => {
      expect(findingsOf(run([assessmentCompleted('2024-04-20'), lpm()]), RULE)).toEqual([]);
    });

    test('an assessment of one of the children covers a decision about both', () => {
      const r = run([assessmentCompleted('2024-04-20', { children: ['A'] }), lpm()], { children: ['A', 'B'], completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });
  });

  describe('other legal planning decisions do not enter pre-proceedings', () => {
    test('a decision to take no action gives no finding', () => {
      expect(findingsOf(run([lpm({ decision: 'no-action' })], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('a decision to issue proceedings gives no finding under this rule', () => {
      expect(findingsOf(run([lpm({ decision: 'issue-proceedings' })], { completeness: 'record' }), RULE)).toEqual([]);
    });
  });

  describe('a letter before proceedings with no planning meeting recorded', () => {
    test('and no assessment before it is a finding on the letter, possible in a summary', () => {
      const f = only(run([letter()]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['letter'] });
      expect(f.missing).toEqual(['an assessment or strategy discussion before letter']);
    });

    test('and no assessment before it is a certain finding on the letter in a full record', () => {
      expect(only(run([letter()], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', children: ['A'], events: ['letter'] });
    });

    test('after a planning meeting whose decision is not recorded, the letter is the entry and is a finding', () => {
      const r = run([{ id: 'lpm', type: 'legal.planning-meeting', at: '2024-05-20' }, letter()], { completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['letter'] });
    });

    test('after a planning meeting whose decision is not recorded, only the first letter of the episode is the entry', () => {
      const r = run([{ id: 'lpm', type: 'legal.planning-meeting', at: '2024-05-20' }, letter(), { ...letter(), id: 'letter2', at: '2024-06-10' }], { completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['letter'] });
    });

    test('with no planning meeting at all, only the first letter of the episode is the entry (a second letter is no new finding)', () => {
      const r = run([letter(), { ...letter(), id: 'letter2', at: '2024-06-10' }], { completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['letter'] });
      const withMeeting = run([letter(), { id: 'm', type: 'plo.meeting-held', at: '2024-06-03' }, { ...letter(), id: 'letter2', at: '2024-06-10' }], { completeness: 'record' });
      expect(only(withMeeting)).toMatchObject({ events: ['letter'] });
    });

    test('a letter after the episode ended begins a new one', () => {
      const r = run([letter(), { id: 'end', type: 'plo.ended', at: '2024-07-01' }, { ...letter(), id: 'letter2', at: '2024-10-07' }], { completeness: 'record' });
      expect(findingsOf(r, RULE).map((f) => f.events)).toEqual([['letter'], ['letter2']]);
    });

    test('with an assessment before it gives no finding', () => {
      expect(findingsOf(run([assessmentCompleted('2024-04-20'), letter()], { completeness: 'record' }), RULE)).toEqual([]);
    });

    test('after a meeting that decided on pre-proceedings with an assessment before it, gives no finding', () => {
      expect(findingsOf(run([assessmentCompleted('2024-04-20'), lpm(), letter()], { completeness: 'record' }), RULE)).toEqual([]);
    });
  });

  describe('since the earliest concern relied on was raised', () => {
    test('an assessment only before the concerns relied on were raised does not count', () => {
      const r = run([assessmentCompleted('2023-06-01'), raised('k', '2024-04-15'), lpm({ reliesOn: ['k'] })], { completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['lpm'] });
    });

    test('the same in a summary is a possible finding', () => {
      expect(only(run([assessmentCompleted('2023-06-01'), raised('k', '2024-04-15'), lpm({ reliesOn: ['k'] })]))).toMatchObject({ certainty: 'possible', events: ['lpm'] });
    });

    test('an assessment after the concern relied on was raised gives no finding', () => {
      const r = run([raised('k', '2024-04-15'), assessmentStarted('2024-04-20'), lpm({ reliesOn: ['k'] })], { completeness: 'record' });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('the count runs from the earliest of the concerns relied on', () => {
      const r = run(
        [raised('k1', '2024-03-01'), strategy('2024-03-05'), raised('k2', '2024-04-15'), lpm({ reliesOn: ['k1', 'k2'] })],
        { completeness: 'record' },
      );
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('an assessment before all the relied-on concerns does not count when there are several', () => {
      const r = run(
        [strategy('2024-02-01'), raised('k1', '2024-03-01'), raised('k2', '2024-04-15'), lpm({ reliesOn: ['k1', 'k2'] })],
        { completeness: 'record' },
      );
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['lpm'] });
    });
  });
});
