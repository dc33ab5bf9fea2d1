/**
 * assessment-late
 *
 * Working Together 2023 ch. 3: a child and family assessment is completed within
 * 45 working days of the referral (a maximum, not a target; counted from the
 * referral, not from allocation). The clock opens when an assessment is decided or
 * started (or completed with no start recorded), counted from the child's latest
 * referral, and stops at `assessment.completed`.
 *
 * Not encoded: recorded reasons for exceeding 45 days (guidance lets a manager agree
 * it; casepath still flags it); assessments of other kinds.
 */
import { cite } from '../law/citations.js';
import type { DatedEvent, EventOf } from '../schema/events.js';
import type { ClockStart, RuleDefinition, StepContext } from '../engine/types.js';
import { eventChildren, intersects, noParams, type NoParams, seenOfType } from './support.js';

function latestReferral(ctx: StepContext<unknown>, children: string[]): EventOf<'referral.received'> | undefined {
  const referrals = seenOfType(ctx, 'referral.received');
  for (let i = referrals.length - 1; i >= 0; i--) {
    const r = referrals[i]!;
    if (intersects(r.children ?? ctx.chronology.children, children)) return r;
  }
  return undefined;
}

function opens(e: DatedEvent): boolean {
  return (
    e.type === 'assessment.started' ||
    e.type === 'assessment.completed' ||
    (e.type === 'referral.decided' && e.outcome === 'assessment')
  );
}

export const assessmentLate: RuleDefinition<NoParams> = {
  id: 'assessment-late',
  title: 'Child and family assessment over 45 working days',
  severity: 'breach',
  citation: cite('WT23', 'ch. 3 (assessment within 45 working days of referral)', 'V'),
  firesWhen: 'a child and family assessment not completed within its timescale of the referral',
  notEncoded: 'a manager-agreed extension with recorded reasons',
  params: noParams,
  timescales: ['cf-assessment'],
  clock: {
    label: 'assessment completed within 45 working days of referral',
    metBy: ['assessment.completed'],
    startsOn: ['assessment.started', 'assessment.completed', 'referral.decided'],
    starts: (e, ctx): ClockStart[] => {
      if (!opens(e)) return [];
      const children = eventChildren(e, ctx);
      const referral = latestReferral(ctx, children);
      const anchor = referral?.id ?? e.id;
      // Counted from the referral for the children it concerned (an assessment may take in a sibling it did not name).
      const referred = referral?.children;
      const start: ClockStart = {
        key: `assessment:${anchor}`,
        children: referred ? children.filter((c) => referred.includes(c)) : children,
        startEvent: anchor,
        anchor,
        due: { kind: 'timescale', timescale: 'cf-assessment' },
      };
      // Completed with no assessment clock ever started for this referral: it meets its own clock.
      if (e.type === 'assessment.completed') start.metNow = true;
      return [start];
    },
    meets: (e, clock, ctx) =>
      e.type === 'assessment.completed' && intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, ctx, met) =>
      met
        ? `The child and family assessment (${met.id}) was completed more than ${ctx.timescale('cf-assessment', ctx.window(clock.anchor).earliest)} working days after the referral (${clock.startEvent}).`
        : `No child and family assessment is recorded as completed within ${ctx.timescale('cf-assessment', ctx.window(clock.anchor).earliest)} working days of the referral (${clock.startEvent}).`,
  },
};
