/**
 * `casepath import 903 DIR`: the DfE SSDA903 (looked-after children) CSV tables to
 * chronologies, one per child (data-formats.md §2, §5).
 *
 * Tables are recognised by their header row, whatever the file is called (the
 * validator's column lists): Episodes (required), Reviews, SWEpisodes. The Header table
 * and the others are not read at all (UPN, date of birth, mother, postcodes...); of
 * Episodes only CHILD, DECOM, RNE, LS, DEC and REC are read (HOME_POST and PL_POST are
 * disabled at the parser). Dates are `DD/MM/YYYY`; a byte-order mark is stripped.
 *
 * Per child, episodes in start order:
 * - RNE S: `looked-after.started` on DECOM, `basis` from LS (V2 → s20, C1 →
 *   interim-care-order, C2 → care-order, E1 → placement-order, L1 → police-protection,
 *   L2 → emergency-protection-order, J1–J3 → remand; V3/V4 short breaks and other codes:
 *   no basis);
 * - LS becoming C2 (on an S episode, or after an episode with another LS):
 *   `care-order.made` on DECOM;
 * - RNE P or B: `living-arrangement.changed` (significant); T or U: the same with
 *   `significant: false` (same carer); L: no event (legal status only);
 * - DEC with REC other than X1: `looked-after.ceased` (`reason` the REC code), and, when
 *   the child was under a care order, `care-order.discharged` (the order ended with the
 *   period of care: replaced, adoption, 18th birthday...);
 * - a child already looked after when the return's first episode starts (first RNE not
 *   S): `looked-after.started` (and `care-order.made` under C2) dated only as "on or
 *   before that DECOM" (a range of 18 years back, unordered), so no clock counted from it
 *   can be certain;
 * - Reviews: `lac-review.held` on REVIEW; SWEpisodes: `worker.allocated` (SW_ID, or its
 *   pseudonym) on SW_DECOM.
 * `asOf` is the collection's 31 March (`--as-of`, or the 31 March on or after the latest
 * date in the tables); case ids are `<LA>-<CHILD>` (`--la`, default `903`).
 *
 * Data defects are diagnostics with the 903 validator's rule codes where one applies:
 * 356 (an episode ceasing before it starts: left out), 501 (an episode starting before
 * the previous one's DEC: the later left out), 388 (REC X1 with no continuation episode),
 * 431/432/433 (RNE inconsistent with the episode before), 148 (DEC without REC or REC
 * without DEC), 147/166 (unreadable DEC or REVIEW: ignored); casepath's own
 * `review-outside-care` (a review before the child's first episode: left out).
 */
import { type Day, formatDay } from '../calendar/day.js';
import {
  type CompletenessMode,
  EventList,
  type ImportDiagnostic,
  ImportError,
  type ImportOptions,
  type ImportSummary,
  ImportTally,
  type Pseudonymiser,
  collectionYear,
  completenessOf,
  marchThirtyFirstFrom,
  plainIds,
  ukDay,
} from './common.js';
import { csvFiles, csvHeader, csvRows } from './csv.js';
import { basename } from 'node:path';

/** Legal status codes to `looked-after.started.basis`. */
export const LS_BASIS: Record<string, string> = {
  V2: 's20',
  C1: 'interim-care-order',
  C2: 'care-order',
  E1: 'placement-order',
  L1: 'police-protection',
  L2: 'emergency-protection-order',
  J1: 'remand',
  J2: 'remand',
  J3: 'remand',
};

/** Event types the 903 records in full for its year (plus `worker.allocated` when SWEpisodes is given). */
export const SSDA903_COVERED_EVENTS = ['looked-after.started', 'looked-after.ceased', 'care-order.made', 'living-arrangement.changed', 'lac-review.held'] as const;

/** A period-of-care episode, typed. */
export interface CareEpisode {
  /** Source row, e.g. `Episodes line 12`. */
  key: string;
  /** Citation of a field of this row. */
  cite(field: string): string;
  start: Day;
  rne?: string;
  ls?: string;
  end?: Day;
  rec?: string;
}

export interface CareReview {
  key: string;
  cite: string;
  day: Day;
  cancelled?: boolean;
}

export interface CareWorker {
  key: string;
  cite: string;
  day: Day;
  worker: string;
}

export interface CareDefect {
  code: string;
  dfe: boolean;
  field: string;
  message: string;
  drop: string[];
}

const YEARS_BACK = 18 * 366;

/**
 * Looked-after events for one child into `list` (ids prefixed `prefix`), after the 903
 * checks. Returns the defects found. Shared by the 903 and SSD importers.
 */
export function lookedAfterEvents(
  list: EventList,
  prefix: string,
  episodesIn: readonly CareEpisode[],
  reviews: readonly CareReview[],
  workers: readonly CareWorker[],
  extra: Record<string, unknown> = {},
): CareDefect[] {
  const defects: CareDefect[] = [];
  const add = (code: string, field: string, message: string, drop: string[] = [], dfe = true) => defects.push({ code, dfe, field, message, drop });
  const f = formatDay;
  const episodes = [...episodesIn].sort((a, b) => a.start - b.start);
  const kept: CareEpisode[] = [];
  for (const e of episodes) {
    if (e.end !== undefined && e.end < e.start) {
      add('356', `${e.key}/DEC`, `the episode ceases (${f(e.end)}) before it starts (${f(e.start)})`, [e.key]);
      continue;
    }
    if ((e.end === undefined) !== (e.rec === undefined)) add('148', `${e.key}/${e.end === undefined ? 'REC' : 'DEC'}`, 'DEC and REC must both be given or both be blank');
    const prev = kept[kept.length - 1];
    // As the validator: an episode starting before the previous one's DEC (an open previous episode is not compared).
    if (prev && prev.end !== undefined && e.start < prev.end) {
      add('501', `${e.key}/DECOM`, `the episode starts (${f(e.start)}) before the previous one ends (${f(prev.end)})`, [e.key]);
      continue;
    }
    if (prev) {
      const continued = prev.rec === 'X1';
      if (continued && e.start !== prev.end) add('433', `${e.key}/DECOM`, `the previous episode ended X1 (new episode) on ${f(prev.end!)} but this one starts ${f(e.start)}`);
      if (continued && e.rne === 'S') add('431', `${e.key}/RNE`, 'RNE S (started to be looked after) although the previous episode continued into this one (X1)');
      if (!continued && prev.rec !== undefined && e.rne !== 'S') add('432', `${e.key}/RNE`, 'the child ceased to be looked after at the end of the previous episode but RNE is not S');
    }
    kept.push(e);
  }
  for (let i = 0; i < kept.length; i++) {
    const e = kept[i]!;
    const next = kept[i + 1];
    if (e.rec === 'X1' && (!next || next.start !== e.end)) add('388', `${e.key}/REC`, 'REC X1 (a new episode begins) but no episode starts that day');
  }

  let inCare = false;
  let order = false;
  let prevLs: string | undefined;
  kept.forEach((e, i) => {
    const p = `${prefix}.ep${i + 1}`;
    const basis = e.ls ? LS_BASIS[e.ls] : undefined;
    if (e.rne === 'S' || (i === 0 && !inCare)) {
      const truncated = e.rne !== 'S';
      // Already looked after before the first episode given: started on or before its DECOM.
      const at = truncated ? { from: Math.max(e.start - YEARS_BACK, 0), to: e.start } : e.start;
      const note = truncated ? ' (looked after before this episode; when it began is not in the data)' : '';
      list.add(at, { id: `${p}.started`, type: 'looked-after.started', ...(basis ? { basis } : {}), cite: `${e.cite('DECOM')}${note}`, ...extra });
      if (e.ls === 'C2') {
        list.add(at, { id: `${p}.order`, type: 'care-order.made', cite: `${e.cite('LS')}${note}`, ...extra });
        order = true;
      }
      inCare = true;
    } else {
      // One care order per period of care (the looked-after machine takes no second one while in care).
      if (e.ls === 'C2' && prevLs !== 'C2' && !order) {
        list.add(e.start, { id: `${p}.order`, type: 'care-order.made', cite: e.cite('LS'), ...extra });
        order = true;
      }
      if (e.rne === 'P' || e.rne === 'B') list.add(e.start, { id: `${p}.move`, type: 'living-arrangement.changed', significant: true, cite: e.cite('RNE'), ...extra });
      else if (e.rne === 'T' || e.rne === 'U') list.add(e.start, { id: `${p}.move`, type: 'living-arrangement.changed', significant: false, cite: e.cite('RNE'), ...extra });
    }
    prevLs = e.ls;
    if (e.end !== undefined && e.rec !== undefined && e.rec !== 'X1') {
      if (order) {
        list.add(e.end, { id: `${p}.discharged`, type: 'care-order.discharged', cite: `${e.cite('REC')} (the care order ended with the period of care)`, ...extra });
        order = false;
      }
      list.add(e.end, { id: `${p}.ceased`, type: 'looked-after.ceased', reason: e.rec, cite: e.cite('REC'), ...extra });
      inCare = false;
    }
  });

  const first = kept[0]?.start;
  reviews.forEach((r, i) => {
    if (first === undefined || r.day < first) {
      add('review-outside-care', r.key, `a review (${f(r.day)}) before the child's first episode${first !== undefined ? ` (${f(first)})` : ''}`, [r.key], false);
      return;
    }
    list.add(r.day, { id: `${prefix}.review${i + 1}`, type: r.cancelled ? 'lac-review.postponed' : 'lac-review.held', cite: r.cite, ...extra });
  });
  workers.forEach((w, i) => list.add(w.day, { id: `${prefix}.worker${i + 1}`, type: 'worker.allocated', worker: w.worker, cite: w.cite, ...extra }));
  return defects;
}

// ---------------------------------------------------------------------------
// The 903 tables

type Table = 'Episodes' | 'Reviews' | 'SWEpisodes';

/** Columns read from each table (and, for recognising a file, columns it must have). */
const TABLES: Record<Table, { needs: string[]; keep: string[] }> = {
  Episodes: { needs: ['CHILD', 'DECOM', 'RNE', 'LS', 'DEC', 'REC'], keep: ['CHILD', 'DECOM', 'RNE', 'LS', 'DEC', 'REC'] },
  Reviews: { needs: ['CHILD', 'REVIEW', 'REVIEW_CODE'], keep: ['CHILD', 'REVIEW'] },
  SWEpisodes: { needs: ['CHILD', 'SW_ID', 'SW_DECOM'], keep: ['CHILD', 'SW_ID', 'SW_DECOM'] },
};

export interface Import903Options extends ImportOptions {
  /** The collection's 31 March; default: the 31 March on or after the latest date in the tables. */
  asOf?: Day;
  /** Prefix of case ids (default `903`). */
  la?: string;
}

interface RawChild {
  episodes: CareEpisode[];
  reviews: CareReview[];
  workers: { key: string; cite: string; day: Day; sw: string }[];
}

/** Which 903 table a file is, by its header row. */
function tableOf(header: readonly string[]): Table | undefined {
  const has = new Set(header);
  for (const t of ['Episodes', 'Reviews', 'SWEpisodes'] as const) if (TABLES[t].needs.every((c) => has.has(c))) return t;
  return undefined;
}

/**
 * Import the 903 CSV tables in `dir`: one chronology per child of the Episodes table,
 * in the order children first appear there.
 */
export async function* import903(dir: string, options: Import903Options = {}): AsyncGenerator<Record<string, unknown>, ImportSummary> {
  const tally = new ImportTally(options);
  const ids: Pseudonymiser = options.pseudonymise ?? plainIds;
  const files = new Map<Table, string>();
  for (const path of csvFiles(dir)) {
    const t = tableOf(csvHeader(path));
    if (!t) continue;
    if (files.has(t)) throw new ImportError(basename(path), 'invalid-field', `a second ${t} table (the first is ${basename(files.get(t)!)})`);
    files.set(t, path);
  }
  const episodesFile = files.get('Episodes');
  if (!episodesFile) throw new ImportError(dir, 'invalid-field', 'no Episodes table (a CSV with CHILD, DECOM, RNE, LS, DEC and REC columns) in the directory');

  const children = new Map<string, RawChild>();
  const diagnose = (d: Omit<ImportDiagnostic, 'dfe'> & { dfe?: boolean }) => {
    const { dfe, ...rest } = d;
    tally.diagnose({ ...rest, ...(dfe ? { dfe: '903' as const } : {}) });
  };
  let latest = -Infinity;
  const seen = (d: Day | undefined) => {
    if (d !== undefined && d > latest) latest = d;
  };
  const childOf = (id: string) => {
    let c = children.get(id);
    if (!c) children.set(id, (c = { episodes: [], reviews: [], workers: [] }));
    return c;
  };

  const eName = basename(episodesFile);
  for await (const { row, line } of csvRows(episodesFile, new Set(TABLES.Episodes.keep))) {
    const id = row['CHILD'];
    const key = `Episodes line ${line}`;
    if (id === undefined) {
      diagnose({ code: 'missing-id', file: eName, field: `${key}/CHILD`, message: 'an episode with no CHILD', action: 'dropped', dropped: [key] });
      continue;
    }
    const start = ukDay(row['DECOM']);
    if (start === undefined) {
      diagnose({ code: 'bad-date', file: eName, field: `${key}/DECOM`, message: 'DECOM is missing or not a date (DD/MM/YYYY)', action: 'dropped', dropped: [key], case: caseIdOf(id) });
      continue;
    }
    const end = ukDay(row['DEC']);
    if (row['DEC'] !== undefined && end === undefined) diagnose({ code: '147', dfe: true, file: eName, field: `${key}/DEC`, message: 'DEC is not a date (DD/MM/YYYY); it is ignored', action: 'dropped', dropped: [`${key}/DEC`], case: caseIdOf(id) });
    seen(start);
    seen(end);
    const ep: CareEpisode = {
      key,
      cite: (field) => `SSDA903: Episodes/${field} (${eName} line ${line})`,
      start,
      ...(row['RNE'] ? { rne: row['RNE'].toUpperCase() } : {}),
      ...(row['LS'] ? { ls: row['LS'].toUpperCase() } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(row['REC'] ? { rec: row['REC'].toUpperCase() } : {}),
    };
    childOf(id).episodes.push(ep);
  }
  const reviewsFile = files.get('Reviews');
  if (reviewsFile) {
    const name = basename(reviewsFile);
    for await (const { row, line } of csvRows(reviewsFile, new Set(TABLES.Reviews.keep))) {
      const id = row['CHILD'];
      const key = `Reviews line ${line}`;
      if (id === undefined || !children.has(id)) {
        if (id !== undefined && row['REVIEW'] !== undefined) diagnose({ code: 'review-outside-care', file: name, field: key, message: 'a review for a child with no episode', action: 'dropped', dropped: [key], case: caseIdOf(id) });
        continue;
      }
      if (row['REVIEW'] === undefined) continue; // a child's row with no review this year
      const day = ukDay(row['REVIEW']);
      if (day === undefined) {
        diagnose({ code: '166', dfe: true, file: name, field: `${key}/REVIEW`, message: 'REVIEW is not a date (DD/MM/YYYY); it is ignored', action: 'dropped', dropped: [key], case: caseIdOf(id) });
        continue;
      }
      seen(day);
      childOf(id).reviews.push({ key, cite: `SSDA903: Reviews/REVIEW (${name} line ${line})`, day });
    }
  }
  const swFile = files.get('SWEpisodes');
  if (swFile) {
    const name = basename(swFile);
    for await (const { row, line } of csvRows(swFile, new Set(TABLES.SWEpisodes.keep))) {
      const id = row['CHILD'];
      const key = `SWEpisodes line ${line}`;
      if (id === undefined || !children.has(id) || row['SW_ID'] === undefined) continue;
      const day = ukDay(row['SW_DECOM']);
      if (day === undefined) {
        diagnose({ code: 'bad-date', file: name, field: `${key}/SW_DECOM`, message: 'SW_DECOM is missing or not a date (DD/MM/YYYY)', action: 'dropped', dropped: [key], case: caseIdOf(id) });
        continue;
      }
      seen(day);
      childOf(id).workers.push({ key, cite: `SSDA903: SWEpisodes/SW_DECOM (${name} line ${line})`, day, sw: row['SW_ID'] });
    }
  }

  const asOf = options.asOf ?? (Number.isFinite(latest) ? marchThirtyFirstFrom(latest) : undefined);
  if (asOf === undefined) throw new ImportError(eName, 'invalid-field', 'no dated episode in the Episodes table (and no --as-of)');
  const window = collectionYear(asOf);
  const covered = [...SSDA903_COVERED_EVENTS, ...(swFile ? ['worker.allocated'] : [])];
  const mode: CompletenessMode = options.completeness ?? 'coverage';

  for (const [id, raw] of children) {
    tally.records++;
    const caseId = caseIdOf(id);
    const list = new EventList();
    const defects = lookedAfterEvents(
      list,
      'c',
      raw.episodes,
      raw.reviews,
      raw.workers.map((w) => ({ key: w.key, cite: w.cite, day: w.day, worker: ids.id('worker', w.sw) })),
    );
    for (const d of defects) {
      const file = basename(d.field.startsWith('Reviews') ? (reviewsFile ?? eName) : eName);
      diagnose({ code: d.code, dfe: d.dfe, file, case: caseId, field: d.field, message: d.message, action: d.drop.length ? 'dropped' : 'none', ...(d.drop.length ? { dropped: d.drop } : {}) });
    }
    if (list.size === 0) {
      tally.skipped++;
      diagnose({ code: 'nothing-to-import', file: eName, case: caseId, field: 'Episodes', message: 'no usable episode is left', action: 'skipped-child' });
      continue;
    }
    const chronology = {
      case: caseId,
      asOf: formatDay(asOf),
      completeness: completenessOf(mode, window, covered),
      source: { document: `DfE SSDA903 ${formatDay(window.from).slice(0, 4)}-${formatDay(asOf).slice(2, 4)}`, file: eName },
      children: [{ id: ids.id('child', id) }],
      events: list.sorted(),
    };
    tally.chronologies++;
    tally.events += chronology.events.length;
    yield chronology;
    tally.progress();
  }
  tally.progress(true);
  return tally.summary();

  function caseIdOf(child: string): string {
    return ids.id('case', `${options.la ?? '903'}-${child}`);
  }
}
