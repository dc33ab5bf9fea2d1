/**
 * referral-decision-late
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date): within one working day of a referral, social care
 * decides and records the response (no further action, early help, an assessment,
 * a strategy discussion). The clock starts with `referral.received` and stops with
 * `referral.decided`.
 *
 * Not encoded: acknowledging the referrer; the quality of the decision; a later step
 * (an assessment, a strategy discussion) implies a decision was made by then, but
 * not when, so without `referral.decided` the clock stays open (at most `possible`).
 */
import { eventChildren, intersects, noParams, type NoParams, type RuleDefinition, wt } from './kit.js';

export const referralDecisionLate: RuleDefinition<NoParams> = {
  id: 'referral-decision-late',
  title: 'Referral not decided within {referral-decision}',
  severity: 'breach',
  citation: wt('decision on a referral within one working day', 'V'),
  firesWhen: 'no decision on a referral within its timescale',
  notEncoded: 'acknowledgement to the referrer; implied decisions carry no date',
  params: noParams,
  timescales: ['referral-decision'],
  needs: { events: ['referral.received', 'referral.decided'] },
  clock: {
    label: 'referral decided within {referral-decision}',
    metBy: ['referral.decided'],
    startsOn: ['referral.received'],
    starts: (e, ctx) =>
      e.type === 'referral.received'
        ? [{ key: e.id, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'timescale', timescale: 'referral-decision' } }]
        : [],
    meets: (e, clock, ctx) => {
      if (e.type !== 'referral.decided') return false;
      if (e.referral !== undefined) return e.referral === clock.startEvent;
      // No referral named: the latest referral of the children the decision concerns.
      const children = eventChildren(e, ctx);
      const referrals = ctx.state.seenByType.get('referral.received') ?? [];
      for (let i = referrals.length - 1; i >= 0; i--) {
        const r = referrals[i]!;
        if (intersects(eventChildren(r, ctx), children)) return r.id === clock.startEvent;
      }
      return false;
    },
    lateMessage: (clock, ctx, met) =>
      met
        ? `The referral (${clock.startEvent}) was decided later than ${ctx.timescaleText('referral-decision', ctx.window(clock.startEvent).earliest)} after it was received.`
        : `No decision on the referral (${clock.startEvent}) is recorded within ${ctx.timescaleText('referral-decision', ctx.window(clock.startEvent).earliest)}.`,
  },
};
