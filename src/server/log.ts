/**
 * The service's logs, through pino: one JSON object a line (`level`, `time`, `msg` and
 * the fields below), pretty-printed only when asked for on a terminal.
 *
 * What a request's line holds, and nothing else: `reqId` (the request id, also sent
 * back as `X-Request-Id` and stored with the events the request recorded), `method`
 * (a standard method's name, else `OTHER`), `route` (the route pattern that answered,
 * e.g. `/cases/:id/events`, or null), `status`, `ms` (duration), `path` (the raw path
 * only when it is at most 200 characters of letters, digits and `/ . _ : -`) or else
 * `pathLength`, and `case` (the case id, when it is a valid one). Never a body, a query
 * string, a header or event content: chronologies are children's data.
 */
import pino, { type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface RequestLogFields {
  reqId: string;
  method: string;
  route: string | null;
  status: number;
  ms: number;
  path?: string;
  pathLength?: number;
  case?: string;
}

export interface LoggerOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** Where lines go (default: standard output). */
  write?: (line: string) => void;
  /** Human-readable lines (pino-pretty) instead of JSON; the caller checks that output is a terminal. */
  pretty?: boolean;
}

/** A logger that writes one JSON object a line, with an ISO time and the level's name. */
export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  let destination: DestinationStream = { write };
  if (options.pretty) {
    const { prettyFactory } = await import('pino-pretty');
    const format = prettyFactory({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
    destination = { write: (line: string) => write(format(line)) };
  }
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A logger that writes nothing (an app created without one). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export const STANDARD_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE']);
const LOGGABLE_PATH = /^[A-Za-z0-9/._:-]{1,200}$/;

/** The path as it may be logged: itself when short and id-like, else its length. */
export function loggablePath(rawPath: string): { path: string } | { pathLength: number } {
  return LOGGABLE_PATH.test(rawPath) ? { path: rawPath } : { pathLength: rawPath.length };
}

export function levelOf(status: number): Level {
  return status >= 500 ? 'error' : 'info';
}
