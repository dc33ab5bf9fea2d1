/**
 * `generate --format cin|903` (generateFormatCommand): the corpus written in the DfE
 * formats, read back by the importers without a single data defect.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generateFormatCommand } from '../../src/cli/generate-format-command.js';
import type { CliIO } from '../../src/cli/main.js';
import { import903Dir, importCinText } from './support.js';

function fake() {
  let o = '';
  let e = '';
  const out = new Writable({ write(c, _e, cb) { o += String(c); cb(); } });
  const cli: CliIO = { stdout: (t) => (o += t), stderr: (t) => (e += t), env: {}, out };
  return { cli, out: () => o, err: () => e };
}

describe('generate --format', () => {
  it('cin: a census of the corpus that imports with no diagnostics, one child per corpus child', async () => {
    const f = fake();
    expect(await generateFormatCommand({ format: 'cin', cases: 200, seed: 7 }, f.cli)).toBe(0);
    const xml = f.out();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Message>/);
    const r = await importCinText(xml);
    expect(r.diagnostics).toEqual([]);
    expect(r.chronologies.length).toBe((xml.match(/<Child>/g) ?? []).length);
    expect(r.chronologies.length).toBeGreaterThan(200);
    // Deterministic per seed.
    const g = fake();
    await generateFormatCommand({ format: 'cin', cases: 200, seed: 7 }, g.cli);
    expect(g.out()).toBe(xml);
  });

  it('cin -o FILE writes the same document atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-gen-'));
    const file = join(dir, 'census.xml');
    const f = fake();
    expect(await generateFormatCommand({ format: 'cin', cases: 30, seed: 3, output: file, referenceDate: '2026-03-31' }, f.cli)).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('<ReferenceDate>2026-03-31</ReferenceDate>');
    expect(readdirSync(dir)).toEqual(['census.xml']);
  });

  it('903: the four tables in a new directory, read back without defects; refuses a directory in use', async () => {
    const base = mkdtempSync(join(tmpdir(), 'casepath-gen-'));
    const dir = join(base, 'tables');
    const f = fake();
    expect(await generateFormatCommand({ format: '903', cases: 400, seed: 11, output: dir }, f.cli)).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['episodes.csv', 'header.csv', 'reviews.csv', 'sw_episodes.csv']);
    const r = await import903Dir(dir);
    expect(r.diagnostics).toEqual([]);
    expect(f.err()).toMatch(/looked-after children from 400 cases/);
    mkdirSync(join(base, 'busy'));
    writeFileSync(join(base, 'busy', 'x'), '');
    const g = fake();
    expect(await generateFormatCommand({ format: '903', cases: 1, seed: 1, output: join(base, 'busy') }, g.cli)).toBe(2);
    expect(await generateFormatCommand({ format: '903', cases: 1, seed: 1 }, fake().cli)).toBe(2);
    expect(existsSync(join(base, 'busy', 'episodes.csv'))).toBe(false);
  });
});
