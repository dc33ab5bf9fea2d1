/**
 * Good practice must replay clean: a fully compliant child-protection path and a
 * fully compliant PLO path, each a full `record` (so nothing is left unknown), give no
 * finding of any rule. This guards against a rule crying wolf on good practice.
 *
 * Concerns are raised by events whose id is the concern id, so `outcome.shared` with
 * `of: <concern id>` tells the parent of that concern (the loader only accepts event
 * ids in `of`; see the BUG test in parent-not-informed.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { run } from '../support.js';

const agencies = ['social-care', 'police', 'health', 'school'];
const because = (...concerns: string[]) => concerns.map((concern) => ({ basis: 'concern', concern }));

// Timescales checked by hand (2024; early May bank holiday 6 May and spring bank
// holiday 27 May fall outside every window that matters here):
//   referral 5 Feb → decided 6 Feb (1st working day)
//   concerns 5 and 12 Feb → parent told 6 and 13 Feb (≤ 5 working days)
//   referral 5 Feb → assessment completed 20 Feb (11 working days ≤ 45)
//   strategy 21 Feb → ICPC 12 Mar (14 working days ≤ 15)
//   reports shared 6 Mar ≤ 7 Mar (3 working days before the ICPC on 12 Mar)
//   ICPC 12 Mar → first core group 19 Mar (5 working days ≤ 10)
//   minutes: ICPC 12 → 14 Mar, core group 19 → 21 Mar, review 5 → 7 Jun (≤ 15 working days)
//   plan action due 30 Apr, done 16 Apr
//   ICPC 12 Mar → review 5 Jun (≤ 12 Jun, 3 months); reports 28 May ≤ 29 May (5 working days before)
//   next review due 5 Dec 2024, after asOf 1 Jul 2024
const childProtectionPath = [
  { id: 'bruising', type: 'concern.raised', at: '2024-02-05', by: 'health', children: ['A'], concern: 'bruising', kind: 'physical-harm', basis: 'observed' },
  { id: 'ref', type: 'referral.received', at: '2024-02-05', by: 'health', from: 'health', concerns: ['bruising'] },
  { id: 'dec', type: 'referral.decided', at: '2024-02-06', by: 'social-care', outcome: 'assessment' },
  { id: 'told-bruising', type: 'outcome.shared', at: '2024-02-06', by: 'social-care', of: 'bruising', with: 'parent' },
  { id: 'as', type: 'assessment.started', at: '2024-02-07', by: 'social-care', kind: 'child-and-family' },
  { id: 'neglect', type: 'concern.raised', at: '2024-02-12', by: 'school', concern: 'neglect', kind: 'neglect', basis: 'observed' },
  { id: 'told-neglect', type: 'outcome.shared', at: '2024-02-13', by: 'social-care', of: 'neglect', with: 'parent' },
  {
    id: 'ac',
    type: 'assessment.completed',
    at: '2024-02-20',
    by: 'social-care',
    kind: 'child-and-family',
    conclusion: 'child-protection-concerns',
    findings: [
      { concern: 'bruising', finding: 'substantiated' },
      { concern: 'neglect', finding: 'substantiated' },
    ],
  },
  { id: 's', type: 'strategy.held', at: '2024-02-21', participants: ['social-care', 'police', 'health'], reliesOn: ['bruising', 'neglect'], decision: 's47' },
  { id: 's47s', type: 's47.started', at: '2024-02-21', by: 'social-care' },
  { id: 's47c', type: 's47.completed', at: '2024-03-01', by: 'social-care', outcome: 'continuing-risk' },
  { id: 's47-told', type: 'outcome.shared', at: '2024-03-04', by: 'social-care', of: 's47c', with: 'parent' },
  { id: 'rep-icpc', type: 'reports.shared', at: '2024-03-06', for: 'icpc', with: 'parent', complete: true },
  {
    id: 'icpc',
    type: 'conference.held',
    at: '2024-03-12',
    kind: 'initial',
    participants: agencies,
    views: [
      { by: 'police', view: 'plan' },
      { by: 'health', view: 'plan' },
      { by: 'school', view: 'plan' },
    ],
    decision: 'plan',
    decidedBy: 'consensus',
    category: 'neglect',
    reasons: because('bruising', 'neglect'),
    proportionality: true,
    advocate: 'offered',
  },
  { id: 'icpc-minutes', type: 'outcome.shared', at: '2024-03-14', by: 'chair', of: 'icpc', with: 'parent' },
  { id: 'cg', type: 'core-group.held', at: '2024-03-19', by: 'social-care' },
  { id: 'act', type: 'plan.action-set', at: '2024-03-19', action: 'parenting course referral', due: '2024-04-30' },
  { id: 'cg-minutes', type: 'outcome.shared', at: '2024-03-21', by: 'social-care', of: 'cg', with: 'parent' },
  { id: 'act-done', type: 'plan.action-done', at: '2024-04-16', action: 'parenting course referral' },
  { id: 'rep-rev', type: 'reports.shared', at: '2024-05-28', for: 'rev', with: 'parent', complete: true },
  {
    id: 'rev',
    type: 'conference.held',
    at: '2024-06-05',
    kind: 'review',
    participants: agencies,
    views: [
      { by: 'police', view: 'continue-plan' },
      { by: 'health', view: 'continue-plan' },
    ],
    decision: 'continue-plan',
    decidedBy: 'consensus',
    category: 'neglect',
    reasons: because('bruising', 'neglect'),
    proportionality: true,
    advocate: 'offered',
  },
  { id: 'rev-minutes', type: 'outcome.shared', at: '2024-06-07', by: 'chair', of: 'rev', with: 'parent' },
];

// PLO path: concerns 8 Jan, parent told 9 Jan; neglect (a first-hand report) assessed
// substantiated 15 Jan; legal planning 22 Jan relies on evidence about each child;
// letter 24 Jan; meeting 5 Feb; review 29 Apr (12 weeks ≤ 16); ended 10 Jun (6 weeks
// after the review ≤ 16).
const ploPath = [
  { id: 'injury', type: 'concern.raised', at: '2024-01-08', by: 'health', children: ['A'], concern: 'injury', kind: 'physical-harm', basis: 'observed' },
  { id: 'neglect', type: 'concern.raised', at: '2024-01-08', by: 'school', children: ['B'], concern: 'neglect', kind: 'neglect', basis: 'reported' },
  { id: 'told-injury', type: 'outcome.shared', at: '2024-01-09', by: 'social-care', of: 'injury', with: 'parent' },
  { id: 'told-neglect', type: 'outcome.shared', at: '2024-01-09', by: 'social-care', of: 'neglect', with: 'parent' },
  // The threshold judgement rests on an assessment of the family (plo-before-assessment).
  { id: 'assessment', type: 'assessment.started', at: '2024-01-09', by: 'social-care', kind: 'child-and-family' },
  { id: 'neglect-assessed', type: 'concern.assessed', at: '2024-01-15', by: 'social-care', concern: 'neglect', finding: 'substantiated' },
  { id: 'assessed', type: 'assessment.completed', at: '2024-01-19', by: 'social-care', kind: 'child-and-family', conclusion: 'child-protection-concerns' },
  {
    id: 'lpm',
    type: 'legal.planning-meeting',
    at: '2024-01-22',
    by: 'legal',
    reliesOn: ['injury', 'neglect'],
    thresholdMet: true,
    decision: 'pre-proceedings',
    proportionality: true,
  },
  { id: 'letter', type: 'plo.letter-sent', at: '2024-01-24', by: 'social-care', explained: true, legalAidInfo: true, meetingInvite: true },
  { id: 'meeting', type: 'plo.meeting-held', at: '2024-02-05' },
  { id: 'review', type: 'plo.reviewed', at: '2024-04-29' },
  { id: 'ended', type: 'plo.ended', at: '2024-06-10', outcome: 'step-down' },
];

describe('compliant paths replay clean', () => {
  test('a fully compliant child-protection path in a full record gives no finding of any rule', () => {
    const r = run(childProtectionPath, { children: ['A', 'B'], completeness: 'record', asOf: '2024-07-01' });
    expect(r.findings).toEqual([]);
  });

  test('the compliant child-protection path does run the clocks it is meant to satisfy, and meets them in time', () => {
    const r = run(childProtectionPath, { children: ['A', 'B'], completeness: 'record', asOf: '2024-07-01' });
    const rules = new Set(r.deadlines.map((d) => d.rule));
    for (const rule of [
      'referral-decision-late',
      'assessment-late',
      'icpc-late',
      'parent-not-informed',
      'core-group-late',
      'review-conference-late',
      'plan-action-overdue',
      'minutes-not-shared',
    ]) {
      expect(rules, rule).toContain(rule);
    }
    expect(r.deadlines.filter((d) => d.status !== 'met' && d.status !== 'open')).toEqual([]);
    // Each child reaches a plan: the path is the normal one, not skipped by the machines.
    expect(r.timeline.at(-1)!.states.childProtection).toEqual({ A: 'plan', B: 'plan' });
  });

  test('a fully compliant PLO path in a full record gives no finding of any rule', () => {
    const r = run(ploPath, { children: ['A', 'B'], completeness: 'record', asOf: '2024-07-01' });
    expect(r.findings).toEqual([]);
  });

  test('the compliant PLO path does run the clocks it is meant to satisfy, and ends stepped down', () => {
    const r = run(ploPath, { children: ['A', 'B'], completeness: 'record', asOf: '2024-07-01' });
    const rules = new Set(r.deadlines.map((d) => d.rule));
    expect(rules).toContain('plo-overdue');
    expect(rules).toContain('parent-not-informed');
    // The decision's provisional 16 weeks give way to the configured start, the meeting.
    expect(r.deadlines.filter((d) => d.status === 'closed').map((d) => [d.rule, d.startedBy, d.closedBy])).toEqual([['plo-overdue', 'lpm', 'meeting']]);
    expect(r.deadlines.filter((d) => d.status !== 'met' && d.status !== 'open' && d.status !== 'closed')).toEqual([]);
    expect(r.timeline.at(-1)!.states.plo).toBe('steppedDown');
  });
});
