/**
 * core-group-late
 *
 * Local procedures under Working Together ch. 3 (e.g. Sefton 6.1.4, Newcastle
 * 1.4.5): the first core group meets within 10 working days of the initial conference
 * that made the plan. Per child; closed if the plan ends first.
 *
 * Not encoded: later core groups' cadence (often every 4 weeks) and their membership.
 */
import { cite, eventChildren, intersects, noParams, type NoParams, type RuleDefinition, wt, type ClockStart, conferenceKind } from './kit.js';

export const coreGroupLate: RuleDefinition<NoParams> = {
  id: 'core-group-late',
  title: 'First core group more than {core-group-first} after the ICPC',
  // A local procedure's value, not national guidance: a fault at most, and a finding is
  // `possible` until the authority sets its own value (law-corrections review, 2026-12).
  severity: 'fault',
  citation: [wt('core group'), cite('LOCAL', 'Sefton 6.1.4; Newcastle 1.4.5', 'P')],
  firesWhen: 'first core group not within its timescale of the ICPC',
  notEncoded: 'the cadence of later core groups; membership',
  params: noParams,
  timescales: ['core-group-first'],
  needs: { events: ['conference.held', 'core-group.held'] },
  clock: {
    label: 'first core group within {core-group-first} of the ICPC',
    lateIfClosedAfterDue: true,
    metBy: ['core-group.held'],
    startsOn: ['conference.held'],
    closesOn: ['conference.held'],
    starts: (e, ctx) => {
      if (e.type !== 'conference.held' || e.decision !== 'plan') return [];
      return eventChildren(e, ctx).flatMap((child): ClockStart[] => {
        const k = conferenceKind(e, ctx, child);
        if (k?.kind !== 'initial') return [];
        return [
          {
            key: `${e.id}:${child}`,
            children: [child],
            startEvent: e.id,
            anchor: e.id,
            due: { kind: 'timescale', timescale: 'core-group-first' },
            ...(k.assumed ? { unsettled: `the kind of conference ${e.id} (taken to be the initial conference)` } : {}),
          },
        ];
      });
    },
    meets: (e, clock, ctx) => e.type === 'core-group.held' && intersects(eventChildren(e, ctx), clock.children),
    closes: (e, clock, ctx) =>
      e.type === 'conference.held' &&
      (e.decision === 'end-plan' || e.decision === 'no-plan') &&
      e.kind !== 'initial' &&
      intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, ctx, met) =>
      met
        ? `The first core group (${met.id}) met more than ${ctx.timescaleText('core-group-first', ctx.window(clock.anchor).earliest)} after the initial conference (${clock.startEvent}).`
        : `No core group is recorded within ${ctx.timescaleText('core-group-first', ctx.window(clock.anchor).earliest)} of the initial conference (${clock.startEvent}).`,
  },
};
