/**
 * plo-before-assessment
 *
 * Pre-proceedings (the Public Law Outline) is entered on a judgement that the threshold for
 * care proceedings may be met (Children Act 1989 s31(2); DfE, Court orders and
 * pre-proceedings, 2014): a judgement that rests on an assessment of the child and family,
 * or at least a strategy discussion of the concerns. The Ombudsman faulted a council that
 * entered the PLO before any assessment or strategy discussion (LGSCO 24 009 262, paras
 * 30-32, 78-80).
 *
 * Encoded: a `legal.planning-meeting` deciding on pre-proceedings, or (where no such meeting
 * is recorded) the first `plo.letter-sent` of an episode, with no `assessment.started`,
 * `assessment.completed` or `strategy.held` for any of the children before it — since the
 * earliest concern it relies on was raised, when it says. In a summary either may be
 * unrecorded: `possible`, unless an `omission` of `assessment.completed` (for the decision)
 * says none was done, or the source records assessments and strategy discussions in full.
 *
 * Not encoded: assessments by other agencies; the quality of the assessment.
 */
import type { DatedEvent } from '../schema/events.js';
import { type FindingDraft, type NoParams, type RuleDefinition, type StepContext, eventChildren, intersects, mapped, noParams, reliedConcerns, seenOfTypes, unstated } from './kit.js';

const BEFORE = new Set(['assessment.started', 'assessment.completed', 'strategy.held']);
/** The history each walk reads (a concern's `raisedBy` is a `concern.raised`). */
const EPISODE = ['plo.ended', 'plo.letter-sent', 'legal.planning-meeting'] as const;
const GROUNDS = ['concern.raised', 'assessment.started', 'assessment.completed', 'strategy.held'] as const;

/** Has the current PLO episode (since the latest `plo.ended`) already begun: a decision to enter pre-proceedings, or a letter? */
function episodeBegun(ctx: StepContext<NoParams>): boolean {
  let begun = false;
  for (const x of seenOfTypes(ctx, EPISODE)) {
    if (x.type === 'plo.ended') begun = false;
    else if (x.type === 'plo.letter-sent' || (x.type === 'legal.planning-meeting' && x.decision === 'pre-proceedings')) begun = true;
  }
  return begun;
}

export const ploBeforeAssessment: RuleDefinition<NoParams> = {
  id: 'plo-before-assessment',
  title: 'Pre-proceedings entered before any assessment or strategy discussion',
  severity: 'fault',
  citation: [
    { instrument: 'Children Act 1989', provision: 's31(2) (threshold)', url: 'https://www.legislation.gov.uk/ukpga/1989/41', confidence: 'V' },
    { instrument: 'DfE, Court orders and pre-proceedings for local authorities', provision: 'deciding to enter pre-proceedings', version: '2014', confidence: 'P' },
    { instrument: 'LGSCO report 24 009 262', provision: 'paras 30-32, 78-80', confidence: 'V' },
  ],
  firesWhen: 'pre-proceedings entered before any assessment or strategy discussion of the concerns relied on',
  notEncoded: "other agencies' assessments; the quality of the assessment",
  params: noParams,
  needs: { events: ['assessment.started', 'assessment.completed', 'strategy.held', 'legal.planning-meeting'] },
  appliesTo: ['legal.planning-meeting', 'plo.letter-sent'],
  check(e, ctx): FindingDraft[] {
    const entering = (e.type === 'legal.planning-meeting' && e.decision === 'pre-proceedings') || (e.type === 'plo.letter-sent' && !episodeBegun(ctx));
    if (!entering) return [];
    const children = eventChildren(e, ctx);
    const relied = e.type === 'legal.planning-meeting' ? reliedConcerns(e) : [];
    const raised = mapped(relied, (id) => ctx.state.concerns.get(id)?.raisedBy).filter((x): x is string => x !== undefined);
    // Before the decision: an assessment or strategy discussion of these children (since the earliest relied concern).
    let counting = raised.length === 0;
    let found: DatedEvent | undefined;
    for (const x of seenOfTypes(ctx, GROUNDS)) {
      if (raised.includes(x.id)) counting = true;
      if (counting && BEFORE.has(x.type) && intersects(eventChildren(x, ctx), children)) found = x;
    }
    if (found) return [];
    const omission = ctx.omitted('assessment.completed', e.id);
    const w = ctx.window(e.id);
    const certainty = omission ? 'certain' : unstated(ctx, ['assessment.started', 'assessment.completed', 'strategy.held'], { earliest: w.earliest, latest: w.latest });
    return [
      {
        certainty,
        children,
        events: [e.id, ...(omission ? [omission.id] : [])],
        message: `Pre-proceedings were entered (${e.id}) with no assessment or strategy discussion of the concerns ${omission ? 'before it' : 'recorded before it'}.`,
        ...(certainty === 'possible' ? { missing: [`an assessment or strategy discussion before ${e.id}`] } : {}),
        compliant: 'Assess the child and family (or hold a strategy discussion of the concerns) before deciding that the threshold for proceedings may be met.',
      },
    ];
  },
};
