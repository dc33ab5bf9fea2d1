/**
 * `casepath import ssd DIR`: the Standard Safeguarding Dataset (data-to-insight's SSD)
 * as CSV extracts, one file per table named as the table (`ssd_cin_episodes.csv`, ...),
 * to chronologies: one per family where `ssd_family` links siblings (`--case family`,
 * the default; a child with no family row is a family of one), or one per child
 * (`--case child`). Data-formats.md §3, §5.
 *
 * Tables read (any may be absent; coverage lists only the event types of those given):
 * ssd_family, ssd_cin_episodes, ssd_cin_assessments, ssd_cin_plans, ssd_s47_enquiry,
 * ssd_initial_cp_conference, ssd_cp_plans, ssd_cp_reviews, ssd_cla_episodes,
 * ssd_legal_status, ssd_cla_reviews, ssd_cla_care_plan, ssd_involvements. Never read:
 * ssd_person (names, dates of birth), ssd_address, ssd_cla_placement (postcodes) and every
 * column not mapped; the outcome JSON columns are cut down to their `*_FLAG` values as the
 * parser reads them (their OUTCOME_COMMENTS free text is never kept). Dates are ISO dates
 * or SQL datetimes (the calendar date is taken), or `DD/MM/YYYY`.
 *
 * The child-protection rows are put in the CIN census's shape (referral → episode; its
 * assessments, CIN plans, s47 enquiries with their ICPCs, plans with their reviews) and
 * mapped as the census is (src/import/cin.ts), with what the SSD adds: the s47 end date
 * and outcome (`s47.completed`: CP_CONFERENCE_FLAG → continuing-risk, NFA → not
 * substantiated), the ICPC's plan flag, a review's decision to end the plan. The same
 * DfE CIN ordering checks apply (src/import/cin-checks.ts). The looked-after rows are put
 * in the 903's shape (episode start and RNE, legal status in force at the start, ceased
 * date and reason) and mapped as the 903 is (src/import/ssda903.ts), plus
 * `care-plan.updated` (care plan start dates) and `lac-review.postponed` (cancelled
 * reviews). `worker.allocated` comes from ssd_involvements (every professional involved:
 * the SSD's role codes are not yet mapped to "social worker").
 *
 * In a family's chronology each event names its child; initial and review conferences,
 * strategy discussions and s47 starts held for several siblings on one day with the same
 * decision become one event.
 */
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import { type Day, dayOf, formatDay, partsOf, today } from '../calendar/day.js';
import { type CinChild, type CinContext, type CinEpisode, CIN_COVERED_EVENTS, CIN_PLAN_EVENTS, cinEvents } from './cin.js';
import { checkCinChild } from './cin-checks.js';
import {
  type CompletenessMode,
  EventList,
  type ImportDiagnostic,
  ImportError,
  type ImportOptions,
  type ImportSummary,
  ImportTally,
  type Pseudonymiser,
  anyDay,
  completenessOf,
  flag,
  plainIds,
} from './common.js';
import { csvFiles, csvRows } from './csv.js';
import { type CareEpisode, type CareReview, type CareWorker, lookedAfterEvents } from './ssda903.js';

export interface ImportSsdOptions extends ImportOptions {
  /** The extract date (default today in England). */
  asOf?: Day;
  /** First day the extract records in full (default: six years before asOf, the SSD's default timeframe). */
  from?: Day;
  /** Prefix of case ids (default `SSD`). */
  la?: string;
  /** One chronology per family (default) or per child. */
  caseBy?: 'family' | 'child';
}

type Row = Record<string, string>;

/** Columns read per table (normalised upper case), and the flag columns cut down at the parser. */
const TABLES = {
  ssd_family: ['FAMI_FAMILY_ID', 'FAMI_PERSON_ID'],
  ssd_cin_episodes: ['CINE_REFERRAL_ID', 'CINE_PERSON_ID', 'CINE_REFERRAL_DATE', 'CINE_REFERRAL_NFA', 'CINE_CLOSE_DATE'],
  ssd_cin_assessments: ['CINA_ASSESSMENT_ID', 'CINA_PERSON_ID', 'CINA_REFERRAL_ID', 'CINA_ASSESSMENT_START_DATE', 'CINA_ASSESSMENT_AUTH_DATE'],
  ssd_cin_plans: ['CINP_CIN_PLAN_ID', 'CINP_REFERRAL_ID', 'CINP_PERSON_ID', 'CINP_CIN_PLAN_START_DATE', 'CINP_CIN_PLAN_END_DATE'],
  ssd_s47_enquiry: ['S47E_S47_ENQUIRY_ID', 'S47E_REFERRAL_ID', 'S47E_PERSON_ID', 'S47E_S47_START_DATE', 'S47E_S47_END_DATE', 'S47E_S47_NFA', 'S47E_S47_OUTCOME_JSON'],
  ssd_initial_cp_conference: ['ICPC_ICPC_ID', 'ICPC_S47_ENQUIRY_ID', 'ICPC_PERSON_ID', 'ICPC_CP_PLAN_ID', 'ICPC_REFERRAL_ID', 'ICPC_ICPC_TRANSFER_IN', 'ICPC_ICPC_TARGET_DATE', 'ICPC_ICPC_DATE', 'ICPC_ICPC_OUTCOME_CP_FLAG'],
  ssd_cp_plans: ['CPPL_CP_PLAN_ID', 'CPPL_REFERRAL_ID', 'CPPL_ICPC_ID', 'CPPL_PERSON_ID', 'CPPL_CP_PLAN_START_DATE', 'CPPL_CP_PLAN_END_DATE', 'CPPL_CP_PLAN_INITIAL_CATEGORY'],
  ssd_cp_reviews: ['CPPR_CP_REVIEW_ID', 'CPPR_PERSON_ID', 'CPPR_CP_PLAN_ID', 'CPPR_CP_REVIEW_DATE', 'CPPR_CP_REVIEW_OUTCOME_CONTINUE_CP'],
  ssd_cla_episodes: ['CLAE_CLA_EPISODE_ID', 'CLAE_PERSON_ID', 'CLAE_CLA_EPISODE_START_DATE', 'CLAE_CLA_EPISODE_START_REASON', 'CLAE_CLA_EPISODE_CEASED_DATE', 'CLAE_CLA_EPISODE_CEASED_REASON', 'CLAE_CLA_ID'],
  ssd_legal_status: ['LEGA_PERSON_ID', 'LEGA_LEGAL_STATUS', 'LEGA_LEGAL_STATUS_START_DATE', 'LEGA_LEGAL_STATUS_END_DATE'],
  ssd_cla_reviews: ['CLAR_CLA_REVIEW_ID', 'CLAR_CLA_ID', 'CLAR_CLA_REVIEW_DATE', 'CLAR_CLA_REVIEW_CANCELLED'],
  ssd_cla_care_plan: ['LACP_PERSON_ID', 'LACP_CLA_CARE_PLAN_START_DATE'],
  ssd_involvements: ['INVO_PROFESSIONAL_ID', 'INVO_PERSON_ID', 'INVO_INVOLVEMENT_START_DATE'],
} as const;
type Table = keyof typeof TABLES;

/** Only the `*_FLAG` values of an outcome JSON blob, as `KEY=VALUE;...` (never its comments). */
export function outcomeFlags(json: string): string {
  const out: string[] = [];
  for (const m of json.matchAll(/"?([A-Z_]*_FLAG)"?\s*:\s*"?([A-Za-z0-9]{0,5})"?/g)) out.push(`${m[1]}=${m[2]}`);
  return out.join(';');
}
const FLAG_COLUMNS: Record<string, (v: string) => string> = { S47E_S47_OUTCOME_JSON: outcomeFlags };

const hasFlag = (flags: string | undefined, name: string) => flags !== undefined && new RegExp(`(^|;)${name}=(Y|1|TRUE)(;|$)`, 'i').test(flags);

/** Event types an SSD extract records in full, by the table that records them. */
const COVERAGE_BY_TABLE: Partial<Record<Table, readonly string[]>> = {
  ssd_cin_episodes: ['referral.received'],
  ssd_cin_assessments: ['assessment.started', 'assessment.completed'],
  ssd_cin_plans: ['cin-plan.started', 'cin-plan.ended'],
  ssd_s47_enquiry: ['strategy.held', 's47.started', 's47.completed'],
  ssd_initial_cp_conference: ['conference.held'],
  ssd_cla_episodes: ['looked-after.started', 'looked-after.ceased', 'living-arrangement.changed'],
  ssd_legal_status: ['care-order.made'],
  ssd_cla_reviews: ['lac-review.held', 'lac-review.postponed'],
  ssd_cla_care_plan: ['care-plan.updated'],
  ssd_involvements: ['worker.allocated'],
};

/** The SSD column behind each census element the mapping cites. */
const SSD_COLUMN: Record<string, string> = {
  CINreferralDate: 'cine_referral_date',
  ReferralNFA: 'cine_referral_nfa',
  DateOfInitialCPC: 'icpc_icpc_date',
  AssessmentActualStartDate: 'cina_assessment_start_date',
  AssessmentAuthorisationDate: 'cina_assessment_auth_date',
  S47ActualStartDate: 's47e_s47_start_date',
  S47EndDate: 's47e_s47_end_date',
  CPPstartDate: 'cppl_cp_plan_start_date',
  CPPendDate: 'cppl_cp_plan_end_date',
  CINPlanStartDate: 'cinp_cin_plan_start_date',
  CINPlanEndDate: 'cinp_cin_plan_end_date',
};

const CATEGORY: Record<string, string> = { NEG: 'neglect', PHY: 'physical-abuse', SAB: 'sexual-abuse', EMO: 'emotional-abuse' };

interface Person {
  referrals: Row[];
  assessments: Row[];
  cinPlans: Row[];
  s47: Row[];
  icpcs: Row[];
  plans: Row[];
  reviews: Row[];
  cla: Row[];
  legal: Row[];
  claReviews: Row[];
  carePlans: Row[];
  involvements: Row[];
}

const emptyPerson = (): Person => ({ referrals: [], assessments: [], cinPlans: [], s47: [], icpcs: [], plans: [], reviews: [], cla: [], legal: [], claReviews: [], carePlans: [], involvements: [] });

/**
 * Import the SSD tables in `dir`. Cases are produced once every table is read (the
 * tables link by keys, in any order), in the order their first person appears.
 */
export async function* importSsd(dir: string, options: ImportSsdOptions = {}): AsyncGenerator<Record<string, unknown>, ImportSummary> {
  const tally = new ImportTally(options);
  const ids: Pseudonymiser = options.pseudonymise ?? plainIds;
  const la = options.la ?? 'SSD';
  const asOf = options.asOf ?? today();
  const from = options.from ?? sixYearsBefore(asOf);
  const mode: CompletenessMode = options.completeness ?? 'coverage';
  const present = new Map<Table, string>();
  for (const path of csvFiles(dir)) {
    const name = basename(path).replace(/\.csv$/i, '').toLowerCase();
    if (name in TABLES) present.set(name as Table, path);
  }
  if (![...present.keys()].some((t) => t !== 'ssd_family')) {
    throw new ImportError(dir, 'invalid-field', `no SSD table found (files named as the tables, e.g. ssd_cin_episodes.csv; known: ${Object.keys(TABLES).join(', ')})`);
  }

  const people = new Map<string, Person>();
  const person = (id: string) => {
    let p = people.get(id);
    if (!p) people.set(id, (p = emptyPerson()));
    return p;
  };
  const family = new Map<string, string>();
  const claPerson = new Map<string, string>();
  const rowsOf = async (table: Table, each: (row: Row) => void) => {
    const path = present.get(table);
    if (!path) return;
    const file = basename(path);
    for await (const { row, line } of csvRows(path, new Set(TABLES[table]), FLAG_COLUMNS)) {
      row['#line'] = String(line);
      row['#file'] = file;
      each(row);
    }
  };
  const byPerson = (key: string, list: keyof Person) => (row: Row) => {
    const id = row[key];
    if (id !== undefined) person(id)[list].push(row);
  };
  await rowsOf('ssd_family', (r) => {
    if (r['FAMI_PERSON_ID'] !== undefined && r['FAMI_FAMILY_ID'] !== undefined && !family.has(r['FAMI_PERSON_ID'])) family.set(r['FAMI_PERSON_ID'], r['FAMI_FAMILY_ID']);
  });
  await rowsOf('ssd_cin_episodes', byPerson('CINE_PERSON_ID', 'referrals'));
  await rowsOf('ssd_cin_assessments', byPerson('CINA_PERSON_ID', 'assessments'));
  await rowsOf('ssd_cin_plans', byPerson('CINP_PERSON_ID', 'cinPlans'));
  await rowsOf('ssd_s47_enquiry', byPerson('S47E_PERSON_ID', 's47'));
  await rowsOf('ssd_initial_cp_conference', byPerson('ICPC_PERSON_ID', 'icpcs'));
  await rowsOf('ssd_cp_plans', byPerson('CPPL_PERSON_ID', 'plans'));
  await rowsOf('ssd_cp_reviews', byPerson('CPPR_PERSON_ID', 'reviews'));
  await rowsOf('ssd_cla_episodes', (r) => {
    byPerson('CLAE_PERSON_ID', 'cla')(r);
    if (r['CLAE_CLA_ID'] !== undefined && r['CLAE_PERSON_ID'] !== undefined) claPerson.set(r['CLAE_CLA_ID'], r['CLAE_PERSON_ID']);
  });
  await rowsOf('ssd_legal_status', byPerson('LEGA_PERSON_ID', 'legal'));
  await rowsOf('ssd_cla_reviews', (r) => {
    const p = r['CLAR_CLA_ID'] !== undefined ? claPerson.get(r['CLAR_CLA_ID']) : undefined;
    if (p !== undefined) person(p).claReviews.push(r);
  });
  await rowsOf('ssd_cla_care_plan', byPerson('LACP_PERSON_ID', 'carePlans'));
  await rowsOf('ssd_involvements', byPerson('INVO_PERSON_ID', 'involvements'));

  // Cases: families (in the order their first person appears) or single children.
  const cases = new Map<string, string[]>();
  for (const id of people.keys()) {
    const key = options.caseBy === 'child' ? `child:${id}` : `family:${family.get(id) ?? `person-${id}`}`;
    const list = cases.get(key);
    if (list) list.push(id);
    else cases.set(key, [id]);
  }
  const covered = [...new Set([...present.keys()].flatMap((t) => COVERAGE_BY_TABLE[t] ?? []))];
  const window = { from, to: asOf };
  const { year } = partsOf(asOf);
  const ctx: CinContext = {
    file: 'ssd',
    lea: la,
    asOf,
    window,
    yearLabel: String(year),
    cite: (key, element) => `SSD: ${key} (${SSD_COLUMN[element] ?? (element || 'cppr_cp_review_date')})`,
  };

  for (const [key, members] of cases) {
    tally.records++;
    const caseSource = key.startsWith('family:') && family.has(members[0]!) ? `${la}-family-${family.get(members[0]!)}` : `${la}-${members[0]}`;
    const caseId = ids.id(key.startsWith('family:') && family.has(members[0]!) ? 'family' : 'case', caseSource);
    const list = new EventList();
    const childIds: string[] = [];
    members.forEach((pid, i) => {
      const childId = ids.id('child', pid);
      childIds.push(childId);
      const extra = members.length > 1 ? { children: [childId] } : {};
      const prefix = members.length > 1 ? `k${i + 1}.` : '';
      const p = people.get(pid)!;
      const report = (d: { code: string; dfe?: 'cin' | '903'; file: string; field: string; message: string; drop?: string[] }) =>
        tally.diagnose({
          code: d.code,
          ...(d.dfe ? { dfe: d.dfe } : {}),
          file: d.file,
          case: caseId,
          field: d.field,
          message: d.message,
          action: d.drop?.length ? 'dropped' : 'none',
          ...(d.drop?.length ? { dropped: d.drop } : {}),
        } satisfies ImportDiagnostic);

      const cin = cinChildOf(pid, p, report);
      const checked = checkCinChild(cin, ctx, { cppsInYear: 0, icpcsInYear: 0 });
      for (const d of checked.defects) report({ code: d.code, ...(d.dfe ? { dfe: 'cin' as const } : {}), file: fileOfKey(d.field), field: d.field, message: d.message, drop: d.drop });
      cinEvents(list, cin, ctx, checked.dropped, prefix, extra, (field, code, message, rows) => report({ code, file: fileOfKey(field), field, message, ...(rows ? { drop: rows } : {}) }));

      const care = careOf(p, report);
      for (const d of lookedAfterEvents(list, `${prefix}c`, care.episodes, care.reviews, care.workers.map((w) => ({ ...w, worker: ids.id('worker', w.worker) })), extra)) {
        report({ code: d.code, ...(d.dfe ? { dfe: '903' as const } : {}), file: fileOfKey(d.field), field: d.field, message: d.message, drop: d.drop });
      }
      care.carePlans.forEach((c, j) => list.add(c.day, { id: `${prefix}cp${j + 1}`, type: 'care-plan.updated', cite: c.cite, ...extra }));
    });
    if (list.size === 0) {
      tally.skipped++;
      continue;
    }
    const events = mergeSiblings(list.sorted());
    const chronology = {
      case: caseId,
      asOf: formatDay(asOf),
      completeness: completenessOf(mode, window, covered),
      source: { document: 'Standard Safeguarding Dataset extract', file: basename(dir) },
      children: childIds.map((id) => ({ id })),
      events,
    };
    tally.chronologies++;
    tally.events += events.length;
    yield chronology;
    tally.progress();
  }
  tally.progress(true);
  return tally.summary();
}

function sixYearsBefore(day: Day): Day {
  const { year, month, date } = partsOf(day);
  return dayOf(year - 6, month, date) + 1;
}

/** The file a row key names (`ssd_cp_plans.csv line 4/...` → `ssd_cp_plans.csv`). */
function fileOfKey(key: string): string {
  return key.split(' line ')[0]!.split('/')[0]!;
}

const rowKey = (r: Row) => `${r['#file']} line ${r['#line']}`;

type Report = (d: { code: string; file: string; field: string; message: string; drop?: string[] }) => void;

function dateOf(r: Row, column: string, report: Report): Day | undefined {
  const v = r[column];
  if (v === undefined) return undefined;
  const d = anyDay(v);
  if (d === undefined) report({ code: 'bad-date', file: r['#file']!, field: `${rowKey(r)}/${column.toLowerCase()}`, message: `${column.toLowerCase()} is not a date; it is ignored`, drop: [`${rowKey(r)}/${column.toLowerCase()}`] });
  return d;
}

/** A person's child-protection rows in the census's shape. */
function cinChildOf(pid: string, p: Person, report: Report): CinChild {
  const referrals = p.referrals.map((r) => ({ r, day: dateOf(r, 'CINE_REFERRAL_DATE', report) })).sort((a, b) => (a.day ?? 0) - (b.day ?? 0));
  const episodeOf = new Map<string, CinEpisode>();
  const episodes: CinEpisode[] = referrals.map(({ r, day }, i) => {
    const key = rowKey(r);
    const ep: CinEpisode = { n: i + 1, key, assessments: [], cinPlans: [], section47: [], cpps: [], pp: [] };
    if (day !== undefined) ep.referral = day;
    const close = dateOf(r, 'CINE_CLOSE_DATE', report);
    if (close !== undefined) ep.closure = close;
    const nfa = flag(r['CINE_REFERRAL_NFA']);
    if (nfa !== undefined) ep.nfa = nfa;
    if (r['CINE_REFERRAL_ID'] !== undefined) episodeOf.set(r['CINE_REFERRAL_ID'], ep);
    return ep;
  });
  const orphan = (r: Row, table: string) =>
    report({ code: 'unlinked-row', file: r['#file']!, field: rowKey(r), message: `a ${table} row whose referral is not in ssd_cin_episodes for this person`, drop: [rowKey(r)] });
  for (const r of p.assessments) {
    const ep = episodeOf.get(r['CINA_REFERRAL_ID'] ?? '');
    if (!ep) {
      orphan(r, 'ssd_cin_assessments');
      continue;
    }
    const row: CinEpisode['assessments'][number] = { n: ep.assessments.length + 1, key: rowKey(r) };
    const s = dateOf(r, 'CINA_ASSESSMENT_START_DATE', report);
    const a = dateOf(r, 'CINA_ASSESSMENT_AUTH_DATE', report);
    if (s !== undefined) row.start = s;
    if (a !== undefined) row.auth = a;
    ep.assessments.push(row);
  }
  for (const r of p.cinPlans) {
    const ep = episodeOf.get(r['CINP_REFERRAL_ID'] ?? '');
    if (!ep) {
      orphan(r, 'ssd_cin_plans');
      continue;
    }
    const row: CinEpisode['cinPlans'][number] = { n: ep.cinPlans.length + 1, key: rowKey(r) };
    const s = dateOf(r, 'CINP_CIN_PLAN_START_DATE', report);
    const e = dateOf(r, 'CINP_CIN_PLAN_END_DATE', report);
    if (s !== undefined) row.start = s;
    if (e !== undefined) row.end = e;
    ep.cinPlans.push(row);
  }
  const s47Of = new Map<string, CinEpisode['section47'][number]>();
  for (const r of p.s47) {
    const ep = episodeOf.get(r['S47E_REFERRAL_ID'] ?? '');
    if (!ep) {
      orphan(r, 'ssd_s47_enquiry');
      continue;
    }
    const row: CinEpisode['section47'][number] = { n: ep.section47.length + 1, key: rowKey(r) };
    const s = dateOf(r, 'S47E_S47_START_DATE', report);
    const e = dateOf(r, 'S47E_S47_END_DATE', report);
    if (s !== undefined) row.start = s;
    if (e !== undefined) row.end = e;
    const flags = r['S47E_S47_OUTCOME_JSON'];
    if (hasFlag(flags, 'CP_CONFERENCE_FLAG')) row.outcome = 'continuing-risk';
    else if (hasFlag(flags, 'NFA_FLAG') || flag(r['S47E_S47_NFA']) === true) row.outcome = 'not-substantiated';
    ep.section47.push(row);
    if (r['S47E_S47_ENQUIRY_ID'] !== undefined) s47Of.set(r['S47E_S47_ENQUIRY_ID'], row);
  }
  for (const r of p.icpcs) {
    const day = dateOf(r, 'ICPC_ICPC_DATE', report);
    if (day === undefined) continue;
    const s = s47Of.get(r['ICPC_S47_ENQUIRY_ID'] ?? '');
    const planFlag = flag(r['ICPC_ICPC_OUTCOME_CP_FLAG']);
    if (s && flag(r['ICPC_ICPC_TRANSFER_IN']) !== true) {
      s.icpc = day;
      if (planFlag !== undefined) s.icpcPlan = planFlag;
      const target = dateOf(r, 'ICPC_ICPC_TARGET_DATE', report);
      if (target !== undefined) s.target = target;
      continue;
    }
    const ep = episodeOf.get(r['ICPC_REFERRAL_ID'] ?? '');
    if (!ep) {
      orphan(r, 'ssd_initial_cp_conference');
      continue;
    }
    // A transfer-in, or a conference with no s47 row: the census's CINdetails-level conference.
    ep.icpc = day;
  }
  const planOf = new Map<string, CinEpisode['cpps'][number]>();
  for (const r of p.plans) {
    const ep = episodeOf.get(r['CPPL_REFERRAL_ID'] ?? '');
    if (!ep) {
      orphan(r, 'ssd_cp_plans');
      continue;
    }
    const row: CinEpisode['cpps'][number] = { n: ep.cpps.length + 1, key: rowKey(r), reviews: [] };
    const s = dateOf(r, 'CPPL_CP_PLAN_START_DATE', report);
    const e = dateOf(r, 'CPPL_CP_PLAN_END_DATE', report);
    if (s !== undefined) row.start = s;
    if (e !== undefined) row.end = e;
    const c = CATEGORY[(r['CPPL_CP_PLAN_INITIAL_CATEGORY'] ?? '').toUpperCase()];
    if (c) row.category = c;
    ep.cpps.push(row);
    if (r['CPPL_CP_PLAN_ID'] !== undefined) planOf.set(r['CPPL_CP_PLAN_ID'], row);
  }
  for (const r of p.reviews) {
    const plan = planOf.get(r['CPPR_CP_PLAN_ID'] ?? '');
    if (!plan) {
      orphan(r, 'ssd_cp_reviews');
      continue;
    }
    const day = dateOf(r, 'CPPR_CP_REVIEW_DATE', report);
    if (day === undefined) continue;
    const continues = flag(r['CPPR_CP_REVIEW_OUTCOME_CONTINUE_CP']);
    plan.reviews.push({ n: plan.reviews.length + 1, key: rowKey(r), day, ...(continues !== undefined ? { continues } : {}) });
  }
  return { position: 0, line: 0, laChildId: pid, episodes };
}

/** A person's looked-after rows in the 903's shape. */
function careOf(p: Person, report: Report): { episodes: CareEpisode[]; reviews: CareReview[]; workers: CareWorker[]; carePlans: { day: Day; cite: string }[] } {
  const legal = p.legal
    .map((r) => ({ status: (r['LEGA_LEGAL_STATUS'] ?? '').toUpperCase(), start: dateOf(r, 'LEGA_LEGAL_STATUS_START_DATE', report) }))
    .filter((l): l is { status: string; start: Day } => l.start !== undefined && l.status !== '')
    .sort((a, b) => a.start - b.start);
  const statusOn = (day: Day) => {
    let s: string | undefined;
    for (const l of legal) if (l.start <= day) s = l.status;
    return s;
  };
  const episodes: CareEpisode[] = [];
  for (const r of p.cla) {
    const start = dateOf(r, 'CLAE_CLA_EPISODE_START_DATE', report);
    if (start === undefined) continue;
    const end = dateOf(r, 'CLAE_CLA_EPISODE_CEASED_DATE', report);
    const key = rowKey(r);
    const ls = statusOn(start);
    episodes.push({
      key,
      cite: (field) => `SSD: ${key} (${field === 'DECOM' ? 'clae_cla_episode_start_date' : field === 'RNE' ? 'clae_cla_episode_start_reason' : field === 'LS' ? 'ssd_legal_status in force' : 'clae_cla_episode_ceased_reason'})`,
      start,
      ...(r['CLAE_CLA_EPISODE_START_REASON'] ? { rne: r['CLAE_CLA_EPISODE_START_REASON'].toUpperCase() } : {}),
      ...(ls ? { ls } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(r['CLAE_CLA_EPISODE_CEASED_REASON'] ? { rec: r['CLAE_CLA_EPISODE_CEASED_REASON'].toUpperCase() } : {}),
    });
  }
  const reviews: CareReview[] = [];
  for (const r of p.claReviews) {
    const day = dateOf(r, 'CLAR_CLA_REVIEW_DATE', report);
    if (day === undefined) continue;
    reviews.push({ key: rowKey(r), cite: `SSD: ${rowKey(r)} (clar_cla_review_date)`, day, ...(flag(r['CLAR_CLA_REVIEW_CANCELLED']) === true ? { cancelled: true } : {}) });
  }
  reviews.sort((a, b) => a.day - b.day);
  const workers: CareWorker[] = [];
  for (const r of p.involvements) {
    const day = dateOf(r, 'INVO_INVOLVEMENT_START_DATE', report);
    if (day === undefined || r['INVO_PROFESSIONAL_ID'] === undefined) continue;
    workers.push({ key: rowKey(r), cite: `SSD: ${rowKey(r)} (invo_involvement_start_date)`, day, worker: r['INVO_PROFESSIONAL_ID'] });
  }
  const carePlans: { day: Day; cite: string }[] = [];
  for (const r of p.carePlans) {
    const day = dateOf(r, 'LACP_CLA_CARE_PLAN_START_DATE', report);
    if (day !== undefined) carePlans.push({ day, cite: `SSD: ${rowKey(r)} (lacp_cla_care_plan_start_date)` });
  }
  return { episodes, reviews, workers, carePlans };
}

/** Event types whose same-day, same-decision events for several siblings are one meeting. */
const SHARED = new Set(['conference.held', 'strategy.held', 's47.started']);

/** Merge siblings' shared meetings into one event naming every child (the first one's id and cite). */
export function mergeSiblings(events: Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const byKey = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    const children = e['children'] as string[] | undefined;
    if (!SHARED.has(String(e['type'])) || !children) {
      out.push(e);
      continue;
    }
    const key = JSON.stringify([e['type'], e['at'], e['kind'], e['decision'], e['category']]);
    const first = byKey.get(key);
    if (first && !(first['children'] as string[]).some((c) => children.includes(c))) {
      (first['children'] as string[]).push(...children);
      continue;
    }
    const copy = { ...e, children: [...children] };
    byKey.set(key, copy);
    out.push(copy);
  }
  return out;
}

/** Whether a directory holds any SSD table (for a helpful message). */
export function looksLikeSsd(dir: string): boolean {
  return Object.keys(TABLES).some((t) => existsSync(join(dir, `${t}.csv`)));
}
