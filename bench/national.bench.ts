/**
 * National-scale bulk replay: a synthetic year for England (650,000 cases by default).
 * Prints figures; asserts nothing.
 *
 *   node dist/bench/national.bench.js [--cases 650000] [--workers 2] [--seed S] [--pipe]
 *
 * By default the corpus is first written to a temporary file by `casepath generate`
 * (timed apart), then replayed from the file with `replayNdjson` in a fresh process
 * (bench/bulk-run.js, as `casepath replay --ndjson FILE --workers N` does): the wall time,
 * events/s and peak memory (max RSS of that process, worker threads included) are the
 * replay's alone. `--pipe` is the old measurement: generation and replay in this one
 * process, competing for the same cores, as `casepath generate | casepath replay --ndjson -`
 * does. `--cases 65000` is the issue's size for the extrapolation to a year.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { replayNdjson } from '../src/bulk/stream.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${name} needs a positive integer`);
  return v;
}

const cases = arg('--cases', 650_000);
const workers = arg('--workers', 2);
const seed = arg('--seed', 20261124);
const pipe = process.argv.includes('--pipe');
const here = dirname(fileURLToPath(import.meta.url));
const mib = (b: number) => `${Math.round(b / 2 ** 20).toLocaleString('en-GB')} MiB`;
const n = (x: number) => Math.round(x).toLocaleString('en-GB');

interface Figures {
  cases: number;
  events: number;
  seconds: number;
  peakBytes: number;
  note: string;
}

async function inOneProcess(): Promise<Figures> {
  const { generateCase } = await import('../src/testing/corpus.js');
  async function* lines(): AsyncGenerator<string> {
    for (let i = 0; i < cases; i++) yield `${JSON.stringify(generateCase(seed, i))}\n`;
  }
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const result = await replayNdjson(Readable.from(lines()), {
    workers,
    onProgress: (p) => process.stderr.write(`\r[national] ${n(p.cases)} cases, ${n(p.events)} events…`),
    progressEveryMs: 1000,
  });
  clearInterval(sampler);
  process.stderr.write('\n');
  return {
    cases: result.aggregate.cases,
    events: result.aggregate.events,
    seconds: result.elapsedMs / 1000,
    peakBytes: Math.max(peak, process.resourceUsage().maxRSS * 1024),
    note: 'generation and replay in one process (generation included in the wall time)',
  };
}

function fromFile(): Figures {
  const dir = mkdtempSync(join(tmpdir(), 'casepath-national-'));
  const file = join(dir, 'year.ndjson');
  try {
    process.stderr.write(`[national] generating ${n(cases)} cases into ${file}…\n`);
    const g0 = performance.now();
    const fd = openSync(file, 'w');
    const gen = spawnSync(process.execPath, [join(here, '..', 'src', 'cli', 'bin.js'), 'generate', '--cases', String(cases), '--seed', String(seed)], { stdio: ['ignore', fd, 'inherit'] });
    closeSync(fd);
    if (gen.status !== 0) throw new Error(`casepath generate failed (${gen.status})`);
    const genSeconds = (performance.now() - g0) / 1000;
    process.stderr.write(`[national] ${(statSync(file).size / 1e9).toFixed(2)} GB in ${genSeconds.toFixed(1)} s; replaying on ${workers} worker${workers === 1 ? '' : 's'}…\n`);
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [join(here, 'bulk-run.js'), file, String(workers)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const wall = (performance.now() - t0) / 1000;
    if (run.status !== 0) throw new Error(`bulk-run failed (${run.status})`);
    const r = JSON.parse(run.stdout) as { elapsedMs: number; cases: number; events: number; maxRssKb: number };
    return {
      cases: r.cases,
      events: r.events,
      seconds: wall,
      peakBytes: r.maxRssKb * 1024,
      note: `replay of the file in a fresh process (wall, node start-up included; ${(r.elapsedMs / 1000).toFixed(1)} s inside replayNdjson); generating it took ${genSeconds.toFixed(1)} s apart`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = pipe ? await inOneProcess() : fromFile();
const year = 650_000;
process.stdout.write(
  [
    'casepath national-scale benchmark',
    `date:     ${new Date().toISOString()}`,
    `node:     ${process.version}; cpu: ${cpus()[0]?.model ?? '?'} × ${cpus().length}; ${mib(totalmem())} RAM; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`,
    `how:      ${f.note}`,
    `corpus:   ${n(f.cases)} cases, ${n(f.events)} events (seed ${seed})`,
    `workers:  ${workers}`,
    `wall:     ${f.seconds.toFixed(1)} s${f.cases !== year ? ` (a national year of ${n(year)} cases at this rate: ${((f.seconds * year) / f.cases).toFixed(0)} s)` : ''}`,
    `rate:     ${n(f.events / f.seconds)} events/s`,
    `memory:   peak RSS ${mib(f.peakBytes)} (the replaying process and its worker threads)`,
    `targets:  a year < 30 s (issue 12), < 60 s (issue 4): ${((f.seconds * year) / f.cases).toFixed(0)} s; peak memory < 1 GB: ${f.peakBytes < 1e9 ? 'met' : 'missed'}`,
    '',
  ].join('\n'),
);
