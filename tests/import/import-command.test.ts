/**
 * `casepath import` as the CLI runs it, through `importCommandArgv(argv, io)` with a fake
 * io: output atomically to -o or to standard output, diagnostics to standard error or a
 * file, exit 2 with nothing written on bad input.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importCommandArgv } from '../../src/cli/import-command.js';
import type { CliIO } from '../../src/cli/main.js';
import { cinCensusXml } from '../../src/testing/formats/cin-xml.js';

const census = join(import.meta.dirname, '..', 'fixtures', 'cin', 'cin-census-mini.xml');

/** A fake io whose `out` is both the stream the command writes to and a reader of what was written. */
function fake(stdin = '', tty = false) {
  let o = '';
  let e = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      o += String(chunk);
      cb();
    },
  });
  const cli: CliIO = { stdout: (t) => (o += t), stderr: (t) => (e += t), env: {}, stdin: Readable.from([stdin]), out: sink, stderrIsTTY: tty };
  return { cli, out: () => o, err: () => e };
}

const defective = cinCensusXml({ ReferenceDate: '2025-03-31', LEA: '123' }, [
  { LAchildID: 'X1', CINdetails: [{ CINreferralDate: '2024-04-02', Assessments: [{ AssessmentActualStartDate: '2024-05-01', AssessmentAuthorisationDate: '2024-04-20' }] }] },
]);

describe('casepath import cin', () => {
  it('writes NDJSON to standard output and a summary to standard error', async () => {
    const f = fake();
    expect(await importCommandArgv(['cin', census], f.cli)).toBe(0);
    const lines = f.out().trim().split('\n').map((l) => JSON.parse(l) as { case: string });
    expect(lines.map((l) => l.case)).toEqual(['999-FAKEA1', '999-FAKEB2', '999-FAKEC3', '999-FAKED4']);
    expect(f.err()).toBe('casepath import cin: 4 chronologies from 4 children; 0 diagnostics.\n');
  });

  it('reads standard input with -', async () => {
    const f = fake(readFileSync(census, 'utf8'));
    expect(await importCommandArgv(['cin', '-'], f.cli)).toBe(0);
    expect(f.out().trim().split('\n')).toHaveLength(4);
  });

  it('writes -o FILE, and diagnostics to standard error with file, case, field and DfE code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-import-'));
    const file = join(dir, 'census.xml');
    writeFileSync(file, defective);
    const out = join(dir, 'out.ndjson');
    const f = fake();
    expect(await importCommandArgv(['cin', file, '-o', out], f.cli)).toBe(0);
    expect(f.out()).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8').trim())).toMatchObject({ case: '123-X1' });
    expect(f.err()).toContain(
      'census.xml: case 123-X1, field CINdetails[1]/Assessments[1]/AssessmentAuthorisationDate: the assessment is authorised (2024-04-20) before it started (2024-05-01) [DfE CIN 8608] (left out: CINdetails[1]/Assessments[1])',
    );
    expect(f.err()).toContain('1 diagnostic (8608: 1)');
    // Nothing of the staging is left beside the output.
    expect(readdirSync(dir).sort()).toEqual(['census.xml', 'out.ndjson']);
  });

  it('writes --diagnostics FILE as NDJSON instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-import-'));
    const file = join(dir, 'census.xml');
    writeFileSync(file, defective);
    const diag = join(dir, 'diag.ndjson');
    const f = fake();
    expect(await importCommandArgv(['cin', file, '--diagnostics', diag], f.cli)).toBe(0);
    const d = readFileSync(diag, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(d).toEqual([expect.objectContaining({ code: '8608', dfe: 'cin', case: '123-X1', action: 'dropped' })]);
    expect(f.err()).not.toContain('8608]');
  });

  it('exits 2 on malformed XML, writing nothing at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-import-'));
    const file = join(dir, 'broken.xml');
    writeFileSync(file, readFileSync(census, 'utf8').replace('</Children>', '</Childre>'));
    const out = join(dir, 'out.ndjson');
    const diag = join(dir, 'diag.ndjson');
    const f = fake();
    expect(await importCommandArgv(['cin', file, '-o', out, '--diagnostics', diag], f.cli)).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(diag)).toBe(false);
    expect(f.err()).toMatch(/broken\.xml:\d+: not well-formed XML .*\[parse-error\]\nNothing was written\.\n/);
    const g = fake();
    expect(await importCommandArgv(['cin', file], g.cli)).toBe(2);
    expect(g.out()).toBe('');
  });

  it('pseudonymises with a key file, and refuses a short or missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-import-'));
    const key = join(dir, 'key');
    writeFileSync(key, `${'ab'.repeat(32)}\n`);
    const f = fake();
    expect(await importCommandArgv(['cin', census, '--pseudonymise', key], f.cli)).toBe(0);
    expect(f.out()).not.toContain('FAKE');
    expect(f.out()).toMatch(/"case":"case-[0-9a-f]{16}"/);
    writeFileSync(key, 'short\n');
    const g = fake();
    expect(await importCommandArgv(['cin', census, '--pseudonymise', key], g.cli)).toBe(2);
    expect(g.err()).toContain('at least 32 are needed');
    expect(g.err()).not.toContain('short');
    const h = fake();
    expect(await importCommandArgv(['cin', census, '--pseudonymise', join(dir, 'none')], h.cli)).toBe(2);
  });

  it('draws a progress line only on a terminal', async () => {
    const tty = fake('', true);
    await importCommandArgv(['cin', census], tty.cli);
    expect(tty.err()).toMatch(/\r {2}\d+ read · \d+ chronologies/);
    const plain = fake();
    await importCommandArgv(['cin', census], plain.cli);
    expect(plain.err()).not.toContain('\r');
  });

  it('refuses bad usage with exit 2', async () => {
    for (const argv of [[], ['xml', census], ['cin'], ['cin', census, 'extra'], ['cin', census, '--completeness', 'full'], ['cin', census, '--as-of', '2025-03-31'], ['cin', '/no/such/file.xml'], ['903', census]]) {
      const f = fake();
      expect(await importCommandArgv(argv, f.cli), argv.join(' ')).toBe(2);
      expect(f.out()).toBe('');
      expect(f.err()).toMatch(/casepath import/);
    }
  });
});
