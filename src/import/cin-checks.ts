/**
 * Data defects in a CIN census child: the DfE validator's ordering and overlap rules
 * (data-formats.md §1.2), each an import diagnostic with the DfE rule code, never a
 * practice finding. Each check reads the child as given (like the validator, which
 * runs each rule on the raw tables), flags the rows the rule fails, and says which
 * rows to leave out so that the rest can be replayed:
 *
 * | code | fails when | left out |
 * | --- | --- | --- |
 * | 1103 | an assessment starts before its episode's referral | the assessment |
 * | 1104 | an s47's ICPC is before the referral | the Section47 |
 * | 1105 | a plan starts before the referral | the plan (and its reviews) |
 * | 2889 | an s47 starts before the referral | the Section47 |
 * | 8615 | an ICPC with no s47 start, or before it | the Section47 |
 * | 8608 | an assessment authorised before it started | the assessment |
 * | 8925 | a plan ends before it starts | the plan |
 * | 8841 | a review on or before its plan's start | that review date |
 * | 8630 | the episode closes before its referral | nothing (the closure is not an event) |
 * | 8565 | activity after the episode's closure (ICPC, assessment, s47, plan end, CIN plan) | the row with the activity |
 * | 8839 | two or more s47s in an episode with neither an ICPC nor ICPCnotRequired | all but the earliest |
 * | 8890 | an s47 starting while another is ongoing | the later one |
 * | 8896 | two or more open assessments in an episode | all but the earliest |
 * | 8863Q | an assessment starting while another is ongoing | the later one |
 * | 8935 | more than one open plan for the child | all but the earliest |
 * | 8940 | plans with overlapping dates | the later one |
 * | 2885 | a plan starting in the year on a day with no ICPC in its episode | the plan |
 * | 4001 | an open CIN plan beside an open plan | the CIN plan |
 * | 4003 | a plan review held while a CIN plan runs | the CIN plan |
 * | 9005, 9008 | PPStartDate / InitialPPMeetingDate outside the year | the module / the meeting |
 * | 9006, 9009, 9012 | letter, step decision or court application outside the year or before the step it follows | that date |
 * | 9013 | LetterInitCPDate outside the year or before the court application | nothing (not mapped) |
 * | 2883 | (whole file) more plans starting in the year than ICPCs | nothing |
 *
 * Where the validator's condition is peculiar it is followed (2885 excludes an s47 only
 * when ICPCnotRequired is exactly "1"; 8839 and 8890 read "true"/"1"; 8841 fails a
 * review on the plan's start day; 8940 counts a plan starting the day another ends as
 * overlapping), except where it depends on the ingress's row numbering: 8935 and 8940
 * compare every pair of the child's plans, where the validator compares plans by their
 * position within their CINdetails (so it can miss two open plans, or compare two
 * plans of different episodes as one). 4001 and 4003 follow the rules' intent (an
 * open CIN plan beside an open plan; a review within a CIN plan's dates).
 *
 * casepath's own: `missing-date` (an episode with no referral date, a row without the
 * date that anchors it: the episode or row is left out).
 */
import { type Day, formatDay } from '../calendar/day.js';
import type { CinChild, CinContext, CinEpisode } from './cin.js';

export interface CinDefect {
  code: string;
  /** A DfE CIN validation rule (else casepath's own check). */
  dfe: boolean;
  field: string;
  message: string;
  /** Rows left out (keys as in `CinEpisode`: `CINdetails[1]/Section47[2]`, ...). */
  drop: string[];
}

/** Counts over the whole file, for 2883. */
export interface CinFileCounts {
  cppsInYear: number;
  icpcsInYear: number;
}

const f = formatDay;
const lt = (a: Day | undefined, b: Day | undefined) => a !== undefined && b !== undefined && a < b;
const inYear = (d: Day | undefined, ctx: CinContext) => d !== undefined && d >= ctx.window.from && d <= ctx.window.to;
const trueOrOne = (raw: string | undefined) => raw === 'true' || raw === '1';

/**
 * Rows kept greedily in start order: a row is dropped when `clashes(row, kept)` holds
 * for a row already kept. Returns the keys dropped.
 */
function dropLater<T extends { key: string; n: number }>(rows: T[], start: (r: T) => Day | undefined, clashes: (a: T, b: T) => boolean): Set<string> {
  const order = [...rows].sort((a, b) => (start(a) ?? Infinity) - (start(b) ?? Infinity) || a.n - b.n);
  const kept: T[] = [];
  const dropped = new Set<string>();
  for (const r of order) {
    if (kept.some((k) => clashes(r, k))) dropped.add(r.key);
    else kept.push(r);
  }
  return dropped;
}

export function checkCinChild(child: CinChild, ctx: CinContext, counts: CinFileCounts): { defects: CinDefect[]; dropped: Set<string> } {
  const defects: CinDefect[] = [];
  const add = (code: string, field: string, message: string, drop: string[] = [], dfe = true) => defects.push({ code, dfe, field, message, drop });
  const asOf = ctx.asOf;

  for (const ep of child.episodes) episodeChecks(ep, ctx, add);

  // Plans across the child's episodes.
  const plans = child.episodes.flatMap((ep) => ep.cpps.map((c) => ({ ...c, ep })));
  const open = plans.filter((c) => c.end === undefined);
  if (open.length > 1) {
    const keep = [...open].sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity))[0]!;
    for (const c of open) add('8935', `${c.key}/CPPendDate`, `more than one open child protection plan (${open.length} with no end date)`, c === keep ? [] : [c.key]);
  }
  const dated = plans.filter((c) => c.start !== undefined);
  const overlaps = (a: (typeof dated)[number], b: (typeof dated)[number]) =>
    a !== b && a.start! >= b.start! && ((b.end !== undefined && a.start! <= b.end) || (b.end === undefined && a.start! <= asOf));
  const laterOverlap = dropLater(dated, (c) => c.start, overlaps);
  for (const a of dated) {
    const b = dated.find((x) => overlaps(a, x));
    if (b) add('8940', `${a.key}/CPPstartDate`, `the plan starting ${f(a.start!)} overlaps the plan starting ${f(b.start!)}${b.end !== undefined ? ` and ending ${f(b.end)}` : ' (still open)'}`, laterOverlap.has(a.key) ? [a.key] : []);
  }

  for (const ep of child.episodes) {
    for (const c of ep.cpps) if (inYear(c.start, ctx)) counts.cppsInYear++;
    if (inYear(ep.icpc, ctx)) counts.icpcsInYear++;
    for (const s of ep.section47) if (inYear(s.icpc, ctx)) counts.icpcsInYear++;
  }

  const dropped = new Set(defects.flatMap((d) => d.drop));
  return { defects, dropped };
}

function episodeChecks(ep: CinEpisode, ctx: CinContext, add: (code: string, field: string, message: string, drop?: string[], dfe?: boolean) => void): void {
  const ref = ep.referral;
  const asOf = ctx.asOf;
  if (ref === undefined) {
    add('missing-date', `${ep.key}/CINreferralDate`, 'the episode has no referral date', [ep.key], false);
  }
  if (lt(ep.closure, ref)) add('8630', `${ep.key}/CINclosureDate`, `the episode closes (${f(ep.closure!)}) before its referral (${f(ref!)})`);

  // Assessments
  for (const a of ep.assessments) {
    if (a.start === undefined && a.auth === undefined) add('missing-date', a.key, 'an assessment with neither a start nor an authorisation date', [a.key], false);
    if (lt(a.start, ref)) add('1103', `${a.key}/AssessmentActualStartDate`, `the assessment starts (${f(a.start!)}) before the referral (${f(ref!)})`, [a.key]);
    if (a.start !== undefined && a.auth !== undefined && a.start > a.auth) add('8608', `${a.key}/AssessmentAuthorisationDate`, `the assessment is authorised (${f(a.auth)}) before it started (${f(a.start)})`, [a.key]);
  }
  const withStart = ep.assessments.filter((a) => a.start !== undefined);
  const assessOverlap = (a: (typeof withStart)[number], b: (typeof withStart)[number]) =>
    !(a.start === b.start && a.auth === b.auth) && a.start! >= b.start! && ((b.auth !== undefined && a.start! <= b.auth) || (b.auth === undefined && a.start! <= asOf));
  const laterAssess = dropLater(withStart, (a) => a.start, assessOverlap);
  for (const a of withStart) {
    const b = withStart.find((x) => assessOverlap(a, x));
    if (b) add('8863Q', `${a.key}/AssessmentActualStartDate`, `the assessment starts (${f(a.start!)}) while the assessment started ${f(b.start!)} is ongoing`, laterAssess.has(a.key) ? [a.key] : []);
  }
  const openAssess = ep.assessments.filter((a) => a.auth === undefined);
  if (openAssess.length > 1) {
    const keep = [...openAssess].sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || a.n - b.n)[0]!;
    for (const a of openAssess) add('8896', `${a.key}/AssessmentAuthorisationDate`, `${openAssess.length} open assessments in one episode`, a === keep ? [] : [a.key]);
  }

  // Section 47 enquiries
  for (const s of ep.section47) {
    if (s.start === undefined && s.icpc === undefined) add('missing-date', s.key, 'a Section47 with neither an S47ActualStartDate nor a DateOfInitialCPC', [s.key], false);
    if (s.icpc !== undefined && (s.start === undefined || s.start > s.icpc)) {
      add('8615', `${s.key}/DateOfInitialCPC`, s.start === undefined ? `an ICPC (${f(s.icpc)}) with no s47 start date` : `the ICPC (${f(s.icpc)}) is before the s47 enquiry started (${f(s.start)})`, [s.key]);
    }
    if (lt(s.icpc, ref)) add('1104', `${s.key}/DateOfInitialCPC`, `the ICPC (${f(s.icpc!)}) is before the referral (${f(ref!)})`, [s.key]);
    if (lt(s.start, ref)) add('2889', `${s.key}/S47ActualStartDate`, `the s47 enquiry starts (${f(s.start!)}) before the referral (${f(ref!)})`, [s.key]);
  }
  const s47s = ep.section47.filter((s) => s.start !== undefined);
  const s47Overlap = (a: (typeof s47s)[number], b: (typeof s47s)[number]) =>
    !(a.start === b.start && a.icpc === b.icpc) &&
    a.start! >= b.start! &&
    ((b.icpc !== undefined && a.start! <= b.icpc) || (b.icpc === undefined && a.start! <= asOf && !trueOrOne(b.notRequiredRaw?.toLowerCase())));
  const laterS47 = dropLater(s47s, (s) => s.start, s47Overlap);
  for (const a of s47s) {
    const b = s47s.find((x) => s47Overlap(a, x));
    if (b) add('8890', `${a.key}/S47ActualStartDate`, `the s47 enquiry starts (${f(a.start!)}) while the enquiry started ${f(b.start!)} is ongoing`, laterS47.has(a.key) ? [a.key] : []);
  }
  const openS47 = ep.section47.filter((s) => s.icpc === undefined && !trueOrOne(s.notRequiredRaw));
  if (openS47.length > 1) {
    const keep = [...openS47].sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || a.n - b.n)[0]!;
    for (const s of openS47) add('8839', `${s.key}/DateOfInitialCPC`, `${openS47.length} s47 enquiries in one episode with neither an ICPC nor ICPCnotRequired`, s === keep ? [] : [s.key]);
  }

  // Child protection plans
  for (const c of ep.cpps) {
    if (c.start === undefined) add('missing-date', `${c.key}/CPPstartDate`, 'a plan with no start date', [c.key], false);
    if (lt(c.start, ref)) add('1105', `${c.key}/CPPstartDate`, `the plan starts (${f(c.start!)}) before the referral (${f(ref!)})`, [c.key]);
    if (c.start !== undefined && c.end !== undefined && c.end < c.start) add('8925', `${c.key}/CPPendDate`, `the plan ends (${f(c.end)}) before it starts (${f(c.start)})`, [c.key]);
    for (const r of c.reviews) {
      if (c.start !== undefined && r.day <= c.start) add('8841', r.key, `a review (${f(r.day)}) on or before the plan's start (${f(c.start)})`, [r.key]);
    }
    if (c.start !== undefined && inYear(c.start, ctx)) {
      // 2885: an s47 with ICPCnotRequired exactly "1" is left out of the comparison (as the validator does).
      const candidates = ep.section47.filter((s) => s.notRequiredRaw !== '1');
      const ok = candidates.length ? candidates.some((s) => s.icpc === c.start) : ep.icpc === c.start;
      if (!ok) add('2885', `${c.key}/CPPstartDate`, `the plan starts (${f(c.start)}) on a day with no initial conference in its episode`, [c.key]);
    }
  }

  // Activity after closure (8565)
  const closed = ep.closure;
  if (closed !== undefined) {
    const after = (d: Day | undefined) => d !== undefined && closed < d;
    if (after(ep.icpc)) add('8565', `${ep.key}/DateOfInitialCPC`, `an ICPC (${f(ep.icpc!)}) after the episode closed (${f(closed)})`, [`${ep.key}/DateOfInitialCPC`]);
    for (const a of ep.assessments) if (after(a.start) || after(a.auth)) add('8565', a.key, `assessment activity after the episode closed (${f(closed)})`, [a.key]);
    for (const s of ep.section47) if (after(s.start) || after(s.icpc)) add('8565', s.key, `s47 activity after the episode closed (${f(closed)})`, [s.key]);
    for (const c of ep.cpps) if (after(c.end)) add('8565', `${c.key}/CPPendDate`, `a plan ending (${f(c.end!)}) after the episode closed (${f(closed)})`, [c.key]);
    for (const p of ep.cinPlans) if (after(p.start) || after(p.end)) add('8565', p.key, `CIN plan dates after the episode closed (${f(closed)})`, [p.key]);
  }

  // CIN plans beside child protection plans
  for (const p of ep.cinPlans) {
    if (p.start === undefined) {
      add('missing-date', `${p.key}/CINPlanStartDate`, 'a CIN plan with no start date', [p.key], false);
      continue;
    }
    if (p.end === undefined && ep.cpps.some((c) => c.start !== undefined && c.end === undefined)) {
      add('4001', p.key, 'an open CIN plan beside an open child protection plan', [p.key]);
      continue;
    }
    const review = ep.cpps.flatMap((c) => c.reviews.filter((r) => r.day !== c.end)).find((r) => r.day >= p.start! && (p.end === undefined || r.day < p.end));
    if (review) add('4003', p.key, `a child protection review (${f(review.day)}) while the CIN plan (from ${f(p.start)}) runs`, [p.key]);
  }

  // Pre-proceedings (2026-27 module; the draft rules)
  const outside = (d: Day | undefined) => d !== undefined && (d < ctx.window.from || d > ctx.window.to);
  for (const x of ep.pp) {
    if (x.start === undefined) add('missing-date', `${x.key}/PPStartDate`, 'a pre-proceedings module with no PPStartDate', [x.key], false);
    if (outside(x.start)) add('9005', `${x.key}/PPStartDate`, `PPStartDate (${f(x.start!)}) is outside the collection year`, [x.key]);
    if (x.lbp !== undefined && x.start !== undefined && (outside(x.lbp) || x.lbp < x.start)) add('9006', `${x.key}/LBPSentDate`, `the letter before proceedings (${f(x.lbp)}) is outside the year or before PPStartDate`, [`${x.key}/LBPSentDate`]);
    if (outside(x.meeting)) add('9008', `${x.key}/InitialPPMeetingDate`, `InitialPPMeetingDate (${f(x.meeting!)}) is outside the collection year`, [`${x.key}/InitialPPMeetingDate`]);
    if (x.step !== undefined && x.start !== undefined && (outside(x.step) || x.step < x.start)) add('9009', `${x.key}/StepDecisionDate`, `the step decision (${f(x.step)}) is outside the year or before PPStartDate`, [`${x.key}/StepDecisionDate`]);
    if (x.court !== undefined && x.step !== undefined && (outside(x.court) || x.court < x.step)) add('9012', `${x.key}/CourtAppDate`, `the court application (${f(x.court)}) is outside the year or before the step decision`, [`${x.key}/CourtAppDate`]);
    if (x.letterInit !== undefined && x.court !== undefined && (outside(x.letterInit) || x.letterInit < x.court)) add('9013', `${x.key}/LetterInitCPDate`, `LetterInitCPDate (${f(x.letterInit)}) is outside the year or before the court application`);
  }
}

/** Whole-file checks, once every child is read. */
export function fileLevelChecks(counts: CinFileCounts, ctx: CinContext): { code: string; field: string; message: string }[] {
  if (counts.cppsInYear > counts.icpcsInYear) {
    return [{ code: '2883', field: 'ChildProtectionPlans/CPPstartDate', message: `${counts.cppsInYear} plans start in the collection year but only ${counts.icpcsInYear} initial conferences are recorded in it (${f(ctx.window.from)} to ${f(ctx.window.to)})` }];
  }
  return [];
}
