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
 * costs one step, not a replay of the case, and copies nothing of the case: the event
 * goes on the end of the case's lists (and is taken off again if only checked). That
 * fast path needs exact dates (the normal case in a live system: an event is recorded
 * on the day it happens) and events in date order. A vague or relative date adds its
 * constraints to the solved date network (src/dates/resolve.ts, DateNetwork) and the
 * engine re-steps from the first event whose dates changed, from a checkpoint of its
 * state; an `omission`, or an event dated before the last one recorded (late data entry,
 * normal in case work), solves the dates again and re-steps from where the event goes
 * (from the start, once there is an omission). The result is always that of replaying
 * the whole chronology.
 */
import type { AnyStateMachine } from 'xstate';
import type { ProcessId } from '../engine/processes.js';
import { RECORD, SUMMARY } from '../engine/coverage.js';
import { type Day, parseDay, today } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import { defaultConfig, replayOptionsOf } from '../config.js';
import { type DateNode, DateNetwork, FULL_NETWORK_LIMIT, type ResolvedDates } from '../dates/resolve.js';
import type { WorkingState } from '../engine/state.js';
import { type EngineState, ReplayEngine, type ReplayOptions, type StepOutcome, deadlineEntry } from '../engine/replay.js';
import type { Chronology, ConcernRecord, DeadlineEntry, Finding, MachineStates, OpenClock } from '../engine/types.js';
import { InvalidChronologyError, type Issue } from '../issues.js';
import { idText, quote, safePath, unknownFields } from '../input/quote.js';
import { EventNames, checkAsOfDay, eventDateNode, innerDateNodes, loadChronologyData, validateEvents, validateNextEvent } from '../load.js';
import { chronologyHeader } from '../schema/chronology.js';
import type { ChronologyEvent, DatedEvent, EventInput, Omission } from '../schema/events.js';
import type { CaseHeader, CaseMonitor, EventOutcome, MonitorMode, MonitorOptions, MonitorSnapshot, OpenDeadline, RecordOutcome, RefusedStep } from './types.js';

export type * from './types.js';

const SNAPSHOT_VERSION = 1;

/**
 * Resolved dates that grow by one exact day at a time (the monitor's fast path). The
 * monitor's chronologies share one: an event tried and not kept is taken off the end again.
 */
class GrowingDates implements ResolvedDates {
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly days: Day[] = [];
  readonly exact = true;
  get size(): number {
    return this.keys.length;
  }
  add(key: string, day: Day): void {
    if (!this.index.has(key)) this.index.set(key, this.keys.length);
    this.keys.push(key);
    this.days.push(day);
  }
  /** Back to the first `n` dates. */
  truncate(n: number): void {
    while (this.keys.length > n) {
      const key = this.keys.pop()!;
      this.days.pop();
      if (this.index.get(key) === this.keys.length) this.index.delete(key);
    }
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

/**
 * The monitor keeps the engine's state after each of the last CHECKPOINT_EVERY events, and
 * after every CHECKPOINT_EVERY-th before them, to re-step from when a date changes (a new
 * vague date usually narrows only the last few events' windows). A state is persistent, so
 * each costs what the step after it changed.
 */
const CHECKPOINT_EVERY = 32;

/** Keep `engine`'s state among `checkpoints`, thinning out the older ones. */
function keepCheckpoint(checkpoints: WorkingState[], engine: ReplayEngine): void {
  checkpoints.push(engine.checkpoint());
  const old = checkpoints.length - 1 - CHECKPOINT_EVERY;
  if (old > 0 && checkpoints[old]!.stepped % CHECKPOINT_EVERY !== 0) checkpoints.splice(old, 1);
}

/** A tentative next state of the monitor: what recording an event would make of it. */
interface Next {
  chronology: Chronology;
  engine: ReplayEngine;
  checkpoints: WorkingState[];
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
  /** What the recorded events define (ids, concerns, actions, recommendations), to check the next one against. */
  private names = new EventNames();
  /** Fast path: every date so far an exact day (and no omission). */
  private fast = true;
  private lastDay: Day = Number.NEGATIVE_INFINITY;
  /**
   * The case as recorded. On the fast path its events, ids and dates are lists the monitor
   * appends to (an event checked but not kept is taken off again before `check` returns);
   * each recorded event makes a new chronology object over the same lists, so nothing per
   * chronology (a rule's cache) outlives a change.
   */
  private chronology: Chronology;
  private engine: ReplayEngine;
  /** Engine states to re-step from, in order of events stepped, the first before any (see CHECKPOINT_EVERY). */
  private checkpoints: WorkingState[];
  /** Once some date is vague: the solved date network, grown by each event recorded at the end. */
  private network: DateNetwork | undefined;

  constructor(header: CaseHeader, options: MonitorOptions) {
    this.header = checkHeader(header);
    this.case = header.case;
    this.mode = options.mode ?? 'audit';
    this.file = `case ${idText(header.case)}`;
    const config = options.config ?? defaultConfig();
    this.options = replayOptionsOf(config, { timeline: false, ...(options.engine ? { engine: options.engine } : {}) });
    this.enforceable = new Set(config.rules.filter((r) => r.enforceable).map((r) => r.id));
    this.chronology = this.chronologyOf([], [], new GrowingDates());
    this.engine = new ReplayEngine(this.chronology, this.options);
    this.checkpoints = [this.engine.checkpoint()];
  }

  /** The case with these events and dates. */
  private chronologyOf(events: DatedEvent[], omissions: Omission[], dates: ResolvedDates, byId?: Map<string, ChronologyEvent>): Chronology {
    return {
      file: this.file,
      case: this.header.case,
      ...(this.header.title ? { title: this.header.title } : {}),
      completeness: this.header.completeness,
      coverage: this.header.completeness === 'record' ? RECORD : SUMMARY,
      asOf: today(),
      children: this.header.children.map((c) => c.id),
      events,
      omissions,
      byId: byId ?? new Map<string, ChronologyEvent>([...events, ...omissions].map((e) => [e.id, e])),
      dates,
    };
  }

  /**
   * The dates of `parsed` (in listing order): exact days if every date is one, else the
   * solved network. An invalid network (contradictory dates…) throws the issues the loader
   * gives for the same events.
   */
  private datesOf(parsed: readonly ChronologyEvent[], raw: Record<string, unknown>[]): { dates: ResolvedDates; exact: boolean; network?: DateNetwork } {
    const exact = parsed.map((e) => (e.type === 'omission' ? undefined : exactDays(e)));
    if (exact.every((d) => d !== undefined)) {
      const dates = new GrowingDates();
      for (const d of exact) for (const [k, day] of d!) dates.add(k, day);
      return { dates, exact: true };
    }
    const nodes: DateNode[] = [];
    for (const e of parsed) {
      const n = eventDateNode(e);
      if (n) nodes.push(n);
    }
    for (const e of parsed) innerDateNodes(e, nodes);
    const r = DateNetwork.solve(nodes, this.file);
    if (r.ok) return { dates: r.network.dates, exact: false, network: r.network };
    // The loader words (and redacts) the issues as a whole replay would.
    const loaded = loadChronologyData({ ...this.header, events: raw }, this.file);
    throw new InvalidChronologyError(loaded.ok ? r.issues : loaded.issues);
  }

  /**
   * Step `chronology` on from the last checkpoint at or before its `from`th event (the
   * first whose dates or place differ from what the engine stepped), to its end.
   */
  private restep(chronology: Chronology, from: number): Next & { outcomes: Map<string, StepOutcome> } {
    let c = this.checkpoints.length - 1;
    while (c > 0 && this.checkpoints[c]!.stepped > from) c--;
    const checkpoints = this.checkpoints.slice(0, c + 1);
    const engine = this.engine.forkAt(checkpoints[c]!, chronology);
    const outcomes = new Map<string, StepOutcome>();
    for (let i = engine.stepped; i < chronology.events.length; i++) {
      const e = chronology.events[i]!;
      outcomes.set(e.id, engine.step(e));
      keepCheckpoint(checkpoints, engine);
    }
    return { chronology, engine, checkpoints, outcomes };
  }

  /** The first of `events` (stepped in listing order) whose dates differ between `before` and `after`, or the count if none. */
  private firstChanged(events: readonly DatedEvent[], count: number, before: ResolvedDates, after: ResolvedDates): number {
    const seen: [number, number][] = [];
    // Differences need comparing only where one side has the full network (exact days, or
    // above FULL_NETWORK_LIMIT, give differences from the windows alone).
    const full = (d: ResolvedDates) => !d.exact && d.keys.length <= FULL_NETWORK_LIMIT;
    const pairs = full(before) || full(after);
    for (let p = 0; p < count; p++) {
      const e = events[p]!;
      const keys = [e.id, ...innerDateNodes(e).map((n) => n.key)];
      for (const key of keys) {
        const i = before.indexOf(key);
        const j = after.indexOf(key);
        if (i === undefined || j === undefined) return p;
        if (before.earliest(i) !== after.earliest(j) || before.latest(i) !== after.latest(j)) return p;
        // Rules compare two dates by their difference (a clock's anchor and the event that meets it).
        if (pairs) {
          for (const [a, b] of seen) {
            const x = before.diff(a, i);
            const y = after.diff(b, j);
            if (x[0] !== y[0] || x[1] !== y[1]) return p;
          }
          seen.push([i, j]);
        }
      }
    }
    return count;
  }

  /** Work out what recording `raw` would do, without keeping it. */
  private evaluate(rawEvent: unknown): { outcome: EventOutcome; apply?: () => void } {
    const id = (rawEvent as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && this.ids.has(id)) {
      return { outcome: this.outcomeOf(this.engine, id, undefined, false, true) };
    }
    const children = this.header.children.map((c) => c.id);
    const v = validateNextEvent(rawEvent, this.parsed, children, this.file, this.names);
    if (!v.ok) throw new InvalidChronologyError(v.issues);
    const event = v.event;
    const raw = rawEvent as Record<string, unknown>;
    const days = event.type === 'omission' ? undefined : exactDays(event);
    const own = eventDateNode(event);
    const ownDay = own && own.at.kind === 'absolute' && own.at.from === own.at.to && !own.also?.length ? own.at.from : undefined;
    const ordered = event.type !== 'omission' && !event.unordered;
    const inOrder = ownDay !== undefined && (!ordered || ownDay >= this.lastDay);
    const kept = () => {
      this.ids.add(event.id);
      this.names.add(event);
    };

    if (this.fast && days && inOrder && event.type !== 'omission') {
      // The fast path: append to the case's lists, step a fork of the engine once, and take
      // the event off the lists again (apply puts it back): nothing is copied.
      const base = this.chronology;
      const events = base.events;
      const byId = base.byId as Map<string, ChronologyEvent>;
      const dates = base.dates as GrowingDates;
      const size = dates.size;
      const put = () => {
        events.push(event);
        byId.set(event.id, event);
        for (const [k, d] of days) dates.add(k, d);
      };
      put();
      try {
        const chronology: Chronology = { ...base };
        const engine = this.engine.fork(chronology);
        const outcome = this.outcomeOf(engine, event.id, engine.step(event), false, false);
        return {
          outcome,
          apply: () => {
            put();
            this.chronology = chronology;
            this.engine = engine;
            keepCheckpoint(this.checkpoints, engine);
            this.raw.push(raw);
            this.parsed.push(event);
            kept();
            if (ordered) this.lastDay = Math.max(this.lastDay, ownDay);
          },
        };
      } finally {
        events.pop();
        byId.delete(event.id);
        dates.truncate(size);
      }
    }

    // Slow path: a vague or relative date, an omission, or a late entry. The dates are
    // solved again and the engine re-steps from the first event whose date or place changed.
    // An exact-dated event before the last one goes where its date puts it.
    const late = ordered && ownDay !== undefined && ownDay < this.lastDay;
    let at = this.raw.length;
    if (late) {
      at = 0;
      const dates = this.chronology.dates;
      for (let i = 0; i < this.parsed.length; i++) {
        const e = this.parsed[i]!;
        if (e.type === 'omission' || e.unordered) continue;
        const j = dates.indexOf(e.id);
        if (j !== undefined && dates.earliest(j) <= ownDay) at = i + 1;
      }
    }
    // An omission (or any, once there is one) bears on clocks of any event: the case is
    // stepped again from the start. Else from the first event whose dates changed.
    const anyOmission = event.type === 'omission' || this.chronology.omissions.length > 0;
    let solved: { dates: ResolvedDates; exact: boolean; network?: DateNetwork } | undefined;
    let from: number | undefined;
    if (!late && !anyOmission && this.network) {
      // One more event at the end of a solved network: add its constraints to the solution.
      const add: DateNode[] = [];
      const own = eventDateNode(event);
      if (own) add.push(own);
      innerDateNodes(event, add);
      const position = this.engine.eventIndex().position;
      const n = this.chronology.events.length;
      const grown = this.network.extend(add, (node) => position.get(node.eventId) ?? n);
      if (grown) {
        let first = n;
        for (const i of grown.changed) first = Math.min(first, position.get(grown.network.node(i).eventId) ?? n);
        // As on the fast path, the event goes on the end of the case's lists (taken off again
        // unless kept); the chronology differs only in its dates.
        const base = this.chronology;
        const events = base.events;
        const byId = base.byId as Map<string, ChronologyEvent>;
        const put = () => {
          events.push(event as DatedEvent);
          byId.set(event.id, event);
        };
        put();
        try {
          const next = this.restep({ ...base, dates: grown.network.dates }, first);
          return {
            outcome: this.outcomeOf(next.engine, event.id, next.outcomes.get(event.id), false, false),
            apply: () => {
              put();
              this.raw.push(raw);
              this.parsed.push(event);
              kept();
              this.network = grown.network;
              this.chronology = next.chronology;
              this.engine = next.engine;
              this.checkpoints = next.checkpoints;
              this.lastDay = ordered ? next.chronology.dates.earliest(next.chronology.dates.indexOf(event.id)!) : lastOrderedDay(next.chronology);
            },
          };
        } finally {
          events.pop();
          byId.delete(event.id);
        }
      }
    }
    const rawList = [...this.raw.slice(0, at), raw, ...this.raw.slice(at)];
    const parsedList = [...this.parsed.slice(0, at), event, ...this.parsed.slice(at)];
    const dated = parsedList.filter((e): e is DatedEvent => e.type !== 'omission');
    const omissions = parsedList.filter((e): e is Omission => e.type === 'omission');
    solved ??= this.datesOf(parsedList, rawList);
    const { dates, exact } = solved;
    const chronology = this.chronologyOf(dated, omissions.length === this.chronology.omissions.length ? this.chronology.omissions : omissions, dates);
    const place = anyOmission ? 0 : parsedList.slice(0, at).filter((e) => e.type !== 'omission').length;
    from ??= this.firstChanged(this.chronology.events, place, this.chronology.dates, dates);
    const network = solved.network;
    const next = this.restep(chronology, from);
    const step = next.outcomes.get(event.id);
    return {
      outcome: this.outcomeOf(next.engine, event.id, step, late, false),
      apply: () => {
        this.raw = rawList;
        this.parsed = parsedList;
        kept();
        this.fast = exact;
        this.network = network;
        this.chronology = next.chronology;
        this.engine = next.engine;
        this.checkpoints = next.checkpoints;
        this.lastDay = lastOrderedDay(this.chronology);
      },
    };
  }

  private outcomeOf(engine: ReplayEngine, id: string, step: StepOutcome | undefined, late: boolean, duplicate: boolean): EventOutcome {
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
    return engine.entry(rule, clock, 'open', undefined, due);
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
    const result = this.engine.resultAt(day);
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
    return this.engine.resultAt(this.asOfDay(asOf)).findings;
  }

  state(): MachineStates {
    return this.engine.states();
  }

  events(): Record<string, unknown>[] {
    return this.raw.map((e) => structuredClone(e));
  }

  snapshot(): MonitorSnapshot {
    const saved = this.engine.exportState();
    const procs = this.engine.procs;
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
    this.names = new EventNames();
    for (const e of parsed) this.names.add(e);
    const dated = parsed.filter((e): e is DatedEvent => e.type !== 'omission');
    const omissions = parsed.filter((e): e is Omission => e.type === 'omission');
    const exact = parsed.map((e) => (e.type === 'omission' ? undefined : exactDays(e)));
    this.fast = s.fast && exact.every((d) => d !== undefined);
    if (!this.fast) {
      // Vague dates: the snapshot's state cannot be stepped on by one event; replay the events.
      const { dates, exact: allExact, network } = this.datesOf(parsed, this.raw);
      this.network = network;
      const next = this.restep(this.chronologyOf(dated, omissions, dates), 0);
      this.fast = allExact && !omissions.length;
      this.chronology = next.chronology;
      this.engine = next.engine;
      this.checkpoints = next.checkpoints;
      this.lastDay = lastOrderedDay(this.chronology);
      return;
    }
    const dates = new GrowingDates();
    for (const d of exact) for (const [k, day] of d!) dates.add(k, day);
    const chronology = this.chronologyOf(dated, omissions, dates);
    const procs = this.engine.procs;
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
    this.chronology = chronology;
    this.engine = ReplayEngine.restore(chronology, this.options, state);
    // The state before the first event and the state restored: what a late entry re-steps from.
    this.checkpoints = [this.checkpoints[0]!, this.engine.checkpoint()];
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

