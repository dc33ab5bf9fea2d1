/**
 * The package as a library user meets it: `import 'casepath'` loads no layout, HTTP, SQL or
 * WebSocket code; `npm pack` ships a LICENSE and no benchmarks; the findings document
 * carries its version and a stable id per finding. Runs against the built `dist/` (the
 * `prepare` script builds it on `npm ci`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { FINDINGS_DOCUMENT_VERSION, toFindingsDocument } from '../src/report/json.js';
import { loadChronologyFile, replay } from '../src/index.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'casepath-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the package', () => {
  test("import 'casepath' loads no elkjs, hono, better-sqlite3, pg or ws", () => {
    // A resolve hook records every package module the import resolves.
    const hook = join(dir, 'hook.mjs');
    writeFileSync(
      hook,
      `import { register } from 'node:module';\n` +
        `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(
          "export async function resolve(s, c, n) { const r = await n(s, c); const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(r.url); if (m) console.log('PKG ' + m[1]); return r; }",
        )}));\n`,
    );
    const out = execFileSync(process.execPath, ['--import', pathToFileURL(hook).href, '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(root, 'dist/src/index.js')).href)});`], {
      encoding: 'utf8',
    });
    const loaded = new Set(out.split('\n').filter((l) => l.startsWith('PKG ')).map((l) => l.slice(4)));
    expect(loaded.has('xstate'), 'the hook sees packages at all').toBe(true);
    for (const heavy of ['elkjs', 'hono', '@hono/node-server', '@hono/zod-openapi', 'better-sqlite3', 'pg', 'ws']) expect(loaded.has(heavy), heavy).toBe(false);
  });

  test('npm pack ships a LICENSE and no benchmarks', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as [{ files: { path: string }[] }];
    const files = pack.files.map((f) => f.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/src/index.js');
    expect(files.filter((f) => f.startsWith('dist/bench') || f.startsWith('bench/'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('tests/'))).toEqual([]);
  });
});

describe('the findings document', () => {
  const missX = join(root, 'scenarios', 'lgsco-24-009-262.yaml');
  const whole = toFindingsDocument(replay(missX));

  test('carries its version and a unique id per finding', () => {
    expect(whole.version).toBe(FINDINGS_DOCUMENT_VERSION);
    const ids = whole.findings.map((f) => f.id);
    expect(ids.every((id) => /^f-[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a finding keeps its id as the case grows: a prefix of the chronology gives the same ids to the same findings', () => {
    const loaded = loadChronologyFile(missX);
    if (!loaded.ok) throw new Error('Miss X does not load');
    const c = loaded.chronology;
    const cut = Math.floor(c.events.length / 2);
    const prefix = toFindingsDocument(replay({ ...c, events: c.events.slice(0, cut) }));
    const byKey = (d: typeof whole) => new Map(d.findings.map((f) => [`${f.rule} ${f.events[0]} ${f.message}`, f.id]));
    const all = byKey(whole);
    let same = 0;
    for (const [key, id] of byKey(prefix)) {
      if (!all.has(key)) continue;
      expect(all.get(key), key).toBe(id);
      same++;
    }
    expect(same).toBeGreaterThan(3);
  });
});
