/**
 * The HTTP service (Hono): `createApp({ store, token, mode, config })` gives an app
 * testable with `app.request()`; `casepath serve` (src/cli/serve-command.ts) runs it
 * on Node.
 *
 * Every route except /health and /openapi.json needs `Authorization: Bearer <token>`
 * (compared in constant time). Bodies are JSON, at most `maxBodyBytes` (1 MiB).
 * Errors are RFC 9457 problem details (./problem.ts). The log line of a request holds
 * its method, path, status, duration and case id, never a body: chronologies hold
 * children's data, and case ids are pseudonymous.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type Day, formatDay, parseDay, today } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import { type ResolvedConfig, defaultConfig, replayOptionsOf } from '../config.js';
import { replayChronology } from '../engine/replay.js';
import { InvalidChronologyError } from '../issues.js';
import { loadChronologyData } from '../load.js';
import type { MonitorMode } from '../monitor/types.js';
import { CASE_ID, CaseService } from './cases.js';
import { openApiDocument } from './openapi.js';
import { ProblemError, problem, problemResponse } from './problem.js';
import type { Store } from './store.js';
import { version } from '../version.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Events in one append request, at most. */
export const MAX_EVENTS_PER_REQUEST = 1000;

export interface RequestLog {
  method: string;
  path: string;
  status: number;
  ms: number;
  case?: string;
}

export interface AppOptions {
  store: Store;
  /** The bearer token every protected request must carry. */
  token: string;
  mode?: MonitorMode;
  config?: ResolvedConfig;
  maxBodyBytes?: number;
  /** Called once per request after the response (default: nothing). */
  log?: (entry: RequestLog) => void;
  /** Called with an unexpected error (a bug); the client gets a 500 problem without details. */
  onError?: (err: unknown) => void;
}

export interface CasepathApp {
  app: Hono;
  service: CaseService;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The app; `createCasepathApp` also hands back the case service (for start-up work and tests). */
export function createApp(options: AppOptions): Hono {
  return createCasepathApp(options).app;
}

export function createCasepathApp(options: AppOptions): CasepathApp {
  if (!options.token) throw new Error('a token is required');
  const mode = options.mode ?? 'audit';
  const config = options.config ?? defaultConfig();
  const service = new CaseService({ store: options.store, mode, config });
  const tokenDigest = digest(options.token);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = new Hono();

  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    if (options.log) {
      const id = /^\/cases\/([^/]+)/.exec(c.req.path)?.[1];
      options.log({
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        ...(id ? { case: decodeURIComponent(id) } : {}),
      });
    }
  });

  app.use('*', async (c, next) => {
    if (c.req.path === '/health' || c.req.path === '/openapi.json') return next();
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    // Digests have equal length, so the comparison takes the same time whatever the token.
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), tokenDigest)) {
      return problem('unauthorized', m ? 'the bearer token is wrong' : 'send Authorization: Bearer <token>');
    }
    return next();
  });

  app.use(
    '*',
    bodyLimit({
      maxSize: maxBody,
      onError: () => problem('payload-too-large', `the body is over ${maxBody} bytes; send fewer events per request`),
    }),
  );

  app.onError((err) => {
    if (err instanceof ProblemError) return problemResponse(err.problem);
    options.onError?.(err);
    return problem('internal', 'casepath failed on this request (a bug); nothing of it was recorded');
  });
  app.notFound((c) => problem('not-found', `no route ${c.req.method} ${c.req.path}`));

  app.get('/health', async (c) => {
    try {
      await options.store.ping();
    } catch {
      return problem('unavailable', 'the database did not answer');
    }
    return c.json({ status: 'ok', database: options.store.kind });
  });

  app.get('/openapi.json', (c) => c.json(openApiDocument(version())));

  app.put('/cases/:id', async (c) => {
    const id = caseId(c);
    const body = await jsonBody(c);
    const result = await service.putCase(id, body);
    return c.json(result, result.created ? 201 : 200);
  });

  app.post('/cases/:id/events', async (c) => {
    const id = caseId(c);
    const body = await jsonBody(c);
    const events = Array.isArray(body) ? body : [body];
    if (events.length === 0) throw invalid('', 'send one event or a non-empty array of events');
    if (events.length > MAX_EVENTS_PER_REQUEST) throw invalid('', `at most ${MAX_EVENTS_PER_REQUEST} events per request`);
    const result = await service.append(id, events);
    return c.json(result, result.recorded > 0 ? 201 : 200);
  });

  app.get('/cases/:id', async (c) => {
    const id = caseId(c);
    return c.json(await service.getCase(id, asOfParam(c)));
  });

  app.get('/cases/:id/deadlines', async (c) => {
    const id = caseId(c);
    return c.json(await service.caseDeadlines(id, asOfParam(c)));
  });

  app.get('/deadlines', async (c) => {
    const asOfText = asOfParam(c) ?? formatDay(today());
    const asOf = parseDay(asOfText)!;
    const within = c.req.query('within') ?? '10wd';
    const until = horizon(asOf, within);
    const deadlines = await service.upcoming(asOf, until);
    return c.json({ asOf: asOfText, within, until: formatDay(until), deadlines });
  });

  app.get('/cases/:id/report', async (c) => {
    const id = caseId(c);
    const data = await service.chronology(id);
    let render: typeof import('../report/html.js').renderHtmlReport;
    try {
      render = (await import('../report/html.js')).renderHtmlReport;
      if (typeof render !== 'function') throw new Error('no renderHtmlReport');
    } catch {
      return problem('not-implemented', 'the HTML report is not available in this build');
    }
    const asOf = parseDay(asOfParam(c) ?? formatDay(today()))!;
    if ((data['events'] as unknown[]).length === 0) throw new ProblemError('not-found', `case "${id}" has no events to report on yet`);
    const loaded = loadChronologyData(data, `case ${id}`, { asOf });
    if (!loaded.ok) throw new InvalidChronologyError(loaded.issues);
    const result = replayChronology(loaded.chronology, replayOptionsOf(config, { asOf }));
    const html = await render(result, { chronology: loaded.chronology });
    return c.html(html);
  });

  return { app, service };
}

function invalid(path: string, message: string, code: 'invalid-field' | 'parse-error' | 'bad-date' = 'invalid-field'): ProblemError {
  return new ProblemError('invalid-request', message, { issues: [{ code, file: 'request', path, message }] });
}

function caseId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!CASE_ID.test(id)) throw invalid('id', `"${id.slice(0, 40)}" is not a case id: up to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit`);
  return id;
}

function asOfParam(c: Context): string | undefined {
  const v = c.req.query('asOf');
  if (v === undefined) return undefined;
  if (parseDay(v) === undefined) throw invalid('asOf', `asOf "${v.slice(0, 20)}" is not a date (YYYY-MM-DD)`, 'bad-date');
  return v;
}

/** `10wd` (working days) or `14d` (calendar days) after `asOf`. */
export function horizon(asOf: Day, within: string): Day {
  const m = /^(\d{1,4})(wd|d)$/.exec(within);
  if (!m) throw invalid('within', `within "${within.slice(0, 20)}" is not a window: use Nwd (working days) or Nd (calendar days), e.g. 10wd`);
  const n = Number(m[1]);
  return m[2] === 'wd' ? england.addWorkingDays(asOf, n) : asOf + n;
}

async function jsonBody(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new ProblemError('unsupported-media-type', 'send the body as JSON with Content-Type: application/json');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // Not the parser's own message: it quotes the body, which may hold children's data.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw invalid('', `the body is not valid JSON${at ? ` (at character ${at})` : ''}`, 'parse-error');
  }
}
