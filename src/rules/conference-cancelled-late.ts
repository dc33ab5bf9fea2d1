/**
 * conference-cancelled-late
 *
 * Local procedures under Working Together 2023 ch. 3: a conference is not cancelled
 * or moved at short notice, since parents and agencies prepare for it. Fires when the
 * source says the cancellation was at short notice, or when it came less than the
 * notice parameter (default 5 working days, a local value) before the scheduled date.
 *
 * Not encoded: who cancelled and why (a cancellation to protect the child may be right).
 */
import { cite } from '../law/citations.js';
import { judge } from '../engine/clocks.js';
import type { RuleDefinition } from '../engine/types.js';
import { eventChildren, noParams, type NoParams } from './support.js';

export const conferenceCancelledLate: RuleDefinition<NoParams> = {
  id: 'conference-cancelled-late',
  title: 'Conference cancelled or moved at short notice',
  severity: 'advisory',
  citation: [cite('WT23', 'ch. 3 (conferences)'), cite('LOCAL', 'notice set locally', 'U')],
  firesWhen: 'a scheduled conference cancelled or moved with less notice than its parameter allows, or stated to be at short notice',
  notEncoded: 'the reason for cancelling',
  params: noParams,
  timescales: ['conference-cancellation-notice'],
  appliesTo: ['conference.cancelled'],
  check(e, ctx) {
    if (e.type !== 'conference.cancelled') return [];
    const children = eventChildren(e, ctx);
    const events = [e.id, ...(e.scheduled ? [e.scheduled] : [])];
    if (e.shortNotice) {
      return [{ certainty: 'certain', children, events, message: 'The conference was cancelled or moved at short notice.' }];
    }
    if (!e.scheduled) return [];
    const dates = ctx.chronology.dates;
    const forNode = dates.indexOf(`${e.scheduled}#for`);
    if (forNode === undefined) return [];
    // Late if the cancellation fell after the n-th working day before the scheduled date.
    const v = judge(dates, forNode, { node: dates.indexOf(e.id)! }, (day) =>
      ctx.calendar.workingDaysBefore(day, ctx.timescale('conference-cancellation-notice', day)),
    );
    if (!v.late) return [];
    return [
      {
        certainty: v.late,
        children,
        events,
        message: `The conference was cancelled less than ${ctx.timescale('conference-cancellation-notice', ctx.window(e.id).earliest)} working days before it was due.`,
      },
    ];
  },
};
