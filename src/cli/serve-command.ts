/**
 * `casepath serve`: the live monitor as an HTTP service (src/server). Runs until
 * SIGTERM or SIGINT, then stops accepting connections, lets requests in flight
 * finish, closes the database and returns 0.
 *
 *   casepath serve --token T [--port N] [--host H] [--db FILE | --database postgres://...]
 *                  [--mode audit|enforce] [--rules-config FILE]
 *
 * The token may come from CASEPATH_TOKEN instead; without one the service refuses to
 * start (exit 2). The default host is 127.0.0.1: binding elsewhere must be asked
 * for and prints a warning. One line on start, then one JSON line per request
 * (method, path, status, ms, case id: never a body).
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { type ResolvedConfig, defaultConfig, loadConfigFile } from '../config.js';
import { formatIssue } from '../issues.js';
import type { MonitorMode } from '../monitor/types.js';
import { createCasepathApp } from '../server/app.js';
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

Endpoints: GET /health, GET /openapi.json (no token); PUT /cases/{id},
POST /cases/{id}/events, GET /cases/{id}, GET /cases/{id}/deadlines, GET /cases/{id}/report,
GET /deadlines?within=10wd.
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
  if (!token) return usageError(io, 'serve needs a token: --token T or the environment variable CASEPATH_TOKEN (clients send Authorization: Bearer T)');
  const port = Number(values.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(io, `--port "${values.port}" is not a port number (0–65535)`);
  const host = values.host ?? '127.0.0.1';
  const mode = (values.mode ?? 'audit') as MonitorMode;
  if (mode !== 'audit' && mode !== 'enforce') return usageError(io, '--mode takes "audit" or "enforce"');
  if (values.db !== undefined && values.database !== undefined) return usageError(io, 'give --db FILE (SQLite) or --database URL (PostgreSQL), not both');
  if (values.database !== undefined && !/^postgres(ql)?:\/\//.test(values.database)) return usageError(io, '--database takes a postgres:// URL (for SQLite, use --db FILE)');

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
      store = createSqliteStore(values.db ?? 'casepath.db');
    }
  } catch (err) {
    const what = values.database !== undefined ? 'the PostgreSQL database' : `the SQLite database ${values.db ?? 'casepath.db'}`;
    io.stderr(`casepath: cannot open ${what}: ${(err as Error).message.replace(/:\/\/[^@/]*@/, '://***@')}\n`);
    return EXIT.invalid;
  }

  const debug = io.env?.['CASEPATH_DEBUG'];
  const { app, service } = createCasepathApp({
    store,
    token,
    mode,
    config,
    log: (entry) => io.stdout(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
    onError: (err) => io.stderr(`casepath: internal error on a request: ${(err as Error).name}${debug ? `\n${(err as Error).stack}` : ' (set CASEPATH_DEBUG=1 for details)'}\n`),
  });
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
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
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
