/**
 * Live monitor benchmark: `npm run bench` runs it after the bulk benchmark, or after a
 * build `node dist/bench/monitor.bench.js [--runs N]`.
 *
 * For synthetic cases of 10 and 20 events and the largest of 5,000 generated cases (the live part: up to the first event that refers to a later one) (src/testing/corpus.ts, exact
 * dates, as a case-management system records them): record all but the last event,
 * take a snapshot, put it through JSON, restore it, then time `check(last event)` N
 * times (default 5,000) after a warm-up, and `record` of the same event on fresh
 * restores. Prints median, p99 and max; never asserts. Target (BENCHMARKS.md): check()
 * of one event against a restored snapshot under 1 ms median.
 *
 * Then a long live case (issue 12 items 4 and 6; bench/long-case.ts), each event recorded
 * on a fresh monitor one at a time: 3,000 exact-dated events spread over days, 1,500 on one
 * day, and 300 with vague dates (relative and month) against the same 300 exact; the heap
 * after a full collection at marks, the median time of the first and last records, and the
 * vague/exact ratio in alternating rounds, warm (in this process, 21 rounds each after a full
 * collection) and cold (each kind in a fresh process, bench/live-cold.ts). `--quick` (CI): 1,000, 500 and 100 events.
 * Targets (issue 12): heap growth under 150 MB at 3,000 and under 50 MB at 1,500 on one day;
 * the last 100 records under 3× the first 100; vague under 5× exact.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { createCaseMonitor, restoreCaseMonitor, type MonitorSnapshot } from '../src/monitor/index.js';
import { generateCase } from '../src/testing/corpus.js';
import { type Case, live, longCase, vague } from './long-case.js';
import type { EventInput } from '../src/schema/events.js';

function parseArgs(argv: readonly string[]): { runs: number; quick: boolean } {
  let runs = 5_000;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isSafeInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
    } else if (a === '--quick') {
      runs = 1_000;
      quick = true;
    }
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node dist/bench/monitor.bench.js [--runs N | --quick]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { runs, quick };
}

const { runs, quick } = parseArgs(process.argv.slice(2));

/** The live part of the first generated case that has at least `n` events, cut to `n`. */
function caseOf(n: number): Case {
  for (let i = 0; i < 200_000; i++) {
    const c = live(generateCase(20261124, i) as Case);
    if (c.events.length >= n) return { ...c, events: c.events.slice(0, n) };
  }
  throw new Error(`no generated case has ${n} live events`);
}

/** The largest live part of the first `k` generated cases. */
function largest(k: number): Case {
  let best = live(generateCase(20261124, 0) as Case);
  for (let i = 1; i < k; i++) {
    const c = live(generateCase(20261124, i) as Case);
    if (c.events.length > best.events.length) best = c;
  }
  return best;
}

function quantiles(xs: number[]): { median: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p99: q(0.99), max: s[s.length - 1]! };
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

function measure(c: Case): void {
  const header = { case: String(c['case']), children: c.children, completeness: (c['completeness'] ?? 'summary') as 'summary' | 'record' };
  // Generated data, untyped: the monitor validates each event as it would a caller's.
  const events = c.events as unknown as EventInput[];
  const last = events[events.length - 1]!;
  const m = createCaseMonitor(header);
  for (const e of events.slice(0, -1)) m.record(e);
  const text = JSON.stringify(m.snapshot());
  const t0 = performance.now();
  const restored = restoreCaseMonitor(JSON.parse(text) as MonitorSnapshot);
  const restoreMs = performance.now() - t0;
  const snapshotFast = (JSON.parse(text) as MonitorSnapshot).fast;

  for (let i = 0; i < Math.min(500, runs); i++) restored.check(last);
  const checks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    restored.check(last);
    checks.push(performance.now() - s);
  }
  const records: number[] = [];
  for (let i = 0; i < Math.min(runs, 500); i++) {
    const fresh = restoreCaseMonitor(JSON.parse(text) as MonitorSnapshot);
    const s = performance.now();
    fresh.record(last);
    records.push(performance.now() - s);
  }
  const c1 = quantiles(checks);
  const r1 = quantiles(records);
  process.stdout.write(
    `  ${String(events.length).padStart(3)} events (${snapshotFast ? 'exact dates' : 'vague dates: slow path'}, snapshot ${(text.length / 1024).toFixed(1)} KiB, restore ${fmt(restoreMs)}): ` +
      `check median ${fmt(c1.median)}, p99 ${fmt(c1.p99)}, max ${fmt(c1.max)}; record median ${fmt(r1.median)}, p99 ${fmt(r1.p99)}\n`,
  );
}

process.stdout.write(`casepath monitor benchmark — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'} ×${os.cpus().length}, ${runs} checks per size\n`);
process.stdout.write('check() of one event against a restored snapshot (target: median under 1 ms)\n');
for (const n of [10, 20]) measure(caseOf(n));
measure(largest(5_000));

// ---------------------------------------------------------------------------------------
// A long live case (issue 12 items 4 and 6): one case recorded event by event, with the
// heap (after a full collection) and the time per record at the start and at the end.

/** `global.gc`, exposed at run time if node was not started with --expose-gc. */
const collect: () => void = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

function heapMiB(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const median = (xs: number[]) => quantiles(xs).median;

/** Record `events` one by one; heap at the given counts; median time of the first and last `edge` records. */
function recordLong(name: string, header: Parameters<typeof createCaseMonitor>[0], events: readonly Record<string, unknown>[], marks: readonly number[], edge: number): number {
  const before = heapMiB();
  const m = createCaseMonitor(header);
  const times: number[] = [];
  const heap: string[] = [];
  for (let i = 0; i < events.length; i++) {
    const s = performance.now();
    const r = m.record(events[i] as unknown as EventInput);
    times.push(performance.now() - s);
    if (!r.recorded) throw new Error(`${name}: event ${i} not recorded`);
    if (marks.includes(i + 1)) {
      const grown = heapMiB() - before;
      heap.push(`${i + 1}: ${grown < 0 ? '' : '+'}${grown.toFixed(1)} MiB`);
    }
  }
  const total = times.reduce((a, b) => a + b, 0);
  const first = median(times.slice(0, edge));
  const last = median(times.slice(-edge));
  process.stdout.write(
    `  ${name}: ${events.length} records in ${(total / 1000).toFixed(2)} s; per record, median of the first ${edge} ${fmt(first)}, of the last ${edge} ${fmt(last)} (×${(last / first).toFixed(2)}); heap ${heap.join(', ')}\n`,
  );
  return total;
}

{
  const exactN = quick ? 1_000 : 3_000;
  const dayN = quick ? 500 : 1_500;
  const vagueN = quick ? 100 : 300;
  process.stdout.write(`\na long live case, recorded one event at a time (heap after a full GC, growth since the monitor was created; the time of heap measurement excluded from the per-record figures)\n`);
  const spread = longCase(exactN, false);
  recordLong('exact dates, spread over days', spread.header, spread.events, [100, 1_000, 2_000, 3_000].filter((k) => k <= exactN), 100);
  const day = longCase(dayN, true);
  recordLong('every event on one day', day.header, day.events, [100, 500, 1_000, 1_500].filter((k) => k <= dayN), 100);
  const exactShort = spread.events.slice(0, vagueN);
  const e = recordLong(`${vagueN} exact (for comparison)`, spread.header, exactShort, [vagueN], 50);
  const v = recordLong(`${vagueN} vague (relative and month dates)`, spread.header, vague(exactShort), [vagueN], 50);
  // The first runs pay for warming up (and for the holiday tables of years first reached):
  // the ratio is measured again in alternating rounds, each a fresh monitor, and the median taken.
  const ratios: number[] = [v / e];
  const vagueEvents = vague(exactShort);
  const timed = (evs: readonly Record<string, unknown>[]) => {
    const m = createCaseMonitor(spread.header);
    const t = performance.now();
    for (const x of evs) m.record(x as unknown as EventInput);
    return performance.now() - t;
  };
  // A round of 300 exact records takes about 10 ms, so one collection or tier-up moves its
  // ratio by several times (×1.6 to ×10 in five rounds, 2026-12-07): 21 rounds, each after a
  // full collection, and the median and quartiles given.
  for (let r = 0; r < (quick ? 5 : 21); r++) {
    collect();
    const a = timed(exactShort);
    collect();
    ratios.push(timed(vagueEvents) / a);
  }
  const rounds = ratios.slice(1).sort((x, y) => x - y);
  const q = (f: number) => rounds[Math.min(rounds.length - 1, Math.floor(f * rounds.length))]!;
  process.stdout.write(`  vague / exact, whole case: ×${(v / e).toFixed(2)} in the runs above; in ${rounds.length} alternating rounds median ×${median(rounds).toFixed(2)} (quartiles ×${q(0.25).toFixed(2)}–×${q(0.75).toFixed(2)}, all ×${rounds[0]!.toFixed(2)}–×${rounds.at(-1)!.toFixed(2)})\n`);
  // "The runs above" follow thousands of exact records (the exact path is warm, the date
  // solver's is not): cold against cold, each kind in a fresh process, alternately.
  const script = fileURLToPath(new URL('./live-cold.js', import.meta.url));
  const cold = (kind: string): number => {
    const r = spawnSync(process.execPath, [script, kind, String(vagueN)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`live-cold ${kind} failed: ${r.stderr.slice(0, 300)}`);
    return (JSON.parse(r.stdout) as { ms: number }).ms;
  };
  const coldRatios: number[] = [];
  for (let r = 0; r < (quick ? 3 : 5); r++) {
    const a = cold('exact');
    coldRatios.push(cold('vague') / a);
  }
  process.stdout.write(`  vague / exact, each cold in a fresh process: ${coldRatios.map((r) => `×${r.toFixed(2)}`).join(', ')}, median ×${median(coldRatios).toFixed(2)}\n`);
}
