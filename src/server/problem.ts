/**
 * Errors as RFC 9457 problem details (`application/problem+json`): `type`, `title`,
 * `status`, `detail`, and the extensions casepath adds — `issues` (every problem
 * with a request body, in the chronology loader's issue format) and `rules` (the
 * enforceable rules that refused an event). Handlers throw a {@link ProblemError};
 * the app's error handler turns it into the response. Details never quote free text
 * from a request: they name the parameter or field and the kind of problem, and quote
 * a value only when it is short and shaped like what the field expects (./describe.ts).
 */
import { z } from 'zod';
import type { Issue } from '../issues.js';

/** Where the problem types are documented (the service's OpenAPI document lists them). */
export const PROBLEM_BASE = 'https://casepath.dev/problems/';

export const PROBLEM_TYPES = {
  unauthorized: { status: 401, title: 'Missing or wrong bearer token' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed on this path' },
  'invalid-request': { status: 400, title: 'The request is not valid' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'headers-too-large': { status: 431, title: 'The request headers are too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be JSON' },
  conflict: { status: 409, title: 'The request conflicts with what is recorded' },
  'refused-by-rule': { status: 422, title: 'Refused by an enforceable rule' },
  'not-implemented': { status: 501, title: 'Not available in this build' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'The database is not available' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

/** A rule that refused an event (enforce mode). */
export interface RefusingRule {
  id: string;
  citation: string;
  /** The refused event. */
  event: string;
  certainty: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** The request's id (also its X-Request-Id header and log line). */
  requestId?: string;
  issues?: Issue[];
  rules?: RefusingRule[];
}

export class ProblemError extends Error {
  readonly problem: Problem;
  constructor(kind: ProblemType, detail?: string, extra: Pick<Problem, 'issues' | 'rules'> = {}) {
    super(detail ?? PROBLEM_TYPES[kind].title);
    this.name = 'ProblemError';
    const t = PROBLEM_TYPES[kind];
    this.problem = { type: `${PROBLEM_BASE}${kind}`, title: t.title, status: t.status, ...(detail ? { detail } : {}), ...extra };
  }
  get status(): number {
    return this.problem.status;
  }
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  if (problem.status === 401) headers = { 'www-authenticate': 'Bearer realm="casepath"', ...headers };
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

export function problem(kind: ProblemType, detail?: string, extra: Pick<Problem, 'issues' | 'rules'> = {}, headers: Record<string, string> = {}): Response {
  return problemResponse(new ProblemError(kind, detail, extra).problem, headers);
}

/** The issue format of the chronology loader (src/issues.ts), as a zod schema for the OpenAPI document. */
export const issueSchema = z
  .object({
    code: z.string().meta({ description: 'Issue code, e.g. invalid-field, unknown-child, bad-date, unknown-reference, duplicate-id' }),
    file: z.string().meta({ description: 'What was being read: "request body" or "case ID"' }),
    eventId: z.string().optional(),
    eventIndex: z.number().int().optional().meta({ description: 'Index of the event in the request (0-based; 0 for a single event)' }),
    path: z.string().meta({ description: 'Field path inside the event, e.g. at or children.0' }),
    message: z.string(),
    related: z.array(z.string()).optional(),
  })
  .meta({ description: 'One problem with a request body, in the chronology loader\'s format' });
