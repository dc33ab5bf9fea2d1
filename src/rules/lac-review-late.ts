/**
 * lac-review-late
 *
 * Care Planning, Placement and Case Review (England) Regulations 2010 reg 33(1)-(2): the
 * first review of a looked-after child's case within 20 working days of the day the
 * child becomes looked after; the second not more than 3 months after the first; later
 * ones not more than 6 months after the previous one. Reg 33(3): a review may (and on
 * some triggers must) come earlier, and the next is then counted from it.
 *
 * Encoded, per child: a `care-order.made` for a child not already in care starts the
 * 20-working-day clock; each `lac-review.held` meets the open clock and starts the next
 * from its own actual date: 3 months after the first review since the order, 6 months
 * after any later one. A review is not taken as the first (6 months follow it) when no
 * care order is recorded before it, or, in a summary without an `omission` of reviews
 * for the order, when it was certainly later than the first review was due (the summary
 * may leave earlier reviews out). A `lac-review.postponed` neither meets nor moves the
 * clock. Closed by `care-order.discharged`; a review already overdue then stays late.
 * In a summary a late review is at most `possible`: an unrecorded review may have come
 * first (settled by an `omission` of `lac-review.held` for the clock's start).
 *
 * Not encoded: becoming looked after other than by a care order (s20, remand); the
 * reg 33(3) triggers for an early review; the IRO's part (CA 1989 s25A-25B).
 */
import { judge } from '../engine/clocks.js';
import type { ClockStart, RuleDefinition, StepContext } from '../engine/types.js';
import { cppcr } from '../law/citations.js';
import { careHistory } from './support-care.js';
import { eventChildren, intersects, noParams, type NoParams } from './support.js';

const LIMIT: Record<string, string> = {
  'lac-review-first': 'working days of the care order',
  'lac-review-second': 'months of the first review',
  'lac-review-next': 'months of the previous review',
};

/**
 * Is a review, the first recorded since the order, the first review held? In a record,
 * yes. In a summary, only if it may have been on time: a first recorded review certainly
 * past the 20 working days may follow reviews the summary leaves out (Mrs B's case
 * records none between the 2019 order and 2023), so the next is given the longer,
 * 6-month interval rather than a 3-month one the source does not show applies.
 */
function mayBeFirst(review: string, order: string, ctx: StepContext<NoParams>): boolean {
  if (ctx.chronology.completeness === 'record' || ctx.omitted('lac-review.held', order)) return true;
  const { dates } = ctx.chronology;
  return judge(dates, dates.indexOf(order)!, { node: dates.indexOf(review)! }, (a) => ctx.deadline('lac-review-first', a)).late !== 'certain';
}

export const lacReviewLate: RuleDefinition<NoParams> = {
  id: 'lac-review-late',
  title: 'Looked-after review later than 20 working days, then 3 months, then 6 months',
  severity: 'breach',
  citation: cppcr('reg 33(1)-(2) (timing of reviews)'),
  firesWhen: 'a looked-after review later than its timescale',
  notEncoded: 'becoming looked after other than by a care order; early-review triggers; the IRO’s part',
  params: noParams,
  timescales: ['lac-review-first', 'lac-review-second', 'lac-review-next'],
  clock: {
    label: 'looked-after review within 20 working days of the care order, 3 months of the first review, then 6 months',
    metBy: ['lac-review.held'],
    earlierUnrecordedMayMeet: 'lac-review.held',
    startsOn: ['care-order.made', 'lac-review.held'],
    closesOn: ['care-order.discharged'],
    lateIfClosedAfterDue: true,
    starts: (e, ctx) => {
      if (e.type !== 'care-order.made' && e.type !== 'lac-review.held') return [];
      const clocks: ClockStart[] = [];
      for (const child of eventChildren(e, ctx)) {
        const h = careHistory(ctx, child);
        let timescale: string;
        if (e.type === 'care-order.made') {
          if (h.order) continue; // already in care: no new period, no new first review
          timescale = 'lac-review-first';
        } else timescale = h.order && h.reviewsSinceOrder === 0 && mayBeFirst(e.id, h.order.id, ctx) ? 'lac-review-second' : 'lac-review-next';
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
    closes: (e, clock, ctx) => e.type === 'care-order.discharged' && intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, ctx, met) => {
      const id = String(clock.data?.['timescale'] ?? 'lac-review-next');
      const limit = `${ctx.timescale(id, ctx.window(clock.anchor).earliest)} ${LIMIT[id]}`;
      return met
        ? `The looked-after review (${met.id}) was not held within ${limit} (${clock.startEvent}).`
        : `No looked-after review is recorded within ${limit} (${clock.startEvent}).`;
    },
  },
};
