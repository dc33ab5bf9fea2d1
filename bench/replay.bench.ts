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
 * - workers: `replayNdjson` of the same file (the first 10,000 and 65,000 cases) on this
 *   thread, on 1 worker thread, on 2 worker threads beside a main thread that only reads,
 *   and on 2 workers as the CLI runs them (this thread and one worker thread), each run a
 *   fresh process (bench/bulk-run.ts), and the executable itself (`casepath replay --ndjson
 *   FILE --workers 2 --json`), alternately (1, 1t, 2t, CLI, 2, then rotated, for
 *   `--rounds` rounds: 5 at 10,000, 3 at 65,000; --quick: 2 rounds, only 1 and 2), medians
 *   and per-round speed-ups, and the
 *   end-to-end rate over the single-thread parse-only rate of the same lines;
 * - peak RSS (sampled `process.memoryUsage.rss()` and `process.resourceUsage().maxRSS`).
 *
 * `--quick` (CI): 10,000 cases, the workers at 10,000 only. `--workers-only`: the workers
 * comparison alone (a 65,000-case corpus unless --cases). Prints figures only; never
 * asserts. Targets (BENCHMARKS.md, issue 12): end to end on 2 workers at least a quarter
 * of parse-only throughput, 2 workers at least 1.3× faster than 1 on 65,000 cases and
 * never slower on 10,000; single-case median under 1 ms. Progress goes to stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { type Chronology, type EngineKind, loadChronologyData, replay } from '../src/index.js';
import { generateCase } from '../src/testing/corpus.js';

// ---------------------------------------------------------------------------
// Arguments

interface Args {
  cases: number;
  seed: number;
  quick: boolean;
  /** Only the workers comparison (no single-thread rows, no latency). */
  workersOnly: boolean;
  /** Rounds of the workers comparison (each runs every variant once). */
  rounds?: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { cases: 100_000, seed: 20261124, quick: false, workersOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') {
      args.cases = 10_000;
      args.quick = true;
    } else if (a === '--workers-only') args.workersOnly = true;
    else if (a === '--cases' || a === '--seed' || a === '--rounds') {
      const v = Number(argv[++i]);
      if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      if (a === '--cases') args.cases = v;
      else if (a === '--seed') args.seed = v;
      else args.rounds = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node dist/bench/replay.bench.js [--cases N | --quick] [--seed S] [--workers-only] [--rounds R]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const ARGS = parseArgs(process.argv.slice(2));
/** Corpus sizes of the workers comparison (the 10,000 and 65,000). */
const WORKER_SIZES: readonly number[] = [10_000, 65_000];
// Only the workers comparison: a corpus as large as its largest size is enough.
if (ARGS.workersOnly && !process.argv.includes('--cases') && !ARGS.quick) ARGS.cases = WORKER_SIZES.at(-1)!;
const { cases: N, seed: SEED } = ARGS;
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
// Throughput, on this thread

/** The single-thread rows, the latency rows and the targets, as report lines. */
function singleThread(): string[] {
  const rows: Row[] = [];
  const parseRow = timeLoop('parse only', lines, totalEvents, (line) => (JSON.parse(line) as { events: unknown[] }).events.length);
  rows.push(parseRow);
  rows.push(timeLoop('load (parse + validate + dates)', lines, totalEvents, (line) => load(line).events.length));
  const fullRow = timeLoop('full replay, compiled (parse + load + replay)', lines, totalEvents, fullReplay('compiled'));
  rows.push(fullRow);
  rows.push(timeLoop(`full replay, compiled, first ${fmtInt(SUBSET)}`, subset, subsetEvents, fullReplay('compiled')));
  rows.push(timeLoop(`full replay, xstate, first ${fmtInt(SUBSET)}`, subset, subsetEvents, fullReplay('xstate')));

  // Replay alone, on chronologies loaded beforehand (the engine's own share).
  progress(`loading ${fmtInt(SUBSET)} cases for replay-only runs…`);
  const loaded = subset.map(load);
  sampleRss();
  for (const engine of ['compiled', 'xstate'] as const) {
    rows.push(timeLoop(`replay only, ${engine}, first ${fmtInt(SUBSET)}`, loaded, subsetEvents, (c) => replay(c, { timeline: false, engine }).findings.length));
  }

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

  const out: string[] = [];
  out.push(
    ...table(
      ['measurement', 'cases', 'events', 'time (s)', 'events/s', 'cases/s', 'vs parse'],
      rows.map((r) => [
        r.name,
        fmtInt(r.cases),
        fmtInt(r.events),
        r.seconds.toFixed(2),
        fmtInt(r.events / r.seconds),
        fmtInt(r.cases / r.seconds),
        (r.events / r.seconds / (parseRow.events / parseRow.seconds)).toFixed(3),
      ]),
    ),
  );
  out.push('');
  out.push(
    ...table(
      ['latency', 'median (ms)', 'p99 (ms)'],
      (
        [
          ['single case: replay(loaded, { timeline: false })', latReplay],
          ['single case: replay(object, { timeline: false }) (load + replay)', latObject],
          ['single case: replay(object) (load + replay + timeline)', latTimeline],
        ] as const
      ).map(([name, l]) => [name, fmtMs(l.median), fmtMs(l.p99)]),
    ),
  );
  out.push(`(case ${pick}: ${eventsPerCase[pick]} events, ${fmtInt(LATENCY_RUNS)} runs after 1,000 warm-up runs)`);
  out.push('');
  const ratio = fullRow.events / fullRow.seconds / (parseRow.events / parseRow.seconds);
  out.push(`target full replay (one thread) / parse-only >= 0.25: ${ratio.toFixed(3)} (${ratio >= 0.25 ? 'met' : 'missed'})`);
  out.push(`target single-case median < 1 ms (replay of a loaded case): ${fmtMs(latReplay.median)} ms (${latReplay.median < 1 ? 'met' : 'missed'}); load + replay: ${fmtMs(latObject.median)} ms (${latObject.median < 1 ? 'met' : 'missed'})`);
  return out;
}

/** A table: the first column left-aligned, the others right-aligned. */
function table(header: string[], body: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => (b[c] ?? '').length)));
  const row = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(row)];
}

// ---------------------------------------------------------------------------
// Workers: 1 against 2 on the same file, alternately, each run a fresh process

interface BulkRun {
  elapsedMs: number;
  cases: number;
  events: number;
  invalid: number;
  workers: number;
  findings: number;
  maxRssKb: number;
  cpuMs: number;
  uptimeMs: number;
  /** Events per second from the middle of the run's elapsed time to its end (warm-up behind it), if the run was long enough to tell. */
  secondHalfEventsPerSec?: number;
  /** Wall time of the whole process as this harness saw it (start-up and exit included). */
  wallMs: number;
}

/**
 * The first is the base of the speed-ups; --quick leaves out the 1-worker-thread variants and
 * the CLI. `cli`: the executable as users run it (`casepath replay --ndjson FILE --workers 2
 * --json`: its main thread started from the saved V8 code, its worker bundled), where the
 * others run the library's `replayNdjson` (bench/bulk-run.js).
 */
const VARIANTS: readonly { name: string; args: readonly string[]; cli?: true }[] = [
  { name: '1 (this thread)', args: ['1'] },
  ...(ARGS.quick
    ? []
    : [
        { name: '1 worker thread', args: ['1', 'thread'] },
        { name: '2 worker threads (main reads)', args: ['2', 'thread'] },
        { name: 'the CLI, --workers 2', args: ['2'], cli: true as const },
      ]),
  // Last: the national-year line is extrapolated from it.
  { name: '2 workers (main + 1 thread)', args: ['2'] },
];

/** CPU (user + system, ms) of this process's children that have ended, from /proc (Linux); undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 (cutime, cstime), in clock ticks: 100 a second on Linux's x86 and arm.
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return undefined;
  }
}

/** One run of the executable: its own elapsed time (inside the command, as replayNdjson's), the findings checksum as bulk-run.js makes it. */
function cliRun(file: string, workers: string): BulkRun {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'bin.cjs');
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'replay', '--ndjson', file, '--workers', workers, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - t0;
  const cpu1 = childrenCpuMs();
  if (r.status !== 0) throw new Error(`casepath replay --ndjson failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const a = JSON.parse(r.stdout) as { elapsedMs: number; cases: number; events: number; invalidCases: number; workers: number; findings: Record<string, { certain: number; possible: number }> };
  return {
    elapsedMs: a.elapsedMs,
    cases: a.cases,
    events: a.events,
    invalid: a.invalidCases,
    workers: a.workers,
    findings: Object.values(a.findings).reduce((n, f) => n + f.certain * 1000 + f.possible, 0),
    maxRssKb: Number.NaN,
    cpuMs: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : Number.NaN,
    uptimeMs: wallMs,
    wallMs,
  };
}

function bulkRun(file: string, args: readonly string[]): BulkRun {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bulk-run.js');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [script, file, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bulk-run ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return { ...(JSON.parse(r.stdout) as Omit<BulkRun, 'wallMs'>), wallMs };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Parse-only (JSON.parse of every line, this thread): events per second. */
function parseRate(sizeLines: readonly string[], events: number): number {
  collect();
  const t0 = performance.now();
  for (const l of sizeLines) sink += (JSON.parse(l) as { events: unknown[] }).events.length;
  return events / ((performance.now() - t0) / 1000);
}

/** A figure, or "–" where the variant cannot measure it (the CLI's memory; CPU off Linux). */
const orDash = (x: number, f: (x: number) => string): string => (Number.isFinite(x) ? f(x) : '–');

/** The median rate of the runs' second halves over parse-only, or "–" if a run was too short to tell. */
function secondHalf(rs: readonly BulkRun[], parseMedian: number): string {
  const rates = rs.map((r) => r.secondHalfEventsPerSec);
  if (rates.some((r) => r === undefined)) return '–';
  return (median(rates as number[]) / parseMedian).toFixed(3);
}

function workersComparison(sizes: readonly number[], roundsFor: (size: number) => number): string[] {
  const dir = mkdtempSync(join(os.tmpdir(), 'casepath-bench-'));
  const out: string[] = [];
  const body: string[][] = [];
  const notes: string[] = [];
  try {
    for (const size of sizes) {
      const file = join(dir, `corpus-${size}.ndjson`);
      const sizeLines = lines.slice(0, size);
      writeFileSync(file, `${sizeLines.join('\n')}\n`);
      let events = 0;
      for (let i = 0; i < size; i++) events += eventsPerCase[i]!;
      const rounds = roundsFor(size);
      const runs: BulkRun[][] = VARIANTS.map(() => []);
      const parse: number[] = [];
      for (let r = 0; r < rounds; r++) {
        // Alternate, and rotate which variant goes first, so a noisy moment is shared out.
        for (let k = 0; k < VARIANTS.length; k++) {
          const v = (k + r) % VARIANTS.length;
          progress(`workers, ${fmtInt(size)} cases, round ${r + 1}/${rounds}: ${VARIANTS[v]!.name}…`);
          const variant = VARIANTS[v]!;
          const run = variant.cli ? cliRun(file, variant.args[0]!) : bulkRun(file, variant.args);
          if (run.events !== events || run.invalid !== 0) throw new Error(`bulk-run replayed ${run.events} events, ${run.invalid} invalid; expected ${events}`);
          runs[v]!.push(run);
        }
        parse.push(parseRate(sizeLines, events));
      }
      const findings = new Set(runs.flat().map((r) => r.findings));
      if (findings.size !== 1) throw new Error('the variants found different findings');
      const parseMedian = median(parse);
      const base = runs[0]!;
      for (let v = 0; v < VARIANTS.length; v++) {
        const rs = runs[v]!;
        const secs = median(rs.map((r) => r.elapsedMs)) / 1000;
        const paired = rs.map((r, i) => base[i]!.elapsedMs / r.elapsedMs);
        const pairedWall = rs.map((r, i) => base[i]!.wallMs / r.wallMs);
        body.push([
          v === 0 ? fmtInt(size) : '',
          v === 0 ? fmtInt(events) : '',
          VARIANTS[v]!.name,
          secs.toFixed(2),
          (median(rs.map((r) => r.wallMs)) / 1000).toFixed(2),
          fmtInt(events / secs),
          (events / secs / parseMedian).toFixed(3),
          secondHalf(rs, parseMedian),
          v === 0 ? '1' : `${median(paired).toFixed(2)} (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`,
          v === 0 ? '1' : median(pairedWall).toFixed(2),
          orDash(median(rs.map((r) => r.cpuMs)) / 1000, (x) => x.toFixed(2)),
          orDash(median(rs.map((r) => r.maxRssKb)) / 1024, fmtInt),
        ]);
      }
      const twoRuns = runs.at(-1)!;
      const two = median(twoRuns.map((r) => r.elapsedMs)) / 1000;
      // A year is this run and 650,000 − size cases more, at the rate the run had reached (its
      // second half): start-up and warm-up happen once. Scaling the whole run up (×650,000/size)
      // scales them too, and overstated the year by half against bench:national's measurement.
      const steady = twoRuns.every((r) => r.secondHalfEventsPerSec !== undefined) ? median(twoRuns.map((r) => r.secondHalfEventsPerSec!)) : undefined;
      const year = steady !== undefined && size < 650_000 ? `${(two + (events * (650_000 / size - 1)) / steady).toFixed(0)} s (the run, then the rest at its second half's rate; the whole run scaled up: ${((two * 650_000) / size).toFixed(0)} s)` : `${((two * 650_000) / size).toFixed(0)} s (the whole run scaled up)`;
      notes.push(`${fmtInt(size)} cases: parse-only ${fmtInt(parseMedian)} events/s (median of ${rounds}); national year (650,000 cases) extrapolated from 2 workers: ${year}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  out.push(`workers: 1 against 2 on the same file, alternately in one run, each run a fresh process (median of the rounds)`);
  out.push(
    ...table(['cases', 'events', 'workers', 'replay (s)', 'wall (s)', 'events/s', 'vs parse', 'vs parse, 2nd half', 'speed-up (paired, range)', 'wall speed-up', 'CPU (s)', 'max RSS (MiB)'], body),
  );
  out.push('(replay: inside replayNdjson, worker start-up included; wall: the whole process, node start-up and module load included;');
  out.push(' vs parse: events/s over single-thread JSON.parse of every line of the same file, measured between the runs; 2nd half: the same over the second half of');
  out.push(' each run (from the middle of its time to the end), with module loading and the JIT warm-up behind it; speed-up: 1 on this thread over the row, per round;');
  out.push(' CPU: user + system of the whole process, its threads included: what the workers cost beyond the work itself, whatever the load;');
  if (VARIANTS.some((v) => v.cli)) out.push(' the CLI: `casepath replay --ndjson FILE --workers 2 --json`, its own elapsed time; no second half or memory, which only bulk-run.js records)');
  else out.push(')');
  out.push(...notes);
  return out;
}

// ---------------------------------------------------------------------------
// Report

const sizes = ARGS.quick ? [Math.min(N, 10_000)] : WORKER_SIZES.filter((s) => s <= N).concat(N < WORKER_SIZES[0]! ? [N] : []);
const roundsFor = (size: number) => ARGS.rounds ?? (ARGS.quick ? 2 : size <= 10_000 ? 5 : 3);
const single = ARGS.workersOnly ? [] : singleThread();
const workerLines = workersComparison(sizes, roundsFor);
sampleRss();

const maxRssKb = process.resourceUsage().maxRSS;
const cpus = os.cpus();
const out: string[] = [];
out.push('casepath replay benchmark');
out.push(`date:    ${new Date().toISOString()}`);
out.push(`node:    ${process.version} (${process.platform} ${process.arch})`);
out.push(`cpu:     ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} cores; ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
out.push(`corpus:  ${fmtInt(N)} cases (seed ${SEED}), ${fmtInt(totalEvents)} events (${(totalEvents / N).toFixed(1)} per case), ${(ndjson.length / 1e6).toFixed(1)} MB NDJSON`);
out.push('');
if (single.length) out.push(...single, '');
out.push(...workerLines, '');
out.push(`peak RSS of this harness: ${(peakRss / 2 ** 20).toFixed(0)} MiB sampled (process.memoryUsage.rss), ${(maxRssKb / 1024).toFixed(0)} MiB maxRSS (process.resourceUsage)`);
out.push(`(checksum ${sink})`);
process.stdout.write(`${out.join('\n')}\n`);
