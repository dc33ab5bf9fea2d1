/**
 * The fast validators of src/schema/compiled-validator.ts against zod, the loader's
 * reference, on generated valid and malformed chronologies, the shipped scenarios, and those
 * scenarios' events mutated one field at a time:
 * - Ajv's validators (the JSON Schema's) accept and reject the same events as zod, except
 *   where the JSON Schema is documented as looser, never stricter;
 * - the one-pass check (the loader's path) and Ajv with the normalisation each give exactly
 *   zod's output (key order included) for an event zod accepts, give up on every event zod
 *   rejects, and give up on no valid event (the one pass aside for a field given as
 *   `undefined`, which it leaves to zod by design);
 * - the loader gives the same result, issues and all, with the fast paths on and off.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test as fcTest } from '@fast-check/vitest';
import YAML from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { loadChronologyData } from '../src/load.js';
import { ajvParse, checkedFor, fastParse, fastValid, gaveUp, setCompiledValidation } from '../src/schema/compiled-validator.js';
import { chronologyEvent } from '../src/index.js';
import { EVENT_META, EVENT_TYPES } from '../src/schema/events.js';
import { chronologyArbitrary, compliantChronologyArbitrary, malformedChronologyArbitrary } from '../src/testing/arbitraries/index.js';
import { propertyRuns } from './property-runs.js';

const numRuns = propertyRuns();

/** The map the loader validates with (src/load.ts `schemaByType`). */
const schemaByType = new Map<string, z.ZodType>(chronologyEvent.options.map((o) => [o.shape.type.value, o]));

/**
 * Where the JSON Schema is looser than zod by design (src/schema/json-schema.ts: "the
 * schema is looser there, never stricter"): zod's messages for those.
 */
const LOOSER = [/^the range starts \(.*\) after it ends/, /is longer than \d+ years, the longest offset/];

interface Verdict {
  type: string;
  ajv: boolean | undefined;
  zod: boolean;
  /** zod's issues' messages, when it rejects. */
  messages: string[];
}

function verdict(raw: unknown): Verdict | undefined {
  const type = (raw as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return undefined;
  const schema = schemaByType.get(type);
  if (!schema) {
    expect(fastValid(type, raw)).toBeUndefined();
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  return { type, ajv: fastValid(type, raw), zod: parsed.success, messages: parsed.success ? [] : leafMessages(parsed.error.issues) };
}

/** zod's messages, those inside a union's alternatives in place of the union's own ("Invalid input"). */
function leafMessages(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((i) => (i.code === 'invalid_union' && i.errors.length ? leafMessages(i.errors.flat()) : [i.message]));
}

/** Disagreements seen, reported once at the end (none expected outside {@link LOOSER}). */
const disagreements = new Map<string, { count: number; example: string }>();

/** Ajv and zod agree on `raw` (Ajv may accept where zod's only complaints are {@link LOOSER}); the normalisation is zod's. */
function agree(raw: unknown): void {
  const v = verdict(raw);
  if (!v) return;
  expect(v.ajv, `no compiled validator for ${v.type}`).not.toBeUndefined();
  if (v.ajv !== v.zod) {
    const looser = v.ajv && v.messages.some((m) => LOOSER.some((re) => re.test(m)));
    const why = v.messages.find((m) => LOOSER.some((re) => re.test(m))) ?? v.messages.join('; ');
    const kind = `Ajv ${v.ajv ? 'accepts' : 'rejects'}, zod ${v.zod ? 'accepts' : 'rejects'}: ${why.replace(/\([^)]*\)|"[^"]*"/g, '…')}`;
    const seen = disagreements.get(kind);
    disagreements.set(kind, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? JSON.stringify(raw) });
    expect(looser, `Ajv ${v.ajv ? 'accepts' : 'rejects'} and zod ${v.zod ? 'accepts' : `rejects (${v.messages.join('; ')})`}: ${JSON.stringify(raw)}`).toBe(true);
  }
  // The loader's fast paths (one pass, and Ajv then the transform): only for what zod
  // accepts, and then exactly zod's output. Neither gives up on a valid event.
  const checked = checkedFor(v.type);
  expect(checked, `no one-pass check for ${v.type}`).toBeDefined();
  const once = checked!(raw);
  const paths = { 'the one-pass check': gaveUp(once) ? undefined : once, 'Ajv and the transform': ajvParse(v.type, raw), 'fastParse': fastParse(v.type, raw) };
  const reference = v.zod ? schemaByType.get(v.type)!.parse(raw) : undefined;
  for (const [name, fast] of Object.entries(paths)) {
    if (!v.zod) {
      expect(fast, `${name} accepted what zod rejects (${v.messages.join('; ')}): ${JSON.stringify(raw)}`).toBeUndefined();
      continue;
    }
    // By design the one pass leaves to zod a field given as undefined (no JSON text gives one).
    if (fast === undefined && name !== 'Ajv and the transform' && givesUndefined(raw)) continue;
    expect(fast, `${name} gave up on a valid event: ${JSON.stringify(raw)}`).toBeDefined();
    expect(fast).toStrictEqual(reference);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
  }
}

/** Whether a value has a key whose value is `undefined`, at any depth. */
function givesUndefined(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  return Object.entries(v).some(([, x]) => x === undefined || givesUndefined(x));
}

const eventsOf = (data: unknown): unknown[] => {
  const events = (data as { events?: unknown } | null)?.events;
  return Array.isArray(events) ? events : [];
};

afterAll(() => {
  if (disagreements.size) console.info(`Ajv and zod disagreed (documented looseness) on:\n${[...disagreements].map(([k, { count, example }]) => `  ${k} (${count}×), e.g. ${example.slice(0, 200)}`).join('\n')}`);
});

describe('compiled validators', () => {
  test('one per event type, none for anything else', () => {
    for (const t of EVENT_TYPES) expect(fastValid(t, {})).toBe(false);
    for (const t of ['date', 'event', 'reason', 'id', 'concern.rased', '__proto__', '']) expect(fastValid(t, {})).toBeUndefined();
  });

  fcTest.prop([chronologyArbitrary()], { numRuns })('accept every event of a valid chronology, as zod does', (c) => {
    for (const e of eventsOf(c)) agree(e);
  });

  fcTest.prop([compliantChronologyArbitrary()], { numRuns })('accept every event of a compliant chronology, as zod does', (c) => {
    for (const e of eventsOf(c)) agree(e);
  });

  fcTest.prop([malformedChronologyArbitrary()], { numRuns })('accept and reject the events of a malformed chronology as zod does', (m) => {
    for (const e of eventsOf(m.data)) agree(e);
  });
});

// ---------------------------------------------------------------------------------------
// The shipped scenarios, and their events mutated one field at a time

const SCENARIOS = join(import.meta.dirname, '..', 'scenarios');
const scenarioFiles = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'));
const scenarios = scenarioFiles.map((f) => ({ file: f, data: YAML.parse(readFileSync(join(SCENARIOS, f), 'utf8')) as unknown }));

type Shape = Record<string, z.core.$ZodType>;
const shapeOf = (type: string): Shape => (schemaByType.get(type) as unknown as { shape: Shape }).shape;
const defType = (s: z.core.$ZodType): string => (s._zod.def as { type: string }).type;
const unwrapped = (s: z.core.$ZodType): z.core.$ZodType => {
  let x = s;
  while (defType(x) === 'optional' || defType(x) === 'default') x = (x._zod.def as unknown as { innerType: z.core.$ZodType }).innerType;
  return x;
};

/** One-field mutations of an event: each required field dropped, each date "04/03/2024", each enum "zzz". */
function mutations(e: Record<string, unknown>): Record<string, unknown>[] {
  const type = String(e['type']);
  const shape = shapeOf(type);
  const out: Record<string, unknown>[] = [];
  for (const [key, s] of Object.entries(shape)) {
    if (key !== 'type' && defType(s) !== 'optional' && defType(s) !== 'default') {
      const { [key]: _dropped, ...rest } = e;
      out.push(rest);
    }
    if (defType(unwrapped(s)) === 'enum') out.push({ ...e, [key]: 'zzz' });
    // Each field empty, of the wrong kind, or given as undefined (which zod keeps, for an optional field).
    if (key !== 'type') for (const bad of ['', 7, 1.5, true, null, [], {}, undefined]) out.push({ ...e, [key]: bad });
  }
  out.push({ ...e, colour: 'x' }, { ...e, id: 'not an id!' }, { ...e, id: '-e1' });
  const datePaths = type === 'omission' ? [] : ['at', ...EVENT_META[type as keyof typeof EVENT_META].dates.map((d) => d.path)];
  if (type === 'omission') datePaths.push('until');
  for (const path of datePaths) {
    if (path.includes('*')) {
      // recommendations.*.due: each item's due in turn.
      const [list, field] = path.split('.*.') as [string, string];
      const items = e[list];
      if (Array.isArray(items)) items.forEach((_, i) => out.push({ ...e, [list]: items.map((it, j) => (j === i ? { ...(it as object), [field]: '04/03/2024' } : it)) }));
    } else if (path.includes('.')) {
      const [outer, inner] = path.split('.') as [string, string];
      out.push({ ...e, [outer]: { ...((e[outer] as object | undefined) ?? {}), [inner]: '04/03/2024' } });
    } else out.push({ ...e, [path]: '04/03/2024' });
  }
  // A date list's items, a between's ends, a relative date's offset.
  const at = e['at'];
  if (Array.isArray(at)) at.forEach((_, i) => out.push({ ...e, at: at.map((d, j) => (j === i ? '04/03/2024' : d)) }));
  else if (at && typeof at === 'object') {
    const o = at as Record<string, unknown>;
    if (Array.isArray(o['between'])) out.push({ ...e, at: { between: ['04/03/2024', o['between'][1]] } }, { ...e, at: { between: [o['between'][1], o['between'][0]] } });
    if ('offset' in o) out.push({ ...e, at: { ...o, offset: 'P1X' } }, { ...e, at: { ...o, offset: 'P101Y' } });
  }
  return out;
}

describe('compiled validators on the scenarios', () => {
  test.each(scenarios)('$file: every event as zod judges it, and each one-field mutation of it', ({ data }) => {
    const events = eventsOf(data) as Record<string, unknown>[];
    expect(events.length).toBeGreaterThan(0);
    let mutated = 0;
    for (const e of events) {
      agree(e);
      for (const m of mutations(e)) {
        agree(m);
        mutated++;
      }
    }
    expect(mutated).toBeGreaterThan(events.length);
  });

  test('an event that is not a plain object is left to zod, which judges it', () => {
    const fields = { id: 'e1', type: 'child.seen', at: '2024-03-04' };
    class Event {
      id = 'e1';
      type = 'child.seen';
      at = '2024-03-04';
    }
    const inherits = Object.assign(Object.create({ note: 'from the prototype' }) as object, fields);
    const hidden = Object.defineProperty({ ...fields }, 'note', { value: 'not enumerable', enumerable: false });
    const bare = Object.assign(Object.create(null) as object, fields);
    for (const raw of [new Event(), inherits, hidden, [fields], 'e1', null]) {
      expect(gaveUp(checkedFor('child.seen')!(raw))).toBe(true);
      expect(fastParse('child.seen', raw)).toBeUndefined();
    }
    // An object with no prototype is as plain as JSON's: zod's output, in one pass.
    expect(checkedFor('child.seen')!(bare)).toStrictEqual(schemaByType.get('child.seen')!.parse(bare));
    // zod reads an inherited or hidden field, where the one-pass check gives up: the loader's result is zod's either way.
    for (const raw of [inherits, hidden]) bothWays({ case: 'c', children: [{ id: 'C1' }], completeness: 'summary', events: [raw] });
  });

  test('a YAML timestamp (a Date) is valid for zod; the compiled path leaves it to zod', () => {
    const e = { id: 'e1', type: 'child.seen', at: new Date('2024-03-04T00:00:00Z') };
    expect(schemaByType.get('child.seen')!.safeParse(e).success).toBe(true);
    expect(fastParse('child.seen', e)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------
// The loader with the compiled validators on and off

function bothWays(data: unknown): void {
  const before = setCompiledValidation('never');
  try {
    const zodOnly = loadChronologyData(structuredClone(data), 'f.json');
    setCompiledValidation('always');
    const compiled = loadChronologyData(structuredClone(data), 'f.json');
    expect(compiled).toStrictEqual(zodOnly);
  } finally {
    setCompiledValidation(before);
  }
}

describe('the loader, compiled validators on and off', () => {
  fcTest.prop([fc.oneof(chronologyArbitrary(), compliantChronologyArbitrary({ maxEpisodes: 2 }), malformedChronologyArbitrary().map((m) => m.data))], { numRuns })(
    'the same result, issues and messages included',
    (data) => bothWays(data),
  );

  test.each(scenarios)('$file: the same result', ({ data }) => bothWays(data));
});
