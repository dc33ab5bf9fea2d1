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
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createCaseMonitor, restoreCaseMonitor, type MonitorSnapshot } from '../src/monitor/index.js';
import { generateCase } from '../src/testing/corpus.js';
import type { EventInput } from '../src/schema/events.js';

function parseArgs(argv: readonly string[]): { runs: number } {
  let runs = 5_000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isSafeInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
    } else if (a === '--quick') runs = 1_000;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node dist/bench/monitor.bench.js [--runs N | --quick]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { runs };
}

const { runs } = parseArgs(process.argv.slice(2));

type Case = Record<string, unknown> & { events: Record<string, unknown>[]; children: { id: string }[] };

/**
 * A live system records an event when it happens, so it can refer only to events already
 * recorded (a report shared for a conference refers to the conference once it is held).
 * The live part of a generated case: its events up to the first that refers forward.
 */
function live(c: Case): Case {
  const ids = c.events.map((e) => String(e['id']));
  const cut = c.events.findIndex((e, i) => {
    const text = JSON.stringify({ ...e, id: undefined });
    return ids.slice(i).some((id) => text.includes(`"${id}"`));
  });
  return cut < 0 ? c : { ...c, events: c.events.slice(0, cut) };
}

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
