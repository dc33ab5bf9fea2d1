/**
 * The bulk reader scans an NDJSON line's depth only when something other than the one-pass
 * checks is to see its data (src/load.ts `loadUnscannedJson`). That is safe only if the
 * data those checks accept whole cannot be too deep, and it must change no result:
 * - the zod schemas (whose values the one-pass checks accept, or fewer) allow only a
 *   bounded depth, well under MAX_DEPTH;
 * - for every line, valid or nested too deep anywhere, the deferred path gives exactly
 *   what the scan-first path gives (parseJson, then loadParsedChronology).
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { emptyAggregate } from '../src/bulk/aggregate.js';
import { replayLines } from '../src/bulk/replay-lines.js';
import { defaultConfig } from '../src/config.js';
import { MAX_DEPTH, parseJson, parseJsonUnscanned } from '../src/input/parse.js';
import { type LoadResult, loadParsedChronology, loadUnscannedJson } from '../src/load.js';
import { chronologyHeader } from '../src/schema/chronology.js';
import { EVENT_TYPES, eventSchema } from '../src/schema/events.js';
import { generateCase } from '../src/testing/corpus.js';
import { propertyRuns } from './property-runs.js';

type Json = Record<string, unknown>;

/**
 * The deepest nesting of lists and objects a value a zod schema accepts can have (a scalar
 * is 0, `{}` or `[]` is 1); Infinity where it allows anything (an unknown value, an object
 * that keeps extra keys, a schema kind not known here, a cycle of schemas). The one-pass
 * checks and the fast header accept only what zod accepts (tests/compiled-validator.test.ts,
 * tests/fast-header.test.ts), so this bounds what they accept too.
 */
function depthOf(schema: z.core.$ZodType, stack: readonly z.core.$ZodType[] = []): number {
  if (stack.includes(schema)) return Infinity;
  const def = schema._zod.def as unknown as Json & { type: string };
  const of = (s: unknown) => depthOf(s as z.core.$ZodType, [...stack, schema]);
  switch (def.type) {
    case 'string':
    case 'boolean':
    case 'number':
    case 'enum':
    case 'literal':
    case 'never':
    case 'date': // a YAML timestamp's Date: no nesting (JSON gives none)
      return 0;
    case 'optional':
    case 'default':
    case 'nullable':
      return of(def['innerType']);
    case 'pipe':
      return of(def['in']);
    case 'array':
      return 1 + of(def['element']);
    case 'object': {
      const catchall = def['catchall'] as z.core.$ZodType | undefined;
      if (!catchall || (catchall._zod.def as { type: string }).type !== 'never') return Infinity;
      return 1 + Math.max(0, ...Object.values(def['shape'] as Json).map(of));
    }
    case 'union':
      return Math.max(...(def['options'] as unknown[]).map(of));
    case 'tuple': {
      const rest = def['rest'] ? [def['rest']] : [];
      return 1 + Math.max(0, ...[...(def['items'] as unknown[]), ...rest].map(of));
    }
    default:
      return Infinity;
  }
}

/** The scan-first path, as every other reader takes it. */
function scanFirst(text: string, file: string): LoadResult {
  const p = parseJson(text, file);
  return p.ok ? loadParsedChronology(p.data, file) : p;
}

/** The bulk reader's path. */
function deferred(text: string, file: string): LoadResult {
  const p = parseJsonUnscanned(text, file);
  return p.ok ? loadUnscannedJson(p.data, text, file) : p;
}

const nest = (levels: number, inner = '1') => '['.repeat(levels) + inner + ']'.repeat(levels);
const deepValue = (levels: number): unknown => JSON.parse(nest(levels));

describe('data the one-pass checks accept cannot be nested too deep', () => {
  test('every event schema and the header bound their depth well under MAX_DEPTH', () => {
    const events = Math.max(...EVENT_TYPES.map((t) => depthOf(eventSchema(t)!)));
    expect(events).toBeGreaterThanOrEqual(2); // an event object, a list or object in it
    // The header, but for its events (each checked on its own, as above).
    const { events: _, ...header } = chronologyHeader.shape;
    const headerDepth = Math.max(...Object.values(header).map((s) => depthOf(s)));
    // A file is an object, its events a list, and an event a few levels more.
    expect(Math.max(1 + headerDepth, 2 + events)).toBeLessThan(MAX_DEPTH / 4);
  });

  test('the depth measure sees what it must: unknown values, objects with extra keys, cycles', () => {
    expect(depthOf(z.unknown())).toBe(Infinity);
    expect(depthOf(z.object({ a: z.string() }))).toBe(Infinity);
    expect(depthOf(z.strictObject({ a: z.string() }))).toBe(1);
    expect(depthOf(z.array(z.array(z.number())).optional())).toBe(2);
    expect(depthOf(z.union([z.string(), z.array(z.string())]))).toBe(1);
    expect(depthOf(z.tuple([z.string(), z.strictObject({ a: z.array(z.string()) })]))).toBe(3);
    type Tree = Tree[];
    const tree: z.ZodType<Tree> = z.lazy(() => z.array(tree));
    expect(depthOf(tree)).toBe(Infinity);
  });
});

describe('the deferred depth check changes no result', () => {
  const valid = JSON.stringify(generateCase(20261207, 3));
  const base = JSON.parse(valid) as Json & { events: Json[]; children: Json[] };
  const at = (edit: (c: typeof base) => void): string => {
    const c = structuredClone(base);
    edit(c);
    return JSON.stringify(c);
  };
  const deep = deepValue(MAX_DEPTH + 2);
  const placed: [string, string][] = [
    ['a valid case', valid],
    ['an unknown top-level key', at((c) => void (c['extra'] = deep))],
    ['the title', at((c) => void (c['title'] = deep))],
    ['a child', at((c) => void (c.children[0]!['note'] = deep))],
    ['the children list', at((c) => void ((c as Json)['children'] = deep))],
    ['the events list', at((c) => void ((c as Json)['events'] = deep))],
    ['an event that is a list', at((c) => void (c.events[1] = deep as Json))],
    ['a known field of an event', at((c) => void (c.events[2]!['children'] = deep))],
    ['an unknown field of an event', at((c) => void (c.events[0]!['extra'] = deep))],
    ['an event of unknown type', at((c) => void (c.events[0] = { id: 'x', type: 'no.such', at: '2024-01-01', payload: deep }))],
    ['an event with no type', at((c) => void (c.events[0] = { id: 'x', at: deep }))],
    ['an event not deep, after an invalid one', at((c) => ((c.events[0]!['type'] = 'no.such'), void (c.events[3]!['extra'] = deep)))],
    ['brackets inside a string', at((c) => void (c['title'] = nest(MAX_DEPTH + 5)))],
    ['exactly MAX_DEPTH levels', at((c) => void (c['extra'] = deepValue(MAX_DEPTH - 1)))],
    ['one level more', at((c) => void (c['extra'] = deepValue(MAX_DEPTH)))],
    ['not JSON after deep nesting', `{"case":${nest(MAX_DEPTH + 1)}`],
    ['not JSON', '{"case": "a",'],
  ];
  test.each(placed)('%s', (_, text) => {
    expect(deferred(text, 'f.ndjson:1')).toEqual(scanFirst(text, 'f.ndjson:1'));
  });

  test('the cases made deep are refused for their depth, at the bracket the scan finds', () => {
    const r = deferred(placed[6]![1], 'f.ndjson:1');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => [i.code, i.message])).toEqual([['parse-error', expect.stringMatching(/^nested more than 64 levels deep \(at line 1, column \d+\)/)]]);
  });

  fcTest.prop(
    [fc.integer({ min: 0, max: 500 }), fc.nat(), fc.constantFrom('header', 'event', 'event-field', 'child'), fc.integer({ min: MAX_DEPTH - 4, max: MAX_DEPTH + 4 }), fc.boolean()],
    { numRuns: propertyRuns() },
  )('a generated case with nesting of about MAX_DEPTH put in a random place', (index, pick, where, levels, inString) => {
    const c = generateCase(20261207, index) as Json & { events: Json[]; children: Json[] };
    const value = inString ? nest(levels) : deepValue(levels);
    const key = ['note', 'extra', 'children', 'id', 'at'][pick % 5]!;
    if (where === 'header') c[pick % 2 ? 'title' : 'extra'] = value;
    else if (where === 'child') c.children[pick % c.children.length]![key] = value;
    else if (where === 'event') c.events[pick % c.events.length] = value as Json;
    else c.events[pick % c.events.length]![key] = value;
    const text = JSON.stringify(c);
    expect(deferred(text, 'f.ndjson:1')).toEqual(scanFirst(text, 'f.ndjson:1'));
  });

  test('the bulk reader counts a too-deep line as invalid, worded as a file would be', () => {
    const agg = emptyAggregate();
    replayLines([valid, placed[7]![1], valid], 1, agg, { config: defaultConfig(), source: 'f.ndjson' });
    expect(agg.cases).toBe(2);
    expect(agg.invalidCases).toBe(1);
    expect(agg.invalidSamples).toEqual([{ line: 2, issues: [expect.stringMatching(/nested more than 64 levels deep/)] }]);
  });
});
