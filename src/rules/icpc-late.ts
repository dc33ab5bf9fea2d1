/**
 * icpc-late
 *
 * Working Together 2023 ch. 3: the initial child protection conference is held within
 * 15 working days of the strategy discussion at which section 47 enquiries were
 * initiated (if there were several, the one that started them). The clock starts at a
 * strategy discussion deciding `s47` or `convene-icpc`, per child, and stops at an
 * initial conference for that child. It is closed, not left to fire, when a recorded
 * fact makes the conference unnecessary: s47 enquiries finding no continuing risk, a
 * later strategy discussion deciding against s47, or a threshold decision that the
 * ICPC threshold is not met.
 *
 * A new s47 strategy discussion after the conference (a new episode) starts a new clock.
 *
 * Not encoded: a strategy discussion whose decision is not recorded starts no clock
 * (it is unknown whether it started s47 enquiries).
 */
import { cite } from '../law/citations.js';
import type { RuleDefinition } from '../engine/types.js';
import { eventChildren, intersects, noParams, type NoParams } from './support.js';

export const icpcLate: RuleDefinition<NoParams> = {
  id: 'icpc-late',
  title: 'Initial conference more than 15 working days after the strategy discussion',
  severity: 'breach',
  citation: cite('WT23', 'ch. 3 (initial child protection conference within 15 working days)', 'V'),
  firesWhen: 'ICPC not held within its timescale of the strategy discussion that started s47 enquiries',
  notEncoded: 'strategy discussions whose decision is not recorded',
  params: noParams,
  timescales: ['icpc'],
  clock: {
    label: 'ICPC within 15 working days of the strategy discussion',
    metBy: ['conference.held'],
    startsOn: ['strategy.held'],
    closesOn: ['s47.completed', 'strategy.held', 'threshold.considered'],
    starts: (e, ctx) =>
      e.type === 'strategy.held' && (e.decision === 's47' || e.decision === 'convene-icpc')
        ? eventChildren(e, ctx).map((child) => ({
            key: `${e.id}:${child}`,
            // One open clock per child: a second s47 strategy discussion does not restart it.
            group: `icpc:${child}`,
            children: [child],
            startEvent: e.id,
            anchor: e.id,
            due: { kind: 'timescale' as const, timescale: 'icpc' },
          }))
        : [],
    meets: (e, clock, ctx) => e.type === 'conference.held' && e.kind === 'initial' && intersects(eventChildren(e, ctx), clock.children),
    closes: (e, clock, ctx) => {
      if (!intersects(eventChildren(e, ctx), clock.children)) return false;
      if (e.type === 's47.completed') return e.outcome === 'not-substantiated' || e.outcome === 'substantiated-no-continuing-risk' || e.outcome === 'no-continuing-risk';
      if (e.type === 'strategy.held') return e.decision === 'no-s47' || e.decision === 'no-further-action';
      if (e.type === 'threshold.considered') return e.for === 'icpc' && !e.met;
      return false;
    },
    lateMessage: (clock, ctx, met) =>
      met
        ? `The initial child protection conference (${met.id}) was held more than ${ctx.timescale('icpc', ctx.window(clock.anchor).earliest)} working days after the strategy discussion (${clock.startEvent}).`
        : `No initial child protection conference is recorded within ${ctx.timescale('icpc', ctx.window(clock.anchor).earliest)} working days of the strategy discussion (${clock.startEvent}).`,
  },
};
