/**
 * The HTTP service through `app.request()`, over each store: a temp SQLite file, and
 * PostgreSQL when CASEPATH_TEST_POSTGRES is set (skipped otherwise, the reason in the suite's name).
 * Responses are held to the zod schemas the OpenAPI document is generated from.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { createCasepathApp } from '../../src/server/app.js';
import { cacheCost } from '../../src/server/cases.js';
import {
  appendResultSchema,
  caseDeadlinesSchema,
  caseViewSchema,
  healthSchema,
  problemSchema,
  putCaseResultSchema,
  upcomingSchema,
} from '../../src/server/openapi.js';
import type { Logger } from '../../src/server/log.js';
import type { Store } from '../../src/server/store.js';
import type { MonitorMode } from '../../src/monitor/types.js';
import { STORE_KINDS, TOKEN, auth, evidencedS47, eventStream, hearsayS47, jsonAuth, memoryLogger } from './support.js';

type Hono = ReturnType<typeof createCasepathApp>['app'];

for (const kind of STORE_KINDS) {
  // A skipped variant says why in its name (shown by --reporter=verbose and in CI's JSON report):
  // a passing run prints nothing.
  (kind.skip ? describe.skip : describe)(`casepath service over ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let store: Store;
    let again: () => Promise<Store>;
    let cleanup: () => Promise<void>;
    let logs: Record<string, unknown>[] = [];
    let logger: Logger;

    beforeEach(async () => {
      ({ store, again, cleanup } = await kind.create());
      ({ logger, lines: logs } = await memoryLogger());
    });
    afterEach(async () => {
      await cleanup();
    });

    const appOf = (mode: MonitorMode = 'audit', s: Store = store, maxBodyBytes?: number): Hono =>
      createCasepathApp({ store: s, token: TOKEN, mode, logger, ...(maxBodyBytes ? { maxBodyBytes } : {}) }).app;

    const put = (app: Hono, id: string, body: unknown) => app.request(`/cases/${id}`, { method: 'PUT', headers: jsonAuth, body: JSON.stringify(body) });
    const post = (app: Hono, id: string, body: unknown) => app.request(`/cases/${id}/events`, { method: 'POST', headers: jsonAuth, body: JSON.stringify(body) });
    const get = (app: Hono, path: string) => app.request(path, { headers: auth });
    const child = { children: [{ id: 'A' }] };

    it('answers /health without a token, after asking the database', async () => {
      const res = await appOf().request('/health');
      expect(res.status).toBe(200);
      expect(healthSchema.parse(await res.json())).toEqual({ status: 'ok', database: kind.name });
    });

    it('refuses every other route without the right bearer token (401 problem)', async () => {
      const app = appOf();
      for (const [path, init] of [
        ['/cases/c1', {}],
        ['/cases/c1', { headers: { authorization: 'Bearer wrong' } }],
        ['/cases/c1', { headers: { authorization: TOKEN } }],
        ['/deadlines', {}],
        ['/cases/c1/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' }],
      ] as const) {
        const res = await app.request(path, init);
        expect(res.status, `${path} ${JSON.stringify(init)}`).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(problemSchema.parse(await res.json()).status).toBe(401);
      }
    });

    it('creates a case with PUT (201), and a repeat of the same header changes nothing (200)', async () => {
      const app = appOf();
      const first = await put(app, 'c1', { ...child, title: 'demo' });
      expect(first.status).toBe(201);
      const body = putCaseResultSchema.parse(await first.json());
      expect(body).toMatchObject({ created: true, header: { case: 'c1', completeness: 'record', title: 'demo' } });
      const second = await put(app, 'c1', { ...child, title: 'demo' });
      expect(second.status).toBe(200);
      expect(await second.json()).toMatchObject({ created: false, changed: false, version: 1 });
    });

    it('refuses an invalid header with every issue named (400)', async () => {
      const res = await put(appOf(), 'c1', { children: [], completeness: 'partial', colour: 'red' });
      expect(res.status).toBe(400);
      const p = problemSchema.parse(await res.json());
      expect(p.issues!.map((i) => i.path).sort()).toEqual(['', 'children', 'completeness']);
    });

    it('answers an append to an unknown case with 404, saying to PUT it first', async () => {
      const res = await post(appOf(), 'nope', evidencedS47());
      expect(res.status).toBe(404);
      expect(problemSchema.parse(await res.json()).detail).toMatch(/PUT \/cases\/nope/);
    });

    it('checks and records events in order, with findings and clocks per event', async () => {
      const app = appOf();
      await put(app, 'c1', child);
      const res = await post(app, 'c1', [...evidencedS47(), ...hearsayS47('2024-03-06', '2024-03-07')]);
      expect(res.status).toBe(201);
      const body = appendResultSchema.parse(await res.json());
      expect(body.recorded).toBe(6);
      expect(body.events.map((e) => e.event)).toEqual(['ref', 'c1', 'dec', 'sd', 'h1', 'hs']);
      expect(body.events.find((e) => e.event === 'sd')!.clocks.started.map((c) => c.rule)).toContain('icpc-late');
      expect(body.events.find((e) => e.event === 'dec')!.clocks.met.map((c) => c.rule)).toContain('referral-decision-late');
      expect((body.events.find((e) => e.event === 'sd')!.states!.childProtection as Record<string, string>)['A']).toBe('s47');
      // audit mode: the hearsay escalation is recorded and flagged
      expect(body.events.find((e) => e.event === 'hs')!.findings.map((f) => f.rule)).toContain('escalation-without-evidence');

      const view = caseViewSchema.parse(await (await get(app, '/cases/c1?asOf=2024-03-08')).json());
      expect(view.events.map((e) => e['id'])).toEqual(['ref', 'c1', 'dec', 'sd', 'h1', 'hs']);
      expect(view.findings.map((f) => f.rule)).toContain('escalation-without-evidence');
      expect((view.states.childProtection as Record<string, string>)['A']).toBe('s47');
      expect(view.asOf).toBe('2024-03-08');
    });

    it('treats a repeated event id with the same content as a no-op, and other content as a conflict (409)', async () => {
      const app = appOf();
      await put(app, 'c1', child);
      expect((await post(app, 'c1', evidencedS47())).status).toBe(201);
      const again_ = await post(app, 'c1', evidencedS47());
      expect(again_.status).toBe(200);
      const body = appendResultSchema.parse(await again_.json());
      expect(body.events.every((e) => e.duplicate && e.status === 'duplicate')).toBe(true);
      expect(body.recorded).toBe(0);
      // a duplicate inside one request, too
      const ev = { id: 'v1', type: 'home.visited', at: '2024-03-06' };
      const mixed = appendResultSchema.parse(await (await post(app, 'c1', [ev, ev])).json());
      expect(mixed.events.map((e) => e.status)).toEqual(['recorded', 'duplicate']);

      const conflict = await post(app, 'c1', { ...ev, at: '2024-03-07' });
      expect(conflict.status).toBe(409);
      expect(problemSchema.parse(await conflict.json()).issues![0]).toMatchObject({ eventId: 'v1', path: 'id' });
      const view = caseViewSchema.parse(await (await get(app, '/cases/c1')).json());
      expect(view.events.map((e) => e['id'])).toEqual(['ref', 'c1', 'dec', 'sd', 'v1']);
    });

    it('takes a late entry (dated before the last event) and places it by its date', async () => {
      const app = appOf();
      await put(app, 'c1', child);
      await post(app, 'c1', { id: 'v2', type: 'home.visited', at: '2024-03-10' });
      const res = await post(app, 'c1', { id: 'v1', type: 'home.visited', at: '2024-03-01' });
      expect(res.status).toBe(201);
      expect(appendResultSchema.parse(await res.json()).events[0]!.late).toBe(true);
      const view = caseViewSchema.parse(await (await get(app, '/cases/c1')).json());
      expect(view.events.map((e) => e['id'])).toEqual(['v1', 'v2']);
      // and after a restart (rebuilt from the stored events in the order received)
      const fresh = caseViewSchema.parse(await (await get(appOf('audit', await again()), '/cases/c1')).json());
      expect(fresh.events.map((e) => e['id'])).toEqual(['v1', 'v2']);
    });

    it('refuses invalid events with every issue and its field (400), storing nothing', async () => {
      const app = appOf();
      await put(app, 'c1', child);
      const res = await post(app, 'c1', [
        { id: 'ok', type: 'home.visited', at: '2024-03-01' },
        { id: 'bad-date', type: 'home.visited', at: '2024-13-01' },
        { id: 'stranger', type: 'child.seen', at: '2024-03-02', children: ['Z'] },
        { id: 'typo', type: 'home.visitted', at: '2024-03-02' },
        { id: 'extra', type: 'child.seen', at: '2024-03-02', colour: 'red' },
      ]);
      expect(res.status).toBe(400);
      const p = problemSchema.parse(await res.json());
      const where = p.issues!.map((i) => `${i.eventIndex}:${i.eventId}:${i.path}:${i.code}`);
      expect(where).toEqual(
        expect.arrayContaining(['1:bad-date:at:bad-date', '2:stranger:children.0:unknown-child', '3:typo:type:unknown-event-type', '4:extra::invalid-field']),
      );
      const view = caseViewSchema.parse(await (await get(app, '/cases/c1')).json());
      expect(view.events).toEqual([]);
      // a body that is not JSON, or not JSON-typed
      const notJson = await app.request('/cases/c1/events', { method: 'POST', headers: jsonAuth, body: '{"id": ' });
      expect(notJson.status).toBe(400);
      expect(problemSchema.parse(await notJson.json()).issues![0]!.code).toBe('parse-error');
      const form = await app.request('/cases/c1/events', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' });
      expect(form.status).toBe(415);
    });

    it('in enforce mode refuses an escalation on hearsay (422, naming the rule and its citation) and stores nothing of the request', async () => {
      const app = appOf('enforce');
      await put(app, 'c1', child);
      expect((await post(app, 'c1', evidencedS47())).status).toBe(201);
      const res = await post(app, 'c1', [{ id: 'v1', type: 'home.visited', at: '2024-03-06' }, ...hearsayS47('2024-03-06', '2024-03-07')]);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const p = problemSchema.parse(await res.json());
      expect(p.rules!.map((r) => r.id)).toEqual(['escalation-without-evidence']);
      expect(p.rules![0]!.event).toBe('hs');
      expect(p.rules![0]!.citation).toMatch(/Children Act 1989, s47\(1\)/);
      expect(p.detail).toMatch(/escalation-without-evidence/);

      const view = caseViewSchema.parse(await (await get(app, '/cases/c1')).json());
      expect(view.events.map((e) => e['id'])).toEqual(['ref', 'c1', 'dec', 'sd']);
      // the monitor was not left holding the refused request's events
      const next = await post(app, 'c1', { id: 'v1', type: 'home.visited', at: '2024-03-06' });
      expect(next.status).toBe(201);
      expect(appendResultSchema.parse(await next.json()).version).toBe(3);
      // the same in audit mode is recorded (and flagged)
      const audit = await post(appOf('audit'), 'c1', hearsayS47('2024-03-06', '2024-03-07'));
      expect(audit.status).toBe(201);
    });

    it('lists a due ICPC among the deadlines within 10 working days, and the case\'s own open clocks', async () => {
      const app = appOf();
      await put(app, 'c1', child);
      await put(app, 'c2', child);
      await post(app, 'c1', evidencedS47('2024-03-04', '2024-03-05'));
      await post(app, 'c2', evidencedS47('2024-04-02', '2024-04-03'));

      const res = await get(app, '/deadlines?within=10wd&asOf=2024-03-15');
      expect(res.status).toBe(200);
      const body = upcomingSchema.parse(await res.json());
      expect(body.until).toBe('2024-04-02'); // 10 working days: Good Friday and Easter Monday are bank holidays
      const icpc = body.deadlines.find((d) => d.rule === 'icpc-late');
      expect(icpc).toMatchObject({ case: 'c1', startedBy: 'sd', due: { earliest: '2024-03-26', latest: '2024-03-26' }, workingDaysLeft: { min: 7, max: 7 } });
      expect(body.deadlines.some((d) => d.case === 'c2')).toBe(false);
      const due = body.deadlines.map((d) => d.due.earliest);
      expect(due).toEqual([...due].sort());

      const later = upcomingSchema.parse(await (await get(app, '/deadlines?within=60d&asOf=2024-03-15')).json());
      expect(later.deadlines.filter((d) => d.rule === 'icpc-late').map((d) => d.case)).toEqual(['c1', 'c2']);

      const own = caseDeadlinesSchema.parse(await (await get(app, '/cases/c1/deadlines?asOf=2024-03-15')).json());
      expect(own.deadlines.find((d) => d.rule === 'icpc-late')).toMatchObject({ due: { earliest: '2024-03-26' }, workingDaysLeft: { min: 7, max: 7 } });

      // the conference meets the clock: the row leaves the table in the same transaction
      await post(app, 'c1', { id: 'icpc', type: 'conference.held', at: '2024-03-20', kind: 'initial', decision: 'plan', reasons: [{ basis: 'concern', concern: 'k1' }] });
      const after = upcomingSchema.parse(await (await get(app, '/deadlines?within=10wd&asOf=2024-03-15')).json());
      expect(after.deadlines.some((d) => d.rule === 'icpc-late' && d.case === 'c1')).toBe(false);

      for (const bad of ['/deadlines?within=10weeks', '/deadlines?asOf=2024-02-30', '/cases/c1/deadlines?asOf=soon']) {
        const r = await get(app, bad);
        expect(r.status, bad).toBe(400);
      }
    });

    it('refuses a body over the size limit (413 problem)', async () => {
      const app = appOf('audit', store, 4096);
      await put(app, 'c1', child);
      const big = { id: 'n1', type: 'note', at: '2024-03-01', note: 'x'.repeat(5000) };
      const res = await post(app, 'c1', big);
      expect(res.status).toBe(413);
      expect(problemSchema.parse(await res.json()).status).toBe(413);
    });

    it('changes a header only if every recorded event still fits it', async () => {
      const app = appOf();
      await put(app, 'c1', { children: [{ id: 'A' }, { id: 'B' }] });
      await post(app, 'c1', { id: 'seenB', type: 'child.seen', at: '2024-03-01', children: ['B'] });
      const drop = await put(app, 'c1', child);
      expect(drop.status).toBe(409);
      expect(problemSchema.parse(await drop.json()).issues![0]).toMatchObject({ code: 'unknown-child', eventId: 'seenB' });
      const add = await put(app, 'c1', { children: [{ id: 'A' }, { id: 'B' }, { id: 'C', born: '2024-02' }] });
      expect(add.status).toBe(200);
      expect(await add.json()).toMatchObject({ changed: true, version: 3 });
      const ok = await post(app, 'c1', { id: 'seenC', type: 'child.seen', at: '2024-03-02', children: ['C'] });
      expect(ok.status).toBe(201);
    });

    it('keeps two instances on one database consistent (each checks its cached monitor against the case version)', async () => {
      const one = appOf();
      const two = appOf('audit', await again());
      await put(one, 'c1', child);
      const events = eventStream('e', 12);
      for (const [i, e] of events.entries()) {
        const res = await post(i % 3 === 0 ? two : one, 'c1', e);
        expect(res.status, `event ${i}`).toBe(201);
      }
      // a retry on the other instance is a duplicate, not a second copy
      expect((await post(two, 'c1', events[4])).status).toBe(200);
      for (const app of [one, two]) {
        const view = caseViewSchema.parse(await (await get(app, '/cases/c1')).json());
        expect(view.events.map((e) => e['id'])).toEqual(events.map((e) => e['id']));
        expect(view.version).toBe(13);
      }
    });

    it('bounds its case cache by memory: the least recently used cases are dropped, and come back from the store', async () => {
      // A budget for about two cases of 12 events: three cases cannot all stay cached.
      const budget = 2 * cacheCost(12) + cacheCost(0);
      const { app, service } = createCasepathApp({ store, token: TOKEN, mode: 'audit', logger, cacheBytes: budget });
      const events = eventStream('m', 12);
      for (const c of ['c1', 'c2', 'c3']) {
        await put(app, c, child);
        for (const [i, e] of events.entries()) expect((await post(app, c, e)).status, `${c} event ${i}`).toBe(201);
        const stats = service.cacheStats();
        expect(stats.bytes).toBeLessThanOrEqual(budget);
        expect(stats.budget).toBe(budget);
      }
      expect(service.cacheStats().cases).toBe(2);
      // c1 was dropped (least recently used): it is restored, with every event and finding.
      const view = caseViewSchema.parse(await (await get(app, '/cases/c1?asOf=2024-03-01')).json());
      expect(view.events.map((e) => e['id'])).toEqual(events.map((e) => e['id']));
      const full = createCasepathApp({ store, token: TOKEN, mode: 'audit', logger }).app;
      expect(view.findings).toEqual(caseViewSchema.parse(await (await get(full, '/cases/c1?asOf=2024-03-01')).json()).findings);
      expect(service.cacheStats().bytes).toBeLessThanOrEqual(budget);
      // A budget smaller than one case keeps nothing and still answers.
      const none = createCasepathApp({ store, token: TOKEN, mode: 'audit', logger, cacheBytes: 0 });
      expect((await post(none.app, 'c2', { id: 'm-extra', type: 'home.visited', at: '2024-03-06' })).status).toBe(201);
      expect(none.service.cacheStats()).toMatchObject({ cases: 0, bytes: 0 });
    });

    it('serialises concurrent appends to one case: each stored once, none lost', async () => {
      // PostgreSQL: two instances (row lock across pools). SQLite: one process, one writer at a time.
      const apps = kind.name === 'postgres' ? [appOf(), appOf('audit', await again())] : [appOf()];
      await put(apps[0]!, 'c1', child);
      const events = Array.from({ length: 16 }, (_, i) => ({ id: `v${i}`, type: 'home.visited', at: '2024-03-06' }));
      const results = await Promise.all(events.map((e, i) => post(apps[i % apps.length]!, 'c1', e)));
      expect(results.map((r) => r.status)).toEqual(events.map(() => 201));
      const versions = await Promise.all(results.map(async (r) => appendResultSchema.parse(await r.json()).version));
      expect([...versions].sort((a, b) => a - b)).toEqual(events.map((_, i) => i + 2));
      const view = caseViewSchema.parse(await (await get(apps[0]!, '/cases/c1')).json());
      expect(view.events.map((e) => e['id']).sort()).toEqual(events.map((e) => e.id).sort());
    });

    it('restores a case after a restart from its snapshot and the events after it', async () => {
      const events = eventStream('r', 40);
      const one = appOf();
      await put(one, 'c1', child);
      for (let i = 0; i < events.length; i += 10) expect((await post(one, 'c1', events.slice(i, i + 10))).status).toBe(201);
      const before = caseViewSchema.parse(await (await get(one, '/cases/c1?asOf=2024-03-01')).json());
      const fresh = appOf('enforce', await again());
      const after = caseViewSchema.parse(await (await get(fresh, '/cases/c1?asOf=2024-03-01')).json());
      expect(after.findings).toEqual(before.findings);
      expect(after.states).toEqual(before.states);
      expect((await post(fresh, 'c1', eventStream('r', 41).slice(40))).status).toBe(201);
    });

    it('recomputes the deadlines table at start when the rules configuration changed', async () => {
      const app = appOf();
      await put(app, 'c1', child);
      await post(app, 'c1', evidencedS47('2024-03-04', '2024-03-05'));
      const local = resolveConfig({ timescales: { icpc: 10 } }, 'local.yaml').config!;
      const restarted = createCasepathApp({ store: await again(), token: TOKEN, config: local });
      expect(await restarted.service.init()).toEqual({ recomputed: 1 });
      expect(await restarted.service.init()).toEqual({ recomputed: 0 });
      const body = upcomingSchema.parse(await (await get(restarted.app, '/deadlines?within=30d&asOf=2024-03-05')).json());
      expect(body.deadlines.find((d) => d.rule === 'icpc-late')!.due.earliest).toBe('2024-03-19');
    });

    it('serves an OpenAPI 3.1 document listing every path, with the bearer scheme', async () => {
      const res = await appOf().request('/openapi.json');
      expect(res.status).toBe(200);
      const doc = JSON.parse(await res.text()) as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> } };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths).sort()).toEqual(['/cases/{id}', '/cases/{id}/deadlines', '/cases/{id}/events', '/cases/{id}/report', '/deadlines', '/health', '/openapi.json']);
      expect(doc.components.securitySchemes['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const s of ['Event', 'CaseHeader', 'AppendResult', 'Problem', 'UpcomingDeadlines']) expect(doc.components.schemas[s], s).toBeDefined();
      // every $ref resolves
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
      for (const r of new Set(refs)) expect(doc.components.schemas[r], r).toBeDefined();
    });

    it('serves the HTML report of a case (or 501 when the build has none)', async () => {
      const app = appOf();
      await put(app, 'c1', child);
      await post(app, 'c1', evidencedS47());
      const res = await get(app, '/cases/c1/report?asOf=2024-03-08');
      expect([200, 501]).toContain(res.status);
      if (res.status === 200) {
        expect(res.headers.get('content-type')).toMatch(/text\/html/);
        expect(await res.text()).toMatch(/<html/);
      }
      expect((await get(app, '/cases/nope/report')).status).toBe(404);
    }, 60_000);

    it('logs one pino line per request: request id, method, route, status, duration, path and case id, never a body', async () => {
      const app = appOf();
      await put(app, 'c1', child);
      const res = await post(app, 'c1', hearsayS47());
      const reqId = res.headers.get('x-request-id');
      expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
      expect(logs).toHaveLength(2);
      expect(logs.at(-1)).toEqual({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        pid: process.pid,
        msg: 'request',
        reqId,
        method: 'POST',
        route: '/cases/:id/events',
        status: 201,
        ms: expect.any(Number),
        path: '/cases/c1/events',
        case: 'c1',
      });
      expect(JSON.stringify(logs)).not.toMatch(/neighbour|hearsay/);
      // the request id is stored with the events the request recorded
      const ids = await store.read((tx) => tx.eventRequestIds('c1'));
      expect(ids).toEqual([
        { eventId: 'h1', requestId: reqId },
        { eventId: 'hs', requestId: reqId },
      ]);
      // a client's own id-like X-Request-Id is kept
      const own = await app.request('/cases/c1', { headers: { ...auth, 'x-request-id': 'cms-42.7' } });
      expect(own.headers.get('x-request-id')).toBe('cms-42.7');
      expect(logs.at(-1)).toMatchObject({ reqId: 'cms-42.7', route: '/cases/:id', status: 200 });
    });

    it('answers unknown routes and bad case ids with problems', async () => {
      const app = appOf();
      expect((await get(app, '/nowhere')).status).toBe(404);
      expect((await get(app, '/cases/c1')).status).toBe(404);
      const bad = await get(app, `/cases/${encodeURIComponent('-x y')}`);
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toBe('application/problem+json');
    });
  });
}
