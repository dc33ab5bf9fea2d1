/**
 * Fuzzing the HTTP service in process (`app.request()`): generated hostile requests —
 * malformed percent-encodings, odd and unknown methods, unicode, control characters
 * and very long ids and paths, duplicate and unknown query parameters, dates outside
 * the input years, windows that run past them, missing, wrong and huge headers, wrong
 * content types and charsets, empty bodies, JSON that is not an object, deep nesting,
 * too many events, mutated and malformed events, and valid chronologies — against one
 * app over an in-memory SQLite store (renewed every 500 runs, so cases stay small).
 *
 * Every response must be a 2xx, or a 4xx whose body is an RFC 9457 problem carrying
 * the request id (never a 5xx); no response and no log line may hold a stack trace;
 * every request is logged exactly once, as a `request` line with only the documented
 * fields; and a marker planted in `note` fields and other free text (titles, `what`,
 * views, request ids and methods and paths that are not id-like) appears in
 * no log line and no problem. The one place free text comes back is where the client
 * asks for its own record: the `events` and `header` of `GET /cases/{id}` and the
 * `header` of `PUT /cases/{id}`, and the title in the HTML report (never its notes).
 *
 * Each request has a hang guard (CASEPATH_FUZZ_TIMEOUT_MS, default 20 s); requests over
 * 2 s are reported in a summary, not asserted on (speed belongs to benchmarks).
 *
 * CASEPATH_FUZZ_RUNS (default 2,000; `npm run test:fuzz` runs 100,000) and
 * CASEPATH_FUZZ_SEED (default fixed, so CI repeats exactly) control the run; a failure
 * prints the seed, the run and the request.
 */
import { fc } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { chronologyArbitrary, malformedChronologyArbitrary } from '../../src/testing/index.js';
import { EVENT_TYPES } from '../../src/schema/events.js';
import { createCasepathApp } from '../../src/server/app.js';
import { problemSchema } from '../../src/server/openapi.js';
import { createSqliteStore } from '../../src/server/store-sqlite.js';
import type { Store } from '../../src/server/store.js';
import { memoryLogger } from '../server/support.js';

const RUNS = Number(process.env['CASEPATH_FUZZ_RUNS'] ?? 2000);
const SEED = Number(process.env['CASEPATH_FUZZ_SEED'] ?? 20261124);
const TIMEOUT_MS = Number(process.env['CASEPATH_FUZZ_TIMEOUT_MS'] ?? 20_000);
const SLOW_MS = 2000;
const TOKEN = 'fuzz-token-0123456789abcdefghijklmnopqrstuvwxyz';
const RENEW_EVERY = 500;

/** Planted in free text: it must never come back in a problem or a log line. */
const MARK = 'Zqxjv';
const NOTE = `${MARK} note: the child told her teacher something private`;
const FREE = `${MARK} free text`;
const MARK_RE = new RegExp(MARK, 'i');
const STACK_RE = /\n\s+at \S|\bat [^\s()]+ \(.*:\d+:\d+\)|node:internal|file:\/\/\//;
const LOG_KEYS = new Set(['level', 'time', 'pid', 'msg', 'reqId', 'method', 'route', 'status', 'ms', 'path', 'pathLength', 'case']);

interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Percent-encoding that never throws (a lone surrogate becomes the bytes of one: malformed UTF-8, on purpose). */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, 'content-type': 'application/json' };
/** Cases that exist in every store (created when it is made). */
const SEEDED = ['fz-a', 'fz-b', 'fz-c'];

/* ---------- pieces ---------- */

/**
 * Hostile values for fields the chronology loader checks carry no marker: its messages
 * are another module's (being made to quote no free text), and the service passes its
 * issues through as data. Values the service itself checks (path, query, headers, the
 * case header) carry the marker: `serviceHostile`.
 */
const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '%', '%zz', '\u0000', '\ud800', '\uffff', '😀', 'é', '../..', '<script>', 'some words with spaces', 'a'.repeat(300), 'x'.repeat(5000)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const serviceHostile = fc.oneof(hostileString, fc.constantFrom(FREE, `${FREE} ${'y'.repeat(100)}`, `${MARK}\u0000`, `${MARK}-${'z'.repeat(80)}`));

const pathSegment = fc.oneof(
  fc.constantFrom('%', '%zz', '%C0%AF', '%ED%A0%80', '%00', '%2F', '%2e%2e', '..', '.', '', 'é', '%C3%A9', '😀', '-x', 'a b', `${MARK}%20note%20text`, 'fz-a', 'nope'),
  fc.integer({ min: 129, max: 20_000 }).map((n) => 'a'.repeat(n)),
  fc.string({ maxLength: 30 }).map(enc),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/),
);

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'MKCOL', `${MARK}METHOD`, 'get', 'post', 'X'];
const method = fc.constantFrom(...METHODS);

const dayValue = fc.oneof(
  fc.constantFrom('2024-03-18', '0001-01-01', '1899-12-31', '1900-01-01', '2899-12-31', '2900-01-01', '9999-12-31', '2024-02-30', '2024-13-01', '24-03-18', '2024-3-18', 'today', '', '%', `${FREE}`),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
    ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
  serviceHostile,
);
const withinValue = fc.oneof(
  fc.constantFrom('10wd', '0d', '9999wd', '9999d', '10000d', '-1d', '10WD', '1e3d', '10 wd', 'wd', '', `${FREE}`),
  fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.constantFrom('wd', 'd', 'w', '')).map(([n, u]) => `${n}${u}`),
  serviceHostile,
);

const queryString = fc
  .array(
    fc.oneof(
      dayValue.map((v) => ['asOf', v] as const),
      withinValue.map((v) => ['within', v] as const),
      fc.tuple(fc.constantFrom('asof', 'foo', '', 'asOf[]', '%', `${MARK} param`, `${MARK}-${'p'.repeat(80)}`), serviceHostile),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}` : ''));
const rawQuery = fc.constantFrom('?asOf=%', '?asOf=%zz&within=%', '?&&&', '?asOf', '?=x', '?asOf=2024-03-18&asOf=2024-03-19', '?within=10wd&within=2d');

const authHeader = fc.oneof(
  { weight: 8, arbitrary: fc.constant(auth) },
  fc.constantFrom<Record<string, string>>(
    {},
    { authorization: 'Bearer' },
    { authorization: 'Bearer wrong-token' },
    { authorization: `Basic ${TOKEN}` },
    { authorization: `bearer ${TOKEN}` },
    { authorization: `Bearer ${TOKEN} extra` },
    { authorization: `Bearer ${TOKEN}`.repeat(2) },
    { authorization: `Bearer ${'x'.repeat(70_000)}` },
    { authorization: `Bearer ${MARK} planted` },
  ),
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  fc.constantFrom('', 'text/plain', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json;charset="UTF-8"', 'application/problem+json', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'APPLICATION/JSON', `application/${MARK}+json`, 'json', 'application/json; charset=utf-16'),
);

const extraHeaders = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Record<string, string>>({}) },
  fc.constantFrom<Record<string, string>>(
    { 'x-request-id': `${MARK} planted request id` },
    { 'x-request-id': 'cms-7.1' },
    { 'x-request-id': 'r'.repeat(500) },
    { 'x-forwarded-for': '10.0.0.1' },
    { 'x-huge': 'h'.repeat(60_000) },
    { accept: 'text/html' },
    { 'content-length': '5' },
  ),
);

/* ---------- bodies ---------- */

const nested = (depth: number, open: string, close: string, inner = '0') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

const plantNotes = (e: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...e, note: NOTE };
  // Not `reason` (appointment.missed), which findings quote as a label ("illness"), nor `action`
  // (plan.action-set), which plan.action-done refers to and the loader quotes: see the report.
  for (const k of ['what', 'view']) if (typeof out[k] === 'string') out[k] = FREE;
  return out;
};

/** A mutation of one event: a field removed, retyped or given a hostile value; a prototype key; a surrogate. */
const mutate = (e: Record<string, unknown>) =>
  fc.oneof(
    fc.constant(e),
    fc.constantFrom(...Object.keys(e)).map((k) => {
      const c = { ...e };
      delete c[k];
      return c;
    }),
    fc.tuple(fc.constantFrom(...Object.keys(e), 'colour', '__proto__', 'constructor'), fc.oneof(hostileString, fc.constant(null), fc.integer(), fc.constant([]), fc.constant({}), fc.constant(1e308))).map(([k, v]) => ({ ...e, [k]: v })),
    fc.constantFrom('0001-01-01', '9999-12-31', '2024-02-30', { between: ['2024-01-01', '2023-01-01'] }, { after: 'missing', offset: 'P1W' }, { after: e['id'], offset: 'P99999Y' }, { before: e['id'], offset: 'P1D' }, [], [1, 2], 'P1W').map((at) => ({ ...e, at })),
    fc.constantFrom(...EVENT_TYPES).map((type) => ({ ...e, type })),
    fc.constant({ ...e, id: `${String(e['id'])}\u0000` }),
    fc.constant({ ...e, id: '\ud800' }),
    fc.constant({ ...e, children: ['Z'] }),
    fc.constant({ ...e, type: 'x'.repeat(2000) }),
  );

const chronology = chronologyArbitrary({ maxEvents: 12, maxChildren: 2 });

const eventsBody = fc.oneof(
  chronology.chain((c) => fc.tuple(...(c.events as Record<string, unknown>[]).map((e) => mutate(plantNotes(e))))).map((events) => JSON.stringify(events)),
  malformedChronologyArbitrary().map((m) => JSON.stringify((m.data as { events?: unknown } | null)?.events ?? m.data)),
  fc.constantFrom(
    '',
    '   ',
    'null',
    'true',
    '42',
    '"a string"',
    '[]',
    '[1, 2, 3]',
    '[null]',
    '[[]]',
    '{}',
    '{"id":',
    '{"id": "x", "type": "note", "at": "2024-01-01", "note": "' + NOTE + '"',
    `{"id":"dup","type":"note","at":"2024-01-01","note":"${NOTE}","id":"dup2"}`,
    '{"__proto__": {"polluted": true}, "id": "p1", "type": "note", "at": "2024-01-01"}',
    '{"id": "big", "type": "note", "at": "2024-01-01", "n": 1e400}',
    '\ufeff{"id": "bom", "type": "note", "at": "2024-01-01"}',
    `{"id": "lone", "type": "note", "at": "2024-01-01", "note": "\\ud800 ${NOTE}"}`,
    JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ id: `n${i}`, type: 'note', at: '2024-01-01', note: NOTE }))),
    JSON.stringify({ id: 'huge-note', type: 'note', at: '2024-01-01', note: `${NOTE} ${'x'.repeat(900_000)}` }),
  ),
  fc.integer({ min: 2, max: 5000 }).map((d) => `{"id":"deep","type":"note","at":"2024-01-01","note":"${NOTE}","x":${nested(d, '[', ']')}}`),
  fc.integer({ min: 2, max: 5000 }).map((d) => nested(d, '{"a":', '}')),
  fc.integer({ min: 60, max: 70 }).map((d) => `[{"id":"d${d}","type":"note","at":"2024-01-01","children":${nested(d - 2, '[', ']', '"A"')}}]`),
);

const headerBody = fc.oneof(
  fc.constant(JSON.stringify({ children: [{ id: 'A' }], title: FREE })),
  fc.constantFrom(
    '',
    '[]',
    'null',
    '{}',
    '{"children": []}',
    `{"children": [{"id": "A"}, {"id": "A"}], "title": "${FREE}"}`,
    `{"children": [{"id": "${FREE}"}, {"id": "${FREE}"}]}`,
    `{"children": [{"id": "A", "born": "${FREE}"}], "title": "${FREE}"}`,
    `{"children": [{"id": "A", "note": "${NOTE}"}], "colour": "${FREE}"}`,
    `{"children": [{"id": "A"}], "${MARK} key": 1}`,
    `{"children": [{"id": "A"}], "completeness": "${FREE}"}`,
    '{"children": [{"id": "A", "born": "0001-01-01"}]}',
    '{"children": [{"id": "B"}]}',
  ),
  fc.integer({ min: 2, max: 5000 }).map((d) => `{"children":${nested(d, '[', ']', '{"id":"A"}')}}`),
);

/* ---------- requests ---------- */

const caseId = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...SEEDED) }, pathSegment);
const knownPath = fc.oneof(
  caseId.map((id) => `/cases/${id}`),
  caseId.map((id) => `/cases/${id}/events`),
  caseId.map((id) => `/cases/${id}/deadlines`),
  fc.constantFrom('/deadlines', '/health', '/openapi.json', '/cases', '/cases/', '/', '//cases/fz-a', '/cases/fz-a/', '/cases/fz-a/events/x', '/cases/fz-a//events', '/%', '/deadlines/', `/${MARK}%20path`),
  fc.array(pathSegment, { minLength: 1, maxLength: 6 }).map((segs) => `/${segs.join('/')}`),
);

const anyRequest: fc.Arbitrary<FuzzRequest[]> = fc
  .record({
    method,
    path: knownPath,
    query: fc.oneof(queryString, rawQuery),
    auth: authHeader,
    type: contentType,
    extra: extraHeaders,
    body: fc.option(fc.oneof(eventsBody, headerBody), { nil: undefined }),
  })
  .map((r) => [
    {
      label: 'any',
      method: r.method,
      path: `${r.path}${r.query}`,
      headers: { ...r.auth, ...(r.type ? { 'content-type': r.type } : {}), ...r.extra },
      ...(r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD' ? { body: r.body } : {}),
    },
  ]);

const appendRequest: fc.Arbitrary<FuzzRequest[]> = fc
  .record({ id: fc.constantFrom(...SEEDED), body: eventsBody, type: contentType, auth: authHeader })
  .map((r) => [{ label: 'append', method: 'POST', path: `/cases/${r.id}/events`, headers: { ...r.auth, 'content-type': r.type }, body: r.body }]);

const putRequest: fc.Arbitrary<FuzzRequest[]> = fc
  .record({ id: caseId, body: headerBody, type: contentType })
  .map((r) => [{ label: 'put', method: 'PUT', path: `/cases/${r.id}`, headers: { ...auth, 'content-type': r.type }, body: r.body }]);

const queryRequest: fc.Arbitrary<FuzzRequest[]> = fc
  .record({ path: fc.constantFrom('/deadlines', ...SEEDED.map((c) => `/cases/${c}`), ...SEEDED.map((c) => `/cases/${c}/deadlines`)), query: fc.oneof(queryString, rawQuery), method: fc.constantFrom('GET', 'HEAD') })
  .map((r) => [{ label: 'query', method: r.method, path: `${r.path}${r.query}`, headers: auth }]);

let fresh = 0;
/** A valid chronology (notes and free text planted) as a new case: PUT, POST, then a read of it. */
const flowRequest: fc.Arbitrary<FuzzRequest[]> = fc.record({ c: chronology, read: fc.constantFrom('', '/deadlines?asOf=2024-06-30', '?asOf=2030-01-01', '/report', '/report') }).map(({ c, read }) => {
  const id = `flow-${fresh++}`;
  const children = (c.children as { id: string }[]).map((ch) => ({ ...ch, note: NOTE }));
  return [
    { label: 'flow-put', method: 'PUT', path: `/cases/${id}`, headers: json, body: JSON.stringify({ children, title: FREE, completeness: c.completeness ?? 'record' }) },
    { label: 'flow-post', method: 'POST', path: `/cases/${id}/events`, headers: json, body: JSON.stringify((c.events as Record<string, unknown>[]).map(plantNotes)) },
    { label: 'flow-read', method: 'GET', path: `/cases/${id}${read}`, headers: auth },
  ];
});

const requests = fc.oneof(
  { weight: 6, arbitrary: anyRequest },
  { weight: 4, arbitrary: appendRequest },
  { weight: 2, arbitrary: putRequest },
  { weight: 3, arbitrary: queryRequest },
  { weight: 1, arbitrary: flowRequest },
);

/* ---------- the run ---------- */

const describeRequest = (r: FuzzRequest) =>
  `${r.label}: ${r.method} ${r.path.length > 200 ? `${r.path.slice(0, 200)}… (${r.path.length} chars)` : r.path} headers ${JSON.stringify(r.headers).slice(0, 300)} body ${r.body === undefined ? '(none)' : r.body.length > 300 ? `${r.body.slice(0, 300)}… (${r.body.length} chars)` : r.body}`;

/** Drop what is the client's own record before looking for the planted text. */
function withoutOwnRecord(r: FuzzRequest, status: number, text: string): string {
  // The route the server saw: URL parsing removes dot segments (/cases/./x is /cases/x).
  let path = r.path;
  try {
    // As a client resolves it against the server's own origin (a path like //x is a host).
    const url = new URL(`http://localhost${r.path}`);
    path = url.pathname + url.search;
  } catch {
    // Not a URL a client could send: matched as written.
  }
  // The training viewer shows the case's title (free text planted as FREE), never notes.
  if (status === 200 && /^\/cases\/[^/?]+\/report/.test(path)) return text.split(FREE).join('');
  if (status >= 300 || !text.startsWith('{')) return text;
  const body = JSON.parse(text) as Record<string, unknown>;
  if (/^\/cases\/[^/?]+(\?|$)/.test(path) && ['GET', 'PUT'].includes(r.method.toUpperCase())) {
    delete body['events'];
    delete body['header'];
  }
  return JSON.stringify(body);
}

describe('the service under hostile requests', () => {
  const slow: { ms: number; request: string }[] = [];
  const statuses = new Map<number, number>();
  let stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    const counts = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    console.info(`service fuzz: ${RUNS} runs, seed ${SEED}; statuses ${counts}`);
    if (slow.length) {
      console.info(`service fuzz: ${slow.length} request(s) over ${SLOW_MS / 1000} s (not a failure; see BENCHMARKS for speed):`);
      for (const s of slow.sort((a, b) => b.ms - a.ms).slice(0, 15)) console.info(`  ${Math.round(s.ms)} ms  ${s.request}`);
    } else console.info(`service fuzz: no request over ${SLOW_MS / 1000} s`);
  });

  it(`answers every request with a 2xx or a 4xx problem, logs it once, and echoes no free text (${RUNS} runs, seed ${SEED})`, async () => {
    const { logger, lines, raw } = await memoryLogger();
    let app: ReturnType<typeof createCasepathApp>['app'] | undefined;
    let runs = 0;
    const fresh_ = async () => {
      const store = await createSqliteStore(':memory:');
      stores.push(store);
      const mode = stores.length % 2 === 0 ? 'enforce' : 'audit';
      const a = createCasepathApp({ store, token: TOKEN, mode, logger }).app;
      for (const id of SEEDED) {
        const res = await a.request(`/cases/${id}`, { method: 'PUT', headers: json, body: JSON.stringify({ children: [{ id: 'A' }, { id: 'B' }] }) });
        expect(res.status).toBe(201);
      }
      return a;
    };

    const send = async (r: FuzzRequest): Promise<void> => {
      let init: RequestInit;
      try {
        init = { method: r.method, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) };
        new Request(`http://localhost${r.path}`, init);
      } catch {
        return; // not a request a client can make (e.g. a method fetch refuses); nothing to send
      }
      const before = lines.length;
      const rawBefore = raw.length;
      const start = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const res = await Promise.race([
        app!.request(r.path, init),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms: ${describeRequest(r)}`)), TIMEOUT_MS))),
      ]).finally(() => clearTimeout(timer));
      const text = await res.text();
      const ms = performance.now() - start;
      if (ms > SLOW_MS) slow.push({ ms, request: describeRequest(r) });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const what = `${describeRequest(r)}\n→ ${res.status} ${text.slice(0, 500)}`;

      expect(res.status, what).toBeGreaterThanOrEqual(200);
      expect(res.status, what).toBeLessThan(500);
      expect(res.status >= 300 && res.status < 400, what).toBe(false);
      const reqId = res.headers.get('x-request-id');
      expect(reqId, what).toBeTruthy();
      if (res.status >= 400) {
        expect(res.headers.get('content-type'), what).toBe('application/problem+json');
        if (r.method !== 'HEAD') {
          const p = problemSchema.parse(JSON.parse(text));
          expect(p.status, what).toBe(res.status);
          expect(p.requestId, what).toBe(reqId);
        }
      }
      expect(text, what).not.toMatch(STACK_RE);
      expect(withoutOwnRecord(r, res.status, text), what).not.toMatch(MARK_RE);

      // Exactly one log line, the request's, with only the documented fields.
      const mine = lines.slice(before);
      expect(mine, what).toHaveLength(1);
      const line = mine[0]!;
      expect(line['msg'], what).toBe('request');
      expect(line['reqId'], what).toBe(reqId);
      expect(line['status'], what).toBe(res.status);
      for (const k of Object.keys(line)) expect(LOG_KEYS.has(k), `${what}\nlog key ${k}`).toBe(true);
      for (const l of raw.slice(rawBefore)) {
        expect(l, what).not.toMatch(MARK_RE);
        expect(l, what).not.toMatch(STACK_RE);
      }
    };

    await fc.assert(
      fc.asyncProperty(requests, async (batch) => {
        if (!app || runs % RENEW_EVERY === 0) app = await fresh_();
        runs++;
        for (const r of batch) await send(r);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(runs).toBe(RUNS);
  }, 24 * 60 * 60 * 1000);
});
