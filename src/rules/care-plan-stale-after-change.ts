/**
 * care-plan-stale-after-change
 *
 * Care Planning, Placement and Case Review (England) Regulations 2010 reg 6(1): the
 * authority keeps a looked-after child's care plan under review and revises it when
 * something has to change; reg 32(2): no significant change to the plan without first
 * considering it at a review, unless that is not reasonably practicable (reg 33(3):
 * reviews may be brought forward). No national timescale: the default, 20 working days
 * from the change, is a local parameter. LGSCO decision 23 016 429 (Mrs B) found fault
 * where, after significant changes in December 2022, the care plan was not updated
 * until June 2023.
 *
 * Encoded: a `living-arrangement.changed` (significant unless `significant: false`) for a
 * looked-after child (on any basis) starts a clock per child, met by `care-plan.updated`
 * for that child. One clock per child at a time: a further change while the plan is
 * already out of date adds no clock. No clock for:
 * - a change the source says the care plan provided for (`planned: true`, a casepath
 *   addition);
 * - the first placement: a change with no plan recorded since the child became looked
 *   after that certainly falls within the care-plan timescale of that day (care-plan-late
 *   covers that plan);
 * - a change taken to be planned: unless the source says (`planned: false`), one
 *   certainly within the timescale after a plan update recorded before it.
 * Where the dates allow either reading (the change possibly within either timescale),
 * the clock runs but its finding is at most `possible`, with the doubt in `missing`.
 * Closed when the child stops being looked after; a plan already overdue then stays late.
 * A recorded update is taken as the first after the change, so its lateness is as certain
 * as the dates; no update recorded is `possible` in a summary and `certain` in a record or
 * with an `omission` of `care-plan.updated` (best with `for: <change>`). The 20 working days
 * are a typical local value: a finding is at most `possible` unless the authority sets its own.
 *
 * Not encoded: changes of contact (`contact.changed`) and other significant changes to
 * the plan; whether a review considered the change first (reg 32(2)).
 */
import { careHistory } from './support-care.js';
import { type ClockStart, type NoParams, type RuleDefinition, type TimescaleId, cppcr, eventChildren, intersects, lgsco23016429, mapped, noParams, seenOfType } from './kit.js';

const TIMESCALE = 'lac-care-plan-after-change' satisfies TimescaleId;

export const carePlanStaleAfterChange: RuleDefinition<NoParams> = {
  id: 'care-plan-stale-after-change',
  title: 'Care plan not updated after a significant change of living arrangements',
  severity: 'fault',
  citation: [
    cppcr('reg 6(1) (keep the care plan under review and revise it)'),
    cppcr('reg 32(2), 33(3) (no significant change without a review)'),
    lgsco23016429('Analysis, Delays, item 2 (care plan not updated for eight months after a significant change)'),
  ],
  firesWhen: 'a significant change of living arrangement without a care-plan update within its timescale',
  notEncoded: 'changes of contact and other significant changes; whether a review considered the change first',
  params: noParams,
  timescales: [TIMESCALE, 'lac-care-plan'],
  needs: { events: ['living-arrangement.changed', 'care-plan.updated'] },
  clock: {
    label: 'care plan updated within {lac-care-plan-after-change} of a significant change of living arrangements',
    metBy: ['care-plan.updated'],
    startsOn: ['living-arrangement.changed'],
    closesOn: ['care-order.discharged', 'looked-after.ceased'],
    lateIfClosedAfterDue: true,
    starts: (e, ctx) => {
      if (e.type !== 'living-arrangement.changed' || e.significant === false || e.planned === true) return [];
      /** How surely the change falls within `timescale` of event `from`: for every date the source allows, some, or none. */
      const within = (from: string, timescale: TimescaleId) => ctx.judge(from, { key: e.id }, (a) => ctx.deadline(timescale, a)).late;
      const clocks: ClockStart[] = [];
      for (const child of eventChildren(e, ctx)) {
        const h = careHistory(ctx, child);
        if (!h.start) continue;
        const unsettled: string[] = [];
        // The first placement, before any plan: its plan is care-plan-late's business.
        if (!h.planSinceStart) {
          const afterPlanDue = within(h.start.id, 'lac-care-plan');
          if (!afterPlanDue) continue;
          if (afterPlanDue === 'possible') unsettled.push(`whether ${e.id} came after the first care plan (from ${h.start.id}) was due`);
        }
        // Unless the source says whether it was planned: a plan updated before the change,
        // the change within the timescale of it, is taken to have planned for it.
        const plans = e.planned === false ? [] : seenOfType(ctx, 'care-plan.updated').filter((p) => eventChildren(p, ctx).includes(child));
        const verdicts = mapped(plans, (p) => ({ p, late: within(p.id, TIMESCALE) }));
        if (verdicts.some((v) => v.late === undefined)) continue;
        const close = verdicts.find((v) => v.late === 'possible');
        if (close) unsettled.push(`whether ${e.id} came within the timescale of the plan update ${close.p.id} (so was planned for)`);
        clocks.push({
          key: `${e.id}:${child}`,
          children: [child],
          startEvent: e.id,
          anchor: e.id,
          group: child,
          due: { kind: 'timescale', timescale: TIMESCALE },
          ...(unsettled.length ? { unsettled: unsettled.join('; ') } : {}),
        });
      }
      return clocks;
    },
    meets: (e, clock, ctx) => e.type === 'care-plan.updated' && intersects(eventChildren(e, ctx), clock.children),
    closes: (e, clock, ctx) => {
      if (!intersects(eventChildren(e, ctx), clock.children)) return false;
      if (e.type === 'looked-after.ceased') return true;
      if (e.type !== 'care-order.discharged') return false;
      const h = careHistory(ctx, clock.children[0]!);
      return !h.start || h.start.type === 'care-order.made' || h.basis === 'care-order' || h.basis === 'interim-care-order';
    },
    lateMessage: (clock, ctx, met) => {
      const n = ctx.timescaleText(TIMESCALE, ctx.window(clock.anchor).earliest);
      return met
        ? `The care plan was updated (${met.id}) more than ${n} after the significant change of living arrangements (${clock.startEvent}).`
        : `No care-plan update is recorded within ${n} of the significant change of living arrangements (${clock.startEvent}).`;
    },
  },
};
