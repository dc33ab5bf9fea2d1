/**
 * An XState inspection trace of a replay: the case's machines run as real XState
 * actors (`createActor(machine, { inspect })`), one per child for each per-child
 * machine and one per case for each per-case machine, and every chronology event is
 * sent to the actors the replay engine offers it to. Which actors those are is not
 * decided here: it is the engine's own `processes()` (each process's `scope` and
 * `handles`) and `childrenOf()`, so the trace cannot drift from the replay.
 *
 * A machine refusing an event leaves its state unchanged in both the engine and the
 * actor (XState ignores an event with no enabled transition), so the last snapshot of
 * each actor equals the replay's final states (tests/trace.test.ts holds it to that).
 *
 * The trace stays on this machine: it is a file the CLI writes (`--trace FILE`). It
 * holds event types, actor names (which carry child ids) and state names, never an
 * event's payload: no free-text notes. The format is fixed (a separate HTML viewer
 * reads it) and `traceSchema` validates it.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type Actor, type AnyActorRef, type AnyStateMachine, type InspectionEvent, type Observer, createActor } from 'xstate';
import { z } from 'zod';
import type { DatedEvent } from '../schema/events.js';
import { type Process, processes } from './processes.js';
import { childrenOf } from './replay.js';
import type { Chronology } from './types.js';

/** The inspection event kinds a trace records. */
export const TRACE_KINDS = ['@xstate.actor', '@xstate.event', '@xstate.snapshot', '@xstate.microstep'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];

/** The chronology event id of entries recorded while the actors were created and started. */
export const TRACE_START = '(start)';

export const traceEntrySchema = z.strictObject({
  /** 0, 1, 2, … in the order XState reported them. */
  seq: z.number().int().nonnegative(),
  /** The chronology event being replayed, or "(start)" for actor creation. */
  event: z.string().min(1),
  /** e.g. "childProtection:B", "lookedAfter:C", "plo", "complaints". */
  actor: z.string().min(1),
  kind: z.enum(TRACE_KINDS),
  /** The machine event's type (`xstate.init` when an actor starts). */
  eventType: z.string().optional(),
  /** The snapshot's value as a string (a state name: the machines are flat). */
  state: z.string().optional(),
});

export const traceSchema = z.strictObject({
  format: z.literal('casepath-trace'),
  version: z.literal(1),
  case: z.string(),
  entries: z.array(traceEntrySchema),
});

export type TraceEntry = z.output<typeof traceEntrySchema>;
export type Trace = z.output<typeof traceSchema>;

export interface TraceOptions {
  /** Also hand every inspection event (unfiltered) to this observer, e.g. a live inspector. */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
}

/** The actor name of a process (its key in a timeline entry's states) for a child (per-child machines) or the case. */
export function actorName(p: Process, child?: string): string {
  return p.scope === 'child' ? `${p.key}:${child}` : p.key;
}

/** A chronology event as a machine event: the event without its free-text note. */
export function machineEvent(event: DatedEvent): DatedEvent {
  if (!('note' in event) || event.note === undefined) return event;
  const { note: _note, ...rest } = event;
  return rest as DatedEvent;
}

/** The case's machines as live XState actors, fed the chronology one event at a time. */
export interface CaseActors {
  /** Actor name → actor, per-child machines first (each child in turn), then per-case. */
  readonly actors: ReadonlyMap<string, Actor<AnyStateMachine>>;
  /** Send `event` (without its note) to every actor the replay engine offers it to; returns their names. */
  offer(event: DatedEvent): string[];
  /** The state of every actor now, as a string. */
  states(): Record<string, string>;
  stop(): void;
}

/** A snapshot value as one string: a state name for flat machines, JSON otherwise. */
export function stateText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Create and start the case's actors with `inspect` observing them. Actor creation
 * reports `@xstate.actor`, `@xstate.event` (`xstate.init`) and `@xstate.snapshot` for
 * each actor before this returns.
 */
export function createCaseActors(chronology: Pick<Chronology, 'children'>, inspect: Observer<InspectionEvent> | ((event: InspectionEvent) => void)): CaseActors {
  const procs = processes();
  const actors = new Map<string, Actor<AnyStateMachine>>();
  const byProcess = new Map<Process, Map<string | undefined, Actor<AnyStateMachine>>>();
  const add = (p: Process, child: string | undefined) => {
    const name = actorName(p, child);
    const actor = createActor(p.machine, { id: name, inspect });
    actors.set(name, actor);
    const m = byProcess.get(p) ?? new Map<string | undefined, Actor<AnyStateMachine>>();
    m.set(child, actor);
    byProcess.set(p, m);
  };
  for (const p of procs.perChild) for (const child of chronology.children) add(p, child);
  for (const p of procs.perCase) add(p, undefined);
  for (const a of actors.values()) a.start();

  return {
    actors,
    offer(event) {
      const sent: string[] = [];
      const e = machineEvent(event);
      // The same offers as replayChronology step 1: per-child machines for the event's children, then per-case.
      for (const p of procs.perChild) {
        if (!p.handles.has(event.type)) continue;
        for (const child of childrenOf(event, chronology.children)) {
          const a = byProcess.get(p)!.get(child);
          if (!a) continue;
          a.send(e);
          sent.push(actorName(p, child));
        }
      }
      for (const p of procs.perCase) {
        if (!p.handles.has(event.type)) continue;
        byProcess.get(p)!.get(undefined)!.send(e);
        sent.push(actorName(p));
      }
      return sent;
    },
    states() {
      return Object.fromEntries([...actors].map(([name, a]) => [name, stateText(a.getSnapshot().value)]));
    },
    stop() {
      for (const a of actors.values()) a.stop();
    },
  };
}

/** Replay `chronology` through real XState actors and record what XState's inspection API reports. */
export function traceReplay(chronology: Pick<Chronology, 'case' | 'children' | 'events'>, options: TraceOptions = {}): Trace {
  const entries: TraceEntry[] = [];
  let current = TRACE_START;
  const forward = options.inspect;
  const record = (ev: InspectionEvent) => {
    if (forward) {
      if (typeof forward === 'function') forward(ev);
      else forward.next?.(ev);
    }
    if (!(TRACE_KINDS as readonly string[]).includes(ev.type)) return; // e.g. @xstate.action: the machines have none
    const entry: TraceEntry = { seq: entries.length, event: current, actor: (ev.actorRef as AnyActorRef).id, kind: ev.type as TraceKind };
    if (ev.type === '@xstate.event' || ev.type === '@xstate.snapshot' || ev.type === '@xstate.microstep') entry.eventType = ev.event.type;
    if (ev.type === '@xstate.snapshot' || ev.type === '@xstate.microstep') {
      const snap = ev.snapshot as { value?: unknown };
      if (snap.value !== undefined) entry.state = stateText(snap.value);
    }
    entries.push(entry);
  };
  const actors = createCaseActors(chronology, record);
  try {
    for (const event of chronology.events) {
      current = event.id;
      actors.offer(event);
    }
  } finally {
    actors.stop();
  }
  return { format: 'casepath-trace', version: 1, case: chronology.case, entries };
}

/** The last snapshot state of each actor in a trace. */
export function finalTraceStates(trace: Trace): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of trace.entries) if (e.kind === '@xstate.snapshot' && e.state !== undefined) out[e.actor] = e.state;
  return out;
}

/**
 * Write a trace atomically: a temporary file beside `path`, then a rename, so a reader
 * never sees half a trace. Returns the problem, if any (the temporary file is removed).
 */
export function writeTraceFile(path: string, trace: Trace): string | undefined {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, `${JSON.stringify(trace, null, 2)}\n`, { flag: 'wx' });
    renameSync(tmp, path);
    return undefined;
  } catch (err) {
    rmSync(tmp, { force: true });
    return (err as Error).message;
  }
}
