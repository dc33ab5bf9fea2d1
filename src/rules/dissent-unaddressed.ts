/**
 * dissent-unaddressed
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date) and local partnership procedures (resolution of
 * professional differences; e.g. London PA4, Sussex 7.2.4): the chair seeks consensus
 * and, where there is none, decides and records the dissent; a professional who
 * disagrees with a decision uses the escalation procedure; the agency challenged
 * answers. Fires for a professional's recorded view against a conference decision, or
 * a `challenge.raised`, that the decision's reasons (`dissent-considered` by that
 * agency), a `challenge.answered` or an escalation never took up. Certain when an
 * `omission` says so or in a full record; otherwise `possible`.
 *
 * Not encoded: the timescale of each escalation tier (about a working week).
 */
import type { EventOf } from '../schema/events.js';
import { cite, type ClockStart, eventChildren, mapped, noParams, type NoParams, type RuleDefinition, wt } from './kit.js';

const AGAINST: Record<string, readonly string[]> = {
  plan: ['no-plan', 'end-plan'],
  'continue-plan': ['no-plan', 'end-plan'],
  'no-plan': ['plan', 'continue-plan'],
  'end-plan': ['plan', 'continue-plan'],
};

function considered(e: EventOf<'conference.held'>, by: string): boolean {
  return (e.reasons ?? []).some((r) => r.basis === 'dissent-considered' && r.by === by);
}

export const dissentUnaddressed: RuleDefinition<NoParams> = {
  id: 'dissent-unaddressed',
  title: 'Professional dissent or challenge never engaged',
  severity: 'fault',
  citation: [wt('conference decisions; professional disagreement'), cite('LOCAL', 'resolution of professional differences (London PA4; Sussex 7.2.4)', 'V')],
  firesWhen: "a professional view or challenge against a decision that the decision's reasons or a later answer never engage, and that no escalation took up",
  notEncoded: 'the timescale of each escalation tier',
  params: noParams,
  needs: { events: ['challenge.raised', 'challenge.answered'] },
  clock: {
    label: 'dissent or challenge answered',
    metBy: ['challenge.answered', 'escalation.raised'],
    startsOn: ['challenge.raised', 'conference.held'],
    meetsOn: ['challenge.answered', 'escalation.raised', 'challenge.raised'],
    starts: (e, ctx): ClockStart[] => {
      if (e.type === 'challenge.raised') {
        return [{ key: e.id, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'none' }, data: { by: e.by ?? '', about: e.about ?? '' } }];
      }
      if (e.type === 'conference.held' && e.decision) {
        const against = AGAINST[e.decision] ?? [];
        return mapped(
          (e.views ?? []).filter((v) => against.includes(v.view) && !considered(e, v.by)),
          (v) => ({ key: `${e.id}:${v.by}`, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'none' as const }, data: { by: v.by, about: e.id } }),
        );
      }
      return [];
    },
    meets: (e, clock) => {
      const by = clock.data?.['by'];
      const about = clock.data?.['about'];
      if (e.type === 'challenge.answered') return e.challenge === clock.startEvent;
      if (e.type === 'escalation.raised') return e.challenge === clock.startEvent || (e.about !== undefined && e.about === about && (e.by === undefined || e.by === by));
      // A professional's view at a conference is taken up by that professional's own challenge.
      if (e.type === 'challenge.raised') return clock.startEvent !== e.id && e.about === about && e.by === by;
      return false;
    },
    lateMessage: (clock) => {
      const by = clock.data?.['by'] || 'a professional';
      return clock.startEvent === clock.data?.['about']
        ? `The view of ${by} against the decision at ${clock.startEvent} was not engaged by the decision's reasons, answered or escalated.`
        : `The challenge by ${by} (${clock.startEvent}) was never answered or taken up by an escalation.`;
    },
  },
};
