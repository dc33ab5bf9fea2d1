/**
 * `casepath serve`: the live monitor as an HTTP service (src/server). Runs until
 * SIGTERM or SIGINT, then stops accepting connections, lets requests in flight
 * finish, closes the database and returns 0.
 *
 *   casepath serve --token T [--port N] [--host H] [--db FILE | --database postgres://...]
 *                  [--mode audit|enforce] [--rules-config FILE]
 *                  [--log-level LEVEL] [--log-format json|pretty]
 *
 * The token may come from CASEPATH_TOKEN instead; without one of at least 32
 * characters the service refuses to start (exit 2, saying how to make one). The
 * default host is 127.0.0.1: binding elsewhere must be asked for and prints a
 * warning. One plain line on start, then pino's JSON lines (src/server/log.ts: one per
 * request, never a body). The database driver (better-sqlite3 or pg, optional peer
 * dependencies) is loaded only here; when it is missing, serve exits 2 naming the
 * package and the npm command that installs it.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { type ResolvedConfig, defaultConfig, loadConfigFile } from '../config.js';
import { formatIssue } from '../issues.js';
import type { MonitorMode } from '../monitor/types.js';
import { MIN_TOKEN_LENGTH, createCasepathApp, tokenProblem } from '../server/app.js';
import { DriverError } from '../server/drivers.js';
import { LOG_LEVELS, type LogLevel, createLogger } from '../server/log.js';
import { NewerSchemaError } from '../server/migrations.js';
import { createNodeServer } from '../server/node.js';
import type { Store } from '../server/store.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIO } from './main.js';

const USAGE = `casepath serve — the live monitor as an HTTP service

Usage:
  casepath serve --token T [options]

Options:
  --token T              bearer token clients must send (or set CASEPATH_TOKEN); required
  --port N               TCP port (default 8080; 0 picks a free one)
  --host H               address to bind (default 127.0.0.1; anything else is reachable from
                         other machines: put TLS in front)
  --db FILE              SQLite database file (default casepath.db), created if absent
  --database URL         PostgreSQL instead (postgres://user:pass@host/db[?schema=NAME]),
                         for several instances behind a load balancer
  --mode audit|enforce   audit (default): flag and record; enforce: refuse (422) an event
                         an enforceable rule refuses, storing nothing of that request
  --rules-config FILE    a local authority's timescales and rule parameters
  --log-level LEVEL      trace, debug, info (default), warn, error, fatal or silent; debug adds
                         the stack of an internal error (which may quote case data)
  --log-format F         json (default: one JSON object a line) or pretty (on a terminal only)

Endpoints: GET /health, GET /openapi.json (no token); PUT /cases/{id},
POST /cases/{id}/events, GET /cases/{id}, GET /cases/{id}/deadlines, GET /cases/{id}/report,
GET /deadlines?within=10wd.

A token: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"
     or: openssl rand -base64 32
`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function usageError(io: CliIO, message: string): ExitCode {
  io.stderr(`casepath: ${message}\nRun "casepath serve --help" for usage.\n`);
  return EXIT.invalid;
}

export async function serveCommand(args: readonly string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      database: { type: 'string' },
      token: { type: 'string' },
      mode: { type: 'string' },
      'rules-config': { type: 'string' },
      'log-level': { type: 'string' },
      'log-format': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (positionals.length) return usageError(io, `unexpected argument "${positionals[0]}"`);

  const token = values.token ?? io.env?.['CASEPATH_TOKEN'];
  const makeOne = `make one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))" (or: openssl rand -base64 32)`;
  if (!token) return usageError(io, `serve needs a token: --token T or the environment variable CASEPATH_TOKEN (clients send Authorization: Bearer T); ${makeOne}`);
  const weak = tokenProblem(token);
  if (weak) return usageError(io, `serve needs a token of at least ${MIN_TOKEN_LENGTH} printable characters: ${weak}; ${makeOne}`);
  const port = Number(values.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(io, `--port "${values.port}" is not a port number (0–65535)`);
  const host = values.host ?? '127.0.0.1';
  const mode = (values.mode ?? 'audit') as MonitorMode;
  if (mode !== 'audit' && mode !== 'enforce') return usageError(io, '--mode takes "audit" or "enforce"');
  if (values.db !== undefined && values.database !== undefined) return usageError(io, 'give --db FILE (SQLite) or --database URL (PostgreSQL), not both');
  if (values.database !== undefined && !/^postgres(ql)?:\/\//.test(values.database)) return usageError(io, '--database takes a postgres:// URL (for SQLite, use --db FILE)');
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) return usageError(io, `--log-level takes ${LOG_LEVELS.join(', ')}`);
  const format = values['log-format'] ?? 'json';
  if (format !== 'json' && format !== 'pretty') return usageError(io, '--log-format takes "json" or "pretty"');
  if (format === 'pretty' && !io.isTTY) io.stderr('casepath: --log-format pretty needs a terminal; standard output is not one, so the logs stay JSON\n');

  let config: ResolvedConfig = defaultConfig();
  if (values['rules-config'] !== undefined) {
    const loaded = loadConfigFile(values['rules-config']);
    if (!loaded.config) {
      io.stderr(`${loaded.issues.map(formatIssue).join('\n')}\n${loaded.issues.length} problem${loaded.issues.length === 1 ? '' : 's'} found; the service was not started.\n`);
      return EXIT.invalid;
    }
    config = loaded.config;
  }

  let store: Store;
  try {
    if (values.database !== undefined) {
      const { createPostgresStore } = await import('../server/store-postgres.js');
      store = await createPostgresStore(values.database);
    } else {
      const { createSqliteStore } = await import('../server/store-sqlite.js');
      store = await createSqliteStore(values.db ?? 'casepath.db');
    }
  } catch (err) {
    if (err instanceof DriverError) {
      io.stderr(`casepath: ${err.message}\n`);
      return EXIT.invalid;
    }
    const what = values.database !== undefined ? 'the PostgreSQL database' : `the SQLite database ${values.db ?? 'casepath.db'}`;
    const why = err instanceof NewerSchemaError ? err.message : (err as Error).message.replace(/:\/\/[^@/]*@/, '://***@');
    io.stderr(`casepath: cannot open ${what}: ${why}\n`);
    return EXIT.invalid;
  }
  if (store.migrated.length) {
    const from = store.migrated[0]! - 1;
    io.stderr(`casepath: ${from === 0 ? 'created the tables' : `migrated the database from schema version ${from}`} (now version ${store.schemaVersion})\n`);
  }

  const logger = await createLogger({ level, pretty: format === 'pretty' && io.isTTY === true, write: (line) => io.stdout(line) });
  const { app, service } = createCasepathApp({ store, token, mode, config, logger });
  try {
    const { recomputed } = await service.init();
    if (recomputed) io.stderr(`casepath: the rules configuration changed: recomputed the open deadlines of ${recomputed} cases\n`);
  } catch (err) {
    await store.close();
    io.stderr(`casepath: cannot prepare the database: ${(err as Error).message}\n`);
    return EXIT.internal;
  }

  if (!LOOPBACK.has(host)) {
    io.stderr(`casepath: warning: listening on ${host}, reachable from other machines. The service speaks plain HTTP: put a TLS-terminating proxy in front, and keep the token secret.\n`);
  }

  return new Promise<ExitCode>((resolve) => {
    let stopping = false;
    const server = createNodeServer({ fetch: app.fetch, hostname: host, logger });
    server.listen(port, host, () => {
      const info = server.address() as AddressInfo;
      const shown = info.address.includes(':') ? `[${info.address}]` : info.address;
      io.stdout(`casepath serve listening on http://${shown}:${info.port} (${store.kind} ${store.location}, mode ${mode})\n`);
    });
    const stop = (code: ExitCode) => {
      if (stopping) return;
      stopping = true;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      // Requests in flight finish (their transactions commit); idle keep-alive connections close.
      const force = setTimeout(() => (server as { closeAllConnections?: () => void }).closeAllConnections?.(), 10_000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        store.close().then(
          () => resolve(code),
          () => resolve(EXIT.internal),
        );
      });
      (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    };
    const onSignal = (signal: NodeJS.Signals) => {
      io.stderr(`casepath: ${signal}: shutting down\n`);
      stop(EXIT.ok);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    server.on('error', (err: NodeJS.ErrnoException) => {
      io.stderr(`casepath: cannot listen on ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message}\n`);
      stopping = true;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      store.close().finally(() => resolve(EXIT.invalid));
    });
  });
}
