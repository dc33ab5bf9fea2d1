/**
 * s47-without-strategy
 *
 * Working Together to Safeguard Children (2013, 2015 and 2018 ch. 1; 2023 ch. 3): whenever
 * there is reasonable cause to suspect that a child is suffering, or likely to suffer,
 * significant harm, a strategy discussion is held — social care with the police and health
 * at least — and it is there that section 47 enquiries are decided on and planned (Children
 * Act 1989 s47). The Ombudsman regularly faults enquiries begun with no strategy discussion
 * (law-corrections review, 2026-12).
 *
 * Encoded: a `s47.started` for a child with no `strategy.held` for that child since the
 * child's latest referral (or at all, when no referral is recorded). In a summary a strategy
 * discussion may simply be unrecorded, so the finding is `possible`, unless an `omission` of
 * `strategy.held` says none was held, or the source records strategy discussions in full.
 * The ICPC clock then runs from the start of the enquiries (icpc-late).
 *
 * Not encoded: a strategy discussion held by another authority; emergency action taken first
 * with the discussion after (police protection, an EPO).
 */
import { type FindingDraft, type NoParams, type RuleDefinition, eventChildren, noParams, seenOfTypes, unstated, wt } from './kit.js';

/** The history the rule reads: referrals and strategy discussions, in listing order. */
const HISTORY = ['referral.received', 'strategy.held'] as const;

export const s47WithoutStrategy: RuleDefinition<NoParams> = {
  id: 's47-without-strategy',
  title: 'Section 47 enquiries with no strategy discussion before them',
  severity: 'breach',
  citation: [wt('strategy discussion before section 47 enquiries'), { instrument: 'Children Act 1989', provision: 's47(1)', url: 'https://www.legislation.gov.uk/ukpga/1989/41', confidence: 'V' }],
  firesWhen: 'section 47 enquiries with no strategy discussion before them',
  notEncoded: "another authority's strategy discussion; emergency action first",
  params: noParams,
  needs: { events: ['strategy.held', 's47.started'] },
  appliesTo: ['s47.started'],
  check(e, ctx): FindingDraft[] {
    if (e.type !== 's47.started') return [];
    // Per child: a strategy discussion for the child since the child's latest referral.
    const held = new Set<string>();
    for (const x of seenOfTypes(ctx, HISTORY)) {
      for (const c of eventChildren(x, ctx)) {
        if (x.type === 'referral.received') held.delete(c);
        else held.add(c);
      }
    }
    const children = eventChildren(e, ctx).filter((c) => !held.has(c));
    if (!children.length) return [];
    const omission = ctx.omitted('strategy.held', e.id);
    const certainty = omission ? 'certain' : unstated(ctx, ['strategy.held'], { earliest: ctx.window(e.id).earliest, latest: ctx.window(e.id).latest });
    return [
      {
        certainty,
        children,
        events: [e.id, ...(omission ? [omission.id] : [])],
        message: omission
          ? `Section 47 enquiries began (${e.id}) with no strategy discussion before them.`
          : `No strategy discussion is recorded before the section 47 enquiries (${e.id}).`,
        ...(certainty === 'possible' ? { missing: [`a strategy.held before ${e.id}`] } : {}),
        compliant: 'Hold a strategy discussion (social care, police and health) and decide there whether to start section 47 enquiries.',
      },
    ];
  },
};
