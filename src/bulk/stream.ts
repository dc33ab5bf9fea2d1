/**
 * Streaming replay of NDJSON (one chronology a line), in bounded memory: the input is cut
 * into batches of whole lines (about 256 KB of text each, src/bulk/batches.ts), each
 * batch is replayed into a small aggregate (on this thread, or on worker threads), and the
 * aggregates are merged **in the order of the batches**, so the result is the same
 * whatever the number of workers and whichever finishes first. Progress is reported as
 * events through `onProgress`; drawing a progress bar is the CLI's business.
 *
 * With workers, the main thread finds newline bytes, merges aggregates, and is itself one
 * of the workers: `workers: 2` is this thread and one worker thread. A batch goes to a
 * worker thread with room for it, as a transferred `ArrayBuffer` of UTF-8 (no copy, no
 * structured clone of objects), where it is decoded, parsed, validated and replayed into
 * one aggregate; when every worker thread has its share queued, this thread replays the
 * batch itself instead of waiting. (Measured: two worker threads beside a main thread that
 * only read were slower than one thread on 10,000 cases; see BENCHMARKS.md.) The worker
 * threads are started before the first byte is read, so their start-up overlaps the reading.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Day } from '../calendar/day.js';
import type { ResolvedConfig } from '../config.js';
import { type ReadOptions, limitOf } from '../input/read.js';
import { type Aggregate, emptyAggregate, mergeAggregates } from './aggregate.js';
import { type ByteBatch, byteBatches } from './batches.js';

export interface BulkProgress {
  cases: number;
  events: number;
  invalidCases: number;
  elapsedMs: number;
}

export interface BulkOptions {
  /** Worker threads (default 1: replay on this thread, see `inProcess`). */
  workers?: number;
  /**
   * Replay on this thread rather than on worker threads. Default: when `workers` is 1
   * (measured: one worker thread is no faster than this thread, BENCHMARKS.md).
   */
  inProcess?: boolean;
  /**
   * With 2 or more workers, whether this thread is one of them (default true): `workers: 2`
   * is this thread and one worker thread, taking batches as each has room. `false`: every
   * worker is a thread of its own and this one only reads and merges.
   */
  mainThreadReplays?: boolean;
  /**
   * With the main thread among the workers, the worker threads start only once this many
   * bytes of input have been read, or at once if `expectedBytes` reaches it (default
   * {@link WORKERS_AFTER_BYTES}): below it, a worker thread's start-up and warm-up cost
   * more than it saves. 0: start them at once.
   */
  workersAfterBytes?: number;
  /** The input's size, if known (a file's): the worker threads start at once if it is at least `workersAfterBytes`. */
  expectedBytes?: number;
  asOf?: Day;
  /** A rules config file (each worker loads it itself). */
  configPath?: string;
  /** Name used in issues (default "ndjson"). */
  source?: string;
  /** Longest line accepted, in bytes (default 16 MiB, as for a chronology file): a longer one is an invalid line, never buffered. */
  maxLineSize?: number;
  /** Bytes of NDJSON text per batch (default 256 KiB). */
  batchBytes?: number;
  onProgress?: (p: BulkProgress) => void;
  /** Minimum milliseconds between progress events (default 200). */
  progressEveryMs?: number;
}

export interface WorkerInit {
  configPath?: string;
  asOf?: Day;
  source: string;
  /** The options lines are read with (their limit, for the wording of a too-long line). */
  read: ReadOptions;
}

/**
 * Input read before worker threads are started beside the main thread (40 MiB, about 16,000
 * generated cases). Measured on 2 cores (BENCHMARKS.md): 2 workers were 0.94x of one thread
 * on 10,000 cases (25 MB), 1.04-1.10x on 20,000 (51 MB), 1.2x on 32,000 and 1.42x on 65,000:
 * each worker thread pays its module loading and its warm-up (the code's first thousands of
 * cases run before the JIT has optimised them), which a small input does not pay back.
 */
export const WORKERS_AFTER_BYTES = 40 * 1024 * 1024;

/** A batch as posted to a worker (its buffer transferred). */
export type BatchMessage = ByteBatch;

/** A worker's answer: the aggregate of one batch. */
export interface ResultMessage {
  seq: number;
  agg: Aggregate;
}

export interface BulkResult {
  aggregate: Aggregate;
  elapsedMs: number;
  /** Threads that replayed (1 when replayed on the calling thread alone, as when the input was too small to start worker threads). */
  workers: number;
  /** Batches replayed on the calling thread (the rest went to worker threads). */
  batchesHere: number;
}

/**
 * The script of a worker thread. The bundled worker (dist/cli/worker.js, scripts/build-cli.mjs)
 * when it is there and at least as new as tsc's beside it: the same code in a few files, where
 * tsc's worker loads about 400 modules and runs node's CommonJS lexer over xstate and immutable,
 * so a thread replays its first batch about 100 ms sooner (BENCHMARKS.md). Otherwise tsc's
 * worker (a `tsc` run without the bundling step leaves the bundle older, and it is not used).
 * In the bundled executable (this module in dist/cli/chunks/) it is the worker beside it.
 * Run from source (src/bulk/), the built ones in dist/.
 */
export function workerScript(here: string = dirname(fileURLToPath(import.meta.url))): string {
  if (here.endsWith(join('cli', 'chunks'))) {
    const beside = join(here, '..', 'worker.js');
    if (existsSync(beside)) return beside;
  }
  // Built: tsc's worker is beside this module, and the bundle two levels up; from source, both in dist/.
  const builtHere = existsSync(join(here, 'worker.js'));
  const root = builtHere ? join(here, '..', '..') : join(here, '..', '..', 'dist');
  const built = join(root, 'src', 'bulk', 'worker.js');
  const bundled = join(root, 'cli', 'worker.js');
  const mtime = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : undefined);
  const builtAt = mtime(built);
  const bundledAt = mtime(bundled);
  if (bundledAt !== undefined && (builtAt === undefined || bundledAt >= builtAt)) return bundled;
  if (builtAt !== undefined) return built;
  throw new Error('worker threads need the compiled worker (run `npm run build`)');
}

export async function replayNdjson(input: Readable, options: BulkOptions = {}): Promise<BulkResult> {
  const start = performance.now();
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const inProcess = options.inProcess ?? workers === 1;
  // With workers, this thread is one of them unless told otherwise: N workers are N threads
  // that replay, so on N cores none waits for a thread that only reads.
  const mainReplays = !inProcess && workers > 1 && options.mainThreadReplays !== false;
  const threads = inProcess ? 0 : mainReplays ? workers - 1 : workers;
  const source = options.source ?? 'ndjson';
  const read: ReadOptions = options.maxLineSize !== undefined ? { maxFileSize: options.maxLineSize } : {};
  const asOf = options.asOf !== undefined ? { asOf: options.asOf } : {};
  const total = emptyAggregate();
  let lastProgress = 0;
  const progress = (force = false) => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (!force && now - lastProgress < (options.progressEveryMs ?? 200)) return;
    lastProgress = now;
    options.onProgress({ cases: total.cases, events: total.events, invalidCases: total.invalidCases, elapsedMs: now - start });
  };
  const merge = (agg: Aggregate) => {
    mergeAggregates(total, agg);
    progress();
  };

  const init: WorkerInit = { source, read, ...(options.configPath ? { configPath: options.configPath } : {}), ...asOf };
  const after = Math.max(0, options.workersAfterBytes ?? WORKERS_AFTER_BYTES);
  // Started first, when they will be needed: the workers load their modules while the first
  // batch is read. Beside a main thread that replays, only once the input is large enough.
  const startAtOnce = threads > 0 && (!mainReplays || after === 0 || (options.expectedBytes ?? 0) >= after);
  let pool = startAtOnce ? new Pool(threads, init, merge, 0) : undefined;
  const batches = byteBatches(input, { limit: limitOf(read), ...(options.batchBytes !== undefined ? { batchBytes: options.batchBytes } : {}) });
  // Replay on this thread (loaded only when this thread replays: the modules and the config).
  let local: Promise<(batch: ByteBatch) => Promise<Aggregate>> | undefined;
  const replayHere = () =>
    (local ??= Promise.all([import('./replay-lines.js'), resolveConfig(options.configPath)]).then(([{ replayBatch }, config]) => {
      const lineOptions = { config, source, read, ...asOf };
      return async (batch: ByteBatch) => {
        const agg = emptyAggregate();
        await replayBatch(batch, agg, lineOptions);
        return agg;
      };
    }));
  let here = 0;
  let bytesRead = 0;
  try {
    if (threads > 0) {
      // A batch goes to a worker with room for it; when every worker has its share queued
      // (or before they are started), this thread replays it (if it replays at all) rather
      // than wait. Either way its aggregate is merged in batch order.
      if (mainReplays) void replayHere().catch(() => undefined); // loading overlaps the reading
      for await (const batch of batches) {
        bytesRead += batch.length;
        if (!pool) {
          if (bytesRead < after) {
            merge(await (await replayHere())(batch));
            here++;
            continue;
          }
          // Every batch before this one is replayed and merged: the pool merges from here on.
          pool = new Pool(threads, init, merge, batch.seq);
        }
        // Let the worker threads' answers in first (a message waits for a turn of the event
        // loop, which reading buffered input does not give): otherwise a worker thread that
        // has finished looks busy, and this thread replays batches the worker could take.
        if (mainReplays) await new Promise<void>((resolve) => setImmediate(resolve));
        if (mainReplays && pool.full()) {
          pool.done(batch.seq, await (await replayHere())(batch));
          here++;
        } else await pool.submit(batch);
      }
      await pool?.drain();
  } else {
      // The next batch is asked for before this one is replayed (the first before the
      // engine is loaded), so reading overlaps the replay instead of waiting for it. On the
      // busy machine, one worker thread (whose main thread reads meanwhile) had beaten this
      // thread by 1.24-1.30x at 65,000 cases; 1.03 after (BENCHMARKS.md).
      let next = batches.next();
      try {
        const replay = await replayHere();
        for (let item = await next; !item.done; item = await next) {
          next = batches.next();
          merge(await replay(item.value));
          here++;
        }
      } finally {
        // Left early by an error: the read asked for ahead must not fail unobserved.
        next.catch(() => undefined);
      }
    }
  } finally {
    await pool?.close();
  }
  progress(true);
  return { aggregate: total, elapsedMs: performance.now() - start, workers: pool ? workers : 1, batchesHere: here };
}

/** The rules config for replay on this thread (loaded only then: workers load their own). */
async function resolveConfig(configPath: string | undefined): Promise<ResolvedConfig> {
  const { defaultConfig, loadConfigFile } = await import('../config.js');
  if (!configPath) return defaultConfig();
  const loaded = loadConfigFile(configPath);
  if (!loaded.config) throw new Error(loaded.issues.map((i) => i.message).join('; '));
  return loaded.config;
}

/**
 * A small worker pool with back-pressure (at most {@link IN_FLIGHT} batches queued per
 * worker, so one is always waiting when a worker finishes) and merging in batch order
 * (a result that comes early waits for the ones before it).
 */
const IN_FLIGHT = 2;

class Pool {
  private readonly workers: Worker[];
  private readonly load: number[];
  private readonly early = new Map<number, Aggregate>();
  private readonly waiting: (() => void)[] = [];
  private nextToMerge = 0;
  private submitted = 0;
  private inFlight = 0;
  private failure: Error | undefined;

  constructor(
    n: number,
    init: WorkerInit,
    /** Called with each batch's aggregate, in batch order. */
    private readonly onDone: (agg: Aggregate) => void,
    /** The first batch it merges (those before it are merged already). */
    firstSeq: number,
  ) {
    this.nextToMerge = firstSeq;
    this.submitted = firstSeq;
    const script = workerScript();
    this.workers = Array.from({ length: n }, () => new Worker(script, { workerData: init }));
    this.load = this.workers.map(() => 0);
    this.workers.forEach((w, i) => {
      w.on('message', (msg: ResultMessage) => {
        this.inFlight--;
        this.load[i]!--;
        this.done(msg.seq, msg.agg);
      });
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (this.load[i]! > 0) this.fail(new Error(`a bulk replay worker stopped (exit code ${code}) with work in hand`));
      });
    });
  }

  /** The aggregate of batch `seq` (from a worker, or replayed by the caller): merged once every batch before it is. */
  done(seq: number, agg: Aggregate): void {
    this.early.set(seq, agg);
    this.submitted = Math.max(this.submitted, seq + 1);
    for (let next = this.early.get(this.nextToMerge); next; next = this.early.get(this.nextToMerge)) {
      this.early.delete(this.nextToMerge++);
      this.onDone(next);
    }
    this.wake();
  }

  private wake(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  /** Whether every worker has its share of batches queued (a batch submitted now would wait). */
  full(): boolean {
    if (this.failure) throw this.failure;
    return this.inFlight >= this.workers.length * IN_FLIGHT;
  }

  /** Queue a batch (its buffer is transferred); resolves once another may follow (back-pressure), not when done. */
  async submit(batch: ByteBatch): Promise<void> {
    while (this.inFlight >= this.workers.length * IN_FLIGHT && !this.failure) await new Promise<void>((r) => this.waiting.push(r));
    if (this.failure) throw this.failure;
    // The least loaded worker (the first on a tie).
    let w = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[w]!) w = i;
    this.load[w]!++;
    this.inFlight++;
    this.submitted = Math.max(this.submitted, batch.seq + 1);
    this.workers[w]!.postMessage(batch satisfies BatchMessage, [batch.buffer]);
  }

  /** Wait until every batch submitted (or replayed by the caller) is merged. */
  async drain(): Promise<void> {
    while (this.nextToMerge < this.submitted && !this.failure) await new Promise<void>((r) => this.waiting.push(r));
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.load.fill(0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
