/**
 * `casepath report DIR -o SITE/`: one training-viewer page per chronology and an index
 * that lists them, offline like the pages themselves; a file that does not load is
 * listed as such, the rest still written, exit 2.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadChronologyFile, replay } from '../src/index.js';
import { pageNames, renderSiteIndex } from '../src/report/site.js';

const root = join(import.meta.dirname, '..');
const scenarios = join(root, 'scenarios');
const work = mkdtempSync(join(tmpdir(), 'casepath-site-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(argv: string[], extra: { stderrIsTTY?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, ...extra });
  return { code, stdout, stderr };
}

/** The index's rows: case rows with their counts and page, and the rows of files not loaded. */
function rows(html: string) {
  const cases = [...html.matchAll(/<tr data-case="([^"]+)" data-page="([^"]+)" data-certain="(\d+)" data-possible="(\d+)">/g)].map((m) => ({
    case: m[1]!,
    page: m[2]!,
    certain: Number(m[3]),
    possible: Number(m[4]),
  }));
  const failed = [...html.matchAll(/<tr class="failed" data-file="([^"]+)" data-problems="(\d+)">[\s\S]*?<\/tr>/g)].map((m) => ({ file: m[1]!, problems: Number(m[2]), row: m[0] }));
  return { cases, failed };
}

const realCases = readdirSync(scenarios).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.includes('.expected.'));

describe('casepath report scenarios/ -o site/', async () => {
  const site = join(work, 'site');
  const r = await cli(['report', scenarios, '-o', site]);

  test('exits 0, writes index.html and one page per real case, nothing left half-written', () => {
    expect(realCases.length).toBeGreaterThanOrEqual(2);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const written = readdirSync(site).sort();
    expect(written).toEqual(['index.html', ...realCases.map((f) => f.replace(/\.(ya?ml|json)$/, '.html'))].sort());
    // No temporary directory or file beside the site or in it.
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(r.stderr).toBe(`casepath: ${realCases.length} case pages and index.html written to ${site}.\n`);
    // Progress is for a terminal only.
    expect(r.stderr).not.toContain('\r');
  });

  test('each page is the single report’s page for that case', async () => {
    const one = join(work, 'one.html');
    expect((await cli(['report', join(scenarios, 'lgsco-24-009-262.yaml'), '-o', one])).code).toBe(0);
    expect(readFileSync(join(site, 'lgsco-24-009-262.html'), 'utf8')).toBe(readFileSync(one, 'utf8'));
  });

  test('the index lists every case, linked by relative href, with the replay’s counts', () => {
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    const { cases, failed } = rows(index);
    expect(failed).toEqual([]);
    expect(cases).toHaveLength(realCases.length);
    for (const file of realCases) {
      const loaded = loadChronologyFile(join(scenarios, file));
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) continue;
      const result = replay(loaded.chronology);
      const row = cases.find((c) => c.case === loaded.chronology.case)!;
      expect(row, file).toBeDefined();
      expect(row.certain, file).toBe(result.findings.filter((f) => f.certainty === 'certain').length);
      expect(row.possible, file).toBe(result.findings.filter((f) => f.certainty === 'possible').length);
      expect(row.page).toBe(file.replace(/\.(ya?ml|json)$/, '.html'));
      expect(index).toContain(`<a href="${row.page}">`);
      expect(existsSync(join(site, row.page))).toBe(true);
      // The source document is named.
      if (loaded.chronology.source) expect(index).toContain(loaded.chronology.source.document);
    }
  });

  test('the index makes no network request: no http(s) src or href, and the pages’ CSP', () => {
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    expect(index.startsWith('<!doctype html>')).toBe(true);
    expect(index).not.toMatch(/(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(index).not.toMatch(/<link\b|<img\b|<iframe\b|<object\b|<embed\b|<script\b|@import|@font-face|url\(/i);
    for (const m of index.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)) expect(m[1]).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/\//i);
    expect(index).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
    // A web address is shown, as text.
    expect(index).toContain('https://www.lgo.org.uk/decisions/');
  });

  test('running again into the existing directory replaces the pages whole', async () => {
    const again = await cli(['report', scenarios, '-o', site]);
    expect(again.code).toBe(0);
    expect(readdirSync(site)).toHaveLength(realCases.length + 1);
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a directory with a file that does not load', () => {
  test('lists it as not loaded, still writes the good one’s page, says which on stderr without the problems’ text, exits 2', async () => {
    const dir = join(work, 'mixed');
    mkdirSync(dir);
    copyFileSync(join(scenarios, 'lgsco-24-009-262.yaml'), join(dir, 'good.yaml'));
    copyFileSync(join(scenarios, 'lgsco-24-009-262.expected.yaml'), join(dir, 'good.expected.yaml'));
    copyFileSync(join(root, 'tests', 'fixtures', 'invalid', 'many-problems.json'), join(dir, 'bad.json'));
    writeFileSync(join(dir, 'readme.txt'), 'not a chronology');
    // The source document the chronology names, present beside it: a link.
    writeFileSync(join(dir, '001_9c42a74116ebfbbe.txt'), 'the report');
    const site = join(work, 'mixed-site');
    const r = await cli(['report', dir, '-o', site]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('<a href="../mixed/001_9c42a74116ebfbbe.txt">LGSCO report 24 009 262 (Cheshire East Council)</a>');
    expect(readdirSync(site).sort()).toEqual(['good.html', 'index.html']);
    const { cases, failed } = rows(readFileSync(join(site, 'index.html'), 'utf8'));
    expect(cases.map((c) => c.case)).toEqual(['lgsco-24-009-262']);
    expect(failed.map((f) => [f.file, f.problems])).toEqual([['bad.json', 4]]);
    expect(failed[0]!.row).toContain('not loaded (4 problems)');
    expect(r.stderr).toContain(`${join(dir, 'bad.json')}: not loaded (4 problems`);
    expect(r.stderr).toContain('1 case page and index.html written to');
    // Neither the problems' text nor the file's data.
    expect(r.stderr).not.toContain('unknown child');
    expect(r.stderr).not.toContain('"Z"');
  });

  test('progress goes to stderr only on a terminal', async () => {
    const r = await cli(['report', join(work, 'mixed'), '-o', join(work, 'tty-site')], { stderrIsTTY: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('\r');
    expect(r.stderr).toContain('2/2 good.yaml');
  });
});

describe('usage', () => {
  test('-o must name a directory for a directory input', async () => {
    const file = join(work, 'a-file.html');
    writeFileSync(file, 'x');
    for (const out of ['-', file, join(work, 'page.html')]) {
      const r = await cli(['report', scenarios, '-o', out]);
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toContain('-o must name a directory');
    }
    expect(existsSync(join(work, 'page.html'))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  test('--trace is refused with a directory; a missing parent directory writes nothing', async () => {
    expect((await cli(['report', scenarios, '-o', join(work, 't'), '--trace', join(work, 'x.json')])).code).toBe(2);
    const r = await cli(['report', scenarios, '-o', join(work, 'no-such', 'site')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('its directory does not exist');
  });

  test('an empty directory is refused, nothing written', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const r = await cli(['report', empty, '-o', join(work, 'empty-site')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no chronologies');
    expect(existsSync(join(work, 'empty-site'))).toBe(false);
  });
});

describe('renderSiteIndex and pageNames', () => {
  test('names clash-free, safe pages; the index escapes case data and links only local files', () => {
    expect(pageNames(['a.yaml', 'a.json', 'index.yaml', 'b c.yml'])).toEqual(['a.html', 'a-2.html', 'index-2.html', 'b_c.html']);
    const html = renderSiteIndex([
      { ok: true, file: 'x.yaml', page: 'x.html', case: '<b>x</b>', title: 'T </main><script>', source: { document: 'Doc', url: 'https://example.org/a' }, events: 1, certain: 2, possible: 3 },
      { ok: true, file: 'y.yaml', page: 'y.html', case: 'y', source: { document: 'Local', href: '../docs/y.txt', file: 'y.txt' }, events: 1, certain: 0, possible: 0 },
      { ok: false, file: 'z.json', problems: 1 },
    ]);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toMatch(/href="https?:/);
    expect(html).toContain('https://example.org/a');
    expect(html).toContain('<a href="../docs/y.txt">Local</a>');
    expect(html).toContain('not loaded (1 problem)');
  });
});
