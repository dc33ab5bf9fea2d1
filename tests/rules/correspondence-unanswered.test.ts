import { describe, expect, test } from 'vitest';
import { correspondenceUnanswered } from '../../src/rules/correspondence-unanswered.js';
import { findingsOf, run, type ChronOptions } from '../support.js';

const RULE = 'correspondence-unanswered';
const rules = [correspondenceUnanswered];
const replay = (events: Record<string, unknown>[], options: ChronOptions = {}) => run(events, { rules, ...options });

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const letter = (extra: Record<string, unknown> = {}) => ({ id: 'letter', type: 'correspondence.received', at: '2024-03-20', from: 'solicitor', ...extra });
const reply = (at: unknown, correspondence = 'letter') => ({ id: 'reply', type: 'correspondence.answered', at, correspondence });

// 20 working days from Wednesday 20 March 2024 (day 0), skipping weekends, Good Friday
// 29 March and Easter Monday 1 April 2024:
//   21–22 Mar 1–2 · 25–28 Mar 3–6 · 2–5 Apr 7–10 · 8–12 Apr 11–15 · 15–19 Apr 16–20
// → the last allowed day is Friday 19 April 2024.
describe('correspondence-unanswered', () => {
  test('a letter the source says was never recorded is certainly a fault, on the letter itself', () => {
    expect(only(replay([letter({ recorded: false })]))).toMatchObject({
      rule: RULE,
      severity: 'fault',
      certainty: 'certain',
      children: ['A'],
      events: ['letter'],
    });
  });

  test('an unrecorded letter gives one finding, not a second one for the missing answer', () => {
    expect(findingsOf(replay([letter({ recorded: false })], { completeness: 'record' }), RULE)).toHaveLength(1);
  });

  test('a letter answered within a week gives no finding', () => {
    expect(findingsOf(replay([letter(), reply('2024-03-27')], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('an answer on the 20th working day (19 April 2024, after Easter) is in time', () => {
    expect(findingsOf(replay([letter(), reply('2024-04-19')], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('an answer on the 21st working day (22 April 2024) is late', () => {
    expect(only(replay([letter(), reply('2024-04-22')]))).toMatchObject({ certainty: 'certain', children: ['A'], events: ['letter', 'reply'] });
  });

  test('an answer dated only "April 2024" is only possibly late', () => {
    const f = only(replay([letter(), reply('2024-04')]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['letter', 'reply'] });
    expect(f.missing).toEqual(['exact dates of letter and reply']);
  });

  test('an answer to a different letter does not answer this one', () => {
    const other = { id: 'other', type: 'correspondence.received', at: '2024-03-21', from: 'parent' };
    const r = replay([letter(), other, reply('2024-03-27', 'other')], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['letter'] });
  });

  describe('no answer recorded', () => {
    test('in a summary is only possibly late, naming the missing answer', () => {
      const f = only(replay([letter()]));
      expect(f).toMatchObject({ certainty: 'possible', events: ['letter'] });
      expect(f.missing).toEqual(['correspondence.answered for letter']);
    });

    test('in a full record is certainly late', () => {
      expect(only(replay([letter()], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['letter'] });
    });

    test('in a summary with an omission stating it was not answered is certainly late', () => {
      const f = only(replay([letter(), { id: 'om', type: 'omission', step: 'correspondence.answered', for: 'letter' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['letter', 'om'] });
    });

    test('not yet due at asOf gives no finding', () => {
      expect(findingsOf(replay([letter()], { completeness: 'record', asOf: '2024-04-19' }), RULE)).toEqual([]);
    });
  });

  test('Mrs B (LGSCO 23 016 429): the solicitor’s letter of March 2023, neither recorded nor answered, is certain', () => {
    const r = replay(
      [
        { id: 'sol-letter', type: 'correspondence.received', at: '2023-03', from: 'solicitor', recorded: false, children: ['C', 'D'], cite: 'Analysis, Communication between the Council and Mrs B, item 1' },
        { id: 'om', type: 'omission', step: 'correspondence.answered', for: 'sol-letter' },
      ],
      { children: ['B', 'C', 'D'], asOf: '2024-01-31' },
    );
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['C', 'D'], events: ['sol-letter'] });
  });
});
