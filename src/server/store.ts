/**
 * The service's storage: one interface, two databases (embedded SQLite, PostgreSQL),
 * one SQL text. Statements are written once, here, with `$1` placeholders and
 * PostgreSQL's `FOR UPDATE`; the SQLite driver translates placeholders and drops the
 * lock clause (SQLite serialises writers with `BEGIN IMMEDIATE` instead).
 *
 * Tables:
 * - `cases`: one row per case — its header (JSON), a `version` bumped by every change
 *   (what an in-process cache is checked against), the number of events, and a
 *   monitor snapshot with the event count it was taken at;
 * - `events`: the events as received (JSON), numbered per case, unique per case and
 *   event id (the database's own guard against a duplicate), with the id of the
 *   request that recorded each;
 * - `deadlines`: each case's open statutory clocks, rewritten in the transaction of
 *   every change to the case, so "what is due across all cases" is one indexed query;
 * - `casepath_meta`: key/value (schema version; the rules configuration the deadlines
 *   were computed with);
 * - `casepath_schema_version`: the migrations applied (./migrations.ts).
 *
 * Everything a request changes is written in one transaction, committed before the
 * response is sent.
 */
import type { CaseHeader } from '../monitor/types.js';
import { LATEST_SCHEMA_VERSION } from './migrations.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** The minimum a database driver provides: statements with `$n` placeholders. */
export interface SqlConnection {
  all<R extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
}

export interface CaseRow {
  id: string;
  header: CaseHeader;
  version: number;
  eventCount: number;
  /** A monitor snapshot (JSON) taken after `snapshotCount` events, if any. */
  snapshot?: string;
  snapshotCount: number;
}

export interface EventRow {
  seq: number;
  eventId: string;
  body: Record<string, unknown>;
}

export interface DeadlineRow {
  caseId: string;
  rule: string;
  clock: string;
  label: string;
  children: string[];
  startedBy: string;
  /** Day numbers (days since 1970-01-01). */
  dueEarliest: number;
  dueLatest: number;
}

export interface Store {
  readonly kind: DatabaseKind;
  /** For the start-up line: the file, or the URL without its password. */
  readonly location: string;
  /** A trivial query (health check). */
  ping(): Promise<void>;
  /** Run `fn` in one read-write transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** The schema version of the tables (after the migrations run at open). */
  readonly schemaVersion: number;
  /** The migrations applied when this store was opened (empty when it was up to date). */
  readonly migrated: readonly number[];
  /** Run `fn` in a read-only transaction (one consistent view). */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The latest schema version, as text (what `casepath_meta.schema` holds). Migrations: ./migrations.ts. */
export const SCHEMA_VERSION = String(LATEST_SCHEMA_VERSION);

type Row = Record<string, unknown>;

/** Every statement the service runs, on one connection inside one transaction. */
export class StoreTx {
  constructor(private readonly db: SqlConnection) {}

  /** A statement with no result (DDL). */
  async exec(sql: string): Promise<void> {
    await this.db.run(sql);
  }

  async meta(key: string): Promise<string | undefined> {
    const rows = await this.db.all<{ value: string }>('SELECT value FROM casepath_meta WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db.run('INSERT INTO casepath_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  /** The case row; with `lock`, locked until the transaction ends (PostgreSQL `FOR UPDATE`). */
  async getCase(id: string, lock: boolean): Promise<CaseRow | undefined> {
    const sql = 'SELECT id, header, version, event_count, snapshot, snapshot_count FROM cases WHERE id = $1';
    const rows = await this.db.all<Row>(lock ? `${sql} FOR UPDATE` : sql, [id]);
    const r = rows[0];
    if (!r) return undefined;
    return {
      id: String(r['id']),
      header: JSON.parse(String(r['header'])) as CaseHeader,
      version: Number(r['version']),
      eventCount: Number(r['event_count']),
      ...(r['snapshot'] != null ? { snapshot: String(r['snapshot']) } : {}),
      snapshotCount: Number(r['snapshot_count']),
    };
  }

  /** Insert a new case (version 1, no events); false when it already exists. */
  async insertCase(id: string, header: CaseHeader): Promise<boolean> {
    const now = new Date().toISOString();
    const rows = await this.db.all<Row>(
      'INSERT INTO cases (id, header, version, event_count, snapshot, snapshot_count, created_at, updated_at) VALUES ($1, $2, 1, 0, NULL, 0, $3, $3) ON CONFLICT (id) DO NOTHING RETURNING id',
      [id, JSON.stringify(header), now],
    );
    return rows.length === 1;
  }

  /** `snapshot`: a new one, `null` to drop the stored one, absent to keep it. */
  async updateCase(id: string, change: { header: CaseHeader; version: number; eventCount: number; snapshot?: { json: string; count: number } | null }): Promise<void> {
    const now = new Date().toISOString();
    if (change.snapshot !== undefined) {
      await this.db.run(
        'UPDATE cases SET header = $2, version = $3, event_count = $4, snapshot = $5, snapshot_count = $6, updated_at = $7 WHERE id = $1',
        [id, JSON.stringify(change.header), change.version, change.eventCount, change.snapshot?.json ?? null, change.snapshot?.count ?? 0, now],
      );
    } else {
      await this.db.run('UPDATE cases SET header = $2, version = $3, event_count = $4, updated_at = $5 WHERE id = $1', [
        id,
        JSON.stringify(change.header),
        change.version,
        change.eventCount,
        now,
      ]);
    }
  }

  async caseIds(): Promise<string[]> {
    const rows = await this.db.all<Row>('SELECT id FROM cases ORDER BY id');
    return rows.map((r) => String(r['id']));
  }

  async events(caseId: string): Promise<EventRow[]> {
    const rows = await this.db.all<Row>('SELECT seq, event_id, body FROM events WHERE case_id = $1 ORDER BY seq', [caseId]);
    return rows.map((r) => ({ seq: Number(r['seq']), eventId: String(r['event_id']), body: JSON.parse(String(r['body'])) as Record<string, unknown> }));
  }

  /** `requestId`: the request that recorded it (the id its log line carries). */
  async insertEvent(caseId: string, seq: number, eventId: string, body: Record<string, unknown>, requestId?: string): Promise<void> {
    await this.db.run('INSERT INTO events (case_id, seq, event_id, body, recorded_at, request_id) VALUES ($1, $2, $3, $4, $5, $6)', [
      caseId,
      seq,
      eventId,
      JSON.stringify(body),
      new Date().toISOString(),
      requestId ?? null,
    ]);
  }

  /** The request id each event was recorded by (null for events from before schema version 2). */
  async eventRequestIds(caseId: string): Promise<{ eventId: string; requestId: string | null }[]> {
    const rows = await this.db.all<Row>('SELECT event_id, request_id FROM events WHERE case_id = $1 ORDER BY seq', [caseId]);
    return rows.map((r) => ({ eventId: String(r['event_id']), requestId: r['request_id'] == null ? null : String(r['request_id']) }));
  }

  /** The connection itself (migrations). */
  get connection(): SqlConnection {
    return this.db;
  }

  async replaceDeadlines(caseId: string, rows: readonly Omit<DeadlineRow, 'caseId'>[]): Promise<void> {
    await this.db.run('DELETE FROM deadlines WHERE case_id = $1', [caseId]);
    let n = 0;
    for (const d of rows) {
      await this.db.run(
        'INSERT INTO deadlines (case_id, n, rule, clock, label, children, started_by, due_earliest, due_latest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [caseId, n++, d.rule, d.clock, d.label, JSON.stringify(d.children), d.startedBy, d.dueEarliest, d.dueLatest],
      );
    }
  }

  /** Open clocks (every case) whose earliest due day is on or before `until`, soonest first. */
  async deadlinesDue(until: number): Promise<DeadlineRow[]> {
    const rows = await this.db.all<Row>(
      'SELECT case_id, rule, clock, label, children, started_by, due_earliest, due_latest FROM deadlines WHERE due_earliest <= $1 ORDER BY due_earliest, due_latest, case_id, n',
      [until],
    );
    return rows.map((r) => ({
      caseId: String(r['case_id']),
      rule: String(r['rule']),
      clock: String(r['clock']),
      label: String(r['label']),
      children: JSON.parse(String(r['children'])) as string[],
      startedBy: String(r['started_by']),
      dueEarliest: Number(r['due_earliest']),
      dueLatest: Number(r['due_latest']),
    }));
  }

  async ping(): Promise<void> {
    await this.db.all('SELECT 1 AS ok');
  }
}

/**
 * `$n` placeholders to SQLite's anonymous `?`, with the parameter order they need
 * (a `$n` may appear twice). Statements here hold no `$` inside string literals.
 */
export function toSqlite(sql: string): { sql: string; order: number[] } {
  const order: number[] = [];
  const text = sql.replace(/\s+FOR UPDATE\s*$/i, '').replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { sql: text, order };
}

/** A tiny async mutex: SQLite has one connection, so transactions take turns. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
