/**
 * The served OpenAPI document: valid OpenAPI 3.1 by an independent validator
 * (@seriousme/openapi-schema-validator, every $ref resolved), one operationId and tag
 * per operation, examples that the response schemas accept, and machine states read
 * from the process machines.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processes } from '../../src/engine/processes.js';
import { createCasepathApp } from '../../src/server/app.js';
import {
  appendResultSchema,
  caseHeaderSchema,
  eventSchema,
  healthSchema,
  machineStatesSchema,
  problemSchema,
  putCaseResultSchema,
  stateKey,
  upcomingSchema,
} from '../../src/server/openapi.js';
import type { Store } from '../../src/server/store.js';
import { STORE_KINDS, TOKEN } from './support.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses: Record<string, unknown>; security?: unknown[] }>>;
  components: { schemas: Record<string, { example?: unknown; properties?: Record<string, { enum?: string[]; additionalProperties?: { enum?: string[] } }> }>; securitySchemes: Record<string, unknown> };
};

describe('the OpenAPI document', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let doc: Doc;

  beforeAll(async () => {
    ({ store, cleanup } = await STORE_KINDS.find((k) => k.name === 'sqlite')!.create());
    const res = await createCasepathApp({ store, token: TOKEN }).app.request('/openapi.json');
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(async () => cleanup());

  it('is valid OpenAPI 3.1, with every $ref resolved', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('a document the validator must refuse is refused (the check can fail)', async () => {
    const broken = structuredClone(doc) as unknown as Record<string, unknown>;
    delete broken['info'];
    expect((await new Validator().validate(broken as Parameters<Validator['validate']>[0])).valid).toBe(false);
  });

  it('gives every operation a unique operationId, a tag, and problem responses', () => {
    const ids: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (method === 'parameters') continue;
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
        expect(op.tags?.length, `${method} ${path}`).toBe(1);
        ids.push(op.operationId!);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(['appendEvents', 'getCase', 'getCaseDeadlines', 'getCaseReport', 'getHealth', 'getOpenApi', 'getUpcomingDeadlines', 'putCase']);
    expect(doc.paths['/health']!['get']!.security).toEqual([]);
    expect(doc.paths['/cases/{id}/events']!['post']!.responses['422']).toBeDefined();
  });

  it('carries examples the schemas accept', () => {
    const schemas = doc.components.schemas;
    const checks: [string, { parse(x: unknown): unknown }][] = [
      ['AppendResult', appendResultSchema],
      ['UpcomingDeadlines', upcomingSchema],
      ['PutCaseResult', putCaseResultSchema],
      ['Health', healthSchema],
      ['Problem', problemSchema],
      ['MachineStates', machineStatesSchema],
      ['Event', eventSchema],
      ['CaseHeader', caseHeaderSchema],
    ];
    for (const [name, schema] of checks) {
      expect(schemas[name]?.example, name).toBeDefined();
      expect(() => schema.parse(schemas[name]!.example), name).not.toThrow();
    }
  });

  it('lists each machine\'s states, read from the machines, under the JSON keys of today', () => {
    const states = doc.components.schemas['MachineStates']!.properties!;
    const { perChild, perCase } = processes();
    expect(Object.keys(states).sort()).toEqual(['childProtection', 'cinPlan', 'complaints', 'lookedAfter', 'plo']);
    for (const p of perChild) expect(states[stateKey(p.id)]!.additionalProperties!.enum, p.id).toEqual(Object.keys(p.machine.root.states));
    for (const p of perCase) expect(states[stateKey(p.id)]!.enum, p.id).toEqual(Object.keys(p.machine.root.states));
    expect(() => machineStatesSchema.parse({ childProtection: { A: 'no-such-state' }, cinPlan: {}, lookedAfter: {}, plo: 'none', complaints: 'none' })).toThrow();
    expect(() => machineStatesSchema.parse({ childProtection: { A: 'referred' }, cinPlan: { A: 'onPlan' }, lookedAfter: {}, plo: 'none', complaints: 'none' })).not.toThrow();
  });
});
