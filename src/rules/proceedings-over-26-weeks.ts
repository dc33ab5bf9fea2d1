/**
 * proceedings-over-26-weeks
 *
 * Children Act 1989 s32(1)(a)(ii), inserted by the Children and Families Act 2014
 * s14: the court disposes of a care or supervision application within 26 weeks
 * beginning with the day it was issued; s32(5)-(7) allow extensions of up to eight
 * weeks at a time where necessary to resolve the proceedings justly. Each
 * `proceedings.extended` moves the deadline by its weeks.
 *
 * Not encoded: whether an extension was justified; the court's timetable.
 */
import { cite } from '../law/citations.js';
import type { RuleDefinition } from '../engine/types.js';
import { eventChildren, noParams, type NoParams } from './support.js';

export const proceedingsOver26Weeks: RuleDefinition<NoParams> = {
  id: 'proceedings-over-26-weeks',
  title: 'Care proceedings over 26 weeks',
  severity: 'breach',
  citation: cite('CA89', 's32(1)(a)(ii), (5)-(7)', 'V'),
  firesWhen: 'care proceedings running past 26 weeks',
  notEncoded: 'whether extensions were justified',
  params: noParams,
  timescales: ['care-proceedings'],
  clock: {
    label: 'proceedings concluded within 26 weeks (plus extensions)',
    lateIfClosedAfterDue: true,
    metBy: ['proceedings.concluded'],
    startsOn: ['proceedings.issued', 'proceedings.extended'],
    closesOn: ['proceedings.extended'],
    starts: (e, ctx) => {
      if (e.type === 'proceedings.issued') {
        return [{ key: e.id, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'timescale', timescale: 'care-proceedings' } }];
      }
      // An extension: a new clock counted from the issue day plus the weeks extended so far.
      if (e.type === 'proceedings.extended') {
        const issued = ctx.state.seenByType.get('proceedings.issued');
        const issue = issued?.[issued.length - 1];
        if (!issue) return [];
        const extensions = [...(ctx.state.seenByType.get('proceedings.extended') ?? []).filter((x) => x !== e), e];
        // An extension of unstated length is taken at its longest, 8 weeks (s32(8)): a finding then is at most possible.
        const weeks = extensions.reduce((n, x) => n + (x.weeks ?? 8), 0);
        const unstated = extensions.filter((x) => x.weeks === undefined).map((x) => x.id);
        return [
          {
            key: `${issue.id}+${weeks}w`,
            children: eventChildren(issue, ctx),
            startEvent: issue.id,
            anchor: issue.id,
            due: { kind: 'timescale', timescale: 'care-proceedings', plusDays: 7 * weeks },
            data: { extendedWeeks: weeks },
            ...(unstated.length ? { unsettled: `the length of the extension${unstated.length > 1 ? 's' : ''} ${unstated.join(', ')} (taken as the longest allowed, 8 weeks)` } : {}),
          },
        ];
      }
      return [];
    },
    meets: (e) => e.type === 'proceedings.concluded',
    // An extension replaces the clock it extends.
    closes: (e, clock) => e.type === 'proceedings.extended' && clock.startEvent !== e.id,
    lateMessage: (clock, _ctx, met) =>
      `Care proceedings issued at ${clock.startEvent} ${met ? `concluded (${met.id})` : 'are still open'} past 26 weeks${clock.data?.['extendedWeeks'] ? ` and the ${clock.data['extendedWeeks']} weeks of extension` : ''}.`,
  },
};
