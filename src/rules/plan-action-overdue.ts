/**
 * plan-action-overdue
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date): the core group carries out the child protection plan's
 * actions within the timescales the plan sets. Fires when an action is done after
 * its due date, or not done by `asOf` (certain only with an `omission` or in a full
 * record). Closed if the plan ends for the children before the action is due.
 *
 * Not encoded: who owns the action; actions changed at a later core group.
 */
import { eventChildren, intersects, noParams, type NoParams, type RuleDefinition, wt } from './kit.js';

export const planActionOverdue: RuleDefinition<NoParams> = {
  id: 'plan-action-overdue',
  title: 'Plan action past its due date',
  severity: 'fault',
  citation: wt('core group: implementing the child protection plan'),
  firesWhen: 'a plan action past its due date and not done',
  notEncoded: 'action owners; actions revised by a later core group',
  params: noParams,
  clock: {
    label: 'plan action done by its due date',
    lateIfClosedAfterDue: true,
    metBy: ['plan.action-done'],
    startsOn: ['plan.action-set'],
    closesOn: ['conference.held'],
    starts: (e, ctx) => {
      if (e.type !== 'plan.action-set') return [];
      const base = { key: e.id, children: eventChildren(e, ctx), startEvent: e.id, refersTo: [e.action], data: { action: e.action } };
      // No due date given: owed, with no deadline; a finding only where the source says it was never done (or a full record).
      if (e.due === undefined) return [{ ...base, anchor: e.id, due: { kind: 'none' }, onlyIfStated: true }];
      return [e.due.kind === 'duration' ? { ...base, anchor: e.id, due: { kind: 'duration', iso: e.due.offset } } : { ...base, anchor: `${e.id}#due`, due: { kind: 'fixed' } }];
    },
    meets: (e, clock) => e.type === 'plan.action-done' && e.action === clock.data?.['action'],
    closes: (e, clock, ctx) =>
      e.type === 'conference.held' &&
      (e.decision === 'end-plan' || e.decision === 'no-plan') &&
      e.kind !== 'initial' &&
      intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, _ctx, met) =>
      clock.due.kind === 'none'
        ? `The plan action set at ${clock.startEvent} (no due date given) was not done.`
        : met
          ? `The plan action set at ${clock.startEvent} was done (${met.id}) after its due date.`
          : `The plan action set at ${clock.startEvent} is not recorded as done by its due date.`,
  },
};
