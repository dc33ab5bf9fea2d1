/**
 * `casepath schema` (src/schema/json-schema.ts): a JSON Schema an editor can use. It
 * compiles under Ajv's strict mode, stays small, accepts every file the loader accepts
 * (the shipped scenarios, generated chronologies), rejects the usual mistakes with a few
 * errors each, and describes every event type and field.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import YAML from 'yaml';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { main } from '../src/cli/main.js';
import { loadChronologyData } from '../src/load.js';
import { dateOrDuration, dateSpec } from '../src/schema/dates.js';
import { chronologyEvent } from '../src/index.js';
import { EVENT_TYPES } from '../src/schema/events.js';
import { chronologySchemaJson } from '../src/schema/json-schema.js';
import { chronologyArbitrary, compliantChronologyArbitrary } from '../src/testing/arbitraries/index.js';

type Json = Record<string, unknown>;

const root = join(import.meta.dirname, '..');
const scenarios = join(root, 'scenarios');
const schema = chronologySchemaJson();
const defs = schema['$defs'] as Record<string, Json>;
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(schema);
const sub = (def: string) => ajv.getSchema(`${String(schema['$id'])}#/$defs/${def}`) as ValidateFunction;

function printed(): string {
  let stdout = '';
  const code = main(['schema'], { stdout: (t) => (stdout += t), stderr: () => {}, env: {} });
  expect(code).toBe(0);
  return stdout;
}

const yamlFile = (name: string): unknown => YAML.parse(readFileSync(join(scenarios, name), 'utf8'));

function errorsOf(data: unknown): ErrorObject[] {
  return validate(data) ? [] : (validate.errors ?? []);
}

function explain(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n');
}

/** A small valid chronology, with `extra` events after its referral. */
function withEvents(...extra: Json[]): Json {
  return { case: 'demo', children: [{ id: 'A' }], events: [{ id: 'ref', type: 'referral.received', at: '2024-03-04' }, ...extra] };
}

describe('the chronology JSON Schema', () => {
  test('compiles under Ajv 2020 strict mode', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => new Ajv2020({ strict: true, allErrors: true }).compile(chronologySchemaJson())).not.toThrow();
  });

  test('is what `casepath schema` prints, and under 200 KB as printed', () => {
    const text = printed();
    expect(JSON.parse(text)).toEqual(schema);
    expect(Buffer.byteLength(text)).toBeLessThan(200_000);
  });

  test('shares its pieces in $defs: dates, references, reasons, one def per event type', () => {
    for (const name of ['date', 'eventDate', 'dateOrDuration', 'duration', 'id', 'ref', 'agency', 'reason', 'event']) expect(defs[name], name).toBeDefined();
    const item = defs['event']!;
    expect((item['properties'] as Record<string, Json>)['type']!['enum']).toEqual([...EVENT_TYPES]);
    const branches = item['allOf'] as { if: Json; then: Json }[];
    expect(branches.map((b) => b.then['$ref'])).toEqual(EVENT_TYPES.map((t) => `#/$defs/${t}`));
  });

  test('every event type has a def with a description, and every field a description', () => {
    const described = (prop: Json): boolean => typeof prop['description'] === 'string' || (typeof prop['$ref'] === 'string' && typeof defs[prop['$ref'].slice('#/$defs/'.length)]?.['description'] === 'string');
    const missing: string[] = [];
    for (const type of EVENT_TYPES) {
      const def = defs[type];
      expect(def, type).toBeDefined();
      expect(def!['description'], type).toEqual(expect.any(String));
      const walk = (s: Json, path: string) => {
        for (const [name, prop] of Object.entries((s['properties'] as Record<string, Json> | undefined) ?? {})) {
          if (!described(prop)) missing.push(`${type}: ${path}${name}`);
          const inner = prop['type'] === 'array' ? (prop['items'] as Json) : prop;
          if (inner['type'] === 'object') walk(inner, `${path}${name}.`);
        }
      };
      walk(def!, '');
    }
    for (const name of Object.keys(schema['properties'] as Json)) if (!described((schema['properties'] as Record<string, Json>)[name]!)) missing.push(`file: ${name}`);
    expect(missing).toEqual([]);
  });

  test("a zod schema's own description wins over the tables", () => {
    const alone = chronologyEvent.options.find((o) => o.shape.type.value === 'child.seen')!.shape;
    const field = (alone as unknown as Record<string, z.ZodType>)['alone']!;
    z.globalRegistry.add(field, { description: 'Seen without a parent in the room.' });
    try {
      const props = (chronologySchemaJson()['$defs'] as Record<string, Json>)['child.seen']!['properties'] as Record<string, Json>;
      expect(props['alone']!['description']).toBe('Seen without a parent in the room.');
    } finally {
      z.globalRegistry.remove(field);
    }
    expect(((defs['child.seen']!['properties'] as Record<string, Json>)['alone']!)['description']).toBe('Whether the child was seen alone.');
  });

  test('reference fields say what they refer to', () => {
    const props = (type: string) => defs[type]!['properties'] as Record<string, Json>;
    expect(props('reports.shared')['for']!['description']).toMatch(/conference\.held or conference\.scheduled/);
    expect(props('referral.received')['concerns']!['description']).toMatch(/Each item: a concern id/);
  });
});

describe('valid files validate', () => {
  test.each(['lgsco-24-009-262.yaml', 'lgsco-23-016-429.yaml'])('the real case %s', (name) => {
    const data = yamlFile(name);
    expect(validate(data), explain(validate.errors)).toBe(true);
  });

  test('every scenario', () => {
    const files = readdirSync(scenarios).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const name of files) expect(validate(yamlFile(name)), `${name}\n${explain(validate.errors)}`).toBe(true);
  });

  test('the README-style date forms, unquoted in YAML', () => {
    const data = YAML.parse(`
case: demo
children: [{ id: A, born: 2019 }]
completeness: { record: { from: 2024-01-01, to: 2024-12-31, events: [referral.received] } }
events:
  - { id: a, type: referral.received, at: 2024 }
  - { id: b, type: note, at: 2024-02 }
  - { id: c, type: note, at: { between: [2024-02-01, 2024] } }
  - { id: d, type: note, at: { after: c, offset: P1W, tolerance: P2D } }
  - { id: e, type: note, at: [{ before: f, offset: P1M }, 2024-03] }
  - { id: f, type: plan.action-set, at: 2024-04-30, action: visit, due: P2W }
  - { id: g, type: omission, step: plan.action-done, for: f, until: 2024-06-30 }
`);
    expect(validate(data), explain(validate.errors)).toBe(true);
  });

  // The loader may reject what the schema accepts (it checks the whole file), never the other way round.
  test.each([
    ['chronologyArbitrary', chronologyArbitrary({ exact: 'mixed' })],
    ['compliantChronologyArbitrary', compliantChronologyArbitrary()],
  ] as const)('what the loader accepts, the schema accepts (%s)', (_name, arbitrary) => {
    for (const c of fc.sample(arbitrary, { numRuns: 50, seed: 1 })) {
      expect(loadChronologyData(c, 'gen').ok).toBe(true);
      // Through YAML and back, as an editor would see the file.
      for (const data of [c, YAML.parse(YAML.stringify(c))]) expect(validate(data), `${explain(validate.errors)}\n${JSON.stringify(c)}`).toBe(true);
    }
  });
});

describe('the date patterns agree with src/schema/dates.ts', () => {
  const date = sub('date');
  const due = sub('dateOrDuration');

  test('day, month and year texts and year numbers, inside and outside the input years', () => {
    const text = fc.oneof(
      fc.tuple(fc.integer({ min: 1890, max: 2910 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.tuple(fc.integer({ min: 1890, max: 2910 }), fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
      fc.integer({ min: 1890, max: 2910 }).map(String),
      fc.integer({ min: 1890, max: 2910 }),
      fc.constantFrom('2024-2-01', '24-02-01', '2024/02/01', '04/03/2024', '2024-02-01T00:00', ' 2024', '', 2024.5, -2024),
    );
    const seen = new Set<boolean>();
    for (const value of fc.sample(text, { numRuns: 3000, seed: 1 })) {
      const ok = dateSpec.safeParse(value).success;
      seen.add(ok);
      expect(date(value), String(value)).toBe(ok);
    }
    expect(seen).toEqual(new Set([true, false]));
    // Every leap day of the input years, and none of the other 29 Februaries.
    for (let y = 1900; y <= 2899; y++) expect(date(`${y}-02-29`), String(y)).toBe(dateSpec.safeParse(`${y}-02-29`).success);
  });

  test('the object forms', () => {
    const ok = [{ between: ['2024-01-01', '2024-02'] }, { between: [2023, 2024] }, { after: 'x', offset: 'P1W' }, { before: 'x', offset: 'P2M', tolerance: 'P2D' }, { after: 'x', offset: 'P1.5D' }];
    const bad = [{}, { between: ['2024-01-01'] }, { between: ['2024-01-01', '2024-02-01', '2024-03-01'] }, { after: '', offset: 'P1W' }, { after: 'x' }, { after: 'x', offset: 'P1W', wat: 1 }, { after: 'x', before: 'y', offset: 'P1W' }, { at: '2024' }];
    for (const v of ok) expect([JSON.stringify(v), date(v), dateSpec.safeParse(v).success]).toEqual([JSON.stringify(v), true, true]);
    for (const v of bad) expect([JSON.stringify(v), date(v), dateSpec.safeParse(v).success]).toEqual([JSON.stringify(v), false, false]);
  });

  test('durations: what the loader accepts in days, weeks, months and years (a time part it rejects later)', () => {
    const part = (unit: string) => fc.option(fc.oneof(fc.integer({ min: 0, max: 12 }).map(String), fc.constant('1.5')).map((n) => `${n}${unit}`), { nil: '' });
    const duration = fc.oneof(
      fc.tuple(part('Y'), part('M'), part('W'), part('D')).map((parts) => `P${parts.join('')}`),
      fc.constantFrom('P1', '1W', 'P1w', 'PT1H', 'P1DT', 'P1,5D', 'P1Q', 'P1D2W', '-P1D'),
    );
    const seen = new Set<boolean>();
    for (const d of fc.sample(duration, { numRuns: 1000, seed: 1 })) {
      const loader = dateOrDuration.safeParse(d).success && !/T/.test(d);
      seen.add(loader);
      expect(due(d), d).toBe(loader);
      expect(date({ after: 'x', offset: d }), d).toBe(loader);
    }
    expect(seen).toEqual(new Set([true, false]));
  });
});

describe('mistakes are rejected, each with a few errors', () => {
  test.each<[string, Json]>([
    ['a date in another format', { id: 'a', type: 'note', at: '04/03/2024' }],
    ['an object that is no date', { id: 'a', type: 'note', at: { wat: true } }],
    ['a null date', { id: 'a', type: 'note', at: null }],
    ['a day that does not exist', { id: 'a', type: 'note', at: '2023-02-29' }],
    ['a year outside 1900–2899', { id: 'a', type: 'note', at: 1899 }],
    ['an unknown event type', { id: 'a', type: 'conference.helt', at: '2024-03-05' }],
    ['a missing id', { type: 'note', at: '2024-03-05' }],
    ['a misspelt field', { id: 'a', type: 'conference.held', decison: 'plan' }],
    ['an unknown reason', { id: 'a', type: 'conference.held', reasons: [{ basis: 'hunch' }] }],
    ['a time in a due date', { id: 'a', type: 'plan.action-set', action: 'x', due: 'PT2H' }],
  ])('%s', (_what, event) => {
    const data = withEvents(event);
    expect(loadChronologyData(data, 'bad').ok).toBe(false);
    const errors = errorsOf(data);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(10);
    expect(errors.every((e) => e.instancePath.startsWith('/events/1'))).toBe(true);
  });

  test('a file with seven mistakes gives a few errors, at each mistake', () => {
    const data = {
      case: 'demo',
      jurisdiction: 'wales',
      children: [{ id: 'A' }],
      events: [
        { id: 'ref', type: 'referral.received', at: '04/03/2024' },
        { id: 's', type: 'strategy.held', at: { after: 'ref', offset: 'a week' }, decision: 's47' },
        { type: 'conference.held', at: '2024-04-02', kind: 'initial' },
        { id: 'icpc', type: 'conference.held', at: '2024-04-02', kind: 'final', decison: 'plan' },
        { id: 'x', type: 'conference.helt', at: '2024-04-03' },
      ],
    };
    const errors = errorsOf(data);
    const at = new Set(errors.map((e) => e.instancePath));
    for (const path of ['/jurisdiction', '/events/0/at', '/events/1/at/offset', '/events/2', '/events/3/kind', '/events/3', '/events/4/type']) {
      expect(at.has(path), `${path}\n${explain(errors)}`).toBe(true);
    }
    expect(errors.length, explain(errors)).toBeLessThanOrEqual(30);
  });
});
