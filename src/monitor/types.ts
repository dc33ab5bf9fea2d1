/**
 * The live monitor's public types: what a case-management system sees when it checks
 * and records events one at a time (see `createCaseMonitor`).
 */
import type { ResolvedConfig } from '../config.js';
import type { EngineKind } from '../engine/processes.js';
import type { Certainty, DeadlineEntry, Finding, MachineStates, Window } from '../engine/types.js';
import type { Completeness } from '../schema/chronology.js';
import type { EventInput } from '../schema/events.js';

/** `audit`: flag and go on, as replay does. `enforce`: refuse an event that breaks a rule marked enforceable. */
export type MonitorMode = 'audit' | 'enforce';

/** The case a monitor watches: the chronology file's header, without events. */
export interface CaseHeader {
  /** Pseudonymous case id. */
  case: string;
  title?: string;
  /** Pseudonymous child ids (and, optionally, dates of birth in any chronology date form). */
  children: ({ id: string } & Record<string, unknown>)[];
  /** Default `record`: a live system records what happens, so a step not recorded did not happen. */
  /** A live case is a summary or a full record (a coverage window is for imported datasets). */
  completeness?: 'summary' | 'record';
}

export interface MonitorOptions {
  mode?: MonitorMode;
  /** Rules, parameters and local timescales (default: every rule, national values). */
  config?: ResolvedConfig;
  engine?: EngineKind;
}

/** A step a process machine does not allow where the child or case stands. */
export interface RefusedStep {
  process: string;
  child?: string;
  /** The state the machine was in. */
  state: string;
  event: string;
  /** Why, in words: the state's label and what it allows. */
  reason: string;
}

/** What an event would cause (check) or caused (record). */
export interface EventOutcome {
  /** The event id. */
  event: string;
  /** In enforce mode, false when an enforceable rule refuses the event (it is then not recorded). Always true in audit mode, except for a duplicate, which is allowed and changes nothing. */
  allowed: boolean;
  /** The same event id was already recorded: recording it again is a no-op. */
  duplicate: boolean;
  /** The event is dated before the last one recorded: the case is re-evaluated from the start. */
  late: boolean;
  /** Findings the event adds (compared with the case before it, judged at the event's date). */
  findings: Finding[];
  /** The enforceable findings that refuse it (enforce mode), a subset of `findings`. */
  refusedBy: Finding[];
  /** Steps the machines do not allow. */
  refusals: RefusedStep[];
  /** Statutory clocks the event starts, meets (on time or late) or closes. */
  clocks: { started: DeadlineEntry[]; met: DeadlineEntry[]; closed: DeadlineEntry[] };
  /** Where each machine would stand after it. */
  states: MachineStates;
}

export interface RecordOutcome extends EventOutcome {
  /** Whether it was stored (false for a duplicate or a refused event). */
  recorded: boolean;
}

/** An open statutory clock, as of a day. */
export interface OpenDeadline {
  rule: string;
  clock: string;
  label: string;
  children: string[];
  startedBy: string;
  due: Window;
  /** Working days from `asOf` to the due date (0 on the day; negative once overdue): least and most, from the date ranges. */
  workingDaysLeft: { min: number; max: number };
  /** Past its due date at `asOf`: certainly, possibly, or not (absent). */
  overdue?: Certainty;
}

/**
 * A monitor's state as JSON. Restoring it and recording the rest equals replaying the
 * whole. The machines are XState persisted snapshots; the clocks are casepath's own
 * (XState drops pending delayed events from persisted snapshots, and casepath keeps its
 * statutory clocks outside the machines anyway).
 */
export interface MonitorSnapshot {
  format: 'casepath-monitor';
  version: 1;
  header: CaseHeader;
  mode: MonitorMode;
  /** Every event recorded, in listing order, as recorded (the chronology format). */
  events: Record<string, unknown>[];
  /** XState persisted snapshot of each machine after the last event: `child-protection:A`, `looked-after:A`, `plo`, `complaints`. */
  machines: Record<string, unknown>;
  /** casepath's statutory clocks still open: the rule and the clock (what started it, its anchor and due rule). */
  clocks: unknown[];
  /** Keys of every clock each rule has started (a clock starts once). */
  started: Record<string, string[]>;
  /** The evidence ledger: each concern and what assessments found. */
  concerns: unknown[];
  /** Findings so far (open clocks not yet judged). */
  findings: Finding[];
  /** Clocks met, closed or judged so far. */
  deadlines: DeadlineEntry[];
  /** Whether every date was an exact day (the monitor can step on without replaying). */
  fast: boolean;
}

export interface CaseMonitor {
  readonly case: string;
  readonly mode: MonitorMode;
  /** Would this event be allowed, and what would it cause? Changes nothing. Throws InvalidChronologyError for an invalid event. */
  check(event: EventInput): EventOutcome;
  /**
   * Check, then apply (unless refused in enforce mode, or a duplicate). A refused event,
   * a duplicate, or one that throws InvalidChronologyError leaves the monitor unchanged.
   */
  record(event: EventInput): RecordOutcome;
  /** Every open statutory clock at `asOf` (`YYYY-MM-DD`, default today), soonest first. */
  deadlines(asOf?: string): OpenDeadline[];
  /** Every finding, with open clocks judged at `asOf` (default today), as `replay` of the recorded events would give them. */
  findings(asOf?: string): Finding[];
  /** Where each machine stands now. */
  state(): MachineStates;
  /** The recorded events, in listing order. */
  events(): Record<string, unknown>[];
  snapshot(): MonitorSnapshot;
}
