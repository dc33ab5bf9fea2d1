/**
 * explained-absence-as-non-engagement
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date) (working with parents) and the Ombudsman's findings in
 * cases such as 24 009 262 (para 49): a missed appointment that had a given reason,
 * such as illness, is not evidence of non-engagement or "disguised compliance". Fires
 * when a decision's non-engagement reason cites a missed appointment with a reason.
 *
 * Not encoded: whether the parent told the agency beforehand (`notified`) changes
 * nothing here; repeated unexplained absences are not judged.
 */
import type { Reason } from '../schema/events.js';
import { eventChildren, type FindingDraft, mapped, noParams, type NoParams, type RuleDefinition, wt } from './kit.js';

export const explainedAbsenceAsNonEngagement: RuleDefinition<NoParams> = {
  id: 'explained-absence-as-non-engagement',
  title: 'An explained absence treated as non-engagement',
  severity: 'fault',
  citation: [wt('working with parents'), { instrument: 'LGSCO report 24 009 262', provision: 'para 49' }],
  firesWhen: 'non-engagement relied upon where the cited missed appointments had a given reason',
  notEncoded: 'patterns of unexplained absence',
  params: noParams,
  appliesTo: ['strategy.held', 'conference.held'],
  check(e, ctx): FindingDraft[] {
    const reasons = (e as { reasons?: Reason[] }).reasons ?? [];
    const explained: string[] = [];
    for (const r of reasons) {
      if (r.basis !== 'non-engagement') continue;
      // Non-engagement relied on with no appointments named: nothing to weigh.
      for (const id of r.evidence ?? []) {
        const ev = ctx.state.seen.get(id);
        if (ev?.type === 'appointment.missed' && ev.reason !== undefined) explained.push(id);
      }
    }
    if (explained.length === 0) return [];
    const why = [...new Set(mapped(explained, (id) => (ctx.state.seen.get(id) as { reason?: string }).reason!))];
    return [
      {
        certainty: 'certain',
        children: eventChildren(e, ctx),
        events: [e.id, ...explained],
        message: `Non-engagement was relied on, but the missed appointment${explained.length > 1 ? 's' : ''} cited had a given reason (${why.join(', ')}).`,
        compliant: 'Treat an explained absence as explained; ask the parent, and rebook, before reading it as non-engagement.',
      },
    ];
  },
};
