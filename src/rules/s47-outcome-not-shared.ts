/**
 * s47-outcome-not-shared
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date) (outcome of section 47 enquiries): the local authority
 * tells the parents (and the child, as appropriate) the outcome of its enquiries, and
 * agrees with them what happens next. No national timescale was found; the default
 * (10 working days) is a local parameter. Met by `outcome.shared` of the enquiry with
 * the parent; an initial conference the parent attends is not assumed to do it.
 *
 * Not encoded: sharing with the child and the referrer; the form of the feedback.
 */
import { cite, eventChildren, noParams, type NoParams, type RuleDefinition, wt } from './kit.js';

export const s47OutcomeNotShared: RuleDefinition<NoParams> = {
  id: 's47-outcome-not-shared',
  title: 'Section 47 outcome not shared with the parent',
  severity: 'fault',
  citation: [wt('outcome of section 47 enquiries'), cite('LOCAL', 'timescale set locally', 'U')],
  firesWhen: 'a section 47 outcome not shared with the parent within its timescale',
  notEncoded: 'feedback to the child and the referrer',
  params: noParams,
  needs: { events: ['s47.completed', 'outcome.shared'] },
  timescales: ['s47-outcome-to-parent'],
  clock: {
    label: 's47 outcome shared with the parent',
    metBy: ['outcome.shared'],
    startsOn: ['s47.completed'],
    starts: (e, ctx) =>
      e.type === 's47.completed'
        ? [{ key: e.id, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'timescale', timescale: 's47-outcome-to-parent' } }]
        : [],
    meets: (e, clock) => e.type === 'outcome.shared' && e.of === clock.startEvent && e.with === 'parent',
    lateMessage: (clock, ctx, met) =>
      met
        ? `The outcome of the s47 enquiries (${clock.startEvent}) reached the parent more than ${ctx.timescaleText('s47-outcome-to-parent', ctx.window(clock.anchor).earliest)} after they ended.`
        : `No record that the outcome of the s47 enquiries (${clock.startEvent}) was shared with the parent within ${ctx.timescaleText('s47-outcome-to-parent', ctx.window(clock.anchor).earliest)}.`,
  },
};
