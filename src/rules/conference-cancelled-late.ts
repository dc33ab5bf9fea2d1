/**
 * conference-cancelled-late
 *
 * Local procedures under Working Together ch. 3: a conference is not cancelled
 * or moved at short notice, since parents and agencies prepare for it. Fires when the
 * source says the cancellation was at short notice, or when it came less than the
 * notice parameter (default 5 working days, a local value) before the scheduled date.
 *
 * Not encoded: who cancelled and why (a cancellation to protect the child may be right).
 */
import { cite, eventChildren, noParams, type NoParams, type RuleDefinition, wt } from './kit.js';

export const conferenceCancelledLate: RuleDefinition<NoParams> = {
  id: 'conference-cancelled-late',
  title: 'Conference cancelled or moved at short notice',
  severity: 'advisory',
  citation: [wt('conferences'), cite('LOCAL', 'notice set locally', 'U')],
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
    if (ctx.chronology.dates.indexOf(`${e.scheduled}#for`) === undefined) return [];
    // Late if the cancellation fell after the n-th working day before the scheduled date.
    const v = ctx.judge(`${e.scheduled}#for`, { key: e.id }, (day) => ctx.calendar.workingDaysBefore(day, ctx.timescale('conference-cancellation-notice', day)));
    if (!v.late) return [];
    // The notice period is a typical local value: at most possible unless the authority sets its own.
    const local = ctx.localValue('conference-cancellation-notice');
    return [
      {
        certainty: local ? 'possible' : v.late,
        children,
        events,
        message:
          `The conference was cancelled less than ${ctx.timescaleText('conference-cancellation-notice', ctx.window(e.id).earliest)} before it was due.` +
          (local ? ' The notice period is a typical local value, not national law: set the authority’s own to judge it.' : ''),
        ...(local ? { missing: ["the authority's own value for the timescale conference-cancellation-notice"] } : {}),
      },
    ];
  },
};
