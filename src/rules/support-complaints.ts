/**
 * Support shared by the complaint rules (complaint-response-late, statutory-stage-refused):
 * which complaint each response answers, and which procedure a complaint follows.
 */
import type { EventOf } from '../schema/events.js';
import type { Chronology } from './kit.js';

type Made = EventOf<'complaint.made'>;
type Responded = EventOf<'complaint.responded'>;
export type ComplaintProcedure = NonNullable<Made['procedure']>;


interface Answers {
  /** Response id → the complaint it answers. */
  complaintOf: ReadonlyMap<string, string | undefined>;
  /** Complaint id → its first response. */
  firstResponse: ReadonlyMap<string, string>;
}

const answersCache = new WeakMap<Chronology, Answers>();

/**
 * Which complaint each response answers, for the whole chronology in listing order: the
 * one it names, else the latest unanswered complaint of its stage (a complaint of
 * unstated stage fits any), else the latest that fits at all.
 */
function answers(chronology: Chronology): Answers {
  const cached = answersCache.get(chronology);
  if (cached) return cached;
  const complaintOf = new Map<string, string | undefined>();
  const firstResponse = new Map<string, string>();
  const made: Made[] = [];
  for (const e of chronology.events) {
    if (e.type === 'complaint.made') made.push(e);
    if (e.type !== 'complaint.responded') continue;
    let id = e.complaint;
    if (id === undefined) {
      const fits = e.stage === undefined ? made : made.filter((c) => c.stage === e.stage || c.stage === undefined);
      const open = fits.filter((c) => !firstResponse.has(c.id));
      const sameStage = e.stage === undefined ? open : open.filter((c) => c.stage === e.stage);
      id = (sameStage.at(-1) ?? open.at(-1) ?? fits.at(-1))?.id;
    }
    complaintOf.set(e.id, id);
    if (id !== undefined && !firstResponse.has(id)) firstResponse.set(id, e.id);
  }
  const result = { complaintOf, firstResponse };
  answersCache.set(chronology, result);
  return result;
}

/** The complaint a response answers (see the file comment), if any. */
export function complaintAnswered(response: Responded, chronology: Chronology): Made | undefined {
  const id = answers(chronology).complaintOf.get(response.id);
  const c = id === undefined ? undefined : chronology.byId.get(id);
  return c?.type === 'complaint.made' ? c : undefined;
}

/** Is `response` the first answer to its complaint? */
export function isFirstAnswer(response: Responded, complaint: Made, chronology: Chronology): boolean {
  return answers(chronology).firstResponse.get(complaint.id) === response.id;
}

/**
 * A complaint's procedure: its own, else (an escalation) that of the latest earlier
 * complaint of a lower stage that states one.
 */
export function complaintProcedure(complaint: Made, chronology: Chronology): ComplaintProcedure | undefined {
  if (complaint.procedure) return complaint.procedure;
  if (complaint.stage === undefined) return undefined;
  let found: ComplaintProcedure | undefined;
  for (const e of chronology.events) {
    if (e.id === complaint.id) break;
    if (e.type === 'complaint.made' && e.procedure && e.stage !== undefined && e.stage < complaint.stage) found = e.procedure;
  }
  return found;
}
