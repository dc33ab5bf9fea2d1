/**
 * complaint-recommendation-not-implemented
 *
 * Children Act 1989 Representations Procedure (England) Regulations 2006 regs 19-21 and the
 * statutory guidance Getting the Best from Complaints (DfES 2006): after a stage 2 response
 * or a review panel's recommendations the authority decides what it will do, and does it; the
 * Ombudsman repeatedly faults councils whose accepted stage 2 or 3 findings and
 * recommendations were not carried out (law-corrections review, 2026-12), as good
 * administration requires (LGSCO Principles: doing what it said it would do).
 *
 * Encoded: each recommendation of a `complaint.responded` (`recommendations`, a casepath
 * addition) starts a clock, met by `remedy.completed` naming it; due at its own date, or — the
 * response giving none — at a typical local default (three months), so a finding is at most
 * `possible` unless the authority sets its own value or the source says it was never done (an
 * `omission` of `remedy.completed` for the recommendation: then no value could make it met).
 *
 * Not encoded: recommendations the authority rejected with reasons; stage 1 outcomes.
 */
import { type NoParams, type RuleDefinition, cite, noParams, recommendationClocks } from './kit.js';

const RPR_URL = 'https://www.legislation.gov.uk/uksi/2006/1738/made';

export const complaintRecommendationNotImplemented: RuleDefinition<NoParams> = {
  id: 'complaint-recommendation-not-implemented',
  title: 'A complaint finding or recommendation not carried out',
  severity: 'fault',
  citation: [
    { instrument: 'Children Act 1989 Representations Procedure (England) Regulations 2006', provision: 'regs 19-21 (the authority’s response to the findings and recommendations)', url: RPR_URL, confidence: 'P' },
    { instrument: 'DfES, Getting the Best from Complaints', provision: 'implementing the outcome', version: '2006', confidence: 'P' },
    cite('LGSCO', 'doing what it said it would do', 'V'),
  ],
  firesWhen: 'a stage 2 or stage 3 finding or recommendation not carried out',
  notEncoded: 'recommendations rejected with reasons; stage 1 outcomes',
  params: noParams,
  timescales: ['complaint-recommendation-default'],
  needs: { events: ['complaint.responded', 'remedy.completed'] },
  clock: {
    label: 'complaint recommendation carried out by its due date',
    metBy: ['remedy.completed'],
    startsOn: ['complaint.responded'],
    starts: (e, ctx) => (e.type === 'complaint.responded' && e.outcome !== 'declined' ? recommendationClocks(e, ctx, 'complaint-recommendation-default') : []),
    meets: (e, clock) => e.type === 'remedy.completed' && e.recommendation === clock.data?.['recommendation'],
    lateMessage: (clock, _ctx, met) => {
      const action = clock.data?.['action'];
      const what = `The recommendation${action !== undefined ? ` "${action}"` : ''} (${clock.data?.['recommendation']}) of the complaint response ${clock.startEvent}`;
      return met ? `${what} was carried out (${met.id}) after its due date.` : `${what} is not recorded as carried out by its due date.`;
    },
  },
};
