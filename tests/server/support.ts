/**
 * Helpers for the service tests: the stores the app suite runs over (a temp SQLite
 * file always; PostgreSQL when CASEPATH_TEST_POSTGRES holds a connection URL, each
 * store in its own schema, dropped afterwards), requests with the token, valid event
 * streams, and the CLI process (`node dist/src/cli/bin.js serve`, so `npm run build`
 * first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type LogLevel, type Logger, createLogger } from '../../src/server/log.js';
import type { Store } from '../../src/server/store.js';
import { createSqliteStore } from '../../src/server/store-sqlite.js';
import { createPostgresStore } from '../../src/server/store-postgres.js';

/** At least 32 characters: the service refuses shorter tokens. */
export const TOKEN = 'test-token-0123456789abcdef-0123456789';
export const POSTGRES_URL = process.env['CASEPATH_TEST_POSTGRES'];
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'dist/src/cli/bin.js');

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  /** Why this kind is skipped, if it is. */
  skip?: string;
  /** A fresh, empty database; `again()` opens a second store on the same one (another instance). */
  create(): Promise<{ store: Store; again(): Promise<Store>; cleanup(): Promise<void> }>;
}

let schemaCount = 0;

export const STORE_KINDS: StoreKind[] = [
  {
    name: 'sqlite',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'casepath-server-'));
      const file = join(dir, 'cases.db');
      const opened: Store[] = [];
      const open = async () => {
        const s = await createSqliteStore(file);
        opened.push(s);
        return s;
      };
      return {
        store: await open(),
        again: open,
        async cleanup() {
          for (const s of opened) await s.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    ...(POSTGRES_URL ? {} : { skip: 'CASEPATH_TEST_POSTGRES is not set (eval "$(.ci/postgres.sh)" to run the PostgreSQL variant)' }),
    async create() {
      const schema = `casepath_test_${process.pid}_${Date.now().toString(36)}_${schemaCount++}`;
      const opened: Store[] = [];
      const open = async () => {
        const s = await createPostgresStore(POSTGRES_URL!, { schema, max: 4 });
        opened.push(s);
        return s;
      };
      return {
        store: await open(),
        again: open,
        async cleanup() {
          for (const s of opened) await s.close();
          await dropSchema(schema);
        },
      };
    },
  },
];

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL! });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A pino logger writing its JSON lines into `lines` (parsed), as `casepath serve` writes them to stdout. */
export async function memoryLogger(level: LogLevel = 'info'): Promise<{ logger: Logger; lines: Record<string, unknown>[]; raw: string[] }> {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = await createLogger({
    level,
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines, raw };
}

export const auth = { authorization: `Bearer ${TOKEN}` };
export const jsonAuth = { ...auth, 'content-type': 'application/json' };

/** Events for one child A: an observed concern, then a strategy discussion deciding s47 on it (starts the ICPC clock). */
export function evidencedS47(day = '2024-03-04', next = '2024-03-05'): Record<string, unknown>[] {
  return [
    { id: 'ref', type: 'referral.received', at: day, from: 'school' },
    { id: 'c1', type: 'concern.raised', at: day, concern: 'k1', kind: 'physical-harm', basis: 'observed', by: 'school' },
    { id: 'dec', type: 'referral.decided', at: day, outcome: 'strategy-discussion' },
    { id: 'sd', type: 'strategy.held', at: next, decision: 's47', participants: ['social-care', 'police', 'health'], reliesOn: ['k1'] },
  ];
}

/** An s47 decision resting on hearsay alone: escalation-without-evidence refuses it in enforce mode. */
export function hearsayS47(day = '2024-03-04', next = '2024-03-05'): Record<string, unknown>[] {
  return [
    { id: 'h1', type: 'concern.raised', at: day, concern: 'kh', kind: 'neglect', basis: 'hearsay', note: 'A neighbour said so (free text: never logged)' },
    { id: 'hs', type: 'strategy.held', at: next, decision: 's47', participants: ['social-care', 'police', 'health'], reliesOn: ['kh'] },
  ];
}

const START = Date.UTC(2024, 0, 1) / 86_400_000;
const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * A long valid stream of events for one case with child A, one a day from 2024-01-01:
 * visits, concerns (observed), correspondence and its answers, commitments kept,
 * workers allocated. Deterministic for a prefix.
 */
export function eventStream(prefix: string, n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${i}`;
    const at = iso(START + i);
    switch (i % 8) {
      case 0:
        out.push({ id, type: 'home.visited', at });
        break;
      case 1:
        out.push({ id, type: 'concern.raised', at, concern: `${prefix}-k${i}`, kind: 'neglect', basis: 'observed', by: 'school' });
        break;
      case 2:
        out.push({ id, type: 'child.seen', at, alone: true });
        break;
      case 3:
        out.push({ id, type: 'correspondence.received', at, from: 'parent' });
        break;
      case 4:
        out.push({ id, type: 'correspondence.answered', at, correspondence: `${prefix}-${i - 1}` });
        break;
      case 5:
        out.push({ id, type: 'commitment.made', at, what: 'a call back', due: 'P5D' });
        break;
      case 6:
        out.push({ id, type: 'commitment.kept', at, commitment: `${prefix}-${i - 1}` });
        break;
      default:
        out.push({ id, type: 'worker.allocated', at, worker: `w${i % 3}` });
    }
  }
  return out;
}

/** A temp directory, removed by the returned function. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'casepath-serve-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function builtCli(): boolean {
  return existsSync(BIN) && existsSync(join(ROOT, 'dist/src/server/app.js'));
}

export interface Server {
  proc: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Start `casepath serve` on a free port and wait for its start line. */
export function startServer(args: string[], env: Record<string, string> = {}): Promise<Server> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, CASEPATH_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8');
  proc.stderr!.setEncoding('utf8');
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line within 20 s; stderr: ${err}`)), 20_000);
    proc.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, stdout: () => out, stderr: () => err, exited });
      }
    });
    proc.stderr!.on('data', (chunk: string) => (err += chunk));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening; stderr: ${err}`));
    });
  });
}
