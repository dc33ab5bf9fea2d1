/**
 * The HTTP service (Hono, with @hono/zod-openapi): `createCasepathApp({ store, token,
 * mode, config, logger })` gives an app testable with `app.request()`; `casepath serve`
 * (src/cli/serve-command.ts) runs it on Node.
 *
 * Every route except /health and /openapi.json needs `Authorization: Bearer <token>`
 * (compared in constant time). Bodies are JSON, at most `maxBodyBytes` (1 MiB), nested
 * at most {@link MAX_JSON_DEPTH} deep. Path and query parameters are validated with the
 * routes' zod schemas (./routes.ts), from which the OpenAPI document is generated.
 *
 * Every request, however malformed, gets an answer and one log line: a 2xx, or a 4xx
 * RFC 9457 problem (./problem.ts) naming the parameter or field and what is wrong,
 * quoting nothing from the request but short values shaped like what was expected
 * (./describe.ts); a 500 only for a bug. The log line (./log.ts) holds the request id,
 * method, route pattern, status and duration, and the path only when it is short and
 * id-like: never a body, a query or event content. Chronologies hold children's data.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { type Day, formatDay, INPUT_YEARS, isInputDay, parseDay, today } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import { type ResolvedConfig, defaultConfig, replayOptionsOf } from '../config.js';
import { replayChronology } from '../engine/replay.js';
import type { Issue } from '../issues.js';
import { InvalidChronologyError } from '../issues.js';
import { loadChronologyData } from '../load.js';
import type { MonitorMode } from '../monitor/types.js';
import { version } from '../version.js';
import { CASE_ID, CaseService } from './cases.js';
import { describeValue, quoteIf, quoteKey } from './describe.js';
import { type Logger, type RequestLogFields, STANDARD_METHODS, levelOf, loggablePath, silentLogger } from './log.js';
import { DAY_SHAPE, WITHIN } from './openapi.js';
import { PROBLEM_TYPES, type Problem, ProblemError, type ProblemType, problem, problemResponse } from './problem.js';
import { REF_COMPONENTS, ROUTES, appendRoute, caseDeadlinesRoute, getCaseRoute, healthRoute, openApiRoute, putCaseRoute, reportRoute, upcomingRoute } from './routes.js';
import type { Store } from './store.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Events in one append request, at most. */
export const MAX_EVENTS_PER_REQUEST = 1000;
/** How deep a request body may nest arrays and objects (an event needs about 5). */
export const MAX_JSON_DEPTH = 64;
/** The shortest bearer token the service accepts. */
export const MIN_TOKEN_LENGTH = 32;
/** An incoming X-Request-Id is kept when it looks like this; otherwise the service makes one. */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export interface AppOptions {
  store: Store;
  /** The bearer token every protected request must carry (see {@link tokenProblem}). */
  token: string;
  mode?: MonitorMode;
  config?: ResolvedConfig;
  maxBodyBytes?: number;
  /** Memory budget of the cache of case monitors, in bytes (see CaseServiceOptions.cacheBytes). */
  cacheBytes?: number;
  /** A pino logger: one line per request, and internal errors (default: nothing is logged). */
  logger?: Logger;
}

export interface CasepathApp {
  app: OpenAPIHono<Env>;
  service: CaseService;
}

type Env = { Variables: { reqId: string } };

/** Why a token is unacceptable (too short, blank, not sendable in a header), or undefined when it is fine. */
export function tokenProblem(token: string | undefined): string | undefined {
  if (token === undefined || token.trim() === '') return 'the token is blank';
  if (!/^[\x21-\x7e]+$/.test(token)) return 'the token must be printable ASCII without spaces (it is sent in an HTTP header)';
  if (token.length < MIN_TOKEN_LENGTH) return `the token has ${token.length} characters; use at least ${MIN_TOKEN_LENGTH}`;
  return undefined;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The app; `createCasepathApp` also hands back the case service (for start-up work and tests). */
export function createApp(options: AppOptions): OpenAPIHono<Env> {
  return createCasepathApp(options).app;
}

export function createCasepathApp(options: AppOptions): CasepathApp {
  const bad = tokenProblem(options.token);
  if (bad) throw new Error(`unacceptable bearer token: ${bad}`);
  const mode = options.mode ?? 'audit';
  const config = options.config ?? defaultConfig();
  const logger = options.logger ?? silentLogger();
  const service = new CaseService({ store: options.store, mode, config, ...(options.cacheBytes !== undefined ? { cacheBytes: options.cacheBytes } : {}) });
  const tokenDigest = digest(options.token);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) throw parameterProblem(result.target, result.error.issues, c);
    },
  });

  // Outermost: the request id, the problem's requestId, and one log line whatever happened.
  app.use('*', async (c, next) => {
    const start = performance.now();
    const incoming = c.req.header('x-request-id');
    const reqId = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('reqId', reqId);
    try {
      await next();
    } catch (err) {
      c.res = internalError(err, reqId, logger);
    }
    try {
      if (c.res.headers.get('content-type') === 'application/problem+json') {
        const p = (await c.res.clone().json()) as Problem;
        const headers: Record<string, string> = {};
        c.res.headers.forEach((v, k) => (headers[k] = v));
        c.res = problemResponse({ ...p, requestId: reqId }, headers);
      }
      c.res.headers.set('x-request-id', reqId);
    } catch (err) {
      c.res = internalError(err, reqId, logger);
    }
    logRequest(c, logger, reqId, start);
  });

  app.use('*', async (c, next) => {
    if (c.req.path === '/health' || c.req.path === '/openapi.json') return next();
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    // Digests have equal length, so the comparison takes the same time whatever the token.
    if (!m || !timingSafeEqual(digest(m[1]!), tokenDigest)) {
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

  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemResponse(err.problem);
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own checks; their messages may quote the request, so only the status is kept.
      const kind = (Object.keys(PROBLEM_TYPES) as ProblemType[]).find((k) => PROBLEM_TYPES[k].status === err.status) ?? 'invalid-request';
      return problem(kind);
    }
    return internalError(err, c.get('reqId'), logger);
  });
  app.notFound(() => problem('not-found', 'there is no endpoint at this path; GET /openapi.json lists them'));

  app.openapi(healthRoute, async (c) => {
    try {
      await options.store.ping();
    } catch {
      return problem('unavailable', 'the database did not answer') as never;
    }
    return c.json({ status: 'ok' as const, database: options.store.kind }, 200);
  });

  for (const [name, schema] of Object.entries(REF_COMPONENTS)) app.openAPIRegistry.register(name, schema);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The token given to `casepath serve` (--token or CASEPATH_TOKEN), at least 32 characters',
  });
  app.openapi(openApiRoute, (c) => c.json((documents.get(version()) ?? documents.set(version(), openApiDocument(app)).get(version()))!, 200));

  app.openapi(putCaseRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = await jsonBody(c);
    const result = await service.putCase(id, body);
    return result.created ? c.json(result, 201) : c.json(result, 200);
  });

  app.openapi(appendRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = await jsonBody(c);
    const events = Array.isArray(body) ? body : [body];
    if (events.length === 0) throw invalid('', 'send one event or a non-empty array of events');
    if (events.length > MAX_EVENTS_PER_REQUEST) throw invalid('', `at most ${MAX_EVENTS_PER_REQUEST} events per request; this has ${events.length}`);
    const notObjects: Issue[] = [];
    events.forEach((e, eventIndex) => {
      if (typeof e !== 'object' || e === null || Array.isArray(e)) {
        notObjects.push({ code: 'invalid-field', file: 'request body', eventIndex, path: '', message: `an event must be an object with id, type and at, not ${describeValue(e)}` });
      }
    });
    if (notObjects.length) throw new ProblemError('invalid-request', `${notObjects.length} of the events ${notObjects.length === 1 ? 'is not an object' : 'are not objects'}; nothing was recorded`, { issues: notObjects });
    const result = await service.append(id, events, c.get('reqId'));
    return result.recorded > 0 ? c.json(result, 201) : c.json(result, 200);
  });

  app.openapi(getCaseRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { asOf } = c.req.valid('query');
    return c.json(await service.getCase(id, asOf), 200);
  });

  app.openapi(caseDeadlinesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { asOf } = c.req.valid('query');
    return c.json(await service.caseDeadlines(id, asOf), 200);
  });

  app.openapi(upcomingRoute, async (c) => {
    const query = c.req.valid('query');
    const asOfText = query.asOf ?? formatDay(today());
    const asOf = parseDay(asOfText)!;
    const within = query.within ?? '10wd';
    const until = horizon(asOf, within);
    const deadlines = await service.upcoming(asOf, until);
    return c.json({ asOf: asOfText, within, until: formatDay(until), deadlines }, 200);
  });

  app.openapi(reportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const data = await service.chronology(id);
    let render: typeof import('../report/html.js').renderHtmlReport;
    try {
      render = (await import('../report/html.js')).renderHtmlReport;
      if (typeof render !== 'function') throw new Error('no renderHtmlReport');
    } catch {
      return problem('not-implemented', 'the HTML report is not available in this build') as never;
    }
    const asOf = parseDay(query.asOf ?? formatDay(today()))!;
    if ((data['events'] as unknown[]).length === 0) throw new ProblemError('not-found', `case "${id}" has no events to report on yet`);
    const loaded = loadChronologyData(data, `case ${id}`, { asOf });
    if (!loaded.ok) throw new ProblemError('conflict', 'the events recorded for this case do not load as one chronology', { issues: loaded.issues });
    const result = replayChronology(loaded.chronology, replayOptionsOf(config, { asOf }));
    return c.html(await render(result, { chronology: loaded.chronology }), 200);
  });

  // A known path with a method it does not take: 405, with the methods it does.
  const allowed = new Map<string, string[]>();
  for (const r of ROUTES) {
    const path = r.path.replace(/\{(\w+)\}/g, ':$1');
    const methods = allowed.get(path) ?? [];
    methods.push(r.method.toUpperCase(), ...(r.method === 'get' ? ['HEAD'] : []));
    allowed.set(path, methods);
  }
  for (const [path, methods] of allowed) {
    const shown = path.replace(/:(\w+)/g, '{$1}');
    app.all(path, (c) => {
      const method = STANDARD_METHODS.has(c.req.method) ? c.req.method : 'this method';
      return problem('method-not-allowed', `${method} is not allowed on ${shown}; use ${methods.join(' or ')}`, {}, { allow: methods.join(', ') });
    });
  }

  return { app, service };
}

/** Generated once per version (the routes are the same in every app). */
const documents = new Map<string, Record<string, unknown>>();

function openApiDocument(app: OpenAPIHono<Env>): Record<string, unknown> {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'casepath service',
      version: version(),
      description:
        "Live monitoring of child-protection case chronologies against England's process rules. A case is created with PUT /cases/{id} (its children and the completeness of the record), then events are appended with POST /cases/{id}/events, each checked and recorded in order: findings with their statutory citation, machine steps not allowed, statutory clocks started and met. In enforce mode an event refused by an enforceable rule is answered 422 and nothing of that request is stored. Every append is committed before the response is sent. Errors are RFC 9457 problem details that name the parameter or field and quote no free text. Every endpoint except /health and /openapi.json needs `Authorization: Bearer <token>`.",
    },
    security: [{ bearer: [] }],
    tags: [
      { name: 'cases', description: 'Cases and their events' },
      { name: 'deadlines', description: 'Open statutory clocks' },
      { name: 'service', description: 'Health and this document' },
    ],
  }) as unknown as Record<string, unknown>;
}

function logRequest(c: Context<Env>, logger: Logger, reqId: string, start: number): void {
  try {
    let route: string | null = null;
    try {
      const r = routePath(c, -1);
      route = r && r !== '*' && r !== '/*' ? r : null;
    } catch {
      route = null;
    }
    let rawPath = '';
    try {
      rawPath = new URL(c.req.url).pathname;
    } catch {
      rawPath = '';
    }
    const caseId = /^\/cases\/([^/]+)/.exec(rawPath)?.[1];
    const fields: RequestLogFields = {
      reqId,
      method: STANDARD_METHODS.has(c.req.method) ? c.req.method : 'OTHER',
      route,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      ...loggablePath(rawPath),
      ...(caseId !== undefined && CASE_ID.test(caseId) ? { case: caseId } : {}),
    };
    logger[levelOf(fields.status)](fields, 'request');
  } catch {
    // A log line that cannot be written must not turn an answer into a failure.
  }
}

function internalError(err: unknown, reqId: string | undefined, logger: Logger): Response {
  try {
    logger.error({ reqId, err: { type: err instanceof Error ? err.name : typeof err } }, 'internal error (a bug)');
    // The stack only on request (--log-level debug): an error's message may quote what it failed on.
    if (logger.isLevelEnabled('debug')) logger.debug({ reqId, stack: err instanceof Error ? err.stack : String(err) }, 'internal error stack');
  } catch {
    // nothing more can be done
  }
  return problem('internal', 'casepath failed on this request (a bug); nothing of it was recorded');
}

function invalid(path: string, message: string, code: 'invalid-field' | 'parse-error' | 'bad-date' = 'invalid-field'): ProblemError {
  return new ProblemError('invalid-request', message, { issues: [{ code, file: 'request', path, message }] });
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  keys?: string[];
  message: string;
}

/** A path or query parameter the routes' schemas refused, described without quoting free text. */
function parameterProblem(target: string, issues: readonly ZodIssueLike[], c: Context<Env>): ProblemError {
  const out: Issue[] = [];
  for (const i of issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys ?? []) {
        const shown = quoteKey(k);
        out.push({ code: 'invalid-field', file: 'request', path: shown.startsWith('"') ? k : '', message: `unknown query parameter ${shown}; this endpoint takes ${queryNames(c)}` });
      }
      continue;
    }
    const name = String(i.path[0] ?? '');
    if (out.some((o) => o.path === name)) continue;
    const raw: unknown = target === 'param' ? c.req.param(name) : (c.req.queries(name) ?? [])?.length > 1 ? c.req.queries(name) : c.req.query(name);
    out.push(parameterIssue(name, raw));
  }
  const detail = out.length === 1 ? out[0]!.message : `${out.length} problems with the ${target === 'param' ? 'path' : 'query'} parameters`;
  return new ProblemError('invalid-request', detail, { issues: out });
}

function queryNames(c: Context): string {
  return routePath(c, -1) === '/deadlines' ? 'asOf and within' : 'only asOf';
}

function parameterIssue(name: string, raw: unknown): Issue {
  const issue = (message: string, code: Issue['code'] = 'invalid-field'): Issue => ({ code, file: 'request', path: name, message });
  if (Array.isArray(raw)) return issue(`${name} is given ${raw.length} times; give it once`);
  const value = typeof raw === 'string' ? raw : '';
  if (name === 'id') {
    if (value.length > 128) return issue(`the case id in the path is not valid: a path segment of ${value.length.toLocaleString('en-GB')} characters (at most 128)`);
    const shown = quoteIf(value, /^[A-Za-z0-9._:-]+$/, 'path segment');
    return issue(`the case id in the path is not valid: ${shown}; case ids are up to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit`);
  }
  if (name === 'asOf') {
    if (DAY_SHAPE.test(value)) {
      const day = parseDay(value);
      if (day === undefined) return issue(`asOf "${value}" is not a calendar date`, 'bad-date');
      return issue(`asOf "${value}" is outside the years ${INPUT_YEARS.first}–${INPUT_YEARS.last} casepath accepts`, 'bad-date');
    }
    return issue(`asOf is not a date (YYYY-MM-DD): ${describeValue(value)}`, 'bad-date');
  }
  if (name === 'within') {
    return issue(`within ${quoteIf(value, /^[0-9A-Za-z]+$/)} is not a window: use Nwd (working days) or Nd (calendar days), N up to 9999, e.g. 10wd`);
  }
  return issue(`${quoteKey(name)} is not valid: ${describeValue(raw)}`);
}

/** `10wd` (working days) or `14d` (calendar days) after `asOf`; a 400 naming `within` when it ends outside the input years. */
export function horizon(asOf: Day, within: string): Day {
  const m = WITHIN.exec(within);
  if (!m) throw new ProblemError('invalid-request', 'within is not a window', { issues: [parameterIssue('within', within)] });
  const n = Number(m[1]);
  let until: Day | undefined;
  try {
    until = m[2] === 'wd' ? england.addWorkingDays(asOf, n) : asOf + n;
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
  if (until === undefined || !isInputDay(until)) {
    throw invalid('within', `within "${within}" from asOf ${formatDay(asOf)} ends after ${INPUT_YEARS.last}, the last year casepath accepts`);
  }
  return until;
}

/** The body as JSON: its type checked, its size bounded (bodyLimit), its nesting bounded, parse errors located. */
async function jsonBody(c: Context): Promise<unknown> {
  const header = c.req.header('content-type') ?? '';
  const [type, ...params] = header.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type ?? '')) {
    throw new ProblemError('unsupported-media-type', header ? 'send the body as JSON with Content-Type: application/json' : 'the request has no Content-Type: send the body as JSON with Content-Type: application/json');
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new ProblemError('unsupported-media-type', 'send the body as UTF-8 JSON (charset=utf-8)');
  let text: string;
  try {
    text = await c.req.text();
  } catch (err) {
    if (err instanceof HTTPException || err instanceof ProblemError) throw err;
    // The client closed the connection, or sent fewer bytes than its Content-Length.
    throw invalid('', 'the body could not be read to its end (the connection closed early, or Content-Length was wrong)', 'parse-error');
  }
  if (text.trim() === '') throw invalid('', 'the body is empty: send JSON', 'parse-error');
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw invalid('', `the body nests ${depth > 10_000 ? 'more than 10,000' : depth.toLocaleString('en-GB')} levels deep; at most ${MAX_JSON_DEPTH}`, 'parse-error');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // Not the parser's own message: it quotes the body, which may hold children's data.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw invalid('', `the body is not valid JSON${at ? ` (at character ${at})` : ''}`, 'parse-error');
  }
}

/** The deepest nesting of arrays and objects in JSON text (strings skipped), in one pass, without parsing. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      if (++depth > max) max = depth;
    } else if (ch === 93 || ch === 125) depth--;
  }
  return max;
}
