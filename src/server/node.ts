/**
 * The service on Node's HTTP server. Requests the app never sees are answered and
 * logged here too, as problems: ones Node's HTTP parser refuses (garbage, a header
 * section over Node's limit: 431), ones @hono/node-server cannot turn into a Request
 * (no or an invalid Host header, `OPTIONS *`), and CONNECT (405). Their log line has the
 * documented request fields plus `httpError` (Node's parser code, e.g.
 * `HPE_HEADER_OVERFLOW`) or `requestError` (`invalid-request`), never the bytes sent.
 */
import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { RequestError, getRequestListener } from '@hono/node-server';
import type { Logger } from './log.js';
import { PROBLEM_BASE, PROBLEM_TYPES, type ProblemType, problemResponse } from './problem.js';

export interface NodeServerOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  hostname?: string;
  logger: Logger;
}

const body = (kind: ProblemType, detail: string, requestId: string) =>
  JSON.stringify({ type: `${PROBLEM_BASE}${kind}`, title: PROBLEM_TYPES[kind].title, status: PROBLEM_TYPES[kind].status, detail, requestId });

function rawProblem(socket: Duplex, kind: ProblemType, detail: string, requestId: string, extra = ''): void {
  if (!socket.writable) return void socket.destroy();
  const text = body(kind, detail, requestId);
  const status = PROBLEM_TYPES[kind].status;
  socket.end(
    `HTTP/1.1 ${status} ${PROBLEM_TYPES[kind].title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nx-request-id: ${requestId}\r\n${extra}connection: close\r\n\r\n${text}`,
  );
}

export function createNodeServer(options: NodeServerOptions): Server {
  const { logger } = options;
  const line = (fields: Record<string, unknown>) => {
    try {
      logger.info({ method: 'OTHER', route: null, ms: 0, ...fields }, 'request');
    } catch {
      // nothing more can be done
    }
  };
  const listener = getRequestListener(options.fetch, {
    ...(options.hostname ? { hostname: options.hostname } : {}),
    errorHandler: (err: unknown) => {
      const reqId = randomUUID();
      if (err instanceof RequestError) {
        line({ reqId, status: 400, requestError: 'invalid-request' });
        return problemResponse(
          { type: `${PROBLEM_BASE}invalid-request`, title: PROBLEM_TYPES['invalid-request'].title, status: 400, detail: 'the request has no valid Host header or target', requestId: reqId },
          { 'x-request-id': reqId },
        );
      }
      logger.error({ reqId, err: { type: err instanceof Error ? err.name : typeof err } }, 'internal error (a bug)');
      line({ reqId, status: 500 });
      return problemResponse({ type: `${PROBLEM_BASE}internal`, title: PROBLEM_TYPES.internal.title, status: 500, detail: 'casepath failed on this request (a bug)', requestId: reqId }, { 'x-request-id': reqId });
    },
  });
  // No Host header: answered below as a problem (Node's own check would send a bare 400).
  const server = createServer({ requireHostHeader: false }, listener);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const code = typeof err.code === 'string' && /^[A-Z_]{1,40}$/.test(err.code) ? err.code : 'UNKNOWN';
    // A connection reset or timeout is not a request: nothing to answer.
    if (code === 'ECONNRESET' || code === 'ERR_HTTP_REQUEST_TIMEOUT' || !code.startsWith('HPE_')) return void socket.destroy();
    const reqId = randomUUID();
    const tooLarge = code === 'HPE_HEADER_OVERFLOW';
    line({ reqId, status: tooLarge ? 431 : 400, httpError: code });
    if (tooLarge) rawProblem(socket, 'headers-too-large', 'the request headers are over the server\'s limit', reqId);
    else rawProblem(socket, 'invalid-request', 'the request is not valid HTTP', reqId);
  });
  server.on('connect', (_req, socket: Duplex) => {
    const reqId = randomUUID();
    line({ reqId, method: 'CONNECT', status: 405 });
    rawProblem(socket, 'method-not-allowed', 'CONNECT is not allowed', reqId, 'allow: GET, HEAD, PUT, POST\r\n');
  });
  return server;
}
