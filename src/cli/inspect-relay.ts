/**
 * casepath's own relay for `casepath replay FILE --inspect`, in place of
 * `createInspectorServer` from `@statelyai/inspect/server` (which listens on every
 * network interface, asks nobody for anything and replays its last 200 messages to
 * whoever connects).
 *
 * - One `http` server bound to 127.0.0.1 only, with a `ws` WebSocketServer on it.
 * - A random token (32 bytes from `crypto.randomBytes`, base64url) is required on every
 *   request. The page is served only at `GET /?token=T`; a wrong or missing token gets
 *   403, any other path or method 404, and no refusal carries any data. A WebSocket upgrade
 *   is accepted only at `/?token=T` and, when the request has an `Origin` (browsers
 *   always send one), only from the relay's own page. Tokens are compared in constant
 *   time (SHA-256 of both, then `timingSafeEqual`, so their lengths leak nothing either).
 * - The page is casepath's own: it embeds the hosted inspector (https://stately.ai/inspect)
 *   in an iframe, waits for the inspector's `@statelyai.connected` window message from the
 *   inspector's origin, and then posts every message its WebSocket receives to the iframe,
 *   addressed to that origin only (messages that arrive earlier wait in the page until
 *   then). The page's own WebSocket URL carries the token. Served with `no-store`,
 *   `no-referrer` (the token is in the URL) and a Content-Security-Policy that allows its
 *   one inline script, its WebSocket back to this relay and the inspector's frame, and nothing else.
 * - Whatever one connected client sends (casepath's sender, src/cli/inspect-sender.ts) is
 *   forwarded to every *other* connected client (the page).
 *
 * History: so that a page opened (or reloaded) after the replay was sent can still catch
 * up, the relay keeps the messages forwarded so far in memory, at most `maxHistory`
 * messages and `maxHistoryBytes` bytes (the oldest are dropped beyond that), and sends
 * them to each newly accepted connection, which holds the token. It keeps nothing else,
 * writes nothing to disk, and the buffer is emptied by `stop()`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';

/** The only address the relay ever listens on. */
export const RELAY_HOST = '127.0.0.1';
/** The hosted inspector the page embeds. */
export const DEFAULT_INSPECTOR_URL = 'https://stately.ai/inspect';
/** The inspector's announcement that it is ready for inspection events. */
export const CONNECTED_MESSAGE = '@statelyai.connected';
export const DEFAULT_MAX_HISTORY = 10_000;
export const DEFAULT_MAX_HISTORY_BYTES = 32 * 1024 * 1024;
/** The largest single WebSocket message the relay accepts (a machine definition is far smaller). */
const MAX_PAYLOAD = 16 * 1024 * 1024;

export interface InspectRelayOptions {
  /** The port on 127.0.0.1; 0 picks a free one (tests). */
  port: number;
  /** The inspector page to embed (an https URL); default https://stately.ai/inspect. */
  inspectorUrl?: string;
  /** How many messages to keep for a page that connects late (default 10,000). */
  maxHistory?: number;
  /** How many bytes of messages to keep for a page that connects late (default 32 MiB). */
  maxHistoryBytes?: number;
}

/** How long stop() waits for the clients to answer the closing handshake before cutting them. */
const CLOSE_GRACE_MS = 1_000;

export interface InspectRelay {
  /** Where the server listens: always 127.0.0.1, with the port actually bound. */
  readonly address: AddressInfo;
  readonly port: number;
  /** The secret every request needs. */
  readonly token: string;
  /** The page for the user to open: `http://127.0.0.1:PORT/?token=T`. */
  readonly pageUrl: string;
  /** The WebSocket URL for the sender (and the page): `ws://127.0.0.1:PORT/?token=T`. */
  readonly wsUrl: string;
  /** How many messages are held for late pages right now. */
  readonly buffered: number;
  /**
   * Resolves true once a message has come from a sender (a connection with no Origin header:
   * casepath's own inspector client; a browser's page always sends one), so that the sender's
   * socket is open at its end too; false after `timeoutMs`, or when the relay stops first.
   */
  senderHeard(timeoutMs: number): Promise<boolean>;
  /** Close every socket and the server, and empty the buffer. Safe to call twice. */
  stop(): Promise<void>;
}

const htmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A JSON string literal that cannot end a <script> element. */
const jsString = (s: string) => JSON.stringify(s).replace(/</g, '\\u003c');
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const cspHash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** The page's script: forward the WebSocket's messages to the inspector once it has said it is connected. */
export function pageScript(wsUrl: string, inspectorOrigin: string): string {
  return `
(function () {
  'use strict';
  var frame = document.getElementById('inspector');
  var inspectorOrigin = ${jsString(inspectorOrigin)};
  var waiting = [];
  var connected = false;
  function post(message) { frame.contentWindow.postMessage(message, inspectorOrigin); }
  window.addEventListener('message', function (e) {
    if (e.origin !== inspectorOrigin || !e.data || e.data.type !== ${jsString(CONNECTED_MESSAGE)}) return;
    connected = true;
    var earlier = waiting;
    waiting = [];
    earlier.forEach(post);
  });
  var socket = new WebSocket(${jsString(wsUrl)});
  socket.addEventListener('message', function (e) {
    var message;
    try { message = JSON.parse(e.data); } catch (err) { return; }
    if (connected) post(message); else waiting.push(message);
  });
})();
`;
}

const PAGE_STYLE = 'html, body { margin: 0; height: 100%; } iframe { display: block; border: 0; width: 100%; height: 100%; }';

/** casepath's page: the inspector in an iframe and the script that feeds it. */
export function relayPage(wsUrl: string, inspectorUrl: string): { html: string; csp: string } {
  const origin = new URL(inspectorUrl).origin;
  const script = pageScript(wsUrl, origin);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>casepath --inspect</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<iframe id="inspector" title="Stately inspector" src="${htmlAttr(inspectorUrl)}" referrerpolicy="no-referrer"></iframe>
<script>${script}</script>
</body>
</html>
`;
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(PAGE_STYLE)}`,
    `connect-src ${new URL(wsUrl).origin}`,
    `frame-src ${origin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return { html, csp };
}

function refuse(res: ServerResponse, status: 403 | 404) {
  const text = status === 403 ? 'Forbidden\n' : 'Not found\n';
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

function refuseUpgrade(socket: Duplex, status: 403 | 404) {
  const reason = status === 403 ? 'Forbidden' : 'Not Found';
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\nCache-Control: no-store\r\n\r\n`);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ port, host: RELAY_HOST, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * Start the relay on 127.0.0.1:`port`. Rejects with the listen error (EADDRINUSE and the
 * like) if the port cannot be had; nothing is left listening then.
 */
export async function startInspectRelay(options: InspectRelayOptions): Promise<InspectRelay> {
  const inspectorUrl = options.inspectorUrl ?? DEFAULT_INSPECTOR_URL;
  if (new URL(inspectorUrl).protocol !== 'https:') throw new Error(`the inspector URL must be https: ${inspectorUrl}`);
  const maxHistory = options.maxHistory ?? DEFAULT_MAX_HISTORY;
  const maxHistoryBytes = options.maxHistoryBytes ?? DEFAULT_MAX_HISTORY_BYTES;
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = sha256(token);
  const tokenMatches = (given: string | null) => given !== null && timingSafeEqual(sha256(given), tokenDigest);

  let stopped = false;
  let port = options.port;
  // Filled in once listening (the port may be 0 until then); requests only arrive after that.
  let page: { html: string; csp: string } | undefined;
  const ownOrigins = () => [`http://${RELAY_HOST}:${port}`, `http://localhost:${port}`];

  /** The request's token, or why it is refused. */
  const check = (req: IncomingMessage): 'ok' | 403 | 404 => {
    const url = new URL(req.url ?? '/', `http://${RELAY_HOST}`);
    if (url.pathname !== '/') return 404;
    const tokens = url.searchParams.getAll('token');
    return tokens.length === 1 && tokenMatches(tokens[0]!) ? 'ok' : 403;
  };

  const server = createServer((req, res) => {
    const verdict = check(req);
    if (verdict !== 'ok') return refuse(res, verdict);
    if (req.method !== 'GET') return refuse(res, 404);
    const { html, csp } = page!;
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(html),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': csp,
    });
    res.end(html);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  const history: { data: Buffer; isBinary: boolean }[] = [];
  let historyBytes = 0;
  const remember = (data: Buffer, isBinary: boolean) => {
    history.push({ data, isBinary });
    historyBytes += data.length;
    while (history.length > maxHistory || (historyBytes > maxHistoryBytes && history.length > 0)) {
      historyBytes -= history.shift()!.data.length;
    }
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (stopped) return refuseUpgrade(socket, 403);
    const verdict = check(req);
    if (verdict !== 'ok') return refuseUpgrade(socket, verdict);
    const origin = req.headers.origin;
    if (origin !== undefined && !ownOrigins().includes(origin)) return refuseUpgrade(socket, 403);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  let senderSeen = false;
  const senderWaiters = new Set<(heard: boolean) => void>();
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    ws.on('error', () => ws.terminate());
    if (req.headers.origin === undefined && !senderSeen) {
      ws.once('message', () => {
        senderSeen = true;
        for (const wake of [...senderWaiters]) wake(true);
      });
    }
    for (const m of history) ws.send(m.data, { binary: m.isBinary });
    ws.on('message', (raw: RawData, isBinary: boolean) => {
      const data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
      remember(data, isBinary);
      for (const client of wss.clients) {
        if (client !== ws && client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
      }
    });
  });

  await listen(server, options.port);
  const address = server.address() as AddressInfo;
  port = address.port;
  const query = `/?token=${token}`;
  const pageUrl = `http://${RELAY_HOST}:${port}${query}`;
  const wsUrl = `ws://${RELAY_HOST}:${port}${query}`;
  page = relayPage(wsUrl, inspectorUrl);

  return {
    address,
    port,
    token,
    pageUrl,
    wsUrl,
    get buffered() {
      return history.length;
    },
    senderHeard(timeoutMs: number) {
      if (senderSeen || stopped) return Promise.resolve(senderSeen);
      return new Promise<boolean>((resolve) => {
        const wake = (heard: boolean) => {
          clearTimeout(timer);
          senderWaiters.delete(wake);
          resolve(heard);
        };
        const timer = setTimeout(() => wake(false), timeoutMs);
        senderWaiters.add(wake);
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const wake of [...senderWaiters]) wake(false);
      history.length = 0;
      historyBytes = 0;
      // Closed with the closing handshake first, so that each client (the sender, the page)
      // sees a close rather than an error on a cut socket (@statelyai/inspect's own client
      // reconnects after an error, for ever). What does not close in time is cut.
      const closing = [...wss.clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            client.once('close', () => resolve());
            client.close(1001, 'relay stopped');
          }),
      );
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(closing), new Promise<void>((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)))]);
      clearTimeout(grace);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
