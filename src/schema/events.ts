/**
 * The event vocabulary (spec §2), one zod schema per event type, discriminated on
 * `type`. Objects are strict: a misspelt field is an error naming the field, not a
 * silent guess. Fields the spec lists are optional unless an event makes no sense
 * without them, because chronologies are summaries: a field left out is unknown,
 * and rules treat it as such (at most a `possible` finding).
 *
 * Additions to the spec's vocabulary are marked "(casepath addition)".
 *
 * Each type's fields are written as a function: its schema is built the first time it is
 * needed (`eventSchema(type)`), so reading a chronology builds the schemas of the types in
 * it, not of all of them. The union of every type (`chronologyEventSchema()`, which the
 * package exports as `chronologyEvent`) builds them all.
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
  /** When it happened. Left out, the event spans what listing order and the file's other dates allow. */
  at: eventDate.optional(),
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

/**
 * What an event's fields refer to, declared beside its shape: the loader's cross-check,
 * the property suite's reference fields and the generators read it. `path` names a field,
 * `*` every item of a list (`reasons.*.evidence.*`).
 */
export type RefTarget =
  /** Another event, of one of these types (any type when absent). */
  | { kind: 'event'; types?: readonly EventTypeName[] }
  /** A concern id (raised by a `concern.raised`). */
  | { kind: 'concern' }
  | { kind: 'event-or-concern' }
  /** A plan action (named by a `plan.action-set`). */
  | { kind: 'action' }
  /** An Ombudsman recommendation id (of an `ombudsman.decided`). */
  | { kind: 'recommendation' }
  /** Whatever an omitted step would have referred to: an event, a concern, an action or a recommendation. */
  | { kind: 'any' };

export interface EventMeta {
  readonly refs: readonly { readonly path: string; readonly to: RefTarget }[];
  /**
   * Dates within the event (its own `at` aside), each a date node of its own: keyed
   * `<event id>#<last path segment>`, or `#<the item's id>` with `key: 'item-id'`. A bare
   * ISO duration counts from the event's own date.
   */
  readonly dates: readonly { readonly path: string; readonly key?: 'item-id' }[];
}

/** Event type names, before the union type exists (for the reference tables). */
type EventTypeName = string;

const META = new Map<string, EventMeta>();

/** One event type's schema: the fields every event has, its `type`, and its own. */
const eventObject = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ ...common, type: z.literal(type), ...shape });

/**
 * An event type: its name and metadata at once, its zod schema built on first use. Building
 * the schemas of every type (zod's classic API gives each schema instance its methods) took
 * about 14 ms of every command's start-up, where a chronology uses a few of the types.
 */
export interface EventDef<T extends string = string, O extends z.ZodType = z.ZodType> {
  readonly type: T;
  schema(): O;
}

/** The event types whose schemas have been built, in the order they were (see {@link builtEventTypes}). */
const BUILT: string[] = [];

/** A type's schema, built by the first call of `schema()` and kept. */
function lazySchema<T extends string, O extends z.ZodType>(type: T, build: () => O): EventDef<T, O> {
  let built: O | undefined;
  return {
    type,
    schema: () => {
      if (!built) {
        built = build();
        BUILT.push(type);
      }
      return built;
    },
  };
}

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: () => S, meta: Partial<EventMeta> = {}): EventDef<T, ReturnType<typeof eventObject<T, S>>> {
  META.set(type, { refs: meta.refs ?? [], dates: meta.dates ?? [] });
  return lazySchema(type, () => eventObject(type, shape()));
}

/** The event types whose schemas this process has built so far (for tests of the start-up's laziness). */
export function builtEventTypes(): readonly string[] {
  return [...BUILT];
}

const toEvent = (...types: EventTypeName[]): RefTarget => ({ kind: 'event', ...(types.length ? { types } : {}) });
const CONCERN: RefTarget = { kind: 'concern' };

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
/** What a complaint is about (`complaint.made.subject`): the first five are functions the Representations Procedure covers. */
export const COMPLAINT_SUBJECTS = ['looked-after', 'child-in-need', 'care-leaver', 'special-guardianship', 'adoption-support', 'child-protection', 'other'] as const;
export const STATUTORY_COMPLAINT_SUBJECTS: readonly (typeof COMPLAINT_SUBJECTS)[number][] = ['looked-after', 'child-in-need', 'care-leaver', 'special-guardianship', 'adoption-support'];
export const ASSESSED_FINDINGS = ['substantiated', 'unsubstantiated', 'inconclusive'] as const;

const plans = ['plan', 'no-plan', 'continue-plan', 'end-plan'] as const;

/** Why a decision was taken (conference and strategy reasons). */
export const reason = z.discriminatedUnion('basis', [
  z.strictObject({ basis: z.literal('concern'), concern: ref }),
  z.strictObject({ basis: z.literal('procedural-status'), status: z.enum(['plo', 'proceedings', 'existing-plan']) }),
  /** `evidence`: the missed appointments or other events relied on, where the source names them. */
  z.strictObject({ basis: z.literal('non-engagement'), evidence: z.array(ref).min(1).optional() }),
  z.strictObject({ basis: z.literal('dissent-considered'), by: agency }),
]);
export type Reason = z.output<typeof reason>;

const view = z.strictObject({ by: agency, view: z.enum(plans) });

/** A decision's reasons and what it relied on, as references. */
const REASON_REFS = [
  { path: 'reliesOn.*', to: CONCERN },
  { path: 'reasons.*.concern', to: CONCERN },
  { path: 'reasons.*.evidence.*', to: toEvent() },
] as const;

const strategyDecision = z.enum(['s47', 'no-s47', 'convene-icpc', 'further-strategy', 'no-further-action']);

/** Every event type but `omission`, in the order of the union (and of `EVENT_TYPES`). */
const EVENT_DEFS = [
  // Evidence
  event('concern.raised', () => ({
    concern: ref,
    kind: z.enum(CONCERN_KINDS).optional(),
    basis: z.enum(CONCERN_BASES).optional(),
    /** (casepath addition) a recorded decision that telling the parent would put the child at risk. */
    withholdFromParent: z.boolean().optional(),
  })),
  event('concern.assessed', () => ({ concern: ref, finding: z.enum(ASSESSED_FINDINGS).optional() }), { refs: [{ path: 'concern', to: CONCERN }] }),
  // Referral, assessment, strategy, s47
  event('referral.received', () => ({ from: agency.optional(), concerns: z.array(ref).optional() }), { refs: [{ path: 'concerns.*', to: CONCERN }] }),
  event('referral.decided', () => ({
    outcome: z.enum(['no-further-action', 'early-help', 'assessment', 'strategy-discussion']).optional(),
    /** (casepath addition) the referral decided; default: the latest one. */
    referral: ref.optional(),
  }), { refs: [{ path: 'referral', to: toEvent('referral.received') }] }),
  event('assessment.started', () => ({ kind: z.string().optional() })),
  event('assessment.completed', () => ({
    kind: z.string().optional(),
    conclusion: z.enum(['no-significant-concerns', 'child-in-need', 'child-protection-concerns']).optional(),
    findings: z.array(z.strictObject({ concern: ref, finding: z.enum(ASSESSED_FINDINGS) })).optional(),
    /**
     * (casepath addition) The reasons for taking longer than the timescale were recorded
     * (Working Together allows an assessment to run past 45 working days with reasons).
     */
    delayReasons: z.boolean().optional(),
  }), { refs: [{ path: 'findings.*.concern', to: CONCERN }] }),
  event('strategy.held', () => ({
    participants: z.array(agency).optional(),
    /** (casepath addition) The source calls it a multi-agency meeting but does not name the agencies. */
    multiAgency: z.boolean().optional(),
    reliesOn: z.array(ref).optional(),
    decision: strategyDecision.optional(),
    reasons: z.array(reason).optional(),
    views: z.array(z.strictObject({ by: agency, view: z.string().min(1) })).optional(),
  }), { refs: REASON_REFS }),
  event('threshold.considered', () => ({
    for: z.enum(['strategy', 's47', 'icpc', 'plo']).optional(),
    met: z.boolean().optional(),
    reliesOn: z.array(ref).optional(),
  }), { refs: REASON_REFS }),
  event('s47.started', () => ({})),
  event('s47.completed', () => ({
    /** `no-continuing-risk`: the source says the child is not at continuing risk but not whether harm was substantiated. */
    outcome: z.enum(['not-substantiated', 'substantiated-no-continuing-risk', 'no-continuing-risk', 'continuing-risk']).optional(),
  })),
  event('outcome.shared', () => ({ of: ref, with: z.enum(['parent', 'child', 'referrer']).optional() }), { refs: [{ path: 'of', to: { kind: 'event-or-concern' } }] }),
  event('child.seen', () => ({ alone: z.boolean().optional() })),
  event('home.visited', () => ({})),
  event('views.sought', () => ({})),
  event('appointment.missed', () => ({
    with: agency.optional(),
    reason: z.string().min(1).optional(),
    notified: z.boolean().optional(),
  })),
  // Conferences and plans
  event('conference.scheduled', () => ({ kind: z.enum(['initial', 'review', 'early-review']).optional(), for: dateSpec.optional() }), { dates: [{ path: 'for' }] }),
  event('conference.cancelled', () => ({ scheduled: ref.optional(), shortNotice: z.boolean().optional() }), { refs: [{ path: 'scheduled', to: toEvent('conference.scheduled') }] }),
  event(
    'reports.shared',
    () => ({ for: ref, with: z.enum(['parent', 'child']).default('parent'), complete: z.boolean().optional() }),
    { refs: [{ path: 'for', to: toEvent('conference.held', 'conference.scheduled') }] },
  ),
  event('conference.held', () => ({
    /** Left out: the source does not say (the machines and rules weigh every reading). */
    kind: z.enum(['initial', 'review', 'early-review']).optional(),
    participants: z.array(agency).optional(),
    views: z.array(view).optional(),
    decision: z.enum(plans).optional(),
    decidedBy: z.enum(['consensus', 'majority', 'chair']).optional(),
    category: z.enum(['neglect', 'physical-abuse', 'sexual-abuse', 'emotional-abuse']).optional(),
    reasons: z.array(reason).optional(),
    proportionality: z.boolean().optional(),
    advocate: z.enum(['offered', 'declined', 'not-offered']).optional(),
  }), { refs: REASON_REFS }),
  event('core-group.held', () => ({})),
  event('plan.action-set', () => ({ action: z.string().min(1), due: dateOrDuration.optional() }), { dates: [{ path: 'due' }] }),
  event('plan.action-done', () => ({ action: z.string().min(1) }), { refs: [{ path: 'action', to: { kind: 'action' } }] }),
  // Professional challenge
  event('challenge.raised', () => ({ about: ref.optional(), view: z.string().optional() }), { refs: [{ path: 'about', to: toEvent() }] }),
  event(
    'challenge.answered',
    () => ({ challenge: ref, outcome: z.enum(['accepted', 'rejected-with-reasons']).optional() }),
    { refs: [{ path: 'challenge', to: toEvent('challenge.raised') }] },
  ),
  event('escalation.raised', () => ({
    /** (casepath addition) the challenge escalated. */
    challenge: ref.optional(),
    about: ref.optional(),
  }), { refs: [{ path: 'challenge', to: toEvent('challenge.raised') }, { path: 'about', to: toEvent() }] }),
  event(
    'escalation.resolved',
    () => ({ escalation: ref.optional(), challenge: ref.optional() }),
    { refs: [{ path: 'escalation', to: toEvent('escalation.raised') }, { path: 'challenge', to: toEvent('challenge.raised') }] },
  ),
  // Pre-proceedings and proceedings
  event('legal.planning-meeting', () => ({
    reliesOn: z.array(ref).optional(),
    thresholdMet: z.boolean().optional(),
    decision: z.enum(['pre-proceedings', 'issue-proceedings', 'no-action']).optional(),
    proportionality: z.boolean().optional(),
  }), { refs: REASON_REFS }),
  event('plo.letter-sent', () => ({
    explained: z.boolean().optional(),
    legalAidInfo: z.boolean().optional(),
    meetingInvite: z.boolean().optional(),
  })),
  event('plo.meeting-held', () => ({})),
  event('plo.reviewed', () => ({})),
  event('plo.ended', () => ({ outcome: z.enum(['step-down', 'proceedings']).optional() })),
  event('proceedings.issued', () => ({ proportionality: z.boolean().optional() })),
  /** (casepath addition) an extension of the 26-week limit, CA 1989 s32(5). */
  event('proceedings.extended', () => ({ weeks: z.number().int().min(1).max(8).optional() })),
  event('proceedings.concluded', () => ({ order: z.enum(['care', 'supervision', 'none']).optional() })),
  // Looked-after children (machines and rules: a later issue)
  event('care-order.made', () => ({})),
  event('care-order.discharge-considered', () => ({ decision: z.string().optional() })),
  event('care-order.discharged', () => ({})),
  event('living-arrangement.changed', () => ({
    with: agency.optional(),
    significant: z.boolean().default(true),
    /** (casepath addition) whether the care plan in force provided for this change; unstated, casepath infers it from a plan update shortly before. */
    planned: z.boolean().optional(),
  })),
  event('contact.changed', () => ({ supervised: z.boolean().optional() })),
  event('care-plan.updated', () => ({})),
  event('risk-assessment.completed', () => ({})),
  /** The day the child became looked after, on whatever basis (CPPCR reg 33 counts the first review from it). */
  event('looked-after.started', () => ({
    basis: z.enum(LOOKED_AFTER_BASES).optional(),
  })),
  event('looked-after.ceased', () => ({ reason: z.string().min(1).optional() })),
  event('lac-review.held', () => ({})),
  event('lac-review.postponed', () => ({})),
  /** `worker`: a pseudonymous id; left out, an allocation of a worker the source does not name. */
  event('worker.allocated', () => ({ worker: z.string().min(1).optional() })),
  // Child in need (CA 1989 s17)
  event('cin-plan.started', () => ({})),
  event('cin-plan.reviewed', () => ({})),
  event('cin-plan.ended', () => ({ reason: z.string().min(1).optional() })),
  // Correspondence, commitments, support
  event('correspondence.received', () => ({ from: agency.optional(), recorded: z.boolean().default(true) })),
  event('correspondence.answered', () => ({ correspondence: ref }), { refs: [{ path: 'correspondence', to: toEvent('correspondence.received') }] }),
  event('commitment.made', () => ({ what: z.string().optional(), due: dateOrDuration.optional() }), { dates: [{ path: 'due' }] }),
  event('commitment.kept', () => ({ commitment: ref }), { refs: [{ path: 'commitment', to: toEvent('commitment.made') }] }),
  event('support.offered', () => ({ what: z.string().optional() })),
  // Complaints and the Ombudsman (machines and rules: a later issue)
  event('complaint.made', () => ({
    stage: z.number().int().min(1).max(3).optional(),
    procedure: z.enum(['statutory-children', 'corporate']).optional(),
    /**
     * (casepath addition) What the complaint is about, where the source says: the functions
     * the Representations Procedure covers (`looked-after`, `child-in-need`, `care-leaver`,
     * `special-guardianship`, `adoption-support`) or not (`child-protection`: s47 enquiries and
     * conferences; `other`).
     */
    subject: z.enum(COMPLAINT_SUBJECTS).optional(),
  })),
  event('complaint.responded', () => ({
    stage: z.number().int().min(1).max(3).optional(),
    outcome: z.enum(['upheld', 'partly-upheld', 'not-upheld', 'declined']).optional(),
    remedyConsidered: z.boolean().optional(),
    apology: z.boolean().optional(),
    /**
     * (casepath addition) The stage's findings or recommendations to carry out (stage 2 and
     * 3 especially), each with an id that `remedy.completed` or an `omission` can name; `due`
     * where the response gives one.
     */
    recommendations: z.array(z.strictObject({ id, action: z.string().min(1).optional(), due: dateOrDuration.optional() })).optional(),
    /** (casepath addition) the complaint event answered; default: the latest. */
    complaint: ref.optional(),
  }), { refs: [{ path: 'complaint', to: toEvent('complaint.made') }], dates: [{ path: 'recommendations.*.due', key: 'item-id' }] }),
  event(
    'ombudsman.complaint-made',
    () => ({ about: z.strictObject({ from: dateSpec.optional(), to: dateSpec.optional() }).optional() }),
    { dates: [{ path: 'about.from' }, { path: 'about.to' }] },
  ),
  event(
    'ombudsman.decided',
    () => ({
      outcome: z.string().optional(),
      /** `due` left out: the decision gives no date (a default deadline applies, at most `possible`). */
      recommendations: z.array(z.strictObject({ id, action: z.string().min(1).optional(), due: dateOrDuration.optional() })).optional(),
    }),
    { dates: [{ path: 'recommendations.*.due', key: 'item-id' }] },
  ),
  event(
    'ombudsman.report-published',
    () => ({
      /** (casepath addition) When the authority received the report, where the source says (s31(2) counts from receipt). */
      received: dateSpec.optional(),
      /** (casepath addition) Whether the Ombudsman agreed in writing to a period longer than three months (s31(2)). */
      extensionAgreed: z.boolean().optional(),
    }),
    { dates: [{ path: 'received' }] },
  ),
  event('remedy.completed', () => ({ recommendation: ref }), { refs: [{ path: 'recommendation', to: { kind: 'recommendation' } }] }),
  event('report.considered', () => ({ by: z.enum(['committee', 'cabinet', 'full-council']).optional() })),
  event('learning-review.completed', () => ({})),
  // Narrative
  event('note', () => ({})),
] as const;

/** `omission` has no `at`: it states that a step had not happened by `until` (default `asOf`). */
const omissionObject = () =>
  z.strictObject({
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
const OMISSION = lazySchema('omission', omissionObject);

META.set('omission', { refs: [{ path: 'for', to: { kind: 'any' } }], dates: [] });

/** The schemas of a tuple of event types (a mapped type over a type parameter keeps the tuple). */
type SchemasOf<T extends readonly EventDef[]> = { -readonly [K in keyof T]: T[K] extends EventDef<string, infer O> ? O : never };
/** The schemas of every event type but `omission`, as a tuple type (in the order of the union). */
export type EventSchemas = SchemasOf<typeof EVENT_DEFS>;
const unionOf = <O extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(options: O) => z.discriminatedUnion('type', options);
/** The zod schema of any chronology event: a union discriminated on `type`. */
export type ChronologyEventSchema = ReturnType<typeof unionOf<[...EventSchemas, ReturnType<typeof omissionObject>]>>;

/** The `omission` schema (built on first use). */
export function omissionSchema(): ReturnType<typeof omissionObject> {
  return OMISSION.schema();
}

/** The schemas of every event type but `omission`, in the union's order (all built by this call). */
export function eventSchemas(): EventSchemas {
  return EVENT_DEFS.map((d) => d.schema()) as unknown as EventSchemas;
}

let union: ChronologyEventSchema | undefined;
/** The schema of any event (every type's schema is built by the first call). `casepath` exports it as `chronologyEvent`. */
export function chronologyEventSchema(): ChronologyEventSchema {
  return (union ??= unionOf([...eventSchemas(), omissionSchema()] as [...EventSchemas, ReturnType<typeof omissionObject>]));
}

const DEFS_BY_TYPE = new Map<string, EventDef>([...EVENT_DEFS, OMISSION].map((d) => [d.type, d]));
/** The schema of one event type (`omission` included), built on first use; undefined for a type that is not one. */
export function eventSchema(type: string): z.ZodType | undefined {
  return DEFS_BY_TYPE.get(type)?.schema();
}

export type ChronologyEvent = z.output<ChronologyEventSchema>;
/** An event as a file or a caller writes it (dates as text, before the loader reads them): what `record` and `check` take. */
export type EventInput = z.input<ChronologyEventSchema>;
export type EventType = ChronologyEvent['type'];
export type EventOf<T extends EventType> = Extract<ChronologyEvent, { type: T }>;
export type DatedEvent = Exclude<ChronologyEvent, { type: 'omission' }>;
export type Omission = EventOf<'omission'>;

/** Every event type, `omission` last: the union's order. */
export const EVENT_TYPES: readonly EventType[] = [...EVENT_DEFS.map((d) => d.type), 'omission'];

/** Every event type's references and inner dates: complete by construction (each `event(...)` declares its own). */
export const EVENT_META: Readonly<Record<EventType, EventMeta>> = Object.fromEntries(META) as Record<EventType, EventMeta>;

/**
 * {@link EVENT_META} of one event type, by a Map: the loader asks this for every event, and
 * an object of 64 dotted keys is a dictionary whose keyed load cost about 1% of a bulk
 * replay (BENCHMARKS.md, 2026-12-07 night).
 */
export function metaOf(type: EventType): EventMeta {
  return META.get(type)!;
}

/** A value found at a path: the value, its concrete path (`reasons.0.evidence.1`) and the object holding it. */
export interface ValueAt {
  value: unknown;
  path: string;
  parent: Record<string, unknown>;
}

const PATH_PARTS = new Map<string, readonly string[]>();

/**
 * The values at `path` in `value` (`*` for every item of a list), each with its concrete
 * path (`reasons.0.evidence.1`) and the object holding it. A plain list, not a generator:
 * the loader asks this for every reference and inner date of every event.
 */
export function valuesAt(value: unknown, path: string): ValueAt[] {
  let parts = PATH_PARTS.get(path);
  if (!parts) PATH_PARTS.set(path, (parts = path.split('.')));
  const out: ValueAt[] = [];
  collect(value, parts, 0, '', undefined, out);
  return out;
}

function collect(v: unknown, parts: readonly string[], i: number, at: string, parent: Record<string, unknown> | undefined, out: ValueAt[]): void {
  if (i === parts.length) {
    if (v !== undefined && parent) out.push({ value: v, path: at, parent });
    return;
  }
  const part = parts[i]!;
  const prefix = i === 0 ? '' : `${at}.`;
  if (part === '*') {
    if (Array.isArray(v)) for (let k = 0; k < v.length; k++) collect(v[k], parts, i + 1, prefix + k, parent, out);
    return;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, part)) return;
  collect((v as Record<string, unknown>)[part], parts, i + 1, prefix + part, v as Record<string, unknown>, out);
}
