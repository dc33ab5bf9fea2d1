/**
 * The fuzz suite, in process: hostile files and objects (./hostile.ts) through the
 * loader, `replay`, one NDJSON line of bulk replay and the live monitor. For every input:
 *
 * - an issue list or a valid result, never an exception other than
 *   InvalidChronologyError (the CLI's exit 2);
 * - no stack trace in any message;
 * - the planted note never appears in any output: the issues (as data and as lines),
 *   the error messages, and for a valid file the findings document and the terminal
 *   report;
 * - a hang guard: a watchdog thread kills the process after 10 s on one input, naming it
 *   (a synchronous loop cannot be interrupted otherwise). Inputs over 2 s are listed in
 *   the summary line, not failed.
 *
 * Fixed seed and 800 cases by default; `CASEPATH_FUZZ_RUNS` and
 * `CASEPATH_FUZZ_SEED` change them (`npm run test:fuzz`: 100,000).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emptyAggregate } from '../../src/bulk/aggregate.js';
import { replayLines } from '../../src/bulk/replay-lines.js';
import { defaultConfig } from '../../src/config.js';
import { InvalidChronologyError, type Issue, createCaseMonitor, formatIssue, loadChronologyData, loadChronologyFile, replay } from '../../src/index.js';
import { toFindingsDocument } from '../../src/report/json.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { type HostileInput, MARKER_PARTS, type SpecialFile, hostileInputArbitrary } from './hostile.js';

const RUNS = Number(process.env['CASEPATH_FUZZ_RUNS'] ?? 800);
const SEED = Number(process.env['CASEPATH_FUZZ_SEED'] ?? 20261211);
const HANG_MS = 10_000;
const SLOW_MS = 2_000;
const STACK = /\n\s+at .+:\d+:\d+\)?/;

const dir = mkdtempSync(join(tmpdir(), 'casepath-fuzz-'));
const specials = new Map<string, string>();

/** Kill the process if one input runs for HANG_MS, writing which one (the main thread may be stuck). */
class Watchdog {
  private readonly shared = new SharedArrayBuffer(16 + 4096);
  private readonly running = new Int32Array(this.shared, 0, 1);
  private readonly since = new Float64Array(this.shared, 8, 1);
  private readonly text = new Uint8Array(this.shared, 16, 4096);
  private readonly worker: Worker;
  constructor(limitMs: number, report: string) {
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const fs = require('node:fs');
       const running = new Int32Array(workerData.shared, 0, 1);
       const since = new Float64Array(workerData.shared, 8, 1);
       const text = new Uint8Array(workerData.shared, 16, 4096);
       setInterval(() => {
         if (Atomics.load(running, 0) === 1 && Date.now() - since[0] > workerData.limitMs) {
           const end = text.indexOf(0);
           const what = Buffer.from(text.slice(0, end < 0 ? text.length : end)).toString('utf8');
           const line = 'fuzz hang guard: one input ran for more than ' + workerData.limitMs / 1000 + ' s: ' + what + '\\n';
           fs.writeSync(2, line);
           try { fs.writeFileSync(workerData.report, line); } catch {}
           process.kill(process.pid, 'SIGKILL');
         }
       }, 250);`,
      { eval: true, workerData: { shared: this.shared, limitMs, report } },
    );
    this.worker.unref();
  }
  start(what: string): void {
    this.text.fill(0);
    this.text.set(Buffer.from(what.slice(0, 1000)).subarray(0, 4095));
    this.since[0] = Date.now();
    Atomics.store(this.running, 0, 1);
  }
  stop(): void {
    Atomics.store(this.running, 0, 0);
  }
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

const watchdog = new Watchdog(HANG_MS, join(tmpdir(), 'casepath-fuzz-hang.txt'));

beforeAll(() => {
  const path = (name: string) => join(dir, name);
  for (const ext of ['yaml', 'json']) {
    const make: Record<SpecialFile, () => void> = {
      fifo: () => execFileSync('mkfifo', [path(`fifo.${ext}`)]),
      'dev-zero': () => symlinkSync('/dev/zero', path(`dev-zero.${ext}`)),
      'dev-null': () => symlinkSync('/dev/null', path(`dev-null.${ext}`)),
      directory: () => mkdirSync(path(`directory.${ext}`)),
      missing: () => undefined,
      'symlink-loop': () => {
        symlinkSync(path(`symlink-loop-b.${ext}`), path(`symlink-loop.${ext}`));
        symlinkSync(path(`symlink-loop.${ext}`), path(`symlink-loop-b.${ext}`));
      },
      empty: () => writeFileSync(path(`empty.${ext}`), ''),
    };
    for (const [special, f] of Object.entries(make)) {
      try {
        f();
        specials.set(`${special}.${ext}`, path(`${special}.${ext}`));
      } catch {
        // mkfifo missing: the case is skipped below.
      }
    }
  }
});

afterAll(async () => {
  await watchdog.close();
  rmSync(dir, { recursive: true, force: true });
});

class Leak extends Error {}

/** Fail if `text` holds the planted note or a stack trace. */
function clean(text: string, where: string): void {
  for (const part of MARKER_PARTS) if (text.includes(part)) throw new Leak(`the planted note appears in ${where}`);
  if (STACK.test(text)) throw new Leak(`a stack trace appears in ${where}`);
}

function checkIssues(issues: readonly Issue[], where: string): void {
  if (!issues.length) throw new Leak(`${where}: not ok, yet no issues`);
  for (const i of issues) {
    if (typeof i.code !== 'string' || typeof i.file !== 'string' || typeof i.path !== 'string' || typeof i.message !== 'string' || !i.message) {
      throw new Leak(`${where}: a malformed issue ${JSON.stringify(i).slice(0, 200)}`);
    }
  }
  clean(JSON.stringify(issues), `${where} (issues as data)`);
  clean(issues.map(formatIssue).join('\n'), `${where} (issues as lines)`);
}

/** Run `f`; only InvalidChronologyError may escape, and its message must be clean. */
function refusedOrDone<T>(f: () => T, where: string): T | undefined {
  try {
    return f();
  } catch (err) {
    if (!(err instanceof InvalidChronologyError)) throw new Leak(`${where} threw ${(err as Error)?.name ?? typeof err}: ${String((err as Error)?.message).slice(0, 300)}`);
    checkIssues(err.issues, where);
    clean(err.message, `${where} (error message)`);
    return undefined;
  }
}

const config = defaultConfig();

function checkValid(result: ReturnType<typeof replay>, where: string): void {
  clean(JSON.stringify(toFindingsDocument(result, { notes: false })), `${where} (findings document)`);
  clean(renderTerminal(result, { color: false, notes: false }), `${where} (terminal report)`);
}

const stats = { inputs: 0, valid: 0, invalid: 0, slow: [] as string[] };

/** `n` picks the extra paths an input also takes (each loads it again, so not every input takes every path). */
function checkFile(path: string, bytes: Uint8Array | undefined, n: number): void {
  const loaded = loadChronologyFile(path);
  if (loaded.ok) {
    stats.valid++;
    checkValid(replay(loaded.chronology), 'replay of a valid file');
  } else {
    stats.invalid++;
    checkIssues(loaded.issues, 'the loader');
    if (n % 3 === 0) refusedOrDone(() => replay(path), 'replay(path)');
  }
  // The same JSON as one NDJSON line of bulk replay.
  if (n % 3 === 1 && bytes && path.endsWith('.json') && bytes.length < 4_000_000) {
    const text = Buffer.from(bytes).toString('utf8');
    if (!text.includes('\n')) {
      const agg = emptyAggregate();
      replayLines([text], 1, agg, { config, source: 'fuzz.ndjson' });
      clean(JSON.stringify(agg), 'an NDJSON line (aggregate)');
    }
  }
}

function checkData(data: unknown): void {
  const loaded = loadChronologyData(data, '(object)');
  if (loaded.ok) {
    stats.valid++;
    checkValid(replay(loaded.chronology), 'replay of a valid object');
  } else {
    stats.invalid++;
    checkIssues(loaded.issues, 'loadChronologyData');
  }
  refusedOrDone(() => replay(data as Record<string, unknown>), 'replay(object)');
  // The live monitor, event by event, when the header is usable.
  const d = data as { case?: unknown; children?: unknown; events?: unknown } | null;
  const monitor = refusedOrDone(() => createCaseMonitor({ case: d?.case as string, children: d?.children as { id: string }[] }), 'createCaseMonitor');
  if (!monitor || !Array.isArray(d?.events)) return;
  for (const e of d.events.slice(0, 15)) {
    const outcome = refusedOrDone(() => monitor.record(e), 'monitor.record');
    if (outcome) clean(JSON.stringify(outcome), 'monitor.record (outcome)');
  }
  refusedOrDone(() => monitor.deadlines('2899-12-31'), 'monitor.deadlines');
  refusedOrDone(() => monitor.findings('2024-12-31'), 'monitor.findings');
}

function check(input: HostileInput, n: number): void {
  stats.inputs++;
  const started = performance.now();
  watchdog.start(`#${n}: ${input.description}`);
  try {
    if (input.kind === 'data') checkData(input.data);
    else if (input.kind === 'special') {
      const path = specials.get(`${input.special}.${input.ext}`) ?? join(dir, `missing.${input.ext}`);
      if (input.special !== 'missing' && !specials.has(`${input.special}.${input.ext}`)) return;
      checkFile(path, undefined, n);
    } else {
      const path = join(dir, `input-${n % 8}.${input.ext}`);
      writeFileSync(path, input.bytes);
      checkFile(path, input.bytes, n);
    }
  } finally {
    watchdog.stop();
    const ms = performance.now() - started;
    if (ms > SLOW_MS) stats.slow.push(`${Math.round(ms)} ms: ${input.description.slice(0, 160)}`);
  }
}

describe('fuzz: hostile input in process', () => {
  test(
    `${RUNS} hostile files and objects: issues or a valid result, never a crash, a stack trace or the planted note (seed ${SEED})`,
    () => {
      let n = 0;
      fc.assert(
        fc.property(hostileInputArbitrary(), (input) => {
          check(input, n++);
        }),
        { seed: SEED, numRuns: RUNS },
      );
      const summary = `fuzz: ${stats.inputs} inputs (${stats.valid} valid, ${stats.invalid} refused), ${stats.slow.length} slow (> ${SLOW_MS / 1000} s)${stats.slow.length ? `:\n  ${stats.slow.join('\n  ')}` : ''}`;
      writeSync(1, `${summary}\n`);
      expect(stats.inputs).toBeGreaterThanOrEqual(RUNS);
      expect(stats.invalid).toBeGreaterThan(0);
      expect(stats.valid).toBeGreaterThan(0);
    },
    Math.max(60_000, RUNS * 60),
  );
});
