/**
 * Model-based paths through the process machines, and chronologies built from them.
 *
 * The machines (machines/*.ts) are the single source of truth for what the process
 * allows. Here XState's graph utilities (`xstate/graph`) walk each chart and hand back
 * paths — sequences of chronology events from the initial state — which
 * {@link pathToChronology} turns into dated, valid chronology objects (as a JSON file
 * holds them). Replaying those through the engine (src/testing/coverage.ts,
 * tests/paths.test.ts) checks that the engine follows the charts and measures how much
 * of each chart the generated corpus exercises.
 *
 * The guards read event fields (`decision`, `outcome`, `kind`, `stage`, `significant`),
 * so the events tried in each state are every handled event type × every value the
 * schema allows for the fields its guards read, plus "not stated" where the field is
 * optional ({@link candidateEvents}). Of those, only one representative per transition
 * definition is offered to the traversal ({@link representativeEvents}), which keeps
 * simple-path enumeration from multiplying by equivalent events.
 *
 * Path kinds:
 * - `shortest`: one shortest path to each reachable state (`getShortestPaths`);
 * - `simple`: simple paths (no state visited twice), shortest first, bounded by
 *   `maxDepth` events (default 8) and `limit` paths (default 1000), enumerated over
 *   `getAdjacencyMap`; with both bounds `Infinity`, XState's own `getSimplePaths` (which
 *   has no bound: child-protection alone has about 480,000 simple paths);
 * - `transitions`: for each transition definition of each reachable state, the shortest
 *   path to that state followed by an event that takes that transition. Targetless
 *   transitions (a step that keeps the child where it is) never lie on a shortest or
 *   simple path, so this kind is what gives full transition coverage.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type AnyTransitionDefinition } from 'xstate';
import { type AdjacencyMap, getAdjacencyMap, getShortestPaths, getSimplePaths, type SerializedSnapshot, type StatePath } from 'xstate/graph';
import { type Day, formatDay, parseDay } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import { type Process, type ProcessId, processes } from '../engine/processes.js';
import { eventSchema, type EventType } from '../schema/events.js';

export type MachineId = ProcessId;
/** Every machine of the registry (machines/index.ts). */
export const MACHINE_IDS: readonly MachineId[] = processes('xstate').all.map((p) => p.id);

/** An event offered to a machine: a chronology event's type and the fields its guards read. */
export interface PathEvent {
  type: EventType;
  [field: string]: unknown;
}

/** The event types whose transitions are guarded, and the event fields those guards read (each machine's `guardFields`). */
export const GUARD_FIELDS: Readonly<Record<MachineId, Readonly<Partial<Record<EventType, readonly string[]>>>>> = Object.fromEntries(
  processes('xstate').all.map((p) => [p.id, p.guardFields]),
) as unknown as Record<MachineId, Partial<Record<EventType, readonly string[]>>>;

/** The engine's view of a machine (id, scope, chart, handled event types). */
export function machineProcess(id: MachineId): Process {
  return processes('xstate').get(id);
}

/** The machine's states, in chart order. */
export function machineStates(id: MachineId): string[] {
  return Object.keys(machineProcess(id).machine.root.states);
}

// ---------------------------------------------------------------------------
// Candidate events

type SchemaLike = { def: { type: string; innerType?: SchemaLike; entries?: Record<string, unknown> }; minValue?: number | null; maxValue?: number | null; isInt?: boolean };

/** Every value the schema allows for a field, `undefined` included when it may be left out. */
function fieldValues(type: EventType, field: string): unknown[] {
  const schema = type === 'omission' ? undefined : (eventSchema(type) as { shape: Record<string, unknown> } | undefined);
  if (!schema) throw new Error(`no schema for event type "${type}"`);
  let s = schema.shape[field] as SchemaLike | undefined;
  if (!s) throw new Error(`${type} has no field "${field}"`);
  const values: unknown[] = [];
  let omittable = false;
  while (s.def.type === 'optional' || s.def.type === 'default') {
    omittable = true;
    s = s.def.innerType!;
  }
  if (s.def.type === 'enum') values.push(...Object.values(s.def.entries!));
  else if (s.def.type === 'boolean') values.push(true, false);
  else if (s.def.type === 'number' && s.isInt && Number.isFinite(s.minValue) && Number.isFinite(s.maxValue)) {
    for (let n = s.minValue!; n <= s.maxValue!; n++) values.push(n);
  } else throw new Error(`${type}.${field}: cannot enumerate a ${s.def.type} field`);
  if (omittable) values.push(undefined);
  return values;
}

const candidateCache = new Map<MachineId, PathEvent[]>();

/**
 * Every event worth offering the machine: each handled event type × every combination
 * of the values its guard fields may take (from the schema), `undefined` (field left
 * out) included. Throws if a guarded transition's event type has no guard fields listed
 * in {@link GUARD_FIELDS} (the table must follow the charts).
 */
export function candidateEvents(id: MachineId): PathEvent[] {
  const cached = candidateCache.get(id);
  if (cached) return cached;
  const proc = machineProcess(id);
  const fields = GUARD_FIELDS[id];
  for (const [state, node] of Object.entries(proc.machine.root.states)) {
    for (const [type, defs] of node.transitions) {
      if (defs.some((d) => d.guard) && !fields[type as EventType]) {
        throw new Error(`${id}.${state}: ${type} has guarded transitions but GUARD_FIELDS lists no fields for it`);
      }
    }
  }
  const out: PathEvent[] = [];
  for (const type of proc.handles) {
    let combos: Record<string, unknown>[] = [{}];
    for (const field of fields[type] ?? []) {
      const next: Record<string, unknown>[] = [];
      for (const c of combos) for (const v of fieldValues(type, field)) next.push(v === undefined ? c : { ...c, [field]: v });
      combos = next;
    }
    for (const c of combos) out.push({ type, ...c });
  }
  candidateCache.set(id, out);
  return out;
}

// ---------------------------------------------------------------------------
// Stepping

/** A snapshot of the machine in a (top-level, atomic) state. */
export function snapshotOf(machine: AnyStateMachine, state: string): AnyMachineSnapshot {
  return machine.resolveState({ value: state, context: undefined }) as AnyMachineSnapshot;
}

/** One transition definition of a chart: state × event type × position in its list of candidates. */
export interface TransitionRef {
  machine: MachineId;
  state: string;
  event: EventType;
  /** Position among the state's transitions for this event type (guarded branches in order). */
  index: number;
  /** The target state (the state itself for a targetless transition). */
  target: string;
  /** The guard, as written in the chart (`outcomeIn(early-help)`), if any. */
  guard?: string;
}

export function transitionKey(t: Pick<TransitionRef, 'state' | 'event' | 'index'>): string {
  return `${t.state} --${t.event}#${t.index}-->`;
}

/** Every transition definition of the machine, in chart order. */
export function machineTransitions(id: MachineId): TransitionRef[] {
  const { machine } = machineProcess(id);
  const out: TransitionRef[] = [];
  for (const [state, node] of Object.entries(machine.root.states)) {
    for (const [event, defs] of node.transitions) {
      defs.forEach((d, index) => out.push(refOf(id, state, event as EventType, index, d)));
    }
  }
  return out;
}

function refOf(id: MachineId, state: string, event: EventType, index: number, d: AnyTransitionDefinition): TransitionRef {
  const guard = describeGuard(d.guard);
  return { machine: id, state, event, index, target: d.target?.[0]?.key ?? state, ...(guard ? { guard } : {}) };
}

function describeGuard(g: unknown): string | undefined {
  if (!g) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'function') return g.name || 'inline';
  const { type, params } = g as { type: string; params?: Record<string, unknown> };
  if (!params) return type;
  return `${type}(${Object.values(params).map((v) => (Array.isArray(v) ? v.join('|') : String(v))).join('; ')})`;
}

/**
 * The transition definition that `event` takes from `state`, or `undefined` when the
 * machine refuses the event there. Read with XState's own `getTransitionData`.
 */
export function firedTransition(id: MachineId, state: string, event: { type: string }): TransitionRef | undefined {
  const { machine } = machineProcess(id);
  const node = machine.root.states[state];
  if (!node) throw new Error(`${id} has no state "${state}"`);
  const [fired] = machine.getTransitionData(snapshotOf(machine, state), event as never);
  if (!fired) return undefined;
  const defs = node.transitions.get(fired.eventType) ?? [];
  const index = defs.indexOf(fired);
  if (index < 0) throw new Error(`${id}.${state}: the transition XState took for ${event.type} is not in the chart's list`);
  return refOf(id, state, event.type as EventType, index, fired);
}

/** The state after `event`, by XState's own `transition()`; `undefined` when refused. */
export function stepMachine(id: MachineId, state: string, event: PathEvent): string | undefined {
  const { machine } = machineProcess(id);
  const snapshot = snapshotOf(machine, state);
  if (machine.getTransitionData(snapshot, event as never).length === 0) return undefined;
  return String(transition(machine, snapshot, event as never)[0].value);
}

/**
 * One candidate event per transition definition of `state` (the first candidate that
 * takes it), keyed by {@link transitionKey}. A definition no candidate takes is absent.
 */
export function representativeEvents(id: MachineId, state: string): Map<string, { ref: TransitionRef; event: PathEvent }> {
  const out = new Map<string, { ref: TransitionRef; event: PathEvent }>();
  for (const event of candidateEvents(id)) {
    const ref = firedTransition(id, state, event);
    if (!ref) continue;
    const key = transitionKey(ref);
    if (!out.has(key)) out.set(key, { ref, event });
  }
  return out;
}

const repCache = new Map<string, PathEvent[]>();
function representativesOf(id: MachineId, state: string): PathEvent[] {
  const key = `${id}:${state}`;
  let r = repCache.get(key);
  if (!r) {
    r = [...representativeEvents(id, state).values()].map((x) => x.event);
    repCache.set(key, r);
  }
  return r;
}

// ---------------------------------------------------------------------------
// Paths

export type PathKind = 'shortest' | 'simple' | 'transitions';

export interface PathStep {
  event: PathEvent;
  /** The machine's state after the event. */
  state: string;
}

export interface MachinePath {
  machine: MachineId;
  kind: PathKind;
  /** Events from the initial state, each with the state it leads to. */
  steps: PathStep[];
  /** The state the path ends in (the initial state for an empty path). */
  state: string;
  /** For `transitions` paths: the transition the last step takes. */
  transition?: TransitionRef;
}

export interface PathOptions {
  kind: PathKind;
  /** At most this many paths (`simple`: the enumeration stops there). Default: no limit (`simple`: 1000). */
  limit?: number;
  /** `simple` only: paths of at most this many events (default 8). */
  maxDepth?: number;
  /** Only paths ending in this state. */
  to?: string;
}

const stateKey = (s: AnyMachineSnapshot) => String(s.value);

/** The traversal options every generator shares: states by name, representative events only. */
function traversal(id: MachineId) {
  return {
    serializeState: (s: AnyMachineSnapshot) => stateKey(s),
    serializeEvent: (e: PathEvent) => JSON.stringify(e),
    events: (s: AnyMachineSnapshot) => representativesOf(id, stateKey(s)),
  };
}

function fromStatePath(id: MachineId, kind: PathKind, p: StatePath<AnyMachineSnapshot, PathEvent>): MachinePath {
  // xstate/graph's first step is the initial state under `xstate.init`; the rest are (event, state after).
  const steps = p.steps.filter((s) => (s.event.type as string) !== 'xstate.init').map((s) => ({ event: s.event, state: stateKey(s.state) }));
  return { machine: id, kind, steps, state: stateKey(p.state) };
}

/** The initial state's name. */
export function initialState(id: MachineId): string {
  return String(initialTransition(machineProcess(id).machine)[0].value);
}

/** Paths through one machine, generated from its chart by `xstate/graph`. */
export function machinePaths(id: MachineId, options: PathOptions): MachinePath[] {
  const { to } = options;
  if (to !== undefined && !machineStates(id).includes(to)) throw new RangeError(`${id} has no state "${to}"`);
  const wanted = (p: MachinePath) => to === undefined || p.state === to;
  const { machine } = machineProcess(id);
  const logic = machine as AnyStateMachine;
  const limit = options.limit ?? (options.kind === 'simple' ? 1000 : Infinity);
  if (options.kind === 'shortest') {
    return getShortestPaths(logic, traversal(id) as never)
      .map((p) => fromStatePath(id, 'shortest', p as StatePath<AnyMachineSnapshot, PathEvent>))
      .filter(wanted)
      .slice(0, limit);
  }
  if (options.kind === 'simple') {
    const maxDepth = options.maxDepth ?? 8;
    if (maxDepth === Infinity && limit === Infinity) {
      // Unbounded: XState's own enumeration (child-protection has about 480,000 simple paths).
      return (getSimplePaths(logic, traversal(id) as never) as StatePath<AnyMachineSnapshot, PathEvent>[])
        .map((p) => fromStatePath(id, 'simple', p))
        .filter(wanted);
    }
    return boundedSimplePaths(id, maxDepth, limit, wanted);
  }
  // transitions
  const shortest = new Map(machinePaths(id, { kind: 'shortest' }).map((p) => [p.state, p]));
  const out: MachinePath[] = [];
  for (const state of machineStates(id)) {
    const prefix = shortest.get(state);
    if (!prefix) continue;
    for (const { ref, event } of representativeEvents(id, state).values()) {
      const next = stepMachine(id, state, event);
      if (next === undefined) throw new Error(`${id}.${state}: ${event.type} refused after getTransitionData chose a transition`);
      const path: MachinePath = { machine: id, kind: 'transitions', steps: [...prefix.steps, { event, state: next }], state: next, transition: ref };
      if (!wanted(path)) continue;
      out.push(path);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/**
 * Simple paths (no state twice) over XState's adjacency map, shortest first, at most
 * `maxDepth` events long and at most `limit` of them. `getSimplePaths` has no bound of its
 * own: it enumerates every simple path before returning any.
 */
function boundedSimplePaths(id: MachineId, maxDepth: number, limit: number, wanted: (p: MachinePath) => boolean): MachinePath[] {
  const { machine } = machineProcess(id);
  const adjacency = getAdjacencyMap(machine as AnyStateMachine, traversal(id) as never) as AdjacencyMap<AnyMachineSnapshot, PathEvent>;
  const initial = initialState(id);
  const out: MachinePath[] = [];
  let frontier: { steps: PathStep[]; seen: Set<string>; state: string }[] = [{ steps: [], seen: new Set([initial]), state: initial }];
  for (let depth = 0; frontier.length && out.length < limit; depth++) {
    const next: typeof frontier = [];
    for (const p of frontier) {
      if (out.length >= limit) break;
      const path: MachinePath = { machine: id, kind: 'simple', steps: p.steps, state: p.state };
      if (wanted(path)) out.push(path);
      if (depth >= maxDepth) continue;
      for (const { event, state } of Object.values(adjacency[p.state as SerializedSnapshot]?.transitions ?? {})) {
        const s = stateKey(state);
        if (p.seen.has(s)) continue;
        next.push({ steps: [...p.steps, { event, state: s }], seen: new Set([...p.seen, s]), state: s });
      }
    }
    frontier = next;
  }
  return out;
}

/** The paths the coverage report and the tests replay: shortest paths and the transition cover. */
export function generatedPaths(id: MachineId): MachinePath[] {
  return [...machinePaths(id, { kind: 'shortest' }), ...machinePaths(id, { kind: 'transitions' })];
}

// ---------------------------------------------------------------------------
// Chronologies

/** A chronology object as a JSON file holds it (a type alias, so it is a `Record<string, unknown>` for `replay`). */
export type ChronologyObject = {
  case: string;
  title: string;
  source: { document: string };
  asOf: string;
  jurisdiction: 'england';
  completeness: 'record';
  children: { id: string }[];
  events: Record<string, unknown>[];
};

export interface ChronologyOptions {
  /** Date of the first event (`YYYY-MM-DD`; moved to the next working day). Default 2024-01-08. */
  base?: string;
  /** Working days between consecutive events (default 1). */
  stepWorkingDays?: number;
  /** The case's children (default `['A']`). */
  children?: readonly string[];
  /** Per-child machines: the child the path is about (default the first). */
  child?: string;
  /** Case id (default `path-<machine>-<final state>`). */
  caseId?: string;
  /** `asOf` (default: the day of the last event, or the base day for an empty path). */
  asOf?: string;
}

/** The types with nothing to fill. */
function noFill<const T extends EventType>(...types: T[]): Record<T, Record<string, unknown>> {
  return Object.fromEntries(types.map((t) => [t, {}])) as Record<T, Record<string, unknown>>;
}
/** Good-practice values for optional fields, so a path reads like a sound record (every type named). */
const FILL: Record<EventType, Record<string, unknown>> = {
  'referral.received': { from: 'school', by: 'social-care' },
  'strategy.held': { participants: ['social-care', 'police', 'health'], by: 'social-care' },
  'conference.held': { participants: ['social-care', 'police', 'health', 'parent'], advocate: 'offered', proportionality: true, by: 'chair' },
  'legal.planning-meeting': { proportionality: true, by: 'legal' },
  'plo.letter-sent': { explained: true, legalAidInfo: true, meetingInvite: true, by: 'social-care' },
  'proceedings.issued': { proportionality: true, by: 'legal' },
  'proceedings.extended': { weeks: 8 },
  'proceedings.concluded': { order: 'care' },
  'complaint.made': { procedure: 'statutory-children', by: 'parent' },
  'ombudsman.complaint-made': { by: 'parent' },
  'report.considered': { by: 'committee' },
  // Every other type: nothing to fill (named, so a new event type has to be placed here or above).
  ...noFill('concern.raised', 'concern.assessed', 'referral.decided', 'assessment.started', 'assessment.completed', 'threshold.considered', 's47.started', 's47.completed', 'outcome.shared', 'child.seen', 'home.visited', 'views.sought', 'appointment.missed', 'conference.scheduled', 'conference.cancelled', 'reports.shared', 'core-group.held', 'plan.action-set', 'plan.action-done', 'challenge.raised', 'challenge.answered', 'escalation.raised', 'escalation.resolved', 'plo.meeting-held', 'plo.reviewed', 'plo.ended', 'care-order.made', 'care-order.discharge-considered', 'care-order.discharged', 'living-arrangement.changed', 'contact.changed', 'care-plan.updated', 'risk-assessment.completed', 'looked-after.started', 'looked-after.ceased', 'lac-review.held', 'lac-review.postponed', 'worker.allocated', 'cin-plan.started', 'cin-plan.reviewed', 'cin-plan.ended', 'correspondence.received', 'correspondence.answered', 'commitment.made', 'commitment.kept', 'support.offered', 'complaint.responded', 'ombudsman.decided', 'ombudsman.report-published', 'remedy.completed', 'learning-review.completed', 'note', 'omission'),
};

/**
 * Turn a path into a dated, valid chronology object: one event per step, exact dates
 * from `base`, each `stepWorkingDays` working days (England calendar) after the one
 * before, `completeness: 'record'`. Per-child machines' events name the child when the
 * case has more than one; per-case machines' events concern all children. Fields the
 * schema requires (or that later events refer to) are filled: an extension's `weeks`, an
 * Ombudsman decision's recommendation, the recommendation a remedy completes.
 */
export function pathToChronology(path: MachinePath, options: ChronologyOptions = {}): ChronologyObject {
  const base = parseDay(options.base ?? '2024-01-08');
  if (base === undefined) throw new RangeError(`base "${options.base}" is not a date (YYYY-MM-DD)`);
  const gap = options.stepWorkingDays ?? 1;
  const children = options.children ?? ['A'];
  const child = options.child ?? children[0]!;
  if (!children.includes(child)) throw new RangeError(`child "${child}" is not one of ${children.join(', ')}`);
  const perChild = machineProcess(path.machine).scope === 'child';

  let day: Day = england.addWorkingDays(base, 0);
  let lastRecommendation: string | undefined;
  const events = path.steps.map(({ event }, i) => {
    if (i > 0) day = england.addWorkingDays(day, gap);
    const id = `e${i + 1}.${event.type}`;
    const e: Record<string, unknown> = { id, type: event.type, at: formatDay(day), ...FILL[event.type] };
    for (const [k, v] of Object.entries(event)) if (v !== undefined) e[k] = v;
    if (perChild && children.length > 1) e['children'] = [child];
    if (event.type === 'ombudsman.decided' && e['recommendations'] === undefined) {
      lastRecommendation = `${id}.r1`;
      e['recommendations'] = [{ id: lastRecommendation, action: 'apologise and pay a remedy', due: 'P1M' }];
    }
    if (event.type === 'remedy.completed' && e['recommendation'] === undefined) {
      if (!lastRecommendation) throw new Error(`${path.machine}: remedy.completed with no Ombudsman recommendation before it`);
      e['recommendation'] = lastRecommendation;
    }
    return e;
  });

  const last = formatDay(day);
  return {
    case: options.caseId ?? `path-${path.machine}-${path.state}`,
    title: `${path.machine}: ${path.kind} path to ${path.state}${path.transition ? ` via ${transitionKey(path.transition)}` : ''}`,
    source: { document: 'generated from the machine chart (src/testing/paths.ts)' },
    asOf: options.asOf ?? last,
    jurisdiction: 'england',
    completeness: 'record',
    children: children.map((id) => ({ id })),
    events,
  };
}
