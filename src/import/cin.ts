/**
 * `casepath import cin`: the DfE CIN census XML to chronologies, one per child
 * (data-formats.md §5 "Event ↔ field map", §6 "casepath import: a design").
 *
 * - `case` is `<LEA>-<LAchildID>` (or its keyed pseudonym); the child's id is the
 *   LAchildID (or its pseudonym); `asOf` is the ReferenceDate.
 * - Each `<CINdetails>` (episode of need) gives, by date and then in process order:
 *   `referral.received` (CINreferralDate); `referral.decided` no-further-action
 *   (ReferralNFA true: undated, so a range from the referral to the closure or asOf);
 *   `assessment.started` / `.completed` (AssessmentActualStartDate / Authorisation);
 *   for each Section47, `strategy.held` (decision s47) and `s47.started` on
 *   S47ActualStartDate (the census's s47 start *is* the strategy discussion that began
 *   the enquiries), an initial `conference.held` on its DateOfInitialCPC (`decision:
 *   plan` when a plan starts that day, with the plan's initial category), or, with
 *   ICPCnotRequired true, `threshold.considered` (icpc, met false; undated: a range
 *   from the s47 start); for each plan, a review `conference.held` per CPPreviewDate
 *   (`end-plan` on the plan's end date) and, when no review falls on CPPendDate, a
 *   review ending the plan on that date (casepath has no plain "plan ended" event yet);
 *   `cin-plan.started` / `.ended` (CINPlanDates); and the 2026-27 pre-proceedings
 *   module: `legal.planning-meeting` (PPStartDate), `plo.letter-sent` (LBPSentDate),
 *   `plo.meeting-held` (InitialPPMeetingDate), ReviewMeetingsCount × `plo.reviewed`
 *   (undated: a range from the meeting to the step decision or asOf), `plo.ended`
 *   (StepDecisionDate; outcome `proceedings` when a CourtAppDate is given, otherwise
 *   unstated: the meaning of the PPOutcome codes A/B/C is not confirmed) and
 *   `proceedings.issued` (CourtAppDate). Not mapped: the FGDM flags, LetterInitCPDate,
 *   the episode's closure (no casepath event), referral sources and assessment factors.
 * - A plan that began before the collection year usually has its conference outside
 *   the return (ICPC dates must fall in the year, DfE 8715): its initial conference is
 *   placed on CPPstartDate and cited as such. A CINdetails-level DateOfInitialCPC (a
 *   transfer-in conference) gives an initial conference that starts no ICPC clock.
 * - Every event's `cite` names its source element, e.g.
 *   `CIN census: CINdetails[1]/Section47[1]/S47ActualStartDate`.
 * - Data defects are import diagnostics (src/import/cin-checks.ts), never findings.
 */
import type { Readable } from 'node:stream';
import { basename } from 'node:path';
import { type Day, formatDay, partsOf } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import { checkCinChild, type CinFileCounts, fileLevelChecks } from './cin-checks.js';
import { type CinChildRecord, type CinHeader, readCinXml } from './cin-read.js';
import {
  type CompletenessMode,
  EventList,
  type ImportDiagnostic,
  ImportError,
  type ImportOptions,
  type ImportSummary,
  ImportTally,
  collectionYear,
  completenessOf,
  flag,
  isoDay,
  plainIds,
} from './common.js';

/** Event types the CIN census records in full for its collection year (data-formats.md §6, part 1). */
export const CIN_COVERED_EVENTS = [
  'referral.received',
  'assessment.started',
  'assessment.completed',
  'strategy.held',
  's47.started',
  'conference.held',
  'threshold.considered',
] as const;
/** CIN plans are in the census from the 2021-22 return (ReferenceDate 31 March 2022) on. */
export const CIN_PLAN_EVENTS = ['cin-plan.started', 'cin-plan.ended'] as const;
const CIN_PLANS_FROM = '2022-03-31';

/** The census's categories of abuse to casepath's. */
const CATEGORY: Record<string, string> = { NEG: 'neglect', PHY: 'physical-abuse', SAB: 'sexual-abuse', EMO: 'emotional-abuse' };
/** Most `plo.reviewed` events made from one ReviewMeetingsCount. */
const MAX_PLO_REVIEWS = 12;

/** A census child with every value checked and typed. */
export interface CinChild {
  position: number;
  line: number;
  laChildId: string;
  episodes: CinEpisode[];
}

export interface CinEpisode {
  n: number;
  key: string;
  referral?: Day;
  closure?: Day;
  icpc?: Day;
  nfa?: boolean;
  assessments: { n: number; key: string; start?: Day; auth?: Day }[];
  cinPlans: { n: number; key: string; start?: Day; end?: Day }[];
  section47: {
    n: number;
    key: string;
    start?: Day;
    target?: Day;
    icpc?: Day;
    notRequired?: boolean;
    notRequiredRaw?: string;
    /** (SSD) the enquiry's end and outcome; the census has neither. */
    end?: Day;
    outcome?: 'continuing-risk' | 'not-substantiated';
    /** (SSD) the ICPC's own outcome flag: a plan or not. */
    icpcPlan?: boolean;
  }[];
  cpps: { n: number; key: string; start?: Day; end?: Day; category?: string; reviews: { n: number; key: string; day: Day; /** (SSD) the review's decision */ continues?: boolean }[] }[];
  pp: { n: number; key: string; start?: Day; lbp?: Day; meeting?: Day; reviews?: number; step?: Day; outcome?: string; court?: Day; letterInit?: Day }[];
}

/** The parts of the header the mapping needs. */
export interface CinContext {
  file: string;
  lea: string;
  asOf: Day;
  window: { from: Day; to: Day };
  /** "2024-25" */
  yearLabel: string;
  /** The `cite` of an element of a row (`key` as in CinEpisode). Default: `CIN census: key/element`. */
  cite?: (key: string, element: string) => string;
}

export function cinContext(header: CinHeader, file: string): CinContext {
  const asOf = isoDay(header.referenceDate);
  if (asOf === undefined) throw new ImportError(file, 'invalid-field', 'the header ReferenceDate is not a date (YYYY-MM-DD)');
  const { year } = partsOf(asOf);
  return { file, lea: header.lea ?? 'LA', asOf, window: collectionYear(asOf), yearLabel: `${year - 1}-${String(year).slice(2)}` };
}

/**
 * Type a child's values: dates (ISO `xs:date`), flags (`true/false` or `1/0`), counts.
 * A value that is not what its element holds is a `bad-*` diagnostic and is ignored.
 */
export function typeCinChild(raw: CinChildRecord, diag: (field: string, code: string, message: string) => void): CinChild | undefined {
  if (raw.laChildId === undefined) return undefined;
  const date = (value: string | undefined, field: string): Day | undefined => {
    if (value === undefined) return undefined;
    const d = isoDay(value);
    if (d === undefined) diag(field, 'bad-date', `${field.split('/').pop()} is not a date (YYYY-MM-DD); it is ignored`);
    return d;
  };
  const bool = (value: string | undefined, field: string): boolean | undefined => {
    if (value === undefined) return undefined;
    const b = flag(value);
    if (b === undefined || /^[yn]/i.test(value.trim())) {
      diag(field, 'bad-flag', `${field.split('/').pop()} is not true/false or 1/0; it is ignored`);
      return undefined;
    }
    return b;
  };
  const episodes = raw.episodes.map((ep, i): CinEpisode => {
    const key = `CINdetails[${i + 1}]`;
    const e: CinEpisode = { n: i + 1, key, assessments: [], cinPlans: [], section47: [], cpps: [], pp: [] };
    assign(e, 'referral', date(ep.referralDate, `${key}/CINreferralDate`));
    assign(e, 'closure', date(ep.closureDate, `${key}/CINclosureDate`));
    assign(e, 'icpc', date(ep.dateOfInitialCPC, `${key}/DateOfInitialCPC`));
    assign(e, 'nfa', bool(ep.referralNFA, `${key}/ReferralNFA`));
    ep.assessments.forEach((a, j) => {
      const k = `${key}/Assessments[${j + 1}]`;
      const row: CinEpisode['assessments'][number] = { n: j + 1, key: k };
      assign(row, 'start', date(a.start, `${k}/AssessmentActualStartDate`));
      assign(row, 'auth', date(a.auth, `${k}/AssessmentAuthorisationDate`));
      e.assessments.push(row);
    });
    ep.cinPlans.forEach((p, j) => {
      const k = `${key}/CINPlanDates[${j + 1}]`;
      const row: CinEpisode['cinPlans'][number] = { n: j + 1, key: k };
      assign(row, 'start', date(p.start, `${k}/CINPlanStartDate`));
      assign(row, 'end', date(p.end, `${k}/CINPlanEndDate`));
      e.cinPlans.push(row);
    });
    ep.section47.forEach((s, j) => {
      const k = `${key}/Section47[${j + 1}]`;
      const row: CinEpisode['section47'][number] = { n: j + 1, key: k };
      assign(row, 'start', date(s.start, `${k}/S47ActualStartDate`));
      assign(row, 'target', date(s.target, `${k}/InitialCPCtarget`));
      assign(row, 'icpc', date(s.icpc, `${k}/DateOfInitialCPC`));
      assign(row, 'notRequired', bool(s.notRequired, `${k}/ICPCnotRequired`));
      if (s.notRequired !== undefined) row.notRequiredRaw = s.notRequired;
      e.section47.push(row);
    });
    ep.cpps.forEach((p, j) => {
      const k = `${key}/ChildProtectionPlans[${j + 1}]`;
      const row: CinEpisode['cpps'][number] = { n: j + 1, key: k, reviews: [] };
      assign(row, 'start', date(p.start, `${k}/CPPstartDate`));
      assign(row, 'end', date(p.end, `${k}/CPPendDate`));
      if (p.initialCategory !== undefined) {
        const c = CATEGORY[p.initialCategory.toUpperCase()];
        if (c) row.category = c;
      }
      p.reviews.forEach((r, m) => {
        const rk = `${k}/Reviews/CPPreviewDate[${m + 1}]`;
        const day = date(r, rk);
        if (day !== undefined) row.reviews.push({ n: m + 1, key: rk, day });
      });
      e.cpps.push(row);
    });
    ep.preProceedings.forEach((p, j) => {
      const k = `${key}/PreProceedingsandFGDM[${j + 1}]`;
      const row: CinEpisode['pp'][number] = { n: j + 1, key: k };
      assign(row, 'start', date(p.ppStart, `${k}/PPStartDate`));
      assign(row, 'lbp', date(p.lbpSent, `${k}/LBPSentDate`));
      assign(row, 'meeting', date(p.initialMeeting, `${k}/InitialPPMeetingDate`));
      assign(row, 'step', date(p.stepDecision, `${k}/StepDecisionDate`));
      assign(row, 'court', date(p.courtApp, `${k}/CourtAppDate`));
      assign(row, 'letterInit', date(p.letterInit, `${k}/LetterInitCPDate`));
      if (p.outcome !== undefined) row.outcome = p.outcome;
      if (p.reviewCount !== undefined) {
        const n = /^\d{1,3}$/.test(p.reviewCount.trim()) ? Number(p.reviewCount.trim()) : undefined;
        if (n === undefined) diag(`${k}/ReviewMeetingsCount`, 'bad-count', 'ReviewMeetingsCount is not a whole number; it is ignored');
        else row.reviews = n;
      }
      e.pp.push(row);
    });
    return e;
  });
  return { position: raw.position, line: raw.line, laChildId: raw.laChildId, episodes };
}

function assign<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

/** The chronology of one child (defective rows already chosen: `dropped`). */
export function mapCinChild(
  child: CinChild,
  ctx: CinContext,
  dropped: ReadonlySet<string>,
  ids: { case: string; child: string },
  completeness: CompletenessMode,
  diag: (field: string, code: string, message: string, rows?: string[]) => void,
): Record<string, unknown> | undefined {
  const list = new EventList();
  cinEvents(list, child, ctx, dropped, '', {}, diag);
  if (list.size === 0) return undefined;
  const events = formatDay(ctx.asOf) >= CIN_PLANS_FROM ? [...CIN_COVERED_EVENTS, ...CIN_PLAN_EVENTS] : [...CIN_COVERED_EVENTS];
  return {
    case: ids.case,
    asOf: formatDay(ctx.asOf),
    completeness: completenessOf(completeness, ctx.window, events),
    source: { document: `DfE CIN census ${ctx.yearLabel}`, file: ctx.file },
    children: [{ id: ids.child }],
    events: list.sorted(),
  };
}

/**
 * The events of one child's episodes into `list`: ids prefixed with `prefix`, every
 * event given the fields in `extra` (e.g. `children` in a family's chronology).
 */
export function cinEvents(
  list: EventList,
  child: CinChild,
  ctx: CinContext,
  dropped: ReadonlySet<string>,
  prefix: string,
  extra: Record<string, unknown>,
  diag: (field: string, code: string, message: string, rows?: string[]) => void,
): void {
  const elementCite = ctx.cite ?? ((key: string, element: string) => `CIN census: ${key}/${element}`);
  /** `path` is `key/element` (the element after the last slash). */
  const cite = (path: string) => {
    const i = path.lastIndexOf('/');
    return i < 0 ? elementCite(path, '') : elementCite(path.slice(0, i), path.slice(i + 1));
  };
  const add: EventList['add'] = (at, e) => list.add(at, { ...e, ...extra });
  const { asOf, window } = ctx;
  for (const ep of child.episodes) {
    if (dropped.has(ep.key)) continue;
    if (ep.referral === undefined) continue; // dropped by the checks (missing-date)
    const p = `${prefix}e${ep.n}`;
    const upTo = Math.min(ep.closure ?? asOf, asOf);
    add(ep.referral, { id: `${p}.referral`, type: 'referral.received', cite: cite(`${ep.key}/CINreferralDate`) });
    if (ep.nfa === true) {
      add({ from: ep.referral, to: upTo }, { id: `${p}.nfa`, type: 'referral.decided', outcome: 'no-further-action', referral: `${p}.referral`, cite: cite(`${ep.key}/ReferralNFA`) });
    }
    for (const a of ep.assessments) {
      if (dropped.has(a.key)) continue;
      if (a.start !== undefined) add(a.start, { id: `${p}.a${a.n}.start`, type: 'assessment.started', kind: 'child-and-family', cite: cite(`${a.key}/AssessmentActualStartDate`) });
      if (a.auth !== undefined) add(a.auth, { id: `${p}.a${a.n}.done`, type: 'assessment.completed', kind: 'child-and-family', cite: cite(`${a.key}/AssessmentAuthorisationDate`) });
    }
    const plans = ep.cpps.filter((c) => !dropped.has(c.key) && c.start !== undefined);
    const planOn = (day: Day) => plans.find((c) => c.start === day);
    /** Conferences that made a plan, by day. */
    const made = new Set<Day>();
    for (const s of ep.section47) {
      if (dropped.has(s.key) || s.start === undefined) continue;
      add(s.start, { id: `${p}.s${s.n}.strategy`, type: 'strategy.held', decision: 's47', cite: cite(`${s.key}/S47ActualStartDate`) });
      add(s.start, { id: `${p}.s${s.n}.start`, type: 's47.started', cite: cite(`${s.key}/S47ActualStartDate`) });
      if (s.end !== undefined && s.end >= s.start) {
        add(s.end, { id: `${p}.s${s.n}.end`, type: 's47.completed', ...(s.outcome ? { outcome: s.outcome } : {}), cite: cite(`${s.key}/S47EndDate`) });
      }
      if (s.icpc !== undefined) {
        const plan = made.has(s.icpc) ? undefined : planOn(s.icpc);
        if (plan) made.add(s.icpc);
        add(s.icpc, {
          id: `${p}.s${s.n}.icpc`,
          type: 'conference.held',
          kind: 'initial',
          decision: plan || s.icpcPlan === true ? 'plan' : 'no-plan',
          ...(plan?.category ? { category: plan.category } : {}),
          cite: cite(`${s.key}/DateOfInitialCPC`),
        });
        if (s.target !== undefined) {
          const due = england.addWorkingDays(s.start, 15);
          if (due !== s.target) {
            diag(
              `${s.key}/InitialCPCtarget`,
              'icpc-target-differs',
              `the LA's InitialCPCtarget is ${formatDay(s.target)}; casepath's national due date is ${formatDay(due)} (15 working days after the strategy discussion on ${formatDay(s.start)}, the start day as day 0)`,
            );
          }
        }
      } else if (s.notRequired === true) {
        add({ from: s.start, to: Math.max(s.start, upTo) }, { id: `${p}.s${s.n}.not-required`, type: 'threshold.considered', for: 'icpc', met: false, cite: cite(`${s.key}/ICPCnotRequired`) });
      }
    }
    if (ep.icpc !== undefined && !dropped.has(`${ep.key}/DateOfInitialCPC`)) {
      // A CINdetails-level conference (e.g. a transfer-in): no strategy discussion before it in this return.
      const plan = made.has(ep.icpc) ? undefined : planOn(ep.icpc);
      if (plan) made.add(ep.icpc);
      add(ep.icpc, {
        id: `${p}.icpc`,
        type: 'conference.held',
        kind: 'initial',
        decision: plan ? 'plan' : 'no-plan',
        ...(plan?.category ? { category: plan.category } : {}),
        cite: cite(`${ep.key}/DateOfInitialCPC`),
      });
    }
    for (const c of plans) {
      const start = c.start!;
      const pp = `${p}.p${c.n}`;
      if (!made.has(start)) {
        if (start < window.from) {
          // Left truncation: the conference that made this plan is before the return.
          add(start, {
            id: `${pp}.made`,
            type: 'conference.held',
            kind: 'initial',
            decision: 'plan',
            ...(c.category ? { category: c.category } : {}),
            cite: `${cite(`${c.key}/CPPstartDate`)} (the plan began before this return; its conference is not in it)`,
          });
          made.add(start);
        } else {
          diag(c.key, 'plan-without-conference', `the plan starting ${formatDay(start)} has no initial conference that day left in this return`, [c.key]);
          continue;
        }
      }
      const reviews = [...new Map(c.reviews.filter((r) => !dropped.has(r.key)).map((r) => [r.day, r])).values()].sort((a, b) => a.day - b.day);
      let ended = false;
      for (const r of reviews) {
        const ends = (c.end !== undefined && r.day === c.end) || r.continues === false;
        if (ends) ended = true;
        add(r.day, { id: `${pp}.r${r.n}`, type: 'conference.held', kind: 'review', decision: ends ? 'end-plan' : 'continue-plan', cite: cite(r.key) });
      }
      if (c.end !== undefined && !ended && !reviews.some((r) => r.day > c.end!)) {
        add(c.end, {
          id: `${pp}.end`,
          type: 'conference.held',
          kind: 'review',
          decision: 'end-plan',
          cite: `${cite(`${c.key}/CPPendDate`)} (the plan's end, recorded as a review ending it: no review on that day in this return)`,
        });
      }
    }
    for (const c of ep.cinPlans) {
      if (dropped.has(c.key) || c.start === undefined) continue;
      add(c.start, { id: `${p}.cin${c.n}.start`, type: 'cin-plan.started', cite: cite(`${c.key}/CINPlanStartDate`) });
      if (c.end !== undefined) add(c.end, { id: `${p}.cin${c.n}.end`, type: 'cin-plan.ended', cite: cite(`${c.key}/CINPlanEndDate`) });
    }
    for (const x of ep.pp) {
      if (dropped.has(x.key) || x.start === undefined) continue;
      const q = `${p}.pp${x.n}`;
      add(x.start, { id: `${q}.start`, type: 'legal.planning-meeting', decision: 'pre-proceedings', cite: cite(`${x.key}/PPStartDate`) });
      if (x.lbp !== undefined && !dropped.has(`${x.key}/LBPSentDate`)) add(x.lbp, { id: `${q}.letter`, type: 'plo.letter-sent', cite: cite(`${x.key}/LBPSentDate`) });
      if (x.meeting !== undefined && !dropped.has(`${x.key}/InitialPPMeetingDate`)) add(x.meeting, { id: `${q}.meeting`, type: 'plo.meeting-held', cite: cite(`${x.key}/InitialPPMeetingDate`) });
      const step = x.step !== undefined && !dropped.has(`${x.key}/StepDecisionDate`) ? x.step : undefined;
      const court = x.court !== undefined && !dropped.has(`${x.key}/CourtAppDate`) ? x.court : undefined;
      const from = x.meeting ?? x.lbp ?? x.start;
      for (let r = 1; r <= Math.min(x.reviews ?? 0, MAX_PLO_REVIEWS); r++) {
        add({ from, to: Math.max(from, step ?? asOf) }, { id: `${q}.review${r}`, type: 'plo.reviewed', cite: `${cite(`${x.key}/ReviewMeetingsCount`)} (undated)` });
      }
      if (step !== undefined) add(step, { id: `${q}.end`, type: 'plo.ended', ...(court !== undefined ? { outcome: 'proceedings' } : {}), cite: cite(`${x.key}/StepDecisionDate`) });
      if (court !== undefined) add(court, { id: `${q}.court`, type: 'proceedings.issued', cite: cite(`${x.key}/CourtAppDate`) });
    }
  }
}

/**
 * Stream a CIN census (`input`: the XML as bytes or text) to chronologies, one per
 * child, in file order. Data defects go to `options.onDiagnostic`; input that is not a
 * census throws {@link ImportError}. Returns a summary when done.
 */
export async function* importCin(input: Readable | AsyncIterable<Uint8Array | string>, options: ImportOptions = {}): AsyncGenerator<Record<string, unknown>, ImportSummary> {
  const file = options.file ?? 'census.xml';
  const ids = options.pseudonymise ?? plainIds;
  const tally = new ImportTally(options);
  const seen = new Set<string>();
  const counts: CinFileCounts = { cppsInYear: 0, icpcsInYear: 0 };
  let ctx: CinContext | undefined;
  for await (const item of readCinXml(input, file)) {
    if (item.kind === 'bytes') {
      tally.bytes = item.bytes;
      tally.progress();
      continue;
    }
    if (item.kind === 'header') {
      ctx = cinContext(item.header, file);
      continue;
    }
    const raw = item.child;
    tally.records++;
    const c = ctx!;
    const source = raw.laChildId;
    const caseId = source === undefined ? undefined : ids.id('case', `${c.lea}-${source}`);
    const report = (d: Omit<ImportDiagnostic, 'file' | 'dfe' | 'case'> & { dfe?: boolean }) => {
      const { dfe, ...rest } = d;
      tally.diagnose({ ...rest, file, ...(dfe ? { dfe: 'cin' as const } : {}), ...(caseId !== undefined ? { case: caseId } : {}) });
    };
    if (source === undefined) {
      tally.skipped++;
      report({ code: 'missing-id', field: `Child[${raw.position}]/ChildIdentifiers/LAchildID`, message: `the child at line ${raw.line} has no LAchildID`, action: 'skipped-child' });
      continue;
    }
    if (seen.has(source)) {
      tally.skipped++;
      report({ code: 'duplicate-child', field: 'ChildIdentifiers/LAchildID', message: `a second <Child> with this LAchildID (line ${raw.line}); only the first is imported`, action: 'skipped-child' });
      continue;
    }
    seen.add(source);
    const child = typeCinChild(raw, (field, code, message) => report({ code, field, message, action: 'dropped', dropped: [field] }))!;
    const checked = checkCinChild(child, c, counts);
    for (const d of checked.defects) report({ code: d.code, dfe: d.dfe, field: d.field, message: d.message, action: d.drop.length ? 'dropped' : 'none', ...(d.drop.length ? { dropped: d.drop } : {}) });
    const chronology = mapCinChild(child, c, checked.dropped, { case: caseId!, child: ids.id('child', source) }, options.completeness ?? 'coverage', (field, code, message, rows) =>
      report({ code, field, message, action: rows?.length ? 'dropped' : 'none', ...(rows?.length ? { dropped: rows } : {}) }),
    );
    if (!chronology) {
      tally.skipped++;
      report({ code: 'nothing-to-import', field: 'CINdetails', message: 'no episode with a usable referral date is left', action: 'skipped-child' });
      continue;
    }
    tally.chronologies++;
    tally.events += (chronology['events'] as unknown[]).length;
    yield chronology;
    tally.progress();
  }
  if (!ctx) throw new ImportError(file, 'invalid-field', 'no census header was found');
  for (const d of fileLevelChecks(counts, ctx)) tally.diagnose({ file, dfe: 'cin', field: d.field, code: d.code, message: d.message, action: 'none' });
  tally.progress(true);
  return tally.summary();
}

/** The base name used in diagnostics and `source.file` for a path (stdin: `-`). */
export function sourceName(path: string): string {
  return path === '-' ? 'stdin' : basename(path);
}
