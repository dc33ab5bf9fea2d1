/**
 * Malformed requests, one by one (the fuzz suite, tests/fuzz/service.fuzz.test.ts,
 * generates thousands): each is a 4xx problem naming the parameter or field and the
 * kind of problem, quoting nothing but short values of the expected shape, and each
 * is logged once, by route pattern, with the raw path only when it is short and id-like.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, MIN_TOKEN_LENGTH, createCasepathApp, jsonDepth, tokenProblem } from '../../src/server/app.js';
import { describeValue, quoteId } from '../../src/server/describe.js';
import { problemSchema } from '../../src/server/openapi.js';
import type { Store } from '../../src/server/store.js';
import { STORE_KINDS, TOKEN, auth, jsonAuth, memoryLogger } from './support.js';

const sqlite = STORE_KINDS.find((k) => k.name === 'sqlite')!;

describe('the service answers malformed requests with problems, and logs each', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: ReturnType<typeof createCasepathApp>['app'];
  let lines: Record<string, unknown>[];
  let raw: string[];

  beforeEach(async () => {
    ({ store, cleanup } = await sqlite.create());
    const log = await memoryLogger();
    ({ lines, raw } = log);
    app = createCasepathApp({ store, token: TOKEN, logger: log.logger }).app;
    const res = await app.request('/cases/c1', { method: 'PUT', headers: jsonAuth, body: JSON.stringify({ children: [{ id: 'A' }] }) });
    expect(res.status).toBe(201);
  });
  afterEach(async () => cleanup());

  const problemOf = async (res: Response) => {
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const p = problemSchema.parse(await res.json());
    expect(p.status).toBe(res.status);
    expect(p.requestId).toBe(res.headers.get('x-request-id'));
    return p;
  };

  it('a malformed percent-encoding in the path is a 400 naming the case id, and is logged by its length', async () => {
    const res = await app.request('/cases/%', { headers: auth });
    expect(res.status).toBe(400);
    const p = await problemOf(res);
    expect(p.issues![0]).toMatchObject({ path: 'id', code: 'invalid-field' });
    expect(lines.at(-1)).toMatchObject({ method: 'GET', route: '/cases/:id', status: 400, pathLength: 8 });
    expect(lines.at(-1)).not.toHaveProperty('path');
    expect(lines.at(-1)).not.toHaveProperty('case');
  });

  it('a path segment of 4,096 characters is described, not quoted, in the problem and the log', async () => {
    const id = 'a'.repeat(4096);
    const res = await app.request(`/cases/${id}/events`, { method: 'POST', headers: jsonAuth, body: '{}' });
    expect(res.status).toBe(400);
    const p = await problemOf(res);
    expect(p.detail).toBe('the case id in the path is not valid: a path segment of 4,096 characters (at most 128)');
    expect(JSON.stringify(p)).not.toContain('aaaaaaaa');
    expect(lines.at(-1)).toMatchObject({ route: '/cases/:id/events', pathLength: 4096 + 14 });
    expect(raw.at(-1)).not.toContain('aaaaaaaa');
  });

  it('a case id with spaces or unicode is described; a short id-like one is quoted', async () => {
    const spaced = await problemOf(await app.request(`/cases/${encodeURIComponent('the mother said')}`, { headers: auth }));
    expect(spaced.detail).toMatch(/a path segment of 15 characters with spaces;/);
    expect(JSON.stringify(spaced)).not.toMatch(/mother/);
    const dash = await problemOf(await app.request('/cases/-x', { headers: auth }));
    expect(dash.detail).toMatch(/^the case id in the path is not valid: "-x"; case ids are/);
  });

  it('3,000 nested arrays inside an event are a 400 (no recursion), naming the limit', async () => {
    const deep = `${'['.repeat(3000)}0${']'.repeat(3000)}`;
    const res = await app.request('/cases/c1/events', { method: 'POST', headers: jsonAuth, body: `{"id":"e1","type":"note","at":"2024-01-01","x":${deep}}` });
    expect(res.status).toBe(400);
    const p = await problemOf(res);
    expect(p.detail).toBe(`the body nests 3,001 levels deep; at most ${MAX_JSON_DEPTH}`);
    expect(p.issues![0]!.code).toBe('parse-error');
    // brackets inside strings are not nesting
    expect(jsonDepth(`{"note": "${'['.repeat(500)}"}`)).toBe(1);
    expect(jsonDepth('{"a": "\\"[", "b": [[1]]}')).toBe(3);
  });

  it('asOf outside the input years (1900–2899) is a 400 naming asOf; a window past 2899 names within', async () => {
    const old = await problemOf(await app.request('/deadlines?asOf=0001-01-01', { headers: auth }));
    expect(old.status).toBe(400);
    expect(old.issues![0]).toMatchObject({ path: 'asOf', code: 'bad-date' });
    expect(old.detail).toBe('asOf "0001-01-01" is outside the years 1900–2899 casepath accepts');

    const far = await problemOf(await app.request('/deadlines?asOf=9999-12-31&within=9999wd', { headers: auth }));
    expect(far.issues!.map((i) => i.path)).toEqual(['asOf']);

    const past = await problemOf(await app.request('/deadlines?asOf=2899-12-01&within=9999wd', { headers: auth }));
    expect(past.issues![0]).toMatchObject({ path: 'within' });
    expect(past.detail).toMatch(/^within "9999wd" from asOf 2899-12-01 ends after 2899/);
    const edge = await app.request('/deadlines?asOf=2899-12-01&within=30d', { headers: auth });
    expect(edge.status).toBe(200);

    for (const path of ['/cases/c1?asOf=0001-01-01', '/cases/c1/deadlines?asOf=2900-01-01', '/cases/c1/report?asOf=1899-12-31']) {
      const p = await problemOf(await app.request(path, { headers: auth }));
      expect(p.issues![0]!.path, path).toBe('asOf');
    }
  });

  it('an event dated outside the input years, or whose due date or offset reaches past them, is a 400 and stores nothing', async () => {
    const post = (body: unknown) => app.request('/cases/c1/events', { method: 'POST', headers: jsonAuth, body: JSON.stringify(body) });
    const old = await problemOf(await post([{ id: 'v1', type: 'home.visited', at: '2024-01-01' }, { id: 'cg', type: 'core-group.held', at: '0001-01-01', unordered: true }]));
    expect(old.status).toBe(400);
    expect(old.issues).toEqual([expect.objectContaining({ eventId: 'cg', eventIndex: 1, path: 'at', code: 'bad-date' })]);
    const range = await problemOf(await post({ id: 'pa', type: 'plan.action-set', at: '2024-01-02', action: 'x', due: { between: ['2024-01-01', '9999-01-01'] } }));
    expect(range.issues![0]).toMatchObject({ path: 'due', code: 'bad-date' });
    const far = await problemOf(await post([{ id: 'v2', type: 'home.visited', at: '2024-01-01' }, { id: 'pb', type: 'plan.action-set', at: '2024-01-02', action: 'x', due: 'P9999Y' }]));
    expect(far.status).toBe(400);
    // The loader refuses an offset of more than 100 years (the input range's margin) before the monitor sees it.
    expect(far.issues![0]).toMatchObject({ eventId: 'pb', path: 'due', code: 'bad-date' });
    const header = await problemOf(await app.request('/cases/c3', { method: 'PUT', headers: jsonAuth, body: JSON.stringify({ children: [{ id: 'A', born: '0001-01-01' }] }) }));
    expect(header.issues![0]).toMatchObject({ path: 'children.0.born', code: 'bad-date' });
    // nothing of them was stored, and the case and the deadlines across cases still answer
    const view = await app.request('/cases/c1', { headers: auth });
    expect(((await view.json()) as { events: unknown[] }).events).toEqual([]);
    expect((await app.request('/deadlines?within=3650d&asOf=2024-01-01', { headers: auth })).status).toBe(200);
    expect((await app.request('/cases/c1/events', { method: 'POST', headers: jsonAuth, body: JSON.stringify({ id: 'ok', type: 'home.visited', at: '2024-01-03' }) })).status).toBe(201);
  });

  it('a date-shaped asOf is quoted; anything else is described', async () => {
    const feb = await problemOf(await app.request('/cases/c1?asOf=2024-02-30', { headers: auth }));
    expect(feb.detail).toBe('asOf "2024-02-30" is not a calendar date');
    const text = await problemOf(await app.request(`/cases/c1?asOf=${encodeURIComponent('when she was seen at school')}`, { headers: auth }));
    expect(text.detail).toBe('asOf is not a date (YYYY-MM-DD): a value of 27 characters with spaces');
  });

  it('a repeated or unknown query parameter is a 400', async () => {
    const twice = await problemOf(await app.request('/deadlines?asOf=2024-03-01&asOf=2024-03-02', { headers: auth }));
    expect(twice.detail).toBe('asOf is given 2 times; give it once');
    const unknown = await problemOf(await app.request('/cases/c1?asof=2024-03-01', { headers: auth }));
    expect(unknown.detail).toBe('unknown query parameter "asof"; this endpoint takes only asOf');
    const spaced = await problemOf(await app.request(`/deadlines?${encodeURIComponent('a secret name')}=1`, { headers: auth }));
    expect(spaced.detail).toBe('unknown query parameter a name of 13 characters with spaces; this endpoint takes asOf and within');
    expect(spaced.issues![0]!.path).toBe('');
  });

  it('a method a path does not take is a 405 with Allow; an unknown method is logged as OTHER', async () => {
    const res = await app.request('/cases/c1', { method: 'PATCH', headers: auth });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('PUT, GET, HEAD');
    expect((await problemOf(res)).detail).toBe('PATCH is not allowed on /cases/{id}; use PUT or GET or HEAD');
    const odd = await app.request('/cases/c1/events', { method: 'SECRETTHING', headers: auth });
    expect(odd.status).toBe(405);
    expect((await problemOf(odd)).detail).toMatch(/^this method is not allowed on \/cases\/\{id\}\/events/);
    expect(lines.at(-1)).toMatchObject({ method: 'OTHER', route: '/cases/:id/events', status: 405 });
    expect(raw.at(-1)).not.toMatch(/SECRETTHING/);
    expect((await app.request('/health', { method: 'DELETE' })).status).toBe(405);
  });

  it('a HEAD of a case answers like GET, without a body', async () => {
    const res = await app.request('/cases/c1', { method: 'HEAD', headers: auth });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(lines.at(-1)).toMatchObject({ method: 'HEAD', route: '/cases/:id', status: 200 });
  });

  it('bodies: empty, not JSON-typed, another charset, JSON but not an object, an empty list, too many events', async () => {
    const post = (body: string, headers: Record<string, string> = jsonAuth) => app.request('/cases/c1/events', { method: 'POST', headers, body });
    expect((await problemOf(await post(''))).detail).toBe('the body is empty: send JSON');
    expect((await post('{}', { ...auth })).status).toBe(415);
    expect((await post('{}', { ...auth, 'content-type': 'application/json; charset=latin1' })).status).toBe(415);
    expect((await post('{}', { ...auth, 'content-type': 'application/json; charset=UTF-8' })).status).toBe(400);
    const scalar = await problemOf(await post('"the mother said so"'));
    expect(scalar.issues).toEqual([expect.objectContaining({ eventIndex: 0, path: '', message: 'an event must be an object with id, type and at, not a value of 18 characters with spaces' })]);
    expect(JSON.stringify(scalar)).not.toMatch(/mother/);
    const mixed = await problemOf(await post('[null, 3, [], {"id": "x", "type": "note", "at": "2024-01-01"}]'));
    expect(mixed.issues!.map((i) => i.eventIndex)).toEqual([0, 1, 2]);
    expect((await problemOf(await post('[]'))).detail).toBe('send one event or a non-empty array of events');
    const many = JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ id: `n${i}`, type: 'note', at: '2024-01-01' })));
    expect((await problemOf(await post(many))).detail).toBe('at most 1000 events per request; this has 1001');
    const header = await problemOf(await app.request('/cases/c2', { method: 'PUT', headers: jsonAuth, body: '[]' }));
    expect(header.issues![0]!.message).toBe('expected object');
  });

  it('the case header: free text in unknown fields, child ids and dates of birth is never quoted', async () => {
    const res = await app.request('/cases/c2', {
      method: 'PUT',
      headers: jsonAuth,
      body: JSON.stringify({ children: [{ id: 'the girl next door' }, { id: 'the girl next door', born: 'when her father left' }], 'her real name': 1, completeness: 'her words' }),
    });
    const p = await problemOf(res);
    expect(p.status).toBe(400);
    expect(JSON.stringify(p)).not.toMatch(/girl|father|real name|her words/);
    expect(p.issues!.map((i) => i.path).sort()).toEqual(['', 'children.1.born', 'completeness']);
  });

  it('unknown paths are a 404 that quotes nothing; a wrong token a 401 with WWW-Authenticate', async () => {
    const res = await app.request(`/cases/c1/${encodeURIComponent('a private note')}`, { headers: auth });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await problemOf(res))).not.toMatch(/private/);
    expect(lines.at(-1)).toMatchObject({ route: null, status: 404 });
    const bad = await app.request('/cases/c1', { headers: { authorization: `Bearer ${'x'.repeat(100_000)}` } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer realm="casepath"');
  });
});

describe('tokens', () => {
  it('refuses blank, short and unsendable tokens, and accepts the README example', () => {
    expect(tokenProblem(undefined)).toBe('the token is blank');
    expect(tokenProblem('   ')).toBe('the token is blank');
    expect(tokenProblem('x'.repeat(MIN_TOKEN_LENGTH - 1))).toBe('the token has 31 characters; use at least 32');
    expect(tokenProblem(`${'x'.repeat(40)} y`)).toMatch(/printable ASCII/);
    expect(tokenProblem('é'.repeat(40))).toMatch(/printable ASCII/);
    expect(tokenProblem('x'.repeat(MIN_TOKEN_LENGTH))).toBeUndefined();
    expect(tokenProblem('change-me-to-a-long-random-secret')).toBeUndefined();
    expect(() => createCasepathApp({ store: {} as Store, token: 'short' })).toThrow(/at least 32/);
  });
});

describe('what may be quoted', () => {
  it('quotes short id-shaped values and describes the rest', () => {
    expect(quoteId('case-0042')).toBe('"case-0042"');
    expect(quoteId('x'.repeat(65))).toBe('a value of 65 characters');
    expect(quoteId('a b\u0000é')).toBe('a value of 5 characters with control characters and spaces and non-ASCII characters');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2])).toBe('a list of 2 items');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(3)).toBe('a number');
    expect(describeValue('')).toBe('an empty value');
  });
});
