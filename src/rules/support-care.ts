/**
 * Support shared by the looked-after rules (care-plan-late, care-plan-stale-after-change,
 * lac-review-late, concern-not-responded): a child's care history from the events so far.
 */
import type { DatedEvent } from '../schema/events.js';
import type { StepContext } from '../engine/types.js';
import { eventChildren } from './support.js';

/** What the events so far say of one child's time in care (read from the state before the event). */
export interface CareHistory {
  /** The `care-order.made` in force (made and not since discharged), if any. */
  order?: DatedEvent;
  /** `lac-review.held` for the child since that order. */
  reviewsSinceOrder: number;
  /** A `care-plan.updated` for the child since the last discharge (or ever, if none). */
  planSinceDischarge: boolean;
  /** A `care-plan.updated` for the child since the order in force. */
  planSinceOrder: boolean;
}

/**
 * The child's care history from the events replayed so far, in listing order. Shared by
 * the looked-after rules (care-plan-late, care-plan-stale-after-change, lac-review-late,
 * concern-not-responded); a second `care-order.made` while one is in force changes nothing.
 */
export function careHistory(ctx: StepContext<unknown>, child: string): CareHistory {
  const h: CareHistory = { reviewsSinceOrder: 0, planSinceDischarge: false, planSinceOrder: false };
  for (const e of ctx.state.seen.values()) {
    if (e.type !== 'care-order.made' && e.type !== 'care-order.discharged' && e.type !== 'lac-review.held' && e.type !== 'care-plan.updated') continue;
    if (!eventChildren(e, ctx).includes(child)) continue;
    switch (e.type) {
      case 'care-order.made':
        if (!h.order) {
          h.order = e;
          h.reviewsSinceOrder = 0;
          h.planSinceOrder = false;
        }
        break;
      case 'care-order.discharged':
        delete h.order;
        h.reviewsSinceOrder = 0;
        h.planSinceDischarge = false;
        h.planSinceOrder = false;
        break;
      case 'lac-review.held':
        if (h.order) h.reviewsSinceOrder++;
        break;
      case 'care-plan.updated':
        h.planSinceDischarge = true;
        if (h.order) h.planSinceOrder = true;
        break;
    }
  }
  return h;
}

