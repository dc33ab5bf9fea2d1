/**
 * Loading a chronology: read → parse (YAML or JSON) → validate every event with its
 * zod schema → whole-file checks (unique ids, references, children) → resolve dates.
 *
 * Every problem becomes an {@link Issue} naming the file, the event, the field and
 * the problem; all of them are collected, not just the first. Nothing is printed
 * here and nothing exits: the CLI decides what to do with the issues.
 *
 * Reading and parsing (size, file type, encoding, syntax, depth, YAML aliases and
 * tags) are src/input/'s; messages quote input values only through src/input/quote.ts.
 */
import { extname } from 'node:path';
import { z } from 'zod';
import { type Day, FIRST_INPUT_DAY, LAST_INPUT_DAY, formatDay, isInputDay, today } from './calendar/day.js';
import { type DateNode, resolveDates } from './dates/resolve.js';
import type { Chronology } from './engine/types.js';
import { MAX_DEPTH, depthExceeded, jsonDepthIssue, parseText } from './input/parse.js';
import { named, quotable, quote, quoteList, safePath } from './input/quote.js';
import { issueMessage, nearest } from './input/messages.js';
import { type ReadOptions, limitOf, readTextFile, textOverLimit, tooLarge } from './input/read.js';
import { InvalidChronologyError, type Issue } from './issues.js';
import { RECORD, SUMMARY, type Coverage } from './engine/coverage.js';
import { chronologyHeader } from './schema/chronology.js';
import { compiledParse } from './schema/compiled-validator.js';
import { fastHeader } from './schema/fast-header.js';
import { type DateSpec, outsideInputYears } from './schema/dates.js';
import { type ChronologyEvent, type DatedEvent, EVENT_TYPES, type EventType, type Omission, type RefTarget, eventSchema, metaOf, valuesAt } from './schema/events.js';
import { mapped } from './arrays.js';

export type LoadResult = { ok: true; chronology: Chronology } | { ok: false; issues: Issue[] };

export interface LoadOptions {
  /** Day to judge open deadlines at when the file has no `asOf` (default: today). */
  asOf?: Day;
  /** Largest file (or text) accepted, in bytes (default 16 MiB; the CLI's `--max-file-size`). */
  maxFileSize?: number;
}

/** Read and load a chronology file (`.yaml`, `.yml` or `.json`). */
export function loadChronologyFile(path: string, options: LoadOptions = {}): LoadResult {
  const format = formatOf(path);
  if (!format) {
    return fail({ code: 'unsupported-format', file: path, path: '', message: 'expected a .yaml, .yml or .json file' });
  }
  const read = readTextFile(path, readOptions(options));
  if (!read.ok) return read;
  return loadChronologyText(read.text, path, format, options);
}

function readOptions(options: LoadOptions): ReadOptions {
  return options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {};
}

export function formatOf(path: string): 'yaml' | 'json' | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  return undefined;
}

/** Parse chronology text of a known format. */
export function loadChronologyText(text: string, file: string, format: 'yaml' | 'json', options: LoadOptions = {}): LoadResult {
  const limit = limitOf(readOptions(options));
  if (textOverLimit(text, limit)) return fail(tooLarge(file, limit, {}));
  const parsed = parseText(text, format, file);
  if (!parsed.ok) return parsed;
  const loaded = loadParsedChronology(parsed.data, file, options);
  if (loaded.ok) documents.set(loaded.chronology, parsed.data);
  return loaded;
}

// The document each chronology read from text was loaded from (the page's what-if
// replays it: src/report/html.ts). Only for text read here, which nobody else holds;
// objects from callers (the monitor, the bulk reader) are not kept.
const documents = new WeakMap<Chronology, unknown>();

/** The parsed document (JSON data) a chronology read from a file or text was loaded from. */
export function sourceDocumentOf(chronology: Chronology): unknown {
  return documents.get(chronology);
}

/** Validate an already-parsed chronology object (e.g. from a case-management system). */
export function loadChronologyData(data: unknown, file: string, options: LoadOptions = {}): LoadResult {
  // Objects from a caller: nesting (or a cycle) checked without recursion before the schemas see it.
  if (depthExceeded(data)) {
    return fail({ code: 'invalid-field', file, path: '', message: `nested more than ${MAX_DEPTH} levels deep (or it contains itself); a chronology needs only a few levels` });
  }
  return loadParsedChronology(data, file, options);
}

/** The day `asOf` given as an option, checked: a day number inside INPUT_YEARS, else an issue. */
export function checkAsOfDay(asOf: unknown, file: string): Issue | undefined {
  if (typeof asOf === 'number' && isInputDay(asOf)) return undefined;
  return {
    code: 'bad-date',
    file,
    path: 'asOf',
    message:
      typeof asOf === 'number' && Number.isSafeInteger(asOf)
        ? outsideInputYears(Math.abs(asOf) < 100_000_000 ? `asOf ${formatDay(asOf)}` : 'asOf')
        : 'asOf must be a single day (YYYY-MM-DD)',
  };
}

/**
 * {@link loadChronologyData} for data from src/input's parsers, whose depth is checked
 * already (the bulk reader calls it for each NDJSON line).
 */
export function loadParsedChronology(data: unknown, file: string, options: LoadOptions = {}): LoadResult {
  return loadData(data, file, options, undefined);
}

/**
 * {@link loadParsedChronology} for `JSON.parse` output whose nesting is not yet checked
 * (src/input/parse.ts `parseJsonUnscanned`; the bulk reader, per NDJSON line). The depth of
 * `text` is scanned only before the first part of the data the one-pass checks do not
 * accept: those accept only the schemas' own shapes, a few levels deep, so data they take
 * whole cannot be too deep (tests/deferred-depth.test.ts), and anything else is scanned
 * before zod sees it. The result is {@link parseJson}'s then `loadParsedChronology`'s.
 */
export function loadUnscannedJson(data: unknown, text: string, file: string, options: LoadOptions = {}): LoadResult {
  return loadData(data, file, options, text);
}

/** The loader; `unscanned`: the JSON text whose depth is still to be checked before the slow path (see above). */
function loadData(data: unknown, file: string, options: LoadOptions, unscanned: string | undefined): LoadResult {
  if (options.asOf !== undefined) {
    const bad = checkAsOfDay(options.asOf, file);
    if (bad) return fail(bad);
  }
  const issues: Issue[] = [];
  // The common header without zod (src/schema/fast-header.ts); anything else, zod parses and words.
  const fast = fastHeader(data);
  if (!fast && unscanned !== undefined) {
    const deep = jsonDepthIssue(unscanned, file);
    if (deep) return fail(deep);
    unscanned = undefined;
  }
  const header = fast ? ({ success: true, data: fast } as const) : chronologyHeader.safeParse(data);
  if (!header.success) {
    for (const i of header.error.issues) {
      const code = i.path[0] === 'asOf' || i.path.includes('born') ? 'bad-date' : 'invalid-field';
      issues.push({ code, file, path: safePath(i.path), message: messageOf(i, data, i.path.length <= 1 ? HEADER_KEYS : undefined) });
    }
    // Without a usable header there is nothing more to check reliably, but still check events if present.
  }
  const rawEvents = Array.isArray((data as { events?: unknown })?.events) ? ((data as { events: unknown[] }).events) : [];
  // Plain loops from here on: this runs per case, and the loops per event.
  const events: ChronologyEvent[] = [];
  for (let index = 0; index < rawEvents.length; index++) {
    const raw = rawEvents[index];
    const fastEvent = oneStepEvent(raw);
    if (fastEvent) {
      events.push(fastEvent);
      continue;
    }
    if (unscanned !== undefined) {
      const deep = jsonDepthIssue(unscanned, file);
      if (deep) return fail(deep);
      unscanned = undefined;
    }
    const parsed = parseEvent(raw, index, file, issues, true);
    if (parsed) events.push(parsed);
  }
  // Duplicate ids among all events as written, parsed or not: reported with the field
  // errors, not a round later. When every event parsed (nearly always), the names the
  // whole-file checks need are built now, and show a duplicate by being fewer than the
  // events: the ids as written are looked up again only then (one Map per case, not two).
  let names: EventNames;
  if (events.length === rawEvents.length) {
    names = new EventNames().addAll(events);
    if (names.events().size !== events.length) duplicateIds(rawEvents, file, issues);
  } else {
    // An id whose event failed to parse still counts as existing (no knock-on errors).
    names = new EventNames(duplicateIds(rawEvents, file, issues)).addAll(events);
  }
  if (!header.success) return { ok: false, issues: sortIssues(redactIds(issues, rawEvents), rawEvents) };

  // Whole-file checks run on every event that parsed, so one pass reports everything.
  const h = header.data;
  const children = mapped(h.children, (c) => c.id);
  crossCheck(events, children, file, issues, names);
  if (issues.length) return { ok: false, issues: sortIssues(redactIds(issues, rawEvents), rawEvents) };

  // Dates: every event's own date first, in listing order, then the dates within events.
  // An undated event happened by the time of the source (its `asOf`), if the file gives one.
  const sourceDay = h.asOf?.kind === 'absolute' ? h.asOf.to : undefined;
  const undated = { from: FIRST_INPUT_DAY, to: sourceDay !== undefined && isInputDay(sourceDay) ? sourceDay : LAST_INPUT_DAY };
  const nodes: DateNode[] = [];
  for (const e of events) {
    const n = eventDateNode(e, undated);
    if (n) nodes.push(n);
  }
  for (const e of events) innerDateNodes(e, nodes);
  const resolved = resolveDates(nodes, file);
  if (!resolved.ok) return { ok: false, issues: redactIds(resolved.issues, rawEvents) };

  let asOf = options.asOf;
  if (asOf === undefined && h.asOf) {
    if (h.asOf.kind !== 'absolute' || h.asOf.from !== h.asOf.to) {
      return fail({ code: 'bad-date', file, path: 'asOf', message: 'asOf must be a single day (YYYY-MM-DD)' });
    }
    asOf = h.asOf.from;
  }

  const coverage = coverageOf(h.completeness, file);
  if (!('kind' in coverage)) return { ok: false, issues: [coverage] };

  const dated: DatedEvent[] = [];
  const omissions: Omission[] = [];
  for (const e of events) {
    if (e.type === 'omission') omissions.push(e);
    else dated.push(e);
  }
  return {
    ok: true,
    chronology: {
      file,
      case: h.case,
      ...(h.title ? { title: h.title } : {}),
      ...(h.source ? { source: h.source } : {}),
      completeness: h.completeness,
      coverage,
      asOf: asOf ?? today(),
      children,
      events: dated,
      omissions,
      // No duplicate ids here (each is an issue), so the first event of each id is every event.
      byId: names.events(),
      dates: resolved.dates,
    },
  };
}

/** The file's `completeness` as the engine reads it, or the issue with it (a coverage window must be single days, in order). */
function coverageOf(c: z.output<typeof chronologyHeader>['completeness'], file: string): Coverage | Issue {
  if (c === 'summary') return SUMMARY;
  if (c === 'record') return RECORD;
  const { from, to, events } = c.record;
  const day = (d: DateSpec) => (d.kind === 'absolute' && d.from === d.to ? d.from : undefined);
  const f = day(from);
  const t = day(to);
  if (f === undefined) return { code: 'bad-date', file, path: 'completeness.record.from', message: 'the first day of the coverage must be a single day (YYYY-MM-DD)' };
  if (t === undefined) return { code: 'bad-date', file, path: 'completeness.record.to', message: 'the last day of the coverage must be a single day (YYYY-MM-DD)' };
  if (f > t) return { code: 'bad-date', file, path: 'completeness.record', message: `the coverage ends (${formatDay(t)}) before it starts (${formatDay(f)})` };
  return { kind: 'window', from: f, to: t, events: new Set(events as EventType[]) };
}

/** Load or throw {@link InvalidChronologyError} (for library users who prefer exceptions). */
export function loadChronologyOrThrow(path: string, options?: LoadOptions): Chronology {
  const r = loadChronologyFile(path, options);
  if (!r.ok) throw new InvalidChronologyError(r.issues);
  return r.chronology;
}

/**
 * An event's own date node (`at`; an omission's `until`), if it has one. An event whose
 * source gives no date gets the widest window, `undated` (by default every input day; the
 * loader bounds it by the file's `asOf`): listing order and the other dates narrow it.
 */
export function eventDateNode(e: ChronologyEvent, undated: { from: Day; to: Day } = { from: FIRST_INPUT_DAY, to: LAST_INPUT_DAY }): DateNode | undefined {
  if (e.type === 'omission') return e.until ? { key: `${e.id}#until`, eventId: e.id, path: 'until', at: e.until, ordered: false } : undefined;
  if (e.at === undefined) return { key: e.id, eventId: e.id, path: 'at', at: { kind: 'absolute', from: undated.from, to: undated.to, text: 'undated' }, ordered: !e.unordered };
  // No destructuring with a rest: this runs per event.
  if (!Array.isArray(e.at)) return { key: e.id, eventId: e.id, path: 'at', at: e.at, ordered: !e.unordered };
  const also = e.at.slice(1);
  return { key: e.id, eventId: e.id, path: 'at', at: e.at[0]!, ...(also.length ? { also } : {}), ordered: !e.unordered };
}

/**
 * The date nodes within an event (a conference's `for`, a `due`, a recommendation's due, a
 * complaint's period: each event type declares them in EVENT_META), appended to `into`.
 * A bare duration counts from the event's own date.
 */
export function innerDateNodes(e: ChronologyEvent, into: DateNode[] = []): DateNode[] {
  for (const { path, key } of metaOf(e.type).dates) {
    for (const { value, path: at, parent } of valuesAt(e, path)) {
      const spec = value as DateSpec | { kind: 'duration'; offset: string };
      const suffix = key === 'item-id' ? String(parent['id']) : path.slice(path.lastIndexOf('.') + 1);
      into.push(dueNode(e.id, at, `${e.id}#${suffix}`, spec));
    }
  }
  return into;
}

/**
 * Validate one more event for a chronology whose `events` (already valid) come before
 * it: the event's own fields, then its references and children against the whole. For
 * a live monitor, which must not re-validate history on every call.
 */
export function validateNextEvent(
  raw: unknown,
  events: readonly ChronologyEvent[],
  children: string[],
  file: string,
  /** The names `events` define, if the caller keeps them (a live monitor): then only the new event is checked, not the whole case again. */
  names?: EventNames,
): { ok: true; event: ChronologyEvent } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const event = parseEvent(raw, events.length, file, issues);
  if (!event) return { ok: false, issues };
  if (names) {
    // The events before were valid when they were added, and a new event cannot break their references.
    checkReferences(event, new EventNames(new Set(), names).add(event), children, new Set(children), file, issues);
    return issues.length ? { ok: false, issues: redactIds(issues, [...events, event]) } : { ok: true, event };
  }
  const all = [...events, event];
  crossCheck(all, children, file, issues, new EventNames().addAll(all));
  return issues.length ? { ok: false, issues: redactIds(issues, all) } : { ok: true, event };
}

/**
 * Validate a list of events for a case in one pass (each event's fields, then the
 * references and children of all together), without resolving dates: for restoring
 * a live monitor, whose events were each valid when recorded.
 */
export function validateEvents(raw: readonly unknown[], children: string[], file: string): { ok: true; events: ChronologyEvent[] } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const events: ChronologyEvent[] = [];
  raw.forEach((r, index) => {
    const e = parseEvent(r, index, file, issues);
    if (e) events.push(e);
  });
  // Every event parsed: their own ids are all the names there are.
  if (!issues.length) crossCheck(events, children, file, issues, new EventNames().addAll(events));
  return issues.length ? { ok: false, issues: redactIds(issues, raw) } : { ok: true, events };
}

function dueNode(eventId: string, path: string, key: string, due: DateSpec | { kind: 'duration'; offset: string }): DateNode {
  const at: DateSpec =
    due.kind === 'duration' ? { kind: 'relative', anchor: eventId, direction: 'after', offset: due.offset, text: `${due.offset} after ${eventId}` } : due;
  return { key, eventId, path, at, ordered: false };
}

function fail(issue: Issue): LoadResult {
  return { ok: false, issues: [issue] };
}

/**
 * Issues name an event by an id only when the id is quotable; otherwise by its
 * position (`event #3`), so a long id is never echoed. Ids in `related` likewise.
 */
function redactIds(issues: Issue[], rawEvents: readonly unknown[]): Issue[] {
  if (issues.every((i) => (i.eventId === undefined || quotable(i.eventId)) && (i.related ?? []).every(quotable))) return issues;
  const position = new Map<string, number>();
  rawEvents.forEach((r, i) => {
    const id = (r as { id?: unknown } | null | undefined)?.id;
    if (typeof id === 'string' && !position.has(id)) position.set(id, i);
  });
  return issues.map((issue) => {
    let out = issue;
    if (issue.eventId !== undefined && !quotable(issue.eventId)) {
      const { eventId, ...rest } = issue;
      const index = issue.eventIndex ?? position.get(eventId);
      out = index !== undefined ? { ...rest, eventIndex: index } : rest;
    }
    if (out.related && !out.related.every(quotable)) out = { ...out, related: out.related.filter(quotable) };
    return out;
  });
}

/** An event checked and built in one pass (src/schema/compiled-validator.ts), or undefined: {@link parseEvent} decides. */
function oneStepEvent(raw: unknown): ChronologyEvent | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const type = (raw as Record<string, unknown>)['type'];
  return typeof type === 'string' ? compiledParse(type, raw) : undefined;
}

/**
 * An event checked in one pass or, where that does not accept it, by zod, which decides and
 * words its issues (its type unknown, or not an object at all). `triedFast`: the caller
 * has tried the one pass already.
 */
function parseEvent(raw: unknown, index: number, file: string, issues: Issue[], triedFast = false): ChronologyEvent | undefined {
  if (!triedFast) {
    const fast = oneStepEvent(raw);
    if (fast) return fast;
  }
  const where = { file, eventIndex: index };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ ...where, code: 'invalid-field', path: `events.${index}`, message: 'an event must be an object with id, type and at' });
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  // An id that is no id (a sentence, a megabyte) is not echoed: the event is named by its
  // position. Checked and built only for an issue: per event, the spread and the id's
  // regex were a measurable share of bulk loading.
  const ctx = () => (quotable(r['id']) ? { ...where, eventId: r['id'] as string } : where);
  const type = r['type'];
  if (typeof type !== 'string') {
    issues.push({ ...ctx(), code: 'invalid-field', path: 'type', message: 'missing event type' });
    return undefined;
  }
  const schema = eventSchema(type);
  if (!schema) {
    const near = suggest(type);
    issues.push({ ...ctx(), code: 'unknown-event-type', path: 'type', message: `${named('unknown event type', type)}${near ? `; did you mean "${near}"?` : ''}` });
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const path = i.path.join('.');
      const code = path === 'at' || path.startsWith('at.') || /(^|\.)(due|for|until|from|to)(\.|$)/.test(path) ? 'bad-date' : 'invalid-field';
      issues.push({ ...ctx(), code, path: safePath(i.path), message: messageOf(i, raw, i.path.length === 0 ? keysOf(schema) : undefined) });
    }
    return undefined;
  }
  return parsed.data as ChronologyEvent;
}

/** The fields of an object schema (for "did you mean"), if it is one. */
function keysOf(schema: z.ZodType): readonly string[] | undefined {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}

const HEADER_KEYS = [...(keysOf(chronologyHeader as unknown as z.ZodType) ?? []), 'events'];

function messageOf(i: z.core.$ZodIssue, root?: unknown, knownKeys?: readonly string[]): string {
  if (i.code === 'unrecognized_keys' || i.code === 'invalid_type' || i.code === 'invalid_value') return issueMessage(i, root, knownKeys);
  if (i.code === 'invalid_union') {
    // Prefer the most specific message from the alternatives (e.g. '"2024-02-30" is not a date…').
    const inner = specific(i);
    if (inner) return inner;
    return 'not a date: use YYYY-MM-DD, YYYY-MM, YYYY, { between: [from, to] }, { after: EVENT, offset: P1W } or { before: EVENT, offset: P1W }';
  }
  return i.message;
}

/** The first custom message inside nested union alternatives, if any. */
function specific(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'custom' || issue.message.includes('ISO 8601')) return issue.message;
  if (issue.code !== 'invalid_union') return undefined;
  for (const alt of issue.errors) for (const x of alt) {
    const m = specific(x);
    if (m) return m;
  }
  return undefined;
}

function suggest(type: string): string | undefined {
  return nearest(type, EVENT_TYPES);
}

/** Issues in file order (by event), file-level ones first. */
function sortIssues(issues: Issue[], rawEvents: unknown[]): Issue[] {
  const position = new Map<string, number>();
  rawEvents.forEach((r, i) => {
    const id = (r as { id?: unknown })?.id;
    if (typeof id === 'string' && !position.has(id)) position.set(id, i);
  });
  const pos = (i: Issue) => i.eventIndex ?? (i.eventId !== undefined ? (position.get(i.eventId) ?? -1) : -1);
  return issues.map((issue, n) => ({ issue, n })).sort((a, b) => pos(a.issue) - pos(b.issue) || a.n - b.n).map((x) => x.issue);
}

/**
 * What a case's events define for others to refer to: events by id (the first of an id),
 * concerns raised, plan actions set, recommendations made. `parent` (the events before)
 * lets a live monitor check one more event against the case without rebuilding this.
 */
export class EventNames {
  private readonly byId = new Map<string, ChronologyEvent>();
  private readonly concerns = new Set<string>();
  private readonly actions = new Set<string>();
  private readonly recommendations = new Set<string>();
  constructor(
    /** Ids of events that did not parse: they still exist (their own issue is reported), so no knock-on issue. (A set, or a map keyed by them.) */
    private readonly rawIds: { has(id: string): boolean } = new Set<string>(),
    private readonly parent?: EventNames,
  ) {}

  add(e: ChronologyEvent): this {
    if (!this.byId.has(e.id)) this.byId.set(e.id, e);
    this.names(e);
    return this;
  }

  /**
   * {@link add} of each event of a whole file, to an empty set of names: the ids set in one
   * lookup each, and built again keeping the first only if some id came twice.
   */
  addAll(events: readonly ChronologyEvent[]): this {
    const byId = this.byId;
    if (byId.size !== 0) throw new Error('addAll: names already added');
    for (let i = 0; i < events.length; i++) byId.set(events[i]!.id, events[i]!);
    if (byId.size !== events.length) {
      byId.clear();
      for (let i = 0; i < events.length; i++) if (!byId.has(events[i]!.id)) byId.set(events[i]!.id, events[i]!);
    }
    for (let i = 0; i < events.length; i++) this.names(events[i]!);
    return this;
  }

  /** The concern, action and recommendation ids an event defines. */
  private names(e: ChronologyEvent): void {
    if (e.type === 'concern.raised') this.concerns.add(e.concern);
    else if (e.type === 'plan.action-set') this.actions.add(e.action);
    else if (e.type === 'ombudsman.decided' || e.type === 'complaint.responded') for (const r of e.recommendations ?? []) this.recommendations.add(r.id);
  }

  /** The events added here by id (the first event of each id), in the order added; not the parent's. */
  events(): ReadonlyMap<string, ChronologyEvent> {
    return this.byId;
  }

  event(id: string): ChronologyEvent | undefined {
    return this.byId.get(id) ?? this.parent?.event(id);
  }
  isEvent(id: string): boolean {
    return this.byId.has(id) || this.rawIds.has(id) || !!this.parent?.isEvent(id);
  }
  concern(id: string): boolean {
    return this.concerns.has(id) || !!this.parent?.concern(id);
  }
  action(id: string): boolean {
    return this.actions.has(id) || !!this.parent?.action(id);
  }
  recommendation(id: string): boolean {
    return this.recommendations.has(id) || !!this.parent?.recommendation(id);
  }
}

/** The whole-file checks of `events`, against the names they define. */
function crossCheck(events: ChronologyEvent[], children: string[], file: string, issues: Issue[], names: EventNames): void {
  // (Duplicate ids are reported from the events as written, before parsing.)
  const childSet = new Set(children);
  for (const e of events) checkReferences(e, names, children, childSet, file, issues);
}

/**
 * The ids of the events as written (parsed or not), each at its first event; a later event
 * with the same id is an issue, in listing order.
 */
function duplicateIds(rawEvents: readonly unknown[], file: string, issues: Issue[]): Map<string, number> {
  const firstAt = new Map<string, number>();
  for (let index = 0; index < rawEvents.length; index++) {
    const id = (rawEvents[index] as { id?: unknown } | null | undefined)?.id;
    if (typeof id !== 'string') continue;
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, index);
    else issues.push({ code: 'duplicate-id', file, eventId: id, path: 'id', message: `the id ${quote(id, 'id')} is used by more than one event (events #${first + 1} and #${index + 1})` });
  }
  return firstAt;
}

/** What is wrong with a reference to `value` of kind `to`, worded, or undefined when it resolves. Quoted only for a message: most resolve. */
function referenceProblem(value: string, to: RefTarget, names: EventNames): string | undefined {
  switch (to.kind) {
    case 'concern':
      return names.concern(value) ? undefined : `no concern.raised event raises the concern ${quote(value, 'id')}`;
    case 'action':
      return names.action(value) ? undefined : `no plan.action-set sets the action ${quote(value, 'id')}`;
    case 'recommendation':
      return names.recommendation(value) ? undefined : `no ombudsman.decided or complaint.responded recommendation has the id ${quote(value, 'id')}`;
    case 'event-or-concern':
      return names.concern(value) || names.isEvent(value) ? undefined : `no event or concern has the id ${quote(value, 'id')}`;
    case 'any':
      return names.concern(value) || names.isEvent(value) || names.action(value) || names.recommendation(value)
        ? undefined
        : `no event, concern, plan action or recommendation has the id ${quote(value, 'id')}`;
    case 'event': {
      const t = names.event(value);
      if (!t && !names.isEvent(value)) return `no event has the id ${quote(value, 'id')}`;
      if (t && to.types && !to.types.includes(t.type)) return `${quote(value, 'id')} is a ${t.type}, expected ${to.types.join(' or ')}`;
      return undefined;
    }
  }
}

/** A reference path's parts (`concerns.*` → concerns, *), split once per path. */
const REF_PARTS = new Map<string, readonly string[]>();

/** The issues of one event's children and references, against the names of the whole case (itself included). */
/** An unresolved reference's issue, if `message` says what is wrong (a function, not a closure made per event). */
function unknownReference(issues: Issue[], file: string, eventId: string, path: string, message: string | undefined): void {
  if (message !== undefined) issues.push({ code: 'unknown-reference', file, eventId, path, message });
}

function checkReferences(e: ChronologyEvent, names: EventNames, children: readonly string[], childSet: ReadonlySet<string>, file: string, issues: Issue[]): void {
  // Plain loops, and a path worded only for an issue: this runs per event of a bulk load.
  const own = e.children;
  if (own) {
    for (let i = 0; i < own.length; i++) {
      const c = own[i]!;
      if (!childSet.has(c)) issues.push({ code: 'unknown-child', file, eventId: e.id, path: `children.${i}`, message: `${named('unknown child', c)} (the file's children are ${quoteList(children, 10, 'id', false)})` });
    }
  }
  // Every reference the event type declares (src/schema/events.ts, EVENT_META).
  const refs = metaOf(e.type).refs;
  for (let r = 0; r < refs.length; r++) {
    const { path, to } = refs[r]!;
    let parts = REF_PARTS.get(path);
    if (!parts) REF_PARTS.set(path, (parts = path.split('.')));
    if (parts.length === 1) {
      // A field of the event (`concern`, `of`, `referral`).
      const value = (e as Record<string, unknown>)[parts[0]!];
      if (typeof value === 'string' && Object.hasOwn(e, parts[0]!)) unknownReference(issues, file, e.id, path, referenceProblem(value, to, names));
    } else if (parts.length === 2 && parts[1] === '*') {
      // A list of ids (`concerns.*`).
      const list = Object.hasOwn(e, parts[0]!) ? (e as Record<string, unknown>)[parts[0]!] : undefined;
      if (Array.isArray(list)) {
        for (let k = 0; k < list.length; k++) {
          const value = list[k];
          if (typeof value !== 'string') continue;
          const problem = referenceProblem(value, to, names);
          if (problem !== undefined) unknownReference(issues, file, e.id, `${parts[0]}.${k}`, problem);
        }
      }
    } else {
      for (const { value, path: at } of valuesAt(e, path)) if (typeof value === 'string') unknownReference(issues, file, e.id, at, referenceProblem(value, to, names));
    }
  }
  if (e.type === 'omission' && !EVENT_TYPES.includes(e.step as EventType)) issues.push({ code: 'invalid-field', file, eventId: e.id, path: 'step', message: `${quote(e.step, 'event type')} is not an event type` });
}
