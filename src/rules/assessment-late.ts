/**
 * assessment-late
 *
 * Working Together to Safeguard Children (2013, 2015 and 2018 ch. 1; 2023 ch. 3; a finding
 * cites the edition in force on its date): a child and family assessment is completed within
 * 45 working days of the referral — a maximum, not a target; where it takes longer, the
 * reasons are recorded. The single assessment and its 45 days came in with the 2013 edition:
 * a clock starting earlier has no limit here.
 *
 * Encoded: the clock opens when an assessment is decided, started, or completed with no
 * start recorded, and stops at `assessment.completed`. What it counts from is a parameter,
 * `anchor`: `referral-if-first` (default) counts the first assessment after a referral from
 * the referral, and a re-assessment within the same episode from its own start (the DfE's
 * census counts every assessment from its start: `start`); `referral` always from the latest
 * referral (casepath's earlier reading). A referral decided no further action or early help is
 * closed: a later assessment counts from its own start. An assessment completed late with its reasons
 * recorded (`delayReasons: true`, a casepath addition) is no finding: the guidance allows it.
 *
 * Not encoded: assessments of other kinds; who agreed the extension.
 */
import { z } from 'zod';
import type { DatedEvent, EventOf } from '../schema/events.js';
import { type ClockStart, type RuleDefinition, type StepContext, eventChildren, intersects, seenOfType, seenOfTypes, wt } from './kit.js';

/** What `sinceReferral` reads: the referral itself, then its decision and the assessments. */
const SINCE_REFERRAL = ['referral.received', 'referral.decided', 'assessment.started', 'assessment.completed'] as const;

const params = z.strictObject({
  /**
   * What the 45 working days count from: `referral-if-first` (default: the referral for the
   * first assessment after it, the assessment's own start for a later one), `referral` (always
   * the latest referral), or `start` (always the assessment's start, as the DfE census does).
   */
  anchor: z.enum(['referral-if-first', 'referral', 'start']).default('referral-if-first'),
});
type Params = z.output<typeof params>;

function latestReferral(ctx: StepContext<unknown>, children: string[]): EventOf<'referral.received'> | undefined {
  const referrals = seenOfType(ctx, 'referral.received');
  for (let i = referrals.length - 1; i >= 0; i--) {
    const r = referrals[i]!;
    if (intersects(r.children ?? ctx.chronology.children, children)) return r;
  }
  return undefined;
}

/**
 * What happened after `referral`, before this event, in one walk of the history: was it
 * closed without an assessment (decided no further action or early help — a later
 * assessment then answers something else and counts from its own start), and was an
 * assessment of these children already started or completed?
 */
function sinceReferral(ctx: StepContext<unknown>, referral: EventOf<'referral.received'>, children: string[]): { closed: boolean; assessed: boolean } {
  let after = false;
  let closed = false;
  let assessed = false;
  for (const e of seenOfTypes(ctx, SINCE_REFERRAL)) {
    if (e.id === referral.id) after = true;
    else if (!after) continue;
    else if (e.type === 'referral.decided' && (e.referral === undefined || e.referral === referral.id)) closed = e.outcome === 'no-further-action' || e.outcome === 'early-help';
    else if (!assessed && (e.type === 'assessment.started' || e.type === 'assessment.completed') && intersects(eventChildren(e, ctx), children)) assessed = true;
  }
  return { closed, assessed };
}

function opens(e: DatedEvent): boolean {
  return e.type === 'assessment.started' || e.type === 'assessment.completed' || (e.type === 'referral.decided' && e.outcome === 'assessment');
}

export const assessmentLate: RuleDefinition<Params> = {
  id: 'assessment-late',
  title: 'Child and family assessment over {cf-assessment}',
  severity: 'breach',
  citation: wt('assessment within 45 working days of referral', 'V'),
  firesWhen: 'a child and family assessment not completed within its timescale of the referral',
  notEncoded: 'assessments of other kinds; who agreed an extension',
  params,
  timescales: ['cf-assessment'],
  needs: { events: ['assessment.started', 'assessment.completed'] },
  clock: {
    label: 'assessment completed within {cf-assessment}',
    metBy: ['assessment.completed'],
    startsOn: ['assessment.started', 'assessment.completed', 'referral.decided'],
    starts: (e, ctx): ClockStart[] => {
      if (!opens(e)) return [];
      const children = eventChildren(e, ctx);
      const latest = latestReferral(ctx, children);
      const since = latest ? sinceReferral(ctx, latest, children) : undefined;
      const referral = latest && !since!.closed ? latest : undefined;
      const anchorMode = ctx.params.anchor;
      // Counted from the assessment itself: with anchor `start`, with no referral recorded, or
      // (`referral-if-first`) for a re-assessment after the first assessment of a referral.
      const fromStart = anchorMode === 'start' || !referral || (anchorMode === 'referral-if-first' && e.type !== 'referral.decided' && since!.assessed);
      if (fromStart && e.type === 'referral.decided') return []; // the clock waits for the assessment's start
      const anchor = fromStart ? e.id : referral!.id;
      // From the referral, for the children it concerned (an assessment may take in a sibling it did not name).
      const referred = !fromStart ? referral!.children : undefined;
      const start: ClockStart = {
        key: `assessment:${anchor}`,
        children: referred ? children.filter((c) => referred.includes(c)) : children,
        startEvent: anchor,
        anchor,
        due: { kind: 'timescale', timescale: 'cf-assessment' },
      };
      // Completed with no assessment clock started for it: it meets its own clock (with the
      // reasons for any delay recorded, there is nothing to judge).
      if (e.type === 'assessment.completed') {
        if (e.delayReasons === true) return [];
        start.metNow = true;
      }
      return [start];
    },
    meets: (e, clock, ctx) => e.type === 'assessment.completed' && e.delayReasons !== true && intersects(eventChildren(e, ctx), clock.children),
    // Completed late with the reasons recorded: the guidance's own allowance, no finding.
    closesOn: ['assessment.completed'],
    closes: (e, clock, ctx) => e.type === 'assessment.completed' && e.delayReasons === true && intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, ctx, met) => {
      const n = ctx.timescaleText('cf-assessment', ctx.window(clock.anchor).earliest);
      const from = ctx.chronology.byId.get(clock.anchor)?.type === 'referral.received' ? `the referral (${clock.startEvent})` : `its start (${clock.startEvent})`;
      return met
        ? `The child and family assessment (${met.id}) was completed more than ${n} after ${from}, with no reasons for the delay recorded.`
        : `No child and family assessment is recorded as completed within ${n} of ${from}.`;
    },
  },
};
