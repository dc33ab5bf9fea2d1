/**
 * Fast event validation for the loader, with zod as the reference: each path either gives
 * exactly the event zod would return, or gives up and lets zod decide and word the issues.
 *
 * **One pass** ({@link checkedFor}, what the loader uses): for each event type, a function
 * generated from its zod schema checks each field as zod would and builds zod's output as
 * it goes (below, "Checked and built in one pass"). It needs nothing at start-up but the
 * type's schema, so the loader uses it from the first event.
 *
 * **Ajv then the transform** ({@link ajvParse}): per-event-type validators compiled by Ajv
 * (draft 2020-12) from the chronology's JSON Schema (src/schema/json-schema.ts, itself
 * generated from the zod schemas), then the normalisation zod applies. It was the loader's
 * path until the one pass replaced it (the one pass took half its time, and its code is a
 * fraction of Ajv's for each worker thread's JIT to compile); it remains for an event type
 * whose schema the one pass cannot read (none today: tests require one for every type), and
 * tests keep the JSON Schema's validators in agreement with zod.
 *
 * Each type's def (`$defs/<type>`) is resolved (compiled) the first time an event of that
 * type is checked, then kept. `allErrors: false`: the first error is enough, since an event
 * Ajv rejects is validated again by zod, which words the messages.
 *
 * zod does not only validate: it normalises (every date form becomes a {@link DateSpec},
 * defaults are filled in, objects are rebuilt in schema key order). The transform does the
 * same for an event Ajv accepts, built once per type from the zod schema itself (objects,
 * lists, optional and default fields, the reason union) and the date functions of dates.ts
 * (parseDateText, the same duration checks), so its output is the value zod would return.
 * The JSON Schema is looser than zod in places, never stricter (json-schema.ts: a range
 * that ends before it starts, a duration over 100 years), and it does not know Date objects
 * (YAML's unquoted timestamps): where the transform meets one of those it gives up and the
 * caller asks zod.
 *
 * Compiling Ajv's validators costs a few hundred milliseconds, far more than zod spends on
 * a small file. So `npm run build` writes Ajv's code for every event type into a module
 * beside this one ({@link STANDALONE_FILE}, Ajv's `standalone` output from the same schema
 * and options), which loads in about 12 ms; where it is missing (run from the sources) the
 * validators are compiled at run time. For a type with no one-pass check,
 * {@link compiledParse} uses them once a process has validated {@link LOAD_PRECOMPILED_AFTER}
 * events with the module at hand, or {@link COMPILE_AFTER} without it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { Duration } from '../calendar/luxon.js';
import type { z } from 'zod';
import { isInputDay } from '../calendar/day.js';
import { durationTooLong } from '../dates/durations.js';
import { type AbsoluteDate, type DateSpec, type RelativeDate, dateOrDuration, dateSpec, eventDate, parseDateText } from './dates.js';
import { type ChronologyEvent, EVENT_TYPES, eventSchema } from './events.js';
import { chronologySchemaJson } from './json-schema.js';

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

// ---------------------------------------------------------------------------------------
// Ajv

let ajv: Ajv2020 | undefined;
let schemaId = '';
let defNames: ReadonlySet<string> = new Set();
/** Compiled validators by event type; `null`: none for that type. */
const compiled = new Map<string, ValidateFunction | null>();

type AjvModule = typeof import('ajv/dist/2020.js');

// Required where needed, not imported: loading Ajv costs ~40 ms, which a process that never validates this way should not pay.
const requireHere = createRequire(import.meta.url);

/** One Ajv with casepath's schema added; `source`: keep the generated code (for {@link standaloneValidatorsSource}). */
function newAjv(source: boolean): { ajv: Ajv2020; schema: Record<string, unknown> } {
  const { Ajv2020: Ajv } = requireHere('ajv/dist/2020.js') as AjvModule;
  const schema = chronologySchemaJson();
  // inlineRefs off and the code optimiser off: each shared def (the dates above all) is
  // compiled once, not into every event type, which halves compiling and validates as fast.
  const instance = new Ajv({ strict: true, allErrors: false, inlineRefs: false, code: { optimize: false, ...(source ? { source: true } : {}) } });
  // The schema is casepath's own, generated; tests/json-schema.test.ts checks it against the meta-schema.
  instance.addSchema(schema, undefined, undefined, false);
  return { ajv: instance, schema };
}

function setUp(): Ajv2020 {
  const { ajv: instance, schema } = newAjv(false);
  schemaId = String(schema['$id']);
  defNames = new Set(Object.keys((schema['$defs'] ?? {}) as Record<string, unknown>));
  return instance;
}

// ---------------------------------------------------------------------------------------
// Precompiled: the same validators as Ajv's own code, generated at build time

/** The export name of an event type's validator in the generated module. */
const exportName = (type: string): string => `v_${type.replace(/[^A-Za-z0-9]/g, '_')}`;

/** The file `npm run build` writes (scripts/build-validators.mjs), beside this module in dist/src/schema/. */
export const STANDALONE_FILE = 'event-validators.cjs';

/**
 * The source of a CommonJS module exporting every event type's validator, compiled by Ajv
 * with the options and schema above (Ajv's `standalone` code): what `npm run build` writes
 * to dist/src/schema/{@link STANDALONE_FILE}, so that a process loads validators (about
 * 12 ms) instead of compiling them (about half a second, in every worker thread).
 */
export function standaloneValidatorsSource(): string {
  const { ajv: instance, schema } = newAjv(true);
  const standalone = (requireHere('ajv/dist/standalone/index.js') as { default: (ajv: Ajv2020, refs: Record<string, string>) => string }).default;
  const defs = new Set(Object.keys((schema['$defs'] ?? {}) as Record<string, unknown>));
  const refs: Record<string, string> = {};
  for (const type of EVENT_TYPES) if (defs.has(type)) refs[exportName(type)] = `${String(schema['$id'])}#/$defs/${type}`;
  return `// Generated by scripts/build-validators.mjs from casepath's JSON Schema (src/schema/json-schema.ts); do not edit.\n${standalone(instance, refs)}`;
}

/** The generated validators, if this module runs from a build that has them (dist/src/schema/, or the bundle in dist/cli/chunks/). */
function loadStandalone(): Record<string, ValidateFunction> | undefined {
  for (const rel of [`./${STANDALONE_FILE}`, `../../src/schema/${STANDALONE_FILE}`]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(url)) return requireHere(fileURLToPath(url)) as Record<string, ValidateFunction>;
  }
  return undefined;
}

let standalone: Record<string, ValidateFunction> | null | undefined;

/** Whether the precompiled validators are in use (tests; the benchmarks print it). */
export function usesStandaloneValidators(): boolean {
  standalone ??= (preferStandalone ? loadStandalone() : undefined) ?? null;
  return standalone !== null;
}

let preferStandalone = true;

/** Tests: compile at run time even where the generated validators exist; returns the previous setting. */
export function setStandaloneValidators(use: boolean): boolean {
  const previous = preferStandalone;
  preferStandalone = use;
  standalone = undefined;
  compiled.clear();
  return previous;
}

/** The compiled validator for an event type (loaded or compiled on first use), or `undefined`. */
export function validatorFor(type: string): ValidateFunction | undefined {
  const known = compiled.get(type);
  if (known !== undefined) return known ?? undefined;
  if (!EVENT_TYPE_SET.has(type)) return undefined;
  let fn: ValidateFunction | null;
  if (usesStandaloneValidators()) fn = standalone![exportName(type)] ?? null;
  else {
    ajv ??= setUp();
    // The event-type defs are named by their type; the other defs (date, id, reason…) are not events.
    fn = defNames.has(type) ? ((ajv.getSchema(`${schemaId}#/$defs/${type}`) as ValidateFunction | undefined) ?? null) : null;
  }
  compiled.set(type, fn);
  return fn ?? undefined;
}

/**
 * Whether `raw` is a valid event of `type` by the JSON Schema (compiled once per type):
 * `undefined` when there is no compiled validator for that type.
 */
export function fastValid(type: string, raw: unknown): boolean | undefined {
  const fn = compiled.get(type) ?? validatorFor(type);
  return fn ? (fn(raw) as boolean) : undefined;
}

// ---------------------------------------------------------------------------------------
// The transform zod would apply, for an event Ajv accepted

/** The transform gave up: ask zod. */
const BAIL: unique symbol = Symbol('bail');
type Bail = typeof BAIL;
type Transform = (value: unknown) => unknown;

const identity: Transform = (v) => v;

/** dates.ts's scalarDate, for what Ajv let through (a string or an integer; a Date: ask zod). */
function scalarDate(v: unknown): AbsoluteDate | Bail {
  if (typeof v !== 'string' && !(typeof v === 'number' && Number.isSafeInteger(v))) return BAIL;
  const parsed = parseDateText(String(v));
  return parsed && isInputDay(parsed.from) && isInputDay(parsed.to) ? parsed : BAIL;
}

/** dates.ts's isoDuration, as a test. */
function isDuration(s: unknown): s is string {
  return typeof s === 'string' && /^P/.test(s) && Duration.fromISO(s).isValid && !durationTooLong(s);
}

function relativeDate(v: Record<string, unknown>, direction: 'after' | 'before'): RelativeDate | Bail {
  const anchor = v[direction];
  const { offset, tolerance } = v;
  if (typeof anchor !== 'string' || anchor.length === 0 || !isDuration(offset) || (tolerance !== undefined && !isDuration(tolerance))) return BAIL;
  return {
    kind: 'relative',
    anchor,
    direction,
    offset,
    ...(tolerance ? { tolerance } : {}),
    text: `${offset}${tolerance ? `±${tolerance}` : ''} ${direction} ${anchor}`,
  };
}

/** dates.ts's dateSpec: the first form that fits, as zod's union tries them. */
function fastDateSpec(v: unknown): DateSpec | Bail {
  if (typeof v !== 'object' || v === null) return scalarDate(v);
  if (Array.isArray(v) || v instanceof Date) return BAIL;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === 'between') {
    const between = o['between'];
    if (!Array.isArray(between) || between.length !== 2) return BAIL;
    const a = scalarDate(between[0]);
    const b = scalarDate(between[1]);
    if (a === BAIL || b === BAIL || a.from > b.to) return BAIL;
    return { kind: 'absolute', from: a.from, to: b.to, text: `${a.text}..${b.text}` };
  }
  if (!keys.every((k) => k === 'after' || k === 'before' || k === 'offset' || k === 'tolerance')) return BAIL;
  if ('after' in o && !('before' in o)) return relativeDate(o, 'after');
  if ('before' in o && !('after' in o)) return relativeDate(o, 'before');
  return BAIL;
}

function fastEventDate(v: unknown): DateSpec | DateSpec[] | Bail {
  if (!Array.isArray(v)) return fastDateSpec(v);
  if (v.length === 0) return BAIL;
  const out: DateSpec[] = [];
  for (let i = 0; i < v.length; i++) {
    const d = fastDateSpec(v[i]);
    if (d === BAIL) return BAIL;
    out.push(d);
  }
  return out;
}

function fastDateOrDuration(v: unknown): DateSpec | { kind: 'duration'; offset: string } | Bail {
  if (typeof v === 'string' && /^P/.test(v)) return isDuration(v) ? { kind: 'duration', offset: v } : BAIL;
  return fastDateSpec(v);
}

/**
 * dates.ts's dateSpec for a plain value (JSON's strings, integers, objects and lists), or
 * `undefined` when only zod can tell (invalid, or a Date object). It checks all that zod
 * checks itself, so it needs no JSON Schema first (the header's fast path, fast-header.ts).
 */
export function plainDateSpec(v: unknown): DateSpec | undefined {
  const d = fastDateSpec(v);
  return d === BAIL ? undefined : d;
}

const DATE_TRANSFORMS = new Map<unknown, Transform>([
  [dateSpec, fastDateSpec],
  [eventDate, fastEventDate],
  [dateOrDuration, fastDateOrDuration],
]);

/** zod's internal definition of a schema (`_zod.def`), as far as the transforms read it. */
interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  discriminator?: string;
  values?: unknown[];
  readonly defaultValue?: unknown;
}

const defOf = (s: z.core.$ZodType): Def => s._zod.def as unknown as Def;

/**
 * The transform zod applies with schema `s`, for a value the JSON Schema accepted;
 * `undefined` if `s` uses anything this does not know (that event type then always goes to zod).
 */
function transformOf(s: z.core.$ZodType): Transform | undefined {
  const date = DATE_TRANSFORMS.get(s);
  if (date) return date;
  const def = defOf(s);
  switch (def.type) {
    case 'string':
    case 'boolean':
    case 'number':
    case 'enum':
    case 'literal':
      // Checked by the JSON Schema, and returned as they are by zod.
      return identity;
    case 'optional': {
      const inner = transformOf(def.innerType!);
      if (inner === identity) return identity;
      return inner && ((v) => (v === undefined ? undefined : inner(v)));
    }
    case 'default': {
      const inner = transformOf(def.innerType!);
      if (!inner) return undefined;
      return (v) => {
        if (v === undefined) return def.defaultValue;
        const r = inner(v);
        return r === undefined ? def.defaultValue : r;
      };
    }
    case 'array': {
      const element = transformOf(def.element!);
      if (!element) return undefined;
      return (v) => {
        if (!Array.isArray(v)) return BAIL;
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) {
          const r = element(v[i]);
          if (r === BAIL) return BAIL;
          out.push(r);
        }
        return out;
      };
    }
    case 'object': {
      // Strict objects only: the JSON Schema rejects unknown keys (additionalProperties: false).
      if (!def.catchall || defOf(def.catchall).type !== 'never') return undefined;
      const keys = Object.keys(def.shape!);
      const fields: Transform[] = [];
      for (const k of keys) {
        const t = transformOf(def.shape![k]!);
        if (!t) return undefined;
        fields.push(t);
      }
      return objectTransform(keys, fields);
    }
    case 'union':
      // A discriminated union of objects (the reasons): the branch its discriminator names.
      return discriminated(def, transformOf);
    default:
      return undefined;
  }
}

/**
 * A discriminated union of objects, each branch by `branchOf`: the branch the value's
 * discriminator names, or BAIL. `undefined` if the union is not one, or a branch cannot be built.
 */
function discriminated(def: Def, branchOf: (branch: z.core.$ZodType) => Transform | undefined): Transform | undefined {
  const key = def.discriminator;
  if (!key) return undefined;
  const branches = new Map<unknown, Transform>();
  for (const o of def.options!) {
    const d = defOf(o);
    const literal = d.shape?.[key];
    const values = literal ? defOf(literal).values : undefined;
    const t = branchOf(o);
    if (d.type !== 'object' || !values || values.length !== 1 || !t) return undefined;
    branches.set(values[0], t);
  }
  return (v) => {
    if (typeof v !== 'object' || v === null) return BAIL;
    const t = branches.get((v as Record<string, unknown>)[key]);
    return t ? t(v) : BAIL;
  };
}

/**
 * zod's object parse, for one object schema: schema key order, a key given as `undefined`
 * kept. Generated code (one property access per field, as Ajv does): the generic loop over
 * the keys cost as much as Ajv's validation.
 */
function objectTransform(keys: readonly string[], fields: readonly Transform[]): Transform {
  const lines = keys.map((k, i) => {
    const key = JSON.stringify(k);
    const value = fields[i] === identity ? `input[${key}]` : `f[${i}](input[${key}])`;
    return `r = ${value}; if (r === BAIL) return BAIL; if (r !== undefined) out[${key}] = r; else if (${key} in input) out[${key}] = undefined;`;
  });
  const body = [
    'return function (input) {',
    "  if (typeof input !== 'object' || input === null || Array.isArray(input)) return BAIL;",
    '  const out = {};',
    '  let r;',
    ...lines.map((l) => `  ${l}`),
    '  return out;',
    '};',
  ].join('\n');
  return new Function('f', 'BAIL', body)(fields, BAIL) as Transform;
}

/** Transforms by event type, built on first use; `null`: this type always goes to zod. */
const transforms = new Map<string, Transform | null>();

function transformFor(type: string): Transform | undefined {
  let t = transforms.get(type);
  if (t === undefined) {
    const schema = eventSchema(type);
    t = (schema && transformOf(schema)) ?? null;
    transforms.set(type, t);
  }
  return t ?? undefined;
}

/**
 * The event zod would parse `raw` to, when Ajv's validator accepts it and the transform
 * needs nothing the JSON Schema does not check; otherwise `undefined` (invalid, or only zod
 * can tell). The loader's path for an event type {@link checkedFor} cannot read.
 */
export function ajvParse(type: string, raw: unknown): ChronologyEvent | undefined {
  if (fastValid(type, raw) !== true) return undefined;
  const t = transformFor(type);
  if (!t) return undefined;
  const out = t(raw);
  return out === BAIL ? undefined : (out as ChronologyEvent);
}

/**
 * The event zod would parse `raw` to, or `undefined` (invalid, or only zod can tell: ask
 * zod, for the result and its messages): checked and built in one pass where the type's
 * schema allows ({@link checkedFor}), else by Ajv and the transform ({@link ajvParse}).
 */
export function fastParse(type: string, raw: unknown): ChronologyEvent | undefined {
  const c = checkedFor(type);
  return c === undefined ? ajvParse(type, raw) : checkedParse(c, raw);
}

/** The event a type's one-pass check gives for `raw`, or `undefined` where it gives up. */
function checkedParse(check: Transform, raw: unknown): ChronologyEvent | undefined {
  const out = check(raw);
  return out === BAIL ? undefined : (out as ChronologyEvent);
}

// ---------------------------------------------------------------------------------------
// Checked and built in one pass
//
// Ajv's validators (about 490 KB of generated code for the 64 types) then the transform:
// every event is walked twice, and each worker thread's JIT compiles both. Measured on
// 65,000 generated cases, replay with no validation at all took 0.80-0.87 of the time, most of
// it Ajv's (BENCHMARKS.md). So for each event type whose zod schema uses only what is
// below, one generated function per object checks each field as zod would and builds
// zod's output as it goes. It only has to be no looser than zod: whatever it does not
// accept (a value it cannot judge, a field given as `undefined`, an object that is not a
// plain one) it leaves to zod, which decides and words the issues. Tests check that for
// every event the property tests generate it gives zod's output, key order included, or
// gives up, and that it gives up on none of the valid ones.

/** A field's check as an expression over `v` (a leaf: string, boolean, number, enum, literal), with the values it refers to. */
interface Inline {
  test: (v: string, ref: (value: unknown) => string) => string;
  /**
   * The value to output for an accepted `v`, as an expression, when not `v` itself: a literal's
   * own constant. Equal to `v`, but a string the engine has interned: JSON.parse interns only
   * strings of up to 10 characters, and an event's `type` (`concern.raised`) is looked up in
   * a Map several times per event, which then compares the characters each time.
   */
  out?: string;
}

/** A checked transform, with its leaf test when it is a leaf (inlined in the object that holds it). */
type Checked = { run: Transform; inline?: Inline };

/** zod's checks of a schema (`_zod.def.checks`), as their own defs. */
const checksOf = (s: z.core.$ZodType): Record<string, unknown>[] =>
  (((s._zod.def as { checks?: { _zod: { def: Record<string, unknown> } }[] }).checks ?? []).map((c) => c._zod.def));

/**
 * A leaf from its test. Its function is built from the same test, on first use: a leaf in
 * an object is tested inline there, and needs one only inside a list or a union.
 */
function leaf(inline: Inline): Checked {
  let run: Transform | undefined;
  return {
    inline,
    get run(): Transform {
      if (run) return run;
      const refs: unknown[] = [];
      const ref = (value: unknown) => `r[${refs.push(value) - 1}]`;
      run = new Function('r', 'BAIL', `return function (v) { return ${inline.test('v', ref)} ? v : BAIL; };`)(refs, BAIL) as Transform;
      return run;
    },
  };
}

/** The length checks of a string or array as tests of `${v}.length`; undefined for any other check. */
function lengthTests(checks: readonly Record<string, unknown>[], v: string): string[] | undefined {
  const out: string[] = [];
  for (const c of checks) {
    if (c['check'] === 'min_length' && typeof c['minimum'] === 'number') out.push(`${v}.length >= ${c['minimum']}`);
    else if (c['check'] === 'max_length' && typeof c['maximum'] === 'number') out.push(`${v}.length <= ${c['maximum']}`);
    else if (c['check'] === 'length_equals' && typeof c['length'] === 'number') out.push(`${v}.length === ${c['length']}`);
    else return undefined;
  }
  return out;
}

function checkedLeaf(s: z.core.$ZodType): Checked | undefined {
  const def = defOf(s);
  const checks = checksOf(s);
  switch (def.type) {
    case 'string': {
      const regexes: RegExp[] = [];
      const lengths = lengthTests(checks.filter((c) => c['check'] !== 'string_format'), '');
      for (const c of checks) {
        if (c['check'] !== 'string_format') continue;
        const re = c['pattern'];
        // A global or sticky pattern carries state between tests: zod's to judge.
        if (c['format'] !== 'regex' || !(re instanceof RegExp) || re.global || re.sticky) return undefined;
        regexes.push(re);
      }
      if (!lengths) return undefined;
      return leaf({ test: (v, ref) => [`typeof ${v} === 'string'`, ...lengths.map((t) => v + t), ...regexes.map((re) => `${ref(re)}.test(${v})`)].join(' && ') });
    }
    case 'boolean':
      return checks.length ? undefined : leaf({ test: (v) => `typeof ${v} === 'boolean'` });
    case 'number': {
      const tests: string[] = [];
      for (const c of checks) {
        if (c['check'] === 'number_format' && c['format'] === 'safeint') tests.push('Number.isSafeInteger(%)');
        else if (c['check'] === 'greater_than' && typeof c['value'] === 'number') tests.push(`% ${c['inclusive'] ? '>=' : '>'} ${c['value']}`);
        else if (c['check'] === 'less_than' && typeof c['value'] === 'number') tests.push(`% ${c['inclusive'] ? '<=' : '<'} ${c['value']}`);
        else return undefined;
      }
      return leaf({ test: (v) => [`typeof ${v} === 'number'`, `Number.isFinite(${v})`, ...tests.map((t) => t.replaceAll('%', v))].join(' && ') });
    }
    case 'enum':
    case 'literal': {
      if (checks.length) return undefined;
      const values = def.type === 'enum' ? Object.values((def as { entries?: Record<string, unknown> }).entries ?? {}) : (def.values ?? []);
      if (!values.length || !values.every((x) => typeof x === 'string')) return undefined;
      const set = new Set(values);
      if (values.length === 1) return leaf({ test: (v) => `${v} === ${JSON.stringify(values[0])}`, out: JSON.stringify(values[0]) });
      return leaf({ test: (v, ref) => `${ref(set)}.has(${v})` });
    }
    default:
      return undefined;
  }
}

/**
 * The one-pass check and transform of schema `s`: zod's output, or BAIL where it cannot
 * tell that zod would accept. `undefined` if `s` uses anything it does not know.
 */
function checkedOf(s: z.core.$ZodType): Checked | undefined {
  // The date forms: dates.ts's functions check all that zod checks (see plainDateSpec).
  const date = DATE_TRANSFORMS.get(s);
  if (date) return { run: date };
  const def = defOf(s);
  switch (def.type) {
    case 'string':
    case 'boolean':
    case 'number':
    case 'enum':
    case 'literal':
      return checkedLeaf(s);
    case 'optional': {
      const inner = checkedOf(def.innerType!);
      if (!inner) return undefined;
      const test = inner.inline?.test;
      // (`out` is used only for a value given: the object sets no field left undefined.)
      if (test) return leaf({ test: (v, ref) => `(${v} === undefined || ${test(v, ref)})`, ...(inner.inline?.out ? { out: inner.inline.out } : {}) });
      const run = inner.run;
      return { run: (v) => (v === undefined ? undefined : run(v)) };
    }
    case 'default': {
      const inner = checkedOf(def.innerType!);
      if (!inner) return undefined;
      const run = inner.run;
      return {
        run: (v) => {
          if (v === undefined) return def.defaultValue;
          const r = run(v);
          return r === undefined ? def.defaultValue : r;
        },
      };
    }
    case 'array': {
      const element = checkedOf(def.element!);
      const lengths = lengthTests(checksOf(s), 'v');
      if (!element || !lengths) return undefined;
      const each = element.run;
      const enough = new Function(`return function (v) { return ${lengths.join(' && ') || 'true'}; };`)() as (v: unknown[]) => boolean;
      return {
        run: (v) => {
          if (!Array.isArray(v) || !enough(v)) return BAIL;
          // Built by push, not preallocated: a preallocated array stays "holey" to V8, and the
          // rules, reading these arrays beside the chronology's own (packed), would see two kinds.
          const out: unknown[] = [];
          for (let i = 0; i < v.length; i++) {
            const r = each(v[i]);
            if (r === BAIL || r === undefined) return BAIL;
            out.push(r);
          }
          return out;
        },
      };
    }
    case 'object': {
      // Strict objects only (zod rejects unknown keys), with no field named as a property every object inherits.
      if (!def.catchall || defOf(def.catchall).type !== 'never') return undefined;
      const keys = Object.keys(def.shape!);
      if (keys.some((k) => k in Object.prototype)) return undefined;
      const fields: Checked[] = [];
      for (const k of keys) {
        const c = checkedOf(def.shape![k]!);
        if (!c) return undefined;
        fields.push(c);
      }
      return { run: checkedObject(keys, fields) };
    }
    case 'union': {
      // A discriminated union of objects (the reasons): the branch its discriminator names, which checks the discriminator again.
      const run = discriminated(def, (o) => checkedOf(o)?.run);
      return run && { run };
    }
    default:
      return undefined;
  }
}

/**
 * zod's strict object, checked and built in one generated function: a plain object (its
 * prototype Object's, or none), each field checked and set in schema key order (a leaf's
 * test inline, anything else through its function), and no key but those: the own
 * enumerable keys counted against the fields given. A field given as `undefined` (which
 * zod keeps) does not count as given, so it is left to zod.
 */
function checkedObject(keys: readonly string[], fields: readonly Checked[]): Transform {
  const refs: unknown[] = [];
  const ref = (value: unknown) => `r[${refs.push(value) - 1}]`;
  const lines = keys.map((k, i) => {
    const key = JSON.stringify(k);
    const f = fields[i]!;
    if (f.inline) {
      // An optional leaf's test accepts undefined; a required one's does not.
      return `v = input[${key}]; if (!(${f.inline.test('v', ref)})) return BAIL; if (v !== undefined) { n++; out[${key}] = ${f.inline.out ?? 'v'}; }`;
    }
    return `v = input[${key}]; if (v !== undefined) n++; x = ${ref(f.run)}(v); if (x === BAIL) return BAIL; if (x !== undefined) out[${key}] = x;`;
  });
  const body = [
    'return function (input) {',
    "  if (typeof input !== 'object' || input === null) return BAIL;",
    '  const proto = Object.getPrototypeOf(input);',
    '  if (proto !== OBJECT && proto !== null) return BAIL;',
    '  const out = {};',
    '  let n = 0, v, x;',
    ...lines.map((l) => `  ${l}`),
    '  let m = 0;',
    '  for (const k in input) m++;',
    '  return m === n ? out : BAIL;',
    '};',
  ].join('\n');
  return new Function('r', 'BAIL', 'OBJECT', body)(refs, BAIL, Object.prototype) as Transform;
}

/** One-pass transforms by event type, built on first use; `null`: not for this type (Ajv and the transform, or zod). */
const checkedByType = new Map<string, Transform | null>();

/** The one-pass check and transform of an event type, if its schema uses only what {@link checkedOf} knows. */
export function checkedFor(type: string): Transform | undefined {
  let t = checkedByType.get(type);
  if (t === undefined) {
    const schema = EVENT_TYPE_SET.has(type) ? eventSchema(type) : undefined;
    t = (schema && checkedOf(schema)?.run) ?? null;
    checkedByType.set(type, t);
  }
  return t ?? undefined;
}

/** Whether `out` is a value {@link checkedFor}'s transform gave up with (tests). */
export const gaveUp = (out: unknown): boolean => out === BAIL;

// ---------------------------------------------------------------------------------------
// When the loader uses it

/** Events a process validates with zod alone before compiling pays off (compiling costs a few hundred ms). */
export const COMPILE_AFTER = 20_000;
/** The same, where the precompiled validators exist (loading them costs about 12 ms): a single file never loads them. */
export const LOAD_PRECOMPILED_AFTER = 1_000;

/** `auto`: the one pass at once, Ajv after {@link COMPILE_AFTER} events; `always` and `never` (zod alone) for tests and benchmarks. */
export type CompiledValidation = 'auto' | 'always' | 'never';

let mode: CompiledValidation = 'auto';
let seen = 0;

/** Set when the loader uses the compiled validators; returns the previous setting. */
export function setCompiledValidation(next: CompiledValidation): CompiledValidation {
  const previous = mode;
  mode = next;
  return previous;
}

/**
 * For the loader: the one-pass check of the event's type ({@link checkedFor}); for a type
 * without one, {@link ajvParse} once Ajv's validators are in use (see {@link COMPILE_AFTER});
 * else, or when either gives up, `undefined` (zod decides).
 */
export function compiledParse(type: string, raw: unknown): ChronologyEvent | undefined {
  if (mode === 'never') return undefined;
  // Checked in one pass from the first event: it needs no Ajv, and building it costs less than zod's first parse.
  const c = checkedFor(type);
  if (c !== undefined) return checkedParse(c, raw);
  if (!EVENT_TYPE_SET.has(type)) return undefined;
  if (mode === 'auto' && seen < COMPILE_AFTER) {
    seen++;
    if (seen <= LOAD_PRECOMPILED_AFTER || !usesStandaloneValidators()) return undefined;
  }
  return fastParse(type, raw);
}
