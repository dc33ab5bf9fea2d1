/**
 * Streaming replay of NDJSON (one chronology a line), in bounded memory: lines are read
 * as they come, replayed in batches (on this thread or on worker threads), and only an
 * aggregate is kept. Progress is reported as events through `onProgress`; drawing a
 * progress bar is the CLI's business.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Day } from '../calendar/day.js';
import { type ResolvedConfig, defaultConfig, loadConfigFile } from '../config.js';
import { readLines } from '../input/read.js';
import { type Aggregate, addInvalid, emptyAggregate, mergeAggregates } from './aggregate.js';
import { replayLines } from './replay-lines.js';

export interface BulkProgress {
  cases: number;
  events: number;
  invalidCases: number;
  elapsedMs: number;
}

export interface BulkOptions {
  /** Worker threads (default 1: replay on this thread). */
  workers?: number;
  asOf?: Day;
  /** A rules config file (each worker loads it itself). */
  configPath?: string;
  /** Name used in issues (default "ndjson"). */
  source?: string;
  /** Longest line accepted, in bytes (default 16 MiB, as for a chronology file): a longer one is an invalid line, never buffered. */
  maxLineSize?: number;
  batchSize?: number;
  onProgress?: (p: BulkProgress) => void;
  /** Minimum milliseconds between progress events (default 200). */
  progressEveryMs?: number;
}

export interface WorkerInit {
  configPath?: string;
  asOf?: Day;
  source: string;
}

export interface WorkerBatch {
  id: number;
  lines: string[];
  firstLine: number;
}

export interface BulkResult {
  aggregate: Aggregate;
  elapsedMs: number;
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
  const batchSize = options.batchSize ?? 500;
  const source = options.source ?? 'ndjson';
  const total = emptyAggregate();
  let lastProgress = 0;
  const progress = (force = false) => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (!force && now - lastProgress < (options.progressEveryMs ?? 200)) return;
    lastProgress = now;
    options.onProgress({ cases: total.cases, events: total.events, invalidCases: total.invalidCases, elapsedMs: now - start });
  };

  let config: ResolvedConfig | undefined;
  if (workers === 1) {
    if (options.configPath) {
      const loaded = loadConfigFile(options.configPath);
      if (!loaded.config) throw new Error(loaded.issues.map((i) => i.message).join('; '));
      config = loaded.config;
    } else config = defaultConfig();
  }

  const pool = workers > 1 ? new Pool(workers, { source, ...(options.configPath ? { configPath: options.configPath } : {}), ...(options.asOf !== undefined ? { asOf: options.asOf } : {}) }) : undefined;
  const run = async (lines: string[], firstLine: number) => {
    if (pool) {
      await pool.submit(lines, firstLine, (agg) => {
        mergeAggregates(total, agg);
        progress();
      });
    } else {
      replayLines(lines, firstLine, total, { config: config!, source, ...(options.asOf !== undefined ? { asOf: options.asOf } : {}) });
      progress();
    }
  };

  try {
    let batch: string[] = [];
    let firstLine = 1;
    let lineNo = 0;
    for await (const item of readLines(input, options.maxLineSize !== undefined ? { maxFileSize: options.maxLineSize } : {})) {
      lineNo = item.line;
      if ('issue' in item) {
        // Too long or not UTF-8: invalid here; a blank keeps the batch's line numbers.
        addInvalid(total, item.line, [item.issue(`${source}:${item.line}`)]);
        batch.push('');
      } else batch.push(item.text);
      if (batch.length >= batchSize) {
        await run(batch, firstLine);
        batch = [];
        firstLine = lineNo + 1;
      }
    }
    if (batch.length) await run(batch, firstLine);
    if (pool) await pool.drain();
  } finally {
    await pool?.close();
  }
  progress(true);
  return { aggregate: total, elapsedMs: performance.now() - start, workers };
}

/** A small worker pool with back-pressure: at most two batches in flight per worker. */
class Pool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void; onDone: (agg: Aggregate) => void }>();
  private readonly waiting: (() => void)[] = [];
  private inFlight = 0;
  private nextId = 0;
  private readonly limit: number;
  private failure: Error | undefined;

  constructor(n: number, init: WorkerInit) {
    const script = workerScript();
    this.workers = Array.from({ length: n }, () => new Worker(script, { workerData: init }));
    this.idle = [...this.workers];
    this.limit = n * 2;
    for (const w of this.workers) {
      w.on('message', (msg: { id: number; agg: Aggregate }) => {
        const p = this.pending.get(msg.id)!;
        this.pending.delete(msg.id);
        this.inFlight--;
        this.idle.push(w);
        p.onDone(msg.agg);
        p.resolve();
        this.waiting.shift()?.();
      });
      w.on('error', (err) => {
        this.failure = err;
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        for (const wake of this.waiting.splice(0)) wake();
      });
    }
  }

  /** Queue a batch; resolves once it may be followed by another (back-pressure), not when done. */
  async submit(lines: string[], firstLine: number, onDone: (agg: Aggregate) => void): Promise<void> {
    while (this.inFlight >= this.limit && !this.failure) await new Promise<void>((r) => this.waiting.push(r));
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    // Spread work evenly: an idle worker if there is one, else round robin.
    const worker = this.idle.shift() ?? this.workers[id % this.workers.length]!;
    this.inFlight++;
    const done = new Promise<void>((resolve, reject) => this.pending.set(id, { resolve, reject, onDone }));
    done.catch(() => undefined);
    worker.postMessage({ id, lines, firstLine } satisfies WorkerBatch);
  }

  async drain(): Promise<void> {
    while (this.inFlight > 0 && !this.failure) await new Promise<void>((r) => this.waiting.push(r));
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
