/**
 * s47-outcome-not-shared
 *
 * Working Together 2023 ch. 3 (outcome of section 47 enquiries): the local authority
 * tells the parents (and the child, as appropriate) the outcome of its enquiries, and
 * agrees with them what happens next. No national timescale was found; the default
 * (10 working days) is a local parameter. Met by `outcome.shared` of the enquiry with
 * the parent; an initial conference the parent attends is not assumed to do it.
 *
 * Not encoded: sharing with the child and the referrer; the form of the feedback.
 */
import { cite } from '../law/citations.js';
import type { RuleDefinition } from '../engine/types.js';
import { eventChildren, noParams, type NoParams } from './support.js';

export const s47OutcomeNotShared: RuleDefinition<NoParams> = {
  id: 's47-outcome-not-shared',
  title: 'Section 47 outcome not shared with the parent',
  severity: 'fault',
  citation: [cite('WT23', 'ch. 3 (outcome of section 47 enquiries)'), cite('LOCAL', 'timescale set locally', 'U')],
  firesWhen: 'a section 47 outcome not shared with the parent within its timescale',
  notEncoded: 'feedback to the child and the referrer',
  params: noParams,
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
        ? `The outcome of the s47 enquiries (${clock.startEvent}) reached the parent more than ${ctx.timescale('s47-outcome-to-parent', ctx.window(clock.anchor).earliest)} working days after they ended.`
        : `No record that the outcome of the s47 enquiries (${clock.startEvent}) was shared with the parent within ${ctx.timescale('s47-outcome-to-parent', ctx.window(clock.anchor).earliest)} working days.`,
  },
};
