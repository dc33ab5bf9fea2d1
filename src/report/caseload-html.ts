/**
 * The caseload report: one self-contained HTML page from a bulk replay's aggregate
 * (`casepath replay --ndjson FILE --html caseload.html`, once wired). Per statutory clock:
 * met in time, late, overdue and open, the share in time, and the distribution of working
 * days taken in the DfE's bands (same day, 1–10, ..., 46–50, 51–60, 61+); findings per
 * rule; and the children with certain findings (the input's pseudonymous ids, the first
 * few per rule, all counted).
 *
 * Like the training viewer (src/report/html.ts) it needs nothing from a network: no
 * script at all, inline CSS only, and a Content-Security-Policy that forbids every
 * request. Everything from the data is escaped. Only counts and ids are shown: the
 * aggregate holds no notes or other free text.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Aggregate, DURATION_BANDS, timeliness } from '../bulk/aggregate.js';
import type { BulkResult } from '../bulk/stream.js';
import { version } from '../version.js';
import { escapeHtml as e } from './viewer-escape.js';
import { compareIds } from './order.js';

export interface CaseloadHtmlOptions {
  /** A heading, e.g. the council and year (default "Caseload"). */
  title?: string;
  /** Where the cases came from (a file name). */
  source?: string;
  /** Shown as the report date (default: none, so the page is reproducible). */
  generated?: string;
}

const n = (x: number) => x.toLocaleString('en-GB');
const pct = (x: number | undefined) => (x === undefined ? '—' : `${(100 * x).toFixed(1)}%`);

const CSS = `
:root{--ink:#1b1f23;--muted:#57606a;--line:#d0d7de;--late:#b35900;--ok:#1a7f37;--bad:#cf222e;--bar:#0969da}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);margin:0 auto;max-width:72rem;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.meta{color:var(--muted)}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}th{font-weight:600;background:#f6f8fa}
.bands{display:grid;grid-template-columns:repeat(12,1fr);gap:2px;align-items:end;height:6rem;margin:.3rem 0 0}
.bands div{background:var(--bar);min-height:1px}.bands div.over{background:var(--late)}
.blabels{display:grid;grid-template-columns:repeat(12,1fr);gap:2px;font-size:.7rem;color:var(--muted);text-align:center}
.clock{margin:0 0 1.5rem}.clock h3{font-size:1rem;margin:.8rem 0 .2rem}.ids{font-family:ui-monospace,monospace;font-size:.85rem}
.certain{color:var(--bad);font-weight:600}.intime{color:var(--ok)}
@media print{body{padding:0}.bands div{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
`;

/** The band index from which a clock's timescale is exceeded, for clocks counted in working days (15 or 45). */
function overFrom(label: string): number {
  const m = /within (\d+) working days/.exec(label);
  if (!m) return DURATION_BANDS.length;
  const limit = Number(m[1]);
  // The first band whose lower bound is past the limit.
  const lows = [0, 1, 11, 16, 21, 26, 31, 36, 41, 46, 51, 61];
  const i = lows.findIndex((lo) => lo > limit);
  return i < 0 ? DURATION_BANDS.length : i;
}

function clockHtml(rule: string, c: Aggregate['clocks'][string]): string {
  const bands = DURATION_BANDS.map((b) => c.bands?.[b] ?? 0);
  const max = Math.max(1, ...bands);
  const over = overFrom(c.label);
  const total = bands.reduce((a, b) => a + b, 0);
  const bars = bands.map((v, i) => `<div class="${i >= over ? 'over' : ''}" style="height:${((100 * v) / max).toFixed(1)}%" title="${e(DURATION_BANDS[i]!)}: ${n(v)}"></div>`).join('');
  return (
    `<section class="clock"><h3>${e(c.label)} <span class="meta">(${e(rule)})</span></h3>` +
    `<table><thead><tr><th>in time</th><th>met in time</th><th>met late</th><th>overdue</th><th>open</th><th>closed</th></tr></thead>` +
    `<tbody><tr><td class="intime">${pct(timeliness(c))}</td><td>${n(c.met)}</td><td>${n(c.late)}</td><td>${n(c.overdue)}</td><td>${n(c.open)}</td><td>${n(c.closed)}</td></tr></tbody></table>` +
    (total
      ? `<p class="meta">Working days taken, for the ${n(total)} met with exact dates:</p><div class="bands" role="img" aria-label="${e(`working days taken: ${DURATION_BANDS.map((b, i) => `${b} ${bands[i]}`).join(', ')}`)}">${bars}</div>` +
        `<div class="blabels">${DURATION_BANDS.map((b) => `<span>${e(b)}</span>`).join('')}</div>` +
        `<table><thead><tr>${DURATION_BANDS.map((b) => `<th>${e(b)}</th>`).join('')}</tr></thead><tbody><tr>${bands.map((v) => `<td>${n(v)}</td>`).join('')}</tr></tbody></table>`
      : '') +
    '</section>'
  );
}

/** One self-contained page for a bulk replay (or a bare aggregate). */
export function renderCaseloadHtml(input: BulkResult | Aggregate, options: CaseloadHtmlOptions = {}): string {
  const a: Aggregate = 'aggregate' in input ? input.aggregate : input;
  const title = options.title ?? 'Caseload';
  const rules = Object.entries(a.findings).sort((x, y) => y[1].certain - x[1].certain || compareIds(x[0], y[0]));
  const clocks = Object.entries(a.clocks).sort((x, y) => compareIds(x[0], y[0]));
  const children = Object.entries(a.certainChildren ?? {}).sort((x, y) => y[1].count - x[1].count || compareIds(x[0], y[0]));
  const body = [
    `<header><h1>${e(title)}</h1><p class="meta">${n(a.cases)} cases · ${n(a.events)} events${a.invalidCases ? ` · ${n(a.invalidCases)} invalid (not replayed)` : ''}` +
      `${options.source ? ` · from ${e(options.source)}` : ''}${options.generated ? ` · ${e(options.generated)}` : ''} · casepath ${e(version())}</p></header>`,
    '<h2>Statutory clocks</h2>',
    clocks.length ? clocks.map(([rule, c]) => clockHtml(rule, c)).join('') : '<p class="meta">No clock was started.</p>',
    '<h2>Findings by rule</h2>',
    rules.length
      ? `<table><thead><tr><th>rule</th><th>certain</th><th>possible</th><th>cases</th></tr></thead><tbody>${rules
          .map(([id, r]) => `<tr><td>${e(id)}</td><td class="${r.certain ? 'certain' : ''}">${n(r.certain)}</td><td>${n(r.possible)}</td><td>${n(r.cases)}</td></tr>`)
          .join('')}</tbody></table>`
      : '<p class="meta">No findings.</p>',
    '<h2>Children with certain findings</h2>',
    children.length
      ? `<table><thead><tr><th>rule</th><th>children</th><th>first listed (case/child)</th></tr></thead><tbody>${children
          .map(([rule, c]) => `<tr><td>${e(rule)}</td><td>${n(c.count)}</td><td class="ids">${c.listed.map(e).join(', ')}${c.count > c.listed.length ? ` <span class="meta">and ${n(c.count - c.listed.length)} more</span>` : ''}</td></tr>`)
          .join('')}</tbody></table>`
      : '<p class="meta">None.</p>',
  ].join('\n');
  return (
    '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${e(title)}</title><style>${CSS}</style></head>\n<body>\n${body}\n</body></html>\n`
  );
}

/** Write the page atomically (a temporary file beside `path`, then a rename). Returns a problem, or undefined. */
export function writeCaseloadHtml(path: string, html: string): string | undefined {
  const tmp = join(dirname(path), `.${Date.now()}-${process.pid}.caseload.tmp`);
  try {
    writeFileSync(tmp, html, { encoding: 'utf8', flag: 'wx' });
    renameSync(tmp, path);
    return undefined;
  } catch (err) {
    rmSync(tmp, { force: true });
    return (err as NodeJS.ErrnoException).code ?? 'cannot write the file';
  }
}
