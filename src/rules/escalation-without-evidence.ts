/**
 * escalation-without-evidence
 *
 * A step up must rest on what its threshold needs, as known at that date:
 * - a strategy discussion deciding on s47 enquiries, or an s47 enquiry, needs reasonable
 *   cause to suspect significant harm (Children Act 1989 s47(1)) — which may rest on a
 *   second-hand or even anonymous report: a concern observed, reported first-hand or
 *   substantiated is enough; hearsay alone may be (at most `possible`); an assumption, or
 *   refuted concerns, alone are not;
 * - a child protection plan, the PLO and proceedings need evidence that the threshold of
 *   likely significant harm is met, or for the PLO may be met (Children Act 1989 s31(2);
 *   Working Together; the pre-proceedings guidance): a step resting only on hearsay,
 *   assumption or refuted concerns — "hints and assumptions", what the Ombudsman faulted in
 *   24 009 262 — or relying on hearsay, an assumption or a refuted concern as if it were
 *   evidence, beside anything else, is `certain`; one resting on first-hand reports not yet
 *   assessed, or on concerns of unstated basis, is `possible` (a conference may weigh a
 *   first-hand report: 24 011 455); a child with no concern of their own evidenced is `possible` (a
 *   conference may find a sibling likely to suffer harm from harm to another child, or from a
 *   parental factor).
 * Where the event states what it relied on (`reliesOn`, `reasons`), that is judged; where it
 * does not, every concern then known about the children is considered and the verdict is at
 * most `possible` in a summary (certain in a full record, where the concerns recorded are all
 * there were). A non-engagement reason counts as reasonable cause when it cites a missed
 * appointment with no reason given. Enforceable: a live system can refuse the step.
 *
 * Not encoded: the weight or seriousness of a concern; concerns about a household member
 * rather than a child; the court's own threshold finding.
 */
import type { DatedEvent, Reason } from '../schema/events.js';
import { type Certainty, type ConcernStatus, type FindingDraft, type NoParams, type RuleDefinition, type StepContext, cite, eventChildren, isPlanDecision, list, mapped, noParams, reliedConcerns, statesReliance, unstated, wt } from './kit.js';

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

/** How a relied-on concern stands at that date. */
type Standing = 'evidenced' | 'first-hand' | 'hearsay' | 'assumption' | 'refuted' | 'unknown' | 'not-raised';

function standing(ctx: StepContext<NoParams>, id: string): Standing {
  const c = ctx.state.concerns.get(id);
  if (!c) return 'not-raised';
  const status: ConcernStatus | undefined = ctx.concernStatus(id);
  if (status === 'refuted') return 'refuted';
  if (status === 'evidenced') return 'evidenced';
  if (status === 'unknown') return 'unknown';
  return c.basis === 'reported' ? 'first-hand' : c.basis === 'assumption' ? 'assumption' : 'hearsay';
}

function describe(ctx: StepContext<NoParams>, id: string, s: Standing): string {
  const c = ctx.state.concerns.get(id);
  if (!c) return `${id} (not raised before this step)`;
  const kind = c.kind ?? `concern ${id} (kind not stated)`;
  if (s === 'refuted') return `${kind} (refuted by ${c.assessed!.by})`;
  if (s === 'unknown') return `${kind} (basis not stated)`;
  if (c.assessed?.finding === 'inconclusive') return `${kind} (${c.basis}; assessed inconclusive)`;
  return `${kind} (${c.basis === 'reported' ? 'reported first-hand, not yet assessed' : c.basis})`;
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

/** The concerns then known about any of `children`, in the order raised. */
function concernsAbout(ctx: StepContext<NoParams>, children: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of ctx.state.concerns.values()) if (c.children.some((x) => children.includes(x))) out.push(c.id);
  return out;
}

function standingOf(ctx: StepContext<NoParams>, relied: readonly string[]): Map<string, Standing> {
  const of = new Map<string, Standing>();
  for (const id of relied) of.set(id, standing(ctx, id));
  return of;
}

/** What a step relied on, as the verdicts below judge it. */
interface Reliance {
  e: DatedEvent;
  ctx: StepContext<NoParams>;
  /** The step, as the messages name it. */
  step: string;
  children: string[];
  reasons: readonly Reason[] | undefined;
  /** Whether the event states what it relied on (else every concern then known about its children is taken). */
  stated: boolean;
  relied: string[];
  of: Map<string, Standing>;
}

/** The relied-on concerns of these standings. */
const having = (r: Reliance, ...s: Standing[]): string[] => r.relied.filter((id) => s.includes(r.of.get(id)!));
/** At most `possible` where the reliance is not stated (unless the record is full). */
const cap = (r: Reliance, c: Certainty): Certainty => (r.stated || c === 'possible' ? c : unstated(r.ctx));
const relianceMissing = (r: Reliance): string[] => (r.stated ? [] : [`what ${r.e.id} relied on (reliesOn or reasons)`]);

/**
 * s47 enquiries or an initial conference: reasonable cause to suspect. (Each verdict is a
 * function of its own, not a branch of `check`: the engine calls `check` on every step
 * event, and a small function is compiled, and recompiled, at a fraction of the cost.)
 */
function reasonableCause(r: Reliance): FindingDraft[] {
  const { e, ctx, relied, of } = r;
  const absence = unexplainedAbsence(r.reasons, ctx);
  if (having(r, 'evidenced', 'first-hand').length || absence === 'yes') return [];
  // Hearsay may be reasonable cause; an unstated basis may be anything: possible. An assumption or a refuted concern alone is not.
  const doubtful = having(r, 'hearsay', 'unknown');
  const certainty = cap(r, doubtful.length || absence === 'unknown' ? 'possible' : 'certain');
  const what = relied.length ? `only ${list(mapped(relied, (id) => describe(ctx, id, of.get(id)!)))}` : 'no concern at all';
  const missing = [
    ...relianceMissing(r),
    ...mapped(doubtful, (id) => (of.get(id) === 'unknown' ? `the basis of concern ${id}` : `whether the second-hand report ${id} gave reasonable cause to suspect`)),
    ...(absence === 'unknown' ? [`the missed appointments the non-engagement at ${e.id} rested on`] : []),
  ];
  return [
    {
      certainty,
      children: r.children,
      events: [e.id],
      message: `The decision to start ${r.step} rested on ${what}: no concern observed, reported first-hand or substantiated${doubtful.length ? ' (a second-hand report may still give reasonable cause to suspect, which the source does not show)' : ', so no reasonable cause to suspect significant harm was shown'}.`,
      ...(certainty === 'possible' && missing.length ? { missing } : {}),
      compliant: 'Before escalating, verify at least one concern first-hand (or record why the threshold is met); otherwise record a threshold decision that it is not met.',
    },
  ];
}

/** The relied-on concerns by how they stand (weak: hearsay, an assumption, or not raised by then). */
interface Standings {
  refuted: string[];
  evidenced: string[];
  firstHand: string[];
  weak: string[];
  unknown: string[];
}

function standings(r: Reliance): Standings {
  const out: Standings = { refuted: [], evidenced: [], firstHand: [], weak: [], unknown: [] };
  for (const id of r.relied) {
    const s = r.of.get(id)!;
    (s === 'refuted' ? out.refuted : s === 'evidenced' ? out.evidenced : s === 'first-hand' ? out.firstHand : s === 'unknown' ? out.unknown : out.weak).push(id);
  }
  return out;
}

/**
 * A child protection plan, the PLO or proceedings: evidence that the threshold is (or may
 * be) met. Nothing to say (the common case) is decided here; the verdict is worded apart.
 */
function evidenceThreshold(r: Reliance): FindingDraft[] {
  const b = standings(r);
  // Children with no evidenced (or first-hand) concern of their own.
  const supporting = b.evidenced.length || b.firstHand.length ? [...b.evidenced, ...b.firstHand] : undefined;
  const uncovered = r.relied.length && supporting ? r.children.filter((c) => !supporting.some((id) => r.ctx.state.concerns.get(id)!.children.includes(c))) : [];
  const faulted = !r.relied.length || b.refuted.length || b.weak.length || b.unknown.length || (!b.evidenced.length && b.firstHand.length) || uncovered.length;
  return faulted ? evidenceVerdict(r, b, uncovered) : [];
}

function evidenceVerdict(r: Reliance, b: Standings, uncovered: string[]): FindingDraft[] {
  const { e, ctx, relied, of, children } = r;
  const { refuted, evidenced, firstHand, weak, unknown } = b;
  const parts: { text: string; certain: boolean }[] = [];
  if (relied.length === 0) parts.push({ text: 'its reasons cite no concern', certain: true });
  if (refuted.length) parts.push({ text: `it relied on a concern refuted by then: ${list(mapped(refuted, (id) => describe(ctx, id, 'refuted')))}`, certain: true });
  if (weak.length) {
    // Hearsay or an assumption taken as evidence for the step: the fault itself, whatever else it rested on.
    const only = !evidenced.length && !firstHand.length && !unknown.length;
    parts.push({ text: `it ${only ? 'rested only on' : 'relied on'} concerns no one had verified, as if they were evidence: ${list(mapped(weak, (id) => describe(ctx, id, of.get(id)!)))}`, certain: true });
  } else if (!evidenced.length && (firstHand.length || unknown.length)) {
    parts.push({ text: `no concern it relied on was evidenced by then (${list(mapped([...firstHand, ...unknown], (id) => describe(ctx, id, of.get(id)!)))})`, certain: false });
  } else if (evidenced.length && unknown.length) {
    parts.push({ text: `it also relied on concerns whose basis the source does not give: ${list(mapped(unknown, (id) => describe(ctx, id, 'unknown')))}`, certain: false });
  }
  if (uncovered.length) parts.push({ text: `there was no evidenced concern about ${list(uncovered)} (harm to a sibling, or a parental factor, may still make a child likely to suffer harm)`, certain: false });
  const certainty = cap(r, parts.some((p) => p.certain) ? 'certain' : 'possible');
  // The children the verdict is about: those the weak or refuted concerns (or none) concern, and the uncovered ones.
  const about = new Set<string>(uncovered);
  const weakOrRefuted = [...weak, ...refuted, ...unknown, ...(evidenced.length ? [] : firstHand)];
  for (const id of weakOrRefuted) for (const c of ctx.state.concerns.get(id)?.children ?? children) if (children.includes(c)) about.add(c);
  if (relied.length === 0) for (const c of children) about.add(c);
  const affected = children.filter((c) => about.has(c));
  const missing = [
    ...relianceMissing(r),
    ...mapped(firstHand, (id) => `an assessment of concern ${id}`),
    ...mapped(unknown, (id) => `the basis of concern ${id}`),
    ...(uncovered.length ? [`whether the risk to ${list(uncovered)} rested on harm to a sibling or a parental factor`] : []),
  ];
  return [
    {
      certainty,
      children: affected.length ? affected : children,
      events: [e.id],
      message: `The step to ${r.step} was taken although ${list(mapped(parts, (p) => p.text))}.`,
      ...(certainty === 'possible' && missing.length ? { missing } : {}),
      compliant: 'Assess each concern (and each child) before relying on it; a step to a plan, the PLO or proceedings needs evidence that the threshold is (or, for the PLO, may be) met for every child it covers.',
    },
  ];
}

export const escalationWithoutEvidence: RuleDefinition<NoParams> = {
  id: 'escalation-without-evidence',
  title: 'Escalation resting on less than its threshold needs',
  severity: 'fault',
  citation: [cite('CA89', 's47(1) (reasonable cause to suspect) and s31(2) (threshold)', 'V'), wt('decisions based on evidence')],
  firesWhen:
    'a step up (s47, ICPC, CP plan, PLO, proceedings) rests on less than its threshold needs at that date: assumption, hearsay or refuted concerns, or no evidenced concern about a child',
  notEncoded: "the seriousness of a concern; concerns about a household member rather than a child; the court's own threshold finding",
  params: noParams,
  enforceable: true,
  needs: { events: ['concern.raised'] },
  appliesTo: ['strategy.held', 's47.started', 'conference.held', 'legal.planning-meeting', 'proceedings.issued'],
  check(e, ctx): FindingDraft[] {
    const t = thresholdOf(e);
    if (!t) return [];
    const children = eventChildren(e, ctx);
    const grounds = e as { reliesOn?: string[]; reasons?: Reason[] };
    const stated = statesReliance(grounds);
    const relied = stated ? reliedConcerns(grounds) : concernsAbout(ctx, children);
    const r: Reliance = { e, ctx, step: t.step, children, reasons: grounds.reasons, stated, relied, of: standingOf(ctx, relied) };
    return t.level === 'reasonable-cause' ? reasonableCause(r) : evidenceThreshold(r);
  },
};
