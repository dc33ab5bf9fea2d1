/**
 * The chronology file's JSON Schema (draft 2020-12), for editors: `casepath schema` prints
 * it, and an editor that validates YAML or JSON against a schema (VS Code with Red Hat's
 * YAML extension, yaml-language-server) completes and checks a chronology with it.
 *
 * It is generated from the zod schemas the loader validates with (`z.toJSONSchema`, input
 * side: what an author writes, before normalisation), so the shapes cannot drift apart.
 * On top of zod's output:
 * - the pieces many events share (dates, ids, references, agencies, the reason union,
 *   each event type) are `$defs`, registered in a registry of this module's own;
 * - the date forms, which zod only knows as transforms of a string, a number or a Date,
 *   are written out as patterns (spec §1 "Dates", src/schema/dates.ts): a day, a month or
 *   a year in 1900–2899 (a YAML year may be a number), `{ between }`, `{ after | before,
 *   offset, tolerance }`, ISO 8601 durations in days, weeks, months and years;
 * - the unions on `type` (events) and `basis` (reasons) dispatch with `if`/`then` on the
 *   discriminator, so a mistake in one event gives that event type's errors only, not
 *   one set per event type;
 * - descriptions, from the zod schemas' own metadata (`.meta()`, `.describe()`) where
 *   they have it, else from the tables below (paraphrasing the spec, §1 and §2), and for
 *   every reference field a sentence saying what it refers to, from EVENT_META.
 *
 * What the loader checks and no JSON Schema can (the schema is looser there, never
 * stricter): ids unique in the file; references resolving to an event, concern, action or
 * recommendation of the right type; children named in the file; a range that does not end
 * before it starts; durations of at most 100 years; dates that contradict each other or
 * the listing order; `asOf` and a coverage window being single days.
 */
import { z } from 'zod';
import { INPUT_YEARS } from '../calendar/day.js';
import { MAX_DURATION_YEARS } from '../dates/durations.js';
import { child, chronologyFileSchema, completeness } from './chronology.js';
import { dateOrDuration, dateSpec, eventDate } from './dates.js';
import { EVENT_META, EVENT_TYPES, type EventType, KNOWN_AGENCIES, type RefTarget, chronologyEventSchema, reason } from './events.js';

type Json = Record<string, unknown>;

const ID = 'https://casepath.invalid/schema/chronology.json';

// ---------------------------------------------------------------------------------------
// Dates (src/schema/dates.ts): patterns for what parseDateText and isoDuration accept.

if (INPUT_YEARS.first !== 1900 || INPUT_YEARS.last !== 2899) throw new Error('json-schema.ts: the year patterns assume input years 1900–2899');
/** A year in 1900–2899. */
const YEAR = '(?:19|2[0-8])\\d{2}';
const MONTH = `${YEAR}-(?:0[1-9]|1[0-2])`;
/** A calendar day: 29–31 only in months that have them, 29 February only in leap years (2000, 2400 and 2800 among the centuries). */
const DAY =
  `${YEAR}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)` +
  '|(?:(?:19|2[0-8])(?:0[48]|[2468][048]|[13579][26])|2[048]00)-02-29';
/** luxon's ISO 8601 duration (`Duration.fromISO`), without a leading sign or a time part (casepath counts whole days). */
const PART = '-?\\d{1,20}(?:\\.\\d{1,20})?';
const DURATION = `^P(?:${PART}Y)?(?:${PART}M)?(?:${PART}W)?(?:${PART}D)?$`;

const ref = (name: string): Json => ({ $ref: `#/$defs/${name}` });

const DATE_FORMS = 'YYYY-MM-DD (that day), YYYY-MM (some day that month), YYYY (some day that year)';

/** The date defs, written out (zod sees only transforms). Keys are $defs names. */
const DATE_DEFS: Record<string, Json> = {
  date: {
    description: `A date, as vague as the source: ${DATE_FORMS}, { between: [from, to] } (some day in that inclusive range), { after: EVENT_ID, offset: P1W, tolerance: P2D } or { before: EVENT_ID, offset: P2M } (an ISO 8601 duration from another event, ± a tolerance). Years ${INPUT_YEARS.first}–${INPUT_YEARS.last}.`,
    if: { type: 'object' },
    then: ref('dateObject'),
    else: ref('dateText'),
  },
  dateText: {
    description: `${DATE_FORMS}; years ${INPUT_YEARS.first}–${INPUT_YEARS.last}. In YAML they may be left unquoted (a year is then a number).`,
    if: { type: 'number' },
    then: { type: 'integer', minimum: INPUT_YEARS.first, maximum: INPUT_YEARS.last, description: 'A year, written as a number (YAML `at: 2023`).' },
    else: { type: 'string', pattern: `^(?:${DAY}|${MONTH}|${YEAR})$` },
  },
  dateObject: {
    type: 'object',
    anyOf: [has('between'), has('after'), has('before')],
    allOf: [
      { if: has('between'), then: ref('dateBetween') },
      { if: has('after'), then: ref('dateAfter') },
      { if: has('before'), then: ref('dateBefore') },
    ],
  },
  dateBetween: {
    type: 'object',
    description: 'Some day in an inclusive range.',
    properties: {
      between: {
        type: 'array',
        description: '[from, to]: the first and last day it may be (each a day, month or year; a month or year counts from its first day to its last).',
        items: ref('dateText'),
        minItems: 2,
        maxItems: 2,
      },
    },
    required: ['between'],
    additionalProperties: false,
  },
  dateAfter: relativeDate('after'),
  dateBefore: relativeDate('before'),
  duration: {
    type: 'string',
    description: `An ISO 8601 duration in years, months, weeks and days (P1W, P2D, P2M, P1Y, P1M2W), at most ${MAX_DURATION_YEARS} years; no time part. An offset in months or years spans every day count it can mean.`,
    pattern: DURATION,
  },
  eventDate: {
    description: 'When it happened: a date, or (casepath addition) a list of dates that must all hold — "two months after this, in August" is [{ after: X, offset: P2M }, 2023-08]. Left out, the event spans what listing order and the file\'s other dates allow.',
    if: { type: 'array' },
    then: { type: 'array', minItems: 1, items: ref('date') },
    else: ref('date'),
  },
  dateOrDuration: {
    description: 'A date, or an ISO 8601 duration (P2W) meaning that long after this event.',
    if: { type: 'string', pattern: '^P' },
    then: ref('duration'),
    else: ref('date'),
  },
};

/** An object with the key `key` (for `if` and `anyOf`: the date object forms are told apart by their keys). */
function has(key: string): Json {
  return { type: 'object', properties: { [key]: true }, required: [key] };
}

function relativeDate(direction: 'after' | 'before'): Json {
  return {
    type: 'object',
    description: `${direction === 'after' ? 'An offset after' : 'An offset before'} another event, ± a tolerance.`,
    properties: {
      [direction]: { type: 'string', minLength: 1, description: `The id of the event this one is dated ${direction}.` },
      offset: { ...ref('duration'), description: `How long ${direction} it (ISO 8601: P1W, P2M).` },
      tolerance: { ...ref('duration'), description: 'Plus or minus this much (ISO 8601; default none).' },
    },
    required: [direction, 'offset'],
    additionalProperties: false,
  };
}

// ---------------------------------------------------------------------------------------
// Descriptions (spec §2, paraphrased). Keyed by event type: the compiler holds it complete.

const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  'concern.raised': 'A concern about a child is raised: evidence that escalation rests on.',
  'concern.assessed': 'A concern is assessed: substantiated, unsubstantiated or inconclusive.',
  'referral.received': "Children's social care receives a referral.",
  'referral.decided': 'The decision on a referral: no further action, early help, an assessment or a strategy discussion.',
  'assessment.started': 'An assessment (of the child and family) starts.',
  'assessment.completed': 'An assessment is completed, with its conclusion.',
  'strategy.held': 'A strategy discussion or meeting is held.',
  'threshold.considered': 'A recorded consideration of whether a threshold (strategy, s47, ICPC, PLO) is met; a recorded decision not to escalate is good practice, not a gap.',
  's47.started': 'A section 47 enquiry (Children Act 1989) starts.',
  's47.completed': 'A section 47 enquiry is completed, with its outcome.',
  'outcome.shared': 'The outcome of an enquiry, a conference, a core group or a concern is shared with the parent, the child or the referrer.',
  'child.seen': 'The child is seen.',
  'home.visited': 'A home visit.',
  'views.sought': "The child's wishes and feelings are sought.",
  'appointment.missed': 'An appointment is missed.',
  'conference.scheduled': 'A child protection conference is scheduled.',
  'conference.cancelled': 'A scheduled conference is cancelled.',
  'reports.shared': 'Reports for a conference are shared with the parent (or the child) before it.',
  'conference.held': 'A child protection conference (initial, review or early review) is held, with its decision.',
  'core-group.held': 'A core group meeting is held.',
  'plan.action-set': 'An action of the plan is set, optionally with a due date.',
  'plan.action-done': 'An action of the plan is done.',
  'challenge.raised': 'A professional challenge (disagreement) is raised.',
  'challenge.answered': 'A professional challenge is answered.',
  'escalation.raised': 'A professional disagreement is escalated.',
  'escalation.resolved': 'An escalation is resolved.',
  'legal.planning-meeting': 'A legal planning meeting considers pre-proceedings (PLO) or care proceedings.',
  'plo.letter-sent': 'The letter before proceedings (PLO) is sent to the parent.',
  'plo.meeting-held': 'The pre-proceedings meeting is held.',
  'plo.reviewed': 'Pre-proceedings are reviewed.',
  'plo.ended': 'Pre-proceedings end: a step down, or proceedings.',
  'proceedings.issued': 'Care proceedings are issued.',
  'proceedings.extended': '(casepath addition) The court extends the 26-week limit of care proceedings (CA 1989 s32(5)).',
  'proceedings.concluded': 'Care proceedings conclude, with the order made.',
  'care-order.made': 'A care order is made.',
  'care-order.discharge-considered': 'Discharging a care order is considered.',
  'care-order.discharged': 'A care order is discharged.',
  'living-arrangement.changed': "A looked-after child's living arrangement (placement) changes.",
  'contact.changed': 'Contact arrangements change.',
  'care-plan.updated': 'The care plan is updated.',
  'risk-assessment.completed': 'A risk assessment is completed.',
  'looked-after.started': 'The child becomes looked after, on whatever basis (the first review counts from this day).',
  'looked-after.ceased': 'The child stops being looked after.',
  'lac-review.held': 'A looked-after child review is held.',
  'lac-review.postponed': 'A looked-after child review is postponed.',
  'worker.allocated': 'A social worker is allocated.',
  'cin-plan.started': 'A child in need plan (CA 1989 s17) starts.',
  'cin-plan.reviewed': 'A child in need plan is reviewed.',
  'cin-plan.ended': 'A child in need plan ends.',
  'correspondence.received': 'Correspondence (a letter, an email) is received.',
  'correspondence.answered': 'Correspondence is answered.',
  'commitment.made': 'A commitment is made (to answer, to do something), optionally by a due date.',
  'commitment.kept': 'A commitment is kept.',
  'support.offered': 'Support is offered.',
  'complaint.made': 'A complaint is made (stage 1, 2 or 3).',
  'complaint.responded': 'A complaint is responded to, at a stage.',
  'ombudsman.complaint-made': 'A complaint is made to the Local Government and Social Care Ombudsman.',
  'ombudsman.decided': "The Ombudsman's decision, with its recommendations.",
  'ombudsman.report-published': 'The Ombudsman publishes a report about the authority (LGA 1974 s31(2)).',
  'remedy.completed': 'A recommendation (of the Ombudsman or a complaint response) is carried out.',
  'report.considered': "The Ombudsman's report is formally considered (by a committee, the cabinet or full council).",
  'learning-review.completed': 'A learning (practice) review is completed.',
  note: 'Narrative only: no semantics.',
  omission:
    'The source states that a step had not happened by `until` (default: asOf) — a citeable fact. It has no `at` of its own and takes no part in the listing-order constraint.',
};

/**
 * Field descriptions: `TYPE:field` for one event type, `field` for every object that has
 * it (an event, a reason, the file), `parent.field` for a field of a nested object or of
 * a list's items. A reference field gets, in addition, what it refers to (EVENT_META).
 */
const FIELD_DESCRIPTIONS: Record<string, string> = {
  // The file (spec §1)
  case: 'Id of the case (pseudonymous; never a real name).',
  title: 'A title for the case.',
  source: 'Where the facts come from.',
  'source.document': 'The source document (e.g. an Ombudsman report number).',
  'source.file': 'The file it was read from.',
  'source.url': 'Where it is published.',
  'file:asOf': 'Open deadlines are judged at this date (a single day, YYYY-MM-DD). Default: today.',
  jurisdiction: 'The rulebook to apply (only england for now).',
  completeness: 'What the source records in full: summary (default: a fact not stated is unknown), record (a step not recorded did not happen), or a coverage window { record: { from, to, events } }.',
  'completeness.record': 'The event types a dataset records in full, and the days it covers.',
  'record.from': 'The first day covered (a single day).',
  'record.to': 'The last day covered (a single day).',
  'record.events': 'The event types recorded in full in that window.',
  children: 'The children concerned, by id (default: all the children of the case).',
  'file:children': 'The children of the case.',
  'children.id': 'Pseudonymous id of the child (events name children by it).',
  'children.born': 'Year or date of birth, as vague as the source.',
  'children.note': 'Free text.',
  events: 'The events, in the order they happened: listing order is itself a constraint (each event on or after the one before).',
  // Every event
  id: 'Unique id of this event in the file (letters, digits, ".", "_", ":", "-"); other events refer to it.',
  type: 'The event type.',
  at: 'When it happened.',
  by: 'Agency or role that acted.',
  cite: 'Where in the source this fact is stated (e.g. "para 28").',
  note: 'Free text. Never printed unless asked (--show-notes).',
  unordered: '(casepath addition) The source does not say where this event falls among its neighbours: it takes no part in the listing-order constraint (its own `at` still applies).',
  // Shared by several events
  reliesOn: 'The concerns the decision relied on.',
  reasons: 'Why the decision was taken.',
  participants: 'The agencies or roles that took part.',
  multiAgency: '(casepath addition) The source calls the meeting multi-agency without naming the agencies (true); the participants, where stated, decide.',
  proportionality: 'Whether the Article 8 impact (proportionality) was recorded: true or false.',
  stage: 'The complaint stage (1–3).',
  recommendations: 'The recommendations to carry out, each with an id that remedy.completed or an omission can name.',
  'recommendations.id': 'Id of the recommendation.',
  'recommendations.action': 'What is to be done.',
  'recommendations.due': 'When it is due: a date, or a duration after this event. Left out: the source gives no date (a default deadline applies, at most a possible finding).',
  'views.by': 'Who held the view.',
  'views.view': 'Their view.',
  // Reasons
  basis: 'What the reason rests on.',
  'reason:concern': 'The concern relied on.',
  'reason:status': 'The procedural status relied on.',
  'reason:evidence': 'The missed appointments or other events relied on, where the source names them.',
  'reason:by': 'Whose dissent was considered.',
  // Event types
  'concern.raised:concern': 'The id this concern is known by (reliesOn, reasons and findings name it).',
  'concern.raised:kind': 'What the concern is about.',
  'concern.raised:basis': 'How the source knows it: observed (seen first-hand by a professional), reported (a first-hand account), hearsay or assumption.',
  'concern.raised:withholdFromParent': '(casepath addition) A recorded decision that telling the parent would put the child at risk.',
  'concern.assessed:concern': 'The concern assessed.',
  'concern.assessed:finding': 'What the assessment found.',
  'referral.received:from': 'Who referred.',
  'referral.received:concerns': 'The concerns referred.',
  'referral.decided:outcome': 'What was decided.',
  'referral.decided:referral': '(casepath addition) The referral decided; default: the latest one.',
  'assessment.started:kind': 'The kind of assessment (free text).',
  'assessment.completed:kind': 'The kind of assessment (free text).',
  'assessment.completed:conclusion': 'What the assessment concluded.',
  'assessment.completed:findings': 'What it found about each concern.',
  'findings.concern': 'The concern.',
  'findings.finding': 'What was found.',
  'assessment.completed:delayReasons': '(casepath addition) The reasons for taking longer than the timescale were recorded (an assessment may run past 45 working days with reasons).',
  'strategy.held:decision': 'What was decided.',
  'strategy.held:views': "The participants' views.",
  'threshold.considered:for': 'The threshold considered.',
  'threshold.considered:met': 'Whether it was found met.',
  's47.completed:outcome': 'The outcome; no-continuing-risk: the child is not at continuing risk, but the source does not say whether harm was substantiated.',
  'outcome.shared:of': 'What the outcome is of: an enquiry, a conference or core group (its minutes or decision letter), or a concern.',
  'outcome.shared:with': 'Who it was shared with.',
  'child.seen:alone': 'Whether the child was seen alone.',
  'appointment.missed:with': 'Who the appointment was with.',
  'appointment.missed:reason': 'Why it was missed, where the source says (e.g. illness).',
  'appointment.missed:notified': 'Whether the absence was notified in advance.',
  'conference.scheduled:kind': 'Initial, review or early review.',
  'conference.scheduled:for': 'The date it is scheduled for.',
  'conference.cancelled:scheduled': 'The scheduled conference it cancels.',
  'conference.cancelled:shortNotice': 'Cancelled at short notice, where the source says so.',
  'reports.shared:for': 'The conference the reports are for.',
  'reports.shared:with': 'Who they were shared with (default: parent).',
  'reports.shared:complete': 'false when only some of the reports were shared.',
  'conference.held:kind': 'Initial, review or early review. Left out: the source does not say (every reading is weighed).',
  'conference.held:views': "Each participant's recommendation.",
  'conference.held:decision': 'What the conference decided.',
  'conference.held:decidedBy': 'How it was decided.',
  'conference.held:category': 'The category of the plan.',
  'conference.held:advocate': 'An advocate or supporter for the parent: offered, declined or not offered.',
  'plan.action-set:action': 'The name of the action (plan.action-done names it).',
  'plan.action-set:due': 'When it is due: a date, or a duration after this event.',
  'plan.action-done:action': 'The action done.',
  'challenge.raised:about': 'The event challenged.',
  'challenge.raised:view': 'The view of the one challenging.',
  'challenge.answered:challenge': 'The challenge answered.',
  'challenge.answered:outcome': 'How it was answered.',
  'escalation.raised:challenge': '(casepath addition) The challenge escalated.',
  'escalation.raised:about': 'The event the escalation is about.',
  'escalation.resolved:escalation': 'The escalation resolved.',
  'escalation.resolved:challenge': 'The challenge resolved.',
  'legal.planning-meeting:thresholdMet': 'Whether the threshold for care proceedings was found met.',
  'legal.planning-meeting:decision': 'What was decided.',
  'plo.letter-sent:explained': 'Whether the letter explained the concerns and what must change.',
  'plo.letter-sent:legalAidInfo': 'Whether it told the parent about non-means-tested legal aid.',
  'plo.letter-sent:meetingInvite': 'Whether it invited the parent to a pre-proceedings meeting.',
  'plo.ended:outcome': 'How pre-proceedings ended.',
  'proceedings.extended:weeks': 'The length of the extension, in weeks (at most 8).',
  'proceedings.concluded:order': 'The order made.',
  'care-order.discharge-considered:decision': 'What was decided.',
  'living-arrangement.changed:with': 'Who the child now lives with.',
  'living-arrangement.changed:significant': 'Whether the change is significant (default true).',
  'living-arrangement.changed:planned': '(casepath addition) Whether the care plan in force provided for this change; left out, casepath infers it from a plan update shortly before.',
  'contact.changed:supervised': 'Whether contact is supervised.',
  'looked-after.started:basis': 'The legal basis on which the child became looked after.',
  'looked-after.ceased:reason': 'Why, where the source says.',
  'worker.allocated:worker': 'A pseudonymous id for the worker; left out, a worker the source does not name.',
  'cin-plan.ended:reason': 'Why, where the source says.',
  'correspondence.received:from': 'Who sent it.',
  'correspondence.received:recorded': 'Whether it was recorded on the case (default true).',
  'correspondence.answered:correspondence': 'The correspondence answered.',
  'commitment.made:what': 'What was promised.',
  'commitment.made:due': 'When it is due: a date, or a duration after this event.',
  'commitment.kept:commitment': 'The commitment kept.',
  'support.offered:what': 'What support was offered.',
  'complaint.made:procedure': 'The statutory children\'s complaints procedure (Representations Procedure) or the corporate one.',
  'complaint.made:subject': '(casepath addition) What the complaint is about, where the source says: looked-after, child-in-need, care-leaver, special-guardianship and adoption-support go through the statutory procedure; child-protection (s47 enquiries, conferences) and other do not.',
  'complaint.responded:outcome': 'The outcome at this stage; declined: refused to consider it at this stage.',
  'complaint.responded:remedyConsidered': 'Whether a remedy was considered.',
  'complaint.responded:apology': 'Whether an apology was made.',
  'complaint.responded:recommendations': '(casepath addition) The findings or recommendations of this stage to carry out (stage 2 and 3 especially).',
  'complaint.responded:complaint': '(casepath addition) The complaint answered; default: the latest.',
  'ombudsman.complaint-made:about': 'The period complained about.',
  'about.from': 'Its first day.',
  'about.to': 'Its last day.',
  'ombudsman.decided:outcome': 'The decision (free text).',
  'ombudsman.report-published:received': '(casepath addition) When the authority received the report, where the source says (s31(2) counts from receipt).',
  'ombudsman.report-published:extensionAgreed': '(casepath addition) Whether the Ombudsman agreed in writing to a period longer than three months (s31(2)).',
  'remedy.completed:recommendation': 'The recommendation carried out.',
  'report.considered:by': 'Who considered the report.',
  'omission:step': 'The event type of the step that had not happened.',
  'omission:for': 'What the step would have answered (optional).',
  'omission:until': 'By when it had not happened (default: asOf).',
};

/** Descriptions of shared $defs (those zod generates). */
const DEF_DESCRIPTIONS: Record<string, string> = {
  id: FIELD_DESCRIPTIONS['id']!,
  ref: 'The id of another event, a concern, a plan action or a recommendation in this file.',
  agency: 'An agency or a role. Open-ended; the ones the rules look for are listed as examples.',
  children: FIELD_DESCRIPTIONS['children']!,
  cite: FIELD_DESCRIPTIONS['cite']!,
  freeText: FIELD_DESCRIPTIONS['note']!,
  unordered: FIELD_DESCRIPTIONS['unordered']!,
  reason: 'A reason for a decision: { basis: concern, concern }, { basis: procedural-status, status }, { basis: non-engagement, evidence } or { basis: dissent-considered, by }.',
  event: 'One event: an id, a type and the fields of that type.',
  child: 'A child of the case.',
  completeness: FIELD_DESCRIPTIONS['completeness']!,
};

/** What a reference field refers to; `each` for a list of references. */
function refPhrase({ to, each }: RefField): string {
  const phrase = refTarget(to);
  return each ? `Each item: ${phrase[0]!.toLowerCase()}${phrase.slice(1)}` : phrase;
}

function refTarget(to: RefTarget): string {
  switch (to.kind) {
    case 'event':
      return to.types?.length ? `The id of a ${to.types.join(' or ')} event.` : 'The id of an event in this file.';
    case 'concern':
      return 'A concern id (the `concern` of a concern.raised).';
    case 'event-or-concern':
      return 'An event id or a concern id.';
    case 'action':
      return 'An action named by a plan.action-set.';
    case 'recommendation':
      return 'The id of a recommendation of an ombudsman.decided or complaint.responded.';
    case 'any':
      return 'The id of an event, a concern, a plan action or a recommendation.';
  }
}

// ---------------------------------------------------------------------------------------
// Generation

type Meta = { id?: string; description?: string; title?: string; examples?: unknown[] };

/** The zod schemas that become $defs, each with the def's name (`id`) and annotations. */
function sharedSchemas(): [z.core.$ZodType, Meta][] {
  const chronologyEvent = chronologyEventSchema();
  const common = chronologyEvent.options[0].shape;
  const children = common.children.unwrap();
  const named: [z.core.$ZodType, string][] = [
    [dateSpec, 'date'],
    [eventDate, 'eventDate'],
    [dateOrDuration, 'dateOrDuration'],
    [common.id, 'id'],
    [children.element, 'ref'],
    [common.by.unwrap(), 'agency'],
    [children, 'children'],
    [common.cite.unwrap(), 'cite'],
    [common.note.unwrap(), 'freeText'],
    [common.unordered.unwrap(), 'unordered'],
    [reason, 'reason'],
    [chronologyEvent, 'event'],
    [child, 'child'],
    [completeness, 'completeness'],
  ];
  return [
    ...named.map(([schema, id]): [z.core.$ZodType, Meta] => [
      schema,
      { id, ...(DEF_DESCRIPTIONS[id] ? { description: DEF_DESCRIPTIONS[id] } : {}), ...(id === 'agency' ? { examples: [...KNOWN_AGENCIES] } : {}) },
    ]),
    ...chronologyEvent.options.map((o): [z.core.$ZodType, Meta] => {
      const type = o.shape.type.value;
      return [o, { id: type, title: type, description: EVENT_DESCRIPTIONS[type] }];
    }),
  ];
}

/** Annotations a zod schema carries itself (`.meta()`, `.describe()`: the global registry), which win over the tables here. */
const ANNOTATIONS = ['title', 'description', 'examples', 'deprecated'] as const;

/**
 * The chronology file's JSON Schema (draft 2020-12), for editors; see the file comment.
 * A fresh object each call.
 */
export function chronologySchemaJson(): Json {
  const registry = z.registry<Meta>();
  for (const [schema, meta] of sharedSchemas()) registry.add(schema, meta);
  const generated = z.toJSONSchema(chronologyFileSchema(), {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    metadata: registry,
    override: ({ zodSchema, jsonSchema }) => {
      const own = z.globalRegistry.get(zodSchema) as Json | undefined;
      if (!own) return;
      for (const key of ANNOTATIONS) if (own[key] !== undefined) (jsonSchema as Json)[key] = own[key];
    },
  }) as Json;

  const { $schema, $defs: zodDefs, ...root } = generated;
  const defs = zodDefs as Record<string, Json>;
  for (const def of Object.values(defs)) delete def['id'];
  Object.assign(defs, structuredClone(DATE_DEFS));
  defs['event'] = dispatch('type', chronologyEventSchema().options.map((o) => o.shape.type.value), DEF_DESCRIPTIONS['event']!, (t) => ref(t), 'The event type.');
  defs['reason'] = dispatchInline(defs['reason']!, 'basis');

  for (const type of EVENT_TYPES) describeFields(defs[type]!, type, refsOf(type));
  describeFields(defs['reason']!, 'reason', reasonRefs());
  describeFields(root, 'file', new Map());
  describeFields(defs['child']!, 'children', new Map(), 'children');
  describeFields(defs['completeness']!, 'completeness', new Map(), 'completeness');
  const step = (defs['omission']!['properties'] as Record<string, Json>)['step']!;
  step['examples'] = EVENT_TYPES.filter((t) => t !== 'omission');

  return {
    $schema,
    $id: ID,
    title: 'casepath chronology',
    description:
      'A case chronology for casepath (spec: shared/spec/chronology.md): the case, its children and its events in the order they happened. Generated from the zod schemas the loader validates with (`casepath schema`).',
    ...root,
    $defs: pruned(root, defs),
  };
}

/**
 * A union discriminated on `key`: `key` must be one of `values`, and an `if`/`then` per
 * value applies that branch only.
 */
function dispatch(key: string, values: readonly string[], description: string, branch: (value: string) => Json, keyDescription: string): Json {
  return {
    type: 'object',
    description,
    properties: { [key]: { type: 'string', enum: [...values], description: keyDescription } },
    required: [key],
    allOf: values.map((value) => ({
      if: { properties: { [key]: { const: value } }, required: [key] },
      then: branch(value),
    })),
  };
}

/** zod's `anyOf` of a discriminated union (inline objects) as a {@link dispatch}. */
function dispatchInline(union: Json, key: string): Json {
  const options = (union['anyOf'] ?? union['oneOf']) as Json[] | undefined;
  if (!options) throw new Error(`json-schema.ts: expected a union discriminated on ${key}`);
  const byValue = new Map(options.map((o) => [String(((o['properties'] as Record<string, Json>)[key]!)['const']), o]));
  return dispatch(key, [...byValue.keys()], String(union['description'] ?? ''), (v) => byValue.get(v)!, FIELD_DESCRIPTIONS[key] ?? '');
}

/** The reference fields of a reason (`reasons.*.concern` in EVENT_META), relative to the reason. */
function reasonRefs(): Map<string, RefField> {
  const out = new Map<string, RefField>();
  for (const type of EVENT_TYPES) for (const [path, to] of refsOf(type)) if (path.startsWith('reasons.')) out.set(path.slice('reasons.'.length), to);
  return out;
}

interface RefField {
  to: RefTarget;
  /** A list of references (`concerns.*`). */
  each: boolean;
}

/** An event type's reference fields (EVENT_META), by path without `*` (`reasons.concern`). */
function refsOf(type: EventType): Map<string, RefField> {
  return new Map(EVENT_META[type].refs.map((r) => [r.path.split('.').filter((p) => p !== '*').join('.'), { to: r.to, each: r.path.endsWith('.*') }]));
}

/** The fields every event has, described once in their shared defs. */
const COMMON_FIELDS = new Set(['id', 'at', 'children', 'by', 'cite', 'note', 'unordered']);

/**
 * Give every property of `schema` (and of the objects, lists and union branches inside it)
 * a description unless it has its own (from the zod schema's metadata): `OWNER:path`,
 * `path`, `parent.field` or `field` from the table, and for a reference field what it
 * refers to. A common event field that is only a `$ref` keeps its def's description.
 */
function describeFields(schema: Json, owner: string, refs: ReadonlyMap<string, RefField>, prefix = ''): void {
  for (const branch of [...((schema['anyOf'] as Json[] | undefined) ?? []), ...((schema['allOf'] as Json[] | undefined) ?? []).map((b) => b['then'] as Json)]) {
    if (branch && !branch['$ref']) describeFields(branch, owner, refs, prefix);
  }
  const properties = schema['properties'] as Record<string, Json> | undefined;
  for (const [name, prop] of Object.entries(properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const parent = prefix.slice(prefix.lastIndexOf('.') + 1);
    const specific = FIELD_DESCRIPTIONS[`${owner}:${path}`];
    const text = specific ?? FIELD_DESCRIPTIONS[path] ?? (parent ? FIELD_DESCRIPTIONS[`${parent}.${name}`] : undefined) ?? (prefix ? undefined : FIELD_DESCRIPTIONS[name]);
    const to = refs.get(path);
    const sharedDef = typeof prop['$ref'] === 'string' && Object.keys(prop).length === 1 && !prefix && COMMON_FIELDS.has(name) && !specific && !to;
    const sentence = [text, to ? refPhrase(to) : undefined].filter(Boolean).join(' ');
    if (prop['description'] === undefined && sentence && !sharedDef) prop['description'] = sentence;
    const inner = prop['type'] === 'array' ? (prop['items'] as Json | undefined) : prop;
    if (inner && !inner['$ref'] && (inner['type'] === 'object' || inner['anyOf'])) describeFields(inner, owner, refs, path);
  }
}

/** The defs reachable from `root` (zod's own defs that the date defs replace drop out). */
function pruned(root: Json, defs: Record<string, Json>): Record<string, Json> {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) {
        const name = value.slice('#/$defs/'.length);
        if (!seen.has(name)) {
          seen.add(name);
          if (!defs[name]) throw new Error(`json-schema.ts: no def ${name}`);
          visit(defs[name]);
        }
      } else visit(value);
    }
  };
  visit(root);
  return Object.fromEntries(Object.entries(defs).filter(([name]) => seen.has(name)));
}
