/**
 * plo-overdue
 *
 * The Public Law Working Group's best-practice guidance (2021, revised 2023) expects
 * pre-proceedings to last no longer than 16 weeks without a review (or an end: a step down,
 * or proceedings). It is not statute or statutory guidance, and the sources do not settle
 * where the 16 weeks start: the decision to enter pre-proceedings, the letter before
 * proceedings, or the first pre-proceedings meeting. So the value is a typical one (a
 * finding is `possible` until the authority sets its own) and the start point a parameter.
 *
 * Encoded: each episode's clock starts at its start point (`startsAt`: `meeting`, default;
 * `letter`; `decision`, the legal planning meeting that decided on pre-proceedings), and
 * again at each `plo.reviewed`. A summary that gives only when the PLO began (the decision or
 * the letter) and ended still gets a clock: one counted from the first of those the source
 * gives, its finding `possible` (the start point it names may not be the configured one),
 * replaced by the configured one when the source records it. Met by `plo.reviewed`,
 * `plo.ended` or `proceedings.issued`. In a summary a review may be unrecorded, so a late one
 * is at most `possible`.
 *
 * Not encoded: agreed extensions (parenting assessments, the birth of a baby).
 */
import { z } from 'zod';
import type { DatedEvent } from '../schema/events.js';
import { type ClockStart, type RuleDefinition, type StepContext, eventChildren } from './kit.js';

const params = z.strictObject({
  /** What starts the first clock of an episode: the pre-proceedings meeting (default), the letter, or the decision to enter pre-proceedings. */
  startsAt: z.enum(['meeting', 'letter', 'decision']).default('meeting'),
});
type Params = z.output<typeof params>;

/** Does `e` begin a PLO episode (the machine was not in pre-proceedings before it), and as which start point? */
function startPoint(e: DatedEvent, ctx: StepContext<Params>): 'meeting' | 'letter' | 'decision' | undefined {
  const plo = ctx.state.machine('plo');
  if (e.type === 'legal.planning-meeting' && e.decision === 'pre-proceedings' && plo !== 'preProceedings' && plo !== 'letterSent') return 'decision';
  if (e.type === 'plo.letter-sent' && plo !== 'letterSent' && plo !== 'preProceedings') return 'letter';
  if (e.type === 'plo.meeting-held' && plo !== 'preProceedings') return 'meeting';
  return undefined;
}

export const ploOverdue: RuleDefinition<Params> = {
  id: 'plo-overdue',
  title: 'Pre-proceedings running past {pre-proceedings} without a review',
  severity: 'advisory',
  citation: { instrument: 'Public Law Working Group, best practice guidance', provision: 'pre-proceedings timescale (16 weeks)', version: '2021, revised 2023', confidence: 'U' },
  firesWhen: 'pre-proceedings running past its timescale without a review',
  notEncoded: 'agreed extensions (parenting assessments, birth of a baby)',
  params,
  timescales: ['pre-proceedings'],
  needs: { events: ['plo.reviewed', 'plo.ended'] },
  clock: {
    label: 'pre-proceedings reviewed or ended within {pre-proceedings}',
    earlierUnrecordedMayMeet: 'plo.reviewed',
    metBy: ['plo.reviewed', 'plo.ended'],
    startsOn: ['legal.planning-meeting', 'plo.meeting-held', 'plo.letter-sent', 'plo.reviewed'],
    meetsOn: ['plo.reviewed', 'plo.ended', 'proceedings.issued'],
    closesOn: ['plo.meeting-held', 'plo.letter-sent'],
    starts: (e, ctx) => {
      const base = { key: e.id, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'timescale' as const, timescale: 'pre-proceedings' as const } };
      if (e.type === 'plo.reviewed') return [base];
      const point = startPoint(e, ctx);
      if (!point) {
        // The configured start point, recorded after a provisional clock: counted from here instead.
        const configured = ctx.params.startsAt === 'meeting' ? e.type === 'plo.meeting-held' : ctx.params.startsAt === 'letter' && e.type === 'plo.letter-sent';
        return configured ? [{ ...base, group: 'plo' }] : [];
      }
      const provisional = point !== ctx.params.startsAt;
      const clock: ClockStart = {
        ...base,
        group: 'plo',
        ...(provisional ? { unsettled: `where the 16 weeks start (the source gives the ${point === 'decision' ? 'decision to enter pre-proceedings' : point} at ${e.id}; the configured start point is the ${ctx.params.startsAt})`, data: { provisional: true } } : {}),
      };
      return [clock];
    },
    meets: (e) => e.type === 'plo.reviewed' || e.type === 'plo.ended' || e.type === 'proceedings.issued',
    // A provisional clock gives way to the configured start point when the source records it.
    closes: (e, clock, ctx) =>
      clock.data?.['provisional'] === true &&
      ((ctx.params.startsAt === 'meeting' && e.type === 'plo.meeting-held') || (ctx.params.startsAt === 'letter' && e.type === 'plo.letter-sent')),
    lateMessage: (clock, ctx, met) => {
      const n = ctx.timescaleText('pre-proceedings', ctx.window(clock.anchor).earliest);
      return met
        ? `Pre-proceedings ran more than ${n} from ${clock.startEvent} before ${met.type === 'plo.reviewed' ? 'a review' : 'ending'} (${met.id}).`
        : `Pre-proceedings have run more than ${n} from ${clock.startEvent} with no review or end recorded.`;
    },
  },
};
