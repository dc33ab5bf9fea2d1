/**
 * Bulk replay benchmark: `npm run bench` (builds first), or after a build
 * `node dist/bench/replay.bench.js [--cases N] [--quick] [--seed S]`.
 *
 * Builds a synthetic NDJSON corpus once (src/testing/corpus.ts: one chronology per line,
 * 100,000 cases by default, 10,000 with --quick), then measures, each after a warm-up:
 * - parse only: JSON.parse of every line;
 * - load: parse + zod validation + date resolution (`loadChronologyData`);
 * - full replay: parse + load + `replay(chronology, { timeline: false })`, per line;
 * - replay only, on pre-loaded chronologies of a 10,000-case subset, both engines;
 * - full replay with `engine: 'xstate'` on the same subset, for comparison;
 * - single-case latency: one ~20-event case replayed 10,000 times;
 * - peak RSS (sampled `process.memoryUsage.rss()` and `process.resourceUsage().maxRSS`).
 *
 * Prints figures only; never asserts. Targets (BENCHMARKS.md): full replay at least a
 * quarter of parse-only throughput; single-case median under 1 ms. Progress goes to stderr.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { type Chronology, type EngineKind, loadChronologyData, replay } from '../src/index.js';
import { generateCase } from '../src/testing/corpus.js';

// ---------------------------------------------------------------------------
// Arguments

function parseArgs(argv: readonly string[]): { cases: number; seed: number } {
  let cases = 100_000;
  let seed = 20261124;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') cases = 10_000;
    else if (a === '--cases' || a === '--seed') {
      const v = Number(argv[++i]);
      if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      if (a === '--cases') cases = v;
      else seed = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node dist/bench/replay.bench.js [--cases N | --quick] [--seed S]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { cases, seed };
}

const { cases: N, seed: SEED } = parseArgs(process.argv.slice(2));
const SUBSET = Math.min(N, 10_000);
const LATENCY_RUNS = 10_000;
const WARMUP_CASES = Math.min(N, 2_000);

// ---------------------------------------------------------------------------
// Helpers

let peakRss = process.memoryUsage.rss();
const sampleRss = (): void => {
  const r = process.memoryUsage.rss();
  if (r > peakRss) peakRss = r;
};

const progress = (msg: string): void => {
  process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
};

/**
 * A full garbage collection before each measurement, so no run pays for the garbage of
 * the one before it (`--expose-gc` switched on at run time; the script is run as is).
 */
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Keeps results observable so the optimiser cannot drop the work. */
let sink = 0;

interface Row {
  name: string;
  cases: number;
  events: number;
  seconds: number;
}

/** Time `body` over every item (one case each), after an untimed warm-up on the first items. */
function timeLoop<T>(name: string, items: readonly T[], events: number, body: (item: T) => number): Row {
  for (let i = 0; i < Math.min(WARMUP_CASES, items.length); i++) sink += body(items[i]!);
  sampleRss();
  collect();
  progress(`${name}: ${items.length.toLocaleString('en-GB')} cases…`);
  const t0 = performance.now();
  for (let i = 0; i < items.length; i++) {
    sink += body(items[i]!);
    if ((i & 1023) === 0) sampleRss();
  }
  const seconds = (performance.now() - t0) / 1000;
  sampleRss();
  progress(`${name}: ${seconds.toFixed(2)} s`);
  return { name, cases: items.length, events, seconds };
}

function load(text: string): Chronology {
  const r = loadChronologyData(JSON.parse(text), 'bench');
  if (!r.ok) throw new Error(`generated case does not load: ${r.issues[0]?.message}`);
  return r.chronology;
}

const fullReplay = (engine: EngineKind) => (line: string): number =>
  replay(load(line), { timeline: false, engine }).findings.length;

function quantile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function latency(run: () => number): { median: number; p99: number } {
  for (let i = 0; i < 1_000; i++) sink += run();
  collect();
  const times = new Float64Array(LATENCY_RUNS);
  for (let i = 0; i < LATENCY_RUNS; i++) {
    const t0 = performance.now();
    sink += run();
    times[i] = performance.now() - t0;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-GB');
const fmtMs = (n: number): string => n.toFixed(3);

// ---------------------------------------------------------------------------
// Corpus

progress(`generating ${fmtInt(N)} cases (seed ${SEED})…`);
const parts: string[] = [];
const eventsPerCase = new Uint16Array(N);
let totalEvents = 0;
for (let i = 0; i < N; i++) {
  const c = generateCase(SEED, i);
  const n = (c['events'] as unknown[]).length;
  eventsPerCase[i] = n;
  totalEvents += n;
  parts.push(JSON.stringify(c));
  if ((i & 4095) === 0) sampleRss();
}
const ndjson = parts.join('\n');
parts.length = 0;
const lines = ndjson.split('\n');
const subset = lines.slice(0, SUBSET);
let subsetEvents = 0;
for (let i = 0; i < SUBSET; i++) subsetEvents += eventsPerCase[i]!;
sampleRss();
progress(`corpus: ${fmtInt(N)} cases, ${fmtInt(totalEvents)} events, ${(ndjson.length / 1e6).toFixed(1)} MB of NDJSON`);

// ---------------------------------------------------------------------------
// Throughput

const rows: Row[] = [];
const parseRow = timeLoop('parse only', lines, totalEvents, (line) => (JSON.parse(line) as { events: unknown[] }).events.length);
rows.push(parseRow);
const loadRow = timeLoop('load (parse + validate + dates)', lines, totalEvents, (line) => load(line).events.length);
rows.push(loadRow);
const fullRow = timeLoop('full replay, compiled (parse + load + replay)', lines, totalEvents, fullReplay('compiled'));
rows.push(fullRow);
rows.push(timeLoop(`full replay, compiled, first ${fmtInt(SUBSET)}`, subset, subsetEvents, fullReplay('compiled')));
rows.push(timeLoop(`full replay, xstate, first ${fmtInt(SUBSET)}`, subset, subsetEvents, fullReplay('xstate')));

// Replay alone, on chronologies loaded beforehand (the engine's own share).
progress(`loading ${fmtInt(SUBSET)} cases for replay-only runs…`);
const loaded = subset.map(load);
sampleRss();
for (const engine of ['compiled', 'xstate'] as const) {
  rows.push(
    timeLoop(`replay only, ${engine}, first ${fmtInt(SUBSET)}`, loaded, subsetEvents, (c) => replay(c, { timeline: false, engine }).findings.length),
  );
}

// ---------------------------------------------------------------------------
// Single-case latency: the first case with 20 events (else the one nearest 20).

let pick = 0;
for (let i = 0; i < N; i++) {
  if (Math.abs(eventsPerCase[i]! - 20) < Math.abs(eventsPerCase[pick]! - 20)) pick = i;
  if (eventsPerCase[i] === 20) break;
}
const oneLine = lines[pick]!;
const oneObject = JSON.parse(oneLine) as Record<string, unknown>;
const oneLoaded = load(oneLine);
progress(`latency: case ${pick} (${eventsPerCase[pick]} events), ${fmtInt(LATENCY_RUNS)} runs each…`);
const latReplay = latency(() => replay(oneLoaded, { timeline: false }).findings.length);
const latObject = latency(() => replay(oneObject, { timeline: false }).findings.length);
const latTimeline = latency(() => replay(oneObject).findings.length);
sampleRss();

// ---------------------------------------------------------------------------
// Report

const maxRssKb = process.resourceUsage().maxRSS;
const cpus = os.cpus();
const out: string[] = [];
out.push('casepath replay benchmark');
out.push(`date:    ${new Date().toISOString()}`);
out.push(`node:    ${process.version} (${process.platform} ${process.arch})`);
out.push(`cpu:     ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} cores; ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
out.push(`corpus:  ${fmtInt(N)} cases (seed ${SEED}), ${fmtInt(totalEvents)} events (${(totalEvents / N).toFixed(1)} per case), ${(ndjson.length / 1e6).toFixed(1)} MB NDJSON`);
out.push('');

const header = ['measurement', 'cases', 'events', 'time (s)', 'events/s', 'cases/s', 'vs parse'];
const body = rows.map((r) => [
  r.name,
  fmtInt(r.cases),
  fmtInt(r.events),
  r.seconds.toFixed(2),
  fmtInt(r.events / r.seconds),
  fmtInt(r.cases / r.seconds),
  (r.events / r.seconds / (parseRow.events / parseRow.seconds)).toFixed(3),
]);
const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
out.push(line(header));
out.push(widths.map((w) => '-'.repeat(w)).join('  '));
for (const b of body) out.push(line(b));
out.push('');

const latRows = [
  ['single case: replay(loaded, { timeline: false })', latReplay],
  ['single case: replay(object, { timeline: false }) (load + replay)', latObject],
  ['single case: replay(object) (load + replay + timeline)', latTimeline],
] as const;
const lw = Math.max(...latRows.map(([n]) => n.length));
out.push(`${'latency'.padEnd(lw)}  median (ms)  p99 (ms)`);
out.push(`${'-'.repeat(lw)}  -----------  --------`);
for (const [name, l] of latRows) out.push(`${name.padEnd(lw)}  ${fmtMs(l.median).padStart(11)}  ${fmtMs(l.p99).padStart(8)}`);
out.push(`(case ${pick}: ${eventsPerCase[pick]} events, ${fmtInt(LATENCY_RUNS)} runs after 1,000 warm-up runs)`);
out.push('');

const ratio = fullRow.events / fullRow.seconds / (parseRow.events / parseRow.seconds);
out.push(`peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB sampled (process.memoryUsage.rss), ${(maxRssKb / 1024).toFixed(0)} MiB maxRSS (process.resourceUsage)`);
out.push(`target full replay / parse-only >= 0.25: ${ratio.toFixed(3)} (${ratio >= 0.25 ? 'met' : 'missed'})`);
out.push(`target single-case median < 1 ms (replay of a loaded case): ${fmtMs(latReplay.median)} ms (${latReplay.median < 1 ? 'met' : 'missed'}); load + replay: ${fmtMs(latObject.median)} ms (${latObject.median < 1 ? 'met' : 'missed'})`);
out.push(`(checksum ${sink})`);
process.stdout.write(`${out.join('\n')}\n`);
