import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'dissent-unaddressed';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** An ICPC deciding on a plan over the police's view that no plan was needed. */
const icpc = (fields: Record<string, unknown> = {}) => ({
  id: 'icpc',
  type: 'conference.held',
  at: '2024-03-20',
  kind: 'initial',
  decision: 'plan',
  decidedBy: 'majority',
  views: [
    { by: 'social-care', view: 'plan' },
    { by: 'police', view: 'no-plan' },
  ],
  ...fields,
});
const challenge = (extra: Record<string, unknown> = {}) => ({ id: 'ch', type: 'challenge.raised', at: '2024-03-25', by: 'police', about: 'icpc', view: 'no plan needed', ...extra });

describe('dissent-unaddressed', () => {
  describe('a conference view against the decision that nothing engages', () => {
    test('in a full record is certainly unaddressed', () => {
      const f = only(run([icpc()], { completeness: 'record' }));
      expect(f).toMatchObject({ rule: RULE, certainty: 'certain', children: ['A'], events: ['icpc'] });
      expect(f.message).toContain('police');
    });

    test('in a summary is only possibly unaddressed, naming what would settle it', () => {
      const f = only(run([icpc()]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['icpc'] });
      expect(f.missing).toEqual(['challenge.answered or escalation.raised for icpc']);
    });

    test('in a summary with an omission stating it was never answered is certainly unaddressed', () => {
      const f = only(run([icpc(), { id: 'om', type: 'omission', step: 'challenge.answered', for: 'icpc' }]));
      expect(f).toMatchObject({ certainty: 'certain', events: ['icpc', 'om'] });
    });
  });

  test('a decision whose reasons record the police dissent as considered gives no finding', () => {
    const r = run([icpc({ reasons: [{ basis: 'dissent-considered', by: 'police' }] })], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('considering health’s dissent does not engage the police’s', () => {
    const r = run([icpc({ reasons: [{ basis: 'dissent-considered', by: 'health' }] })], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['icpc'] });
  });

  test('views that agree with the decision give no finding', () => {
    const r = run([icpc({ views: [{ by: 'police', view: 'plan' }, { by: 'health', view: 'plan' }] })], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a view to end the plan against a decision to continue it is dissent', () => {
    const r = run([{ id: 'rev', type: 'conference.held', at: '2024-06-10', kind: 'review', decision: 'continue-plan', views: [{ by: 'school', view: 'end-plan' }] }], {
      completeness: 'record',
    });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['rev'] });
  });

  describe('a professional challenge', () => {
    test('never answered nor escalated is unaddressed', () => {
      const r = run([icpc({ views: [] }), challenge()], { completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['ch'] });
    });

    test('answered gives no finding', () => {
      const r = run([icpc({ views: [] }), challenge(), { id: 'ans', type: 'challenge.answered', at: '2024-04-02', challenge: 'ch', outcome: 'rejected-with-reasons' }], {
        completeness: 'record',
      });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('escalated gives no finding', () => {
      const r = run([icpc({ views: [] }), challenge(), { id: 'esc', type: 'escalation.raised', at: '2024-04-02', by: 'police', challenge: 'ch' }], {
        completeness: 'record',
      });
      expect(findingsOf(r, RULE)).toEqual([]);
    });
  });

  test('a view taken up by the same agency’s later challenge yields only the challenge’s finding, not two', () => {
    const r = run([icpc(), challenge()], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['A'], events: ['ch'] });
  });

  test('a view taken up by the same agency’s challenge, which is answered, gives no finding', () => {
    const r = run([icpc(), challenge(), { id: 'ans', type: 'challenge.answered', at: '2024-04-02', challenge: 'ch', outcome: 'accepted' }], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a view escalated directly by its agency gives no finding', () => {
    const r = run([icpc(), { id: 'esc', type: 'escalation.raised', at: '2024-04-02', by: 'police', about: 'icpc' }], { completeness: 'record' });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('another agency’s challenge does not take up the police view', () => {
    const r = run([icpc(), challenge({ by: 'health' }), { id: 'ans', type: 'challenge.answered', at: '2024-04-02', challenge: 'ch' }], { completeness: 'record' });
    expect(only(r)).toMatchObject({ certainty: 'certain', events: ['icpc'] });
  });
});
