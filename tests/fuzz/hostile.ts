/**
 * Hostile inputs for the fuzz suite: a valid chronology (from the project's arbitraries
 * or a real scenario) or a malformed one (`malformedChronologyArbitrary`), with a planted
 * marker in every `note`, then broken in the ways issue 11 found casepath broken and a
 * few more: type swaps, free text and enormous strings in structured fields, huge
 * numbers and dates, `__proto__`/`constructor` keys, deep nesting, YAML aliases, alias
 * bombs and tags, byte flips near the notes, truncations, non-UTF-8 bytes, other
 * encodings, byte-order marks, and special files (FIFO, device, directory).
 *
 * The marker is free text with spaces and a "~" inside every word, so no message may
 * quote any part of it; the suite asserts that none of its three-letter fragments around
 * a "~" appears in any output (the engine's JSON excerpt shows only ten or so
 * characters, so looking for whole words would miss it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { chronologyArbitrary, malformedChronologyArbitrary } from '../../src/testing/arbitraries/index.js';

/** Planted in every note (and, where it makes the input invalid, in structured fields). */
export const MARKER = 'z~eb~ra q~uo~kk PLANTED-7731 m~ar~mo y~ak';
/**
 * What must never appear in output: every `letter~letter` of the marker. casepath never
 * writes a "~" between letters, and no quotable value holds a "~", so any of them in an
 * output is a piece of the note.
 */
export const MARKER_PARTS: readonly string[] = [...new Set([...MARKER.matchAll(/(?=([a-z]~[a-z]))/g)].map((m) => m[1]!))];

export type SpecialFile = 'fifo' | 'dev-zero' | 'dev-null' | 'directory' | 'missing' | 'symlink-loop' | 'empty';

export type HostileInput =
  /** Bytes to write to a file with this extension, then load, replay and (for JSON) read as an NDJSON line. */
  | { kind: 'file'; ext: 'yaml' | 'json'; bytes: Uint8Array; description: string }
  /** A path that is not a regular file. */
  | { kind: 'special'; ext: 'yaml' | 'json'; special: SpecialFile; description: string }
  /** An object handed to the library directly (loadChronologyData, replay, the monitor). */
  | { kind: 'data'; data: unknown; description: string };

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const root = join(import.meta.dirname, '..', '..');
const SCENARIOS = ['lgsco-24-009-262.yaml', 'lgsco-23-016-429.yaml'].map(
  (f) => YAML.parse(readFileSync(join(root, 'scenarios', f), 'utf8')) as Obj,
);

/** Every note gets the marker; one more note event carries it too. */
function plant(data: Obj, at: number): Obj {
  const out = structuredClone(data);
  const events = Array.isArray(out['events']) ? (out['events'] as Json[]) : [];
  for (const e of events) if (e && typeof e === 'object' && !Array.isArray(e)) e['note'] = `${MARKER} é`;
  if (Array.isArray(out['children'])) for (const c of out['children']) if (c && typeof c === 'object' && !Array.isArray(c)) c['note'] = MARKER;
  const firstAt = events.find((e): e is Obj => !!e && typeof e === 'object' && !Array.isArray(e) && typeof e['at'] === 'string')?.['at'];
  if (typeof firstAt === 'string') events.splice(at % (events.length + 1), 0, { id: 'planted-note', type: 'note', at: firstAt, note: MARKER });
  if (!Array.isArray(out['events'])) out['events'] = events;
  return out;
}

/** Every [path, value] in the data (paths as key lists), in a fixed order. */
function paths(data: Json, prefix: (string | number)[] = [], into: (string | number)[][] = []): (string | number)[][] {
  into.push(prefix);
  if (Array.isArray(data)) data.forEach((v, i) => paths(v, [...prefix, i], into));
  else if (data && typeof data === 'object') for (const [k, v] of Object.entries(data)) paths(v, [...prefix, k], into);
  return into;
}

function setAt(data: Json, path: (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  let node = data as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  node[path[path.length - 1]!] = value;
  return data;
}

function deep(depth: number, kind: number): Json {
  let v: Json = kind % 2 ? 'x' : 1;
  for (let i = 0; i < depth; i++) v = kind % 3 === 0 ? [v] : { k: v };
  return v;
}

/** Values that replace a field (never the marker: a swapped-in marker could land in a free-text field that output prints). */
function swapValue(choice: number, size: number): Json {
  const values: Json[] = [
    null,
    true,
    0,
    -1,
    1e308,
    -1e308,
    2 ** 53 + 1,
    0.5,
    '',
    ' ',
    [],
    {},
    [null],
    { between: [] },
    '2999-12-30',
    '1899-12-31',
    '0000-01-01',
    '0050',
    '9999-12-31',
    '2024-02-30',
    '2899-12-31',
    '1900-01-01',
    'P10000000000D',
    'P100Y',
    'P100Y1D',
    'P99999999999999999999Y',
    'PT5H',
    'P-5D',
    'P',
    { after: 'planted-note', offset: 'P10000000000D' },
    { after: 'planted-note', offset: 'P99Y', tolerance: 'P99Y' },
    { before: 'planted-note', offset: 'P200Y' },
    { between: ['1800-01-01', '3000-01-01'] },
    [{ after: 'planted-note', offset: 'P1W' }, '2899'],
    'x'.repeat(Math.max(1, size)),
    deep(Math.max(1, Math.floor(size / 10)), choice),
  ];
  return values[choice % values.length]!;
}

const STRUCTURED = ['type', 'id', 'children', 'anchor', 'key', 'header-key', 'at', 'offset', 'of', 'reliesOn'] as const;

/** The marker (or an enormous text) where a structured value belongs, so the input is invalid and must be refused without echoing it. */
function plantStructured(data: Obj, where: (typeof STRUCTURED)[number], eventAt: number, text: string): Obj {
  const events = (Array.isArray(data['events']) ? data['events'] : []).filter((e): e is Obj => !!e && typeof e === 'object' && !Array.isArray(e));
  const e = events.length ? events[eventAt % events.length]! : undefined;
  switch (where) {
    case 'header-key':
      data[text] = 1;
      return data;
    case 'key':
      if (e) e[text] = 'x';
      return data;
    case 'anchor':
      if (e) e['at'] = { after: text, offset: 'P1W' };
      return data;
    case 'offset':
      if (e) e['at'] = { after: String(events[0]?.['id'] ?? 'x'), offset: text };
      return data;
    case 'children':
      if (e) e['children'] = [text];
      return data;
    case 'reliesOn':
      if (e) e['reliesOn'] = [text];
      return data;
    case 'of':
      if (e) Object.assign(e, { type: 'outcome.shared', of: text, with: 'parent' });
      return data;
    default:
      if (e) e[where] = text;
      return data;
  }
}

function withProtoKeys(data: Obj, eventAt: number, which: number): Obj {
  const events = (Array.isArray(data['events']) ? data['events'] : []).filter((e): e is Obj => !!e && typeof e === 'object' && !Array.isArray(e));
  const target: Obj = which % 2 && events.length ? events[eventAt % events.length]! : data;
  const key = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__defineGetter__'][which % 6]!;
  Object.defineProperty(target, key, { value: which % 3 ? { polluted: MARKER } : MARKER, enumerable: true, writable: true, configurable: true });
  return data;
}

/** A chronology-shaped alias bomb: `levels` anchors, each aliasing the last `fan` times, the marker at the bottom. */
function aliasBomb(levels: number, fan: number): string {
  const lines = [`a0: &a0 ["${MARKER}"]`];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(fan).fill(`*a${i - 1}`).join(', ')}]`);
  return `case: bomb\nchildren: [{ id: A }]\nevents: []\n${lines.join('\n')}\n`;
}

const YAML_SNIPPETS = ['*nope', '&a', '!secret ', '!!binary ', '!!timestamp ', '%YAML 1.1\n---\n', '\n---\n', '\t', '? ', '<<: *a', '|', '>', '@', '`', '"', "'", '{', '[', '}', ']', ': ', '- ', '#', '&a [*a]', '\\u0000'];
const JSON_SNIPPETS = ['//', '/*', 'NaN', 'Infinity', "'", '"', ',', ',,', '}', ']', '{', '[', ':', '\\', '\\u12', '\u2028', '\u0000', '1e999', '-'];
const STRUCTURAL = [...'{}[]:,"\'-&*!|>#%@` \n\t\\'].map((c) => c.charCodeAt(0));
const BAD_UTF8 = [[0xff], [0xfe], [0xc3], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]];

export interface TextMutation {
  kind: 'flip' | 'truncate' | 'bad-utf8' | 'snippet' | 'crlf' | 'nul' | 'bom' | 'bom-twice' | 'bom-middle' | 'utf16' | 'latin1';
  at: number;
  value: number;
  nearNote: boolean;
}

function applyText(bytes: Buffer, text: string, format: 'yaml' | 'json', m: TextMutation): Buffer {
  // Positions near a planted note half the time: a typo beside a note is the case that leaked.
  const notes: number[] = [];
  for (let i = bytes.indexOf('z~eb'); i >= 0 && notes.length < 64; i = bytes.indexOf('z~eb', i + 1)) notes.push(i);
  const pos = (n: number) => {
    if (bytes.length === 0) return 0;
    if (m.nearNote && notes.length) return Math.max(0, Math.min(bytes.length - 1, notes[n % notes.length]! - 8 + (n % 24)));
    return n % bytes.length;
  };
  const p = pos(m.at);
  switch (m.kind) {
    case 'flip': {
      const out = Buffer.from(bytes);
      if (out.length) out[p] = m.value % 2 ? STRUCTURAL[m.value % STRUCTURAL.length]! : m.value % 256;
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, p);
    case 'bad-utf8':
      return Buffer.concat([bytes.subarray(0, p), Buffer.from(BAD_UTF8[m.value % BAD_UTF8.length]!), bytes.subarray(p)]);
    case 'snippet': {
      const list = format === 'yaml' ? YAML_SNIPPETS : JSON_SNIPPETS;
      return Buffer.concat([bytes.subarray(0, p), Buffer.from(list[m.value % list.length]!), bytes.subarray(p)]);
    }
    case 'crlf':
      return Buffer.from(text.replace(/\n/g, '\r\n'));
    case 'nul':
      return Buffer.concat([bytes.subarray(0, p), Buffer.from([0]), bytes.subarray(p)]);
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case 'bom-twice':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), bytes]);
    case 'bom-middle':
      return Buffer.concat([bytes.subarray(0, p), Buffer.from([0xef, 0xbb, 0xbf]), bytes.subarray(p)]);
    case 'utf16': {
      const le = Buffer.from(`\ufeff${text}`, 'utf16le');
      if (m.value % 3 === 0) return le.subarray(2); // no BOM
      if (m.value % 3 === 1) return le;
      const be = Buffer.from(le);
      be.swap16();
      return be;
    }
    case 'latin1':
      return Buffer.from(text, 'latin1');
  }
}

const textMutation: fc.Arbitrary<TextMutation> = fc.record({
  kind: fc.constantFrom<TextMutation['kind']>('flip', 'flip', 'flip', 'truncate', 'bad-utf8', 'snippet', 'snippet', 'crlf', 'nul', 'bom', 'bom-twice', 'bom-middle', 'utf16', 'latin1'),
  at: fc.nat(),
  value: fc.nat(),
  nearNote: fc.boolean(),
});

export interface DataMutation {
  kind: 'swap' | 'structured' | 'proto' | 'deep' | 'many-events' | 'huge-note';
  at: number;
  value: number;
  size: number;
}

const dataMutation: fc.Arbitrary<DataMutation> = fc.record({
  kind: fc.constantFrom<DataMutation['kind']>('swap', 'swap', 'swap', 'structured', 'structured', 'proto', 'deep', 'many-events', 'huge-note'),
  at: fc.nat(),
  value: fc.nat(),
  // Enormous (1 MiB) values are the slow cases: drawn now and then, not every time.
  size: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 200 }) }, { weight: 6, arbitrary: fc.integer({ min: 200, max: 5_000 }) }, { weight: 1, arbitrary: fc.constant(1_048_576) }),
});

function applyData(data: Obj, m: DataMutation): Obj {
  switch (m.kind) {
    case 'swap': {
      const all = paths(data).filter((p) => p.length > 0);
      if (!all.length) return data;
      return setAt(data, all[m.at % all.length]!, swapValue(m.value, m.size % 2000)) as Obj;
    }
    case 'structured': {
      const text = m.size === 1_048_576 ? `${MARKER} `.repeat(29_128) : MARKER;
      return plantStructured(data, STRUCTURED[m.value % STRUCTURED.length]!, m.at, text);
    }
    case 'proto':
      return withProtoKeys(data, m.at, m.value);
    case 'deep': {
      const all = paths(data).filter((p) => p.length > 0);
      if (!all.length) return data;
      return setAt(data, all[m.at % all.length]!, deep(40 + (m.size % 3000), m.value)) as Obj;
    }
    case 'many-events': {
      const events = Array.isArray(data['events']) ? data['events'] : [];
      if (!events.length) return data;
      const copies = 20 + (m.size % 300);
      const extra = Array.from({ length: copies }, (_, i) => ({ ...(events[i % events.length] as Obj), id: `copy-${i}` }));
      data['events'] = [...events, ...extra];
      return data;
    }
    case 'huge-note': {
      const events = (Array.isArray(data['events']) ? data['events'] : []).filter((e): e is Obj => !!e && typeof e === 'object' && !Array.isArray(e));
      if (events.length) events[m.at % events.length]!['note'] = `${MARKER} `.repeat(Math.ceil(m.size / 36));
      return data;
    }
  }
}

function serialize(data: Obj, format: 'yaml' | 'json', style: number, compact: boolean): string {
  // Deeply nested data is written compactly: indented, its size grows with the square of its depth.
  const json = () => (style % 2 || compact ? JSON.stringify(data) : JSON.stringify(data, null, 2));
  if (format === 'json' || compact) return json();
  try {
    return YAML.stringify(data, { aliasDuplicateObjects: false, lineWidth: 0, ...(style % 2 ? { collectionStyle: 'flow' as const } : {}) });
  } catch {
    // Too deep for the YAML writer (it recurses): JSON is YAML too.
    return json();
  }
}

const baseData: fc.Arbitrary<{ data: Obj; origin: string }> = fc.oneof(
  { weight: 5, arbitrary: chronologyArbitrary({ maxEvents: 12 }).map((d) => ({ data: d as unknown as Obj, origin: 'a generated chronology' })) },
  {
    weight: 1,
    arbitrary: chronologyArbitrary({ maxEvents: 8, from: '2895-01-01', to: '2899-06-01', maxGapDays: 30 }).map((d) => ({ data: d as unknown as Obj, origin: 'a chronology near the end of the range' })),
  },
  {
    weight: 1,
    arbitrary: chronologyArbitrary({ maxEvents: 8, from: '1900-01-01', to: '1900-03-01', maxGapDays: 10 }).map((d) => ({ data: d as unknown as Obj, origin: 'a chronology at the start of the range' })),
  },
  { weight: 2, arbitrary: malformedChronologyArbitrary({ maxEvents: 8 }).map((m) => ({ data: m.data as Obj, origin: `a malformed chronology (${m.kind})` })) },
  { weight: 1, arbitrary: fc.constantFrom(...SCENARIOS.map((s, i) => ({ data: s, origin: `scenario ${i + 1}` }))) },
);

/** A hostile file, path or object. */
export function hostileInputArbitrary(): fc.Arbitrary<HostileInput> {
  const file: fc.Arbitrary<HostileInput> = fc
    .record({
      base: baseData,
      plantAt: fc.nat(),
      format: fc.constantFrom<'yaml' | 'json'>('yaml', 'json'),
      style: fc.nat(3),
      data: fc.array(dataMutation, { maxLength: 2 }),
      text: fc.array(textMutation, { maxLength: 3 }),
    })
    .map(({ base, plantAt, format, style, data, text }) => {
      let d = plant(base.data, plantAt);
      for (const m of data) d = applyData(d, m);
      const serialized = serialize(d, format, style, data.some((m) => m.kind === 'deep'));
      let bytes: Buffer = Buffer.from(serialized);
      for (const m of text) bytes = applyText(bytes, bytes.toString('utf8'), format, m);
      const what = [...data.map((m) => `${m.kind}(${m.at},${m.value},${m.size})`), ...text.map((m) => `${m.kind}(${m.at},${m.value}${m.nearNote ? ',near a note' : ''})`)];
      return { kind: 'file' as const, ext: format, bytes, description: `${base.origin} as ${format}${what.length ? `, then ${what.join(', ')}` : ''}` };
    });
  const yamlOnly: fc.Arbitrary<HostileInput> = fc.oneof(
    fc.record({ levels: fc.integer({ min: 2, max: 12 }), fan: fc.integer({ min: 2, max: 12 }) }).map(({ levels, fan }) => ({
      kind: 'file' as const,
      ext: 'yaml' as const,
      bytes: Buffer.from(aliasBomb(levels, fan)),
      description: `an alias bomb of ${levels} levels, ${fan} aliases each`,
    })),
    fc.record({ depth: fc.integer({ min: 60, max: 1500 }), flow: fc.boolean() }).map(({ depth, flow }) => ({
      kind: 'file' as const,
      ext: 'yaml' as const,
      bytes: Buffer.from(
        flow
          ? `case: deep\nchildren: [{ id: A }]\nevents: [{ id: r, type: note, at: 2024-01-01, note: "${MARKER}", cite: ${'['.repeat(depth * 4)}${']'.repeat(depth * 4)} }]\n`
          : `case: deep\nnote: ${MARKER}\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} x\n`,
      ),
      description: `YAML nested ${depth} levels deep (${flow ? 'flow' : 'block'})`,
    })),
  );
  const special: fc.Arbitrary<HostileInput> = fc
    .record({ special: fc.constantFrom<SpecialFile>('fifo', 'dev-zero', 'dev-null', 'directory', 'missing', 'symlink-loop', 'empty'), ext: fc.constantFrom<'yaml' | 'json'>('yaml', 'json') })
    .map(({ special, ext }) => ({ kind: 'special' as const, special, ext, description: `a ${special} named .${ext}` }));
  const object: fc.Arbitrary<HostileInput> = fc
    .record({ base: baseData, plantAt: fc.nat(), data: fc.array(dataMutation, { maxLength: 2 }), exotic: fc.nat(9) })
    .map(({ base, plantAt, data, exotic }) => {
      let d = plant(base.data, plantAt) as Record<string, unknown>;
      for (const m of data) d = applyData(d as Obj, m);
      // Values only a caller's object can hold.
      const events = Array.isArray(d['events']) ? (d['events'] as unknown[]) : [];
      const e = events.find((x): x is Record<string, unknown> => !!x && typeof x === 'object');
      const what = ['a cycle', 'an invalid Date', 'a Date in 3000', 'NaN', 'Infinity', 'a Map', 'a Set', 'a null-prototype object', 'a sparse array', 'nothing exotic'][exotic]!;
      if (e) {
        if (exotic === 0) e['children'] = [d];
        else if (exotic === 1) e['at'] = new Date(Number.NaN);
        else if (exotic === 2) e['at'] = new Date(Date.UTC(3000, 0, 1));
        else if (exotic === 3) e['at'] = Number.NaN;
        else if (exotic === 4) d['asOf'] = Number.POSITIVE_INFINITY;
        else if (exotic === 5) e['children'] = new Map([['A', MARKER]]);
        else if (exotic === 6) e['children'] = new Set(['A', MARKER]);
        else if (exotic === 7) d['events'] = events.map((x) => (x && typeof x === 'object' ? Object.assign(Object.create(null) as object, x) : x));
        else if (exotic === 8) d['events'] = [...events.slice(0, 1), , ...events.slice(1)];
      }
      return { kind: 'data' as const, data: d, description: `${base.origin} as an object${data.length ? `, ${data.map((m) => m.kind).join(', ')}` : ''}, with ${what}` };
    });
  return fc.oneof({ weight: 14, arbitrary: file }, { weight: 2, arbitrary: yamlOnly }, { weight: 1, arbitrary: special }, { weight: 3, arbitrary: object });
}
