/**
 * The real CLI process: `node dist/src/cli/bin.js serve` on 127.0.0.1 and a free
 * port, spoken to with fetch. Needs `npm run build` first (skipped, saying so, when
 * dist/ has no service).
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, TOKEN, type Server, builtCli, evidencedS47, hearsayS47, startServer, tempDir } from './support.js';

const built = builtCli();
if (!built) console.info('tests/server/serve.process.test.ts skipped: run `npm run build` first (dist/src/server is missing)');

(built ? describe : describe.skip)('casepath serve (the process)', () => {
  const tmp = tempDir();
  const db = join(tmp.dir, 'serve.db');
  let audit: Server;
  let enforce: Server;

  beforeAll(async () => {
    [audit, enforce] = await Promise.all([
      startServer(['--db', db, '--token', TOKEN]),
      startServer(['--db', join(tmp.dir, 'enforce.db'), '--mode', 'enforce'], { CASEPATH_TOKEN: TOKEN }),
    ]);
  });
  afterAll(async () => {
    for (const s of [audit, enforce]) if (s && s.proc.exitCode === null) s.proc.kill('SIGKILL');
    tmp.remove();
  });

  const call = (s: Server, path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    fetch(`${s.url}${path}`, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) },
    });
  const json = async (res: Response) => (await res.json()) as Record<string, any>;

  it('refuses to start without a token (exit 2)', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(tmp.dir, 'none.db')], { cwd: ROOT, env: { ...process.env, CASEPATH_TOKEN: '' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs a token/);
  });

  it('refuses a token shorter than 32 characters, or blank, saying how to make one (exit 2)', () => {
    for (const token of ['ci-token-1732000000-12345', '                                  ']) {
      const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(tmp.dir, 'none.db'), '--token', token], { cwd: ROOT, env: { ...process.env, CASEPATH_TOKEN: '' }, encoding: 'utf8' });
      expect(r.status, token).toBe(2);
      expect(r.stderr).toMatch(/at least 32/);
      expect(r.stderr).toContain(`node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`);
      expect(r.stderr).toContain('openssl rand -base64 32');
    }
  });

  it('refuses an unknown --log-level or --log-format (exit 2)', () => {
    for (const args of [['--log-level', 'loud'], ['--log-format', 'xml']]) {
      const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--token', TOKEN, ...args], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
    }
  });

  it('prints one start line naming the address, the database and the mode', () => {
    expect(audit.stdout().split('\n')[0]).toMatch(new RegExp(`^casepath serve listening on http://127\\.0\\.0\\.1:\\d+ \\(sqlite ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, mode audit\\)$`));
    expect(enforce.stdout()).toMatch(/mode enforce\)/);
  });

  it('answers /health and /openapi.json without a token, and 401 to the rest', async () => {
    expect(await json(await call(audit, '/health', {}, null))).toEqual({ status: 'ok', database: 'sqlite' });
    const doc = await json(await call(audit, '/openapi.json', {}, null));
    expect(Object.keys(doc['paths'])).toEqual(expect.arrayContaining(['/cases/{id}/events', '/deadlines', '/health']));
    const res = await call(audit, '/cases/p1', {}, null);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await call(audit, '/cases/p1', {}, 'not-the-token')).status).toBe(401);
  });

  it('creates a case, appends events, ignores duplicates, refuses invalid events and lists the due ICPC', async () => {
    expect((await call(audit, '/cases/p1', { method: 'PUT', body: JSON.stringify({ children: [{ id: 'A' }] }) })).status).toBe(201);
    const first = await call(audit, '/cases/p1/events', { method: 'POST', body: JSON.stringify(evidencedS47()) });
    expect(first.status).toBe(201);
    expect((await json(first))['recorded']).toBe(4);
    const dup = await call(audit, '/cases/p1/events', { method: 'POST', body: JSON.stringify(evidencedS47()[3]) });
    expect(dup.status).toBe(200);
    expect((await json(dup))['events'][0]).toMatchObject({ event: 'sd', duplicate: true });

    const bad = await call(audit, '/cases/p1/events', { method: 'POST', body: JSON.stringify({ id: 'x', type: 'child.seen', at: '2024-03-06', children: ['Q'] }) });
    expect(bad.status).toBe(400);
    expect((await json(bad))['issues']).toEqual([expect.objectContaining({ eventId: 'x', path: 'children.0', code: 'unknown-child' })]);

    const due = await json(await call(audit, '/deadlines?within=10wd&asOf=2024-03-18'));
    expect(due['deadlines']).toEqual(expect.arrayContaining([expect.objectContaining({ case: 'p1', rule: 'icpc-late', due: { earliest: '2024-03-26', latest: '2024-03-26' } })]));
    const view = await json(await call(audit, '/cases/p1'));
    expect(view['events'].map((e: { id: string }) => e.id)).toEqual(['ref', 'c1', 'dec', 'sd']);
  });

  it('refuses a body over 1 MiB (413)', async () => {
    const huge = JSON.stringify([{ id: 'n', type: 'note', at: '2024-03-01', note: 'x'.repeat(1024 * 1024 + 10) }]);
    const res = await call(audit, '/cases/p1/events', { method: 'POST', body: huge });
    expect(res.status).toBe(413);
    expect((await json(res))['status']).toBe(413);
  });

  it('in enforce mode refuses an escalation on hearsay with 422 naming escalation-without-evidence, storing nothing', async () => {
    await call(enforce, '/cases/e1', { method: 'PUT', body: JSON.stringify({ children: [{ id: 'A' }] }) });
    const res = await call(enforce, '/cases/e1/events', { method: 'POST', body: JSON.stringify(hearsayS47()) });
    expect(res.status).toBe(422);
    const p = await json(res);
    expect(p['rules'].map((r: { id: string }) => r.id)).toEqual(['escalation-without-evidence']);
    expect(p['rules'][0]['citation']).toMatch(/s47\(1\)/);
    const view = await json(await call(enforce, '/cases/e1'));
    expect(view['events']).toEqual([]);
  });

  it('answers what the app never sees (not HTTP, headers over the limit, no Host, CONNECT) with a logged problem', async () => {
    const port = Number(new URL(audit.url).port);
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        let out = '';
        const socket = connect(port, '127.0.0.1', () => socket.end(text));
        socket.setEncoding('utf8');
        socket.on('data', (d: string) => (out += d));
        socket.on('close', () => resolve(out));
        socket.on('error', () => resolve(out));
      });
    const cases: [string, string, number][] = [
      ['not HTTP', 'HELLO THERE\r\n\r\n', 400],
      ['a raw non-ASCII path', 'GET /cases/\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n', 400],
      ['headers over the limit', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['an invalid Host', 'GET /health HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n', 400],
      ['CONNECT', 'CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\n\r\n', 405],
    ];
    for (const [what, text, status] of cases) {
      const before = audit.stdout().split('\n').length;
      const out = await raw(text);
      expect(out, what).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(out.toLowerCase(), what).toContain('content-type: application/problem+json');
      const body = JSON.parse(out.slice(out.indexOf('\r\n\r\n') + 4)) as { status: number; requestId: string };
      expect(body.status, what).toBe(status);
      expect(out.toLowerCase(), what).toContain(`x-request-id: ${body.requestId}`);
      await new Promise((r) => setTimeout(r, 50));
      const logged = audit.stdout().split('\n').slice(before - 1).filter((l) => l.includes(body.requestId));
      expect(logged, what).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toMatchObject({ msg: 'request', status, route: null });
      expect(logged[0], what).not.toMatch(/aaaa|HELLO/);
    }
    // Without a Host header the request is taken as addressed to the server itself.
    const noHost = await raw('GET /health HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(noHost).toMatch(/^HTTP\/1\.1 200 /);
    expect(noHost.toLowerCase()).toContain('x-request-id: ');
  });

  it('logs one pino JSON line per request, without bodies or notes', () => {
    const all = audit.stdout().trim().split('\n').slice(1).map((l) => JSON.parse(l) as Record<string, unknown>);
    // (lines for requests the app never saw carry httpError or requestError instead of a path)
    const lines = all.filter((l) => !('httpError' in l) && !('requestError' in l) && l['method'] !== 'CONNECT');
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['level', 'time', 'msg', 'reqId', 'method', 'route', 'ms', 'path', 'status']));
      expect(l['msg']).toBe('request');
    }
    expect(lines.find((l) => l['route'] === '/cases/:id/events' && l['status'] === 400)).toMatchObject({ level: 'info', case: 'p1', path: '/cases/p1/events' });
    expect(enforce.stdout()).not.toMatch(/neighbour/);
    expect(audit.stderr()).toMatch(/created the tables \(now version \d+\)/);
  });

  it('shuts down on SIGTERM (exit 0) and keeps what it acknowledged', async () => {
    audit.proc.kill('SIGTERM');
    expect(await audit.exited).toBe(0);
    const again = await startServer(['--db', db, '--token', TOKEN]);
    try {
      const view = await json(await call(again, '/cases/p1'));
      expect(view['events'].map((e: { id: string }) => e.id)).toEqual(['ref', 'c1', 'dec', 'sd']);
    } finally {
      again.proc.kill('SIGINT');
      expect(await again.exited).toBe(0);
    }
  });
});
