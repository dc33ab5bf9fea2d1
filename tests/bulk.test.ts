/**
 * Bulk replay: the aggregate of a streamed NDJSON corpus equals the sum of replaying each
 * case alone, worker threads change nothing, and bad lines are reported by line number.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { timeliness } from '../src/bulk/aggregate.js';
import { replayNdjson, workerScript } from '../src/bulk/stream.js';
import { main } from '../src/cli/main.js';
import { replay } from '../src/index.js';
import { generateCase } from '../src/testing/corpus.js';

const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify(generateCase(7, i)));
const built = existsSync(join(import.meta.dirname, '..', 'dist', 'src', 'bulk', 'worker.js'));

describe('the worker script', () => {
  test('the bundled worker when it is as new as tsc\'s, tsc\'s when the bundle is older or missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'casepath-worker-'));
    try {
      const bulk = join(root, 'dist', 'src', 'bulk');
      const cli = join(root, 'dist', 'cli');
      mkdirSync(bulk, { recursive: true });
      mkdirSync(join(cli, 'chunks'), { recursive: true });
      const built = join(bulk, 'worker.js');
      const bundled = join(cli, 'worker.js');
      writeFileSync(built, '');
      expect(workerScript(bulk)).toBe(built);
      writeFileSync(bundled, '');
      utimesSync(built, 1000, 1000);
      utimesSync(bundled, 2000, 2000);
      expect(workerScript(bulk)).toBe(bundled);
      // Run from source (src/bulk/): the same choice in dist/.
      expect(workerScript(join(root, 'src', 'bulk'))).toBe(bundled);
      // tsc run again without the bundling step: the bundle is stale.
      utimesSync(built, 3000, 3000);
      expect(workerScript(bulk)).toBe(built);
      // A built tree under another name than dist/ (copied, or installed): the same choice.
      const copy = join(root, 'copy');
      mkdirSync(join(copy, 'src', 'bulk'), { recursive: true });
      mkdirSync(join(copy, 'cli'), { recursive: true });
      writeFileSync(join(copy, 'src', 'bulk', 'worker.js'), '');
      expect(workerScript(join(copy, 'src', 'bulk'))).toBe(join(copy, 'src', 'bulk', 'worker.js'));
      writeFileSync(join(copy, 'cli', 'worker.js'), '');
      utimesSync(join(copy, 'cli', 'worker.js'), 4000, 4000);
      utimesSync(join(copy, 'src', 'bulk', 'worker.js'), 1000, 1000);
      expect(workerScript(join(copy, 'src', 'bulk'))).toBe(join(copy, 'cli', 'worker.js'));
      // In the bundled executable: the worker beside its chunks.
      expect(workerScript(join(cli, 'chunks'))).toBe(bundled);
      rmSync(built);
      rmSync(bundled);
      expect(() => workerScript(bulk)).toThrow(/npm run build/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('bulk replay of NDJSON', () => {
  test('the aggregate equals the sum of replaying every case on its own', async () => {
    const { aggregate } = await replayNdjson(Readable.from(lines.map((l) => `${l}\n`)), { batchBytes: 37 * 1024 });
    let certain = 0;
    let events = 0;
    let icpcMet = 0;
    for (const l of lines) {
      const r = replay(JSON.parse(l), { timeline: false });
      certain += r.findings.filter((f) => f.certainty === 'certain').length;
      events += (JSON.parse(l).events as unknown[]).length;
      icpcMet += r.deadlines.filter((d) => d.rule === 'icpc-late' && d.status === 'met').length;
    }
    expect(aggregate.cases).toBe(400);
    expect(aggregate.events).toBe(events);
    expect(Object.values(aggregate.findings).reduce((n, f) => n + f.certain, 0)).toBe(certain);
    expect(aggregate.clocks['icpc-late']!.met).toBe(icpcMet);
    expect(aggregate.invalidCases).toBe(0);
  });

  test.skipIf(!built)('two worker threads give the same aggregate as one thread', async () => {
    const one = await replayNdjson(Readable.from(lines.map((l) => `${l}\n`)), { batchBytes: 16 * 1024 });
    const two = await replayNdjson(Readable.from(lines.map((l) => `${l}\n`)), { batchBytes: 16 * 1024, workers: 2, workersAfterBytes: 0 });
    expect(two.workers).toBe(2);
    expect(two.aggregate.findings).toEqual(one.aggregate.findings);
    expect(two.aggregate.clocks).toEqual(one.aggregate.clocks);
    expect(two.aggregate.events).toBe(one.aggregate.events);
  });

  test('invalid lines are counted and reported with their line numbers, blank lines skipped', async () => {
    const input = [lines[0], '', '{not json', JSON.stringify({ case: 'x', children: [{ id: 'A' }], events: [{ id: 'e', type: 'referral.recieved', at: '2024-01-01' }] }), lines[1]].join('\n');
    const { aggregate } = await replayNdjson(Readable.from([input]), { source: 'corpus.ndjson' });
    expect(aggregate.cases).toBe(2);
    expect(aggregate.invalidCases).toBe(2);
    expect(aggregate.invalidSamples.map((s) => s.line)).toEqual([3, 4]);
    expect(aggregate.invalidSamples[1]!.issues[0]).toMatch(/^corpus\.ndjson:4: event e, field type: unknown event type/);
  });

  test('progress is reported as the corpus streams', async () => {
    const seen: number[] = [];
    await replayNdjson(Readable.from(lines.map((l) => `${l}\n`)), { batchBytes: 16 * 1024, progressEveryMs: 0, onProgress: (p) => seen.push(p.cases) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe(400);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  test('timeliness is the share of decided clocks met in time', () => {
    expect(timeliness({ label: 'x', met: 3, late: 1, overdue: 0, open: 5, closed: 2 })).toBe(0.75);
    expect(timeliness({ label: 'x', met: 0, late: 0, overdue: 0, open: 5, closed: 2 })).toBeUndefined();
  });
});

describe('casepath generate and replay --ndjson', () => {
  async function cli(argv: string[], stdin?: Readable) {
    let stdout = '';
    let stderr = '';
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, out, ...(stdin ? { stdin } : {}) });
    return { code, stdout, stderr, written: Buffer.concat(chunks).toString('utf8') };
  }

  test('generate writes one valid chronology a line, the same for the same seed', async () => {
    const a = await cli(['generate', '--cases', '25', '--seed', '3']);
    const b = await cli(['generate', '--cases', '25', '--seed', '3']);
    expect(a.code).toBe(0);
    expect(a.written.trim().split('\n')).toHaveLength(25);
    expect(b.written).toBe(a.written);
    expect((await cli(['generate', '--cases', '25', '--seed', '4'])).written).not.toBe(a.written);
  });

  test('replay --ndjson - reads standard input and prints the aggregate', async () => {
    const corpus = (await cli(['generate', '--cases', '60', '--seed', '5'])).written;
    const r = await cli(['replay', '--ndjson', '-', '--json'], Readable.from([corpus]));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.cases).toBe(60);
    expect(doc.eventsPerSecond).toBeGreaterThan(0);
    const text = await cli(['replay', '--ndjson', '-'], Readable.from([corpus]));
    expect(text.stdout).toMatch(/casepath bulk replay · 60 cases/);
    expect(text.stdout).toMatch(/ICPC within 15 working days of the strategy discussion\s+\d+\.\d%/);
  });

  test('an invalid line makes the run exit 2, naming the line', async () => {
    const r = await cli(['replay', '--ndjson', '-'], Readable.from([`${lines[0]}\n{"case": 1}\n`]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stdin:2: /);
    expect(r.stderr).toContain('1 invalid line');
  });

  test('--fail-on certain exits 1 when the corpus has certain findings; a missing file exits 2', async () => {
    const corpus = (await cli(['generate', '--cases', '40', '--seed', '6'])).written;
    expect((await cli(['replay', '--ndjson', '-', '--fail-on', 'certain'], Readable.from([corpus]))).code).toBe(1);
    const missing = await cli(['replay', '--ndjson', '/nonexistent/corpus.ndjson']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });
});
