import { describe, expect, test } from 'vitest';
import { findingsOf, run } from '../support.js';

const RULE = 'escalation-without-evidence';

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

type Basis = 'observed' | 'reported' | 'hearsay' | 'assumption';
/** A concern raised on 1 March 2024 (event id `raise-<concern>`). */
const raised = (concern: string, basis: Basis, extra: Record<string, unknown> = {}) => ({
  id: `raise-${concern}`,
  type: 'concern.raised',
  at: '2024-03-01',
  by: 'health',
  concern,
  kind: 'physical-harm',
  basis,
  ...extra,
});
/** An assessment of a concern (event id `assess-<concern>`). */
const assessed = (concern: string, finding: string, at = '2024-03-05') => ({ id: `assess-${concern}`, type: 'concern.assessed', at, concern, finding });
const agencies = ['social-care', 'police', 'health'];
/** A strategy discussion on 11 March 2024 deciding on s47 enquiries. */
const strategy = (fields: Record<string, unknown>) => ({ id: 's', type: 'strategy.held', at: '2024-03-11', participants: agencies, decision: 's47', ...fields });
/** An initial conference on 25 March 2024 deciding on a plan. */
const icpc = (fields: Record<string, unknown>) => ({ id: 'icpc', type: 'conference.held', at: '2024-03-25', kind: 'initial', decision: 'plan', ...fields });
/** Conference reasons citing concerns (a conference states its reliance through `reasons`). */
const because = (...concerns: string[]) => concerns.map((concern) => ({ basis: 'concern', concern }));
const lpm = (fields: Record<string, unknown>) => ({ id: 'lpm', type: 'legal.planning-meeting', at: '2024-03-25', decision: 'pre-proceedings', ...fields });

describe('escalation-without-evidence', () => {
  describe('s47 and strategy need reasonable cause: one concern observed, reported first-hand or substantiated', () => {
    test('an s47 decision resting on hearsay alone is only possibly without reasonable cause: a second-hand report may be enough for s47(1)', () => {
      const f = only(run([raised('k', 'hearsay'), strategy({ reliesOn: ['k'] })]));
      expect(f).toMatchObject({ rule: RULE, certainty: 'possible', children: ['A'], events: ['s'] });
      expect(f.missing!.length).toBeGreaterThan(0);
    });

    test('an s47 decision resting on an assumption alone is an escalation without evidence', () => {
      expect(only(run([raised('k', 'assumption'), strategy({ reliesOn: ['k'] })]))).toMatchObject({ certainty: 'certain', events: ['s'] });
    });

    test('an s47 decision resting on hearsay and an assumption together is possibly without reasonable cause', () => {
      const r = run([raised('k1', 'hearsay'), raised('k2', 'assumption'), strategy({ reliesOn: ['k1', 'k2'] })]);
      // The hearsay may be reasonable cause on its own: possible, not certain.
      expect(only(r)).toMatchObject({ certainty: 'possible', events: ['s'] });
    });

    test('an s47 decision resting on a concern already assessed unsubstantiated is without reasonable cause', () => {
      const r = run([raised('k', 'reported'), assessed('k', 'unsubstantiated'), strategy({ reliesOn: ['k'] })]);
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['s'] });
    });

    test('hearsay assessed inconclusive is still hearsay: possibly no reasonable cause', () => {
      expect(only(run([raised('k', 'hearsay'), assessed('k', 'inconclusive'), strategy({ reliesOn: ['k'] })]))).toMatchObject({ certainty: 'possible' });
    });

    test('a decision to convene an ICPC on an assumption alone is without reasonable cause; on hearsay alone, possibly', () => {
      expect(only(run([raised('k', 'assumption'), strategy({ decision: 'convene-icpc', reliesOn: ['k'] })]))).toMatchObject({ certainty: 'certain', events: ['s'] });
      expect(only(run([raised('k', 'hearsay'), strategy({ decision: 'convene-icpc', reliesOn: ['k'] })]))).toMatchObject({ certainty: 'possible', events: ['s'] });
    });

    test('an s47 decision resting on an observed concern gives no finding', () => {
      expect(findingsOf(run([raised('k', 'observed'), strategy({ reliesOn: ['k'] })]), RULE)).toEqual([]);
    });

    test('an s47 decision resting on a first-hand report gives no finding', () => {
      expect(findingsOf(run([raised('k', 'reported'), strategy({ reliesOn: ['k'] })]), RULE)).toEqual([]);
    });

    test('an s47 decision resting on hearsay since substantiated gives no finding', () => {
      expect(findingsOf(run([raised('k', 'hearsay'), assessed('k', 'substantiated'), strategy({ reliesOn: ['k'] })]), RULE)).toEqual([]);
    });

    test('one observed concern beside hearsay is reasonable cause', () => {
      expect(findingsOf(run([raised('k1', 'hearsay'), raised('k2', 'observed'), strategy({ reliesOn: ['k1', 'k2'] })]), RULE)).toEqual([]);
    });

    test('a concern assessed unsubstantiated only after the s47 decision does not change the verdict at the decision', () => {
      const r = run([
        raised('k', 'reported'),
        strategy({ reliesOn: ['k'] }),
        assessed('k', 'unsubstantiated', '2024-03-20'),
        { id: 's2', type: 'strategy.held', at: '2024-03-25', participants: agencies, decision: 's47', reliesOn: ['k'] },
      ]);
      // The first decision stands; a second decision relying on the refuted concern does not.
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['s2'] });
    });

    test('non-engagement citing a missed appointment with no reason given counts as reasonable cause', () => {
      const r = run([
        { id: 'm', type: 'appointment.missed', at: '2024-03-04', with: 'health' },
        strategy({ reasons: [{ basis: 'non-engagement', evidence: ['m'] }] }),
      ]);
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('non-engagement citing only an explained absence is no reasonable cause', () => {
      const r = run([
        { id: 'm', type: 'appointment.missed', at: '2024-03-04', with: 'health', reason: 'illness' },
        strategy({ reasons: [{ basis: 'non-engagement', evidence: ['m'] }] }),
      ]);
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['s'] });
    });

    test('a strategy discussion deciding against s47 is not a step up, whatever it rests on', () => {
      expect(findingsOf(run([raised('k', 'hearsay'), strategy({ decision: 'no-s47', reliesOn: ['k'] })]), RULE)).toEqual([]);
    });

    test('an s47 decision that does not state its reliance, with only hearsay known, is only possibly without evidence in a summary', () => {
      const f = only(run([raised('k', 'hearsay'), strategy({})]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['s'] });
      expect(f.missing).toEqual(['what s relied on (reliesOn or reasons)', 'whether the second-hand report k gave reasonable cause to suspect']);
    });

    test('an s47 enquiry started with only hearsay known is only possibly without evidence in a summary', () => {
      const f = only(run([raised('k', 'hearsay'), { id: 'e', type: 's47.started', at: '2024-03-11' }]));
      expect(f).toMatchObject({ certainty: 'possible', events: ['e'] });
      expect(f.missing).toEqual(['what e relied on (reliesOn or reasons)', 'whether the second-hand report k gave reasonable cause to suspect']);
    });

    test('an s47 enquiry started with only an assumption on a full record is certainly without reasonable cause; with only hearsay, possibly', () => {
      const r = run([raised('k', 'assumption'), { id: 'e', type: 's47.started', at: '2024-03-11' }], { completeness: 'record' });
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['e'] });
      const h = run([raised('k', 'hearsay'), { id: 'e', type: 's47.started', at: '2024-03-11' }], { completeness: 'record' });
      expect(only(h)).toMatchObject({ certainty: 'possible', events: ['e'] });
    });

    test('an s47 enquiry started with an observed concern known gives no finding', () => {
      expect(findingsOf(run([raised('k', 'observed'), { id: 'e', type: 's47.started', at: '2024-03-11' }], { completeness: 'record' }), RULE)).toEqual([]);
    });
  });

  describe('a CP plan, the PLO and proceedings need evidence: every relied-on concern evidenced, none refuted, every child covered', () => {
    test('a plan resting on an observed and a substantiated concern gives no finding', () => {
      const r = run([raised('k1', 'observed'), raised('k2', 'reported'), assessed('k2', 'substantiated'), icpc({ reasons: because('k1', 'k2') })]);
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('a plan resting on a first-hand report not yet assessed possibly lacks evidence: a conference may weigh it (24 011 455)', () => {
      const f = only(run([raised('k', 'reported'), icpc({ reasons: because('k') })]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['icpc'] });
    });

    test('a plan resting on an observed concern and hearsay lacks evidence (every relied-on concern must be evidenced)', () => {
      const f = only(run([raised('k1', 'observed'), raised('k2', 'hearsay'), icpc({ reasons: [{ basis: 'concern', concern: 'k1' }, { basis: 'concern', concern: 'k2' }] })]));
      expect(f).toMatchObject({ certainty: 'certain', children: ['A'], events: ['icpc'] });
      expect(f.message).toContain('hearsay');
    });

    test('a plan resting on an observation already assessed unsubstantiated lacks evidence', () => {
      const r = run([raised('k', 'observed'), assessed('k', 'unsubstantiated'), icpc({ reasons: because('k') })]);
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['icpc'] });
    });

    test('an observation assessed unsubstantiated only after the plan does not change the verdict at the conference', () => {
      const r = run([raised('k', 'observed'), icpc({ reasons: because('k') }), assessed('k', 'unsubstantiated', '2024-04-02')]);
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('a plan for two children with evidence about only one is a possible finding for the other child (harm to a sibling may show likely harm)', () => {
      const r = run([raised('k', 'observed', { children: ['A'] }), icpc({ reasons: because('k') })], { children: ['A', 'B'] });
      expect(only(r)).toMatchObject({ certainty: 'possible', children: ['B'], events: ['icpc'] });
    });

    test('a plan for two children with evidence about each gives no finding', () => {
      const r = run(
        [raised('k1', 'observed', { children: ['A'] }), raised('k2', 'observed', { children: ['B'] }), icpc({ reasons: because('k1', 'k2') })],
        { children: ['A', 'B'] },
      );
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('an assessment whose findings substantiate a hearsay concern makes it evidence', () => {
      const r = run([
        raised('k', 'hearsay'),
        { id: 'ca', type: 'assessment.completed', at: '2024-03-15', conclusion: 'child-protection-concerns', findings: [{ concern: 'k', finding: 'substantiated' }] },
        icpc({ reasons: because('k') }),
      ]);
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('a review continuing the plan on hearsay lacks evidence', () => {
      const r = run([raised('k', 'hearsay'), { id: 'rev', type: 'conference.held', at: '2024-06-10', kind: 'review', decision: 'continue-plan', reasons: because('k') }]);
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['rev'] });
    });

    test('a conference deciding no plan is not a step up, whatever it rests on', () => {
      expect(findingsOf(run([raised('k', 'hearsay'), icpc({ decision: 'no-plan', reasons: because('k') })]), RULE)).toEqual([]);
    });

    test('the PLO started on hearsay lacks evidence', () => {
      expect(only(run([raised('k', 'hearsay'), lpm({ reliesOn: ['k'] })]))).toMatchObject({ certainty: 'certain', children: ['A'], events: ['lpm'] });
    });

    test('a decision to issue proceedings on a refuted concern lacks evidence', () => {
      const r = run([raised('k', 'observed'), assessed('k', 'unsubstantiated'), lpm({ decision: 'issue-proceedings', reliesOn: ['k'] })]);
      expect(only(r)).toMatchObject({ certainty: 'certain', events: ['lpm'] });
    });

    test('the PLO started on evidence about every child gives no finding', () => {
      const r = run([raised('k', 'observed', { children: ['A', 'B'] }), lpm({ reliesOn: ['k'] })], { children: ['A', 'B'] });
      expect(findingsOf(r, RULE)).toEqual([]);
    });

    test('a legal planning meeting deciding on no action is not a step up', () => {
      expect(findingsOf(run([raised('k', 'hearsay'), lpm({ decision: 'no-action', reliesOn: ['k'] })]), RULE)).toEqual([]);
    });

    test('proceedings issued with only hearsay known are only possibly without evidence in a summary (issuing cannot state reliance)', () => {
      const f = only(run([raised('k', 'hearsay'), { id: 'pi', type: 'proceedings.issued', at: '2024-03-25' }]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['pi'] });
      expect(f.missing).toEqual(['what pi relied on (reliesOn or reasons)']);
    });

    test('proceedings issued with only evidenced concerns known give no finding', () => {
      expect(findingsOf(run([raised('k', 'observed'), { id: 'pi', type: 'proceedings.issued', at: '2024-03-25' }]), RULE)).toEqual([]);
    });

    test('a plan that does not state its reliance, with evidence and hearsay known, is only possibly without evidence in a summary', () => {
      const f = only(run([raised('k1', 'observed'), raised('k2', 'hearsay'), icpc({})]));
      expect(f).toMatchObject({ certainty: 'possible', children: ['A'], events: ['icpc'] });
      expect(f.missing).toEqual(['what icpc relied on (reliesOn or reasons)']);
    });

    test('a plan that does not state its reliance, with only evidence known, gives no finding', () => {
      expect(findingsOf(run([raised('k', 'observed'), icpc({})]), RULE)).toEqual([]);
    });

    test('a plan with no concern known at all in a full record is certainly without evidence', () => {
      expect(only(run([icpc({})], { completeness: 'record' }))).toMatchObject({ certainty: 'certain', children: ['A'], events: ['icpc'] });
    });

    // With reliance unstated, every concern then known is weighed: in a summary the
    // verdict is only possible (naming what would settle it); in a full record the
    // concerns recorded are all there were, so it is certain and nothing is missing.
    test('a plan that does not state its reliance is possibly without evidence in a summary and certainly in a full record', () => {
      const events = [raised('k1', 'observed'), raised('k2', 'hearsay'), icpc({})];
      const summary = only(run(events));
      expect(summary.certainty).toBe('possible');
      expect(summary.missing).toEqual(['what icpc relied on (reliesOn or reasons)']);
      const record = only(run(events, { completeness: 'record' }));
      expect(record.certainty).toBe('certain');
      expect(record.missing).toBeUndefined();
    });

    test('recording that dissent was considered does not make a plan rest on no concern', () => {
      const r = run([raised('k', 'observed'), icpc({ reasons: [{ basis: 'dissent-considered', by: 'police' }] })]);
      expect(findingsOf(r, RULE)).toEqual([]);
    });
  });
});
