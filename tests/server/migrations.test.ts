/**
 * Versioned migrations, on both stores: a store of version 1 — the tables exactly as
 * the first release of the service created them (the DDL below is a frozen copy), with
 * a case, its events and its open clocks in them — is opened by this casepath and
 * upgraded, keeping every row; a failing migration leaves the store as it was; a store
 * from a newer casepath is refused; an old casepath (which reads casepath_meta.schema)
 * would refuse an upgraded one.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCasepathApp } from '../../src/server/app.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, NewerSchemaError, schemaVersions } from '../../src/server/migrations.js';
import { appendResultSchema, caseViewSchema, upcomingSchema } from '../../src/server/openapi.js';
import { type Store, toSqlite } from '../../src/server/store.js';
import { createPostgresStore } from '../../src/server/store-postgres.js';
import { createSqliteStore } from '../../src/server/store-sqlite.js';
import { POSTGRES_URL, TOKEN, auth, dropSchema, evidencedS47, jsonAuth, tempDir } from './support.js';

/** The DDL of casepath's first service release (schema version 1), frozen here. */
const V1_SCHEMA_SQL: readonly string[] = [
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

/** Raw SQL on a database, outside casepath (the "old code" writing its version-1 rows). */
interface Raw {
  exec(sql: string, params?: unknown[]): Promise<void>;
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

interface Kind {
  name: string;
  skip?: string;
  /** A fresh empty database: raw access to it, and casepath stores on it. */
  make(): Promise<{ raw(): Promise<Raw>; open(migrations?: typeof MIGRATIONS): Promise<Store>; cleanup(): Promise<void> }>;
}

let n = 0;
const KINDS: Kind[] = [
  {
    name: 'sqlite',
    async make() {
      const tmp = tempDir();
      const file = join(tmp.dir, 'v1.db');
      return {
        async raw() {
          const db = new Database(file);
          // As version 1 opened it.
          db.pragma('journal_mode = WAL');
          return {
            async exec(sql, params = []) {
              if (!params.length) return void db.exec(sql);
              const t = toSqlite(sql);
              db.prepare(t.sql).run(...t.order.map((i) => params[i]));
            },
            async rows(sql, params = []) {
              const t = toSqlite(sql);
              return db.prepare(t.sql).all(...t.order.map((i) => params[i])) as Record<string, unknown>[];
            },
            async close() {
              db.close();
            },
          };
        },
        open: (migrations) => createSqliteStore(file, migrations ? { migrations } : {}),
        async cleanup() {
          tmp.remove();
        },
      };
    },
  },
  {
    name: 'postgres',
    ...(POSTGRES_URL ? {} : { skip: 'CASEPATH_TEST_POSTGRES is not set' }),
    async make() {
      const schema = `casepath_migrate_${process.pid}_${n++}`;
      return {
        async raw() {
          const client = new pg.Client({ connectionString: POSTGRES_URL!, options: `-c search_path=${schema}` });
          await client.connect();
          await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
          return {
            async exec(sql, params = []) {
              await client.query(sql, params);
            },
            async rows(sql, params = []) {
              return (await client.query(sql, params)).rows as Record<string, unknown>[];
            },
            async close() {
              await client.end();
            },
          };
        },
        open: (migrations) => createPostgresStore(POSTGRES_URL!, { schema, max: 2, ...(migrations ? { migrations } : {}) }),
        cleanup: () => dropSchema(schema),
      };
    },
  },
];

const HEADER = { case: 'old-1', completeness: 'record', children: [{ id: 'A' }] };

/** A version-1 store as the first release left it: tables, meta, one case with four events and its open clocks. */
async function writeVersion1(raw: Raw): Promise<void> {
  for (const ddl of V1_SCHEMA_SQL) await raw.exec(ddl);
  await raw.exec("INSERT INTO casepath_meta (key, value) VALUES ('schema', '1')");
  const now = '2024-03-05T10:00:00.000Z';
  const events = evidencedS47();
  await raw.exec('INSERT INTO cases (id, header, version, event_count, snapshot, snapshot_count, created_at, updated_at) VALUES ($1, $2, $3, $4, NULL, 0, $5, $5)', [
    'old-1',
    JSON.stringify(HEADER),
    2,
    events.length,
    now,
  ]);
  for (const [i, e] of events.entries()) {
    await raw.exec('INSERT INTO events (case_id, seq, event_id, body, recorded_at) VALUES ($1, $2, $3, $4, $5)', ['old-1', i + 1, e['id'], JSON.stringify(e), now]);
  }
  // The ICPC clock the strategy discussion started: due 2024-03-26 (day 19808).
  await raw.exec('INSERT INTO deadlines (case_id, n, rule, clock, label, children, started_by, due_earliest, due_latest) VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $7)', [
    'old-1',
    'icpc-late',
    'sd:A',
    'ICPC within 15 working days of the strategy discussion',
    '["A"]',
    'sd',
    19808,
  ]);
}

for (const kind of KINDS) {
  if (kind.skip) console.info(`tests/server/migrations.test.ts: ${kind.name} variant skipped: ${kind.skip}`);
  (kind.skip ? describe.skip : describe)(`migrations on ${kind.name}`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    const opened: Store[] = [];
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await cleanup?.();
    });

    it('upgrades a version-1 store: every row kept, the new schema version recorded, new events carry their request id', async () => {
      const db = await kind.make();
      cleanup = db.cleanup;
      const raw = await db.raw();
      await writeVersion1(raw);

      const store = await db.open();
      opened.push(store);
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(store.migrated).toEqual(MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version));
      const versions = await store.read((tx) => schemaVersions(tx.connection));
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await store.read((tx) => tx.meta('schema'))).toBe(String(LATEST_SCHEMA_VERSION));

      const { app, service } = createCasepathApp({ store, token: TOKEN });
      await service.init();
      const view = caseViewSchema.parse(await (await app.request('/cases/old-1?asOf=2024-03-15', { headers: auth })).json());
      expect(view.events).toEqual(evidencedS47());
      expect(view.version).toBe(2);
      expect(view.states.childProtection['A']).toBe('s47');
      const due = upcomingSchema.parse(await (await app.request('/deadlines?asOf=2024-03-15&within=10wd', { headers: auth })).json());
      expect(due.deadlines.find((d) => d.rule === 'icpc-late')).toMatchObject({ case: 'old-1', due: { earliest: '2024-03-26' } });

      const res = await app.request('/cases/old-1/events', { method: 'POST', headers: jsonAuth, body: JSON.stringify({ id: 'v1', type: 'home.visited', at: '2024-03-06' }) });
      expect(res.status).toBe(201);
      expect(appendResultSchema.parse(await res.json()).version).toBe(3);
      expect(await store.read((tx) => tx.eventRequestIds('old-1'))).toEqual([
        ...evidencedS47().map((e) => ({ eventId: e['id'], requestId: null })),
        { eventId: 'v1', requestId: res.headers.get('x-request-id') },
      ]);
      // The old rows, read outside casepath, are untouched.
      const rows = await raw.rows('SELECT event_id, body FROM events WHERE case_id = $1 ORDER BY seq', ['old-1']);
      expect(rows.slice(0, 4).map((r) => JSON.parse(String(r['body'])))).toEqual(evidencedS47());
      await raw.close();

      // Opening again migrates nothing.
      const again = await db.open();
      opened.push(again);
      expect(again.migrated).toEqual([]);
      expect(again.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    });

    it('creates a new store at the latest version in one go', async () => {
      const db = await kind.make();
      cleanup = db.cleanup;
      const store = await db.open();
      opened.push(store);
      expect(store.migrated).toEqual(MIGRATIONS.map((m) => m.version));
      expect((await store.read((tx) => schemaVersions(tx.connection))).map((v) => v.name)).toEqual(MIGRATIONS.map((m) => m.name));
    });

    it('rolls a failing migration back whole: the store stays at the version it had', async () => {
      const db = await kind.make();
      cleanup = db.cleanup;
      const raw = await db.raw();
      await writeVersion1(raw);
      const broken = [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', statements: ['CREATE TABLE half_done (x INTEGER)', 'THIS IS NOT SQL'] }];
      await expect(db.open(broken)).rejects.toThrow();
      // Nothing of it stayed: not the version-2 column, not the version table's rows, not the half-made table.
      expect(await raw.rows("SELECT value FROM casepath_meta WHERE key = 'schema'")).toEqual([{ value: '1' }]);
      await expect(raw.rows('SELECT request_id FROM events')).rejects.toThrow();
      if (kind.name === 'postgres') {
        await raw.close();
      }
      const raw2 = kind.name === 'postgres' ? await db.raw() : raw;
      await expect(raw2.rows('SELECT x FROM half_done')).rejects.toThrow();
      await raw2.close();
      // and the real migrations still apply afterwards
      const store = await db.open();
      opened.push(store);
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    });

    it('refuses a store written by a newer casepath', async () => {
      const db = await kind.make();
      cleanup = db.cleanup;
      const store = await db.open();
      await store.transaction(async (tx) => {
        await tx.connection.run("INSERT INTO casepath_schema_version (version, name, applied_at) VALUES ($1, 'from the future', '2030-01-01')", [LATEST_SCHEMA_VERSION + 5]);
      });
      await store.close();
      const err = await db.open().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(NewerSchemaError);
      expect((err as Error).message).toMatch(new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 5}; this casepath knows versions up to ${LATEST_SCHEMA_VERSION}`));
    });
  });
}
