/**
 * Versioned migrations of the service's tables, for SQLite and PostgreSQL alike: an
 * ordered list of steps, each a few statements valid in both, applied at start in one
 * transaction (all or nothing) and recorded in `casepath_schema_version` (version, name,
 * when applied). A store of version 1 (casepath before this table existed) is
 * recognised by `casepath_meta.schema = '1'` and upgraded from there. After a run,
 * `casepath_meta.schema` holds the latest version too, so an older casepath, which
 * reads only that key, refuses a store newer than itself instead of writing to it.
 *
 * A new migration is appended with the next version; a released one is never edited.
 */
import type { SqlConnection } from './store.js';

export interface Migration {
  version: number;
  /** What it does, in a few words (stored with it). */
  name: string;
  statements: readonly string[];
}

/** Version 1: the tables exactly as the first release of the service created them. */
const V1: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS casepath_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS cases (
    id TEXT PRIMARY KEY,
    header TEXT NOT NULL,
    version INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    snapshot TEXT,
    snapshot_count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS events (
    case_id TEXT NOT NULL REFERENCES cases (id),
    seq INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    body TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (case_id, seq),
    UNIQUE (case_id, event_id)
  )`,
  `CREATE TABLE IF NOT EXISTS deadlines (
    case_id TEXT NOT NULL REFERENCES cases (id),
    n INTEGER NOT NULL,
    rule TEXT NOT NULL,
    clock TEXT NOT NULL,
    label TEXT NOT NULL,
    children TEXT NOT NULL,
    started_by TEXT NOT NULL,
    due_earliest INTEGER NOT NULL,
    due_latest INTEGER NOT NULL,
    PRIMARY KEY (case_id, n)
  )`,
  `CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines (due_earliest)`,
];

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'cases, events, deadlines and casepath_meta', statements: V1 },
  {
    version: 2,
    // The log line of a request holds its request id and never its content; the stored
    // event holds its content and now the id of the request that recorded it.
    name: 'events.request_id: the request that recorded each event, to match it with its log line',
    statements: ['ALTER TABLE events ADD COLUMN request_id TEXT'],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The migrator's own table (not a migration: it must exist to record the first one). */
const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS casepath_schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;
/** Identical to version 1's, so creating it first changes nothing of a version-1 store. */
const META_TABLE = V1[0]!;

/** The store was written by a newer casepath. */
export class NewerSchemaError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(`the database has casepath schema version ${found}; this casepath knows versions up to ${known}: upgrade casepath`);
    this.name = 'NewerSchemaError';
  }
}

export interface MigrationRun {
  /** The version found (0: an empty database). */
  from: number;
  to: number;
  applied: number[];
}

/**
 * Bring the tables to the latest version. Call inside one transaction (the caller
 * begins and commits it, holding whatever lock keeps two instances from migrating at
 * once), so a failing step leaves the store as it was.
 */
export async function migrate(db: SqlConnection, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationRun> {
  checkOrder(migrations);
  const latest = migrations[migrations.length - 1]!.version;
  await db.run(VERSION_TABLE);
  await db.run(META_TABLE);
  const recorded = await db.all<{ v: unknown }>('SELECT MAX(version) AS v FROM casepath_schema_version');
  let from = recorded[0]?.v == null ? 0 : Number(recorded[0]!.v);
  if (from === 0) {
    const legacy = await db.all<{ value: string }>("SELECT value FROM casepath_meta WHERE key = 'schema'");
    if (legacy[0]) {
      from = Number(legacy[0].value);
      if (!Number.isSafeInteger(from) || from < 1) throw new Error(`the database's casepath_meta gives the schema version as "${legacy[0].value.slice(0, 20)}", not a version number`);
      if (from > latest) throw new NewerSchemaError(from, latest);
      // A store from before this table: record the versions it already has.
      for (const m of migrations.filter((m) => m.version <= from)) await record(db, m);
    }
  }
  if (from > latest) throw new NewerSchemaError(from, latest);
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= from) continue;
    for (const sql of m.statements) await db.run(sql);
    await record(db, m);
    applied.push(m.version);
  }
  await db.run("INSERT INTO casepath_meta (key, value) VALUES ('schema', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(latest)]);
  return { from, to: latest, applied };
}

/** The versions recorded, oldest first (for tests and diagnostics). */
export async function schemaVersions(db: SqlConnection): Promise<{ version: number; name: string; appliedAt: string }[]> {
  const rows = await db.all<Record<string, unknown>>('SELECT version, name, applied_at FROM casepath_schema_version ORDER BY version');
  return rows.map((r) => ({ version: Number(r['version']), name: String(r['name']), appliedAt: String(r['applied_at']) }));
}

async function record(db: SqlConnection, m: Migration): Promise<void> {
  await db.run('INSERT INTO casepath_schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
}

function checkOrder(migrations: readonly Migration[]): void {
  if (migrations.length === 0) throw new Error('no migrations');
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i + 1} has version ${m.version}: versions run 1, 2, 3... in order`);
  });
}
