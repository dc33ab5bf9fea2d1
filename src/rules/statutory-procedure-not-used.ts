/**
 * statutory-procedure-not-used
 *
 * Children Act 1989 s26(3)-(4) and the Children Act 1989 Representations Procedure (England)
 * Regulations 2006: representations about the authority's functions under Part 3 of the Act
 * (children in need, accommodation, looked-after children), care leavers, special
 * guardianship and adoption support go through the three-stage statutory procedure (with an
 * independent person at stage 2 and a review panel at stage 3). The Ombudsman regularly
 * faults councils that handle such a complaint under their corporate procedure (decisions
 * 20 006 409, 23 021 066, 24 010 962). Child protection enquiries and conferences are not
 * Part 3 functions: their complaints go to the conference chair or the partnership.
 *
 * Encoded: a `complaint.made` under the `corporate` procedure whose `subject` (a casepath
 * addition) is one the statutory procedure covers. A complaint whose subject or procedure is
 * not stated gives no finding: casepath cannot tell whether the statutory procedure applied,
 * or was used.
 *
 * Not encoded: a complaint that mixes statutory and other matters; the duty to publicise the
 * procedure (reg 24).
 */
import { STATUTORY_COMPLAINT_SUBJECTS } from '../schema/events.js';
import { type FindingDraft, type NoParams, type RuleDefinition, eventChildren, noParams } from './kit.js';

const RPR_URL = 'https://www.legislation.gov.uk/uksi/2006/1738/made';

const SUBJECT_TEXT: Record<string, string> = {
  'looked-after': 'a looked-after child',
  'child-in-need': 'a child in need',
  'care-leaver': 'a care leaver',
  'special-guardianship': 'special guardianship support',
  'adoption-support': 'adoption support',
};

export const statutoryProcedureNotUsed: RuleDefinition<NoParams> = {
  id: 'statutory-procedure-not-used',
  title: 'A complaint the statutory children’s procedure covers handled under the corporate procedure',
  severity: 'fault',
  citation: [
    { instrument: 'Children Act 1989', provision: 's26(3)-(4) (representations about Part 3 functions)', url: 'https://www.legislation.gov.uk/ukpga/1989/41', confidence: 'V' },
    { instrument: 'Children Act 1989 Representations Procedure (England) Regulations 2006', provision: 'regs 3, 14, 17, 18 (the statutory stages)', url: RPR_URL, confidence: 'P' },
    { instrument: 'LGSCO decisions 20 006 409, 23 021 066 and 24 010 962', provision: 'statutory procedure not used', confidence: 'V' },
  ],
  firesWhen: 'a complaint about a Children Act Part 3 function (or another function the Representations Procedure covers) handled under the corporate procedure',
  notEncoded: 'complaints mixing statutory and other matters; publicising the procedure',
  params: noParams,
  needs: { events: ['complaint.made'], fields: { 'complaint.made': ['procedure', 'subject'] } },
  appliesTo: ['complaint.made'],
  check(e, ctx): FindingDraft[] {
    if (e.type !== 'complaint.made' || e.procedure !== 'corporate' || !e.subject || !STATUTORY_COMPLAINT_SUBJECTS.includes(e.subject)) return [];
    return [
      {
        certainty: 'certain',
        children: eventChildren(e, ctx),
        events: [e.id],
        message: `The complaint (${e.id}) about ${SUBJECT_TEXT[e.subject] ?? e.subject} was taken under the corporate procedure, though the statutory children's procedure covers it.`,
        compliant: "Consider it under the statutory children's procedure: stage 1 within 10 (at most 20) working days, stage 2 with an investigating officer and an independent person, a review panel at stage 3 on request.",
      },
    ];
  },
};
