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
 *
 * Besides the whole run's time it reports the rate over the run's second half (events
 * merged from the middle of the elapsed time to the end): the throughput once module
 * loading and the JIT's warm-up are behind it, which the whole run's rate mixes in.
 */
import { createReadStream, statSync } from 'node:fs';
import { replayNdjson } from '../src/bulk/stream.js';

const [file, workersText, mode] = process.argv.slice(2);
const workers = Number(workersText);
if (!file || !Number.isSafeInteger(workers) || workers < 1) throw new Error('usage: node dist/bench/bulk-run.js FILE WORKERS [thread]');
// Progress every 100 ms: the events merged by then, to find the rate over the second half.
const samples: { ms: number; events: number }[] = [];
const result = await replayNdjson(createReadStream(file, { highWaterMark: 1 << 20 }), {
  workers,
  inProcess: workers === 1 && mode !== 'thread',
  mainThreadReplays: mode !== 'thread',
  expectedBytes: statSync(file).size,
  source: file,
  progressEveryMs: 100,
  onProgress: (p) => samples.push({ ms: p.elapsedMs, events: p.events }),
});
const a = result.aggregate;
const middle = samples.find((s) => s.ms >= result.elapsedMs / 2);
const secondHalfEventsPerSec = middle && result.elapsedMs > middle.ms ? (a.events - middle.events) / ((result.elapsedMs - middle.ms) / 1000) : undefined;
process.stdout.write(
  `${JSON.stringify({
    elapsedMs: result.elapsedMs,
    cases: a.cases,
    events: a.events,
    invalid: a.invalidCases,
    secondHalfEventsPerSec,
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
