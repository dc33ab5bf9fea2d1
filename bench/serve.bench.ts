/**
 * Load test of the HTTP service: `npm run bench:serve` (builds first), or after a build
 * `node dist/bench/serve.bench.js [--appends N] [--concurrency C] [--cases K]`.
 *
 * Starts `casepath serve` (the built CLI, a separate process) on 127.0.0.1 and a free
 * port with a temp SQLite file, creates K cases (default 100), then sends N appends
 * (default 2,000; one event per POST) from C concurrent clients (default 8), each
 * client owning its own cases so each case's events arrive in order. Prints appends
 * per second and the latency percentiles seen by the clients, then the same for
 * PostgreSQL when CASEPATH_TEST_POSTGRES holds a connection URL (in a schema of its
 * own, dropped afterwards). Every append is a committed transaction (SQLite:
 * WAL, synchronous=FULL). Loopback only; stops by itself; prints figures, never asserts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
// The service refuses tokens shorter than 32 characters.
const TOKEN = 'bench-token-0123456789-0123456789abcdef';

interface Options {
  appends: number;
  concurrency: number;
  cases: number;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { appends: 2000, concurrency: 8, cases: 100 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node dist/bench/serve.bench.js [--appends N] [--concurrency C] [--cases K]\n');
      process.exit(0);
    }
    const key = a.replace(/^--/, '') as keyof Options;
    if (!(key in o)) throw new Error(`unknown option ${a}`);
    const v = Number(argv[++i]);
    if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
    o[key] = v;
  }
  o.cases = Math.max(o.cases, o.concurrency);
  return o;
}

const START = Date.UTC(2024, 0, 1) / 86_400_000;
const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** The i-th event of a case: a realistic mix, one a day, every one valid after the ones before. */
function eventOf(c: string, i: number): Record<string, unknown> {
  const id = `${c}-${i}`;
  const at = iso(START + i);
  switch (i % 8) {
    case 0:
      return { id, type: 'home.visited', at };
    case 1:
      return { id, type: 'concern.raised', at, concern: `${c}-k${i}`, kind: 'neglect', basis: 'observed', by: 'school' };
    case 2:
      return { id, type: 'child.seen', at, alone: true };
    case 3:
      return { id, type: 'correspondence.received', at, from: 'parent' };
    case 4:
      return { id, type: 'correspondence.answered', at, correspondence: `${c}-${i - 1}` };
    case 5:
      return { id, type: 'commitment.made', at, what: 'a call back', due: 'P5D' };
    case 6:
      return { id, type: 'commitment.kept', at, commitment: `${c}-${i - 1}` };
    default:
      return { id, type: 'outcome.shared', at, of: `${c}-k${i - 6}`, with: 'parent' };
  }
}

interface Running {
  proc: ChildProcess;
  url: string;
  exited: Promise<number | string>;
}

function start(args: string[]): Promise<Running> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--token', TOKEN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let out = '';
  let err = '';
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise((resolve, reject) => {
    proc.stdout!.setEncoding('utf8').on('data', (c: string) => {
      if (out.length < 4096) out += c; // the request log is drained and dropped
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && out.length < 8192) {
        out += ' '.repeat(8192); // resolve once
        resolve({ proc, url: m[1]!, exited });
      }
    });
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function run(label: string, args: string[], o: Options): Promise<void> {
  const server = await start(args);
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const caseIds = Array.from({ length: o.cases }, (_, i) => `bench-${i}`);
  for (const c of [...caseIds, 'warm']) {
    const r = await fetch(`${server.url}/cases/${c}`, { method: 'PUT', headers, body: JSON.stringify({ children: [{ id: 'A' }] }) });
    if (r.status !== 201) throw new Error(`PUT ${c}: ${r.status}`);
  }
  const append = async (c: string, i: number) => {
    const t = performance.now();
    const r = await fetch(`${server.url}/cases/${c}/events`, { method: 'POST', headers, body: JSON.stringify(eventOf(c, i)) });
    await r.arrayBuffer();
    if (r.status !== 201) throw new Error(`POST ${c} #${i}: ${r.status}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 100; i++) await append('warm', i); // warm-up, not measured

  // Client k owns cases k, k+C, k+2C, ...; it sends their events round-robin, each case in order.
  const perClient = Array.from({ length: o.concurrency }, (_, k) => caseIds.filter((_, i) => i % o.concurrency === k));
  const quota = Array.from({ length: o.concurrency }, (_, k) => Math.floor(o.appends / o.concurrency) + (k < o.appends % o.concurrency ? 1 : 0));
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    perClient.map(async (cases, k) => {
      const next = new Map(cases.map((c) => [c, 0]));
      for (let n = 0; n < quota[k]!; n++) {
        const c = cases[n % cases.length]!;
        const i = next.get(c)!;
        next.set(c, i + 1);
        latencies.push(await append(c, i));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;

  const reads: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const r = await fetch(`${server.url}/deadlines?within=10wd&asOf=2024-01-15`, { headers });
    await r.arrayBuffer();
    reads.push(performance.now() - t);
  }
  server.proc.kill('SIGTERM');
  await server.exited;

  latencies.sort((a, b) => a - b);
  reads.sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1);
  process.stdout.write(
    `${label}: ${latencies.length} appends (${o.cases} cases, ~${Math.round(latencies.length / o.cases)} events each) from ${o.concurrency} clients in ${seconds.toFixed(2)} s = ${Math.round(latencies.length / seconds)} appends/s\n` +
      `  append latency ms: p50 ${f(percentile(latencies, 50))}, p90 ${f(percentile(latencies, 90))}, p99 ${f(percentile(latencies, 99))}, max ${f(latencies.at(-1)!)}\n` +
      `  GET /deadlines?within=10wd (all cases) ms: p50 ${f(percentile(reads, 50))}, p99 ${f(percentile(reads, 99))}\n`,
  );
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  process.stdout.write(`casepath serve load test — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), loopback\n`);
  const dir = mkdtempSync(join(os.tmpdir(), 'casepath-bench-'));
  try {
    await run('sqlite (WAL, synchronous=FULL)', ['--db', join(dir, 'bench.db')], o);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env['CASEPATH_TEST_POSTGRES'];
  if (!url) {
    process.stdout.write('postgres: skipped (set CASEPATH_TEST_POSTGRES, e.g. eval "$(.ci/postgres.sh)")\n');
    return;
  }
  const schema = `casepath_bench_${process.pid}`;
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  try {
    await run('postgres', ['--database', u.toString()], o);
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`serve bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
