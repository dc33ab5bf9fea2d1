/**
 * proceedings-over-26-weeks
 *
 * Children Act 1989 s32(1)(a)(ii), inserted by the Children and Families Act 2014 s14 (in
 * force 22 April 2014): the court draws up a timetable to dispose of a care or supervision
 * application within 26 weeks beginning with the day it was issued; it may extend it where
 * necessary to resolve the proceedings justly (s32(5)), each extension at most eight weeks
 * (s32(8)). The duty is the court's: a finding is advisory for the council, a fact for a
 * trainer to weigh (the delay may be the court's, the parties' or the council's). Each
 * `proceedings.extended` moves the deadline by its weeks (8, at most `possible`, where the
 * source does not give them).
 *
 * Not encoded: whether an extension was justified; who caused the delay.
 */
import { cite, eventChildren, mapped, noParams, type NoParams, type RuleDefinition } from './kit.js';

export const proceedingsOver26Weeks: RuleDefinition<NoParams> = {
  id: 'proceedings-over-26-weeks',
  title: 'Care proceedings over 26 weeks',
  severity: 'advisory',
  citation: cite('CA89', 's32(1)(a)(ii), (5) and (8) (the court’s 26-week timetable; extensions of at most 8 weeks each)', 'V'),
  firesWhen: 'care proceedings running past 26 weeks',
  notEncoded: 'whether extensions were justified; who caused the delay',
  params: noParams,
  timescales: ['care-proceedings'],
  needs: { events: ['proceedings.issued', 'proceedings.concluded'] },
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
        const unstated = mapped(extensions.filter((x) => x.weeks === undefined), (x) => x.id);
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
      `Care proceedings issued at ${clock.startEvent} ${met ? `concluded (${met.id})` : 'are still open'} past the court's 26-week timetable${clock.data?.['extendedWeeks'] ? ` and the ${clock.data['extendedWeeks']} weeks of extension` : ''} (the duty to keep to it is the court's).`,
  },
};
