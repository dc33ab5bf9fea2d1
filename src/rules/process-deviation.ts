/**
 * process-deviation
 *
 * An event that the process does not allow where the child (or the case) stands:
 * an initial conference with no strategy discussion or s47 enquiry before it, a
 * review conference or core group with no plan, a pre-proceedings meeting with no
 * letter. The machines (machines/*.ts) decide what is allowed; this rule reports
 * their refusals and what would have been allowed. In a summary the missing step may
 * simply be unrecorded, so the finding is `possible`; in a full record, `certain`.
 *
 * Not encoded: steps the machines accept out of their usual order because summaries
 * skip them (an assessment with no recorded referral decision).
 */
import { EVENT_TYPES } from '../schema/events.js';
import { cite, type DeviationContext, isFullRecord, type FindingDraft, noParams, type NoParams, type RuleDefinition, unstated, wt, mapped } from './kit.js';

export const processDeviation: RuleDefinition<NoParams> = {
  id: 'process-deviation',
  title: 'A step the process does not allow at that point',
  severity: 'advisory',
  citation: [wt(), cite('PREPROC')],
  firesWhen: 'an event the child-protection or PLO process does not allow in the state the child or case is in',
  notEncoded: 'steps summaries commonly skip are allowed',
  params: noParams,
  appliesTo: EVENT_TYPES,
  check(e, ctx): FindingDraft[] {
    const { refusals } = ctx as typeof ctx & DeviationContext;
    if (!refusals.length) return [];
    // One finding per machine and state, covering the children refused there.
    const groups = new Map<string, { children: string[]; r: (typeof refusals)[number] }>();
    for (const r of refusals) {
      const key = `${r.process.id}:${r.state}`;
      const g = groups.get(key);
      if (g) {
        if (r.child) g.children.push(r.child);
      } else groups.set(key, { children: r.child ? [r.child] : [], r });
    }
    return mapped([...groups.values()], ({ children, r }) => {
      const where = r.process.describe(r.state);
      const allowed = r.process.allowedEvents(r.state);
      return {
        certainty: unstated(ctx),
        children: children.length ? children : (e.children ?? ctx.chronology.children),
        events: [e.id],
        message: `${e.type} is not a step the ${r.process.id} process allows from "${where.label}"${children.length ? ` (${children.join(', ')})` : ''}.`,
        compliant: `From "${where.label}" the process allows: ${allowed.join(', ') || 'nothing further'}.`,
        missing: isFullRecord(ctx) ? [] : ['an earlier step the source may not record'],
      };
    });
  },
};
