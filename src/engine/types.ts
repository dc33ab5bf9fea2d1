/**
 * The types that flow through the engine: a loaded chronology, the case state the
 * rules read, rules themselves, statutory clocks and findings.
 *
 * Flow: load (parse, validate) → resolve dates → replay through the machines →
 * evaluate rules → findings → render. Rules read the state; they never change it.
 */
import type { z } from 'zod';
import type { Day } from '../calendar/day.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { ResolvedDates } from '../dates/resolve.js';
import type { CitationSpec } from '../law/citations.js';
import type { TimescaleId } from '../law/timescales.js';
import type { Completeness } from '../schema/chronology.js';
import type { ChronologyEvent, DatedEvent, EventOf, EventType, Omission } from '../schema/events.js';
import type { MachineStates } from '../../machines/index.js';
import type { Verdict } from './clocks.js';
import type { CompletenessStated, Coverage } from './coverage.js';
import type { ProcessId } from './processes.js';
import type { HistoryView } from './history.js';

export type Severity = 'breach' | 'fault' | 'advisory';
export type Certainty = 'certain' | 'possible';

/** An inclusive window of days. */
export interface Window {
  earliest: Day;
  latest: Day;
}

/** A chronology after validation and date resolution. */
export interface Chronology {
  file: string;
  case: string;
  title?: string;
  source?: { document: string; file?: string; url?: string };
  /** As the file says it (`summary`, `record`, or a coverage of event types and a window). */
  completeness: Completeness;
  /** The same, as the engine reads it (src/engine/coverage.ts). */
  coverage: Coverage;
  asOf: Day;
  children: string[];
  /** Dated events in listing order (omissions excluded). */
  events: DatedEvent[];
  omissions: Omission[];
  byId: ReadonlyMap<string, ChronologyEvent>;
  /** Index into `dates` of each dated event, by event id. */
  dates: ResolvedDates;
}

/** What the engine knows of a concern at a point in the replay. */
export interface ConcernRecord {
  id: string;
  /** Left out where the source does not say. */
  kind?: string;
  /** How the source knows it; left out where it does not say. */
  basis?: 'observed' | 'reported' | 'hearsay' | 'assumption';
  children: string[];
  raisedBy: string;
  /** The latest assessment whose finding the source gives, if any. */
  assessed?: { finding: 'substantiated' | 'unsubstantiated' | 'inconclusive'; by: string };
}

/**
 * `evidenced` once observed or assessed substantiated; `refuted` once assessed
 * unsubstantiated; `unverified` when reported, hearsay or an assumption and not assessed
 * either way; `unknown` when the source gives neither its basis nor an assessment.
 */
export type ConcernStatus = 'evidenced' | 'refuted' | 'unverified' | 'unknown';

/** A read-only lookup by key (what rules may ask of a collection in the case state). */
export interface Lookup<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  values(): IterableIterator<V>;
}

/** The state of the case just before (for checks) or after an event. Read-only to rules. */
export interface CaseState {
  /** Where a process stands: a per-child process for `child`, a per-case process for the case. */
  machine(process: ProcessId, child?: string): string;
  /** The evidence ledger: concerns raised so far and what assessments found. */
  readonly concerns: Lookup<string, ConcernRecord>;
  /** Events replayed so far, by id (values in listing order). */
  readonly seen: Lookup<string, DatedEvent>;
  /** Events replayed so far, by type, in listing order. */
  readonly seenByType: { get<T extends EventType>(type: T): readonly EventOf<T>[] | undefined };
  /** The history index: events seen of some types, positions in listing order (see history.ts). */
  readonly history: HistoryView;
}

/** What a rule hands back; the engine adds rule id, severity, citation and dates. */
export interface FindingDraft {
  certainty: Certainty;
  children: string[];
  /** Event ids involved; the first is the event the finding is attached to. */
  events: string[];
  message: string;
  /** For a `possible` finding resting on unstated facts: what would settle it. */
  missing?: string[];
  /** Defaults to the window of the first event. */
  at?: Window;
  /** What the process allowed or required instead (for trainers). */
  compliant?: string;
}

export interface Finding extends FindingDraft {
  rule: string;
  severity: Severity;
  at: Window;
  citation: string;
}

/** Everything a rule may read. */
export interface RuleContext<P> {
  chronology: Chronology;
  calendar: WorkingCalendar;
  params: P;
  /** Value of a timescale in force on `day` (with the local authority's overrides); NaN before it existed. */
  timescale(id: TimescaleId, day: Day): number;
  /** The value in force on `day` in words ("15 working days"; "no limit in force" before the timescale existed). */
  timescaleText(id: TimescaleId, day: Day): string;
  /** Add a timescale's value to a day, in the timescale's own unit. */
  deadline(id: TimescaleId, start: Day): Day;
  /** Window of an event (or of an extra date node such as `id#due`). */
  window(key: string): Window;
  /**
   * Is the value of this timescale in force a typical local one (a local procedure, best
   * practice, the Ombudsman's guidance) that the authority has not set for itself? A verdict
   * resting only on it is at most `possible`.
   */
  localValue(id: TimescaleId): boolean;
  /** An `omission` stating that `step` had not happened (optionally: for event `forId`). */
  omitted(step: EventType, forId?: string): Omission | undefined;
  /**
   * Judge a deadline between two date nodes (or a node and a fixed day) over every date the
   * constraints allow: `due(anchorDay)` is the last day in time; late for every consistent
   * pair is `certain`, for some `possible`.
   */
  judge(anchor: string, end: { key: string } | { day: Day }, due: (anchorDay: Day) => Day): Verdict;
}

export interface StepContext<P> extends RuleContext<P> {
  /** The state before the event. */
  state: CaseState;
  /** Status of a concern as known before the event. */
  concernStatus(id: string): ConcernStatus | undefined;
}

/** One running statutory clock. */
export interface ClockStart {
  /** Unique within the rule, e.g. `${eventId}:${child}`. */
  key: string;
  children: string[];
  /** The event that started it. */
  startEvent: string;
  /**
   * The date node the deadline is counted from, and how: `timescale` adds a
   * timescale to the anchor's day; `fixed` means the anchor is the due date itself
   * (a commitment's or plan action's own date).
   */
  anchor: string;
  due:
    | { kind: 'timescale'; timescale: TimescaleId; plusDays?: number }
    /** The anchor is the due date itself (a commitment's or plan action's own date). */
    | { kind: 'fixed' }
    /** An ISO duration added to the anchor with calendar arithmetic ("within one month"). */
    | { kind: 'duration'; iso: string }
    /** No deadline: an answer owed; open at the end is the finding. */
    | { kind: 'none' };
  /**
   * A clock with no deadline (`due: none`) that makes a finding only where the source states
   * the step never happened (an `omission`, or a full record): an undated plan action is not
   * a fault just because a summary does not say it was done.
   */
  onlyIfStated?: boolean;
  /** Other ids an `omission` may name for this clock (a recommendation's or plan action's own id). */
  refersTo?: readonly string[];
  /** Extra data the rule's predicates need (e.g. the action's name). */
  data?: Record<string, string | number | boolean>;
  /** The starting event also meets the clock (e.g. an assessment completed with no start recorded). */
  metNow?: boolean;
  /** While a clock of the same rule and group is open, this one is not started (e.g. one ICPC clock per child at a time). */
  group?: string;
  /**
   * A condition for the clock that the dates allow but do not prove (e.g. that a change
   * came after a plan was due): a finding from this clock is at most `possible`, and
   * this text is listed in its `missing`.
   */
  unsettled?: string;
}

export interface OpenClock extends ClockStart {
  rule: string;
}

export interface ClockSpec<P> {
  /** What the clock measures, for deadlines output, e.g. "ICPC within 15 working days". */
  label: string;
  /** Event types that meet the clock, as a source states them (used with `omission` events and in messages). */
  metBy: readonly EventType[];
  /** Event types `starts` looks at (the engine calls it for no others). */
  startsOn: readonly EventType[];
  /** Event types `meets` looks at, when more than `metBy` (e.g. a later challenge taking up a view). */
  meetsOn?: readonly EventType[];
  /** Event types `closes` looks at. */
  closesOn?: readonly EventType[];
  /**
   * An unrecorded step could have met the clock earlier than the recorded one (a PLO
   * review, a parent told in passing): in a summary, a late verdict is then at most
   * `possible`, naming the step that would settle it.
   */
  earlierUnrecordedMayMeet?: EventType;
  /**
   * Which stated omissions prove the clock never met: `any` (default) — an omission of any
   * `metBy` step, where they are ways of doing one thing (telling the parent in person or by
   * the letter); `every` — one of each, where they are different responses (a child seen, a
   * visit, a strategy discussion): "the child was not seen" leaves the others possible.
   */
  omissionProves?: 'any' | 'every';
  /**
   * The clocks `event` starts: new objects on each call, which the engine keeps as the open
   * clocks (adding the rule's id to each, after its own keys) rather than copying them.
   */
  starts(event: DatedEvent, ctx: StepContext<P>): ClockStart[];
  /**
   * Does `event` meet the clock? Meeting stops it; a late meeting is a finding. `{ doubt }`:
   * it meets the clock on a reading the source does not confirm (a conference of unstated
   * kind taken to be the initial one): a late verdict is then at most `possible`, the doubt
   * listed in `missing`.
   */
  meets(event: DatedEvent, clock: OpenClock, ctx: StepContext<P>): boolean | { doubt: string };
  /** Does `event` end the clock without meeting it (the step is no longer owed)? */
  closes?(event: DatedEvent, clock: OpenClock, ctx: StepContext<P>): boolean;
  /**
   * true: a clock closed after its deadline had already passed is judged at the closing
   * event (the core group was owed until the plan ended); false (default): closing
   * makes the step unnecessary from the start (s47 found no continuing risk, so no ICPC).
   */
  lateIfClosedAfterDue?: boolean;
  lateMessage(clock: OpenClock, ctx: RuleContext<P>, met: DatedEvent | undefined): string;
}

export interface RuleDefinition<P = Record<string, never>> {
  id: string;
  title: string;
  severity: Severity;
  /** The sources, cited in the edition in force on each finding's date (src/law/citations.ts). */
  citation: CitationSpec;
  /** One sentence: when the rule fires. */
  firesWhen: string;
  /** What of the source the rule does not model. */
  notEncoded: string;
  /** zod schema of the rule's own parameters, with defaults. */
  params: z.ZodType<P>;
  /** Timescale ids the rule uses (listed by `casepath rules`). */
  timescales?: readonly TimescaleId[];
  /**
   * The facts the rule's verdicts rest on: event types (for a clock, the events that start
   * and meet it) and fields of them. On a dataset that records only some event types in full
   * (a coverage window), a rule needing a type it does not cover, or a field its events never
   * carry, is not assessable: listed once, never a finding. In a full record, events lacking a
   * needed field are counted in a warning (one line per field and rule).
   */
  needs?: { readonly events: readonly EventType[]; readonly fields?: Readonly<Partial<Record<EventType, readonly string[]>>> };
  /** Can a live system refuse an event that breaks this rule (enforce mode)? */
  enforceable?: boolean;
  /** Event types `check` looks at. */
  appliesTo?: readonly EventType[];
  /** Judge an event against the state before it. Used after the fact (replay) and before it (live). */
  check?(event: DatedEvent, ctx: StepContext<P>): FindingDraft[];
  clock?: ClockSpec<P>;
}

export type AnyRule = RuleDefinition<any>;

/** A machine's state for one child (or the case) after an event. */
export interface TimelineEntry {
  event: string;
  type: EventType;
  window: Window;
  dateText: string;
  children: string[];
  cite?: string;
  note?: string;
  states: MachineStates;
  findings: number[];
}

/** Where each machine stands after an event: per child for per-child processes, per case for the rest (keys from the registry, machines/index.ts). */
export type { MachineStates } from '../../machines/index.js';

export interface DeadlineEntry {
  rule: string;
  clock: string;
  label: string;
  children: string[];
  startedBy: string;
  due?: Window;
  status: 'met' | 'met-late' | 'open' | 'overdue' | 'closed';
  certainty?: Certainty;
  metBy?: string;
  closedBy?: string;
}

export interface ReplayResult {
  case: string;
  title?: string;
  file: string;
  /** What the source records in full, as spec §1 states it. */
  completeness: CompletenessStated;
  /** The same, as the engine reads it. */
  coverage: Coverage;
  asOf: Day;
  findings: Finding[];
  timeline: TimelineEntry[];
  deadlines: DeadlineEntry[];
  processes: ProcessId[];
  /** Rules the source's coverage cannot feed (listed once, never a finding). */
  notAssessable: string[];
  /** Fields rules need that events of a full record lack: one entry per field and rule, with a count. */
  warnings: FieldWarning[];
}

export interface FieldWarning {
  rule: string;
  /** `event-type.field` */
  field: string;
  /** Events of that type lacking it. */
  count: number;
}
