/**
 * The event vocabulary (spec §2), one zod schema per event type, discriminated on
 * `type`. Objects are strict: a misspelt field is an error naming the field, not a
 * silent guess. Fields the spec lists are optional unless an event makes no sense
 * without them, because chronologies are summaries: a field left out is unknown,
 * and rules treat it as such (at most a `possible` finding).
 *
 * Additions to the spec's vocabulary are marked "(casepath addition)".
 */
import { z } from 'zod';
import { dateOrDuration, dateSpec, eventDate } from './dates.js';

const id = z.string().min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'ids use letters, digits, ".", "_", ":" and "-"');
const ref = z.string().min(1);

/** Agency or role; open-ended, but these are the ones rules look for. */
export const KNOWN_AGENCIES = [
  'social-care',
  'police',
  'health',
  'hospital',
  'school',
  'gp',
  'legal',
  'parent',
  'solicitor',
  'iro',
  'chair',
  'ombudsman',
  'committee',
] as const;
const agency = z.string().min(1);

const common = {
  id,
  at: eventDate,
  children: z.array(ref).min(1).optional(),
  by: agency.optional(),
  cite: z.string().min(1).optional(),
  /** Free text. Never printed unless the user asks (`--show-notes`). */
  note: z.string().optional(),
  /**
   * (casepath addition) The source does not say where this event falls among its
   * neighbours: it takes no part in the listing-order constraint (its own `at` still
   * applies). It is still replayed where it is listed.
   */
  unordered: z.boolean().optional(),
};

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({ ...common, type: z.literal(type), ...shape });
}

export const CONCERN_KINDS = [
  'medical-treatment',
  'mental-health',
  'domestic-abuse',
  'physical-harm',
  'neglect',
  'sexual-harm',
  'emotional-harm',
  'parenting-capacity',
  'non-engagement',
  'other',
] as const;
export const CONCERN_BASES = ['observed', 'reported', 'hearsay', 'assumption'] as const;
/** The legal basis on which a child became looked after (spec §2, `looked-after.started`). */
export const LOOKED_AFTER_BASES = [
  's20',
  'interim-care-order',
  'care-order',
  'police-protection',
  'emergency-protection-order',
  'remand',
  'placement-order',
] as const;
export const ASSESSED_FINDINGS = ['substantiated', 'unsubstantiated', 'inconclusive'] as const;

const plans = ['plan', 'no-plan', 'continue-plan', 'end-plan'] as const;

/** Why a decision was taken (conference and strategy reasons). */
export const reason = z.discriminatedUnion('basis', [
  z.strictObject({ basis: z.literal('concern'), concern: ref }),
  z.strictObject({ basis: z.literal('procedural-status'), status: z.enum(['plo', 'proceedings', 'existing-plan']) }),
  z.strictObject({ basis: z.literal('non-engagement'), evidence: z.array(ref).min(1) }),
  z.strictObject({ basis: z.literal('dissent-considered'), by: agency }),
]);
export type Reason = z.output<typeof reason>;

const view = z.strictObject({ by: agency, view: z.enum(plans) });

const strategyDecision = z.enum(['s47', 'no-s47', 'convene-icpc', 'further-strategy', 'no-further-action']);

export const eventSchemas = [
  // Evidence
  event('concern.raised', {
    concern: ref,
    kind: z.enum(CONCERN_KINDS),
    basis: z.enum(CONCERN_BASES),
    /** (casepath addition) a recorded decision that telling the parent would put the child at risk. */
    withholdFromParent: z.boolean().optional(),
  }),
  event('concern.assessed', { concern: ref, finding: z.enum(ASSESSED_FINDINGS) }),
  // Referral, assessment, strategy, s47
  event('referral.received', { from: agency.optional(), concerns: z.array(ref).optional() }),
  event('referral.decided', {
    outcome: z.enum(['no-further-action', 'early-help', 'assessment', 'strategy-discussion']).optional(),
    /** (casepath addition) the referral decided; default: the latest one. */
    referral: ref.optional(),
  }),
  event('assessment.started', { kind: z.string().optional() }),
  event('assessment.completed', {
    kind: z.string().optional(),
    conclusion: z.enum(['no-significant-concerns', 'child-in-need', 'child-protection-concerns']).optional(),
    findings: z.array(z.strictObject({ concern: ref, finding: z.enum(ASSESSED_FINDINGS) })).optional(),
  }),
  event('strategy.held', {
    participants: z.array(agency).optional(),
    reliesOn: z.array(ref).optional(),
    decision: strategyDecision.optional(),
    reasons: z.array(reason).optional(),
    views: z.array(z.strictObject({ by: agency, view: z.string().min(1) })).optional(),
  }),
  event('threshold.considered', {
    for: z.enum(['strategy', 's47', 'icpc', 'plo']),
    met: z.boolean(),
    reliesOn: z.array(ref).optional(),
  }),
  event('s47.started', {}),
  event('s47.completed', {
    /** `no-continuing-risk`: the source says the child is not at continuing risk but not whether harm was substantiated. */
    outcome: z.enum(['not-substantiated', 'substantiated-no-continuing-risk', 'no-continuing-risk', 'continuing-risk']).optional(),
  }),
  event('outcome.shared', { of: ref, with: z.enum(['parent', 'child', 'referrer']) }),
  event('child.seen', { alone: z.boolean().optional() }),
  event('home.visited', {}),
  event('views.sought', {}),
  event('appointment.missed', {
    with: agency.optional(),
    reason: z.string().min(1).optional(),
    notified: z.boolean().optional(),
  }),
  // Conferences and plans
  event('conference.scheduled', { kind: z.enum(['initial', 'review', 'early-review']), for: dateSpec }),
  event('conference.cancelled', { scheduled: ref.optional(), shortNotice: z.boolean().optional() }),
  event('reports.shared', { for: ref, with: z.enum(['parent', 'child']).default('parent'), complete: z.boolean().optional() }),
  event('conference.held', {
    kind: z.enum(['initial', 'review', 'early-review']),
    participants: z.array(agency).optional(),
    views: z.array(view).optional(),
    decision: z.enum(plans).optional(),
    decidedBy: z.enum(['consensus', 'majority', 'chair']).optional(),
    category: z.enum(['neglect', 'physical-abuse', 'sexual-abuse', 'emotional-abuse']).optional(),
    reasons: z.array(reason).optional(),
    proportionality: z.boolean().optional(),
    advocate: z.enum(['offered', 'declined', 'not-offered']).optional(),
  }),
  event('core-group.held', {}),
  event('plan.action-set', { action: z.string().min(1), due: dateOrDuration }),
  event('plan.action-done', { action: z.string().min(1) }),
  // Professional challenge
  event('challenge.raised', { about: ref.optional(), view: z.string().optional() }),
  event('challenge.answered', { challenge: ref, outcome: z.enum(['accepted', 'rejected-with-reasons']).optional() }),
  event('escalation.raised', {
    /** (casepath addition) the challenge escalated. */
    challenge: ref.optional(),
    about: ref.optional(),
  }),
  event('escalation.resolved', { escalation: ref.optional(), challenge: ref.optional() }),
  // Pre-proceedings and proceedings
  event('legal.planning-meeting', {
    reliesOn: z.array(ref).optional(),
    thresholdMet: z.boolean().optional(),
    decision: z.enum(['pre-proceedings', 'issue-proceedings', 'no-action']).optional(),
    proportionality: z.boolean().optional(),
  }),
  event('plo.letter-sent', {
    explained: z.boolean().optional(),
    legalAidInfo: z.boolean().optional(),
    meetingInvite: z.boolean().optional(),
  }),
  event('plo.meeting-held', {}),
  event('plo.reviewed', {}),
  event('plo.ended', { outcome: z.enum(['step-down', 'proceedings']).optional() }),
  event('proceedings.issued', { proportionality: z.boolean().optional() }),
  /** (casepath addition) an extension of the 26-week limit, CA 1989 s32(5). */
  event('proceedings.extended', { weeks: z.number().int().min(1).max(8) }),
  event('proceedings.concluded', { order: z.enum(['care', 'supervision', 'none']).optional() }),
  // Looked-after children (machines and rules: a later issue)
  event('care-order.made', {}),
  event('care-order.discharge-considered', { decision: z.string().optional() }),
  event('care-order.discharged', {}),
  event('living-arrangement.changed', {
    with: agency.optional(),
    significant: z.boolean().default(true),
    /** (casepath addition) whether the care plan in force provided for this change; unstated, casepath infers it from a plan update shortly before. */
    planned: z.boolean().optional(),
  }),
  event('contact.changed', { supervised: z.boolean().optional() }),
  event('care-plan.updated', {}),
  event('risk-assessment.completed', {}),
  /** The day the child became looked after, on whatever basis (CPPCR reg 33 counts the first review from it). */
  event('looked-after.started', {
    basis: z.enum(LOOKED_AFTER_BASES).optional(),
  }),
  event('looked-after.ceased', { reason: z.string().min(1).optional() }),
  event('lac-review.held', {}),
  event('lac-review.postponed', {}),
  event('worker.allocated', { worker: z.string().min(1) }),
  // Child in need (CA 1989 s17)
  event('cin-plan.started', {}),
  event('cin-plan.reviewed', {}),
  event('cin-plan.ended', { reason: z.string().min(1).optional() }),
  // Correspondence, commitments, support
  event('correspondence.received', { from: agency.optional(), recorded: z.boolean().default(true) }),
  event('correspondence.answered', { correspondence: ref }),
  event('commitment.made', { what: z.string().optional(), due: dateOrDuration.optional() }),
  event('commitment.kept', { commitment: ref }),
  event('support.offered', { what: z.string().optional() }),
  // Complaints and the Ombudsman (machines and rules: a later issue)
  event('complaint.made', {
    stage: z.number().int().min(1).max(3).optional(),
    procedure: z.enum(['statutory-children', 'corporate']).optional(),
  }),
  event('complaint.responded', {
    stage: z.number().int().min(1).max(3).optional(),
    outcome: z.enum(['upheld', 'partly-upheld', 'not-upheld', 'declined']).optional(),
    remedyConsidered: z.boolean().optional(),
    apology: z.boolean().optional(),
    /** (casepath addition) the complaint event answered; default: the latest. */
    complaint: ref.optional(),
  }),
  event('ombudsman.complaint-made', {
    about: z.strictObject({ from: dateSpec, to: dateSpec }).optional(),
  }),
  event('ombudsman.decided', {
    outcome: z.string().optional(),
    recommendations: z.array(z.strictObject({ id, action: z.string().min(1), due: dateOrDuration })).optional(),
  }),
  event('ombudsman.report-published', {}),
  event('remedy.completed', { recommendation: ref }),
  event('report.considered', { by: z.enum(['committee', 'cabinet', 'full-council']).optional() }),
  event('learning-review.completed', {}),
  // Narrative
  event('note', {}),
] as const;

/** `omission` has no `at`: it states that a step had not happened by `until` (default `asOf`). */
export const omissionSchema = z.strictObject({
  id,
  type: z.literal('omission'),
  step: z.string().min(1),
  for: ref.optional(),
  until: dateSpec.optional(),
  children: z.array(ref).min(1).optional(),
  by: agency.optional(),
  cite: z.string().min(1).optional(),
  note: z.string().optional(),
});

export const chronologyEvent = z.discriminatedUnion('type', [...eventSchemas, omissionSchema]);

export type ChronologyEvent = z.output<typeof chronologyEvent>;
export type EventType = ChronologyEvent['type'];
export type EventOf<T extends EventType> = Extract<ChronologyEvent, { type: T }>;
export type DatedEvent = Exclude<ChronologyEvent, { type: 'omission' }>;
export type Omission = EventOf<'omission'>;

export const EVENT_TYPES: readonly EventType[] = chronologyEvent.options.map((o) => o.shape.type.value) as EventType[];
