/**
 * commitment-overdue
 *
 * LGSCO Principles of good administrative practice (being customer focused: doing
 * what the organisation said it would do) and findings such as 24 009 262 paras 87-89
 * (an answer promised in January 2024, given in March 2025, "over a year later", is
 * fault). A commitment is due on its own date, or, where it gave none, within the
 * default timescale (20 working days, a parameter). Met by `commitment.kept`.
 *
 * Not encoded: commitments changed by agreement.
 */
import { cite, type ClockStart, eventChildren, noParams, type NoParams, type RuleDefinition } from './kit.js';

export const commitmentOverdue: RuleDefinition<NoParams> = {
  id: 'commitment-overdue',
  title: 'Commitment not kept by its due date',
  severity: 'fault',
  citation: [cite('LGSCO', 'being customer focused: doing what it said it would do'), { instrument: 'LGSCO report 24 009 262', provision: 'paras 87-89' }],
  firesWhen: 'a commitment not kept by its due date (default timescale when none given)',
  notEncoded: 'commitments varied by agreement',
  params: noParams,
  timescales: ['commitment-default'],
  clock: {
    label: 'commitment kept by its due date',
    metBy: ['commitment.kept'],
    startsOn: ['commitment.made'],
    starts: (e, ctx): ClockStart[] => {
      if (e.type !== 'commitment.made') return [];
      const base = { key: e.id, children: eventChildren(e, ctx), startEvent: e.id };
      if (!e.due) return [{ ...base, anchor: e.id, due: { kind: 'timescale', timescale: 'commitment-default' } }];
      // "Within a month" is a deadline, counted on the calendar from the commitment's own day.
      if (e.due.kind === 'duration') return [{ ...base, anchor: e.id, due: { kind: 'duration', iso: e.due.offset } }];
      return [{ ...base, anchor: `${e.id}#due`, due: { kind: 'fixed' } }];
    },
    meets: (e, clock) => e.type === 'commitment.kept' && e.commitment === clock.startEvent,
    lateMessage: (clock, ctx, met) => {
      const made = ctx.chronology.byId.get(clock.startEvent);
      const due = made?.type === 'commitment.made' && made.due ? 'its due date' : `${ctx.timescaleText('commitment-default', ctx.window(clock.startEvent).earliest)} (no date was given)`;
      return met
        ? `The commitment made at ${clock.startEvent} was kept (${met.id}) after ${due}.`
        : `The commitment made at ${clock.startEvent} is not recorded as kept within ${due}.`;
    },
  },
};
