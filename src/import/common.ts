/**
 * What the three council-data importers (CIN census, SSDA903, SSD) share: import
 * diagnostics, keyed pseudonyms, date parsing, the event list with its fixed
 * same-day order, and the coverage a chronology declares.
 *
 * Privacy: the importers read only the fields they map. Identifiers such as UPN and
 * FormerUPN, names, postcodes, dates of birth and free-text fields are never read into
 * any object casepath builds (the XML reader keeps no text of elements it does not map;
 * the CSV readers disable those columns at the parser), so they cannot reach a
 * chronology, a diagnostic or an error message. Diagnostics quote ids, element names,
 * codes and dates, never other values.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Day, dayOf, formatDay, parseDay, partsOf } from '../calendar/day.js';

// ---------------------------------------------------------------------------
// Diagnostics

/** What the importer did about a defect. */
export type DiagnosticAction =
  /** The rows named in `dropped` were left out; the rest of the child was imported. */
  | 'dropped'
  /** The whole child was left out. */
  | 'skipped-child'
  /** Nothing was left out (a query, a cross-check or a file-level count). */
  | 'none';

/**
 * A data defect found while importing: a DfE validation rule broken by the source
 * (`code` is then the DfE rule code, e.g. `8615`, `2885`, `8863Q`, `356`) or one of
 * casepath's own checks (`bad-date`, `missing-date`, `duplicate-child`, ...). Never a
 * practice finding: the defect is in the data, not (necessarily) in the practice.
 */
export interface ImportDiagnostic {
  code: string;
  /** The DfE collection whose validation rule `code` is, when it is one. */
  dfe?: 'cin' | '903';
  /** The source file (or table). */
  file: string;
  /** The chronology's case id (pseudonymised when asked); absent for file-level problems. */
  case?: string;
  /** The source element or column, e.g. `CINdetails[1]/Section47[2]/DateOfInitialCPC`. */
  field: string;
  message: string;
  action: DiagnosticAction;
  /** The source rows left out (`action: 'dropped'`), e.g. `CINdetails[1]/Section47[2]`. */
  dropped?: string[];
}

/** One line: `file: case C, field F: message [code] (dropped ...)`. */
export function formatDiagnostic(d: ImportDiagnostic): string {
  const where = [d.case !== undefined ? `case ${d.case}` : undefined, d.field ? `field ${d.field}` : undefined].filter(Boolean).join(', ');
  const action =
    d.action === 'dropped' ? ` (left out: ${d.dropped?.join(', ')})` : d.action === 'skipped-child' ? ' (child left out)' : '';
  return `${d.file}:${where ? ` ${where}:` : ''} ${d.message} [${d.dfe ? `DfE ${d.dfe === 'cin' ? 'CIN' : '903'} ` : ''}${d.code}]${action}`;
}

/** A problem that stops the import (unreadable or malformed input): exit 2, nothing written. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly code: 'file-not-found' | 'parse-error' | 'unsupported-format' | 'invalid-field',
    message: string,
    /** 1-based line of the input, when known. */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ImportError';
  }
  /** `file:line: message [code]`. */
  format(): string {
    return `${this.file}${this.line !== undefined ? `:${this.line}` : ''}: ${this.message} [${this.code}]`;
  }
}

// ---------------------------------------------------------------------------
// Pseudonyms

export type PseudonymKind = 'case' | 'child' | 'worker' | 'family';

/** Replaces ids by keyed pseudonyms; the identity function when no key is given. */
export interface Pseudonymiser {
  readonly keyed: boolean;
  id(kind: PseudonymKind, value: string): string;
}

export const plainIds: Pseudonymiser = { keyed: false, id: (_kind, value) => value };

/** Hex digits kept of the HMAC: 64 bits (see {@link createPseudonymiser}). */
export const PSEUDONYM_HEX = 16;
/** The least key material accepted, in bytes. */
export const MIN_KEY_BYTES = 32;

/**
 * Keyed pseudonyms: `kind` + `-` + the first 16 hex digits (64 bits) of
 * HMAC-SHA-256(key, kind NUL value). The kind separates domains (a child and a worker
 * with the same source id get unrelated pseudonyms); the same key gives the same
 * pseudonym in every run, so returns of different years link up, and without the key
 * the source id cannot be recovered or confirmed by guessing. 64 bits make a collision
 * among a million ids about 1 in 37 million.
 */
export function createPseudonymiser(key: Uint8Array): Pseudonymiser {
  if (key.length < MIN_KEY_BYTES) throw new RangeError(`a pseudonymisation key needs at least ${MIN_KEY_BYTES} bytes`);
  const k = Buffer.from(key);
  return {
    keyed: true,
    id: (kind, value) => `${kind}-${createHmac('sha256', k).update(`${kind}\0${value}`).digest('hex').slice(0, PSEUDONYM_HEX)}`,
  };
}

/**
 * Read a key file (e.g. `openssl rand -hex 32 > key`): its bytes, less one trailing
 * newline. The key itself never appears in any message.
 */
export function readKeyFile(path: string): { key: Uint8Array } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return { problem: 'cannot read the key file' };
  }
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end--;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  const key = bytes.subarray(0, end);
  if (key.length < MIN_KEY_BYTES) return { problem: `the key file holds ${key.length} bytes; at least ${MIN_KEY_BYTES} are needed (e.g. openssl rand -hex 32)` };
  return { key };
}

// ---------------------------------------------------------------------------
// Dates

/** `YYYY-MM-DD` (an `xs:date`; a trailing time or zone is ignored) to a day. */
export function isoDay(text: string | undefined): Day | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  return parseDay(t.length > 10 && (t[10] === 'T' || t[10] === ' ' || t[10] === 'Z' || t[10] === '+') ? t.slice(0, 10) : t);
}

/** `DD/MM/YYYY` (903 dates) to a day. */
export function ukDay(text: string | undefined): Day | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  return m ? parseDay(`${m[3]}-${m[2]}-${m[1]}`) : undefined;
}

/** A date as SSD extracts write it: ISO date or SQL datetime (the calendar date is taken), or `DD/MM/YYYY`. */
export function anyDay(text: string | undefined): Day | undefined {
  return isoDay(text) ?? ukDay(text);
}

/** The collection year ending on `asOf` (a 31 March): 1 April of the year before to `asOf`. */
export function collectionYear(asOf: Day): { from: Day; to: Day } {
  const { year, month, date } = partsOf(asOf);
  // One year back, plus a day: 2025-03-31 → 2024-04-01.
  return { from: dayOf(year - 1, month, date) + 1, to: asOf };
}

/** The 31 March on or after `day`. */
export function marchThirtyFirstFrom(day: Day): Day {
  const { year } = partsOf(day);
  const same = dayOf(year, 3, 31);
  return day <= same ? same : dayOf(year + 1, 3, 31);
}

/** A truthy or falsy flag as the sources write it (`true/false`, `1/0`, `Y/N`); `undefined` if neither. */
export function flag(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1' || t === 'y' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'n' || t === 'no') return false;
  return undefined;
}

// ---------------------------------------------------------------------------
// Chronologies

/** A date for an event: a day, or a range the source leaves open. */
export type EventDate = Day | { from: Day; to: Day };

/**
 * Same-day order, in process order (data-formats.md §6: referral, assessment start,
 * strategy, s47, conference, review, plan end), because listing order is a constraint
 * in casepath. A type not listed sorts last.
 */
const SAME_DAY_ORDER = [
  'referral.received',
  'referral.decided',
  'assessment.started',
  'strategy.held',
  's47.started',
  'threshold.considered',
  's47.completed',
  'cin-plan.ended',
  'conference.held:initial',
  'conference.held:review',
  'legal.planning-meeting',
  'plo.letter-sent',
  'plo.meeting-held',
  'plo.reviewed',
  'plo.ended',
  'proceedings.issued',
  'looked-after.started',
  'care-order.made',
  'living-arrangement.changed',
  'care-plan.updated',
  'worker.allocated',
  'lac-review.postponed',
  'lac-review.held',
  'assessment.completed',
  'cin-plan.started',
  'care-order.discharged',
  'looked-after.ceased',
] as const;
const RANK = new Map<string, number>(SAME_DAY_ORDER.map((t, i) => [t, i]));

function rankOf(event: Record<string, unknown>): number {
  const type = String(event['type']);
  const key = type === 'conference.held' ? `${type}:${event['kind'] === 'initial' ? 'initial' : 'review'}` : type;
  return RANK.get(key) ?? SAME_DAY_ORDER.length;
}

interface Pending {
  day: Day;
  rank: number;
  seq: number;
  event: Record<string, unknown>;
}

/**
 * Events collected in any order and listed by date, then in process order, then in the
 * order added. An event with a range (a fact the source does not date) is listed at the
 * range's start and marked `unordered`, so it takes no part in the listing-order
 * constraint: its own range still applies.
 */
export class EventList {
  private readonly pending: Pending[] = [];
  private seq = 0;

  add(at: EventDate, event: { id: string; type: string; cite: string } & Record<string, unknown>): void {
    const exact = typeof at === 'number';
    const from = exact ? at : at.from;
    const to = exact ? at : Math.max(at.from, at.to);
    const e: Record<string, unknown> = { id: event.id, type: event.type, at: from === to ? formatDay(from) : { between: [formatDay(from), formatDay(to)] } };
    for (const [k, v] of Object.entries(event)) if (k !== 'id' && k !== 'type' && v !== undefined) e[k] = v;
    if (from !== to) e['unordered'] = true;
    this.pending.push({ day: from, rank: rankOf(e), seq: this.seq++, event: e });
  }

  get size(): number {
    return this.pending.length;
  }

  /** The events in listing order. */
  sorted(): Record<string, unknown>[] {
    return [...this.pending].sort((a, b) => a.day - b.day || a.rank - b.rank || a.seq - b.seq).map((p) => p.event);
  }
}

/** How a chronology says what its source records: the spec's three forms. */
export type CompletenessMode = 'coverage' | 'record' | 'summary';

export type Completeness = 'summary' | 'record' | { record: { from: string; to: string; events: string[] } };

/**
 * The `completeness` of an imported chronology. `coverage` (the default): the spec's
 * `{ record: { from, to, events } }` — absence is "did not happen" only for those event
 * types inside that window. `record` or `summary`: the plain forms, for a casepath whose
 * loader does not yet read coverage (with an import profile as `--rules-config`).
 */
export function completenessOf(mode: CompletenessMode, window: { from: Day; to: Day }, events: readonly string[]): Completeness {
  if (mode === 'record' || mode === 'summary') return mode;
  return { record: { from: formatDay(window.from), to: formatDay(window.to), events: [...events] } };
}

/** Options every importer takes. */
export interface ImportOptions {
  /** Name used in diagnostics and `source.file` (e.g. the file's base name). */
  file?: string;
  pseudonymise?: Pseudonymiser;
  /** Default `coverage`. */
  completeness?: CompletenessMode;
  onDiagnostic?: (d: ImportDiagnostic) => void;
  /** Called now and then (at most every `progressEveryMs`, default 200) and once at the end. */
  onProgress?: (p: ImportProgress) => void;
  progressEveryMs?: number;
}

export interface ImportProgress {
  /** Children (CIN, 903) or cases (SSD) read so far. */
  records: number;
  chronologies: number;
  events: number;
  diagnostics: number;
  /** Bytes of input read, when known. */
  bytes?: number;
  elapsedMs: number;
}

/** What an import did, once it is over. */
export interface ImportSummary {
  records: number;
  chronologies: number;
  events: number;
  skipped: number;
  diagnostics: number;
  /** Diagnostics by code. */
  byCode: Record<string, number>;
}

/** Counting and progress, shared by the importers. */
export class ImportTally {
  records = 0;
  chronologies = 0;
  events = 0;
  skipped = 0;
  diagnostics = 0;
  bytes: number | undefined;
  readonly byCode: Record<string, number> = {};
  private readonly start = performance.now();
  private last = 0;

  constructor(private readonly options: ImportOptions) {}

  diagnose(d: ImportDiagnostic): void {
    this.diagnostics++;
    this.byCode[d.code] = (this.byCode[d.code] ?? 0) + 1;
    this.options.onDiagnostic?.(d);
  }

  progress(force = false): void {
    const on = this.options.onProgress;
    if (!on) return;
    const now = performance.now();
    if (!force && now - this.last < (this.options.progressEveryMs ?? 200)) return;
    this.last = now;
    on({ records: this.records, chronologies: this.chronologies, events: this.events, diagnostics: this.diagnostics, ...(this.bytes !== undefined ? { bytes: this.bytes } : {}), elapsedMs: now - this.start });
  }

  summary(): ImportSummary {
    return { records: this.records, chronologies: this.chronologies, events: this.events, skipped: this.skipped, diagnostics: this.diagnostics, byCode: { ...this.byCode } };
  }
}
