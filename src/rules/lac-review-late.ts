/**
 * lac-review-late
 *
 * Care Planning, Placement and Case Review (England) Regulations 2010 reg 33: the first review
 * of a looked-after child's case within 20 working days of the day the child becomes looked
 * after — on any basis: s20 accommodation, an interim or final care order, police protection,
 * an emergency protection order, remand — the second within 3 months of the first, and each
 * later one within 6 months of the one before. A final care order made while the child is
 * already looked after (under an interim order, say) starts nothing: it is the same period.
 *
 * Encoded: a `looked-after.started` (any basis) or a `care-order.made` for a child not already
 * looked after starts the first-review clock; each `lac-review.held` starts the next (3 months
 * after the first review, then 6). The period ends at `looked-after.ceased` or the discharge of
 * the order that began it. In a summary, a first recorded review certainly past the 20 working
 * days may follow reviews the summary leaves out, so the next is given the 6-month interval.
 * On a dataset whose coverage starts after the child became looked after, the first review
 * inside the window is not taken for the first review.
 *
 * Not encoded: early-review triggers (reg 33(3)); the IRO's part (CA 1989 s25A-25B);
 * postponements (`lac-review.postponed` is read by no rule).
 */
import { careHistory } from './support-care.js';
import { type ClockStart, type NoParams, type RuleDefinition, type StepContext, type TimescaleId, cppcr, eventChildren, intersects, noParams } from './kit.js';

const LIMIT: Record<'lac-review-first' | 'lac-review-second' | 'lac-review-next', string> = {
  'lac-review-first': 'of the child becoming looked after',
  'lac-review-second': 'of the first review',
  'lac-review-next': 'of the previous review',
};

/**
 * Is a review, the first recorded in the period, the first review held? In a record, yes,
 * unless the period began before the record does. In a summary, only if it may have been on
 * time (later reviews may be the ones a summary records).
 */
function mayBeFirst(review: string, start: string, ctx: StepContext<NoParams>): boolean {
  const coverage = ctx.chronology.coverage;
  if (coverage.kind === 'window' && ctx.window(start).earliest < coverage.from) return false;
  if (coverage.kind !== 'summary' || ctx.omitted('lac-review.held', start)) return true;
  return ctx.judge(start, { key: review }, (a) => ctx.deadline('lac-review-first', a)).late !== 'certain';
}

export const lacReviewLate: RuleDefinition<NoParams> = {
  id: 'lac-review-late',
  title: 'Looked-after review later than {lac-review-first} of becoming looked after, then {lac-review-second}, then {lac-review-next}',
  severity: 'breach',
  citation: cppcr('reg 33(1)-(2) (timing of reviews, from the day the child becomes looked after)'),
  firesWhen: 'a looked-after review later than its timescale',
  notEncoded: 'early-review triggers; the IRO’s part; postponements',
  params: noParams,
  timescales: ['lac-review-first', 'lac-review-second', 'lac-review-next'],
  needs: { events: ['lac-review.held'] },
  clock: {
    label: 'looked-after review within {lac-review-first} of becoming looked after, {lac-review-second} of the first review, then {lac-review-next}',
    metBy: ['lac-review.held'],
    earlierUnrecordedMayMeet: 'lac-review.held',
    startsOn: ['looked-after.started', 'care-order.made', 'lac-review.held'],
    closesOn: ['looked-after.ceased', 'care-order.discharged'],
    lateIfClosedAfterDue: true,
    starts: (e, ctx) => {
      if (e.type !== 'looked-after.started' && e.type !== 'care-order.made' && e.type !== 'lac-review.held') return [];
      const clocks: ClockStart[] = [];
      for (const child of eventChildren(e, ctx)) {
        const h = careHistory(ctx, child);
        let timescale: TimescaleId;
        if (e.type !== 'lac-review.held') {
          if (h.start) continue; // already looked after: the same period, no new first review
          timescale = 'lac-review-first';
        } else {
          if (!h.start) continue; // a review with no period recorded: a summary's gap, not a clock
          timescale = h.reviewsSinceStart === 0 && mayBeFirst(e.id, h.start.id, ctx) ? 'lac-review-second' : 'lac-review-next';
        }
        clocks.push({
          key: `${e.id}:${child}`,
          children: [child],
          startEvent: e.id,
          anchor: e.id,
          group: child,
          due: { kind: 'timescale', timescale },
          data: { timescale },
        });
      }
      return clocks;
    },
    meets: (e, clock, ctx) => e.type === 'lac-review.held' && intersects(eventChildren(e, ctx), clock.children),
    closes: (e, clock, ctx) => {
      if (!intersects(eventChildren(e, ctx), clock.children)) return false;
      if (e.type === 'looked-after.ceased') return true;
      if (e.type !== 'care-order.discharged') return false;
      // A discharge ends the period only if the order began it.
      const child = clock.children[0]!;
      const h = careHistory(ctx, child);
      return !h.start || h.start.type === 'care-order.made' || h.basis === 'care-order' || h.basis === 'interim-care-order';
    },
    lateMessage: (clock, ctx, met) => {
      const id = (clock.data?.['timescale'] ?? 'lac-review-next') as keyof typeof LIMIT;
      const limit = `${ctx.timescaleText(id, ctx.window(clock.anchor).earliest)} ${LIMIT[id]}`;
      return met
        ? `The looked-after review (${met.id}) was not held within ${limit} (${clock.startEvent}).`
        : `No looked-after review is recorded within ${limit} (${clock.startEvent}).`;
    },
  },
};
