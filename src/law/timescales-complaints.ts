/**
 * Timescales for complaints and the Ombudsman (shared/domain/timescales.md §4-5).
 * Same shape as ./timescales.ts, which merges them in.
 *
 * The statutory children's procedure is the Children Act 1989 Representations
 * Procedure (England) Regulations 2006 (RPR), in force from 1 September 2006: its
 * working days exclude weekends, Christmas Day, Boxing Day, Good Friday and bank
 * holidays (reg 2). Each stage has its own limit, and stages 1 and 2 a longer limit
 * the authority may move to; the longer limits are listed as totals (20, not "a
 * further 10"). Casepath's sources saw the values in several councils' published
 * procedures and the Family Rights Group's guide; the regulation numbers of stages 1
 * and 2 come from summaries (confidence P), reg 19(4) from the text itself.
 *
 * A council's corporate (non-statutory) procedure sets its own limits: the values here
 * are typical, to be overridden per authority (confidence U).
 *
 * Local Government Act 1974: a complaint to the Ombudsman within 12 months of first
 * notice of the matter (s26B, before 2008 s26(4) with the same limit), and the
 * authority's consideration of an Ombudsman report within 3 months of receiving it
 * (s31(2)). Both are periods "beginning with" a day: they end the day before the
 * corresponding date (see `lastDayOfPeriodBeginningWith`).
 */
import { type Day, partsOf } from '../calendar/day.js';
import type { Citation } from './citations.js';
import type { Timescale } from './timescales.js';

/**
 * The last day of a period of months "beginning with" `start`, given `corresponding`:
 * `start` plus the months, clamped to the month's end (what the engine's `deadline`
 * returns for a months timescale). The period ends the day before the corresponding
 * date; where the month has no corresponding date (a period beginning with 30 November
 * ends in February), it ends on the month's last day, the clamped day itself.
 */
export function lastDayOfPeriodBeginningWith(start: Day, corresponding: Day): Day {
  if (!Number.isFinite(corresponding)) return corresponding;
  return partsOf(corresponding).date < partsOf(start).date ? corresponding : corresponding - 1;
}

const RPR_URL = 'https://www.legislation.gov.uk/uksi/2006/1738/made';
const RPR_IN_FORCE = '2006-09-01';

function rpr(provision: string, confidence: Citation['confidence']): Citation {
  return { instrument: 'Children Act 1989 Representations Procedure (England) Regulations 2006', provision, url: RPR_URL, confidence };
}

function lga74(provision: string): Citation {
  return { instrument: 'Local Government Act 1974', provision, url: 'https://www.legislation.gov.uk/ukpga/1974/7', confidence: 'V' };
}

const corporate: Citation = {
  instrument: "The council's own corporate complaints procedure (typical value; set your own)",
  confidence: 'U',
};

export const COMPLAINT_TIMESCALES = [
  {
    id: 'complaint-stage1',
    unit: 'working-days',
    requires: "respond to a complaint at stage 1 (local resolution) of the statutory children's procedure",
    startsFrom: 'the complaint received',
    kind: 'regulation',
    source: rpr('reg 14 (local resolution)', 'P'),
    values: [{ from: RPR_IN_FORCE, value: 10 }],
  },
  {
    id: 'complaint-stage1-extended',
    unit: 'working-days',
    requires: 'respond at stage 1 where the authority has extended the period (complex complaints)',
    startsFrom: 'the complaint received',
    kind: 'regulation',
    source: rpr('reg 14 (local resolution: further 10 working days)', 'P'),
    values: [{ from: RPR_IN_FORCE, value: 20 }],
  },
  {
    id: 'complaint-stage2',
    unit: 'working-days',
    requires: 'respond to a stage 2 investigation (investigating officer and independent person)',
    startsFrom: 'the request for stage 2 received',
    kind: 'regulation',
    source: rpr('reg 17 (consideration by an investigating officer and independent person)', 'P'),
    values: [{ from: RPR_IN_FORCE, value: 25 }],
  },
  {
    id: 'complaint-stage2-extended',
    unit: 'working-days',
    requires: 'respond to a stage 2 investigation where the authority has extended the period (the maximum)',
    startsFrom: 'the request for stage 2 received',
    kind: 'regulation',
    source: rpr('reg 17 (response at most 65 working days after the request)', 'P'),
    values: [{ from: RPR_IN_FORCE, value: 65 }],
  },
  {
    id: 'complaint-stage3-panel',
    unit: 'working-days',
    requires: 'hold the stage 3 review panel meeting',
    startsFrom: 'the request for a review panel received',
    kind: 'regulation',
    source: rpr('reg 19(4)', 'V'),
    values: [{ from: RPR_IN_FORCE, value: 30 }],
  },
  {
    id: 'complaint-stage3-response',
    unit: 'working-days',
    requires:
      "respond to the review panel's recommendations: panel within 30 working days of the request, its recommendations within 5 working days of meeting, the authority's response within 15 working days of them (30 + 5 + 15)",
    startsFrom: 'the request for a review panel received',
    kind: 'regulation',
    source: rpr('regs 19(4), 20 and 21 (panel, its recommendations, the response)', 'P'),
    values: [{ from: RPR_IN_FORCE, value: 50 }],
  },
  {
    id: 'complaint-request-stage2',
    unit: 'working-days',
    requires: 'the complainant asks for stage 2 (a later request may be refused)',
    startsFrom: 'the stage 1 response (receipt by the complainant)',
    kind: 'regulation',
    source: rpr('reg 14 (request for consideration under reg 17); Coram Voice gives 28 days', 'P'),
    values: [{ from: RPR_IN_FORCE, value: 20 }],
  },
  {
    id: 'complaint-request-stage3',
    unit: 'working-days',
    requires: 'the complainant asks for a stage 3 review panel (a later request may be refused)',
    startsFrom: 'the stage 2 response (receipt by the complainant)',
    kind: 'regulation',
    source: rpr('reg 18 (request for a review panel)', 'U'),
    values: [{ from: RPR_IN_FORCE, value: 20 }],
  },
  {
    id: 'complaint-corporate-stage1',
    unit: 'working-days',
    requires: "respond to a complaint at stage 1 of the council's corporate procedure",
    startsFrom: 'the complaint received',
    kind: 'local-procedure',
    source: corporate,
    values: [{ value: 10 }],
  },
  {
    id: 'complaint-corporate-stage2',
    unit: 'working-days',
    requires: "respond to a complaint at stage 2 (the final stage) of the council's corporate procedure",
    startsFrom: 'the request for stage 2 received',
    kind: 'local-procedure',
    source: corporate,
    values: [{ value: 20 }],
  },
  {
    id: 'lgsco-complaint',
    unit: 'months',
    requires: 'complain to the Ombudsman in writing (a period beginning with the first day; the Ombudsman may disapply it)',
    startsFrom: 'the day the person affected first had notice of the matter',
    kind: 'statute',
    source: lga74('s26B(1)-(3)'),
    values: [{ value: 12 }],
  },
  {
    id: 'complaint-recommendation-default',
    unit: 'months',
    requires: "carry out a complaint stage's finding or recommendation for which the response gives no date",
    startsFrom: 'the response that accepted it',
    kind: 'local-procedure',
    source: {
      instrument: "The council's complaints procedure (typical value; set your own)",
      provision: "RPR 2006 reg 21 and Getting the Best from Complaints: the authority decides what to do and does it; no national period",
      confidence: 'U',
    },
    values: [{ value: 3 }],
  },
  {
    id: 'ombudsman-remedy-default',
    unit: 'months',
    requires: "carry out an Ombudsman recommendation for which the decision gives no date",
    startsFrom: "the Ombudsman's decision",
    kind: 'ombudsman-guidance',
    source: {
      instrument: 'LGSCO, Guidance on remedies',
      provision: 'recommendations are normally to be completed within one to three months (typical value; set your own)',
      url: 'https://www.lgo.org.uk/information-centre/staff-guidance/guidance-on-remedies',
      confidence: 'U',
    },
    values: [{ value: 3 }],
  },
  {
    id: 's31-consideration',
    unit: 'months',
    requires:
      "consider the Ombudsman's report and notify the action taken or proposed (a period beginning with the first day, or longer if the Ombudsman agrees in writing)",
    startsFrom: 'the day the authority received the report',
    kind: 'statute',
    source: lga74('s31(2)'),
    values: [{ value: 3 }],
  },
] as const satisfies readonly Timescale[];
