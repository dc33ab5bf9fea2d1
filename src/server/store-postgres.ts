/**
 * The PostgreSQL store, for councils running several instances behind a load
 * balancer. Same tables and statements as SQLite (./store.ts). No instance trusts
 * its memory: an append locks the case row (`SELECT ... FOR UPDATE`), which
 * serialises appends to one case across instances, and the service checks any cached
 * monitor against the row's version inside that transaction. Reads run in
 * `REPEATABLE READ READ ONLY` transactions (one consistent view).
 *
 * The URL may carry `?schema=NAME`: the tables then live in that schema (created if
 * absent), which is how tests and benchmarks keep to themselves. The tables are
 * migrated at open (./migrations.ts), in one transaction under an advisory lock, so
 * instances starting together migrate once.
 *
 * pg is an optional peer dependency, loaded here on first use (./drivers.ts).
 */
import type Pg from 'pg';
import { loadDriver } from './drivers.js';
import { MIGRATIONS, type Migration, type MigrationRun, migrate } from './migrations.js';
import { type SqlConnection, type Store, StoreTx } from './store.js';

export interface PostgresStoreOptions {
  /** Schema for the tables (default: the URL's `schema` parameter, else the server's search_path, normally `public`). */
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
  /** The migrations to apply (tests only; default: all of ./migrations.ts). */
  migrations?: readonly Migration[];
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const { default: pg } = await loadDriver<{ default: typeof Pg }>('postgres');
  const u = new URL(url);
  const schema = options.schema ?? u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`schema "${schema}" is not a plain SQL identifier`);
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: options.max ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', () => undefined);

  const connOf = (client: Pg.PoolClient): SqlConnection => ({
    async all<R extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, params as unknown[])).rows as R[];
    },
    async run(sql: string, params: readonly unknown[] = []) {
      await client.query(sql, params as unknown[]);
    },
  });

  const inTransaction = async <T>(begin: string, fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      try {
        const result = await fn(new StoreTx(connOf(client)));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw err;
      }
    } finally {
      client.release(broken);
    }
  };

  // Migrate once, even with several instances starting together.
  const run: MigrationRun = await inTransaction('BEGIN', async (tx) => {
    await tx.exec('SELECT pg_advisory_xact_lock(8675309)');
    if (schema) await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    return migrate(tx.connection, options.migrations ?? MIGRATIONS);
  }).catch(async (err: unknown) => {
    await pool.end();
    throw err;
  });

  let closed = false;
  return {
    kind: 'postgres',
    schemaVersion: run.to,
    migrated: run.applied,
    location: redactUrl(u.toString()) + (schema ? ` schema ${schema}` : ''),
    ping: async () => void (await pool.query('SELECT 1')),
    transaction: (fn) => inTransaction('BEGIN', fn),
    read: (fn) => inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
