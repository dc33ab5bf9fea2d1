/**
 * Writing chronologies as SSDA903 CSV tables (data-formats.md §2.1, the 903 validator's
 * column lists): `header.csv`, `episodes.csv`, `reviews.csv` and `sw_episodes.csv`,
 * dates `DD/MM/YYYY`, one row set per child (CHILD is `<case>-<child>`).
 *
 * Per child, its looked-after events become episodes: a period of care starts with
 * `looked-after.started` (LS from `basis`) or a `care-order.made` outside care (LS C2,
 * RNE S); inside care, a `care-order.made` starts an episode with RNE L (legal status
 * only), a `living-arrangement.changed` one with RNE P (significant) or T (same carer),
 * both on one day B or U; the period ends at `looked-after.ceased` (REC its `reason`, or
 * E8) or `care-order.discharged` (REC E8). A care order given as the outcome of
 * proceedings (`proceedings.concluded` with `order: care`, as the synthetic corpus
 * records it) counts as `care-order.made`. `lac-review.held` rows go to Reviews (REVIEW_CODE
 * PN1), `worker.allocated` to SWEpisodes (SW_DEC the next allocation). Identifiers
 * (UPN, date of birth, postcodes) are left blank, never invented.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Day, formatDay, parseDay } from '../../calendar/day.js';

const BASIS_LS: Record<string, string> = {
  s20: 'V2',
  'interim-care-order': 'C1',
  'care-order': 'C2',
  'placement-order': 'E1',
  'police-protection': 'L1',
  'emergency-protection-order': 'L2',
  remand: 'J1',
};

export const SSDA903_COLUMNS = {
  header: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
  episodes: ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
  reviews: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  swEpisodes: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
} as const;

export interface Ssda903Tables {
  header: string[][];
  episodes: string[][];
  reviews: string[][];
  swEpisodes: string[][];
}

type Ev = Record<string, unknown> & { id: string; type: string; at: unknown; children?: string[] };

const uk = (d: Day) => {
  const iso = formatDay(d);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
};

interface Episode {
  start: Day;
  rne: string;
  ls: string;
  end?: Day;
  rec?: string;
}

/** The 903 rows of one chronology's children, appended to `tables`. */
export function chronologyTo903(chronology: Record<string, unknown>, tables: Ssda903Tables = emptyTables()): Ssda903Tables {
  const caseId = String(chronology['case']);
  const kids = (chronology['children'] as { id: string }[]).map((c) => c.id);
  const events = (chronology['events'] as Ev[]).filter((e) => typeof e.at === 'string' && parseDay(e.at) !== undefined);
  for (const child of kids) {
    const id = `${caseId}-${child}`;
    const mine = events.filter((e) => !e.children || e.children.includes(child));
    const episodes: Episode[] = [];
    let current: Episode | undefined;
    let ls = 'V2';
    const open = (start: Day, rne: string) => {
      if (current) {
        if (current.start === start) {
          // Two changes on one day: one episode (legal status and placement: B; and same carer: U).
          const legal = current.rne === 'L' || rne === 'L';
          const move = current.rne === 'P' || current.rne === 'T' || rne === 'P' || rne === 'T';
          if (current.rne !== 'S' && legal && move) current.rne = current.rne === 'T' || rne === 'T' ? 'U' : 'B';
          current.ls = ls;
          return;
        }
        current.end = start;
        current.rec = 'X1';
      }
      current = { start, rne, ls };
      episodes.push(current);
    };
    const close = (day: Day, rec: string) => {
      if (!current) return;
      current.end = Math.max(day, current.start);
      current.rec = rec;
      current = undefined;
    };
    const reviews: Day[] = [];
    const workers: { day: Day; worker: string }[] = [];
    for (const e of mine) {
      const d = parseDay(e.at as string)!;
      switch (e.type) {
        case 'looked-after.started':
          ls = BASIS_LS[String(e['basis'])] ?? 'V2';
          if (!current) open(d, 'S');
          break;
        case 'care-order.made':
        case 'proceedings.concluded':
          if (e.type === 'proceedings.concluded' && e['order'] !== 'care') break;
          ls = 'C2';
          open(d, current ? 'L' : 'S');
          break;
        case 'living-arrangement.changed':
          if (current) open(d, e['significant'] === false ? 'T' : 'P');
          break;
        case 'looked-after.ceased':
          close(d, typeof e['reason'] === 'string' && e['reason'] !== 'X1' ? e['reason'] : 'E8');
          break;
        case 'care-order.discharged':
          close(d, 'E8');
          break;
        case 'lac-review.held':
          reviews.push(d);
          break;
        case 'worker.allocated':
          workers.push({ day: d, worker: String(e['worker']) });
          break;
        default:
          break;
      }
    }
    if (!episodes.length && !reviews.length && !workers.length) continue;
    tables.header.push([id, '', '', '', '', '', '']);
    for (const ep of episodes) tables.episodes.push([id, uk(ep.start), ep.rne, ep.ls, 'N1', 'U1', 'PR1', ep.end !== undefined ? uk(ep.end) : '', ep.rec ?? '', '', '', '', '']);
    for (const r of reviews) tables.reviews.push([id, '', uk(r), 'PN1']);
    workers.forEach((w, i) => tables.swEpisodes.push([id, '', w.worker, uk(w.day), workers[i + 1] ? uk(workers[i + 1]!.day) : '', workers[i + 1] ? 'SWLEFT' : '']));
  }
  return tables;
}

export function emptyTables(): Ssda903Tables {
  return { header: [], episodes: [], reviews: [], swEpisodes: [] };
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvText = (columns: readonly string[], rows: readonly string[][]) => [columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** Write the four tables into `dir` (created if need be). `bom`: start sw_episodes.csv with a UTF-8 BOM, as the validator's fixture does. */
export function write903Tables(dir: string, tables: Ssda903Tables, options: { bom?: boolean } = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'header.csv'), csvText(SSDA903_COLUMNS.header, tables.header));
  writeFileSync(join(dir, 'episodes.csv'), csvText(SSDA903_COLUMNS.episodes, tables.episodes));
  writeFileSync(join(dir, 'reviews.csv'), csvText(SSDA903_COLUMNS.reviews, tables.reviews));
  writeFileSync(join(dir, 'sw_episodes.csv'), `${options.bom ? '\uFEFF' : ''}${csvText(SSDA903_COLUMNS.swEpisodes, tables.swEpisodes)}`);
}
