/**
 * The training viewer for many cases at once (`casepath report DIR -o site/`): one page
 * per chronology, made by the same renderer as a single report (src/report/html.ts),
 * and an index page listing them, written here.
 *
 * The index keeps the case pages' promises: no script, inline CSS only, no network
 * request of any kind and the same Content-Security-Policy. A case's source document is
 * a link only when it is a local file that exists (by a relative href); a web address
 * is shown as text, never as a link. Files that could not be loaded are listed with
 * their number of problems only: never the problems' text, which may quote case data.
 * Everything from the data is escaped.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { version } from '../version.js';
import { escapeHtml as e } from './viewer-escape.js';
import { PAGE_CSP } from './html.js';

/** The case pages' policy (src/report/html.ts): nothing may be fetched. */
/** The index carries the case pages' own policy. */
export const SITE_CSP = PAGE_CSP;

export interface SiteCase {
  ok: true;
  /** The chronology's file name, as listed in the directory. */
  file: string;
  /** The case page, relative to the index (a bare file name). */
  page: string;
  case: string;
  title?: string;
  /** The source document's name; `href` only for a local file that exists, `url` shown as text. */
  source?: { document: string; href?: string; file?: string; url?: string };
  events: number;
  certain: number;
  possible: number;
}

export interface SiteFailure {
  ok: false;
  file: string;
  /** How many problems stopped it loading (their text is never shown). */
  problems: number;
}

export type SiteEntry = SiteCase | SiteFailure;

export interface SiteIndexOptions {
  /** A heading (default "Training cases"). */
  title?: string;
  /** Where the chronologies came from (the directory as given). */
  from?: string;
  /** Free-text notes are included in the case pages (said in the footer). */
  notes?: boolean;
}

const CHRONOLOGY = /\.(?:ya?ml|json)$/i;
const EXPECTED = /\.expected\./i;

/** The chronologies in `dir`, sorted by name: regular *.yaml, *.yml and *.json files, not *.expected.* nor hidden ones. */
export function chronologyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.') && CHRONOLOGY.test(d.name) && !EXPECTED.test(d.name))
    .filter((d) => d.isFile() || (d.isSymbolicLink() && isRegularFile(resolve(dir, d.name))))
    .map((d) => d.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * One page name per chronology file, in the same order: its name without the extension,
 * made safe for a file name and an href, `.html`; a clash (case.yaml and case.json) or
 * the index's own name gets a numbered suffix.
 */
export function pageNames(files: readonly string[]): string[] {
  const used = new Set<string>(['index']);
  return files.map((f) => {
    const base = f.slice(0, f.length - extname(f).length).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '') || 'case';
    let name = base;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base}-${k}`;
    used.add(name.toLowerCase());
    return `${name}.html`;
  });
}

/**
 * A relative href from the site directory to a chronology's local source file, or
 * undefined: when it names no file that exists beside the chronology, looks like a URL,
 * or cannot be reached by a relative path.
 */
export function localSourceHref(chronologyPath: string, sourceFile: string, siteDir: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(sourceFile) || sourceFile.startsWith('//')) return undefined;
  const target = resolve(chronologyPath, '..', sourceFile);
  if (!isRegularFile(target) || !existsSync(target)) return undefined;
  const rel = relative(resolve(siteDir), target);
  if (rel === '' || isAbsolute(rel)) return undefined;
  return rel.split(sep).map(encodeURIComponent).join('/');
}

const CSS = `
:root{--ink:#1b1f23;--muted:#57606a;--line:#d0d7de;--bad:#cf222e;--maybe:#9a6700;--link:#0969da}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);margin:0 auto;max-width:72rem;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}.eyebrow{margin:0;color:var(--muted);font-size:.85rem;text-transform:uppercase;letter-spacing:.05em}
.meta{color:var(--muted)}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{padding:.4rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-weight:600;background:#f6f8fa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
a{color:var(--link)}code{font-family:ui-monospace,monospace;font-size:.85rem}.url{font-family:ui-monospace,monospace;font-size:.8rem;color:var(--muted);word-break:break-all}
.certain{color:var(--bad);font-weight:600}.possible{color:var(--maybe)}tr.failed td{color:var(--muted)}.failed .status{color:var(--bad)}
@media print{body{padding:0}a{color:inherit;text-decoration:none}}
`;

function sourceCell(s: SiteCase['source']): string {
  if (!s) return '<span class="meta">—</span>';
  const name = s.href ? `<a href="${e(s.href)}">${e(s.document)}</a>` : e(s.document);
  // A web address is text to copy, never a link: the page makes no request and offers none.
  const where = s.url ? `<br><span class="url">${e(s.url)}</span>` : s.file && !s.href ? `<br><span class="url">${e(s.file)}</span>` : '';
  return name + where;
}

function rowHtml(x: SiteEntry): string {
  if (!x.ok) {
    return (
      `<tr class="failed" data-file="${e(x.file)}" data-problems="${x.problems}">` +
      `<td colspan="3"><code>${e(x.file)}</code></td>` +
      `<td class="status" colspan="4">not loaded (${x.problems} problem${x.problems === 1 ? '' : 's'})</td></tr>`
    );
  }
  return (
    `<tr data-case="${e(x.case)}" data-page="${e(x.page)}" data-certain="${x.certain}" data-possible="${x.possible}">` +
    `<td><a href="${e(x.page)}">${e(x.title ?? x.case)}</a></td>` +
    `<td><code>${e(x.case)}</code></td>` +
    `<td><code>${e(x.file)}</code></td>` +
    `<td>${sourceCell(x.source)}</td>` +
    `<td class="n">${x.events}</td>` +
    `<td class="n${x.certain ? ' certain' : ''}">${x.certain}</td>` +
    `<td class="n${x.possible ? ' possible' : ''}">${x.possible}</td></tr>`
  );
}

/** The index page: one row per chronology file, in the order given. */
export function renderSiteIndex(entries: readonly SiteEntry[], options: SiteIndexOptions = {}): string {
  const title = options.title ?? 'Training cases';
  const cases = entries.filter((x): x is SiteCase => x.ok);
  const failed = entries.length - cases.length;
  const certain = cases.reduce((n, x) => n + x.certain, 0);
  const possible = cases.reduce((n, x) => n + x.possible, 0);
  const v = version();
  const meta =
    `${cases.length} case${cases.length === 1 ? '' : 's'}${options.from ? ` from <code>${e(options.from)}</code>` : ''}` +
    ` · ${certain} certain and ${possible} possible findings` +
    (failed ? ` · <span class="certain">${failed} file${failed === 1 ? '' : 's'} not loaded</span>` : '');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${SITE_CSP}">
<meta name="referrer" content="no-referrer">
<title>${e(`${title} · casepath`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<p class="eyebrow">casepath · training viewer</p>
<h1>${e(title)}</h1>
<p class="meta">${meta}</p>
</header>
<main>
<table>
<thead><tr><th scope="col">Case</th><th scope="col">Case id</th><th scope="col">Chronology</th><th scope="col">Source</th><th scope="col" class="n">Events</th><th scope="col" class="n">Certain</th><th scope="col" class="n">Possible</th></tr></thead>
<tbody>
${entries.map(rowHtml).join('\n')}
</tbody>
</table>
</main>
<footer><p class="meta">Generated by casepath${v ? ` ${e(v)}` : ''}. Each case opens in its own page; nothing is fetched from a network. ${options.notes ? 'Free-text notes are included in the case pages: they hold children’s data; keep them as you would the case file.' : 'Free-text notes are left out (run with --show-notes to include them).'}</p></footer>
</body>
</html>
`;
}
