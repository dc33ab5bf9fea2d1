/**
 * The embedded store: one SQLite file (better-sqlite3), `journal_mode=WAL` and
 * `synchronous=FULL`, so a committed append is on disk before the response is sent
 * and survives a SIGKILL or a power cut. One connection; transactions take turns
 * (`BEGIN IMMEDIATE` takes the write lock at once, so a second process on the same
 * file waits up to `busy_timeout` rather than failing half-way). The tables are
 * migrated at open (./migrations.ts), in one `BEGIN IMMEDIATE` transaction.
 *
 * better-sqlite3 is an optional peer dependency, loaded here on first use (./drivers.ts).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { brokenDriver, loadDriver } from './drivers.js';
import { MIGRATIONS, type Migration, migrate } from './migrations.js';
import { Mutex, type SqlConnection, type Store, StoreTx, toSqlite } from './store.js';

type Database = BetterSqlite3.Database;

export interface SqliteStoreOptions {
  /** Milliseconds to wait for another process's write lock (default 5000). */
  busyTimeout?: number;
  /** The migrations to apply (tests only; default: all of ./migrations.ts). */
  migrations?: readonly Migration[];
}

export async function createSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const { default: Database } = await loadDriver<{ default: typeof BetterSqlite3 }>('sqlite');
  let db: Database;
  try {
    db = new Database(file);
  } catch (err) {
    // The JavaScript loaded but not its compiled part (e.g. built for another Node).
    if (/bindings|\.node\b|NODE_MODULE_VERSION|invalid ELF|dlopen/i.test((err as Error)?.message ?? '')) throw brokenDriver('sqlite', 'its native module did not load');
    throw err;
  }
  db.pragma(`busy_timeout = ${options.busyTimeout ?? 5000}`);
  if (file !== ':memory:') {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`SQLite would not switch ${file} to WAL (journal_mode ${String(mode)})`);
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');

  const statements = new Map<string, { stmt: BetterSqlite3.Statement; order: number[] }>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      const t = toSqlite(sql);
      s = { stmt: db.prepare(t.sql), order: t.order };
      statements.set(sql, s);
    }
    return s;
  };
  const bind = (order: number[], params: readonly unknown[]) => order.map((i) => params[i]);
  const conn: SqlConnection = {
    async all<R extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) {
      const s = prepare(sql);
      return s.stmt.all(...bind(s.order, params)) as R[];
    },
    async run(sql: string, params: readonly unknown[] = []) {
      const s = prepare(sql);
      s.stmt.run(...bind(s.order, params));
    },
  };

  let run;
  db.exec('BEGIN IMMEDIATE');
  try {
    run = await migrate(conn, options.migrations ?? MIGRATIONS);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    throw err;
  }

  const mutex = new Mutex();
  const tx = new StoreTx(conn);
  let closed = false;
  const inTransaction = <T>(begin: string, fn: (tx: StoreTx) => Promise<T>) =>
    mutex.run(async () => {
      if (closed) throw new Error('the database is closed');
      db.exec(begin);
      try {
        const result = await fn(tx);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });

  return {
    kind: 'sqlite',
    location: file,
    schemaVersion: run.to,
    migrated: run.applied,
    ping: () => mutex.run(async () => void db.prepare('SELECT 1').get()),
    transaction: (fn) => inTransaction('BEGIN IMMEDIATE', fn),
    read: (fn) => inTransaction('BEGIN', fn),
    close: () =>
      mutex.run(async () => {
        if (closed) return;
        closed = true;
        db.close();
      }),
  };
}
