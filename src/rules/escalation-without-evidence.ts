/**
 * escalation-without-evidence
 *
 * A step up must rest on what its threshold needs, as known at that date:
 * - a strategy discussion deciding on s47 enquiries, or an s47 enquiry, needs
 *   reasonable cause to suspect significant harm (Children Act 1989 s47(1)): at least
 *   one concern observed, reported first-hand or substantiated — hearsay, assumption
 *   or refuted concerns alone are not enough;
 * - a child protection plan, the PLO and proceedings need evidence of likely
 *   significant harm (Children Act 1989 s31(2); Working Together 2023 ch. 3): every
 *   concern relied on evidenced (observed, or assessed and substantiated), none refuted,
 *   and for each child at least one evidenced concern about that child.
 * Where the event states what it relied on (`reliesOn`, `reasons`), that is judged and
 * the verdict is certain; where it does not, every concern then known about the
 * children is considered and the verdict is at most `possible` in a summary (certain
 * in a full record, where the concerns recorded are all there were).
 *
 * A non-engagement reason counts as reasonable cause only when it cites a missed
 * appointment with no reason given. Enforceable: a live system can refuse the step.
 *
 * Not encoded: the weight or seriousness of a concern; concerns about a household
 * member rather than a child; the court's own threshold finding.
 */
import { cite } from '../law/citations.js';
import type { ConcernStatus, FindingDraft, RuleDefinition, StepContext } from '../engine/types.js';
import type { DatedEvent, Reason } from '../schema/events.js';
import { eventChildren, isPlanDecision, list, noParams, type NoParams, reliedConcerns, statesReliance, unstated } from './support.js';

type Threshold = 'reasonable-cause' | 'evidence';

function thresholdOf(e: DatedEvent): { level: Threshold; step: string } | undefined {
  switch (e.type) {
    case 'strategy.held':
      return e.decision === 's47' || e.decision === 'convene-icpc'
        ? { level: 'reasonable-cause', step: e.decision === 's47' ? 's47 enquiries' : 'an initial conference' }
        : undefined;
    case 's47.started':
      return { level: 'reasonable-cause', step: 's47 enquiries' };
    case 'conference.held':
      return isPlanDecision(e) ? { level: 'evidence', step: 'a child protection plan' } : undefined;
    case 'legal.planning-meeting':
      return e.decision === 'pre-proceedings'
        ? { level: 'evidence', step: 'the PLO (pre-proceedings)' }
        : e.decision === 'issue-proceedings'
          ? { level: 'evidence', step: 'care proceedings' }
          : undefined;
    case 'proceedings.issued':
      return { level: 'evidence', step: 'care proceedings' };
    default:
      return undefined;
  }
}

function describe(ctx: StepContext<NoParams>, id: string, status: ConcernStatus | undefined): string {
  const c = ctx.state.concerns.get(id);
  if (!c) return `${id} (not raised before this step)`;
  if (status === 'refuted') return `${c.kind} (refuted by ${c.assessed!.by})`;
  if (c.assessed?.finding === 'inconclusive') return `${c.kind} (${c.basis}; assessed inconclusive)`;
  return `${c.kind} (${c.basis})`;
}

/** Does non-engagement relied on rest on an unexplained missed appointment: yes, no, or unknown (the source names none)? */
function unexplainedAbsence(reasons: readonly Reason[] | undefined, ctx: StepContext<NoParams>): 'yes' | 'no' | 'unknown' {
  let unknown = false;
  for (const r of reasons ?? []) {
    if (r.basis !== 'non-engagement') continue;
    if (r.evidence === undefined) unknown = true;
    for (const id of r.evidence ?? []) {
      const ev = ctx.state.seen.get(id);
      if (ev?.type === 'appointment.missed' && ev.reason === undefined) return 'yes';
    }
  }
  return unknown ? 'unknown' : 'no';
}

export const escalationWithoutEvidence: RuleDefinition<NoParams> = {
  id: 'escalation-without-evidence',
  title: 'Escalation resting on less than its threshold needs',
  severity: 'fault',
  citation: [
    cite('CA89', 's47(1) (reasonable cause to suspect) and s31(2) (threshold)', 'V'),
    cite('WT23', 'ch. 3 (decisions based on evidence)'),
  ],
  firesWhen:
    'a step up (s47, ICPC, CP plan, PLO, proceedings) rests on less than its threshold needs at that date: hearsay, assumption or refuted concerns, or no evidenced concern about a child',
  notEncoded: "the seriousness of a concern; the court's own threshold finding",
  params: noParams,
  enforceable: true,
  appliesTo: ['strategy.held', 's47.started', 'conference.held', 'legal.planning-meeting', 'proceedings.issued'],
  check(e, ctx): FindingDraft[] {
    const t = thresholdOf(e);
    if (!t) return [];
    const children = eventChildren(e, ctx);
    const grounds = e as { reliesOn?: string[]; reasons?: Reason[] };
    const stated = statesReliance(grounds);
    const relied = stated
      ? reliedConcerns(grounds)
      : [...ctx.state.concerns.values()].filter((c) => c.children.some((x) => children.includes(x))).map((c) => c.id);
    const status = new Map(relied.map((id) => [id, ctx.concernStatus(id)] as const));
    const certainty = stated ? 'certain' : unstated(ctx.chronology.completeness);
    const missing = certainty === 'possible' ? [`what ${e.id} relied on (reliesOn or reasons)`] : undefined;

    if (t.level === 'reasonable-cause') {
      const ok = relied.some((id) => {
        const s = status.get(id);
        if (s === 'evidenced') return true;
        return s === 'unverified' && ctx.state.concerns.get(id)?.basis === 'reported';
      });
      const absence = unexplainedAbsence(grounds.reasons, ctx);
      if (ok || absence === 'yes') return [];
      const what = relied.length ? `only ${list(relied.map((id) => describe(ctx, id, status.get(id))))}` : 'no concern at all';
      return [
        {
          certainty: absence === 'unknown' ? 'possible' : certainty,
          children,
          events: [e.id],
          ...(absence === 'unknown' ? { missing: [...(missing ?? []), `the missed appointments the non-engagement at ${e.id} rested on`] } : {}),
          message: `The decision to start ${t.step} rested on ${what}: no concern observed, reported first-hand or substantiated, so no reasonable cause to suspect significant harm was shown.`,
          ...(missing ? { missing } : {}),
          compliant: 'Before escalating, verify at least one concern first-hand (or record why the threshold is met); otherwise record a threshold decision that it is not met.',
        },
      ];
    }

    // Evidence threshold.
    const weak = relied.filter((id) => status.get(id) !== 'evidenced');
    const refutedOrWeakChildren = new Set<string>();
    for (const id of weak) for (const c of ctx.state.concerns.get(id)?.children ?? children) if (children.includes(c)) refutedOrWeakChildren.add(c);
    const uncovered = children.filter(
      (child) => !relied.some((id) => status.get(id) === 'evidenced' && ctx.state.concerns.get(id)!.children.includes(child)),
    );
    if (weak.length === 0 && uncovered.length === 0) return [];
    const parts: string[] = [];
    if (weak.length) parts.push(`it relied on concerns not evidenced at that date: ${list(weak.map((id) => describe(ctx, id, status.get(id))))}`);
    if (uncovered.length) parts.push(`there was no evidenced concern about ${list(uncovered)}`);
    if (relied.length === 0) parts.unshift('its reasons cite no concern');
    const affected = children.filter((c) => refutedOrWeakChildren.has(c) || uncovered.includes(c));
    return [
      {
        certainty,
        children: affected,
        events: [e.id],
        message: `The step to ${t.step} was taken although ${list(parts)}.`,
        ...(missing ? { missing } : {}),
        compliant: 'Assess each concern (and each child) before relying on it; a step to a plan, the PLO or proceedings needs evidenced concerns about every child it covers.',
      },
    ];
  },
};
