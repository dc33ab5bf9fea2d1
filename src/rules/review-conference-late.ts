/**
 * review-conference-late
 *
 * Working Together 2023 ch. 3 (as quoted by Sussex CP procedures 5.5): the first
 * review conference is held within 3 months of the initial conference, later ones
 * within 6 months of the previous review. Each review, early or not, restarts the
 * clock from its actual date; a review that ends the plan stops it.
 *
 * Not encoded: the local extra for unborn children (first review within 10 working
 * days of birth).
 */
import { cite } from '../law/citations.js';
import type { RuleDefinition } from '../engine/types.js';
import { eventChildren, intersects, noParams, type NoParams } from './support.js';

export const reviewConferenceLate: RuleDefinition<NoParams> = {
  id: 'review-conference-late',
  title: 'Review conference later than 3 months (first) or 6 months (then)',
  severity: 'breach',
  citation: cite('WT23', 'ch. 3 (review conferences: 3 months, then 6 months)', 'V'),
  firesWhen: 'a review conference later than its timescale (first, then subsequent)',
  notEncoded: 'unborn children’s first review',
  params: noParams,
  timescales: ['review-conference-first', 'review-conference-next'],
  clock: {
    label: 'review conference within 3 months of the ICPC, then 6 months',
    metBy: ['conference.held'],
    startsOn: ['conference.held'],
    starts: (e, ctx) => {
      if (e.type !== 'conference.held') return [];
      const keeps = (e.kind === 'initial' && e.decision === 'plan') || (e.kind !== 'initial' && e.decision !== 'end-plan' && e.decision !== 'no-plan');
      if (!keeps) return [];
      const timescale = e.kind === 'initial' ? 'review-conference-first' : 'review-conference-next';
      return eventChildren(e, ctx).map((child) => ({
        key: `${e.id}:${child}`,
        children: [child],
        startEvent: e.id,
        anchor: e.id,
        due: { kind: 'timescale' as const, timescale },
      }));
    },
    meets: (e, clock, ctx) =>
      e.type === 'conference.held' && e.kind !== 'initial' && intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, _ctx, met) =>
      met
        ? `The review conference (${met.id}) was held later than its timescale after ${clock.startEvent}.`
        : `No review conference is recorded within its timescale after ${clock.startEvent}.`,
  },
};
