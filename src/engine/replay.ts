/**
 * The replay engine: one pass over a chronology in listing order.
 *
 * For each event, in order:
 * 1. offer it to the machines (one child-protection machine per child, one PLO machine
 *    for the case) without applying it, noting refusals;
 * 2. let every rule that applies check it against the state *before* it (the same
 *    call a live system makes before recording an event);
 * 3. stop, close or start statutory clocks;
 * 4. apply it: machine states, the evidence ledger, the events seen.
 * At the end, clocks still open are judged at `asOf`. Rules only read.
 *
 * Listing order is the order things happened (spec §1), so "the evidence at that
 * date" is simply the ledger at that point of the pass; dates matter only for
 * deadlines, where their vagueness decides certainty.
 */
import type { Day } from '../calendar/day.js';
import { addCalendarMonths, addDuration } from '../calendar/months.js';
import { england, type WorkingCalendar } from '../calendar/working-days.js';
import { citationText } from '../law/citations.js';
import { NATIONAL_KINDS, type TimescaleId, fillTimescales, timescale as timescaleDef, valueOn } from '../law/timescales.js';
import { formatWindow } from '../schema/dates.js';
import { List, type Map as IMap } from 'immutable';
import type { DatedEvent, EventOf, EventType, Omission } from '../schema/events.js';
import { judge } from './clocks.js';
import { EngineHistory, HistoryIndex } from './history.js';
import { beforeCoverage, covers, recorded, statedCompleteness } from './coverage.js';
import { type AppendList, type ExportedState, type OpenEntry, type StateNames, type WorkingState, decodeState, encodeState, initialState, shareState, startedKey } from './state.js';
import { type EngineKind, type Process, type ProcessId, type Processes, processes } from './processes.js';
import type {
  AnyRule,
  CaseState,
  Certainty,
  Chronology,
  ConcernRecord,
  ConcernStatus,
  DeadlineEntry,
  FieldWarning,
  Finding,
  FindingDraft,
  Lookup,
  MachineStates,
  OpenClock,
  ReplayResult,
  RuleContext,
  StepContext,
  TimelineEntry,
  Window,
} from './types.js';
import { mapped } from '../arrays.js';

/** A machine's refusal of an event, handed to the `process-deviation` rule. */
export interface Refusal {
  process: Process;
  child?: string;
  state: string;
}

export interface ReplayOptions {
  /** Judge open clocks at this day instead of the file's `asOf`. */
  asOf?: Day;
  rules: readonly AnyRule[];
  /** Parsed parameters per rule id (defaults applied). */
  params: ReadonlyMap<string, unknown>;
  /** Timescale value overrides by id (already validated). */
  timescales?: ReadonlyMap<TimescaleId, readonly { from?: string; value: number }[]>;
  calendar?: WorkingCalendar;
  engine?: EngineKind;
  /** Collect the timeline (off for bulk replay). Default true. */
  timeline?: boolean;
  /** Count the fields rules need that events leave out, as `warnings` (off for bulk replay, which keeps only counts of findings and clocks). Default true. */
  warnings?: boolean;
}

/** The extra context the engine gives the `process-deviation` rule. */
export interface DeviationContext {
  refusals: readonly Refusal[];
}

export function concernStatusOf(c: ConcernRecord | undefined): ConcernStatus | undefined {
  if (!c) return undefined;
  if (c.assessed?.finding === 'unsubstantiated') return 'refuted';
  if (c.assessed?.finding === 'substantiated') return 'evidenced';
  if (c.basis === 'observed') return 'evidenced';
  return c.basis === undefined ? 'unknown' : 'unverified';
}

/** Children an event concerns: its own list, or every child of the case. */
export function childrenOf(event: { children?: string[] | undefined }, all: readonly string[]): readonly string[] {
  return event.children ?? all;
}

/** What one event did: for a live system checking or recording it. */
export interface StepOutcome {
  event: string;
  /** Machine steps refused (the event was still applied to the machines that allow it). */
  refusals: Refusal[];
  /** Indices into the findings of those the step made or added children to. */
  findings: number[];
  /** Deadline entries the step added (clocks met, met late, closed, or closed late). */
  deadlines: DeadlineEntry[];
  /** Clocks the step started. */
  started: OpenClock[];
}

/** An engine's state as plain data (see {@link ReplayEngine.exportState}). */
export type EngineState = ExportedState;

/**
 * What depends only on the rules and options, not on the case: shared by an engine and
 * every fork of it, and cached per rule list, so a bulk replay does not rebuild it per case.
 */
interface Tables {
  rules: readonly AnyRule[];
  /** What each event type is to the rules (one lookup per event); absent for a type no rule checks, starts a clock on or watches. */
  byType: ReadonlyMap<string, TypeTable>;
  ruleIndex: ReadonlyMap<string, number>;
  /**
   * The fields rules need, by event type, in the order `fieldWarnings` lists them for a case
   * where every rule is assessable; `slot` numbers each (type, rule, field) for its count.
   */
  fieldNeeds: ReadonlyMap<EventType, readonly { rule: string; field: string; slot: number }[]>;
  fieldNeedCount: number;
  /** Rule ids by index (the state's names). */
  ruleIds: readonly string[];
  /** Every rule assessable: shared by the engines of every case whose source is not a coverage window. */
  allAssessable: readonly boolean[];
  /**
   * Per rule index: its clock's label filled, by the values in force of the rule's timescales
   * (a number for a rule with one timescale, the values joined for several; see `entry`).
   */
  labels: readonly Map<number | string | undefined, string>[];
  /** Per machine tables: what each event type is to the machines and to the rules, in one lookup per event (see {@link stepsOf}). */
  steps: WeakMap<MachineTables, ReadonlyMap<string, TypeSteps>>;
}

/** What one event type is to a replay: the machines it is offered to, and the rules' table. */
interface TypeSteps {
  offers: Offers | undefined;
  table: TypeTable | undefined;
}

/** The event types' steps for these rules and machines (built once per pair). */
function stepsOf(tables: Tables, machines: MachineTables): ReadonlyMap<string, TypeSteps> {
  let steps = tables.steps.get(machines);
  if (steps) return steps;
  const m = new Map<string, TypeSteps>();
  for (const [type, offers] of machines.offers) m.set(type, { offers, table: tables.byType.get(type) });
  for (const [type, table] of tables.byType) if (!m.has(type)) m.set(type, { offers: undefined, table });
  tables.steps.set(machines, (steps = m));
  return steps;
}

const NO_RULES: readonly number[] = [];

/** What one event type is to the rules: indices of the rules that check it and that it can start a clock of, and which rules' clocks it can meet or close. */
interface TypeTable {
  checkers: readonly number[];
  starters: readonly number[];
  /** Per rule index: 1 if this type can meet or close the rule's clocks. */
  watchedBy: Uint8Array;
}

const tablesCache = new WeakMap<readonly AnyRule[], Tables>();

function tablesOf(rules: readonly AnyRule[]): Tables {
  let t = tablesCache.get(rules);
  if (t) return t;
  const byType = new Map<string, { checkers: number[]; starters: number[]; watchedBy: Uint8Array }>();
  const of = (type: string) => {
    let t = byType.get(type);
    if (!t) byType.set(type, (t = { checkers: [], starters: [], watchedBy: new Uint8Array(rules.length) }));
    return t;
  };
  rules.forEach((rule, i) => {
    for (const type of rule.appliesTo ?? []) of(type).checkers.push(i);
    const spec = rule.clock;
    if (!spec) return;
    for (const type of [...(spec.meetsOn ?? spec.metBy), ...(spec.closesOn ?? [])]) of(type).watchedBy[i] = 1;
    for (const type of spec.startsOn) of(type).starters.push(i);
  });
  const fieldNeeds = new Map<EventType, { rule: string; field: string; slot: number }[]>();
  let fieldNeedCount = 0;
  for (const rule of rules) {
    for (const [type, fields] of Object.entries(rule.needs?.fields ?? {}) as [EventType, readonly string[]][]) {
      let list = fieldNeeds.get(type);
      if (!list) fieldNeeds.set(type, (list = []));
      for (const field of fields) list.push({ rule: rule.id, field, slot: fieldNeedCount++ });
    }
  }
  t = {
    rules,
    byType,
    ruleIndex: new Map(rules.map((r, i) => [r.id, i])),
    fieldNeeds,
    fieldNeedCount,
    ruleIds: rules.map((r) => r.id),
    allAssessable: rules.map(() => true),
    labels: rules.map(() => new Map<number | string | undefined, string>()),
    steps: new WeakMap(),
  };
  tablesCache.set(rules, t);
  return t;
}

/** Where each event of a chronology stands, and the positions of each type (see history.ts; it follows a growing list's end). */
type EventIndex = HistoryIndex;
// Built per engine (and handed to a fork over the same events list), not cached globally:
// a WeakMap entry per chronology made the garbage collector's work grow with the corpus.

/** The omissions of a chronology by the step they state did not happen. */
function omissionsOf(omissions: readonly Omission[]): ReadonlyMap<string, readonly Omission[]> {
  const byStep = new Map<string, Omission[]>();
  for (const o of omissions) push(byStep, o.step, o);
  return byStep;
}

/** One rule's context, bound to one engine (rules read the engine's state before the event). */
type RuleSlot = {
  rule: AnyRule;
  index: number;
  /** Its `refusals` are the refusals of the event being checked (set before each `check`). */
  ctx: StepContext<unknown> & { refusals: readonly Refusal[] };
};

/** The functions of a rule context that do not depend on the rule (one set per engine). */
type CtxParts = Pick<StepContext<unknown>, 'timescale' | 'deadline' | 'timescaleText' | 'localValue' | 'concernStatus' | 'window' | 'omitted' | 'judge'>;

/** The working state as the engine that owns it holds it: its fields are replaced as it steps. */
type Draft = { -readonly [K in keyof WorkingState]: WorkingState[K] };

// The read-only view rules get of an engine's state. Classes, not object literals with
// getters or per-engine closures: a literal with accessors made V8 build a new hidden class
// per engine, in old space, which then kept every engine's closures alive past the young
// collections (a bulk replay spent a quarter of its time collecting them).

/** Events replayed so far: a prefix of the chronology's dated events. */
class SeenEvents implements Lookup<string, DatedEvent> {
  constructor(private readonly engine: ReplayEngine) {}
  get(id: string): DatedEvent | undefined {
    const i = this.engine.eventIndex().position.get(id);
    return i !== undefined && i < this.engine.stepped ? this.engine.chronology.events[i] : undefined;
  }
  has(id: string): boolean {
    return this.get(id) !== undefined;
  }
  values(): IterableIterator<DatedEvent> {
    return this.engine.chronology.events.slice(0, this.engine.stepped).values();
  }
}

/**
 * Events of a type replayed so far: a prefix of that type's events in the chronology. The
 * array is rebuilt only when the prefix grows (an event of the type was stepped), not per call.
 */
class SeenByType {
  constructor(private readonly engine: ReplayEngine) {}
  get<T extends EventType>(type: T): readonly EventOf<T>[] | undefined {
    const index = this.engine.eventIndex();
    const positions = index.byType.get(type);
    if (!positions) return undefined;
    const n = this.engine.stepped;
    const cache = index.seen;
    const hit = cache.get(type);
    let k = hit && hit.k > 0 && positions[hit.k - 1]! < n ? hit.k : 0;
    while (k < positions.length && positions[k]! < n) k++;
    if (hit && hit.k === k) return hit.events as readonly EventOf<T>[] | undefined;
    const events = k ? positions.slice(0, k).map((i) => this.engine.chronology.events[i]!) : undefined;
    cache.set(type, { k, events });
    return events as readonly EventOf<T>[] | undefined;
  }
}

class StateView implements CaseState {
  readonly seen: SeenEvents;
  readonly seenByType: SeenByType;
  readonly history: EngineHistory;
  constructor(private readonly engine: ReplayEngine) {
    this.seen = new SeenEvents(engine);
    this.seenByType = new SeenByType(engine);
    this.history = new EngineHistory(engine);
  }
  machine(process: ProcessId, child?: string): string {
    return this.engine.machineState(process, child);
  }
  get concerns(): Lookup<string, ConcernRecord> {
    return this.engine.concernLedger;
  }
}

/**
 * The engine behind {@link replayChronology}, one event at a time: `step` each dated
 * event in listing order, then `finish` (or `resultAt`). Its working state is one
 * persistent value ({@link WorkingState}): `fork` shares it and costs nothing, so a live
 * monitor can try an event on a fork and keep or drop it. The chronology may grow between
 * steps (a live monitor appends to it), as long as the events and dates already stepped do
 * not change.
 */
export class ReplayEngine {
  readonly calendar: WorkingCalendar;
  readonly procs: Processes;
  private readonly tables: Tables;
  private readonly wantTimeline: boolean;
  /** The machines of each event type, and where each process's slots are (per set of processes, shared by every engine). */
  private readonly machineTables: MachineTables;
  /** {@link stepsOf} this engine's rules and machines. */
  private readonly steps: ReadonlyMap<string, TypeSteps>;
  /**
   * The machine slots: a slot per (per-child process, child), then one per per-case process.
   * First slot of each per-child process, each child's offset, and each per-case process's slot.
   */
  private readonly childSlotBase: readonly number[];
  private readonly childOffset: ReadonlyMap<string, number>;
  private readonly caseSlot: readonly number[];
  /** The state's names (slot names `process:child`, `process`), built on first export or restore: a bulk replay needs none. */
  private names: StateNames | undefined;
  /** Per rule index: its context, made the first time the rule is called (a case calls few of the rules). */
  private readonly ruleCtx: (RuleSlot | undefined)[];
  private ctxParts: CtxParts | undefined;
  private readonly view: CaseState;
  /**
   * The state: everything up to the last event stepped. This engine alone holds the object;
   * its collections it may share with forks (see {@link fork}), and changes them only
   * through `asMutable()`, which copies what is shared before changing it.
   */
  private s: Draft;
  /** Whether `s.machines` is this engine's own array (false after a fork until the next change copies it). */
  private ownsMachines: boolean;
  /** While stepping or finishing: the state findings and deadlines are written to, and the finding indices the step touched. */
  private d: Draft | undefined;
  private touched: number[] | undefined;
  private stepDeadlines: DeadlineEntry[] | undefined;
  /** Indexes of the chronology's events and omissions, built on first use (the chronology is fixed for an engine). */
  private index: EventIndex | undefined;
  private omissionIndex: ReadonlyMap<string, readonly Omission[]> | undefined;
  /** The key index of a findings list (see `emit`): valid while the list is the one it was built for. */
  private findingKeys: { list: AppendList<Finding>; keys: Map<string, number> } | undefined;
  /** Per rule index: can the source's coverage feed it (see RuleDefinition.needs)? */
  private readonly assessable: readonly boolean[];

  constructor(
    readonly chronology: Chronology,
    readonly options: ReplayOptions,
    from?: { engine: ReplayEngine; state: WorkingState },
  ) {
    if (from) {
      // A fork: everything that does not depend on the state is shared with the original.
      const o = from.engine;
      this.calendar = o.calendar;
      this.procs = o.procs;
      this.tables = o.tables;
      this.wantTimeline = o.wantTimeline;
      this.machineTables = o.machineTables;
      this.steps = o.steps;
      this.childSlotBase = o.childSlotBase;
      this.childOffset = o.childOffset;
      this.caseSlot = o.caseSlot;
      // Named after the original's chronology (its children), not kept as a link to it: no chain of forks stays alive.
      this.names = o.stateNames();
      this.s = { ...from.state };
      this.ownsMachines = false;
      // A fork over the same lists (a live monitor's next chronology object, which shares
      // and extends them) shares their indexes, which follow the lists as they grow.
      if (chronology.events === o.chronology.events) this.index = o.index;
      if (chronology.omissions === o.chronology.omissions) this.omissionIndex = o.omissionIndex;
      this.assessable = o.assessable;
    } else {
      this.calendar = options.calendar ?? england;
      this.procs = processes(options.engine ?? 'compiled');
      this.wantTimeline = options.timeline ?? true;
      this.tables = tablesOf(options.rules);
      this.machineTables = machineTablesOf(this.procs);
      this.steps = stepsOf(this.tables, this.machineTables);
      const initial: string[] = [];
      for (const p of this.procs.perChild) for (let c = 0; c < chronology.children.length; c++) initial.push(p.initial);
      for (const p of this.procs.perCase) initial.push(p.initial);
      const n = chronology.children.length;
      this.childSlotBase = mapped(this.procs.perChild, (_, i) => i * n);
      this.childOffset = new Map(chronology.children.map((c, i) => [c, i]));
      this.caseSlot = mapped(this.procs.perCase, (_, i) => this.procs.perChild.length * n + i);
      this.names = undefined;
      this.s = initialState(initial);
      this.ownsMachines = true;
      // Only a coverage window can leave a rule unassessable (see assessableOn): else one shared list.
      this.assessable = chronology.coverage.kind === 'window' ? mapped(options.rules, (r) => assessableOn(r, chronology)) : this.tables.allAssessable;
    }
    this.view = new StateView(this);
    this.ruleCtx = new Array<RuleSlot | undefined>(this.tables.rules.length);
  }

  /** The event index, built on first use (the chronology is fixed for an engine). */
  eventIndex(): EventIndex {
    return (this.index ??= new HistoryIndex(this.chronology.events)).sync();
  }

  /** The history index of the chronology (the same as {@link eventIndex}; what the rule kit's history view reads). */
  historyIndex(): HistoryIndex {
    return this.eventIndex();
  }

  // Methods, not closures stored per engine: a closure in a field of each engine made V8
  // keep every engine alive past the young collections (BENCHMARKS.md, the engine state).

  /** The value of a timescale in force on `day` (with the local overrides), or undefined before it existed. */
  private timescaleValue(id: TimescaleId, day: Day): number | undefined {
    return valueOn(this.options.timescales?.get(id) ?? timescaleDef(id).values, day);
  }

  /** The first value a timescale ever had (with the local overrides). */
  private firstValue(id: TimescaleId): number | undefined {
    return (this.options.timescales?.get(id) ?? timescaleDef(id).values)[0]?.value;
  }

  /** A timescale's value added to a day, in the timescale's own unit (infinite before the timescale existed). */
  deadline(id: TimescaleId, start: Day): Day {
    const def = timescaleDef(id);
    const n = this.timescaleValue(id, start);
    if (n === undefined) return Number.POSITIVE_INFINITY;
    switch (def.unit) {
      case 'working-days':
        return this.calendar.addWorkingDays(start, n);
      case 'calendar-days':
        return start + n;
      case 'weeks':
        return def.counting === 'beginning-with' ? start + 7 * n - 1 : start + 7 * n;
      case 'months':
        return addCalendarMonths(start, n);
    }
  }

  /** The state's names: rule ids by index, and each machine slot's name (`process:child`, then `process`). */
  private stateNames(): StateNames {
    if (this.names) return this.names;
    const slots: string[] = [];
    for (const p of this.procs.perChild) for (const c of this.chronology.children) slots.push(`${p.id}:${c}`);
    for (const p of this.procs.perCase) slots.push(p.id);
    this.names = { ruleIds: this.tables.ruleIds, ruleIndex: this.tables.ruleIndex, slots, slotIndex: new Map(slots.map((k, i) => [k, i])) };
    return this.names;
  }

  /** Where `process` stands for `child` (or the case), before the event being stepped. */
  machineState(process: ProcessId, child?: string): string {
    // Found through the slot tables, not a slot name built per call (rules ask this per event).
    const where = this.machineTables.where.get(process);
    let slot: number | undefined;
    if (where?.scope === 'case' && child === undefined) slot = this.caseSlot[where.index];
    else if (where?.scope === 'child' && child !== undefined) {
      const c = this.childOffset.get(child);
      if (c !== undefined) slot = this.childSlotBase[where.index]! + c;
    }
    if (slot === undefined) throw new RangeError(`no machine ${process}${child === undefined ? '' : ` for child ${child}`}`);
    return this.s.machines[slot]!;
  }

  /** How many events have been stepped (the events seen). */
  get stepped(): number {
    return this.s.stepped;
  }

  /** The concern ledger before the event being stepped. */
  get concernLedger(): IMap<string, ConcernRecord> {
    return this.s.concerns;
  }

  // One context object per rule, reused for every event (bulk replay is hot). Written as
  // one literal, not a spread of a base object plus extra properties: V8 built that
  // spread-then-extend shape slowly and every rule's property reads paid for it
  // (BENCHMARKS.md: replay alone went from ~110 to ~50 µs per case).
  private slot(index: number): RuleSlot {
    return this.ruleCtx[index] ?? (this.ruleCtx[index] = this.makeSlot(index));
  }

  private makeSlot(index: number): RuleSlot {
    const p = (this.ctxParts ??= this.makeParts());
    const rule = this.tables.rules[index]!;
    const ctx: StepContext<unknown> & { refusals: readonly Refusal[] } = {
      chronology: this.chronology,
      calendar: this.calendar,
      params: this.options.params.get(rule.id),
      timescale: p.timescale,
      timescaleText: p.timescaleText,
      deadline: p.deadline,
      window: p.window,
      omitted: p.omitted,
      judge: p.judge,
      localValue: p.localValue,
      state: this.view,
      concernStatus: p.concernStatus,
      refusals: NO_REFUSALS,
    };
    return { rule, index, ctx };
  }

  /** The functions every rule's context shares, made once per engine. */
  private makeParts(): CtxParts {
    const state = this.view;
    const timescale: RuleContext<unknown>['timescale'] = (id, day) => this.timescaleValue(id, day) ?? Number.NaN;
    const deadline: RuleContext<unknown>['deadline'] = (id, start) => this.deadline(id, start);
    // Worded at `day`, or — for a date range starting before the timescale existed (an
    // undated event spans from the first day casepath reads) — at its first value.
    const timescaleText: RuleContext<unknown>['timescaleText'] = (id, day) => fillTimescales(`{${id}}`, (x) => this.timescaleValue(x, day) ?? this.firstValue(x));
    const localValue: RuleContext<unknown>['localValue'] = (id) => !NATIONAL_KINDS.has(timescaleDef(id).kind) && !this.options.timescales?.has(id);
    const concernStatus: StepContext<unknown>['concernStatus'] = (id) => concernStatusOf(state.concerns.get(id));
    const window = (key: string) => this.windowOf(key);
    const omitted = (step: EventType, forId?: string) => this.omitted(step, forId);
    const judgeFn: RuleContext<unknown>['judge'] = (anchor, end, due) => {
      const dates = this.chronology.dates;
      const a = dates.indexOf(anchor);
      if (a === undefined) throw new Error(`no date for ${anchor}`);
      if ('day' in end) return judge(dates, a, end, due);
      const b = dates.indexOf(end.key);
      if (b === undefined) throw new Error(`no date for ${end.key}`);
      return judge(dates, a, { node: b }, due);
    };
    return { timescale, deadline, timescaleText, localValue, concernStatus, window, omitted, judge: judgeFn };
  }

  /**
   * This engine's state as a value that nothing will change: its collections are marked
   * shared, so this engine (and any fork) copies them before its next change.
   */
  private share(): WorkingState {
    const shared = shareState(this.s);
    this.s = { ...shared };
    this.ownsMachines = false;
    return shared;
  }

  /** Findings so far (in the order they were made). */
  get findings(): readonly Finding[] {
    return (this.d?.findings ?? this.s.findings).toArray();
  }

  /** Finding `i` (an index a step outcome names). */
  finding(i: number): Finding | undefined {
    return (this.d?.findings ?? this.s.findings).get(i);
  }

  /** Where every machine stands now, keyed as a timeline entry's `states`. */
  states(): MachineStates {
    return this.statesOf(this.s.machines);
  }

  private statesOf(machines: readonly string[]): MachineStates {
    const out: Record<string, unknown> = {};
    const children = this.chronology.children;
    this.procs.perChild.forEach((p, pi) => {
      const byChild: Record<string, string> = {};
      const base = this.childSlotBase[pi]!;
      children.forEach((c, ci) => (byChild[c] = machines[base + ci]!));
      out[p.key] = byChild;
    });
    this.procs.perCase.forEach((p, pi) => (out[p.key] = machines[this.caseSlot[pi]!]!));
    return out as unknown as MachineStates;
  }

  /** The earliest day of an event or date node (a window's start, without making the window). */
  private dayOf(key: string): Day {
    const dates = this.chronology.dates;
    const i = dates.indexOf(key);
    if (i === undefined) throw new Error(`no date for ${key}`);
    return dates.earliest(i);
  }

  windowOf(key: string): Window {
    const dates = this.chronology.dates;
    const i = dates.indexOf(key);
    if (i === undefined) throw new Error(`no date for ${key}`);
    return { earliest: dates.earliest(i), latest: dates.latest(i) };
  }

  private omitted(step: EventType, forId?: string): Omission | undefined {
    const list = (this.omissionIndex ??= omissionsOf(this.chronology.omissions)).get(step);
    if (!list) return undefined;
    return list.find((o) => o.for === undefined || forId === undefined || o.for === forId);
  }

  /**
   * What keeps a late verdict from being certain, whatever the dates: a deadline that is only
   * a typical local value (not statute, regulation or statutory guidance) the authority has
   * not set for itself — unless the source says the step never happened, when no value could
   * make it in time; and a clock that started before the window a dataset covers.
   */
  private doubts(clock: OpenClock, anchorDay: Day, never: boolean): { missing: string[]; note: string } {
    const missing: string[] = [];
    let note = '';
    if (clock.due.kind === 'timescale' && !never) {
      const id = clock.due.timescale;
      const def = timescaleDef(id);
      if (!NATIONAL_KINDS.has(def.kind) && !this.options.timescales?.has(id) && this.timescaleValue(id, anchorDay) !== undefined) {
        missing.push(`the authority's own value for the timescale ${id}`);
        note = ` The limit is a typical local value (${fillTimescales(`{${id}}`, (x) => this.timescaleValue(x, anchorDay))}), not national law: set the authority's own to judge it.`;
      }
    }
    const coverage = this.chronology.coverage;
    if (beforeCoverage(coverage, anchorDay) && coverage.kind === 'window') {
      missing.push(`what happened for ${clock.startEvent} before the record begins (${formatWindow(coverage.from, coverage.from)})`);
    }
    return { missing, note };
  }

  /**
   * An omission stating that the steps that would meet this clock had not happened, for its
   * start event or an id it refers to: of any of `steps`, or (`every`) of each of them.
   * Returns the first found.
   */
  private omittedFor(steps: readonly EventType[], clock: OpenClock, proves: 'any' | 'every' = 'any'): Omission | undefined {
    let first: Omission | undefined;
    for (const t of steps) {
      let found: Omission | undefined;
      for (const id of [clock.startEvent, ...(clock.refersTo ?? [])]) {
        found = this.omitted(t, id);
        if (found) break;
      }
      if (found && proves === 'any') return found;
      if (!found && proves === 'every') return undefined;
      first ??= found;
    }
    return first;
  }

  private draft(): Draft {
    if (!this.d) throw new Error('the engine changes its state only while stepping or finishing');
    return this.d;
  }

  /**
   * `citeAt`: the window whose edition of the sources the finding cites (default its own):
   * a clock's finding cites the edition in force when the duty arose, at the clock's start.
   */
  private emit(rule: AnyRule, draft: FindingDraft, citeAt?: Window): number {
    const d = this.draft();
    const at = draft.at ?? this.windowOf(draft.events[0]!);
    // Per-child clocks often yield the same finding for each child: one finding, all the children.
    // Found through a key index of the findings, not a scan of them (a scan per finding made
    // long cases quadratic): the first finding with the same rule, certainty, message, window and events.
    // A short list is scanned (cheaper than building a key); the index is built once it grows.
    let keys: Map<string, number> | undefined;
    let key = '';
    let same: number;
    if (d.findings.size <= SCAN_FINDINGS) {
      const events = draft.events.join();
      same = d.findings.findIndex(
        (f) =>
          f.rule === rule.id &&
          f.certainty === draft.certainty &&
          f.message === draft.message &&
          f.at.earliest === at.earliest &&
          f.at.latest === at.latest &&
          f.events.join() === events,
      );
    } else {
      keys = this.findingKeysOf(d.findings);
      key = findingKey(rule.id, draft.certainty, draft.message, at, draft.events);
      same = keys.get(key) ?? -1;
    }
    let index: number;
    if (same >= 0) {
      const f = d.findings.get(same)!;
      const extra = draft.children.filter((c) => !f.children.includes(c));
      if (extra.length) d.findings = d.findings.asMutable().set(same, { ...f, children: [...f.children, ...extra] });
      index = same;
    } else {
      d.findings = d.findings.asMutable().push({
        rule: rule.id,
        severity: rule.severity,
        certainty: draft.certainty,
        // A copy: merging children into the finding must not change the clock's own list.
        children: [...draft.children],
        events: draft.events,
        at,
        message: draft.message,
        citation: citationText(rule.citation, citeAt ?? at),
        // `missing` says what would settle a possible finding; a certain one needs nothing.
        ...(draft.missing?.length && draft.certainty === 'possible' ? { missing: draft.missing } : {}),
        ...(draft.compliant ? { compliant: draft.compliant } : {}),
      });
      index = d.findings.size - 1;
      keys?.set(key, index);
    }
    if (keys) this.findingKeys = { list: d.findings, keys };
    if (this.touched && !this.touched.includes(index)) this.touched.push(index);
    return index;
  }

  /** The key index of `findings`: kept from the last emit when the list is the same one, else built from it. */
  private findingKeysOf(findings: AppendList<Finding>): Map<string, number> {
    const k = this.findingKeys;
    if (k && k.list === findings) return k.keys;
    const keys = new Map<string, number>();
    let i = 0;
    for (const f of findings) {
      const key = findingKey(f.rule, f.certainty, f.message, f.at, f.events);
      if (!keys.has(key)) keys.set(key, i);
      i++;
    }
    return keys;
  }

  /** A deadline entry for the state being written (and for the step's outcome). */
  private addDeadline(entry: DeadlineEntry): void {
    const d = this.draft();
    d.deadlines = d.deadlines.asMutable().push(entry);
    this.stepDeadlines?.push(entry);
  }

  private attach(eventId: string, index: number): void {
    const d = this.draft();
    const list = d.attached.get(eventId);
    if (!list) d.attached = d.attached.asMutable().set(eventId, List([index]));
    else if (!list.includes(index)) d.attached = d.attached.asMutable().set(eventId, list.push(index));
  }

  private dueFn(clock: OpenClock): (a: Day) => Day {
    const due = clock.due;
    if (due.kind === 'timescale') {
      const plus = due.plusDays ?? 0;
      return (a: Day) => this.deadline(due.timescale, a) + plus;
    }
    if (due.kind === 'fixed') return (a: Day) => a;
    if (due.kind === 'duration') return (a: Day) => addDuration(a, due.iso);
    return () => Number.POSITIVE_INFINITY;
  }

  /**
   * A clock's entry in the deadlines list, its label's timescales filled in as in force when it
   * started. The optional fields are added in one fixed order, each only when given (the keys
   * and their order as a spread of `{ metBy, due, certainty, closedBy }` gave them): no object
   * of extra fields made and spread per entry, which runs for every clock of a bulk replay.
   */
  entry(rule: AnyRule, clock: OpenClock, status: DeadlineEntry['status'], metBy?: string, due?: Window, certainty?: Certainty, closedBy?: string): DeadlineEntry {
    const e: DeadlineEntry = {
      rule: rule.id,
      clock: clock.key,
      label: this.labelOf(rule, clock),
      children: clock.children,
      startedBy: clock.startEvent,
      status,
    };
    if (metBy !== undefined) e.metBy = metBy;
    if (due !== undefined) e.due = due;
    if (certainty !== undefined) e.certainty = certainty;
    if (closedBy !== undefined) e.closedBy = closedBy;
    return e;
  }

  /**
   * A clock's label with its timescales filled as in force at its anchor. A label depends only
   * on its template and those values: filled once per rule and values, kept in the rule's
   * table (keyed by a number for a rule with one timescale: no key string built per entry).
   */
  private labelOf(rule: AnyRule, clock: OpenClock): string {
    const day = this.dayOf(clock.anchor);
    const template = rule.clock!.label;
    const ids = rule.timescales ?? NO_TIMESCALES;
    const i = this.tables.ruleIndex.get(rule.id);
    const valueAt = (id: TimescaleId) => this.timescaleValue(id, day) ?? this.firstValue(id);
    // A rule of another list (a caller's own): filled each time.
    if (i === undefined || this.tables.rules[i] !== rule) return fillTimescales(template, valueAt);
    let key: number | string | undefined;
    if (ids.length === 1) key = this.timescaleValue(ids[0]!, day) ?? this.firstValue(ids[0]!);
    else if (ids.length > 1) key = mapped(ids, (id) => String(valueAt(id))).join('\u0000');
    const cache = this.tables.labels[i]!;
    let label = cache.get(key);
    if (label === undefined) {
      label = fillTimescales(template, valueAt);
      if (cache.size > 1_000) cache.clear();
      cache.set(key, label);
    }
    return label;
  }

  /** The window in which a clock falls due (undefined for a clock with no deadline). */
  dueOf(clock: OpenClock): Window | undefined {
    if (clock.due.kind === 'none') return undefined;
    const anchor = this.chronology.dates.indexOf(clock.anchor)!;
    return judge(this.chronology.dates, anchor, { day: this.chronology.dates.earliest(anchor) }, this.dueFn(clock)).due;
  }

  /**
   * A clock never met, judged at `end` (asOf, or the event that closed it). Late for
   * certain only where the source shows the step had not happened by the deadline: a
   * full record, or an `omission` whose `until` (default asOf) is past the deadline.
   * Returns whether a finding was made.
   */
  private unmet(rc: RuleSlot, clock: OpenClock, end: { day: Day } | { node: number }, closedBy?: string): boolean {
    // A clock closed in time is listed by the caller as `closed`; only a late one is listed here.
    const { chronology } = this;
    const d = this.draft();
    const dates = chronology.dates;
    const spec = rc.rule.clock!;
    const anchor = dates.indexOf(clock.anchor)!;
    const fn = this.dueFn(clock);
    const v = judge(dates, anchor, end, fn);
    let certainty: Certainty | undefined = v.late;
    const omission = this.omittedFor(spec.metBy, clock, spec.omissionProves);
    // Proven not done: the source records these steps in full over the clock's span, or states they did not happen.
    let proven = recorded(chronology.coverage, spec.metBy, { earliest: dates.earliest(anchor), latest: 'day' in end ? end.day : dates.latest(end.node) });
    let never = false;
    if (!proven && omission && certainty) {
      if (!omission.until) proven = never = true;
      else {
        const u = judge(dates, anchor, { node: dates.indexOf(`${omission.id}#until`)! }, fn);
        if (u.late) {
          proven = true;
          certainty = u.late;
        }
      }
    }
    const doubt = this.doubts(clock, dates.earliest(anchor), never);
    if (certainty === 'certain' && (!proven || clock.unsettled || doubt.missing.length)) certainty = 'possible';
    if (certainty) {
      const missing = [...(proven ? [] : [`${spec.metBy.join(' or ')} for ${clock.startEvent}`]), ...(clock.unsettled ? [clock.unsettled] : []), ...doubt.missing];
      const idx = this.emit(rc.rule, {
        certainty,
        children: clock.children,
        events: [clock.startEvent, ...(omission ? [omission.id] : []), ...(closedBy ? [closedBy] : [])],
        at: v.due,
        message: spec.lateMessage(clock, rc.ctx, undefined) + doubt.note,
        ...(missing.length ? { missing } : {}),
      }, this.windowOf(clock.startEvent));
      this.attach(clock.startEvent, idx);
    }
    if (certainty || !closedBy) {
      this.addDeadline(
        this.entry(rc.rule, clock, certainty ? 'overdue' : 'open', undefined, v.due, certainty, closedBy || undefined),
      );
    }
    return certainty !== undefined;
  }

  /** A clock met by `event`: late if the event fell after the deadline. */
  private meet(rc: RuleSlot, clock: OpenClock, event: DatedEvent, readingDoubt?: string): void {
    const { chronology } = this;
    const d = this.draft();
    const dates = chronology.dates;
    const anchor = dates.indexOf(clock.anchor)!;
    const v = judge(dates, anchor, { node: dates.indexOf(event.id)! }, this.dueFn(clock));
    let lateCertainty: Certainty | undefined = v.late;
    if (v.late) {
      const spec = rc.rule.clock!;
      const span = { earliest: dates.earliest(anchor), latest: this.windowOf(event.id).latest };
      const unrecorded =
        spec.earlierUnrecordedMayMeet !== undefined && !recorded(chronology.coverage, [spec.earlierUnrecordedMayMeet], span) && !this.omittedFor([spec.earlierUnrecordedMayMeet], clock);
      const doubt = this.doubts(clock, span.earliest, false);
      if (readingDoubt) doubt.missing.push(readingDoubt);
      const certainty: Certainty = unrecorded || clock.unsettled || doubt.missing.length ? 'possible' : v.late;
      lateCertainty = certainty;
      const missing = [
        ...(v.late === 'possible' ? [`exact dates of ${clock.anchor.replace(/#.*/, '')} and ${event.id}`] : []),
        ...(unrecorded ? [`whether ${spec.earlierUnrecordedMayMeet} came before ${event.id}`] : []),
        ...(clock.unsettled ? [clock.unsettled] : []),
        ...doubt.missing,
      ];
      const idx = this.emit(rc.rule, {
        certainty,
        children: clock.children,
        events: [clock.startEvent, event.id],
        at: this.windowOf(event.id),
        message:
          spec.lateMessage(clock, rc.ctx, event) +
          (v.late === 'possible' ? ' The dates as the source gives them allow this, but do not prove it.' : '') +
          doubt.note,
        ...(missing.length ? { missing } : {}),
      }, this.windowOf(clock.startEvent));
      this.attach(event.id, idx);
    }
    this.addDeadline(
      this.entry(rc.rule, clock, v.late ? 'met-late' : 'met', event.id, v.due, v.late ? lateCertainty : undefined),
    );
  }

  /** Replay one dated event: the next in listing order (the chronology's event at the position stepped so far). */
  step(event: DatedEvent): StepOutcome {
    const outcome: StepOutcome = { event: event.id, refusals: [], findings: [], deadlines: [], started: [] };
    this.advance(event, outcome);
    return outcome;
  }

  /**
   * Step every event not yet stepped, with no outcome collected (what a whole-case replay
   * needs: the same state as calling `step` on each, without the per-event outcome lists).
   */
  stepAll(): void {
    const events = this.chronology.events;
    while (this.s.stepped < events.length) this.advance(events[this.s.stepped]!, undefined);
  }

  /**
   * One step; `out` collects what it did (for `step`), or is left out (for `stepAll`). Plain
   * indexed loops and scratch lists, no per-event allocation on the common path: this runs per
   * event of every case of a bulk replay.
   */
  private advance(event: DatedEvent, out: StepOutcome | undefined): void {
    const { chronology, procs } = this;
    if (chronology.events[this.s.stepped] !== event) {
      throw new Error(`step: ${event.id} is not the next event in listing order (${chronology.events[this.s.stepped]?.id ?? 'none left'})`);
    }
    // The state is changed in place (see `s`): until step 4 it is the state before the event, which rules read.
    const d = this.s;
    this.d = d;
    const children = childrenOf(event, chronology.children);
    this.touched = out?.findings;
    this.stepDeadlines = out?.deadlines;
    // Made on the first refusal when no outcome is collected (most events are refused by no machine).
    let refusals: Refusal[] | undefined = out?.refusals;

    // 1. Offer the event to the machines that handle its type, without applying it.
    // The machine changes, in scratch lists counted by `changes` (not emptied: only the first `changes` are read).
    const nextSlots = SCRATCH.nextSlots;
    const nextStates = SCRATCH.nextStates;
    let changes = 0;
    const steps = this.steps.get(event.type);
    const offers = steps?.offers;
    if (offers) {
      const machines = d.machines;
      const perChild = procs.perChild;
      for (let k = 0; k < offers.perChild.length; k++) {
        const pi = offers.perChild[k]!;
        const p = perChild[pi]!;
        const base = this.childSlotBase[pi]!;
        for (let c = 0; c < children.length; c++) {
          const child = children[c]!;
          const slot = base + this.childOffset.get(child)!;
          const from = machines[slot]!;
          const r = p.step(from, event);
          if (r.allowed) {
            if (r.state !== from) {
              nextSlots[changes] = slot;
              nextStates[changes++] = r.state;
            }
          } else (refusals ??= []).push({ process: p, child, state: from });
        }
      }
      const perCase = procs.perCase;
      for (let k = 0; k < offers.perCase.length; k++) {
        const pi = offers.perCase[k]!;
        const p = perCase[pi]!;
        const slot = this.caseSlot[pi]!;
        const from = machines[slot]!;
        const r = p.step(from, event);
        if (r.allowed) {
          if (r.state !== from) {
            nextSlots[changes] = slot;
            nextStates[changes++] = r.state;
          }
        } else (refusals ??= []).push({ process: p, state: from });
      }
    }

    // 2. Rules check the event against the state before it.
    const table = steps?.table;
    const checking = table?.checkers;
    if (checking) {
      for (let k = 0; k < checking.length; k++) {
        const i = checking[k]!;
        if (!this.assessable[i]) continue;
        const rc = this.slot(i);
        rc.ctx.refusals = refusals ?? NO_REFUSALS;
        const drafts = rc.rule.check!(event, rc.ctx);
        for (let j = 0; j < drafts.length; j++) {
          const draft = drafts[j]!;
          this.attach(draft.events[0]!, this.emit(rc.rule, draft));
        }
      }
    }

    // 3. Clocks: met or closed by this event, then started by it.
    let open = d.open;
    const watchedBy = table?.watchedBy;
    let watched = false;
    if (watchedBy) for (let k = 0; k < open.length && !watched; k++) watched = watchedBy[open[k]!.rule] === 1;
    if (watched) {
      const still: OpenEntry[] = [];
      for (let k = 0; k < open.length; k++) {
        const o = open[k]!;
        if (watchedBy![o.rule] !== 1) {
          still.push(o);
          continue;
        }
        const rc = this.slot(o.rule);
        const { clock } = o;
        const spec = rc.rule.clock!;
        if (spec.closes?.(event, clock, rc.ctx)) {
          const late = spec.lateIfClosedAfterDue && clock.due.kind !== 'none' && this.unmet(rc, clock, { node: chronology.dates.indexOf(event.id)! }, event.id);
          if (!late) this.addDeadline(this.entry(rc.rule, clock, 'closed', undefined, undefined, undefined, event.id));
          continue;
        }
        const met = spec.meets(event, clock, rc.ctx);
        if (met) {
          this.meet(rc, clock, event, met === true ? undefined : met.doubt);
          continue;
        }
        still.push(o);
      }
      if (still.length !== open.length) open = still;
    }
    const starting = table?.starters;
    if (starting?.length) {
      let grown: OpenEntry[] | undefined;
      for (let k = 0; k < starting.length; k++) {
        const i = starting[k]!;
        if (!this.assessable[i]) continue;
        const rc = this.slot(i);
        const starts = rc.rule.clock!.starts(event, rc.ctx);
        for (let j = 0; j < starts.length; j++) {
          const start = starts[j]!;
          const key = startedKey(i, start.key);
          if (start.group !== undefined && hasGroup(grown ?? open, i, start.group)) continue;
          // A key starts once: a clock met or closed is not restarted by a later event.
          const started = d.started.addIfAbsent(key);
          if (!started) continue;
          d.started = started;
          // The rule's start (a new object each call, see ClockSpec.starts) becomes the open
          // clock with the rule's id added after its own keys: the object and key order a
          // spread `{ ...start, rule }` gave (persisted states keep it), without the copy.
          const clock = start as OpenClock;
          (clock as { rule: string }).rule = rc.rule.id;
          out?.started.push(clock);
          if (start.metNow) this.meet(rc, clock, event);
          // Copied with its first new entry, not copied and then pushed to: a copy of an empty list
          // has the elements kind of small integers, and a push of an object to it deoptimised
          // this function once (BENCHMARKS.md, "Fewer deoptimisations").
          else if (grown) grown.push({ rule: i, clock });
          else grown = [...open, { rule: i, clock }];
        }
      }
      if (grown) open = grown;
    }
    d.open = open;

    // 4. Apply.
    if (changes) {
      if (!this.ownsMachines) {
        d.machines = [...d.machines];
        this.ownsMachines = true;
      }
      const machines = d.machines as string[];
      for (let k = 0; k < changes; k++) machines[nextSlots[k]!] = nextStates[k]!;
    }
    d.concerns = applyToLedger(d.concerns, event, chronology.children);
    d.stepped++;

    if (this.wantTimeline) {
      const w = this.windowOf(event.id);
      d.timeline = d.timeline.asMutable().push({
        event: event.id,
        type: event.type,
        window: w,
        dateText: formatWindow(w.earliest, w.latest),
        children: [...children],
        ...(event.cite ? { cite: event.cite } : {}),
        ...(event.note ? { note: event.note } : {}),
        states: this.statesOf(d.machines),
        findings: [],
      });
    }
    this.d = undefined;
    this.touched = undefined;
    this.stepDeadlines = undefined;
  }

  /** The result with the clocks still open judged at `asOf`. The engine itself is unchanged, so it can step on. */
  finish(asOf: Day = this.chronology.asOf): ReplayResult {
    // Judged on a copy of the state, so the engine can step on.
    const d: Draft = { ...this.share() };
    this.d = d;
    for (const { rule, clock } of d.open) {
      const rc = this.slot(rule);
      const spec = rc.rule.clock!;
      const omission = this.omittedFor(spec.metBy, clock, spec.omissionProves);
      if (clock.due.kind === 'none') {
        // A clock with no deadline (an answer owed): open at the end is the finding itself.
        const span = { earliest: this.windowOf(clock.anchor).earliest, latest: asOf };
        const proven = omission !== undefined || recorded(this.chronology.coverage, spec.metBy, span);
        if (!proven && clock.onlyIfStated) {
          this.addDeadline(this.entry(rc.rule, clock, 'open'));
          continue;
        }
        const doubt = this.doubts(clock, span.earliest, omission !== undefined && !omission.until);
        const certainty: Certainty = proven && !clock.unsettled && !doubt.missing.length ? 'certain' : 'possible';
        const missing = [...(proven ? [] : [`${spec.metBy.join(' or ')} for ${clock.startEvent}`]), ...(clock.unsettled ? [clock.unsettled] : []), ...doubt.missing];
        const idx = this.emit(rc.rule, {
          certainty,
          children: clock.children,
          events: [clock.startEvent, ...(omission ? [omission.id] : [])],
          message: spec.lateMessage(clock, rc.ctx, undefined),
          ...(missing.length ? { missing } : {}),
        }, this.windowOf(clock.startEvent));
        this.attach(clock.startEvent, idx);
        this.addDeadline(this.entry(rc.rule, clock, 'open', undefined, undefined, certainty));
        continue;
      }
      this.unmet(rc, clock, { day: asOf });
    }
    d.open = ([]);
    this.d = undefined;
    const attached = d.attached;
    const timeline = this.wantTimeline ? d.timeline.toArray().map((entry) => ({ ...entry, findings: attached.get(entry.event)?.toArray() ?? [] })) : [];
    const { chronology } = this;
    return {
      case: chronology.case,
      ...(chronology.title ? { title: chronology.title } : {}),
      file: chronology.file,
      completeness: statedCompleteness(chronology.coverage),
      coverage: chronology.coverage,
      asOf,
      findings: d.findings.toArray(),
      timeline,
      deadlines: d.deadlines.toArray(),
      processes: mapped(this.procs.all, (p) => p.id),
      notAssessable: mapped(this.tables.rules.filter((_, i) => !this.assessable[i]), (r) => r.id),
      warnings: this.options.warnings === false ? [] : this.assessable.every(Boolean) ? fieldWarningsAll(this.tables, chronology) : fieldWarnings(this.tables.rules.filter((_, i) => this.assessable[i]), chronology),
    };
  }

  /** The result as if finished at `asOf`, leaving this engine able to step on (the same as `finish`). */
  resultAt(asOf: Day): ReplayResult {
    return this.finish(asOf);
  }

  /**
   * An engine that steps on independently from this one's state. The state is shared, not
   * copied (it is persistent), so a fork costs what the fork's own steps change.
   * `chronology` (default: this one) lets a live monitor give the fork a chronology that
   * extends this one.
   */
  fork(chronology: Chronology = this.chronology): ReplayEngine {
    return new ReplayEngine(chronology, this.options, { engine: this, state: this.share() });
  }

  /**
   * The state after the events stepped so far, as a value to come back to: nothing changes
   * it (it is persistent), so a live monitor can keep one every so many events and re-step
   * from there when a later date changes. Costs what the next step copies, not the case.
   */
  checkpoint(): WorkingState {
    return this.share();
  }

  /**
   * An engine at `state` (a {@link checkpoint} of this engine or of one it was forked from),
   * over `chronology`, whose events and dates up to `state.stepped` must be those stepped to
   * reach it; after that they may differ (a late entry, a date narrowed by a new one).
   */
  forkAt(state: WorkingState, chronology: Chronology = this.chronology): ReplayEngine {
    if (state.stepped > chronology.events.length) throw new Error(`forkAt: the state has ${state.stepped} events stepped; the chronology has ${chronology.events.length}`);
    return new ReplayEngine(chronology, this.options, { engine: this, state });
  }

  /** The engine's state as plain data (every field of the working state, through its codec). */
  exportState(): EngineState {
    return encodeState(this.s, this.stateNames());
  }

  /**
   * An engine at the point `saved` was exported, over `chronology`, whose first
   * `saved.stepped` dated events are the events stepped. Throws when the state names a
   * rule, process or child the engine does not have.
   */
  static restore(chronology: Chronology, options: ReplayOptions, saved: EngineState): ReplayEngine {
    const blank = new ReplayEngine(chronology, options);
    const state = decodeState(saved, blank.stateNames());
    if (state.stepped > chronology.events.length) throw new Error(`the state has ${state.stepped} events stepped; the chronology has ${chronology.events.length}`);
    return new ReplayEngine(chronology, options, { engine: blank, state });
  }
}

/** Up to this many findings, `emit` scans them for the one to merge with; beyond, it keeps a key index. */
const SCAN_FINDINGS = 32;

/** What makes two findings one (their children merged): rule, certainty, message, window and events. */
function findingKey(rule: string, certainty: Certainty, message: string, at: Window, events: readonly string[]): string {
  return `${rule}\u0000${certainty}\u0000${at.earliest}\u0000${at.latest}\u0000${events.join()}\u0000${message}`;
}

const NO_TIMESCALES: readonly TimescaleId[] = [];

/** Is a clock of rule `rule` and group `group` open? */
function hasGroup(open: readonly OpenEntry[], rule: number, group: string): boolean {
  for (let k = 0; k < open.length; k++) if (open[k]!.rule === rule && open[k]!.clock.group === group) return true;
  return false;
}

/**
 * A step's working lists of machine changes: one set for every engine, counted afresh by each
 * step (a step runs to its end before another starts; rules only read, they never step an engine).
 */
const SCRATCH = { nextSlots: [] as number[], nextStates: [] as string[] };

const NO_REFUSALS: readonly Refusal[] = [];

/** The machines that handle an event type: indices into `perChild` and into `perCase`, in their order. */
interface Offers {
  perChild: readonly number[];
  perCase: readonly number[];
}

interface MachineTables {
  /** Per event type, the machines it is offered to. */
  offers: ReadonlyMap<EventType, Offers>;
  /** Per process id, its scope and index in `perChild` or `perCase`. */
  where: ReadonlyMap<string, { scope: 'child' | 'case'; index: number }>;
}

const machineTablesCache = new WeakMap<Processes, MachineTables>();

/** The machine tables of a set of processes (built once per set: there is one per engine kind). */
function machineTablesOf(procs: Processes): MachineTables {
  let t = machineTablesCache.get(procs);
  if (t) return t;
  const offers = new Map<EventType, { perChild: number[]; perCase: number[] }>();
  const get = (type: EventType) => {
    let o = offers.get(type);
    if (!o) offers.set(type, (o = { perChild: [], perCase: [] }));
    return o;
  };
  procs.perChild.forEach((p, i) => p.handles.forEach((type) => get(type).perChild.push(i)));
  procs.perCase.forEach((p, i) => p.handles.forEach((type) => get(type).perCase.push(i)));
  const where = new Map<string, { scope: 'child' | 'case'; index: number }>();
  procs.perChild.forEach((p, index) => where.set(p.id, { scope: 'child', index }));
  procs.perCase.forEach((p, index) => where.set(p.id, { scope: 'case', index }));
  t = { offers, where };
  machineTablesCache.set(procs, t);
  return t;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A clock's entry in the deadlines list. */
export function deadlineEntry(rule: AnyRule, clock: OpenClock, status: DeadlineEntry['status'], extra: Partial<DeadlineEntry>): DeadlineEntry {
  return {
    rule: rule.id,
    clock: clock.key,
    label: rule.clock!.label,
    children: clock.children,
    startedBy: clock.startEvent,
    status,
    ...extra,
  };
}

/**
 * Can the chronology's source feed `rule`? Always, unless it is a dataset covering only some
 * event types: then not when the rule needs a type it does not cover, or a field that no event
 * of its type carries.
 */
function assessableOn(rule: AnyRule, chronology: Chronology): boolean {
  const needs = rule.needs;
  if (!needs || chronology.coverage.kind !== 'window') return true;
  if (!covers(chronology.coverage, needs.events)) return false;
  for (const [type, fields] of Object.entries(needs.fields ?? {}) as [EventType, readonly string[]][]) {
    const of = chronology.events.filter((e) => e.type === type);
    if (of.length && fields.some((f) => !of.some((e) => (e as Record<string, unknown>)[f] !== undefined))) return false;
  }
  return true;
}

/** {@link fieldWarnings} of every rule of `tables` (all assessable), from the table built once per rule list. */
function fieldWarningsAll(tables: Tables, chronology: Chronology): FieldWarning[] {
  if (chronology.coverage.kind === 'summary' || !tables.fieldNeedCount) return [];
  const counts = new Array<number>(tables.fieldNeedCount).fill(0);
  for (const e of chronology.events) {
    const list = tables.fieldNeeds.get(e.type);
    if (list) for (const w of list) if ((e as Record<string, unknown>)[w.field] === undefined) counts[w.slot]!++;
  }
  const out: FieldWarning[] = [];
  for (const [type, list] of tables.fieldNeeds) for (const w of list) if (counts[w.slot]) out.push({ rule: w.rule, field: `${type}.${w.field}`, count: counts[w.slot]! });
  return out;
}

/** In a full record (or a coverage), the fields rules need that events lack: one entry per field and rule, counted. */
function fieldWarnings(rules: readonly AnyRule[], chronology: Chronology): FieldWarning[] {
  if (chronology.coverage.kind === 'summary') return [];
  // What each event type must carry, and for which rules: then one pass over the events.
  const wanted = new Map<EventType, { rule: string; field: string; count: number }[]>();
  for (const rule of rules) {
    for (const [type, fields] of Object.entries(rule.needs?.fields ?? {}) as [EventType, readonly string[]][]) {
      let list = wanted.get(type);
      if (!list) wanted.set(type, (list = []));
      for (const field of fields) list.push({ rule: rule.id, field, count: 0 });
    }
  }
  if (!wanted.size) return [];
  for (const e of chronology.events) {
    const list = wanted.get(e.type);
    if (list) for (const w of list) if ((e as Record<string, unknown>)[w.field] === undefined) w.count++;
  }
  const out: FieldWarning[] = [];
  for (const [type, list] of wanted) for (const w of list) if (w.count) out.push({ rule: w.rule, field: `${type}.${w.field}`, count: w.count });
  return out;
}

export function replayChronology(chronology: Chronology, options: ReplayOptions): ReplayResult {
  const engine = new ReplayEngine(chronology, options);
  engine.stepAll();
  return engine.finish(options.asOf ?? chronology.asOf);
}

/** The evidence ledger after `event`: concerns raised, and what assessments found. */
/**
 * A concern's record with its latest assessment: the keys and their order `{ ...c, assessed }`
 * gave, built field by field (a spread of records of several shapes, as kind and basis are
 * stated or not, was about 1% of a bulk replay).
 */
function assessedAs(c: ConcernRecord, assessed: NonNullable<ConcernRecord['assessed']>): ConcernRecord {
  const r: { -readonly [K in keyof ConcernRecord]: ConcernRecord[K] } = { id: c.id } as ConcernRecord;
  if (c.kind !== undefined) r.kind = c.kind;
  if (c.basis !== undefined) r.basis = c.basis;
  r.children = c.children;
  r.raisedBy = c.raisedBy;
  r.assessed = assessed;
  return r;
}

function applyToLedger(concerns: IMap<string, ConcernRecord>, event: DatedEvent, all: readonly string[]): IMap<string, ConcernRecord> {
  switch (event.type) {
    case 'concern.raised':
      return concerns.asMutable().set(event.concern, {
        id: event.concern,
        ...(event.kind !== undefined ? { kind: event.kind } : {}),
        ...(event.basis !== undefined ? { basis: event.basis } : {}),
        children: [...childrenOf(event, all)],
        raisedBy: event.id,
      });
    case 'concern.assessed': {
      // An assessment whose finding the source does not give changes nothing known.
      if (event.finding === undefined) return concerns;
      const c = concerns.get(event.concern);
      return c ? concerns.asMutable().set(event.concern, assessedAs(c, { finding: event.finding, by: event.id })) : concerns;
    }
    case 'assessment.completed': {
      let out = concerns;
      for (const f of event.findings ?? []) {
        const c = out.get(f.concern);
        if (c) out = out.asMutable().set(f.concern, assessedAs(c, { finding: f.finding, by: event.id }));
      }
      return out;
    }
    default:
      return concerns;
  }
}
