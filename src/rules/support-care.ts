/**
 * Support shared by the looked-after rules (care-plan-late, care-plan-stale-after-change,
 * lac-review-late, concern-not-responded): a child's care history from the events so far.
 *
 * A child is looked after from the day they become looked after on any basis — a
 * `looked-after.started` (s20 accommodation, an interim or final care order, police
 * protection, an EPO, remand, a placement order) or, where the source records only the order,
 * a `care-order.made` — until a `looked-after.ceased` or the discharge of the order that made
 * them looked after (CPPCR reg 33 counts the first review from that day; a final order after
 * an interim one starts nothing new).
 */
import type { DatedEvent } from '../schema/events.js';
import { type StepContext, eventChildren, seenOfTypes } from './kit.js';

/** What the events so far say of one child's time looked after (read from the state before the event). */
export interface CareHistory {
  /** The event by which the child became looked after in the current period, if looked after now. */
  start?: DatedEvent;
  /** The basis of the current period, where the source states it (a care order: `care-order`). */
  basis?: string;
  /** The care order in force (made and not since discharged), if any. */
  order?: DatedEvent;
  /** `lac-review.held` for the child in the current period. */
  reviewsSinceStart: number;
  /** A `care-plan.updated` for the child in the current period. */
  planSinceStart: boolean;
  /** A `care-plan.updated` for the child before the current period (or ever, if none) and after any earlier period. */
  planBeforeStart: boolean;
  /** Was the child looked after before the current period (or, if none, ever)? */
  earlierPeriod: boolean;
}

const TYPES = ['looked-after.started', 'looked-after.ceased', 'care-order.made', 'care-order.discharged', 'lac-review.held', 'care-plan.updated'] as const;

/** The child's care history from the events replayed so far, in listing order. */
export function careHistory(ctx: StepContext<unknown>, child: string): CareHistory {
  const h: CareHistory = { reviewsSinceStart: 0, planSinceStart: false, planBeforeStart: false, earlierPeriod: false };
  const end = () => {
    delete h.start;
    delete h.basis;
    delete h.order;
    h.reviewsSinceStart = 0;
    h.planSinceStart = false;
    h.planBeforeStart = false;
    h.earlierPeriod = true;
  };
  for (const e of seenOfTypes(ctx, TYPES)) {
    if (!eventChildren(e, ctx).includes(child)) continue;
    switch (e.type) {
      case 'looked-after.started':
        if (!h.start) {
          h.start = e;
          if (e.basis) h.basis = e.basis;
          h.reviewsSinceStart = 0;
          h.planSinceStart = false;
        } else if (e.basis && !h.basis) h.basis = e.basis;
        if (e.basis === 'care-order') h.order ??= e;
        break;
      case 'care-order.made':
        h.order ??= e;
        if (!h.start) {
          h.start = e;
          h.basis = 'care-order';
          h.reviewsSinceStart = 0;
          h.planSinceStart = false;
        }
        break;
      case 'care-order.discharged':
        // Discharging the order ends the period it began (a child accommodated otherwise stays looked after).
        if (h.start && (h.start.type === 'care-order.made' || h.basis === 'care-order' || h.basis === 'interim-care-order')) end();
        else delete h.order;
        break;
      case 'looked-after.ceased':
        if (h.start) end();
        break;
      case 'lac-review.held':
        if (h.start) h.reviewsSinceStart++;
        break;
      case 'care-plan.updated':
        if (h.start) h.planSinceStart = true;
        else h.planBeforeStart = true;
        break;
    }
  }
  return h;
}
