/**
 * statutory-stage-refused
 *
 * Children Act 1989 Representations Procedure (England) Regulations 2006: a complainant
 * not satisfied at stage 1 may ask for the complaint to be considered at stage 2 (an
 * investigating officer and an independent person, reg 17), and after stage 2 for a
 * review panel, which the authority must then appoint (regs 18, 19(1)). The authority
 * may not refuse to move a statutory complaint on when asked in time. It may decline to
 * consider representations, or part of them, that would prejudice concurrent
 * proceedings or investigations (reg 8).
 *
 * Fires at a `complaint.responded` with outcome `declined` at stage 2 or 3 (the
 * response's stage, else that of the complaint it answers): `certain` when the
 * procedure is stated to be the statutory children's one (or inherited from the
 * earlier stage of the same escalation), `possible` when it is unstated; never for the
 * corporate procedure. At most `possible` when care proceedings are open at the
 * refusal (reg 8 may apply), or when the request may have come after the complainant's
 * 20 working days from the previous stage's response; no finding when it certainly did.
 *
 * Not encoded: refusals of a response whose stage is unstated; criminal or other
 * investigations as reg 8 grounds (only care proceedings are seen); the complainant's
 * receipt of the previous response (its date stands for receipt); the authority's
 * discretion to accept a late request.
 */
import type { EventOf } from '../schema/events.js';
import { complaintAnswered, complaintProcedure } from './support-complaints.js';
import { type Citation, eventChildren, noParams, type NoParams, type RuleDefinition, type StepContext, seenOfTypes } from './kit.js';

const PROCEEDINGS = ['proceedings.issued', 'proceedings.concluded'] as const;

type Made = EventOf<'complaint.made'>;
type Responded = EventOf<'complaint.responded'>;

const RPR = 'Children Act 1989 Representations Procedure (England) Regulations 2006';
const RPR_URL = 'https://www.legislation.gov.uk/uksi/2006/1738/made';

const citations: readonly Citation[] = [
  { instrument: RPR, provision: 'reg 17 (stage 2 consideration on request)', url: RPR_URL, confidence: 'P' },
  { instrument: RPR, provision: 'regs 18, 19(1) (review panel on request)', url: RPR_URL, confidence: 'V' },
  { instrument: RPR, provision: 'reg 8 (representations that would prejudice proceedings)', url: RPR_URL, confidence: 'V' },
];

/** Are care proceedings open before this event (issued and not concluded since)? */
function proceedingsOpen(ctx: StepContext<NoParams>): string | undefined {
  let open: string | undefined;
  for (const e of seenOfTypes(ctx, PROCEEDINGS)) {
    if (e.type === 'proceedings.issued') open = e.id;
    if (e.type === 'proceedings.concluded') open = undefined;
  }
  return open;
}

/** The response of the previous stage that the request escalates: the latest before it. */
function previousResponse(request: Made, stage: 2 | 3, ctx: StepContext<NoParams>): Responded | undefined {
  let found: Responded | undefined;
  for (const e of ctx.chronology.events) {
    if (e.id === request.id) break;
    if (e.type !== 'complaint.responded') continue;
    const s = e.stage ?? complaintAnswered(e, ctx.chronology)?.stage;
    if (s === stage - 1) found = e;
  }
  return found;
}

export const statutoryStageRefused: RuleDefinition<NoParams> = {
  id: 'statutory-stage-refused',
  title: "Stage 2 or 3 of the statutory children's complaints procedure refused",
  severity: 'fault',
  citation: citations,
  firesWhen: "a request for stage 2 or 3 of the statutory children's complaints procedure declined",
  notEncoded: 'refusals whose stage is unstated; reg 8 grounds other than care proceedings; receipt of the previous response; late requests accepted',
  params: noParams,
  timescales: ['complaint-request-stage2', 'complaint-request-stage3'],
  appliesTo: ['complaint.responded'],
  check(e, ctx) {
    if (e.type !== 'complaint.responded' || e.outcome !== 'declined') return [];
    const request = complaintAnswered(e, ctx.chronology);
    const stage = e.stage ?? request?.stage;
    if (stage !== 2 && stage !== 3) return [];
    const procedure = request ? complaintProcedure(request, ctx.chronology) : undefined;
    if (procedure === 'corporate') return [];

    const missing: string[] = [];
    let certainty: 'certain' | 'possible' = 'certain';
    if (procedure === undefined) {
      certainty = 'possible';
      missing.push(`procedure of ${request?.id ?? e.id} (statutory-children or corporate)`);
    }
    const proceedings = proceedingsOpen(ctx);
    if (proceedings) {
      certainty = 'possible';
      missing.push(`whether considering the complaint would have prejudiced the proceedings issued at ${proceedings} (reg 8)`);
    }
    const previous = request ? previousResponse(request, stage, ctx) : undefined;
    if (request && previous) {
      const timescale = stage === 2 ? 'complaint-request-stage2' : 'complaint-request-stage3';
      const v = ctx.judge(previous.id, { key: request.id }, (a) => ctx.deadline(timescale, a));
      // A request certainly out of time may be refused; one possibly out of time, possibly.
      if (v.late === 'certain') return [];
      if (v.late === 'possible') {
        certainty = 'possible';
        missing.push(`whether ${request.id} came within ${ctx.timescaleText(timescale, ctx.window(previous.id).earliest)} of ${previous.id}`);
      }
    }
    const events = [e.id, ...(request ? [request.id] : []), ...(previous ? [previous.id] : [])];
    const what = stage === 2 ? 'consider the complaint at stage 2 (investigation)' : 'convene a stage 3 review panel';
    return [
      {
        certainty,
        children: request ? eventChildren(request, ctx) : eventChildren(e, ctx),
        events,
        message: `The authority declined (${e.id}) to ${what}${request ? ` when asked (${request.id})` : ''}${procedure ? " under the statutory children's procedure" : ''}; the regulations give the complainant that stage on request.`,
        ...(missing.length ? { missing } : {}),
        compliant:
          stage === 2
            ? 'Appoint an investigating officer and an independent person and respond within 25 working days (at most 65).'
            : 'Appoint a review panel of three independent people to meet within 30 working days of the request.',
      },
    ];
  },
};
