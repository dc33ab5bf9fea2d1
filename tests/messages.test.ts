/**
 * Every problem at once, in one wording (issue 15, item 2): field errors, duplicate ids and
 * unknown references in one run; header fields worded like event fields; a "did you mean"
 * for mistyped keys, enum values, rules and timescales in chronologies and rules configs.
 */
import { describe, expect, test } from 'vitest';
import { loadChronologyData, resolveConfig } from '../src/index.js';
import { nearest } from '../src/input/messages.js';

function issuesOf(data: unknown) {
  const r = loadChronologyData(data, 'test.yaml');
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

describe('a chronology with several kinds of mistake', () => {
  const issues = issuesOf({
    case: 't',
    asOf: '2024-12-31',
    completness: 'summary',
    children: [{ id: 'A' }],
    events: [
      { id: 'a', type: 'referral.received', at: '2024-03-04', chldren: ['A'] },
      { id: 'a', type: 'referral.decided', at: '2024-03-05', outcome: 'asessment' },
      { id: 'b', type: 'conference.held', at: '2024-13-01', decision: 'plan' },
      { id: 'c', type: 'challenge.answered', at: '2024-04-01', challenge: 'nope' },
      { id: 'd', type: 'referal.received', at: '2024-04-02' },
    ],
  });

  test('reports them all in one run: header, fields, duplicate ids and event types', () => {
    expect(issues.map((i) => i.code).sort()).toEqual(['bad-date', 'duplicate-id', 'invalid-field', 'invalid-field', 'invalid-field', 'unknown-event-type'].sort());
  });

  test('with a "did you mean" for mistyped keys, enum values and event types', () => {
    const text = issues.map((i) => i.message).join('\n');
    expect(text).toContain('unknown field "completness"; did you mean "completeness"?');
    expect(text).toContain('unknown field "chldren"; did you mean "children"?');
    expect(text).toContain('"asessment" is not one of "no-further-action", "early-help", "assessment", "strategy-discussion"; did you mean "assessment"?');
    expect(text).toContain('unknown event type "referal.received"; did you mean "referral.received"?');
    expect(text).toContain('the id "a" is used by more than one event (events #1 and #2)');
  });

  test('header fields are worded like event fields, not in the validator’s words', () => {
    const [i] = issuesOf({ case: 't', children: 3, events: [] });
    expect(i).toMatchObject({ code: 'invalid-field', path: 'children', message: 'expected a list, found a number' });
    const [m] = issuesOf({ case: 't', events: [] });
    expect(m).toMatchObject({ path: 'children', message: 'missing (this field is required)' });
  });

  test('free text is never quoted back in an enum message', () => {
    const [i] = issuesOf({ case: 't', children: [{ id: 'A' }], events: [{ id: 'a', type: 'referral.decided', at: '2024-03-05', outcome: 'the mother said she would think about it' }] });
    expect(i!.message).not.toContain('mother');
    expect(i!.message).toMatch(/is not one of/);
  });
});

describe('a rules config with mistakes', () => {
  test('reports an unknown top-level key, an unknown rule and an unknown timescale together, with suggestions', () => {
    const { issues } = resolveConfig({ timescale: {}, timescales: { 'icpc-days': 3 }, rules: { 'icpc-lat': {} } }, 'cfg.yaml');
    const text = issues.map((i) => i.message).join('\n');
    expect(issues).toHaveLength(3);
    expect(text).toContain('unknown field "timescale"; did you mean "timescales"?');
    expect(text).toContain('unknown rule "icpc-lat"; did you mean "icpc-late"?');
    expect(text).toMatch(/unknown timescale "icpc-days"/);
  });

  test('a rule parameter outside its values names them', () => {
    const { issues } = resolveConfig({ rules: { 'plo-overdue': { startsAt: 'leter' } } }, 'cfg.yaml');
    expect(issues[0]!.message).toBe('"leter" is not one of "meeting", "letter", "decision"; did you mean "letter"?');
  });
});

describe('nearest', () => {
  test('suggests only a near candidate, never the value itself', () => {
    expect(nearest('icpc-lat', ['icpc-late', 'core-group-late'])).toBe('icpc-late');
    expect(nearest('zzzz', ['icpc-late'])).toBeUndefined();
    expect(nearest('plan', ['plan', 'no-plan'])).toBeUndefined();
  });
});
