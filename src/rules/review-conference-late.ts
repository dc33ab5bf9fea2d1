/**
 * review-conference-late
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date) (as quoted by Sussex CP procedures 5.5): the first
 * review conference is held within 3 months of the initial conference, later ones
 * within 6 months of the previous review. Each review, early or not, restarts the
 * clock from its actual date; a review that ends the plan stops it.
 *
 * Not encoded: the local extra for unborn children (first review within 10 working
 * days of birth).
 */
import { eventChildren, intersects, noParams, type NoParams, type RuleDefinition, wt, type ClockStart, conferenceKind } from './kit.js';

export const reviewConferenceLate: RuleDefinition<NoParams> = {
  id: 'review-conference-late',
  title: 'Review conference later than {review-conference-first} (first) or {review-conference-next} (then)',
  severity: 'breach',
  citation: wt('review conferences: 3 months, then 6 months', 'V'),
  firesWhen: 'a review conference later than its timescale (first, then subsequent)',
  notEncoded: 'unborn children’s first review',
  params: noParams,
  timescales: ['review-conference-first', 'review-conference-next'],
  needs: { events: ['conference.held'] },
  clock: {
    label: 'review conference within {review-conference-first} of the ICPC, then {review-conference-next}',
    metBy: ['conference.held'],
    startsOn: ['conference.held'],
    starts: (e, ctx) => {
      if (e.type !== 'conference.held') return [];
      return eventChildren(e, ctx).flatMap((child): ClockStart[] => {
        const k = conferenceKind(e, ctx, child);
        if (!k) return [];
        const initial = k.kind === 'initial';
        // A decision left unstated at a review: the plan goes on unless the source says it ended.
        const keeps = initial ? e.decision === 'plan' : e.decision !== 'end-plan' && e.decision !== 'no-plan';
        if (!keeps) return [];
        return [
          {
            key: `${e.id}:${child}`,
            children: [child],
            startEvent: e.id,
            anchor: e.id,
            due: { kind: 'timescale', timescale: initial ? 'review-conference-first' : 'review-conference-next' },
            ...(k.assumed ? { unsettled: `the kind of conference ${e.id} (taken to be ${initial ? 'the initial conference' : 'a review'})` } : {}),
          },
        ];
      });
    },
    meets: (e, clock, ctx) => {
      if (e.type !== 'conference.held' || !intersects(eventChildren(e, ctx), clock.children)) return false;
      const k = conferenceKind(e, ctx, clock.children[0]!);
      if (!k || k.kind === 'initial') return false;
      return k.assumed ? { doubt: `the kind of conference ${e.id} (taken to be a review)` } : true;
    },
    lateMessage: (clock, _ctx, met) =>
      met
        ? `The review conference (${met.id}) was held later than its timescale after ${clock.startEvent}.`
        : `No review conference is recorded within its timescale after ${clock.startEvent}.`,
  },
};
