/**
 * decision-on-procedural-status
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date): a conference decides on a child protection plan on
 * whether the child is likely to suffer significant harm, judged on the evidence. A
 * procedural status — "the PLO is in place", proceedings, an existing plan — is not
 * such evidence. Fires when a conference's recorded reasons for a plan are procedural
 * status alone. Where no reasons are recorded the rule says nothing (reasons are
 * commonly left out of summaries and nothing suggests this fault in particular).
 * Enforceable: a live system can refuse such a decision.
 *
 * Not encoded: the category of abuse (cp-category), the chair's casting role.
 */
import { eventChildren, isPlanDecision, noParams, type NoParams, type RuleDefinition, wt } from './kit.js';

const STATUS_TEXT = { plo: 'the PLO was in place', proceedings: 'proceedings were under way', 'existing-plan': 'a plan already existed' } as const;

export const decisionOnProceduralStatus: RuleDefinition<NoParams> = {
  id: 'decision-on-procedural-status',
  title: 'Conference decision on procedural status alone',
  severity: 'fault',
  citation: wt('conference decision: likely significant harm'),
  firesWhen: 'a conference decision whose reasons are procedural status alone (e.g. "PLO is in place") rather than evidence of likely significant harm',
  notEncoded: 'the category of abuse; how the chair weighed a split',
  params: noParams,
  needs: { events: ['conference.held'], fields: { 'conference.held': ['reasons'] } },
  enforceable: true,
  appliesTo: ['conference.held'],
  check(e, ctx) {
    if (e.type !== 'conference.held' || !isPlanDecision(e) || !e.reasons?.length) return [];
    const substantive = e.reasons.filter((r) => r.basis === 'concern' || r.basis === 'non-engagement');
    if (substantive.length) return [];
    const statuses = e.reasons.flatMap((r) => (r.basis === 'procedural-status' ? [STATUS_TEXT[r.status]] : []));
    if (statuses.length === 0) return [];
    return [
      {
        certainty: 'certain',
        children: eventChildren(e, ctx),
        events: [e.id],
        message: `The conference decided on ${e.decision === 'plan' ? 'child protection plans' : 'continuing the plans'} because ${statuses.join(' and ')}; its reasons cite no evidence of likely significant harm.`,
        compliant: 'Decide on the evidence of likely significant harm to each child; a procedural status is not a reason. If the threshold is not met, make no plan.',
      },
    ];
  },
};
