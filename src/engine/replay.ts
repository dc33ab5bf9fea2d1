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

export function replayChronology(chronology: Chronology, options: ReplayOptions): ReplayResult {
  const calendar = options.calendar ?? england;
  const procs = processes(options.engine ?? 'compiled');
  const asOf = options.asOf ?? chronology.asOf;
  const wantTimeline = options.timeline ?? true;
  const { dates } = chronology;

  const overrides = options.timescales;
  const timescaleValue = (id: string, day: Day): number | undefined =>
    valueOn(overrides?.get(id) ?? timescaleDef(id).values, day);

  const deadline = (id: string, start: Day): Day => {
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

  const windowOf = (key: string): Window => {
    const i = dates.indexOf(key);
    if (i === undefined) throw new Error(`no date for ${key}`);
    return { earliest: dates.earliest(i), latest: dates.latest(i) };
  };

  const omissionsByStep = new Map<string, Omission[]>();
  for (const o of chronology.omissions) {
    const list = omissionsByStep.get(o.step) ?? [];
    list.push(o);
    omissionsByStep.set(o.step, list);
  }
  const omitted = (step: EventType, forId?: string): Omission | undefined => {
    const list = omissionsByStep.get(step);
    if (!list) return undefined;
    return list.find((o) => o.for === undefined || forId === undefined || o.for === forId);
  };

  const state = new MutableState(chronology.children, procs);
  const findings: Finding[] = [];
  const timeline: TimelineEntry[] = [];
  const deadlines: DeadlineEntry[] = [];

  const timescale: RuleContext<unknown>['timescale'] = (id, day) => timescaleValue(id, day) ?? Number.NaN;
  const concernStatus: StepContext<unknown>['concernStatus'] = (id) => concernStatusOf(state.concerns.get(id));

  // One context object per rule, reused for every event (bulk replay is hot). Written as
  // one literal, not a spread of a base object plus extra properties: V8 built that
  // spread-then-extend shape slowly and every rule's property reads paid for it
  // (BENCHMARKS.md: replay alone went from ~110 to ~50 µs per case).
  const ruleCtx = options.rules.map((rule) => {
    const refusals: Refusal[] = [];
    const ctx: StepContext<unknown> & DeviationContext = {
      chronology,
      calendar,
      params: options.params.get(rule.id),
      timescale,
      deadline,
      window: windowOf,
      omitted,
      state,
      concernStatus,
      refusals,
    };
    return { rule, ctx, refusals, started: new Set<string>() };
  });
  const checkers = new Map<EventType, typeof ruleCtx>();
  for (const rc of ruleCtx) {
    for (const t of rc.rule.appliesTo ?? []) {
      const list = checkers.get(t) ?? [];
      list.push(rc);
      checkers.set(t, list);
    }
  }
  // Clock rules indexed by the event types that start, meet or close their clocks.
  const starters = new Map<EventType, typeof ruleCtx>();
  const watchers = new Map<string, Set<string>>();
  const index = (map: Map<EventType, typeof ruleCtx>, types: readonly EventType[], rc: (typeof ruleCtx)[number]) => {
    for (const t of types) {
      const list = map.get(t) ?? [];
      list.push(rc);
      map.set(t, list);
    }
  };
  for (const rc of ruleCtx) {
    const spec = rc.rule.clock;
    if (!spec) continue;
    index(starters, spec.startsOn, rc);
    const watched = new Set<string>([...(spec.meetsOn ?? spec.metBy), ...(spec.closesOn ?? [])]);
    watchers.set(rc.rule.id, watched);
  }
  const open: { rc: (typeof ruleCtx)[number]; clock: OpenClock }[] = [];

  const emit = (rule: AnyRule, draft: FindingDraft): number => {
    const at = draft.at ?? windowOf(draft.events[0]!);
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
    if (same >= 0) {
      const f = findings[same]!;
      for (const c of draft.children) if (!f.children.includes(c)) f.children.push(c);
      return same;
    }
    findings.push({
      rule: rule.id,
      severity: rule.severity,
      certainty: draft.certainty,
      children: draft.children,
      events: draft.events,
      at,
      message: draft.message,
      citation: citationText(rule.citation),
      // `missing` says what would settle a possible finding; a certain one needs nothing.
      ...(draft.missing?.length && draft.certainty === 'possible' ? { missing: draft.missing } : {}),
      ...(draft.compliant ? { compliant: draft.compliant } : {}),
    });
    return findings.length - 1;
  };

  const dueFn = (clock: OpenClock) => {
    const due = clock.due;
    if (due.kind === 'timescale') {
      const plus = due.plusDays ?? 0;
      return (a: Day) => deadline(due.timescale, a) + plus;
    }
    if (due.kind === 'fixed') return (a: Day) => a;
    if (due.kind === 'duration') return (a: Day) => addDuration(a, due.iso);
    return () => Number.POSITIVE_INFINITY;
  };

  const attached = new Map<string, number[]>();
  const attach = (eventId: string, index: number) => {
    const list = attached.get(eventId);
    if (list) {
      if (!list.includes(index)) list.push(index);
    }
    else attached.set(eventId, [index]);
  };

  const clockLabel = (rule: AnyRule) => rule.clock!.label;

  /**
   * A clock never met, judged at `end` (asOf, or the event that closed it). Late for
   * certain only where the source shows the step had not happened by the deadline: a
   * full record, or an `omission` whose `until` (default asOf) is past the deadline.
   * Returns whether a finding was made.
   */
  const unmet = (rc: (typeof ruleCtx)[number], clock: OpenClock, end: { day: Day } | { node: number }, closedBy?: string): boolean => {
    // A clock closed in time is listed by the caller as `closed`; only a late one is listed here.
    const spec = rc.rule.clock!;
    const anchor = dates.indexOf(clock.anchor)!;
    const fn = dueFn(clock);
    const v = judge(dates, anchor, end, fn);
    let certainty: Certainty | undefined = v.late;
    const omission = spec.metBy.map((t) => omitted(t, clock.startEvent)).find((o) => o !== undefined);
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
    if (certainty === 'certain' && !proven) certainty = 'possible';
    if (certainty) {
      const idx = emit(rc.rule, {
        certainty,
        children: clock.children,
        events: [clock.startEvent, ...(omission ? [omission.id] : []), ...(closedBy ? [closedBy] : [])],
        at: v.due,
        message: spec.lateMessage(clock, rc.ctx, undefined),
        ...(proven ? {} : { missing: [`${spec.metBy.join(' or ')} for ${clock.startEvent}`] }),
      });
      attach(clock.startEvent, idx);
    }
    if (certainty || !closedBy) {
      deadlines.push(
        deadlineEntry(rc.rule, clock, certainty ? 'overdue' : 'open', {
          due: v.due,
          ...(certainty ? { certainty } : {}),
          ...(closedBy ? { closedBy } : {}),
        }),
      );
    }
    return certainty !== undefined;
  };

  /** A clock met by `event`: late if the event fell after the deadline. */
  const meet = (rc: (typeof ruleCtx)[number], clock: OpenClock, event: DatedEvent) => {
    const v = judge(dates, dates.indexOf(clock.anchor)!, { node: dates.indexOf(event.id)! }, dueFn(clock));
    let lateCertainty: Certainty | undefined = v.late;
    if (v.late) {
      const spec = rc.rule.clock!;
      const unrecorded = spec.earlierUnrecordedMayMeet && chronology.completeness === 'summary' && !omitted(spec.earlierUnrecordedMayMeet, clock.startEvent);
      const certainty: Certainty = unrecorded ? 'possible' : v.late;
      lateCertainty = certainty;
      const missing = [
        ...(v.late === 'possible' ? [`exact dates of ${clock.anchor.replace(/#.*/, '')} and ${event.id}`] : []),
        ...(unrecorded ? [`whether ${spec.earlierUnrecordedMayMeet} came before ${event.id}`] : []),
      ];
      const idx = emit(rc.rule, {
        certainty,
        children: clock.children,
        events: [clock.startEvent, event.id],
        at: windowOf(event.id),
        message:
          spec.lateMessage(clock, rc.ctx, event) +
          (v.late === 'possible' ? ' The dates as the source gives them allow this, but do not prove it.' : ''),
        ...(missing.length ? { missing } : {}),
      });
      attach(event.id, idx);
    }
    deadlines.push(
      deadlineEntry(rc.rule, clock, v.late ? 'met-late' : 'met', {
        metBy: event.id,
        due: v.due,
        ...(v.late ? { certainty: lateCertainty } : {}),
      }),
    );
  };

  for (const event of chronology.events) {
    const children = childrenOf(event, chronology.children);

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
    for (const rc of checkers.get(event.type) ?? []) {
      rc.refusals.length = 0;
      if (refusals.length) rc.refusals.push(...refusals);
      for (const draft of rc.rule.check!(event, rc.ctx)) attach(draft.events[0]!, emit(rc.rule, draft));
    }

    // 3. Clocks: met or closed by this event, then started by it.
    for (let i = 0; i < open.length; i++) {
      const { rc, clock } = open[i]!;
      if (!watchers.get(rc.rule.id)!.has(event.type)) continue;
      const spec = rc.rule.clock!;
      if (spec.closes?.(event, clock, rc.ctx)) {
        open.splice(i--, 1);
        const late = spec.lateIfClosedAfterDue && clock.due.kind !== 'none' && unmet(rc, clock, { node: dates.indexOf(event.id)! }, event.id);
        if (!late) deadlines.push(deadlineEntry(rc.rule, clock, 'closed', { closedBy: event.id }));
        continue;
      }
      if (spec.meets(event, clock, rc.ctx)) {
        open.splice(i--, 1);
        meet(rc, clock, event);
      }
    }
    for (const rc of starters.get(event.type) ?? []) {
      for (const start of rc.rule.clock!.starts(event, rc.ctx)) {
        // A key starts once: a clock met or closed is not restarted by a later event.
        if (rc.started.has(start.key)) continue;
        if (start.group !== undefined && open.some((o) => o.rc === rc && o.clock.group === start.group)) continue;
        rc.started.add(start.key);
        const clock: OpenClock = { ...start, rule: rc.rule.id };
        if (start.metNow) meet(rc, clock, event);
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

    if (wantTimeline) {
      const w = windowOf(event.id);
      timeline.push({
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
  }

  // Clocks still open at the end are judged at `asOf`.
  for (const { rc, clock } of open) {
    const spec = rc.rule.clock!;
    const omission = spec.metBy.map((t) => omitted(t, clock.startEvent)).find((o) => o !== undefined);
    if (clock.due.kind === 'none') {
      // A clock with no deadline (an answer owed): open at the end is the finding itself.
      const certainty: Certainty = omission || chronology.completeness === 'record' ? 'certain' : 'possible';
      const idx = emit(rc.rule, {
        certainty,
        children: clock.children,
        events: [clock.startEvent, ...(omission ? [omission.id] : [])],
        message: spec.lateMessage(clock, rc.ctx, undefined),
        ...(certainty === 'possible' ? { missing: [`${spec.metBy.join(' or ')} for ${clock.startEvent}`] } : {}),
      });
      attach(clock.startEvent, idx);
      deadlines.push(deadlineEntry(rc.rule, clock, 'open', { certainty }));
      continue;
    }
    unmet(rc, clock, { day: asOf });
  }

  if (wantTimeline) {
    for (const entry of timeline) entry.findings = attached.get(entry.event) ?? [];
  }

  return {
    case: chronology.case,
    ...(chronology.title ? { title: chronology.title } : {}),
    file: chronology.file,
    completeness: chronology.completeness,
    asOf,
    findings,
    timeline,
    deadlines,
    processes: [...procs.perChild, ...procs.perCase].map((p) => p.id),
  };

  function deadlineEntry(
    rule: AnyRule,
    clock: OpenClock,
    status: DeadlineEntry['status'],
    extra: Partial<DeadlineEntry>,
  ): DeadlineEntry {
    return {
      rule: rule.id,
      clock: clock.key,
      label: clockLabel(rule),
      children: clock.children,
      startedBy: clock.startEvent,
      status,
      ...extra,
    };
  }
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
