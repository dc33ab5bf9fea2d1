/**
 * Events and their fields in plain words, for a room that does not read event ids: the
 * presenter view's "what happened", the charts' edge labels and the quiz. Keyed by the
 * closed set of event types, so a new type that is not named here fails to compile.
 * Pure data and functions (no Node-only imports): the what-if bundle carries it.
 */
import { type EventType, eventSchema } from '../schema/events.js';

/** Each event type's plain name: what a trainer would say ("conference held"). */
export const EVENT_NAMES: Readonly<Record<EventType, string>> = {
  'concern.raised': 'concern raised',
  'concern.assessed': 'concern assessed',
  'referral.received': 'referral received',
  'referral.decided': 'referral decided',
  'assessment.started': 'assessment started',
  'assessment.completed': 'assessment completed',
  'strategy.held': 'strategy discussion',
  'threshold.considered': 'threshold considered',
  's47.started': 's47 enquiry started',
  's47.completed': 's47 enquiry completed',
  'outcome.shared': 'outcome shared',
  'child.seen': 'child seen',
  'home.visited': 'home visit',
  'views.sought': "child's views sought",
  'appointment.missed': 'appointment missed',
  'conference.scheduled': 'conference scheduled',
  'conference.cancelled': 'conference cancelled',
  'reports.shared': 'reports shared',
  'conference.held': 'conference held',
  'core-group.held': 'core group held',
  'plan.action-set': 'plan action set',
  'plan.action-done': 'plan action done',
  'challenge.raised': 'challenge raised',
  'challenge.answered': 'challenge answered',
  'escalation.raised': 'escalation raised',
  'escalation.resolved': 'escalation resolved',
  'legal.planning-meeting': 'legal planning meeting',
  'plo.letter-sent': 'letter before proceedings',
  'plo.meeting-held': 'pre-proceedings meeting',
  'plo.reviewed': 'pre-proceedings reviewed',
  'plo.ended': 'pre-proceedings ended',
  'proceedings.issued': 'proceedings issued',
  'proceedings.extended': 'proceedings extended',
  'proceedings.concluded': 'proceedings concluded',
  'care-order.made': 'care order made',
  'care-order.discharge-considered': 'discharge considered',
  'care-order.discharged': 'care order discharged',
  'living-arrangement.changed': 'placement changed',
  'contact.changed': 'contact changed',
  'care-plan.updated': 'care plan updated',
  'risk-assessment.completed': 'risk assessment',
  'looked-after.started': 'became looked after',
  'looked-after.ceased': 'ceased to be looked after',
  'lac-review.held': 'looked-after review',
  'lac-review.postponed': 'review postponed',
  'worker.allocated': 'worker allocated',
  'cin-plan.started': 'child in need plan started',
  'cin-plan.reviewed': 'child in need plan reviewed',
  'cin-plan.ended': 'child in need plan ended',
  'correspondence.received': 'letter received',
  'correspondence.answered': 'letter answered',
  'commitment.made': 'commitment made',
  'commitment.kept': 'commitment kept',
  'support.offered': 'support offered',
  'complaint.made': 'complaint made',
  'complaint.responded': 'complaint answered',
  'ombudsman.complaint-made': 'complaint to the Ombudsman',
  'ombudsman.decided': 'Ombudsman decided',
  'ombudsman.report-published': 'Ombudsman report published',
  'remedy.completed': 'remedy carried out',
  'report.considered': 'report considered',
  'learning-review.completed': 'learning review completed',
  note: 'note',
  omission: 'not done (stated)',
};

/** The plain name of an event type; the type itself when it is not one (a trace, a stray id). */
export function eventName(type: string): string {
  return (EVENT_NAMES as Record<string, string>)[type] ?? type;
}

/** Field names in words, where the key alone would not read. */
const FIELD_WORDS: Record<string, string> = {
  by: 'By',
  with: 'With',
  from: 'From',
  views: 'Views',
  view: 'View',
  decision: 'Decision',
  decidedBy: 'Decided by',
  reasons: 'Reasons',
  proportionality: 'Article 8 proportionality',
  participants: 'Who took part',
  multiAgency: 'Multi-agency',
  reliesOn: 'Relied on',
  advocate: 'Advocate for the parent',
  category: 'Category',
  kind: 'Kind',
  outcome: 'Outcome',
  conclusion: 'Conclusion',
  explained: 'Letter explained',
  legalAidInfo: 'Legal aid information',
  meetingInvite: 'Meeting invitation',
  thresholdMet: 'Threshold met',
  reason: 'Reason given',
  notified: 'Notified beforehand',
  concern: 'Concern',
  concerns: 'Concerns',
  basis: 'Basis',
  finding: 'Finding',
  findings: 'Findings',
  about: 'About',
  challenge: 'Challenge',
  shortNotice: 'Short notice',
  alone: 'Seen alone',
  complete: 'Complete',
  delayReasons: 'Reasons for delay recorded',
  remedyConsidered: 'Remedy considered',
  recommendations: 'Recommendations',
  stage: 'Stage',
  procedure: 'Procedure',
  subject: 'Subject',
  significant: 'Significant change',
  planned: 'Planned',
  supervised: 'Supervised',
  what: 'What',
  due: 'Due',
  action: 'Action',
  worker: 'Worker',
  for: 'For',
  of: 'Of',
  met: 'Met',
  apology: 'Apology',
  order: 'Order',
  weeks: 'Weeks',
  recorded: 'Recorded',
  scheduled: 'Scheduled',
  recommendation: 'Recommendation',
  received: 'Received',
  extensionAgreed: 'Extension agreed',
  correspondence: 'Letter',
  commitment: 'Commitment',
  escalation: 'Escalation',
  step: 'Step',
  until: 'Until',
};

export function fieldName(field: string): string {
  return FIELD_WORDS[field] ?? field;
}

/** Values in words where the code would not read (`no-plan`: "no plan"). */
const VALUE_WORDS: Record<string, string> = {
  plan: 'a child protection plan',
  'no-plan': 'no plan',
  'continue-plan': 'continue the plan',
  'end-plan': 'end the plan',
  s47: 'section 47 enquiries',
  'no-s47': 'no section 47 enquiries',
  'convene-icpc': 'convene a child protection conference',
  'further-strategy': 'a further strategy discussion',
  'no-further-action': 'no further action',
  'pre-proceedings': 'pre-proceedings (PLO)',
  'issue-proceedings': 'issue care proceedings',
  'no-action': 'no action',
  chair: 'the chair alone',
  majority: 'a majority',
  consensus: 'consensus',
  plo: 'the PLO is in place',
  proceedings: 'proceedings are under way',
  'existing-plan': 'there is already a plan',
  'social-care': "children's social care",
  'not-offered': 'not offered',
};

function valueWords(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return VALUE_WORDS[v] ?? v;
  if (Array.isArray(v)) return v.map(valueWords).join(', ');
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${valueWords(x)}`)
      .join('; ');
  }
  return '';
}

function reasonWords(r: unknown): string {
  const o = (r ?? {}) as { basis?: string; status?: string; concern?: string; evidence?: string[]; by?: string };
  switch (o.basis) {
    case 'procedural-status':
      return `procedural status: ${valueWords(o.status)}`;
    case 'concern':
      return `concern ${o.concern ?? ''}`.trim();
    case 'non-engagement':
      return `non-engagement${o.evidence?.length ? ` (evidence: ${o.evidence.join(', ')})` : ' (no evidence named)'}`;
    case 'dissent-considered':
      return `the dissent of ${valueWords(o.by)} considered`;
    default:
      return valueWords(r);
  }
}

/** One fact of an event in words: `field` is the event's own key (an edit names it). */
export interface Fact {
  field: string;
  label: string;
  text: string;
}

/** Fields every event may have that the facts leave out: shown elsewhere (date, source) or never (notes). */
const NOT_FACTS = new Set(['id', 'type', 'at', 'children', 'cite', 'note', 'unordered']);

const shapes = new Map<string, string[]>();
/** The fields an event type may carry, read from its schema (only that type's is built). */
function fieldsOf(type: string): string[] {
  let fields = shapes.get(type);
  if (!fields) {
    const shape = (eventSchema(type) as { shape?: Record<string, unknown> } | undefined)?.shape;
    shapes.set(type, (fields = shape ? Object.keys(shape).filter((k) => !NOT_FACTS.has(k)) : []));
  }
  return fields;
}

/**
 * An event's facts in plain words, in the schema's order of fields ("Views: school: no
 * plan", "Decided by: the chair alone", "Reasons: procedural status: the PLO is in place",
 * "Article 8 proportionality: not considered"), and the fields its type has that the
 * source did not record. Notes are never facts.
 */
export function eventFacts(event: Record<string, unknown> | undefined): { facts: Fact[]; notRecorded: string[] } {
  if (!event || typeof event.type !== 'string') return { facts: [], notRecorded: [] };
  const facts: Fact[] = [];
  const notRecorded: string[] = [];
  for (const field of fieldsOf(event.type)) {
    const v = event[field];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) {
      notRecorded.push(fieldName(field));
      continue;
    }
    let text: string;
    if (field === 'views' && Array.isArray(v)) text = v.map((x) => `${valueWords((x as { by?: unknown }).by)} said ${valueWords((x as { view?: unknown }).view)}`).join('; ');
    else if (field === 'reasons' && Array.isArray(v)) text = v.map(reasonWords).join('; ');
    else if (field === 'proportionality' && v === false) text = 'not considered (the source says so)';
    else if (field === 'proportionality' && v === true) text = 'considered';
    else text = valueWords(v);
    facts.push({ field, label: fieldName(field), text });
  }
  return { facts, notRecorded };
}

/** The decision fields the quiz's "decide" variant lets a room choose, per event type, with their values from the schema. */
export function decisionOptions(type: string): string[] | undefined {
  const o = eventSchema(type) as { shape?: Record<string, unknown> } | undefined;
  const field = o?.shape?.['decision'] as { unwrap?: () => { options?: unknown } } | undefined;
  const inner = field?.unwrap?.();
  const opts = (inner as { options?: unknown } | undefined)?.options;
  return Array.isArray(opts) && opts.every((x) => typeof x === 'string') ? (opts as string[]) : undefined;
}

/** A decision value in words. */
export function decisionWords(value: string): string {
  return VALUE_WORDS[value] ?? value;
}
