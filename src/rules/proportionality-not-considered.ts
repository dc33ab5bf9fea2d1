/**
 * proportionality-not-considered
 *
 * Human Rights Act 1998 s6 and Sch. 1 art. 8: intervening in family life must be
 * necessary and proportionate, and a council shows due regard by considering the
 * impact of its decisions on the family (LGSCO 24 009 262 paras 16, 109). Fires on an
 * intrusive step — a decision for the PLO or proceedings, a child protection plan,
 * issuing proceedings — with `proportionality: false`; when not recorded, at most
 * `possible`.
 *
 * Not encoded: whether the interference was in fact proportionate (a court's question).
 */
import { cite, eventChildren, noParams, type NoParams, type RuleDefinition, unstated } from './kit.js';

export const proportionalityNotConsidered: RuleDefinition<NoParams> = {
  id: 'proportionality-not-considered',
  title: 'Intrusive step with no recorded Article 8 consideration',
  severity: 'fault',
  citation: cite('HRA98', 's6 and Sch. 1 art. 8 (respect for family life)', 'V'),
  firesWhen: 'an intrusive step (PLO, CP plan, proceedings) with no recorded Article 8 consideration',
  notEncoded: 'whether the step was in fact proportionate',
  params: noParams,
  needs: { events: ['legal.planning-meeting', 'conference.held', 'proceedings.issued'], fields: { 'legal.planning-meeting': ['proportionality'], 'conference.held': ['proportionality'], 'proceedings.issued': ['proportionality'] } },
  appliesTo: ['legal.planning-meeting', 'conference.held', 'proceedings.issued'],
  check(e, ctx) {
    let step: string | undefined;
    let value: boolean | undefined;
    if (e.type === 'legal.planning-meeting' && (e.decision === 'pre-proceedings' || e.decision === 'issue-proceedings')) {
      step = e.decision === 'pre-proceedings' ? 'the decision to start the PLO' : 'the decision to issue proceedings';
      value = e.proportionality;
    } else if (e.type === 'conference.held' && (e.decision === 'plan' || e.decision === 'continue-plan')) {
      step = e.decision === 'plan' ? 'the decision on child protection plans' : 'the decision to continue the plans';
      value = e.proportionality;
    } else if (e.type === 'proceedings.issued') {
      step = 'issuing proceedings';
      value = e.proportionality;
    }
    if (step === undefined || value === true) return [];
    const children = eventChildren(e, ctx);
    const compliant = 'Record how the step affects the family’s private and family life and why it is necessary and proportionate.';
    if (value === false) {
      return [{ certainty: 'certain', children, events: [e.id], message: `No consideration of the impact on family life (Article 8) was recorded for ${step}.`, compliant }];
    }
    return [
      {
        certainty: unstated(ctx),
        children,
        events: [e.id],
        message: `The source does not say whether the impact on family life (Article 8) was considered for ${step}.`,
        missing: [`proportionality of ${e.id}`],
        compliant,
      },
    ];
  },
};
