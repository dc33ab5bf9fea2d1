/**
 * minutes-not-shared
 *
 * Local procedures under Working Together ch. 3: the parent receives the
 * conference's decision and minutes (and the core group's notes) within the local
 * timescale; no national timescale was found, so the default (15 working days) is a
 * parameter to set locally. Met by `outcome.shared` of the meeting with the parent.
 *
 * Not encoded: the decision letter (often within 1 working day) apart from the minutes.
 */
import { cite, eventChildren, noParams, type NoParams, type RuleDefinition, wt } from './kit.js';

export const minutesNotShared: RuleDefinition<NoParams> = {
  id: 'minutes-not-shared',
  title: 'Minutes or decision not shared with the parent in time',
  severity: 'advisory',
  citation: [wt('conference records'), cite('LOCAL', 'timescale set locally', 'U')],
  firesWhen: "a conference's or core group's minutes or decision not shared with the parent within its timescale",
  notEncoded: 'a separate decision letter; sharing with the child',
  params: noParams,
  needs: { events: ['conference.held', 'core-group.held', 'outcome.shared'] },
  timescales: ['minutes-to-parent'],
  clock: {
    label: 'minutes shared with the parent',
    metBy: ['outcome.shared'],
    startsOn: ['conference.held', 'core-group.held'],
    starts: (e, ctx) =>
      e.type === 'conference.held' || e.type === 'core-group.held'
        ? [{ key: e.id, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'timescale', timescale: 'minutes-to-parent' } }]
        : [],
    meets: (e, clock) => e.type === 'outcome.shared' && e.of === clock.startEvent && e.with === 'parent',
    lateMessage: (clock, ctx, met) =>
      met
        ? `The minutes of ${clock.startEvent} reached the parent more than ${ctx.timescaleText('minutes-to-parent', ctx.window(clock.anchor).earliest)} after the meeting.`
        : `No record that the minutes or decision of ${clock.startEvent} were shared with the parent within ${ctx.timescaleText('minutes-to-parent', ctx.window(clock.anchor).earliest)}.`,
  },
};
