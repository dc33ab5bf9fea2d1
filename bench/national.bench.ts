/**
 * National-scale bulk replay: a synthetic year for England streamed through
 * `replayNdjson` with worker threads, as `casepath generate --cases N | casepath replay
 * --ndjson - --workers 2` does, but in one process so that peak memory counts the workers.
 * Prints figures; asserts nothing.
 *
 *   node dist/bench/national.bench.js [--cases 650000] [--workers 2] [--seed S]
 */
import { cpus, totalmem } from 'node:os';
import { Readable } from 'node:stream';
import { replayNdjson } from '../src/bulk/stream.js';
import { generateCase } from '../src/testing/corpus.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const cases = arg('--cases', 650_000);
const workers = arg('--workers', 2);
const seed = arg('--seed', 20261124);

async function* lines(): AsyncGenerator<string> {
  for (let i = 0; i < cases; i++) yield `${JSON.stringify(generateCase(seed, i))}\n`;
}

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const result = await replayNdjson(Readable.from(lines()), {
  workers,
  onProgress: (p) => process.stderr.write(`\r[national] ${p.cases.toLocaleString('en-GB')} cases, ${p.events.toLocaleString('en-GB')} events…`),
  progressEveryMs: 1000,
});
clearInterval(sampler);
process.stderr.write('\n');
const secs = result.elapsedMs / 1000;
const maxRss = process.resourceUsage().maxRSS * 1024;
const mib = (b: number) => `${Math.round(b / 2 ** 20).toLocaleString('en-GB')} MiB`;
process.stdout.write(
  [
    'casepath national-scale benchmark (generation and replay in one process)',
    `date:     ${new Date().toISOString()}`,
    `node:     ${process.version}; cpu: ${cpus()[0]?.model ?? '?'} × ${cpus().length}; ${mib(totalmem())} RAM`,
    `corpus:   ${result.aggregate.cases.toLocaleString('en-GB')} cases, ${result.aggregate.events.toLocaleString('en-GB')} events (seed ${seed})`,
    `workers:  ${workers}`,
    `wall:     ${secs.toFixed(1)} s (generation included)`,
    `rate:     ${Math.round(result.aggregate.events / secs).toLocaleString('en-GB')} events/s`,
    `memory:   peak RSS ${mib(Math.max(peak, maxRss))} (process and its worker threads)`,
    `targets:  wall < 60 s: ${secs < 60 ? 'met' : 'missed'}; peak memory < 1 GB: ${Math.max(peak, maxRss) < 1e9 ? 'met' : 'missed'}`,
    '',
  ].join('\n'),
);
