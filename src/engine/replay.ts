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
import { timescale as timescaleDef, valueOn } from '../law/timescales.js';
import { formatWindow } from '../schema/dates.js';
import type { DatedEvent, EventType, Omission } from '../schema/events.js';
import { judge } from './clocks.js';
import { type EngineKind, type Process, type Processes, processes } from './processes.js';
import type {
  AnyRule,
  CaseState,
  Certainty,
  Chronology,
  ConcernRecord,
  ConcernStatus,
  DeadlineEntry,
  Finding,
  FindingDraft,
  MachineStates,
  OpenClock,
  ReplayResult,
  RuleContext,
  StepContext,
  TimelineEntry,
  Window,
} from './types.js';

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
  timescales?: ReadonlyMap<string, readonly { from?: string; value: number }[]>;
  calendar?: WorkingCalendar;
  engine?: EngineKind;
  /** Collect the timeline (off for bulk replay). Default true. */
  timeline?: boolean;
}

/** The extra context the engine gives the `process-deviation` rule. */
export interface DeviationContext {
  refusals: readonly Refusal[];
}

class MutableState implements CaseState {
  /** Per-child machine states, by process id. */
  readonly perChild = new Map<string, Map<string, string>>();
  /** Per-case machine states, by process id. */
  readonly perCase = new Map<string, string>();
  concerns = new Map<string, ConcernRecord>();
  seen = new Map<string, DatedEvent>();
  seenByType = new Map<EventType, DatedEvent[]>();
  constructor(children: readonly string[], procs: Processes) {
    for (const p of procs.perChild) this.perChild.set(p.id, new Map(children.map((c) => [c, p.initial])));
    for (const p of procs.perCase) this.perCase.set(p.id, p.initial);
  }
  get cp(): ReadonlyMap<string, string> {
    return this.perChild.get('child-protection')!;
  }
  get lac(): ReadonlyMap<string, string> {
    return this.perChild.get('looked-after')!;
  }
  get plo(): string {
    return this.perCase.get('plo')!;
  }
  get complaints(): string {
    return this.perCase.get('complaints')!;
  }
  /** A copy whose maps and concern records can change without touching this one (events are shared). */
  clone(): MutableState {
    const copy = Object.create(MutableState.prototype) as MutableState;
    (copy as { perChild: Map<string, Map<string, string>> }).perChild = new Map([...this.perChild].map(([k, v]) => [k, new Map(v)]));
    (copy as { perCase: Map<string, string> }).perCase = new Map(this.perCase);
    copy.concerns = new Map([...this.concerns].map(([k, c]) => [k, { ...c }]));
    copy.seen = new Map(this.seen);
    copy.seenByType = new Map([...this.seenByType].map(([k, v]) => [k, [...v]]));
    return copy;
  }
  snapshot(): MachineStates {
    return {
      childProtection: Object.fromEntries(this.cp),
      lookedAfter: Object.fromEntries(this.lac),
      plo: this.plo,
      complaints: this.complaints,
    };
  }
}

export function concernStatusOf(c: ConcernRecord | undefined): ConcernStatus | undefined {
  if (!c) return undefined;
  if (c.assessed?.finding === 'unsubstantiated') return 'refuted';
  if (c.assessed?.finding === 'substantiated') return 'evidenced';
  if (c.basis === 'observed') return 'evidenced';
  return 'unverified';
}

/** Children an event concerns: its own list, or every child of the case. */
export function childrenOf(event: { children?: string[] | undefined }, all: readonly string[]): readonly string[] {
  return event.children ?? all;
}

type RuleSlot = {
  rule: AnyRule;
  ctx: StepContext<unknown> & DeviationContext;
  refusals: Refusal[];
  /** Keys of the clocks this rule has started (a key starts once). */
  started: Set<string>;
};

type OpenEntry = { rc: RuleSlot; clock: OpenClock };

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

/** An engine's state, as plain data (see {@link ReplayEngine.exportState}). */
export interface EngineState {
  machines: { perChild: Record<string, Record<string, string>>; perCase: Record<string, string> };
  concerns: ConcernRecord[];
  /** Open clocks: rule id and clock. */
  open: { rule: string; clock: OpenClock }[];
  /** Clock keys started, per rule id. */
  started: Record<string, string[]>;
  findings: Finding[];
  deadlines: DeadlineEntry[];
}

/**
 * The engine behind {@link replayChronology}, one event at a time: `step` each dated
 * event in listing order, then `finish` (or `resultAt`, which leaves the engine as it
 * was, so a live monitor can go on stepping). `fork` copies it, so an event can be
 * tried without changing anything. The chronology may grow between steps (a live
 * monitor appends to it), as long as the dates of events already stepped do not change.
 */
export class ReplayEngine {
  readonly calendar: WorkingCalendar;
  readonly procs: Processes;
  private readonly wantTimeline: boolean;
  private readonly omissionsByStep = new Map<string, Omission[]>();
  private readonly timescaleValue: (id: string, day: Day) => number | undefined;
  readonly deadline: (id: string, start: Day) => Day;
  private readonly ruleCtx: RuleSlot[];
  private readonly checkers = new Map<EventType, RuleSlot[]>();
  private readonly starters = new Map<EventType, RuleSlot[]>();
  private readonly watchers = new Map<string, Set<string>>();
  state: MutableState;
  findings: Finding[] = [];
  timeline: TimelineEntry[] = [];
  deadlines: DeadlineEntry[] = [];
  private open: OpenEntry[] = [];
  private attached = new Map<string, number[]>();
  /** While stepping: the finding indices and deadline entries the current step touched. */
  private touched: number[] | undefined;

  constructor(
    readonly chronology: Chronology,
    readonly options: ReplayOptions,
  ) {
    this.calendar = options.calendar ?? england;
    this.procs = processes(options.engine ?? 'compiled');
    this.wantTimeline = options.timeline ?? true;
    const overrides = options.timescales;
    this.timescaleValue = (id, day) => valueOn(overrides?.get(id) ?? timescaleDef(id).values, day);
    const calendar = this.calendar;
    const timescaleValue = this.timescaleValue;
    this.deadline = (id, start) => {
      const def = timescaleDef(id);
      const n = timescaleValue(id, start);
      if (n === undefined) return Number.POSITIVE_INFINITY;
      switch (def.unit) {
        case 'working-days':
          return calendar.addWorkingDays(start, n);
        case 'calendar-days':
          return start + n;
        case 'weeks':
          return def.counting === 'beginning-with' ? start + 7 * n - 1 : start + 7 * n;
        case 'months':
          return addCalendarMonths(start, n);
      }
    };
    for (const o of chronology.omissions) this.addOmission(o);
    this.state = new MutableState(chronology.children, this.procs);
    this.ruleCtx = this.makeSlots();
    for (const rc of this.ruleCtx) {
      for (const t of rc.rule.appliesTo ?? []) push(this.checkers, t, rc);
      const spec = rc.rule.clock;
      if (!spec) continue;
      // Clock rules indexed by the event types that start, meet or close their clocks.
      for (const t of spec.startsOn) push(this.starters, t, rc);
      this.watchers.set(rc.rule.id, new Set<string>([...(spec.meetsOn ?? spec.metBy), ...(spec.closesOn ?? [])]));
    }
  }

  /** The omissions a clock reads (an omission speaks for the whole file, whatever its position). */
  addOmission(o: Omission): void {
    push(this.omissionsByStep, o.step, o);
  }

  // One context object per rule, reused for every event (bulk replay is hot). Written as
  // one literal, not a spread of a base object plus extra properties: V8 built that
  // spread-then-extend shape slowly and every rule's property reads paid for it
  // (BENCHMARKS.md: replay alone went from ~110 to ~50 µs per case).
  private makeSlots(from?: readonly RuleSlot[]): RuleSlot[] {
    const state = this.state;
    const timescaleValue = this.timescaleValue;
    const timescale: RuleContext<unknown>['timescale'] = (id, day) => timescaleValue(id, day) ?? Number.NaN;
    const concernStatus: StepContext<unknown>['concernStatus'] = (id) => concernStatusOf(state.concerns.get(id));
    const window = (key: string) => this.windowOf(key);
    const omitted = (step: EventType, forId?: string) => this.omitted(step, forId);
    return this.options.rules.map((rule, i) => {
      const refusals: Refusal[] = [];
      const ctx: StepContext<unknown> & DeviationContext = {
        chronology: this.chronology,
        calendar: this.calendar,
        params: this.options.params.get(rule.id),
        timescale,
        deadline: this.deadline,
        window,
        omitted,
        state,
        concernStatus,
        refusals,
      };
      return { rule, ctx, refusals, started: new Set<string>(from?.[i]?.started) };
    });
  }

  windowOf(key: string): Window {
    const dates = this.chronology.dates;
    const i = dates.indexOf(key);
    if (i === undefined) throw new Error(`no date for ${key}`);
    return { earliest: dates.earliest(i), latest: dates.latest(i) };
  }

  private omitted(step: EventType, forId?: string): Omission | undefined {
    const list = this.omissionsByStep.get(step);
    if (!list) return undefined;
    return list.find((o) => o.for === undefined || forId === undefined || o.for === forId);
  }

  private emit(rule: AnyRule, draft: FindingDraft): number {
    const findings = this.findings;
    const at = draft.at ?? this.windowOf(draft.events[0]!);
    // Per-child clocks often yield the same finding for each child: one finding, all the children.
    const same = findings.findIndex(
      (f) =>
        f.rule === rule.id &&
        f.certainty === draft.certainty &&
        f.message === draft.message &&
        f.at.earliest === at.earliest &&
        f.at.latest === at.latest &&
        f.events.join() === draft.events.join(),
    );
    let index: number;
    if (same >= 0) {
      const f = findings[same]!;
      for (const c of draft.children) if (!f.children.includes(c)) f.children.push(c);
      index = same;
    } else {
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        certainty: draft.certainty,
        // A copy: merging children into the finding must not change the clock's own list.
        children: [...draft.children],
        events: draft.events,
        at,
        message: draft.message,
        citation: citationText(rule.citation),
        // `missing` says what would settle a possible finding; a certain one needs nothing.
        ...(draft.missing?.length && draft.certainty === 'possible' ? { missing: draft.missing } : {}),
        ...(draft.compliant ? { compliant: draft.compliant } : {}),
      });
      index = findings.length - 1;
    }
    if (this.touched && !this.touched.includes(index)) this.touched.push(index);
    return index;
  }

  private attach(eventId: string, index: number): void {
    const list = this.attached.get(eventId);
    if (list) {
      if (!list.includes(index)) list.push(index);
    } else this.attached.set(eventId, [index]);
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
    const dates = chronology.dates;
    const spec = rc.rule.clock!;
    const anchor = dates.indexOf(clock.anchor)!;
    const fn = this.dueFn(clock);
    const v = judge(dates, anchor, end, fn);
    let certainty: Certainty | undefined = v.late;
    const omission = spec.metBy.map((t) => this.omitted(t, clock.startEvent)).find((o) => o !== undefined);
    let proven = chronology.completeness === 'record';
    if (!proven && omission && certainty) {
      if (!omission.until) proven = true;
      else {
        const u = judge(dates, anchor, { node: dates.indexOf(`${omission.id}#until`)! }, fn);
        if (u.late) {
          proven = true;
          certainty = u.late;
        }
      }
    }
    if (certainty === 'certain' && (!proven || clock.unsettled)) certainty = 'possible';
    if (certainty) {
      const missing = [...(proven ? [] : [`${spec.metBy.join(' or ')} for ${clock.startEvent}`]), ...(clock.unsettled ? [clock.unsettled] : [])];
      const idx = this.emit(rc.rule, {
        certainty,
        children: clock.children,
        events: [clock.startEvent, ...(omission ? [omission.id] : []), ...(closedBy ? [closedBy] : [])],
        at: v.due,
        message: spec.lateMessage(clock, rc.ctx, undefined),
        ...(missing.length ? { missing } : {}),
      });
      this.attach(clock.startEvent, idx);
    }
    if (certainty || !closedBy) {
      this.deadlines.push(
        deadlineEntry(rc.rule, clock, certainty ? 'overdue' : 'open', {
          due: v.due,
          ...(certainty ? { certainty } : {}),
          ...(closedBy ? { closedBy } : {}),
        }),
      );
    }
    return certainty !== undefined;
  }

  /** A clock met by `event`: late if the event fell after the deadline. */
  private meet(rc: RuleSlot, clock: OpenClock, event: DatedEvent): void {
    const { chronology } = this;
    const dates = chronology.dates;
    const v = judge(dates, dates.indexOf(clock.anchor)!, { node: dates.indexOf(event.id)! }, this.dueFn(clock));
    let lateCertainty: Certainty | undefined = v.late;
    if (v.late) {
      const spec = rc.rule.clock!;
      const unrecorded = spec.earlierUnrecordedMayMeet && chronology.completeness === 'summary' && !this.omitted(spec.earlierUnrecordedMayMeet, clock.startEvent);
      const certainty: Certainty = unrecorded || clock.unsettled ? 'possible' : v.late;
      lateCertainty = certainty;
      const missing = [
        ...(v.late === 'possible' ? [`exact dates of ${clock.anchor.replace(/#.*/, '')} and ${event.id}`] : []),
        ...(unrecorded ? [`whether ${spec.earlierUnrecordedMayMeet} came before ${event.id}`] : []),
        ...(clock.unsettled ? [clock.unsettled] : []),
      ];
      const idx = this.emit(rc.rule, {
        certainty,
        children: clock.children,
        events: [clock.startEvent, event.id],
        at: this.windowOf(event.id),
        message:
          spec.lateMessage(clock, rc.ctx, event) +
          (v.late === 'possible' ? ' The dates as the source gives them allow this, but do not prove it.' : ''),
        ...(missing.length ? { missing } : {}),
      });
      this.attach(event.id, idx);
    }
    this.deadlines.push(
      deadlineEntry(rc.rule, clock, v.late ? 'met-late' : 'met', {
        metBy: event.id,
        due: v.due,
        ...(v.late ? { certainty: lateCertainty } : {}),
      }),
    );
  }

  /** Replay one dated event (the next in listing order). */
  step(event: DatedEvent): StepOutcome {
    const { chronology, state, procs } = this;
    const children = childrenOf(event, chronology.children);
    const touched: number[] = [];
    this.touched = touched;
    const deadlinesBefore = this.deadlines.length;
    const started: OpenClock[] = [];

    // 1. Offer the event to the machines, without applying it.
    const nextChild: [Map<string, string>, string, string][] = [];
    const nextCase: [string, string][] = [];
    const refusals: Refusal[] = [];
    for (const p of procs.perChild) {
      if (!p.handles.has(event.type)) continue;
      const states = state.perChild.get(p.id)!;
      for (const child of children) {
        const from = states.get(child)!;
        const r = p.step(from, event);
        if (r.allowed) nextChild.push([states, child, r.state]);
        else refusals.push({ process: p, child, state: from });
      }
    }
    for (const p of procs.perCase) {
      if (!p.handles.has(event.type)) continue;
      const from = state.perCase.get(p.id)!;
      const r = p.step(from, event);
      if (r.allowed) nextCase.push([p.id, r.state]);
      else refusals.push({ process: p, state: from });
    }

    // 2. Rules check the event against the state before it.
    for (const rc of this.checkers.get(event.type) ?? []) {
      rc.refusals.length = 0;
      if (refusals.length) rc.refusals.push(...refusals);
      for (const draft of rc.rule.check!(event, rc.ctx)) this.attach(draft.events[0]!, this.emit(rc.rule, draft));
    }

    // 3. Clocks: met or closed by this event, then started by it.
    const open = this.open;
    for (let i = 0; i < open.length; i++) {
      const { rc, clock } = open[i]!;
      if (!this.watchers.get(rc.rule.id)!.has(event.type)) continue;
      const spec = rc.rule.clock!;
      if (spec.closes?.(event, clock, rc.ctx)) {
        open.splice(i--, 1);
        const late = spec.lateIfClosedAfterDue && clock.due.kind !== 'none' && this.unmet(rc, clock, { node: chronology.dates.indexOf(event.id)! }, event.id);
        if (!late) this.deadlines.push(deadlineEntry(rc.rule, clock, 'closed', { closedBy: event.id }));
        continue;
      }
      if (spec.meets(event, clock, rc.ctx)) {
        open.splice(i--, 1);
        this.meet(rc, clock, event);
      }
    }
    for (const rc of this.starters.get(event.type) ?? []) {
      for (const start of rc.rule.clock!.starts(event, rc.ctx)) {
        // A key starts once: a clock met or closed is not restarted by a later event.
        if (rc.started.has(start.key)) continue;
        if (start.group !== undefined && open.some((o) => o.rc === rc && o.clock.group === start.group)) continue;
        rc.started.add(start.key);
        const clock: OpenClock = { ...start, rule: rc.rule.id };
        started.push(clock);
        if (start.metNow) this.meet(rc, clock, event);
        else open.push({ rc, clock });
      }
    }

    // 4. Apply.
    for (const [states, child, s] of nextChild) states.set(child, s);
    for (const [id, s] of nextCase) state.perCase.set(id, s);
    applyToLedger(state, event, chronology.children);
    state.seen.set(event.id, event);
    const byType = state.seenByType.get(event.type);
    if (byType) byType.push(event);
    else state.seenByType.set(event.type, [event]);

    if (this.wantTimeline) {
      const w = this.windowOf(event.id);
      this.timeline.push({
        event: event.id,
        type: event.type,
        window: w,
        dateText: formatWindow(w.earliest, w.latest),
        children: [...children],
        ...(event.cite ? { cite: event.cite } : {}),
        ...(event.note ? { note: event.note } : {}),
        states: state.snapshot(),
        findings: [],
      });
    }
    this.touched = undefined;
    return { event: event.id, refusals, findings: touched, deadlines: this.deadlines.slice(deadlinesBefore), started };
  }

  /** Judge the clocks still open at `asOf` and return the result. The engine is spent afterwards (use `resultAt` to go on). */
  finish(asOf: Day = this.chronology.asOf): ReplayResult {
    for (const { rc, clock } of this.open) {
      const spec = rc.rule.clock!;
      const omission = spec.metBy.map((t) => this.omitted(t, clock.startEvent)).find((o) => o !== undefined);
      if (clock.due.kind === 'none') {
        // A clock with no deadline (an answer owed): open at the end is the finding itself.
        const proven = omission !== undefined || this.chronology.completeness === 'record';
        const certainty: Certainty = proven && !clock.unsettled ? 'certain' : 'possible';
        const missing = [...(proven ? [] : [`${spec.metBy.join(' or ')} for ${clock.startEvent}`]), ...(clock.unsettled ? [clock.unsettled] : [])];
        const idx = this.emit(rc.rule, {
          certainty,
          children: clock.children,
          events: [clock.startEvent, ...(omission ? [omission.id] : [])],
          message: spec.lateMessage(clock, rc.ctx, undefined),
          ...(missing.length ? { missing } : {}),
        });
        this.attach(clock.startEvent, idx);
        this.deadlines.push(deadlineEntry(rc.rule, clock, 'open', { certainty }));
        continue;
      }
      this.unmet(rc, clock, { day: asOf });
    }
    this.open = [];
    if (this.wantTimeline) {
      for (const entry of this.timeline) entry.findings = this.attached.get(entry.event) ?? [];
    }
    const { chronology } = this;
    return {
      case: chronology.case,
      ...(chronology.title ? { title: chronology.title } : {}),
      file: chronology.file,
      completeness: chronology.completeness,
      asOf,
      findings: this.findings,
      timeline: this.timeline,
      deadlines: this.deadlines,
      processes: [...this.procs.perChild, ...this.procs.perCase].map((p) => p.id),
    };
  }

  /** The result as if finished at `asOf`, leaving this engine able to step on. */
  resultAt(asOf: Day): ReplayResult {
    return this.fork().finish(asOf);
  }

  /**
   * A copy that steps on independently: machine states, evidence ledger, open clocks,
   * findings and deadlines are copied; events (immutable) are shared. `chronology`
   * (default: this one) lets a live monitor give the copy a chronology it may extend.
   */
  fork(chronology: Chronology = this.chronology): ReplayEngine {
    const copy = Object.create(ReplayEngine.prototype) as ReplayEngine;
    const w = copy as unknown as Record<string, unknown>;
    Object.assign(w, this);
    w['chronology'] = chronology;
    copy.state = this.state.clone();
    copy.findings = this.findings.map((f) => ({ ...f, children: [...f.children] }));
    copy.deadlines = [...this.deadlines];
    copy.timeline = this.timeline.map((t) => ({ ...t }));
    copy.attached = new Map([...this.attached].map(([k, v]) => [k, [...v]]));
    w['omissionsByStep'] = new Map([...this.omissionsByStep].map(([k, v]) => [k, [...v]]));
    w['touched'] = undefined;
    const slots = copy.makeSlots(this.ruleCtx);
    w['ruleCtx'] = slots;
    const bySlot = new Map(this.ruleCtx.map((rc, i) => [rc, slots[i]!]));
    const remap = (m: Map<EventType, RuleSlot[]>) => new Map([...m].map(([k, v]) => [k, v.map((rc) => bySlot.get(rc)!)]));
    w['checkers'] = remap(this.checkers);
    w['starters'] = remap(this.starters);
    w['open'] = this.open.map((o) => ({ rc: bySlot.get(o.rc)!, clock: o.clock }));
    return copy;
  }

  /** The engine's state as plain data (machine states, ledger, open clocks, findings). */
  exportState(): EngineState {
    const perChild: Record<string, Record<string, string>> = {};
    for (const [id, m] of this.state.perChild) perChild[id] = Object.fromEntries(m);
    return {
      machines: { perChild, perCase: Object.fromEntries(this.state.perCase) },
      concerns: [...this.state.concerns.values()].map((c) => ({ ...c, children: [...c.children] })),
      open: this.open.map((o) => ({ rule: o.rc.rule.id, clock: o.clock })),
      started: Object.fromEntries(this.ruleCtx.map((rc) => [rc.rule.id, [...rc.started]])),
      findings: this.findings.map((f) => ({ ...f, children: [...f.children] })),
      deadlines: [...this.deadlines],
    };
  }

  /**
   * An engine at the point `state` was exported, over `chronology` (whose events up to
   * that point are taken as stepped: they fill the events-seen lists the rules read).
   * Throws when the state names a rule, process or child the engine does not have.
   */
  static restore(chronology: Chronology, options: ReplayOptions, saved: EngineState, stepped: readonly DatedEvent[]): ReplayEngine {
    const engine = new ReplayEngine(chronology, { ...options, timeline: false });
    const { state } = engine;
    for (const [id, m] of Object.entries(saved.machines.perChild)) {
      const target = state.perChild.get(id);
      if (!target) throw new Error(`unknown process ${id}`);
      for (const [child, s] of Object.entries(m)) {
        if (!target.has(child)) throw new Error(`unknown child ${child}`);
        target.set(child, s);
      }
    }
    for (const [id, s] of Object.entries(saved.machines.perCase)) {
      if (!state.perCase.has(id)) throw new Error(`unknown process ${id}`);
      state.perCase.set(id, s);
    }
    for (const c of saved.concerns) state.concerns.set(c.id, { ...c, children: [...c.children] });
    for (const e of stepped) {
      state.seen.set(e.id, e);
      const list = state.seenByType.get(e.type);
      if (list) list.push(e);
      else state.seenByType.set(e.type, [e]);
    }
    const slots = new Map(engine.ruleCtx.map((rc) => [rc.rule.id, rc]));
    for (const [rule, keys] of Object.entries(saved.started)) {
      const rc = slots.get(rule);
      if (!rc) throw new Error(`unknown rule ${rule}`);
      for (const k of keys) rc.started.add(k);
    }
    for (const o of saved.open) {
      const rc = slots.get(o.rule);
      if (!rc) throw new Error(`unknown rule ${o.rule}`);
      engine.open.push({ rc, clock: o.clock });
    }
    engine.findings = saved.findings.map((f) => ({ ...f, children: [...f.children] }));
    engine.deadlines = [...saved.deadlines];
    return engine;
  }
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

export function replayChronology(chronology: Chronology, options: ReplayOptions): ReplayResult {
  const engine = new ReplayEngine(chronology, options);
  for (const event of chronology.events) engine.step(event);
  return engine.finish(options.asOf ?? chronology.asOf);
}

/** The evidence ledger: concerns and what assessments found. */
function applyToLedger(state: MutableState, event: DatedEvent, all: readonly string[]): void {
  switch (event.type) {
    case 'concern.raised':
      state.concerns.set(event.concern, {
        id: event.concern,
        kind: event.kind,
        basis: event.basis,
        children: [...childrenOf(event, all)],
        raisedBy: event.id,
      });
      break;
    case 'concern.assessed': {
      const c = state.concerns.get(event.concern);
      if (c) c.assessed = { finding: event.finding, by: event.id };
      break;
    }
    case 'assessment.completed':
      for (const f of event.findings ?? []) {
        const c = state.concerns.get(f.concern);
        if (c) c.assessed = { finding: f.finding, by: event.id };
      }
      break;
    default:
      break;
  }
}
