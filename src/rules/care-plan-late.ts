/**
 * care-plan-late
 *
 * Care Planning, Placement and Case Review (England) Regulations 2010 reg 4(2): a
 * looked-after child's care plan is prepared before the authority first places the
 * child or, if that is not practicable, within 10 working days of the start of the
 * first placement; reg 5 sets its content. For a child under a care order the plan is
 * the one Children Act 1989 s31A asks for while the application is pending, so it
 * should exist when the order is made.
 *
 * Encoded: a `care-order.made` for a child not already in care starts the clock, counted
 * from the order (the vocabulary has no "placement" event; a child in care is placed from
 * the order, and a later `living-arrangement.changed` is a change of placement, the
 * business of care-plan-stale-after-change). Met by `care-plan.updated` for the child.
 * A care plan recorded before the order (since any earlier discharge) meets it at once:
 * no clock. Closed by `care-order.discharged`; a plan already overdue then stays late.
 * In a summary a late plan is at most `possible`: summaries that start years into care
 * seldom record the first plan, so an unrecorded earlier one may have met the clock.
 *
 * Not encoded: accommodation under s20 (no event in the vocabulary) and its reg 4(1)
 * plan; interim care orders; `proceedings.concluded` with `order: care` (record a
 * `care-order.made`); the plan's content (reg 5) and agreement with the parents (reg 4(4)).
 */
import type { RuleDefinition } from '../engine/types.js';
import { cppcr } from '../law/citations.js';
import { eventChildren, intersects, noParams, type NoParams } from './support.js';
import { careHistory } from './support-care.js';

export const carePlanLate: RuleDefinition<NoParams> = {
  id: 'care-plan-late',
  title: 'No care plan within 10 working days of the care order',
  severity: 'breach',
  citation: [cppcr('reg 4(2) (care plan before the first placement, or within 10 working days)'), cppcr('reg 5 (content)'), { instrument: 'Children Act 1989', provision: 's31A (care plan for a care order)', url: 'https://www.legislation.gov.uk/ukpga/1989/41', confidence: 'V' }],
  firesWhen: 'no care plan within its timescale of a placement or care order',
  notEncoded: 'accommodation under s20; interim care orders; the plan’s content and agreement with the parents',
  params: noParams,
  timescales: ['lac-care-plan'],
  clock: {
    label: 'care plan within 10 working days of the care order',
    metBy: ['care-plan.updated'],
    earlierUnrecordedMayMeet: 'care-plan.updated',
    startsOn: ['care-order.made'],
    closesOn: ['care-order.discharged'],
    lateIfClosedAfterDue: true,
    starts: (e, ctx) => {
      if (e.type !== 'care-order.made') return [];
      return eventChildren(e, ctx)
        .filter((child) => {
          const h = careHistory(ctx, child);
          return !h.order && !h.planSinceDischarge;
        })
        .map((child) => ({
          key: `${e.id}:${child}`,
          children: [child],
          startEvent: e.id,
          anchor: e.id,
          due: { kind: 'timescale' as const, timescale: 'lac-care-plan' },
        }));
    },
    meets: (e, clock, ctx) => e.type === 'care-plan.updated' && intersects(eventChildren(e, ctx), clock.children),
    closes: (e, clock, ctx) => e.type === 'care-order.discharged' && intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, ctx, met) => {
      const n = ctx.timescale('lac-care-plan', ctx.window(clock.anchor).earliest);
      return met
        ? `The care plan (${met.id}) was made more than ${n} working days after the care order (${clock.startEvent}).`
        : `No care plan is recorded within ${n} working days of the care order (${clock.startEvent}).`;
    },
  },
};
