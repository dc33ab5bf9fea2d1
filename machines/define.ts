/**
 * What casepath needs to know of a process machine, declared once beside the machine
 * (machines/<process>.ts) and listed in machines/index.ts. The engine, the viewer, the
 * terminal report and stepper, the trace writer, the monitor's snapshots, model-based
 * paths and coverage all iterate that list, so adding a process is: its machine file with
 * one `defineProcess(...)`, one line in machines/index.ts, its rules and its tests.
 */
import type { AnyStateMachine } from 'xstate';
import type { EventType } from '../src/schema/events.js';

export interface ProcessDefinition {
  /** Stable id, used in findings, deadlines, traces and snapshots (e.g. `child-protection`). */
  readonly id: string;
  /** Its key in a timeline entry's `states` (the findings document's public name, e.g. `childProtection`). */
  readonly key: string;
  /** `child`: one machine per child; `case`: one for the case. */
  readonly scope: 'child' | 'case';
  readonly machine: AnyStateMachine;
  /** The chronology event types the machine reads; every other type passes it by. */
  readonly events: readonly EventType[];
  /** Display name (viewer headings, trace labels). */
  readonly name: string;
  /** A short word for one-line summaries (terminal replay, stepper): `PLO`, `care`. */
  readonly label: string;
  /** Summaries show the process always, or only once it has left its initial state. */
  readonly show: 'always' | 'once-begun';
  /** The guarded event types and the event fields their guards read (model-based paths enumerate their values). */
  readonly guardFields: Readonly<Partial<Record<EventType, readonly string[]>>>;
}

/** Declare a process (an identity function that keeps the literal id and key types). */
export function defineProcess<const D extends ProcessDefinition>(definition: D): D {
  return definition;
}
