/**
 * Streaming replay of NDJSON (one chronology a line), in bounded memory: the input is cut
 * into batches of whole lines (about 256 KB of text each, src/bulk/batches.ts), each
 * batch is replayed into a small aggregate (on this thread, or on worker threads), and the
 * aggregates are merged **in the order of the batches**, so the result is the same
 * whatever the number of workers and whichever finishes first. Progress is reported as
 * events through `onProgress`; drawing a progress bar is the CLI's business.
 *
 * With workers, the main thread only finds newline bytes and merges aggregates: batches go
 * to the workers as transferred `ArrayBuffer`s of UTF-8 (no copy, no structured clone of
 * objects), and each worker decodes, parses, validates and replays, and returns one
 * aggregate per batch. The workers are started before the first byte is read, so their
 * start-up overlaps the reading.
 */
import { existsSync } from 'node:fs';
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
  /** Worker threads used (1 when replayed on the calling thread). */
  workers: number;
}

/** The compiled worker script (next to this module once built; from dist/ when run from source). */
function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'worker.js');
  if (existsSync(sibling)) return sibling;
  const built = join(here, '..', '..', 'dist', 'src', 'bulk', 'worker.js');
  if (existsSync(built)) return built;
  throw new Error('worker threads need the compiled worker (run `npm run build`)');
}

export async function replayNdjson(input: Readable, options: BulkOptions = {}): Promise<BulkResult> {
  const start = performance.now();
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const inProcess = options.inProcess ?? workers === 1;
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

  // Started first: the workers load their modules while the first batch is read.
  const pool = inProcess ? undefined : new Pool(workers, { source, read, ...(options.configPath ? { configPath: options.configPath } : {}), ...asOf });
  const batches = byteBatches(input, { limit: limitOf(read), ...(options.batchBytes !== undefined ? { batchBytes: options.batchBytes } : {}) });
  try {
    if (pool) {
      for await (const batch of batches) {
        await pool.submit(batch, (agg) => {
          mergeAggregates(total, agg);
          progress();
        });
      }
      await pool.drain();
    } else {
      // The next batch is asked for before this one is replayed (the first before the
      // engine is loaded), so reading overlaps the replay instead of waiting for it. On the
      // busy machine, one worker thread (whose main thread reads meanwhile) had beaten this
      // thread by 1.24-1.30x at 65,000 cases; 1.03 after (BENCHMARKS.md).
      let next = batches.next();
      try {
        const [{ replayBatch }, config] = await Promise.all([import('./replay-lines.js'), resolveConfig(options.configPath)]);
        const lineOptions = { config, source, read, ...asOf };
        for (let item = await next; !item.done; item = await next) {
          next = batches.next();
          const agg = emptyAggregate();
          await replayBatch(item.value, agg, lineOptions);
          mergeAggregates(total, agg);
          progress();
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
  return { aggregate: total, elapsedMs: performance.now() - start, workers: pool ? workers : 1 };
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
  private onDone: (agg: Aggregate) => void = () => undefined;
  private nextToMerge = 0;
  private submitted = 0;
  private inFlight = 0;
  private failure: Error | undefined;

  constructor(n: number, init: WorkerInit) {
    const script = workerScript();
    this.workers = Array.from({ length: n }, () => new Worker(script, { workerData: init }));
    this.load = this.workers.map(() => 0);
    this.workers.forEach((w, i) => {
      w.on('message', (msg: ResultMessage) => {
        this.inFlight--;
        this.load[i]!--;
        this.early.set(msg.seq, msg.agg);
        for (let agg = this.early.get(this.nextToMerge); agg; agg = this.early.get(this.nextToMerge)) {
          this.early.delete(this.nextToMerge++);
          this.onDone(agg);
        }
        this.wake();
      });
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (this.load[i]! > 0) this.fail(new Error(`a bulk replay worker stopped (exit code ${code}) with work in hand`));
      });
    });
  }

  private wake(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  /** Queue a batch (its buffer is transferred); resolves once another may follow (back-pressure), not when done. */
  async submit(batch: ByteBatch, onDone: (agg: Aggregate) => void): Promise<void> {
    this.onDone = onDone;
    while (this.inFlight >= this.workers.length * IN_FLIGHT && !this.failure) await new Promise<void>((r) => this.waiting.push(r));
    if (this.failure) throw this.failure;
    // The least loaded worker (the first on a tie).
    let w = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[w]!) w = i;
    this.load[w]!++;
    this.inFlight++;
    this.submitted++;
    this.workers[w]!.postMessage(batch satisfies BatchMessage, [batch.buffer]);
  }

  /** Wait until every batch submitted is merged. */
  async drain(): Promise<void> {
    while (this.nextToMerge < this.submitted && !this.failure) await new Promise<void>((r) => this.waiting.push(r));
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.load.fill(0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
