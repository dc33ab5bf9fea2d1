/**
 * core-group-late
 *
 * Local procedures under Working Together 2023 ch. 3 (e.g. Sefton 6.1.4, Newcastle
 * 1.4.5): the first core group meets within 10 working days of the initial conference
 * that made the plan. Per child; closed if the plan ends first.
 *
 * Not encoded: later core groups' cadence (often every 4 weeks) and their membership.
 */
import { cite } from '../law/citations.js';
import type { RuleDefinition } from '../engine/types.js';
import { eventChildren, intersects, noParams, type NoParams } from './support.js';

export const coreGroupLate: RuleDefinition<NoParams> = {
  id: 'core-group-late',
  title: 'First core group more than 10 working days after the ICPC',
  severity: 'breach',
  citation: [cite('WT23', 'ch. 3 (core group)'), cite('LOCAL', 'Sefton 6.1.4; Newcastle 1.4.5', 'P')],
  firesWhen: 'first core group not within its timescale of the ICPC',
  notEncoded: 'the cadence of later core groups; membership',
  params: noParams,
  timescales: ['core-group-first'],
  clock: {
    label: 'first core group within 10 working days of the ICPC',
    lateIfClosedAfterDue: true,
    metBy: ['core-group.held'],
    startsOn: ['conference.held'],
    closesOn: ['conference.held'],
    starts: (e, ctx) =>
      e.type === 'conference.held' && e.kind === 'initial' && e.decision === 'plan'
        ? eventChildren(e, ctx).map((child) => ({
            key: `${e.id}:${child}`,
            children: [child],
            startEvent: e.id,
            anchor: e.id,
            due: { kind: 'timescale' as const, timescale: 'core-group-first' },
          }))
        : [],
    meets: (e, clock, ctx) => e.type === 'core-group.held' && intersects(eventChildren(e, ctx), clock.children),
    closes: (e, clock, ctx) =>
      e.type === 'conference.held' &&
      (e.decision === 'end-plan' || e.decision === 'no-plan') &&
      e.kind !== 'initial' &&
      intersects(eventChildren(e, ctx), clock.children),
    lateMessage: (clock, ctx, met) =>
      met
        ? `The first core group (${met.id}) met more than ${ctx.timescale('core-group-first', ctx.window(clock.anchor).earliest)} working days after the initial conference (${clock.startEvent}).`
        : `No core group is recorded within ${ctx.timescale('core-group-first', ctx.window(clock.anchor).earliest)} working days of the initial conference (${clock.startEvent}).`,
  },
};
