/**
 * cin-plan-beside-cp-plan
 *
 * A child protection plan replaces a child-in-need plan: the child's needs are then met under
 * the protection plan, and the child-in-need plan ends when the protection plan starts
 * (Working Together ch. 1 (2018) / ch. 3 (2023), the child protection plan; the DfE's
 * Children in Need census treats a CIN plan running alongside a CP plan as a data error,
 * validation rules 4001 and 4003). No statutory duty is broken by the overlap itself, so the
 * rule is advisory: a plan left running is a sign the case record, and perhaps the support,
 * has not been brought into line.
 *
 * Encoded: a child protection plan starting (an initial conference deciding `plan`) while the
 * child's child-in-need plan is running starts a clock met by `cin-plan.ended` for the child,
 * due that day; a `cin-plan.started` while the child is on a protection plan is a finding at
 * once. An imported census reports the same overlap as an import diagnostic instead.
 *
 * Not encoded: a CIN plan kept briefly for a hand-over the source explains.
 */
import { type ClockStart, type FindingDraft, type NoParams, type RuleDefinition, conferenceKind, eventChildren, intersects, noParams, wt } from './kit.js';

export const cinPlanBesideCpPlan: RuleDefinition<NoParams> = {
  id: 'cin-plan-beside-cp-plan',
  title: 'A child-in-need plan left running beside a child protection plan',
  severity: 'advisory',
  citation: [wt('child protection plan', 'P'), { instrument: 'DfE, Children in Need census guide', provision: 'validation rules 4001 and 4003 (a CIN plan overlapping a CP plan)', confidence: 'P' }],
  firesWhen: 'a child-in-need plan left running while a child protection plan is in force',
  notEncoded: 'a hand-over the source explains',
  params: noParams,
  needs: { events: ['cin-plan.started', 'cin-plan.ended', 'conference.held'] },
  appliesTo: ['cin-plan.started'],
  check(e, ctx): FindingDraft[] {
    if (e.type !== 'cin-plan.started') return [];
    const onPlan = eventChildren(e, ctx).filter((c) => ctx.state.machine('child-protection', c) === 'plan');
    if (!onPlan.length) return [];
    return [
      {
        certainty: 'certain',
        children: onPlan,
        events: [e.id],
        message: `A child-in-need plan was started (${e.id}) while a child protection plan was in force.`,
        compliant: 'Meet the child’s needs under the child protection plan; start a child-in-need plan when the protection plan ends, if still needed.',
      },
    ];
  },
  clock: {
    label: 'child-in-need plan ended when the child protection plan began',
    metBy: ['cin-plan.ended'],
    startsOn: ['conference.held'],
    starts: (e, ctx) => {
      if (e.type !== 'conference.held' || e.decision !== 'plan') return [];
      return eventChildren(e, ctx).flatMap((child): ClockStart[] => {
        const k = conferenceKind(e, ctx, child);
        if (ctx.state.machine('cin-plan', child) !== 'onPlan' || k?.kind !== 'initial') return [];
        return [
          {
            key: `${e.id}:${child}`,
            children: [child],
            startEvent: e.id,
            anchor: e.id,
            due: { kind: 'fixed' },
            ...(k.assumed ? { unsettled: `the kind of conference ${e.id} (taken to be the initial conference)` } : {}),
          },
        ];
      });
    },
    meets: (e, clock, ctx) => e.type === 'cin-plan.ended' && intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, _ctx, met) =>
      met
        ? `The child-in-need plan ran on (until ${met.id}) after the child protection plan began (${clock.startEvent}).`
        : `The child-in-need plan is not recorded as ended when the child protection plan began (${clock.startEvent}).`,
  },
};
