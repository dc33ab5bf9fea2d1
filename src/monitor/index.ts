/**
 * The live monitor: a case-management system checks and records events one at a time.
 *
 *   const m = createCaseMonitor({ case: 'case-17', children: [{ id: 'A' }] }, { mode: 'enforce' });
 *   const o = m.check(event);          // would it be allowed, what would it cause? (changes nothing)
 *   if (o.allowed) m.record(event);
 *   m.deadlines('2024-05-01');         // open statutory clocks, working days left
 *   const saved = m.snapshot();        // JSON; restoreCaseMonitor(saved) carries on from there
 *
 * It steps the replay engine (src/engine/replay.ts) one event at a time, so a check
 * costs one step, not a replay of the case. That fast path needs exact dates (the
 * normal case in a live system: an event is recorded on the day it happens) and events
 * in date order. Anything else — a vague or relative date, an `omission`, an event dated
 * before the last one recorded (late data entry, normal in case work) — re-evaluates the
 * case from the start, so the result is always that of replaying the whole chronology.
 */
import type { AnyStateMachine } from 'xstate';
import type { ProcessId } from '../engine/processes.js';
import { RECORD, SUMMARY } from '../engine/coverage.js';
import { type Day, parseDay, today } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import { defaultConfig, replayOptionsOf } from '../config.js';
import type { ResolvedDates } from '../dates/resolve.js';
import { type EngineState, ReplayEngine, type ReplayOptions, type StepOutcome, deadlineEntry } from '../engine/replay.js';
import type { Chronology, ConcernRecord, DeadlineEntry, Finding, MachineStates, OpenClock } from '../engine/types.js';
import { InvalidChronologyError, type Issue } from '../issues.js';
import { idText, quote, safePath, unknownFields } from '../input/quote.js';
import { checkAsOfDay, eventDateNode, innerDateNodes, loadChronologyData, validateEvents, validateNextEvent } from '../load.js';
import { chronologyHeader } from '../schema/chronology.js';
import type { ChronologyEvent, DatedEvent, EventInput, Omission } from '../schema/events.js';
import type { CaseHeader, CaseMonitor, EventOutcome, MonitorMode, MonitorOptions, MonitorSnapshot, OpenDeadline, RecordOutcome, RefusedStep } from './types.js';

export type * from './types.js';

const SNAPSHOT_VERSION = 1;

/** Resolved dates that grow by one exact day at a time (the monitor's fast path). */
class GrowingDates implements ResolvedDates {
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly days: Day[] = [];
  readonly exact = true;
  add(key: string, day: Day): void {
    this.index.set(key, this.keys.length);
    this.keys.push(key);
    this.days.push(day);
  }
  indexOf(key: string): number | undefined {
    return this.index.get(key);
  }
  earliest(i: number): Day {
    return this.days[i]!;
  }
  latest(i: number): Day {
    return this.days[i]!;
  }
  diff(i: number, j: number): [number, number] {
    const d = this.days[j]! - this.days[i]!;
    return [d, d];
  }
  clone(): GrowingDates {
    const c = new GrowingDates();
    for (let i = 0; i < this.keys.length; i++) c.add(this.keys[i]!, this.days[i]!);
    return c;
  }
}

/** The exact day of every date node of an event, or undefined if any is not a single absolute day. */
function exactDays(e: ChronologyEvent): [string, Day][] | undefined {
  const own = eventDateNode(e);
  const nodes = [...(own ? [own] : []), ...innerDateNodes(e)];
  const out: [string, Day][] = [];
  for (const n of nodes) {
    if (n.at.kind !== 'absolute' || n.at.from !== n.at.to || n.also?.length) return undefined;
    out.push([n.key, n.at.from]);
  }
  return out;
}

/** A case header as the loader wants it, validated (throws InvalidChronologyError). */
function checkHeader(header: CaseHeader): CaseHeader & { completeness: 'summary' | 'record' } {
  const data = { ...header, completeness: header.completeness ?? 'record', events: [] };
  const r = chronologyHeader.safeParse(data);
  if (!r.success) {
    throw new InvalidChronologyError(r.error.issues.map((i) => ({ code: i.path[0] === 'asOf' || i.path.includes('born') ? 'bad-date' : 'invalid-field', file: `case ${idText(header.case)}`, path: safePath(i.path), message: i.code === 'unrecognized_keys' ? unknownFields(i.keys) : i.message }) satisfies Issue));
  }
  const completeness = r.data.completeness;
  if (typeof completeness !== 'string') {
    throw new InvalidChronologyError([{ code: 'invalid-field', file: `case ${idText(header.case)}`, path: 'completeness', message: 'a live case is a summary or a full record (completeness summary or record); a coverage window is for imported datasets' }]);
  }
  return { ...header, completeness };
}

interface Built {
  chronology: Chronology;
  engine: ReplayEngine;
  /** The step outcome of each event, by id, when built by a full replay. */
  outcomes?: Map<string, StepOutcome>;
}

class Monitor implements CaseMonitor {
  readonly case: string;
  readonly mode: MonitorMode;
  private readonly header: CaseHeader & { completeness: 'summary' | 'record' };
  private readonly file: string;
  private readonly options: ReplayOptions;
  private readonly enforceable: ReadonlySet<string>;
  /** Events as recorded (raw), in listing order. */
  private raw: Record<string, unknown>[] = [];
  private parsed: ChronologyEvent[] = [];
  private ids = new Set<string>();
  /** Fast path: every date so far an exact day (and no omission). */
  private fast = true;
  private lastDay: Day = Number.NEGATIVE_INFINITY;
  private built: Built;

  constructor(header: CaseHeader, options: MonitorOptions) {
    this.header = checkHeader(header);
    this.case = header.case;
    this.mode = options.mode ?? 'audit';
    this.file = `case ${idText(header.case)}`;
    const config = options.config ?? defaultConfig();
    this.options = replayOptionsOf(config, { timeline: false, ...(options.engine ? { engine: options.engine } : {}) });
    this.enforceable = new Set(config.rules.filter((r) => r.enforceable).map((r) => r.id));
    this.built = this.emptyBuild();
  }

  /** The case with no events yet. */
  private emptyChronology(): Chronology {
    return {
      file: this.file,
      case: this.header.case,
      ...(this.header.title ? { title: this.header.title } : {}),
      completeness: this.header.completeness,
      coverage: this.header.completeness === 'record' ? RECORD : SUMMARY,
      asOf: today(),
      children: this.header.children.map((c) => c.id),
      events: [],
      omissions: [],
      byId: new Map(),
      dates: new GrowingDates(),
    };
  }

  private emptyBuild(): Built {
    const chronology = this.emptyChronology();
    return { chronology, engine: new ReplayEngine(chronology, this.options) };
  }

  /** Replay a whole list from the start (the slow path), keeping each event's step outcome. */
  private rebuild(raw: Record<string, unknown>[]): Built {
    if (!raw.length) return this.emptyBuild();
    const r = loadChronologyData({ ...this.header, events: raw }, this.file);
    if (!r.ok) throw new InvalidChronologyError(r.issues);
    const engine = new ReplayEngine(r.chronology, this.options);
    const outcomes = new Map<string, StepOutcome>();
    for (const e of r.chronology.events) outcomes.set(e.id, engine.step(e));
    return { chronology: r.chronology, engine, outcomes };
  }

  /** The fast path: extend a copy of the chronology by one exact-dated event and step a fork of the engine. */
  private extend(event: DatedEvent, days: [string, Day][]): { built: Built; outcome: StepOutcome } {
    const base = this.built.chronology;
    const dates = (base.dates as GrowingDates).clone();
    for (const [k, d] of days) dates.add(k, d);
    const byId = new Map(base.byId);
    byId.set(event.id, event);
    const chronology: Chronology = { ...base, events: [...base.events, event], byId, dates };
    const engine = this.built.engine.fork(chronology);
    const outcome = engine.step(event);
    return { built: { chronology, engine }, outcome };
  }

  /** Work out what recording `raw` would do, without keeping it. */
  private evaluate(rawEvent: unknown): { outcome: EventOutcome; apply?: () => void } {
    const id = (rawEvent as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && this.ids.has(id)) {
      return { outcome: this.outcomeOf(id, undefined, false, true) };
    }
    const v = validateNextEvent(rawEvent, this.parsed, this.header.children.map((c) => c.id), this.file);
    if (!v.ok) throw new InvalidChronologyError(v.issues);
    const event = v.event;
    const raw = rawEvent as Record<string, unknown>;
    const days = event.type === 'omission' ? undefined : exactDays(event);
    const own = eventDateNode(event);
    const ownDay = own && own.at.kind === 'absolute' && own.at.from === own.at.to && !own.also?.length ? own.at.from : undefined;
    const ordered = event.type !== 'omission' && !event.unordered;
    const inOrder = ownDay !== undefined && (!ordered || ownDay >= this.lastDay);
    // (The fast path also needs every date within the event to be an exact day: `days`.)

    if (this.fast && days && inOrder && event.type !== 'omission') {
      const { built, outcome } = this.extend(event, days);
      return {
        outcome: this.outcomeOf(event.id, { built, step: outcome }, false, false),
        apply: () => {
          this.built = built;
          this.raw.push(raw);
          this.parsed.push(event);
          this.ids.add(event.id);
          if (ordered) this.lastDay = Math.max(this.lastDay, ownDay);
        },
      };
    }

    // Slow path. An exact-dated event before the last one goes where its date puts it.
    const late = ordered && ownDay !== undefined && ownDay < this.lastDay;
    let at = this.raw.length;
    if (late) {
      at = 0;
      const dates = this.built.chronology.dates;
      for (let i = 0; i < this.parsed.length; i++) {
        const e = this.parsed[i]!;
        if (e.type === 'omission' || e.unordered) continue;
        const j = dates.indexOf(e.id);
        if (j !== undefined && dates.earliest(j) <= ownDay) at = i + 1;
      }
    }
    const rawList = [...this.raw.slice(0, at), raw, ...this.raw.slice(at)];
    const parsedList = [...this.parsed.slice(0, at), event, ...this.parsed.slice(at)];
    const built = this.rebuild(rawList);
    const fast = this.fast && !!days && event.type !== 'omission';
    const step = built.outcomes?.get(event.id);
    return {
      outcome: this.outcomeOf(event.id, step ? { built, step } : { built }, late, false),
      apply: () => {
        this.raw = rawList;
        this.parsed = parsedList;
        this.ids.add(event.id);
        this.fast = fast;
        if (fast) {
          // Keep the fast path: rebuild the growing dates from the (all exact) events.
          const dates = new GrowingDates();
          for (const e of parsedList) for (const [k, d] of exactDays(e) ?? []) dates.add(k, d);
          const chronology: Chronology = { ...built.chronology, dates };
          this.built = { chronology, engine: built.engine.fork(chronology) };
        } else this.built = built;
        this.lastDay = lastOrderedDay(this.built.chronology);
      },
    };
  }

  private outcomeOf(id: string, r: { built: Built; step?: StepOutcome } | undefined, late: boolean, duplicate: boolean): EventOutcome {
    const engine = (r?.built ?? this.built).engine;
    const step = r?.step;
    const findings = step ? step.findings.map((i) => structuredClone(engine.finding(i)!)) : [];
    const refusedBy = this.mode === 'enforce' ? findings.filter((f) => this.enforceable.has(f.rule)) : [];
    const refusals: RefusedStep[] = (step?.refusals ?? []).map((x) => {
      const d = x.process.describe(x.state);
      const allowed = x.process.allowedEvents(x.state);
      const type = engine.chronology.byId.get(id)?.type ?? '';
      return {
        process: x.process.id,
        ...(x.child !== undefined ? { child: x.child } : {}),
        state: x.state,
        event: type,
        reason: `${d.label} (${x.process.id}${x.child !== undefined ? `, child ${x.child}` : ''}) does not allow ${type}; it allows ${allowed.length ? allowed.join(', ') : 'nothing further'}.`,
      };
    });
    const byStatus = (s: DeadlineEntry['status'][]) => (step?.deadlines ?? []).filter((d) => s.includes(d.status));
    return {
      event: id,
      allowed: refusedBy.length === 0,
      duplicate,
      late,
      findings,
      refusedBy,
      refusals,
      clocks: {
        started: (step?.started ?? []).map((c) => this.startedEntry(engine, c)),
        met: byStatus(['met', 'met-late']),
        closed: byStatus(['closed', 'overdue']),
      },
      states: engine.states(),
    };
  }

  private startedEntry(engine: ReplayEngine, clock: OpenClock): DeadlineEntry {
    const rule = this.options.rules.find((r) => r.id === clock.rule)!;
    const due = engine.dueOf(clock);
    return engine.entry(rule, clock, 'open', due ? { due } : {});
  }

  check(event: EventInput): EventOutcome {
    return this.evaluate(event).outcome;
  }

  record(event: EventInput): RecordOutcome {
    const { outcome, apply } = this.evaluate(event);
    const recorded = !outcome.duplicate && outcome.allowed && apply !== undefined;
    if (recorded) apply();
    return { ...outcome, recorded };
  }

  /** `asOf` as a day: a date in INPUT_YEARS, else InvalidChronologyError naming the field (never a crash in the calendar). */
  private asOfDay(asOf: string | undefined): Day {
    if (asOf === undefined) return today();
    const d = typeof asOf === 'string' ? parseDay(asOf) : undefined;
    const bad = checkAsOfDay(d, this.file);
    if (bad) throw new InvalidChronologyError([bad]);
    return d!;
  }

  deadlines(asOf?: string): OpenDeadline[] {
    const day = this.asOfDay(asOf);
    const result = this.built.engine.resultAt(day);
    const left = (due: Day) => (due >= day ? england.countWorkingDays(day, due) : -england.countWorkingDays(due, day));
    return result.deadlines
      .filter((d) => (d.status === 'open' || d.status === 'overdue') && d.due && Number.isFinite(d.due.latest))
      .map((d) => ({
        rule: d.rule,
        clock: d.clock,
        label: d.label,
        children: d.children,
        startedBy: d.startedBy,
        due: d.due!,
        workingDaysLeft: { min: left(d.due!.earliest), max: left(d.due!.latest) },
        ...(d.certainty ? { overdue: d.certainty } : {}),
      }))
      .sort((a, b) => a.due.earliest - b.due.earliest || a.rule.localeCompare(b.rule));
  }

  findings(asOf?: string): Finding[] {
    return this.built.engine.resultAt(this.asOfDay(asOf)).findings;
  }

  state(): MachineStates {
    return this.built.engine.states();
  }

  events(): Record<string, unknown>[] {
    return this.raw.map((e) => structuredClone(e));
  }

  snapshot(): MonitorSnapshot {
    const saved = this.built.engine.exportState();
    const procs = this.built.engine.procs;
    // Each machine as an XState persisted snapshot, named by its slot (`child-protection:A`, `plo`).
    const machines: Record<string, unknown> = {};
    for (const [slot, state] of Object.entries(saved.machines)) machines[slot] = persisted(procs.get(slot.split(':')[0] as ProcessId).machine, state);
    return structuredClone({
      format: 'casepath-monitor',
      version: SNAPSHOT_VERSION,
      header: this.header,
      mode: this.mode,
      events: this.raw,
      machines,
      clocks: saved.open,
      started: saved.started,
      concerns: saved.concerns,
      findings: saved.findings,
      deadlines: saved.deadlines,
      fast: this.fast,
    } satisfies MonitorSnapshot);
  }

  /** Take up a snapshot's state (the events are validated again; the machines, clocks and findings are not replayed). */
  restoreFrom(s: MonitorSnapshot): void {
    const children = this.header.children.map((c) => c.id);
    const v = validateEvents(s.events, children, this.file);
    if (!v.ok) throw new InvalidChronologyError(v.issues);
    const parsed = v.events;
    this.raw = s.events.map((e) => structuredClone(e));
    this.parsed = parsed;
    this.ids = new Set(parsed.map((e) => e.id));
    const dated = parsed.filter((e): e is DatedEvent => e.type !== 'omission');
    const exact = parsed.map((e) => (e.type === 'omission' ? undefined : exactDays(e)));
    this.fast = s.fast && exact.every((d) => d !== undefined);
    if (!this.fast) {
      // Vague dates: the snapshot's state cannot be stepped on by one event; replay the events.
      this.built = this.rebuild(this.raw);
      this.lastDay = lastOrderedDay(this.built.chronology);
      return;
    }
    const dates = new GrowingDates();
    for (const d of exact) for (const [k, day] of d!) dates.add(k, day);
    const chronology: Chronology = {
      ...this.emptyChronology(),
      events: dated,
      omissions: parsed.filter((e): e is Omission => e.type === 'omission'),
      byId: new Map(parsed.map((e) => [e.id, e])),
      dates,
    };
    const procs = this.built.engine.procs;
    const machines: Record<string, string> = {};
    for (const p of procs.perChild) for (const child of children) machines[`${p.id}:${child}`] = restored(p.machine, s.machines[`${p.id}:${child}`], `${p.id}:${child}`);
    for (const p of procs.perCase) machines[p.id] = restored(p.machine, s.machines[p.id], p.id);
    // The snapshot format (version 1) carries the engine state's fields under its own names;
    // the timeline is not kept by a monitor, so neither are the findings attached to it.
    const state: EngineState = {
      stepped: dated.length,
      machines,
      concerns: s.concerns as ConcernRecord[],
      open: s.clocks as EngineState['open'],
      started: s.started,
      findings: s.findings,
      deadlines: s.deadlines,
      attached: {},
      timeline: [],
    };
    this.built = { chronology, engine: ReplayEngine.restore(chronology, this.options, state) };
    this.lastDay = lastOrderedDay(chronology);
  }
}

/**
 * The earliest day the last event in listing order can have: an event certainly before
 * it contradicts the listing order, so it is a late entry, placed by its date.
 */
function lastOrderedDay(c: Chronology): Day {
  let last = Number.NEGATIVE_INFINITY;
  for (const e of c.events) {
    if (e.unordered) continue;
    const i = c.dates.indexOf(e.id);
    if (i !== undefined) last = Math.max(last, c.dates.earliest(i));
  }
  return last;
}

/** An XState persisted snapshot of a flat machine in `state`. */
function persisted(machine: AnyStateMachine, state: string): unknown {
  return machine.getPersistedSnapshot(machine.resolveState({ value: state, context: {} }));
}

/** The state of a persisted snapshot, checked against the machine (throws on a state it does not have). */
function restored(machine: AnyStateMachine, snapshot: unknown, what: string): string {
  const value = (snapshot as { value?: unknown } | undefined)?.value;
  if (typeof value !== 'string') throw new Error(`snapshot: no state for ${what}`);
  const s = machine.resolveState({ value, context: {} });
  if (!s.matches(value)) throw new Error(`snapshot: ${what} has no state ${quote(value, 'state')}`);
  return value;
}

/** A monitor for one case, with no events yet. Throws InvalidChronologyError for an invalid header. */
export function createCaseMonitor(header: CaseHeader, options: MonitorOptions = {}): CaseMonitor {
  return new Monitor(header, options);
}

/**
 * A monitor from a snapshot: machines from their XState persisted snapshots, casepath's
 * own open clocks, findings and evidence ledger as saved (nothing replayed unless some
 * date is vague). Restoring and recording the rest equals replaying the whole.
 * `options.mode` overrides the snapshot's mode for events recorded from now on; events
 * already recorded are not judged again.
 */
export function restoreCaseMonitor(snapshot: MonitorSnapshot, options: MonitorOptions = {}): CaseMonitor {
  if (snapshot?.format !== 'casepath-monitor') throw new TypeError('not a casepath monitor snapshot');
  if (snapshot.version !== SNAPSHOT_VERSION) throw new TypeError(`unsupported monitor snapshot version ${String(snapshot.version)} (this casepath reads version ${SNAPSHOT_VERSION})`);
  const m = new Monitor(snapshot.header, { mode: snapshot.mode, ...options });
  m.restoreFrom(snapshot);
  return m;
}

