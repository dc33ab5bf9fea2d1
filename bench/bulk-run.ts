/**
 * One bulk replay of an NDJSON file in a fresh process, for the workers comparison of
 * bench/replay.bench.ts (each run starts cold, as `casepath replay --ndjson FILE` does,
 * and no run inherits another's heap). Prints one JSON line; asserts nothing.
 *
 *   node dist/bench/bulk-run.js FILE WORKERS [thread]
 *
 * `thread`: only worker threads replay (with 1 worker, one worker thread instead of the
 * calling thread; with N, N worker threads while the calling thread only reads and merges).
 * Without it, N workers are the calling thread and N-1 worker threads, as in the CLI. The
 * file is read in 1 MiB pieces, as the CLI reads it.
 */
import { createReadStream, statSync } from 'node:fs';
import { replayNdjson } from '../src/bulk/stream.js';

const [file, workersText, mode] = process.argv.slice(2);
const workers = Number(workersText);
if (!file || !Number.isSafeInteger(workers) || workers < 1) throw new Error('usage: node dist/bench/bulk-run.js FILE WORKERS [thread]');
const result = await replayNdjson(createReadStream(file, { highWaterMark: 1 << 20 }), { workers, inProcess: workers === 1 && mode !== 'thread', mainThreadReplays: mode !== 'thread', expectedBytes: statSync(file).size, source: file });
const a = result.aggregate;
process.stdout.write(
  `${JSON.stringify({
    elapsedMs: result.elapsedMs,
    cases: a.cases,
    events: a.events,
    invalid: a.invalidCases,
    workers: result.workers,
    batchesHere: result.batchesHere,
    // The findings, to check that every variant found the same.
    findings: Object.values(a.findings).reduce((n, f) => n + f.certain * 1000 + f.possible, 0),
    maxRssKb: process.resourceUsage().maxRSS,
    // User + system CPU of the whole process, worker threads included.
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    uptimeMs: performance.now(),
  })}\n`,
);
