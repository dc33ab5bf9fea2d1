/**
 * casepath's inspector relay (src/cli/inspect-relay.ts): bound to 127.0.0.1, every page
 * request and WebSocket upgrade needs the token, messages go from one client to the
 * others, and stop() really closes the port. Every relay here listens on a free port of
 * 127.0.0.1 and every client connects there: nothing reaches another machine, and the
 * inspector's iframe is never loaded (the page's script is run against stubs instead).
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { runInNewContext } from 'node:vm';
import { createWebSocketInspector } from '@statelyai/inspect';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { createActor, createMachine } from 'xstate';
import { type InspectRelay, type InspectRelayOptions, startInspectRelay } from '../src/cli/inspect-relay.js';

const relays: InspectRelay[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  for (const r of relays.splice(0)) await r.stop();
});

async function relay(options: Partial<InspectRelayOptions> = {}): Promise<InspectRelay> {
  const r = await startInspectRelay({ port: 0, ...options });
  relays.push(r);
  return r;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Open a WebSocket; resolves when open, rejects with the HTTP status of a refused upgrade. */
function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    sockets.push(ws);
    // Collect from the start: a late page's catch-up can arrive in the same chunk as the handshake.
    const got: string[] = [];
    received.set(ws, got);
    ws.on('message', (data) => got.push(String(data)));
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

const received = new WeakMap<WebSocket, string[]>();
/** The text messages a socket opened by open() has received so far (a live array). */
const inbox = (ws: WebSocket): string[] => received.get(ws)!;

async function until(check: () => boolean, ms = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const scriptOf = (html: string) => /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;

describe('the relay listens on 127.0.0.1 only', () => {
  test('address, URLs and token', async () => {
    const r = await relay();
    expect(r.address.address).toBe('127.0.0.1');
    expect(r.address.family).toBe('IPv4');
    expect(r.port).toBe(r.address.port);
    expect(r.port).toBeGreaterThan(0);
    expect(r.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(r.pageUrl).toBe(`http://127.0.0.1:${r.port}/?token=${r.token}`);
    expect(r.wsUrl).toBe(`ws://127.0.0.1:${r.port}/?token=${r.token}`);
    const other = await relay();
    expect(other.token).not.toBe(r.token);
  });

  test('a port already taken is an error (EADDRINUSE), not a second listener', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen({ port: 0, host: '127.0.0.1' }, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startInspectRelay({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('the sender', () => {
  test('senderHeard: true once a client with no Origin (casepath\'s own) has sent a message, not for a page\'s', async () => {
    const r = await relay();
    const waiting = r.senderHeard(5_000);
    // A browser's page always sends its Origin: not the sender, whatever it sends.
    const page = await open(r.wsUrl, { Origin: `http://127.0.0.1:${r.port}` });
    page.send('{"type":"@statelyai.connected"}');
    expect(await r.senderHeard(100)).toBe(false);
    // Connected, but nothing sent yet: its socket may not be open at its end.
    const sender = await open(r.wsUrl);
    expect(await r.senderHeard(100)).toBe(false);
    sender.send('{"type":"@xstate.actor"}');
    expect(await waiting).toBe(true);
    expect(await r.senderHeard(0)).toBe(true);
  });

  test('senderHeard: false when the relay stops first, or after the time given', async () => {
    const r = await relay();
    const started = Date.now();
    expect(await r.senderHeard(80)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    const waiting = r.senderHeard(60_000);
    await r.stop();
    expect(await waiting).toBe(false);
    expect(await r.senderHeard(60_000)).toBe(false);
  });

  test('stop() closes each client with the closing handshake (code 1001), not by cutting its socket', async () => {
    const r = await relay();
    const sender = await open(r.wsUrl);
    const errors: Error[] = [];
    sender.on('error', (e) => errors.push(e));
    const closed = new Promise<number>((resolve) => sender.once('close', (code) => resolve(code)));
    await r.stop();
    expect(await closed).toBe(1001);
    expect(errors).toEqual([]);
  });
});

describe('the page', () => {
  test('without the token, with a wrong one, or anywhere but GET /: 403 or 404 and no HTML', async () => {
    const r = await relay();
    const wrong = r.token.slice(0, -1) + (r.token.endsWith('A') ? 'B' : 'A');
    const refused: [string, string, number][] = [
      ['GET', '/', 403],
      ['GET', '/?token=', 403],
      ['GET', `/?token=${wrong}`, 403],
      ['GET', `/?token=${r.token}x`, 403],
      ['GET', `/?token=${r.token}&token=${r.token}`, 403],
      ['GET', `/?tok=${r.token}`, 403],
      ['GET', `/index.html?token=${r.token}`, 404],
      ['GET', `/favicon.ico`, 404],
      ['POST', `/?token=${r.token}`, 404],
      ['PUT', `/?token=${r.token}`, 404],
    ];
    for (const [method, path, status] of refused) {
      const reply = await get(r.port, path, method);
      expect(reply.status, `${method} ${path}`).toBe(status);
      expect(reply.headers['content-type']).toMatch(/^text\/plain/);
      expect(reply.body).not.toMatch(/iframe|script|stately|ws:/i);
      expect(reply.body).not.toContain(r.token);
    }
  });

  test('with the token: casepath\'s page, with the inspector iframe and its WebSocket URL carrying the token', async () => {
    const r = await relay();
    const reply = await get(r.port, `/?token=${r.token}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.body).toMatch(/<iframe id="inspector"[^>]* src="https:\/\/stately\.ai\/inspect"/);
    expect(reply.body).toContain(JSON.stringify(r.wsUrl));
    expect(reply.body).toContain('@statelyai.connected');
    // The CSP lets exactly this inline script run, the socket back to this relay, and the inspector's frame.
    const csp = String(reply.headers['content-security-policy']);
    const hash = createHash('sha256').update(scriptOf(reply.body), 'utf8').digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain(`connect-src ws://127.0.0.1:${r.port}`);
    expect(csp).toContain('frame-src https://stately.ai');
    expect(csp).toContain("default-src 'none'");
  });

  test('its script posts to the inspector only after the inspector says it is connected, in order, to its origin only', async () => {
    const r = await relay();
    const { body } = await get(r.port, `/?token=${r.token}`);
    const posted: { message: unknown; target: string }[] = [];
    const onWindowMessage: ((e: { origin: string; data: unknown }) => void)[] = [];
    const pageSockets: { url: string; onMessage: (e: { data: string }) => void }[] = [];
    class FakeWebSocket {
      constructor(readonly url: string) {}
      addEventListener(type: string, f: (e: { data: string }) => void) {
        if (type === 'message') pageSockets.push({ url: this.url, onMessage: f });
      }
    }
    const frame = { contentWindow: { postMessage: (message: unknown, target: string) => void posted.push({ message, target }) } };
    runInNewContext(scriptOf(body), {
      window: { addEventListener: (type: string, f: (e: { origin: string; data: unknown }) => void) => type === 'message' && onWindowMessage.push(f) },
      document: { getElementById: (id: string) => (id === 'inspector' ? frame : null) },
      WebSocket: FakeWebSocket,
      JSON,
    });
    expect(pageSockets.map((s) => s.url)).toEqual([r.wsUrl]);
    const deliver = (m: unknown) => pageSockets[0]!.onMessage({ data: JSON.stringify(m) });
    const windowMessage = (origin: string, data: unknown) => onWindowMessage.forEach((f) => f({ origin, data }));

    deliver({ type: '@xstate.actor', n: 1 });
    deliver({ type: '@xstate.event', n: 2 });
    pageSockets[0]!.onMessage({ data: 'not json' });
    expect(posted).toEqual([]);
    // Another origin claiming to be the inspector, or another message from the inspector, changes nothing.
    windowMessage('https://example.org', { type: '@statelyai.connected' });
    windowMessage('https://stately.ai', { type: 'something else' });
    expect(posted).toEqual([]);
    windowMessage('https://stately.ai', { type: '@statelyai.connected' });
    expect(posted).toEqual([
      { message: { type: '@xstate.actor', n: 1 }, target: 'https://stately.ai' },
      { message: { type: '@xstate.event', n: 2 }, target: 'https://stately.ai' },
    ]);
    deliver({ type: '@xstate.snapshot', n: 3 });
    expect(posted.at(-1)).toEqual({ message: { type: '@xstate.snapshot', n: 3 }, target: 'https://stately.ai' });
    expect(posted).toHaveLength(3);
  });
});

describe('WebSocket connections', () => {
  test('without the token, with a wrong one, on another path or from another origin: refused', async () => {
    const r = await relay();
    const base = `ws://127.0.0.1:${r.port}`;
    const wrong = r.token.slice(0, -1) + (r.token.endsWith('A') ? 'B' : 'A');
    await expect(open(`${base}/`)).rejects.toMatchObject({ status: 403 });
    await expect(open(`${base}/?token=`)).rejects.toMatchObject({ status: 403 });
    await expect(open(`${base}/?token=${wrong}`)).rejects.toMatchObject({ status: 403 });
    await expect(open(`${base}/?token=${r.token.slice(0, 20)}`)).rejects.toMatchObject({ status: 403 });
    await expect(open(`${base}/other?token=${r.token}`)).rejects.toMatchObject({ status: 404 });
    await expect(open(r.wsUrl, { Origin: 'https://example.org' })).rejects.toMatchObject({ status: 403 });
    await expect(open(r.wsUrl, { Origin: `http://127.0.0.1:${r.port + 1}` })).rejects.toMatchObject({ status: 403 });
    // The relay's own page is allowed, as is a client without an Origin (the Node sender).
    (await open(r.wsUrl, { Origin: `http://127.0.0.1:${r.port}` })).close();
    (await open(r.wsUrl)).close();
  });

  test('with the token, what one client sends reaches the others and not itself', async () => {
    const r = await relay();
    const sender = await open(r.wsUrl);
    const page = await open(r.wsUrl, { Origin: `http://127.0.0.1:${r.port}` });
    const other = await open(r.wsUrl);
    const toSender = inbox(sender);
    const toPage = inbox(page);
    const toOther = inbox(other);
    sender.send(JSON.stringify({ type: '@xstate.event', n: 1 }));
    await until(() => toPage.length === 1 && toOther.length === 1);
    expect(JSON.parse(toPage[0]!)).toEqual({ type: '@xstate.event', n: 1 });
    expect(toOther).toEqual(toPage);
    // Had the sender's message come back to it, it would arrive before this reply.
    page.send('reply');
    await until(() => toSender.length === 1);
    expect(toSender).toEqual(['reply']);
  });

  test('the real @statelyai/inspect sender, given the token URL, reaches the page', async () => {
    const r = await relay();
    const page = await open(r.wsUrl, { Origin: `http://127.0.0.1:${r.port}` });
    const toPage = inbox(page);
    const inspector = createWebSocketInspector({ url: r.wsUrl });
    const actor = createActor(createMachine({ id: 'probe', initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } }), { inspect: inspector.inspect });
    try {
      actor.start();
      actor.send({ type: 'GO' });
      await until(() => toPage.some((m) => (JSON.parse(m) as { type: string }).type === '@xstate.event'));
      const types = toPage.map((m) => (JSON.parse(m) as { type: string }).type);
      expect(types).toContain('@xstate.actor');
      expect(types).toContain('@xstate.snapshot');
    } finally {
      actor.stop();
      inspector.stop();
    }
  });

  test('a page that connects late catches up, from a bounded buffer that stop() empties', async () => {
    const r = await relay({ maxHistory: 3 });
    const sender = await open(r.wsUrl);
    for (let i = 1; i <= 5; i++) sender.send(`m${i}`);
    await until(() => r.buffered === 3);
    const late = await open(r.wsUrl);
    const toLate = inbox(late);
    await until(() => toLate.length === 3);
    expect(toLate).toEqual(['m3', 'm4', 'm5']);
    sender.send('m6');
    await until(() => toLate.length === 4);
    expect(toLate.at(-1)).toBe('m6');
    await r.stop();
    expect(r.buffered).toBe(0);
  });

  test('the buffer is bounded in bytes as well', async () => {
    const r = await relay({ maxHistoryBytes: 10 });
    const sender = await open(r.wsUrl);
    const page = await open(r.wsUrl);
    const toPage = inbox(page);
    for (const m of ['aaaa', 'bbbb', 'cccc']) sender.send(m);
    await until(() => toPage.length === 3);
    expect(r.buffered).toBe(2); // 8 bytes kept; a third would make 12
  });
});

describe('stop()', () => {
  test('closes the open sockets and the port, and may be called twice', async () => {
    const r = await relay();
    const client = await open(r.wsUrl);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await r.stop();
    await closed;
    const refused = await new Promise<string>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: r.port });
      s.once('connect', () => {
        s.destroy();
        resolve('connected');
      });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    await r.stop();
  });
});
