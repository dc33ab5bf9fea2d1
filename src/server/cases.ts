/**
 * The service's cases: the case monitor (src/monitor) over the store, one
 * transaction per request. What HTTP does with it is in ./app.ts.
 *
 * An append, in its transaction: lock the case row; get the case's monitor (from the
 * in-process cache when its version is the row's, else restored from the stored
 * snapshot plus the events after it, else replayed from the stored events); sort out
 * duplicates (same id and same content: a no-op; same id, other content: a conflict);
 * validate the new events against the case (children, references); record them in
 * order; write the events, the case's open clocks (`deadlines`) and, now and then, a
 * snapshot; commit. Anything refused or invalid throws, the transaction rolls back and
 * the monitor, changed in memory, is thrown away: nothing of the request is kept.
 *
 * Enforce mode and history: events already stored were accepted when they came, so
 * a monitor is rebuilt in audit mode (nothing stored is refused again, e.g. after a
 * change from audit to enforce or of the rules configuration) and then restored in
 * the service's mode.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type Day, INPUT_YEARS, formatDay, isInputDay, parseDay, today } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import type { ResolvedConfig } from '../config.js';
import type { DeadlineEntry, Finding, MachineStates, Window } from '../engine/types.js';
import { type Issue, InvalidChronologyError } from '../issues.js';
import { EventNames, validateNextEvent } from '../load.js';
import { createCaseMonitor, restoreCaseMonitor } from '../monitor/index.js';
import type { CaseHeader, CaseMonitor, MonitorMode, MonitorSnapshot, OpenDeadline, RecordOutcome, RefusedStep } from '../monitor/types.js';
import { child } from '../schema/chronology.js';
import { type ChronologyEvent, type EventInput, chronologyEventSchema } from '../schema/events.js';
import { quoteId, quoteKey } from './describe.js';
import { ProblemError, type RefusingRule } from './problem.js';
import type { CaseRow, DeadlineRow, Store, StoreTx } from './store.js';

/** Case ids: pseudonymous, URL-safe. */
export const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The body of `PUT /cases/{id}`. */
export const caseHeaderBody = z
  .strictObject({
    title: z.string().optional(),
    completeness: z.enum(['summary', 'record']).default('record').meta({
      description: '`record` (default): a case-management record, where a step not recorded did not happen; `summary`: a summary source',
    }),
    children: z.array(child).min(1),
  })
  .meta({ description: 'The case header: its children (pseudonymous ids), an optional title and the completeness of the record' });

/** A snapshot is written when this many events have been appended since the last one. */
export const SNAPSHOT_EVERY = 25;
/** Monitors kept in memory at most (least recently used dropped). */
const CACHE_SIZE = 1000;
/**
 * The memory a cached case is reckoned to hold per event: its monitor (the events, raw and
 * parsed, their dates, the engine's checkpoints and state), the service's own copies of
 * the events and their canonical JSON. Measured (BENCHMARKS.md, 2026-12-02: the monitor
 * alone grows by about 1 KiB an event over 3,000 events, after a full collection); the
 * service's copies (the parsed events again, canonical JSON) and headroom for a case's
 * garbage between collections make it 6 KiB.
 */
export const CACHE_BYTES_PER_EVENT = 6 * 1024;
/** What any cached case is reckoned to hold, events apart (the engine and its rule contexts). */
export const CACHE_BYTES_PER_CASE = 64 * 1024;
/** Default memory budget of the case cache. */
export const DEFAULT_CACHE_BYTES = 128 * 1024 * 1024;

/** The memory a cached case is reckoned to hold (see CACHE_BYTES_PER_EVENT). */
export function cacheCost(events: number): number {
  return CACHE_BYTES_PER_CASE + events * CACHE_BYTES_PER_EVENT;
}

const w = (x: Window) => ({ earliest: formatDay(x.earliest), latest: formatDay(x.latest) });
export type DateWindow = { earliest: string; latest: string };
export type FindingJson = Omit<Finding, 'at'> & { at: DateWindow };
export type ClockJson = Omit<DeadlineEntry, 'due'> & { due?: DateWindow };
export type OpenDeadlineJson = Omit<OpenDeadline, 'due'> & { due: DateWindow };

export const findingJson = (f: Finding): FindingJson => ({ ...f, at: w(f.at) });
const clockJson = (d: DeadlineEntry): ClockJson => {
  const { due, ...rest } = d;
  return { ...rest, ...(due ? { due: w(due) } : {}) };
};
const openDeadlineJson = (d: OpenDeadline): OpenDeadlineJson => ({ ...d, due: w(d.due) });

export interface EventResult {
  event: string;
  /** `recorded`, or `duplicate` (the same event was already recorded: nothing changed). */
  status: 'recorded' | 'duplicate';
  duplicate: boolean;
  late?: boolean;
  findings: FindingJson[];
  refusals: RefusedStep[];
  clocks: { started: ClockJson[]; met: ClockJson[]; closed: ClockJson[] };
  states?: MachineStates;
}

export interface AppendResult {
  case: string;
  mode: MonitorMode;
  version: number;
  recorded: number;
  duplicates: number;
  events: EventResult[];
}

export interface CaseView {
  case: string;
  header: CaseHeader;
  version: number;
  asOf: string;
  events: Record<string, unknown>[];
  states: MachineStates;
  findings: FindingJson[];
}

export interface UpcomingDeadline {
  case: string;
  rule: string;
  clock: string;
  label: string;
  children: string[];
  startedBy: string;
  due: DateWindow;
  workingDaysLeft: { min: number; max: number };
  overdue?: 'certain' | 'possible';
}

interface Entry {
  version: number;
  header: CaseHeader;
  monitor: CaseMonitor;
  /** The events in the order received (the monitor's own list places a late entry by its date). */
  events: Record<string, unknown>[];
  /** The same, parsed (for validating the next event against them). */
  parsed: ChronologyEvent[];
  /** What they define (ids, concerns, actions, recommendations): a new event is checked against these, not against every event again. */
  names: EventNames;
  /** Canonical JSON of each event, by id (duplicate detection). */
  canon: Map<string, string>;
  snapshotCount: number;
  /** The monitor was asked to record something in a transaction not yet committed. */
  touched?: boolean;
}

/** JSON with object keys sorted: two bodies with the same content compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Signed working days from `asOf` to `due`: 0 on the day, negative once past. */
export function workingDaysUntil(asOf: Day, due: Day): number {
  return due >= asOf ? england.countWorkingDays(asOf, due) : -england.countWorkingDays(due, asOf);
}

export interface CaseServiceOptions {
  store: Store;
  mode: MonitorMode;
  config: ResolvedConfig;
  /**
   * Memory budget of the cache of case monitors, in bytes (default DEFAULT_CACHE_BYTES): the
   * least recently used are dropped once the cases' reckoned sizes ({@link cacheCost}) add up
   * to more, or there are more than 1,000. A dropped case is restored from its snapshot.
   */
  cacheBytes?: number;
}

export class CaseService {
  readonly store: Store;
  readonly mode: MonitorMode;
  private readonly config: ResolvedConfig;
  private readonly cache = new Map<string, Entry>();
  private readonly configPrint: string;
  private readonly cacheBytes: number;
  /** The reckoned size of the cases cached, and of each when it was cached. */
  private cachedBytes = 0;
  private readonly cost = new Map<string, number>();

  constructor(options: CaseServiceOptions) {
    const budget = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    if (!(budget >= 0)) throw new RangeError('cacheBytes must be a number of bytes, 0 or more');
    this.cacheBytes = budget;
    this.store = options.store;
    this.mode = options.mode;
    this.config = options.config;
    this.configPrint = fingerprint(options.config);
  }

  /**
   * Once at start: if the stored deadlines were computed with another rules
   * configuration (another --rules-config), recompute every case's. One transaction per case.
   */
  async init(): Promise<{ recomputed: number }> {
    const stored = await this.store.read((tx) => tx.meta('deadlines-config'));
    if (stored === this.configPrint) return { recomputed: 0 };
    const ids = await this.store.read((tx) => tx.caseIds());
    for (const id of ids) {
      await this.store.transaction(async (tx) => {
        const row = await tx.getCase(id, true);
        if (!row) return;
        const entry = await this.entryFor(tx, row);
        await tx.replaceDeadlines(id, deadlineRows(entry.monitor));
      });
    }
    await this.store.transaction((tx) => tx.setMeta('deadlines-config', this.configPrint));
    return { recomputed: ids.length };
  }

  /** Create a case, or change its header (every recorded event must still fit it). */
  async putCase(id: string, body: unknown): Promise<{ created: boolean; changed: boolean; case: string; version: number; header: CaseHeader }> {
    const parsed = caseHeaderBody.safeParse(body);
    if (!parsed.success) {
      throw new ProblemError('invalid-request', 'the case header is not valid', {
        issues: parsed.error.issues.map((i) => ({ code: i.path.includes('born') ? 'bad-date' : 'invalid-field', file: 'request body', path: i.path.join('.'), message: headerIssueMessage(i) })),
      });
    }
    const outside = datesOutsideInputYears(parsed.data);
    if (outside.length) {
      throw new ProblemError('invalid-request', 'the case header is not valid', {
        issues: outside.map((path) => ({ code: 'bad-date', file: 'request body', path, message: OUTSIDE_MESSAGE })),
      });
    }
    // The children as sent (a date of birth stays as written: the monitor parses the header itself).
    const children = (body as { children: CaseHeader['children'] }).children;
    const header: CaseHeader = { case: id, ...(parsed.data.title !== undefined ? { title: parsed.data.title } : {}), completeness: parsed.data.completeness, children };
    const ids = header.children.map((c) => c.id);
    const dup = ids.find((c, i) => ids.indexOf(c) !== i);
    if (dup) {
      throw new ProblemError('invalid-request', 'the case header is not valid', {
        issues: [{ code: 'invalid-field', file: 'request body', path: 'children', message: `the child id ${quoteId(dup)} is listed twice` }],
      });
    }
    let fresh: Entry | undefined;
    const result = await this.store.transaction(async (tx) => {
      if (await tx.insertCase(id, header)) return { created: true, changed: true, case: id, version: 1, header };
      const row = (await tx.getCase(id, true))!;
      if (canonical(row.header) === canonical(header)) return { created: false, changed: false, case: id, version: row.version, header };
      this.forget(id);
      const events = (await tx.events(id)).map((r) => r.body);
      let monitor: CaseMonitor;
      try {
        monitor = this.replayAll(header, events);
      } catch (err) {
        if (err instanceof InvalidChronologyError) {
          throw new ProblemError('conflict', 'the events recorded for this case do not fit the new header (e.g. a child they name is missing)', { issues: err.issues });
        }
        throw err;
      }
      const version = row.version + 1;
      const snapshot = events.length ? { json: JSON.stringify(monitor.snapshot()), count: events.length } : null;
      await tx.updateCase(id, { header, version, eventCount: events.length, snapshot });
      await tx.replaceDeadlines(id, deadlineRows(monitor));
      fresh = this.entry(version, header, monitor, events, snapshot?.count ?? 0);
      return { created: false, changed: true, case: id, version, header };
    });
    if (fresh) this.remember(id, fresh);
    return result;
  }

  /** Check and record events in order; all or nothing. */
  /** `requestId`: stored with each event recorded (the id of the request's log line). */
  async append(id: string, raw: readonly unknown[], requestId?: string): Promise<AppendResult> {
    let done: Entry | undefined;
    const result = await this.store.transaction(async (tx) => {
      const row = await tx.getCase(id, true);
      if (!row) throw new ProblemError('not-found', `no case "${id}": create it first with PUT /cases/${id}`);
      const entry = await this.entryFor(tx, row);
      // Once the monitor has recorded anything the entry goes back to the cache only after the commit.
      this.forget(id);
      try {
        return await this.appendTo(tx, id, row, entry, raw, (e) => (done = e), requestId);
      } catch (err) {
        if (!entry.touched) this.remember(id, entry);
        throw err;
      }
    });
    if (done) this.remember(id, done);
    return result;
  }

  private async appendTo(tx: StoreTx, id: string, row: CaseRow, entry: Entry, raw: readonly unknown[], done: (e: Entry) => void, requestId?: string): Promise<AppendResult> {
    // Duplicates and conflicts, then validation of the new events against the case.
    const requestCanon = new Map<string, string>();
    const kinds: ('new' | 'duplicate')[] = [];
    const conflicts: Issue[] = [];
    const fresh: { index: number; raw: Record<string, unknown>; parsed?: ChronologyEvent }[] = [];
    raw.forEach((e, index) => {
      const eid = typeof e === 'object' && e !== null && !Array.isArray(e) ? (e as Record<string, unknown>)['id'] : undefined;
      const known = typeof eid === 'string' ? (entry.canon.get(eid) ?? requestCanon.get(eid)) : undefined;
      if (typeof eid === 'string' && known !== undefined) {
        kinds.push('duplicate');
        if (known !== canonical(e)) {
          conflicts.push({ code: 'duplicate-id', file: 'request body', eventId: eid, eventIndex: index, path: 'id', message: `an event with the id ${quoteId(eid)} but other content is already recorded; event ids are unique per case` });
        }
        return;
      }
      kinds.push('new');
      if (typeof eid === 'string') requestCanon.set(eid, canonical(e));
      fresh.push({ index, raw: e as Record<string, unknown> });
    });
    if (conflicts.length) throw new ProblemError('conflict', `${conflicts.length} event id${conflicts.length === 1 ? ' is' : 's are'} already used by other content`, { issues: conflicts });

    const issues: Issue[] = [];
    const parsedSoFar = [...entry.parsed];
    const childIds = entry.header.children.map((c) => c.id);
    // The request's events are checked against the case's names and those before them in the request.
    const names = new EventNames(new Set(), entry.names);
    for (const f of fresh) {
      const v = validateNextEvent(f.raw, parsedSoFar, childIds, 'request body', names);
      const outside = v.ok ? datesOutsideInputYears(v.event) : [];
      if (v.ok && outside.length === 0) {
        parsedSoFar.push(v.event);
        names.add(v.event);
        f.parsed = v.event;
      } else if (v.ok) {
        issues.push(...outside.map((path) => ({ code: 'bad-date' as const, file: 'request body', eventId: v.event.id, eventIndex: f.index, path, message: OUTSIDE_MESSAGE })));
      } else issues.push(...v.issues.map((i) => ({ ...i, eventIndex: f.index })));
    }
    if (issues.length) throw new ProblemError('invalid-request', `${issues.length} problem${issues.length === 1 ? '' : 's'} with the events; nothing was recorded`, { issues });

    // Record in order.
    const results: EventResult[] = [];
    let n = 0;
    let recorded = 0;
    for (const [index, e] of raw.entries()) {
      if (kinds[index] === 'duplicate') {
        results.push({ event: String((e as Record<string, unknown>)['id']), status: 'duplicate', duplicate: true, findings: [], refusals: [], clocks: { started: [], met: [], closed: [] } });
        continue;
      }
      const f = fresh[n++]!;
      const body = f.raw;
      let o: RecordOutcome;
      try {
        // A request body, untyped JSON: the monitor validates it (an invalid one throws InvalidChronologyError).
        o = entry.monitor.record(body as EventInput);
      } catch (err) {
        if (isCalendarRange(err)) {
          entry.touched = true;
          throw reachesOutside(String(body['id']), index);
        }
        // An invalid event leaves the monitor as it was (its contract); anything else may not have.
        if (!(err instanceof InvalidChronologyError)) entry.touched = true;
        if (err instanceof InvalidChronologyError) {
          throw new ProblemError('invalid-request', 'the event does not fit the case; nothing was recorded', {
            issues: err.issues.filter((i) => i.eventId === undefined || i.eventId === body['id']).map((i) => ({ ...i, file: 'request body', eventIndex: index })),
          });
        }
        throw err;
      }
      if (o.recorded) entry.touched = true;
      if (o.clocks.started.some((c) => c.due && (!isInputDay(c.due.earliest) || !isInputDay(c.due.latest)))) throw reachesOutside(o.event, index);
      if (!o.allowed) {
        const rules: RefusingRule[] = o.refusedBy.map((f) => ({ id: f.rule, citation: f.citation, event: o.event, certainty: f.certainty, message: f.message }));
        throw new ProblemError(
          'refused-by-rule',
          `event ${o.event} is refused by ${[...new Set(rules.map((r) => r.id))].join(', ')} (enforce mode); nothing of this request was recorded`,
          { rules },
        );
      }
      if (!o.recorded) {
        // The monitor saw a duplicate the service did not: treat it as one.
        results.push({ event: o.event, status: 'duplicate', duplicate: true, findings: [], refusals: [], clocks: { started: [], met: [], closed: [] } });
        continue;
      }
      entry.events.push(body);
      entry.parsed.push(f.parsed!);
      entry.names.add(f.parsed!);
      entry.canon.set(o.event, canonical(body));
      await tx.insertEvent(id, entry.events.length, o.event, body, requestId);
      recorded++;
      results.push({
        event: o.event,
        status: 'recorded',
        duplicate: false,
        ...(o.late ? { late: true } : {}),
        findings: o.findings.map(findingJson),
        refusals: o.refusals,
        clocks: { started: o.clocks.started.map(clockJson), met: o.clocks.met.map(clockJson), closed: o.clocks.closed.map(clockJson) },
        states: o.states,
      });
    }

    let version = row.version;
    if (recorded > 0) {
      version++;
      let snapshot: { json: string; count: number } | undefined;
      if (entry.events.length - entry.snapshotCount >= SNAPSHOT_EVERY) {
        snapshot = { json: JSON.stringify(entry.monitor.snapshot()), count: entry.events.length };
        entry.snapshotCount = entry.events.length;
      }
      let rows: Omit<DeadlineRow, 'caseId'>[];
      try {
        rows = deadlineRows(entry.monitor);
      } catch (err) {
        if (isCalendarRange(err)) throw reachesOutside(undefined, undefined);
        throw err;
      }
      // A clock due after the input years (an offset of centuries) would poison every later deadlines query.
      const far = rows.find((r) => !isInputDay(r.dueEarliest) || !isInputDay(r.dueLatest));
      if (far) throw reachesOutside(far.startedBy, raw.findIndex((e) => (e as Record<string, unknown>)['id'] === far.startedBy));
      await tx.updateCase(id, { header: row.header, version, eventCount: entry.events.length, ...(snapshot ? { snapshot } : {}) });
      await tx.replaceDeadlines(id, rows);
    }
    entry.version = version;
    entry.touched = false;
    done(entry);
    return { case: id, mode: this.mode, version, recorded, duplicates: raw.length - recorded, events: results };
  }

  async getCase(id: string, asOf?: string): Promise<CaseView> {
    return this.withMonitor(id, (entry) => {
      const at = asOf ?? formatDay(today());
      return {
        case: id,
        header: entry.header,
        version: entry.version,
        asOf: at,
        events: entry.monitor.events(),
        states: entry.monitor.state(),
        findings: entry.events.length ? entry.monitor.findings(at).map(findingJson) : [],
      };
    });
  }

  async caseDeadlines(id: string, asOf?: string): Promise<{ case: string; asOf: string; deadlines: OpenDeadlineJson[] }> {
    return this.withMonitor(id, (entry) => {
      const at = asOf ?? formatDay(today());
      return { case: id, asOf: at, deadlines: entry.events.length ? entry.monitor.deadlines(at).map(openDeadlineJson) : [] };
    });
  }

  /** The case as a chronology (header and events), e.g. for the HTML report. */
  async chronology(id: string): Promise<Record<string, unknown>> {
    return this.withMonitor(id, (entry) => ({ ...entry.header, case: id, completeness: entry.header.completeness ?? 'record', events: entry.monitor.events() }));
  }

  /** Open clocks across all cases due by `until` (overdue ones included), soonest first. */
  async upcoming(asOf: Day, until: Day): Promise<UpcomingDeadline[]> {
    const rows = await this.store.read((tx) => tx.deadlinesDue(until));
    return rows.map((r) => ({
      case: r.caseId,
      rule: r.rule,
      clock: r.clock,
      label: r.label,
      children: r.children,
      startedBy: r.startedBy,
      due: w({ earliest: r.dueEarliest, latest: r.dueLatest }),
      workingDaysLeft: { min: workingDaysUntil(asOf, r.dueEarliest), max: workingDaysUntil(asOf, r.dueLatest) },
      ...(r.dueLatest < asOf ? { overdue: 'certain' as const } : r.dueEarliest < asOf ? { overdue: 'possible' as const } : {}),
    }));
  }

  private async withMonitor<T>(id: string, fn: (entry: Entry) => T): Promise<T> {
    let got: Entry | undefined;
    const result = await this.store.read(async (tx) => {
      const row = await tx.getCase(id, false);
      if (!row) throw new ProblemError('not-found', `no case "${id}"`);
      got = await this.entryFor(tx, row);
      return fn(got);
    });
    if (got) this.remember(id, got);
    return result;
  }

  /** The case's monitor at the row's version (cached, restored or replayed). */
  private async entryFor(tx: StoreTx, row: CaseRow): Promise<Entry> {
    const cached = this.cache.get(row.id);
    if (cached && cached.version === row.version) return cached;
    const rows = await tx.events(row.id);
    if (rows.length !== row.eventCount) throw new Error(`case ${row.id}: ${rows.length} events stored, the case row says ${row.eventCount}`);
    const events = rows.map((r) => r.body);
    let monitor: CaseMonitor | undefined;
    let snapshotCount = 0;
    if (row.snapshot && row.snapshotCount <= events.length) {
      monitor = this.restore(row.snapshot, row.snapshotCount, events);
      if (monitor) snapshotCount = row.snapshotCount;
    }
    monitor ??= this.replayAll(row.header, events);
    return this.entry(row.version, row.header, monitor, events, snapshotCount);
  }

  private entry(version: number, header: CaseHeader, monitor: CaseMonitor, events: Record<string, unknown>[], snapshotCount: number): Entry {
    const chronologyEvent = chronologyEventSchema();
    const parsed = events.map((e) => chronologyEvent.parse(e));
    const names = new EventNames();
    for (const e of parsed) names.add(e);
    return {
      version,
      header,
      monitor,
      events: [...events],
      parsed,
      names,
      canon: new Map(events.map((e) => [String(e['id']), canonical(e)])),
      snapshotCount,
    };
  }

  /** From a stored snapshot plus the events after it; undefined when that does not give the stored case. */
  private restore(json: string, count: number, events: Record<string, unknown>[]): CaseMonitor | undefined {
    try {
      const snapshot = JSON.parse(json) as MonitorSnapshot;
      const m = restoreCaseMonitor({ ...snapshot, mode: this.mode }, { mode: this.mode, config: this.config });
      if (m.events().length !== count) return undefined;
      for (const e of events.slice(count)) if (!m.record(e as EventInput).recorded) return undefined;
      return m;
    } catch {
      return undefined;
    }
  }

  /** Every stored event through an audit monitor, then in the service's mode. */
  private replayAll(header: CaseHeader, events: Record<string, unknown>[]): CaseMonitor {
    const audit = createCaseMonitor(header, { mode: 'audit', config: this.config });
    for (const e of events) {
      const o = audit.record(e as EventInput);
      if (!o.recorded) throw new Error(`case ${header.case}: stored event ${o.event} was not recorded on replay`);
    }
    if (this.mode === 'audit') return audit;
    const m = restoreCaseMonitor({ ...audit.snapshot(), mode: this.mode }, { mode: this.mode, config: this.config });
    if (m.events().length !== events.length) {
      throw new Error(`case ${header.case}: restoring the monitor in ${this.mode} mode kept ${m.events().length} of ${events.length} recorded events`);
    }
    return m;
  }

  /** Keep `entry` as the most recently used, then drop the least recently used while the cache is over its count or memory budget. */
  private remember(id: string, entry: Entry): void {
    const current = this.cache.get(id);
    if (current && current.version > entry.version) return;
    this.forget(id);
    const cost = cacheCost(entry.events.length);
    this.cache.set(id, entry);
    this.cost.set(id, cost);
    this.cachedBytes += cost;
    while (this.cache.size > CACHE_SIZE || (this.cachedBytes > this.cacheBytes && this.cache.size > 0)) this.forget(this.cache.keys().next().value!);
  }

  private forget(id: string): void {
    if (!this.cache.delete(id)) return;
    this.cachedBytes -= this.cost.get(id) ?? 0;
    this.cost.delete(id);
  }

  /** What the cache holds: cases, and their reckoned size in bytes (see {@link cacheCost}). */
  cacheStats(): { cases: number; bytes: number; budget: number } {
    return { cases: this.cache.size, bytes: this.cachedBytes, budget: this.cacheBytes };
  }
}

const OUTSIDE_MESSAGE = `a date outside the years ${INPUT_YEARS.first}–${INPUT_YEARS.last}, the dates casepath accepts`;

/** Paths of the absolute dates (parsed date specs) in a parsed event or header that fall outside the input years. */
function datesOutsideInputYears(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const v = value as Record<string, unknown>;
  if (v['kind'] === 'absolute' && typeof v['from'] === 'number' && typeof v['to'] === 'number') {
    return isInputDay(v['from']) && isInputDay(v['to']) ? [] : [path];
  }
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) out.push(...datesOutsideInputYears(x, path ? `${path}.${k}` : k));
  return out;
}

/** The working-day calendar's error for a day outside the years it covers (1900–2999). */
function isCalendarRange(err: unknown): boolean {
  return err instanceof RangeError && /outside the supported years/.test(err.message);
}

/** An event whose dates, once resolved (an offset, a due date), reach outside the input years. */
function reachesOutside(eventId: string | undefined, eventIndex: number | undefined): ProblemError {
  const message = `its dates or the deadlines it starts reach outside the years ${INPUT_YEARS.first}–${INPUT_YEARS.last} casepath accepts (an offset or a due date too long?)`;
  return new ProblemError('invalid-request', `${eventId !== undefined ? `event ${quoteId(eventId)}: ` : 'an event: '}${message}; nothing was recorded`, {
    issues: [{ code: 'bad-date', file: 'request body', ...(eventId !== undefined ? { eventId } : {}), ...(eventIndex !== undefined && eventIndex >= 0 ? { eventIndex } : {}), path: 'at', message }],
  });
}

/** A zod issue of the case header, in words that quote nothing from the request but field names. */
function headerIssueMessage(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'unrecognized_keys':
      return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map(quoteKey).join(', ')}: a header has children, and optionally title and completeness`;
    case 'invalid_type':
      return `expected ${i.expected}`;
    case 'invalid_value':
      return `expected one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return i.origin === 'array' ? `needs at least ${String(i.minimum)} item${Number(i.minimum) === 1 ? '' : 's'}` : `must not be empty`;
    case 'custom':
    case 'invalid_union':
      // Only a child's `born` is a union or has a custom check: the date forms.
      return 'not a date: use YYYY-MM-DD, YYYY-MM, YYYY or { between: [from, to] }';
    default:
      // zod's own messages for the rest name the rule broken, not the value.
      return i.message;
  }
}

/** The case's open clocks, for the `deadlines` table. */
function deadlineRows(monitor: CaseMonitor): Omit<DeadlineRow, 'caseId'>[] {
  if (monitor.events().length === 0) return [];
  return monitor.deadlines().map((d) => ({
    rule: d.rule,
    clock: d.clock,
    label: d.label,
    children: d.children,
    startedBy: d.startedBy,
    dueEarliest: d.due.earliest,
    dueLatest: d.due.latest,
  }));
}

function fingerprint(config: ResolvedConfig): string {
  const data = {
    rules: config.rules.map((r) => r.id),
    params: [...config.params.entries()].sort(([a], [b]) => a.localeCompare(b)),
    timescales: [...config.timescales.entries()].sort(([a], [b]) => a.localeCompare(b)),
  };
  return createHash('sha256').update(canonical(data)).digest('hex');
}

