/**
 * The service's routes as @hono/zod-openapi route definitions: path, method, the zod
 * schemas of the parameters (which the app validates with), the request body's schema
 * and every response's. The OpenAPI document is generated from these (./app.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  appendBodySchema,
  appendResultSchema,
  asOfQuery,
  caseDeadlinesSchema,
  caseHeaderSchema,
  caseIdParams,
  caseViewSchema,
  deadlinesQuery,
  healthSchema,
  problemSchema,
  putCaseResultSchema,
  upcomingSchema,
} from './openapi.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
/** A body documented by its zod schema but checked by the handler (the chronology loader's issues, not zod's). */
const body = (name: string, description: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
});
const common = {
  400: problem('Invalid parameters or body: `issues` names each parameter or field and the problem'),
  401: problem('No or wrong bearer token'),
  500: problem('Internal error (a bug): nothing of the request was recorded'),
};
const withBody = {
  413: problem('Body over the size limit (1 MiB by default)'),
  415: problem('Body not JSON (Content-Type: application/json, UTF-8)'),
};

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: ['service'],
  summary: 'Liveness and database check (no token needed)',
  security: [],
  responses: { 200: json(healthSchema, 'The service and its database answer'), 503: problem('The database does not answer') },
});

export const openApiRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  tags: ['service'],
  summary: 'This document (no token needed)',
  security: [],
  responses: { 200: json(z.record(z.string(), z.unknown()), 'OpenAPI 3.1') },
});

export const putCaseRoute = createRoute({
  method: 'put',
  path: '/cases/{id}',
  operationId: 'putCase',
  tags: ['cases'],
  summary: 'Create a case, or change its header',
  description:
    'Creates the case with its children, an optional title and completeness (default `record`). Sending the same header again changes nothing (200). A different header replaces it (200) only if every recorded event still fits it (else 409, with the issues).',
  request: { params: caseIdParams, body: body('CaseHeader', 'The case header') },
  responses: {
    201: json(putCaseResultSchema, 'Created'),
    200: json(putCaseResultSchema, 'Unchanged or changed'),
    409: problem('Recorded events do not fit the new header'),
    ...withBody,
    ...common,
  },
});

export const getCaseRoute = createRoute({
  method: 'get',
  path: '/cases/{id}',
  operationId: 'getCase',
  tags: ['cases'],
  summary: 'The case: header, events, machine states, findings',
  request: { params: caseIdParams, query: asOfQuery('Judge open clocks at this day (default today)') },
  responses: { 200: json(caseViewSchema, 'The case'), 404: problem('No such case'), ...common },
});

export const appendRoute = createRoute({
  method: 'post',
  path: '/cases/{id}/events',
  operationId: 'appendEvents',
  tags: ['cases'],
  summary: 'Check and record events, in order (all or nothing)',
  description:
    'One event, or an array of up to 1000, in the chronology event format. An event whose id is already recorded with the same content is a duplicate: a no-op (idempotent retries). The same id with other content is a 409. Invalid events (shape, unknown children, references) are a 400 listing every issue with its field path. In enforce mode an event refused by an enforceable rule is a 422 naming the rule(s) and citation, and nothing of the request is stored.',
  request: { params: caseIdParams, body: body('AppendBody', 'One event or an array of events') },
  responses: {
    201: json(appendResultSchema, 'At least one event recorded'),
    200: json(appendResultSchema, 'Every event was a duplicate: nothing changed'),
    404: problem('No such case: create it with PUT first'),
    409: problem('An event id already recorded with other content'),
    422: problem('Refused by an enforceable rule (enforce mode); `rules` names them'),
    ...withBody,
    ...common,
  },
});

export const caseDeadlinesRoute = createRoute({
  method: 'get',
  path: '/cases/{id}/deadlines',
  operationId: 'getCaseDeadlines',
  tags: ['deadlines'],
  summary: "The case's open statutory clocks",
  request: { params: caseIdParams, query: asOfQuery('Count working days left from this day (default today)') },
  responses: { 200: json(caseDeadlinesSchema, 'Open clocks, soonest first'), 404: problem('No such case'), ...common },
});

export const reportRoute = createRoute({
  method: 'get',
  path: '/cases/{id}/report',
  operationId: 'getCaseReport',
  tags: ['cases'],
  summary: 'The training viewer of the case (one self-contained HTML page, without notes)',
  request: { params: caseIdParams, query: asOfQuery('Judge open clocks at this day (default today)') },
  responses: {
    200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } },
    404: problem('No such case, or no events yet'),
    409: problem('The recorded events do not load as one chronology (issues say why)'),
    501: problem('The HTML report is not in this build'),
    ...common,
  },
});

export const upcomingRoute = createRoute({
  method: 'get',
  path: '/deadlines',
  operationId: 'getUpcomingDeadlines',
  tags: ['deadlines'],
  summary: 'Open statutory clocks across all cases, due within a window, soonest first',
  request: { query: deadlinesQuery },
  responses: { 200: json(upcomingSchema, 'Upcoming deadlines'), ...common },
});

/** Every route, for the 405 answers (a path's allowed methods). */
export const ROUTES = [healthRoute, openApiRoute, putCaseRoute, getCaseRoute, appendRoute, caseDeadlinesRoute, reportRoute, upcomingRoute];

/** Components the routes refer to by `$ref` (bodies checked by the handlers). */
export const REF_COMPONENTS = { CaseHeader: caseHeaderSchema, AppendBody: appendBodySchema } as const;
