/**
 * The service's OpenAPI 3.1 document (`GET /openapi.json`), generated from zod
 * schemas: the request bodies are the schemas the service validates with (the
 * chronology event schema, the case header), and the response bodies are the zod
 * schemas below, which the tests hold the real responses to. OpenAPI 3.1 uses JSON
 * Schema 2020-12, which is what `z.toJSONSchema` writes.
 */
import { z } from 'zod';
import { chronologyEvent } from '../schema/events.js';
import { caseHeaderBody } from './cases.js';
import { issueSchema, problemSchema, refusingRuleSchema } from './problem.js';
import { processes } from '../engine/processes.js';

const dateWindow = z.object({ earliest: z.string(), latest: z.string() }).meta({ description: 'An inclusive window of days (YYYY-MM-DD): a date known only to a range' });

export const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['breach', 'fault', 'advisory']),
  certainty: z.enum(['certain', 'possible']),
  children: z.array(z.string()),
  events: z.array(z.string()),
  message: z.string(),
  missing: z.array(z.string()).optional(),
  at: dateWindow,
  compliant: z.string().optional(),
  citation: z.string(),
});

export const clockSchema = z.object({
  rule: z.string(),
  clock: z.string(),
  label: z.string(),
  children: z.array(z.string()),
  startedBy: z.string(),
  due: dateWindow.optional(),
  status: z.enum(['met', 'met-late', 'open', 'overdue', 'closed']),
  certainty: z.enum(['certain', 'possible']).optional(),
  metBy: z.string().optional(),
  closedBy: z.string().optional(),
});

export const refusedStepSchema = z.object({
  process: z.string(),
  child: z.string().optional(),
  state: z.string(),
  event: z.string(),
  reason: z.string(),
});

/** Where each process machine stands, from the process registry: per child (child id → state) or per case. */
export const machineStatesSchema = z
  .object(
    Object.fromEntries(
      processes().all.map((p) => [
        p.key,
        (p.scope === 'child' ? z.record(z.string(), z.string()) : z.string()).meta({ description: `${p.name}: ${p.scope === 'child' ? 'state per child' : 'state of the case'}` }),
      ]),
    ),
  )
  .meta({ description: 'Where each process machine stands: per child for per-child processes, per case for the rest' });

export const eventResultSchema = z.object({
  event: z.string(),
  status: z.enum(['recorded', 'duplicate']),
  duplicate: z.boolean().meta({ description: 'The same event (same id, same content) was already recorded: a no-op' }),
  late: z.boolean().optional().meta({ description: 'Dated before the last event recorded: the case was re-evaluated from the start' }),
  findings: z.array(findingSchema).meta({ description: 'Findings the event adds' }),
  refusals: z.array(refusedStepSchema).meta({ description: 'Steps the process machines do not allow where the child or case stands' }),
  clocks: z.object({ started: z.array(clockSchema), met: z.array(clockSchema), closed: z.array(clockSchema) }),
  states: machineStatesSchema.optional(),
});

export const appendResultSchema = z.object({
  case: z.string(),
  mode: z.enum(['audit', 'enforce']),
  version: z.number().int().meta({ description: 'The case version after the request (bumped by every change)' }),
  recorded: z.number().int(),
  duplicates: z.number().int(),
  events: z.array(eventResultSchema).meta({ description: 'One result per event of the request, in order' }),
});

export const storedHeaderSchema = z.object({
  case: z.string(),
  title: z.string().optional(),
  completeness: z.enum(['summary', 'record']).optional(),
  children: z.array(z.object({ id: z.string() }).catchall(z.unknown())),
});

export const putCaseResultSchema = z.object({
  created: z.boolean(),
  changed: z.boolean(),
  case: z.string(),
  version: z.number().int(),
  header: storedHeaderSchema,
});

export const caseViewSchema = z.object({
  case: z.string(),
  header: storedHeaderSchema,
  version: z.number().int(),
  asOf: z.string().meta({ description: 'The day open clocks are judged at (query asOf, default today)' }),
  events: z.array(z.record(z.string(), z.unknown())).meta({ description: 'The events as recorded, in listing order (an event dated before the last one recorded is placed by its date)' }),
  states: machineStatesSchema,
  findings: z.array(findingSchema),
});

export const openDeadlineSchema = z.object({
  rule: z.string(),
  clock: z.string(),
  label: z.string(),
  children: z.array(z.string()),
  startedBy: z.string(),
  due: dateWindow,
  workingDaysLeft: z.object({ min: z.number().int(), max: z.number().int() }).meta({ description: 'Working days from asOf to the due date: 0 on the day, negative once past' }),
  overdue: z.enum(['certain', 'possible']).optional(),
});

export const caseDeadlinesSchema = z.object({ case: z.string(), asOf: z.string(), deadlines: z.array(openDeadlineSchema) });

export const upcomingSchema = z.object({
  asOf: z.string(),
  within: z.string(),
  until: z.string().meta({ description: 'The last day in the window' }),
  deadlines: z.array(openDeadlineSchema.extend({ case: z.string() })).meta({ description: 'Open clocks due by `until`, overdue ones included, soonest first' }),
});

export const healthSchema = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) });

export const appendBodySchema = z.union([chronologyEvent, z.array(chronologyEvent).min(1).max(1000)]);

const COMPONENTS: [string, z.ZodType][] = [
  ['Event', chronologyEvent],
  ['CaseHeader', caseHeaderBody],
  ['PutCaseResult', putCaseResultSchema],
  ['AppendResult', appendResultSchema],
  ['EventResult', eventResultSchema],
  ['Finding', findingSchema],
  ['Clock', clockSchema],
  ['RefusedStep', refusedStepSchema],
  ['MachineStates', machineStatesSchema],
  ['CaseView', caseViewSchema],
  ['OpenDeadline', openDeadlineSchema],
  ['CaseDeadlines', caseDeadlinesSchema],
  ['UpcomingDeadlines', upcomingSchema],
  ['Health', healthSchema],
  ['Problem', problemSchema],
  ['Issue', issueSchema],
  ['RefusingRule', refusingRuleSchema],
];

let cached: Record<string, unknown> | undefined;

export function openApiDocument(version: string): Record<string, unknown> {
  if (cached) return cached;
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of COMPONENTS) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  const schemas: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(generated.schemas)) {
    const { $schema: _s, $id: _i, ...rest } = s;
    schemas[id] = rest;
  }
  const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
  const json = (id: string) => ({ 'application/json': { schema: ref(id) } });
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
  const caseId = { name: 'id', in: 'path', required: true, description: 'Pseudonymous case id (letters, digits, . _ : -)', schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' } };
  const asOf = (description: string) => ({ name: 'asOf', in: 'query', required: false, description, schema: { type: 'string', format: 'date' } });
  const common = { '401': problem('No or wrong bearer token'), '500': problem('Internal error') };

  cached = {
    openapi: '3.1.0',
    info: {
      title: 'casepath service',
      version,
      description:
        'Live monitoring of child-protection case chronologies against England\'s process rules. A case is created with PUT /cases/{id} (its children and the completeness of the record), then events are appended with POST /cases/{id}/events, each checked and recorded in order: findings with their statutory citation, machine steps not allowed, statutory clocks started and met. In enforce mode an event refused by an enforceable rule is answered 422 and nothing of that request is stored. Every append is committed before the response is sent. Errors are RFC 9457 problem details. Every endpoint except /health and /openapi.json needs `Authorization: Bearer <token>`.',
    },
    security: [{ bearer: [] }],
    paths: {
      '/health': {
        get: {
          summary: 'Liveness and database check (no token needed)',
          security: [],
          responses: { '200': { description: 'The service and its database answer', content: json('Health') }, '503': problem('The database does not answer') },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document (no token needed)', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } },
      },
      '/cases/{id}': {
        parameters: [caseId],
        put: {
          summary: 'Create a case, or change its header',
          description:
            'Creates the case with its children, an optional title and completeness (default `record`). Sending the same header again changes nothing (200). A different header replaces it (200) only if every recorded event still fits it (else 409, with the issues).',
          requestBody: { required: true, content: json('CaseHeader') },
          responses: {
            '201': { description: 'Created', content: json('PutCaseResult') },
            '200': { description: 'Unchanged or changed', content: json('PutCaseResult') },
            '400': problem('Invalid header (issues list every problem)'),
            '409': problem('Recorded events do not fit the new header'),
            '413': problem('Body over the size limit'),
            '415': problem('Body not JSON'),
            ...common,
          },
        },
        get: {
          summary: 'The case: header, events, machine states, findings',
          parameters: [asOf('Judge open clocks at this day (default today)')],
          responses: { '200': { description: 'The case', content: json('CaseView') }, '404': problem('No such case'), '400': problem('Bad asOf'), ...common },
        },
      },
      '/cases/{id}/events': {
        parameters: [caseId],
        post: {
          summary: 'Check and record events, in order (all or nothing)',
          description:
            'One event, or an array of up to 1000, in the chronology event format. An event whose id is already recorded with the same content is a duplicate: a no-op (idempotent retries). The same id with other content is a 409. Invalid events (shape, unknown children, references) are a 400 listing every issue with its field path. In enforce mode an event refused by an enforceable rule is a 422 naming the rule(s) and citation, and nothing of the request is stored.',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { oneOf: [ref('Event'), { type: 'array', items: ref('Event'), minItems: 1, maxItems: 1000 }] } } },
          },
          responses: {
            '201': { description: 'At least one event recorded', content: json('AppendResult') },
            '200': { description: 'Every event was a duplicate: nothing changed', content: json('AppendResult') },
            '400': problem('Invalid body or events (issues list every problem)'),
            '404': problem('No such case: create it with PUT first'),
            '409': problem('An event id already recorded with other content'),
            '413': problem('Body over the size limit'),
            '415': problem('Body not JSON'),
            '422': problem('Refused by an enforceable rule (enforce mode); rules names them'),
            ...common,
          },
        },
      },
      '/cases/{id}/deadlines': {
        parameters: [caseId],
        get: {
          summary: "The case's open statutory clocks",
          parameters: [asOf('Count working days left from this day (default today)')],
          responses: { '200': { description: 'Open clocks, soonest first', content: json('CaseDeadlines') }, '404': problem('No such case'), '400': problem('Bad asOf'), ...common },
        },
      },
      '/cases/{id}/report': {
        parameters: [caseId],
        get: {
          summary: 'The HTML report of the case',
          parameters: [asOf('Judge open clocks at this day (default today)')],
          responses: {
            '200': { description: 'HTML', content: { 'text/html': {} } },
            '404': problem('No such case'),
            '501': problem('The HTML report is not in this build'),
            ...common,
          },
        },
      },
      '/deadlines': {
        get: {
          summary: 'Open statutory clocks across all cases, due within a window, soonest first',
          parameters: [
            { name: 'within', in: 'query', required: false, description: 'Window from asOf: `Nwd` working days or `Nd` calendar days (default 10wd). Overdue clocks are included.', schema: { type: 'string', pattern: '^[0-9]+(wd|d)$', default: '10wd' } },
            asOf('Start of the window (default today)'),
          ],
          responses: { '200': { description: 'Upcoming deadlines', content: json('UpcomingDeadlines') }, '400': problem('Bad within or asOf'), ...common },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The token given to `casepath serve` (--token or CASEPATH_TOKEN)' } },
      schemas,
    },
  };
  return cached;
}
