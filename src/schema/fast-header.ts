/**
 * The chronology header (src/schema/chronology.ts) parsed without zod, for the common
 * shape only: a plain object with known keys, plain strings, a `completeness` of
 * `summary` or `record`, children with an id (and a born date or a note). The output is
 * the value `chronologyHeader.safeParse` returns for it (schema key order, defaults
 * filled in). Anything else (an unknown key, a wrong type, a key given as `undefined`, a
 * Date object, a coverage window, an object of another class) gives `undefined`: zod
 * decides, and words every message. The loader calls this once per case, where zod's
 * parse of the header was a measurable share of bulk loading (issue 12 item 2).
 */
import type { z } from 'zod';
import type { chronologyHeader } from './chronology.js';
import { plainDateSpec } from './compiled-validator.js';
import type { DateSpec } from './dates.js';

export type ChronologyHeader = z.output<typeof chronologyHeader>;
type Child = ChronologyHeader['children'][number];

const HEADER_KEYS: ReadonlySet<string> = new Set(['case', 'title', 'source', 'asOf', 'jurisdiction', 'completeness', 'children', 'events']);
const SOURCE_KEYS: ReadonlySet<string> = new Set(['document', 'file', 'url']);
const CHILD_KEYS: ReadonlySet<string> = new Set(['id', 'born', 'note']);

/** A plain object (from JSON or YAML), not a list, a Date or an instance of a class. */
function plainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Every own key is in `known`, and none holds `undefined` (zod keeps such a key: left to zod). */
function onlyKeys(o: Record<string, unknown>, known: ReadonlySet<string>): boolean {
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) return false;
    if (!known.has(k) || o[k] === undefined) return false;
  }
  // Symbol keys and non-enumerable keys: not JSON; left to zod.
  return Object.getOwnPropertySymbols(o).length === 0;
}

const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The header as zod parses it, or `undefined`: ask zod (see the module comment). */
export function fastHeader(data: unknown): ChronologyHeader | undefined {
  if (!plainObject(data) || !onlyKeys(data, HEADER_KEYS)) return undefined;
  const { title, source, asOf, jurisdiction, completeness, children, events } = data;
  if (!nonEmpty(data['case']) || !optionalString(title)) return undefined;
  if (jurisdiction !== undefined && jurisdiction !== 'england') return undefined;
  if (completeness !== undefined && completeness !== 'summary' && completeness !== 'record') return undefined;
  if (!Array.isArray(events) || !Array.isArray(children) || children.length === 0) return undefined;

  let src: ChronologyHeader['source'];
  if (source !== undefined) {
    if (!plainObject(source) || !onlyKeys(source, SOURCE_KEYS)) return undefined;
    const { document, file, url } = source;
    if (!nonEmpty(document) || !optionalString(file) || !optionalString(url)) return undefined;
    // Schema key order, as zod builds it.
    src = { document, ...(file !== undefined ? { file } : {}), ...(url !== undefined ? { url } : {}) };
  }
  let at: DateSpec | undefined;
  if (asOf !== undefined) {
    at = plainDateSpec(asOf);
    if (!at) return undefined;
  }
  // A plain loop: this runs per case.
  const kids: Child[] = new Array(children.length);
  for (let i = 0; i < children.length; i++) {
    const c: unknown = children[i];
    if (!plainObject(c) || !onlyKeys(c, CHILD_KEYS)) return undefined;
    const { id, born, note } = c;
    if (!nonEmpty(id) || !optionalString(note)) return undefined;
    let bornAt: DateSpec | undefined;
    if (born !== undefined) {
      bornAt = plainDateSpec(born);
      if (!bornAt) return undefined;
    }
    kids[i] = { id, ...(bornAt ? { born: bornAt } : {}), ...(note !== undefined ? { note } : {}) };
  }
  return {
    case: data['case'],
    ...(title !== undefined ? { title } : {}),
    ...(src ? { source: src } : {}),
    ...(at ? { asOf: at } : {}),
    jurisdiction: 'england',
    completeness: completeness ?? 'summary',
    children: kids,
    // zod's copy of the list: the loader reads the events from `data`, so the list itself will do.
    events,
  };
}
