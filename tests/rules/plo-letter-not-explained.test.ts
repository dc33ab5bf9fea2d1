import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'plo-letter-not-explained';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const letter = (fields: Record<string, unknown>) => ({ id: 'letter', type: 'plo.letter-sent', at: '2024-03-20', ...fields });
const complete = { explained: true, legalAidInfo: true, meetingInvite: true };

describe('plo-letter-not-explained', () => {
  test('a letter before proceedings that was not explained is a finding', () => {
    const f = only(run([letter({ ...complete, explained: false })], { children: ['A', 'B'] }));
    expect(f).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A', 'B'], events: ['letter'] });
    expect(f.message).toContain('not explained');
  });

  test('a letter without legal-aid information is a finding', () => {
    expect(only(run([letter({ ...complete, legalAidInfo: false })]))).toMatchObject({ certainty: 'certain', events: ['letter'] });
  });

  test('a letter without an invitation to a meeting is a finding', () => {
    expect(only(run([letter({ ...complete, meetingInvite: false })]))).toMatchObject({ certainty: 'certain', events: ['letter'] });
  });

  test('a letter explained, with legal-aid information and an invitation gives no finding', () => {
    expect(findingsOf(run([letter(complete)], { completeness: 'record' }), RULE)).toEqual([]);
  });

  test('a letter the summary says nothing about is only a possible finding, naming each missing field', () => {
    const f = only(run([letter({})]));
    expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['letter'] });
    expect(f.missing).toEqual(['explained of letter', 'legalAidInfo of letter', 'meetingInvite of letter']);
  });

  test('a letter the full record says nothing about is a certain finding', () => {
    expect(only(run([letter({})], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', events: ['letter'] });
  });

  test('one stated failure makes the finding certain even when other fields are unstated', () => {
    expect(only(run([letter({ explained: false })]))).toMatchObject({ certainty: 'certain', events: ['letter'] });
  });
});
