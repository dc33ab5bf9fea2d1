/**
 * Bulk replay's batches and workers change nothing: the lines cut into byte batches are
 * the lines `readLines` reads (however the stream is chunked), and a corpus with invalid
 * lines mixed in gives the same output, byte for byte, on 1, 2 or 3 workers, with every
 * invalid line reported by its number and exit code 2.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fc, test as fcTest } from '@fast-check/vitest';
import { afterAll, describe, expect, test } from 'vitest';
import { MAX_SAMPLES, emptyAggregate, mergeAggregates } from '../src/bulk/aggregate.js';
import { byteBatches } from '../src/bulk/batches.js';
import { batchLines, replayLines } from '../src/bulk/replay-lines.js';
import { defaultConfig } from '../src/config.js';
import { WORKERS_AFTER_BYTES, replayNdjson } from '../src/bulk/stream.js';
import { main } from '../src/cli/main.js';
import { type InputLine, readLines } from '../src/input/read.js';
import { generateCase } from '../src/testing/corpus.js';

const built = existsSync(join(import.meta.dirname, '..', 'dist', 'src', 'bulk', 'worker.js'));

/** What a line comes to: its text or its issue, worded for a file "f". */
const shape = (l: InputLine) => ({ line: l.line, ...('issue' in l ? { issue: l.issue('f').message } : { text: l.text }) });

async function viaReadLines(chunks: Buffer[], limit: number) {
  const out = [];
  for await (const l of readLines(Readable.from(chunks), { maxFileSize: limit })) out.push(shape(l));
  return out;
}

async function viaBatches(chunks: Buffer[], limit: number, batchBytes: number) {
  const out = [];
  let expectSeq = 0;
  let nextLine = 1;
  for await (const b of byteBatches(Readable.from(chunks), { limit, batchBytes })) {
    expect(b.seq).toBe(expectSeq++);
    expect(b.firstLine).toBe(nextLine);
    const lines = await batchLines(b, { maxFileSize: limit });
    nextLine += lines.length;
    out.push(...lines.map(shape));
  }
  return out;
}

const lineBytes = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => Buffer.from(s.replace(/\n/g, ''), 'utf8')),
  fc.string({ maxLength: 30 }).map((s) => Buffer.from(`${s.replace(/\n/g, '')}\r`, 'utf8')),
  fc.constant(Buffer.from('\ufeff{}', 'utf8')),
  fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a.filter((b) => b !== 10))),
  fc.integer({ min: 40, max: 120 }).map((n) => Buffer.from('x'.repeat(n))),
);

describe('byte batches', () => {
  fcTest.prop(
    [fc.array(lineBytes, { maxLength: 30 }), fc.boolean(), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 200 })],
    { numRuns: 300 },
  )('give the lines readLines gives, for any chunking, batch size and line limit', async (lines, finalNewline, cuts, batchBytes) => {
    const all = Buffer.concat(lines.flatMap((l, i) => (i < lines.length - 1 || finalNewline ? [l, Buffer.from('\n')] : [l])));
    const chunks: Buffer[] = [];
    for (let at = 0, k = 0; at < all.length; k++) {
      const n = cuts[k % cuts.length]!;
      chunks.push(all.subarray(at, at + n));
      at += n;
    }
    const limit = 40;
    expect(await viaBatches(chunks, limit, batchBytes)).toEqual(await viaReadLines(chunks, limit));
  });

  test('a line over the limit is dropped as it streams, and the batch stays near its size', async () => {
    const chunks = [Buffer.from('{"a":1}\n'), Buffer.alloc(1000, 0x78), Buffer.alloc(1000, 0x78), Buffer.from('\n{"b":2}\n')];
    const batches = [];
    for await (const b of byteBatches(Readable.from(chunks), { limit: 500, batchBytes: 64 })) batches.push(b);
    expect(batches.flatMap((b) => b.tooLong)).toEqual([2]);
    expect(Math.max(...batches.map((b) => b.buffer.byteLength))).toBeLessThan(600);
    expect(batches.map((b) => b.firstLine)).toEqual([1, 2, 3].slice(0, batches.length));
  });
});

/** 420 generated cases with invalid lines of every kind mixed in (more than MAX_SAMPLES of them). */
function corpusWithInvalidLines(): { text: Buffer; invalid: number[]; good: number } {
  const parts: Buffer[] = [];
  const invalid: number[] = [];
  let good = 0;
  const bad = [
    '{not json',
    JSON.stringify({ case: 'x', children: [{ id: 'A' }], events: [{ id: 'e', type: 'referral.recieved', at: '2024-01-01' }] }),
    `{"case":"${'y'.repeat(40_000)}"}`,
    '{"case":"caf\u00e9"}', // made not UTF-8 below
    `${'['.repeat(100)}${']'.repeat(100)}`,
  ];
  for (let i = 0; i < 420; i++) {
    const line = parts.length + 1;
    if (i % 17 === 5) {
      const kind = ((i / 17) | 0) % bad.length;
      invalid.push(line);
      const b = Buffer.from(bad[kind]!, 'utf8');
      parts.push(kind === 3 ? Buffer.concat([Buffer.from('{"case":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]) : b);
    } else if (i % 53 === 7) parts.push(Buffer.from(''));
    else {
      good++;
      parts.push(Buffer.from(`${JSON.stringify(generateCase(11, i))}${i % 7 === 0 ? '\r' : ''}`));
    }
  }
  return { text: Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')])), invalid, good };
}

describe.skipIf(!built)('the same output on 1 and N workers', () => {
  const { text, invalid, good } = corpusWithInvalidLines();
  const dir = mkdtempSync(join(tmpdir(), 'casepath-bulk-'));
  const file = join(dir, 'corpus.ndjson');
  writeFileSync(file, text);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the aggregate, in every detail and key order, for any batch size', async () => {
    const runs = [];
    for (const [workers, batchBytes] of [[1, 256 * 1024], [1, 5000], [2, 5000], [3, 20_000], [2, 256 * 1024]] as const) {
      runs.push(await replayNdjson(Readable.from([text.subarray(0, 100_000), text.subarray(100_000)]), { workers, batchBytes, source: 'corpus.ndjson', maxLineSize: 32_768, inProcess: workers === 1, workersAfterBytes: 0 }));
    }
    expect(runs.map((r) => r.workers)).toEqual([1, 1, 2, 3, 2]);
    const first = JSON.stringify(runs[0]!.aggregate);
    for (const r of runs.slice(1)) expect(JSON.stringify(r.aggregate)).toBe(first);
    const agg = runs[0]!.aggregate;
    expect(agg.invalidCases).toBe(invalid.length);
    expect(invalid.length).toBeGreaterThan(MAX_SAMPLES);
    expect(agg.invalidSamples.map((s) => s.line)).toEqual(invalid.slice(0, MAX_SAMPLES));
    expect(agg.cases).toBe(good);
  });

  test('with 2 workers the calling thread replays batches too, and the worker thread gets its share', async () => {
    const batchBytes = 5000;
    const shared = await replayNdjson(Readable.from([text]), { workers: 2, batchBytes, source: 's', maxLineSize: 32_768, workersAfterBytes: 0 });
    const batches = Math.ceil(text.length / batchBytes);
    // The first batches go to the worker thread (it has room); while it starts, the pool is full and this thread replays.
    expect(shared.batchesHere).toBeGreaterThan(0);
    expect(shared.batchesHere).toBeLessThan(batches);
    const threadsOnly = await replayNdjson(Readable.from([text]), { workers: 2, batchBytes, mainThreadReplays: false, source: 's', maxLineSize: 32_768 });
    expect(threadsOnly.batchesHere).toBe(0);
    expect(JSON.stringify(threadsOnly.aggregate)).toBe(JSON.stringify(shared.aggregate));
  });

  test('worker threads start beside the main thread only once the input is large enough, with the same aggregate', async () => {
    const batchBytes = 5000;
    const alone = await replayNdjson(Readable.from([text]), { workers: 1, batchBytes, source: 's', maxLineSize: 32_768 });
    // The default threshold is far above this input: no worker thread is started.
    const small = await replayNdjson(Readable.from([text]), { workers: 2, batchBytes, source: 's', maxLineSize: 32_768 });
    expect(text.length).toBeLessThan(WORKERS_AFTER_BYTES);
    expect(small.workers).toBe(1);
    expect(small.batchesHere).toBe(alone.batchesHere);
    // Told the input is large (a file's size), they start at once.
    const told = await replayNdjson(Readable.from([text]), { workers: 2, batchBytes, source: 's', maxLineSize: 32_768, expectedBytes: WORKERS_AFTER_BYTES });
    expect(told.workers).toBe(2);
    expect(told.batchesHere).toBeLessThan(alone.batchesHere);
    // A threshold inside the input: this thread replays every batch before it, then shares.
    const half = Math.floor(text.length / 2);
    const midway = await replayNdjson(Readable.from([text]), { workers: 2, batchBytes, source: 's', maxLineSize: 32_768, workersAfterBytes: half });
    expect(midway.workers).toBe(2);
    expect(midway.batchesHere).toBeGreaterThanOrEqual(Math.floor(half / batchBytes) - 1);
    expect(midway.batchesHere).toBeLessThan(alone.batchesHere);
    for (const r of [small, told, midway]) expect(JSON.stringify(r.aggregate)).toBe(JSON.stringify(alone.aggregate));
  });

  test('one worker thread gives what replay on the calling thread gives', async () => {
    const here = await replayNdjson(Readable.from([text]), { workers: 1, source: 's', maxLineSize: 32_768 });
    const thread = await replayNdjson(Readable.from([text]), { workers: 1, inProcess: false, source: 's', maxLineSize: 32_768 });
    expect(JSON.stringify(thread.aggregate)).toBe(JSON.stringify(here.aggregate));
  });

  async function cli(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const out = new PassThrough();
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, out });
    return { code, stdout, stderr };
  }

  test('casepath replay --ndjson FILE --workers N: the same JSON and errors, exit 2', async () => {
    const runs = [];
    for (const workers of ['1', '2', '3']) runs.push(await cli(['replay', '--ndjson', file, '--workers', workers, '--workers-after', '0', '--json', '--max-file-size', '32KiB']));
    const strip = (s: string) => {
      const { elapsedMs: _e, eventsPerSecond: _r, workers: _w, ...rest } = JSON.parse(s) as Record<string, unknown>;
      return JSON.stringify(rest);
    };
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(strip(r.stdout)).toBe(strip(runs[0]!.stdout));
      expect(r.stderr).toBe(runs[0]!.stderr);
    }
    expect(JSON.parse(runs[1]!.stdout).workers).toBe(2);
    const named = [...runs[0]!.stderr.matchAll(/corpus\.ndjson:(\d+): /g)].map((m) => Number(m[1]));
    expect([...new Set(named)]).toEqual(invalid.slice(0, MAX_SAMPLES));
    expect(runs[0]!.stderr).toContain(`${invalid.length} invalid lines (the first ${MAX_SAMPLES} shown)`);
    expect(runs[0]!.stderr).toMatch(/the input is larger than the limit of 32 KiB/);
    expect(runs[0]!.stderr).toMatch(/the line is not UTF-8: byte 13 of it/);
    expect(runs[0]!.stderr).not.toContain('yyyy');
  });
});

describe('a batch replayed in phases', () => {
  // replay-lines.ts parses every line of a batch, then loads every parsed one, then replays
  // each: the aggregate must be what taking each line through all of them in turn gives
  // (each line a batch of its own, merged in order), whatever the mix of lines.
  const config = defaultConfig();
  const options = { config, asOf: 19_700, source: 'f' };
  const kinds = fc.constantFrom('case', 'case', 'case', 'not-json', 'blank', 'invalid', 'list', 'bad-reference');
  const lineOf = (kind: string, i: number): string => {
    const c = generateCase(41, i) as { events: { type: string; concerns?: string[] }[] };
    switch (kind) {
      case 'not-json':
        return '{"id": "x", ';
      case 'blank':
        return i % 2 ? '' : '  \t';
      case 'invalid':
        return JSON.stringify({ ...c, events: c.events.map((e, k) => (k === 0 ? { ...e, type: 'no.such-type' } : e)) });
      case 'list':
        return '[1, 2]';
      case 'bad-reference':
        return JSON.stringify({ ...c, events: c.events.map((e) => (e.concerns ? { ...e, concerns: ['nowhere'] } : e)) });
      default:
        return JSON.stringify(c);
    }
  };
  fcTest.prop([fc.array(kinds, { minLength: 1, maxLength: 40 })], { numRuns: 25 })('counts what its lines one at a time count', (mix) => {
    const lines = mix.map(lineOf);
    const whole = emptyAggregate();
    replayLines(lines, 1, whole, options);
    const oneByOne = emptyAggregate();
    lines.forEach((line, i) => {
      const agg = emptyAggregate();
      replayLines([line], i + 1, agg, options);
      mergeAggregates(oneByOne, agg);
    });
    expect(whole).toEqual(oneByOne);
    expect(whole.cases + whole.invalidCases).toBe(mix.filter((k) => k !== 'blank').length);
    expect(whole.invalidCases).toBe(mix.filter((k) => k !== 'blank' && k !== 'case').length);
  });
});
