/**
 * icpc-late
 *
 * Working Together to Safeguard Children (2013, 2015 and 2018 ch. 1; 2023 ch. 3; a finding
 * cites the edition in force on its date): the initial child protection conference is held
 * within 15 working days of the strategy discussion at which section 47 enquiries were
 * initiated (if there were several, the one that started them).
 *
 * Encoded: the clock starts at a strategy discussion deciding `s47` or `convene-icpc`, per
 * child; where section 47 enquiries start with no strategy discussion that decided on them
 * (none held, or one whose decision the source does not give), at the start of the enquiries
 * — a later day than any strategy discussion before them, so a late verdict counted from it
 * holds whatever came before (see also `s47-without-strategy`). It stops at an initial
 * conference for that child (a conference of unstated kind is taken to be the initial one,
 * at most `possible` if late). It is closed, not left to fire, when a recorded fact makes the
 * conference unnecessary: s47 enquiries finding no continuing risk, a later strategy
 * discussion deciding against s47, or a threshold decision that the ICPC threshold is not met.
 * A new s47 strategy discussion after the conference (a new episode) starts a new clock.
 *
 * Not encoded: the date a strategy discussion of unstated decision would give.
 */
import { type ClockStart, type NoParams, type RuleDefinition, conferenceKind, eventChildren, intersects, mapped, noParams, wt } from './kit.js';

export const icpcLate: RuleDefinition<NoParams> = {
  id: 'icpc-late',
  title: 'Initial conference more than {icpc} after the strategy discussion',
  severity: 'breach',
  citation: wt('initial child protection conference within 15 working days of the strategy discussion', 'V'),
  firesWhen: 'ICPC not held within its timescale of the strategy discussion that started s47 enquiries',
  notEncoded: 'the date a strategy discussion of unstated decision would give',
  params: noParams,
  timescales: ['icpc'],
  needs: { events: ['conference.held'] },
  clock: {
    label: 'ICPC within {icpc} of the strategy discussion',
    metBy: ['conference.held'],
    startsOn: ['strategy.held', 's47.started'],
    closesOn: ['s47.completed', 'strategy.held', 'threshold.considered'],
    starts: (e, ctx) => {
      const s47 = e.type === 'strategy.held' && (e.decision === 's47' || e.decision === 'convene-icpc');
      if (!s47 && e.type !== 's47.started') return [];
      return mapped(eventChildren(e, ctx), (child): ClockStart => ({
        key: `${e.id}:${child}`,
        // One open clock per child: a second s47 strategy discussion (or the s47 start after it) does not restart it.
        group: `icpc:${child}`,
        children: [child],
        startEvent: e.id,
        anchor: e.id,
        due: { kind: 'timescale', timescale: 'icpc' },
      }));
    },
    meets: (e, clock, ctx) => {
      if (e.type !== 'conference.held' || !intersects(eventChildren(e, ctx), clock.children)) return false;
      const k = conferenceKind(e, ctx, clock.children[0]!);
      if (k?.kind !== 'initial') return false;
      return k.assumed ? { doubt: `the kind of conference ${e.id} (taken to be the initial conference)` } : true;
    },
    closes: (e, clock, ctx) => {
      if (!intersects(eventChildren(e, ctx), clock.children)) return false;
      if (e.type === 's47.completed') return e.outcome === 'not-substantiated' || e.outcome === 'substantiated-no-continuing-risk' || e.outcome === 'no-continuing-risk';
      if (e.type === 'strategy.held') return e.decision === 'no-s47' || e.decision === 'no-further-action';
      if (e.type === 'threshold.considered') return e.for === 'icpc' && e.met === false;
      return false;
    },
    lateMessage: (clock, ctx, met) => {
      const n = ctx.timescaleText('icpc', ctx.window(clock.anchor).earliest);
      const from = ctx.chronology.byId.get(clock.startEvent)?.type === 's47.started' ? `the start of the s47 enquiries (${clock.startEvent}), no strategy discussion having decided on them` : `the strategy discussion (${clock.startEvent})`;
      return met
        ? `The initial child protection conference (${met.id}) was held more than ${n} after ${from}.`
        : `No initial child protection conference is recorded within ${n} of ${from}.`;
    },
  },
};
