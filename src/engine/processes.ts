/**
 * The process machines as the replay engine sees them, with two interchangeable
 * ways of stepping them:
 *
 * - `xstate`: XState's pure `initialTransition()` / `transition()` on the machine
 *   itself, `getTransitionData()` to tell a refused event from a targetless one.
 * - `compiled` (default): each machine's chart compiled once into a lookup table
 *   (state → event type → candidate transitions), whose guards are the machine's own
 *   guard implementations. Measured faster (BENCHMARKS.md); a property test
 *   (tests/compiled.test.ts) proves both give the same states and refusals.
 *
 * The machines keep no context, so a state is just its name.
 */
import { initialTransition, transition, type AnyStateMachine, type AnyMachineSnapshot } from 'xstate';
import { PROCESS_DEFINITIONS, type ProcessDefinitionOf, type ProcessId } from '../../machines/index.js';
import { today } from '../calendar/day.js';
import { type TimescaleId, fillTimescales, timescale, valueOn } from '../law/timescales.js';
import type { ChronologyEvent, EventType } from '../schema/events.js';

const nationalValueToday = (id: TimescaleId) => valueOn(timescale(id).values, today());

export type { ProcessId } from '../../machines/index.js';
export type EngineKind = 'compiled' | 'xstate';

/** The result of offering an event to a machine in a state. */
export type StepResult = { allowed: true; state: string } | { allowed: false; state: string };

/** A process of the registry (machines/index.ts) as the engine runs it. */
export interface Process {
  readonly id: ProcessId;
  /** Its key in a timeline entry's `states`. */
  readonly key: ProcessDefinitionOf['key'];
  /** `child`: one machine per child; `case`: one per case. */
  readonly scope: 'child' | 'case';
  readonly name: string;
  readonly label: string;
  readonly show: 'always' | 'once-begun';
  readonly guardFields: ProcessDefinitionOf['guardFields'];
  readonly machine: AnyStateMachine;
  readonly handles: ReadonlySet<EventType>;
  readonly initial: string;
  step(state: string, event: ChronologyEvent): StepResult;
  /** Event types with at least one transition out of `state` (guards aside). */
  allowedEvents(state: string): EventType[];
  /**
   * Human label and citation of a state, read from the chart's `meta`; `{timescale}`
   * placeholders filled with `valueOf` (default: the national value in force today).
   */
  describe(state: string, valueOf?: (id: TimescaleId) => number | undefined): { label: string; description: string; citation: string };
}

interface CompiledTransition {
  guard?: { type: string; params?: unknown };
  target?: string;
}

type GuardFn = (args: { context: unknown; event: ChronologyEvent }, params: unknown) => boolean;

/** Compile a flat machine (top-level atomic states only) into a lookup table. */
export function compileMachine(machine: AnyStateMachine): Map<string, Map<string, CompiledTransition[]>> {
  const table = new Map<string, Map<string, CompiledTransition[]>>();
  for (const [name, node] of Object.entries(machine.root.states)) {
    if (Object.keys(node.states).length > 0) throw new Error(`compileMachine: ${machine.id}.${name} is not atomic`);
    const byEvent = new Map<string, CompiledTransition[]>();
    for (const [eventType, defs] of node.transitions) {
      byEvent.set(
        eventType,
        defs.map((d) => {
          const guard = d.guard as CompiledTransition['guard'] | string | undefined;
          if (typeof guard === 'function') throw new Error(`compileMachine: inline guard in ${machine.id}.${name}`);
          const t: CompiledTransition = {};
          if (guard) t.guard = typeof guard === 'string' ? { type: guard } : guard;
          if (d.target?.length) t.target = d.target[0]!.key;
          return t;
        }),
      );
    }
    table.set(name, byEvent);
  }
  return table;
}

function makeProcess(definition: ProcessDefinitionOf, engine: EngineKind): Process {
  const id = definition.id;
  const machine: AnyStateMachine = definition.machine;
  const table = compileMachine(machine);
  const guards = machine.implementations.guards as Record<string, GuardFn>;
  const initial = String(initialTransition(machine)[0].value);
  const handles = new Set<EventType>(definition.events);

  // The table as the step reads it (per event of every case of a bulk replay): each state's
  // refusal and each transition's result made once (frozen: every step hands out the same
  // object), and each guard's function found once, not looked up by name per step.
  type Plan = { guard: GuardFn | undefined; name: string; params: unknown; result: StepResult };
  const plans = new Map<string, { refused: StepResult; byType: Map<string, readonly Plan[]> }>();
  for (const [state, byEvent] of table) {
    const byType = new Map<string, readonly Plan[]>();
    for (const [type, candidates] of byEvent) {
      byType.set(
        type,
        candidates.map((c) => ({ guard: c.guard ? guards[c.guard.type] : undefined, name: c.guard?.type ?? '', params: c.guard?.params, result: Object.freeze({ allowed: true, state: c.target ?? state }) })),
      );
    }
    plans.set(state, { refused: Object.freeze({ allowed: false, state }), byType });
  }
  const compiledStep = (state: string, event: ChronologyEvent): StepResult => {
    const plan = plans.get(state);
    if (!plan) return { allowed: false, state };
    const candidates = plan.byType.get(event.type);
    if (!candidates) return plan.refused;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      if (c.name) {
        if (!c.guard) throw new Error(`unknown guard ${c.name} in ${id}`);
        if (!c.guard({ context: undefined, event }, c.params)) continue;
      }
      return c.result;
    }
    return plan.refused;
  };

  const snapshots = new Map<string, AnyMachineSnapshot>();
  const snapshotOf = (state: string): AnyMachineSnapshot => {
    let s = snapshots.get(state);
    if (!s) {
      s = machine.resolveState({ value: state, context: undefined }) as AnyMachineSnapshot;
      snapshots.set(state, s);
    }
    return s;
  };
  const xstateStep = (state: string, event: ChronologyEvent): StepResult => {
    const snapshot = snapshotOf(state);
    if (machine.getTransitionData(snapshot, event).length === 0) return { allowed: false, state };
    const [next] = transition(machine, snapshot, event);
    return { allowed: true, state: String(next.value) };
  };

  return {
    id,
    key: definition.key,
    scope: definition.scope,
    name: definition.name,
    label: definition.label,
    show: definition.show,
    guardFields: definition.guardFields,
    machine,
    handles,
    initial,
    step: engine === 'xstate' ? xstateStep : compiledStep,
    allowedEvents(state) {
      return [...(table.get(state)?.keys() ?? [])] as EventType[];
    },
    describe(state, valueOf = nationalValueToday) {
      const node = machine.root.states[state];
      const meta = (node?.meta ?? {}) as { label?: string; citation?: string };
      return { label: meta.label ?? state, description: fillTimescales(node?.description ?? '', valueOf), citation: fillTimescales(meta.citation ?? '', valueOf) };
    },
  };
}

export interface Processes {
  /** Every process, in registry order. */
  readonly all: readonly Process[];
  /** Machines run once per child, and once per case (the engine steps them in that order). */
  readonly perChild: readonly Process[];
  readonly perCase: readonly Process[];
  /** The process with this id. */
  get(id: ProcessId): Process;
}

const cache = new Map<EngineKind, Processes>();

/** The case's process machines (the registry, machines/index.ts), stepped by the chosen engine. */
export function processes(engine: EngineKind = 'compiled'): Processes {
  let p = cache.get(engine);
  if (!p) {
    const all = PROCESS_DEFINITIONS.map((d) => makeProcess(d, engine));
    const byId = new Map<string, Process>(all.map((x) => [x.id, x]));
    p = {
      all,
      perChild: all.filter((x) => x.scope === 'child'),
      perCase: all.filter((x) => x.scope === 'case'),
      get(id) {
        const found = byId.get(id);
        if (!found) throw new RangeError(`unknown process "${id}"`);
        return found;
      },
    };
    cache.set(engine, p);
  }
  return p;
}
