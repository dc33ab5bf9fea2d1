/**
 * The embedded store: one SQLite file (better-sqlite3), `journal_mode=WAL` and
 * `synchronous=FULL`, so a committed append is on disk before the response is sent
 * and survives a SIGKILL or a power cut. One connection; transactions take turns
 * (`BEGIN IMMEDIATE` takes the write lock at once, so a second process on the same
 * file waits up to `busy_timeout` rather than failing half-way).
 */
import Database from 'better-sqlite3';
import { Mutex, SCHEMA_SQL, SCHEMA_VERSION, type SqlConnection, type Store, StoreTx, toSqlite } from './store.js';

export interface SqliteStoreOptions {
  /** Milliseconds to wait for another process's write lock (default 5000). */
  busyTimeout?: number;
}

export function createSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const db = new Database(file);
  db.pragma(`busy_timeout = ${options.busyTimeout ?? 5000}`);
  if (file !== ':memory:') {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`SQLite would not switch ${file} to WAL (journal_mode ${String(mode)})`);
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');

  const statements = new Map<string, { stmt: Database.Statement; order: number[] }>();
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

  db.transaction(() => {
    for (const ddl of SCHEMA_SQL) db.exec(ddl);
  }).immediate();
  const stored = db.prepare('SELECT value FROM casepath_meta WHERE key = ?').get('schema') as { value: string } | undefined;
  if (stored && stored.value !== SCHEMA_VERSION) throw new Error(`${file} has casepath schema version ${stored.value}; this casepath uses ${SCHEMA_VERSION}`);
  if (!stored) db.prepare("INSERT INTO casepath_meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);

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
