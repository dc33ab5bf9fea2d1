/**
 * care-plan-late
 *
 * Care Planning, Placement and Case Review (England) Regulations 2010 reg 4: before a child
 * is first placed, or if that is not practicable within 10 working days of the start of the
 * first placement, the authority prepares the child's care plan (content: reg 5). Reg 4(2)
 * excludes children to whom Children Act 1989 s31A applies — a care order cannot be made
 * until the court has considered the s31A plan (s31(3A)) — so the duty is that of a child
 * accommodated under s20.
 *
 * Encoded: a `looked-after.started` with basis `s20`, for a child not looked after before in
 * the chronology (the first placement), starts the clock; a `care-plan.updated` for the child
 * meets it (one recorded before the placement, since any earlier period, meets it at once).
 * `looked-after.ceased` closes it; a plan already overdue then stays late. A care order starts
 * no clock. In a summary a late plan is at most `possible` (an unrecorded plan may have met it).
 *
 * Not encoded: the plan's content (reg 5) and agreement with the parents (reg 4(4)); short
 * breaks (reg 48); whether a placement was practicable before the plan.
 */
import { careHistory } from './support-care.js';
import { type ClockStart, type NoParams, type RuleDefinition, cppcr, eventChildren, intersects, noParams } from './kit.js';

export const carePlanLate: RuleDefinition<NoParams> = {
  id: 'care-plan-late',
  title: 'No care plan within {lac-care-plan} of the first placement of a child accommodated under s20',
  severity: 'breach',
  citation: [cppcr('reg 4(1)-(2) (care plan before the first placement, or within 10 working days; not for children to whom s31A applies)'), cppcr('reg 5 (content)')],
  firesWhen: 'no care plan within its timescale of the first placement of a child accommodated under s20 (a care order needs its s31A plan before the order, so it starts no such clock)',
  notEncoded: 'the plan’s content and agreement with the parents; short breaks; whether placing before the plan was practicable',
  params: noParams,
  timescales: ['lac-care-plan'],
  needs: { events: ['looked-after.started', 'care-plan.updated'], fields: { 'looked-after.started': ['basis'] } },
  clock: {
    label: 'care plan within {lac-care-plan} of the first placement (s20)',
    metBy: ['care-plan.updated'],
    earlierUnrecordedMayMeet: 'care-plan.updated',
    startsOn: ['looked-after.started'],
    closesOn: ['looked-after.ceased'],
    lateIfClosedAfterDue: true,
    starts: (e, ctx) => {
      if (e.type !== 'looked-after.started' || e.basis !== 's20') return [];
      const clocks: ClockStart[] = [];
      for (const child of eventChildren(e, ctx)) {
        const h = careHistory(ctx, child);
        // Already looked after, or looked after before: not the first placement.
        if (h.start || h.earlierPeriod) continue;
        clocks.push({
          key: `${e.id}:${child}`,
          children: [child],
          startEvent: e.id,
          anchor: e.id,
          due: { kind: 'timescale', timescale: 'lac-care-plan' },
          // A plan made before the placement meets the duty at once.
          ...(h.planBeforeStart ? { metNow: true } : {}),
        });
      }
      return clocks;
    },
    meets: (e, clock, ctx) => e.type === 'care-plan.updated' && intersects(eventChildren(e, ctx), clock.children),
    closes: (e, clock, ctx) => e.type === 'looked-after.ceased' && intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, ctx, met) => {
      const n = ctx.timescaleText('lac-care-plan', ctx.window(clock.anchor).earliest);
      return met
        ? `The care plan (${met.id}) was made more than ${n} after the first placement under s20 (${clock.startEvent}).`
        : `No care plan is recorded within ${n} of the first placement under s20 (${clock.startEvent}).`;
    },
  },
};
