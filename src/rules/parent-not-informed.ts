/**
 * parent-not-informed
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date) (working with parents; information sharing): parents
 * with parental responsibility are told of concerns about their child, unless doing
 * so would put the child at risk, a decision to be recorded. No national timescale
 * was found; the default (5 working days) is a local parameter. Met by `outcome.shared`
 * of the concern with the parent, or by a letter before proceedings (which sets out
 * the concerns). No clock when the concern came from the parent, or when
 * `withholdFromParent` records the decision not to tell.
 *
 * Not encoded: which parent; whether the explanation was understood.
 */
import { cite, eventChildren, intersects, noParams, type NoParams, type RuleDefinition, wt } from './kit.js';

export const parentNotInformed: RuleDefinition<NoParams> = {
  id: 'parent-not-informed',
  title: 'Parent not told of a concern about their child',
  severity: 'fault',
  citation: [wt('working with parents'), cite('LOCAL', 'timescale set locally', 'U')],
  firesWhen:
    'a parent with parental responsibility not told of a concern about their child within its timescale, with no recorded decision that telling them would put the child at risk',
  notEncoded: 'which parent was told; whether they understood',
  params: noParams,
  needs: { events: ['concern.raised', 'outcome.shared'] },
  timescales: ['parent-informed'],
  clock: {
    label: 'parent told of the concern',
    earlierUnrecordedMayMeet: 'outcome.shared',
    metBy: ['outcome.shared', 'plo.letter-sent'],
    startsOn: ['concern.raised'],
    starts: (e, ctx) =>
      e.type === 'concern.raised' && !e.withholdFromParent && e.by !== 'parent'
        ? [{ key: e.concern, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'timescale', timescale: 'parent-informed' }, data: { concern: e.concern } }]
        : [],
    meets: (e, clock, ctx) =>
      (e.type === 'outcome.shared' && e.with === 'parent' && (e.of === clock.data?.['concern'] || e.of === clock.startEvent)) ||
      (e.type === 'plo.letter-sent' && intersects(eventChildren(e, ctx), clock.children)),
    lateMessage: (clock, ctx, met) =>
      met
        ? `The parent was told of the concern (${clock.startEvent}) more than ${ctx.timescaleText('parent-informed', ctx.window(clock.anchor).earliest)} after it was raised.`
        : `No record that the parent was told of the concern (${clock.startEvent}).`,
  },
};
