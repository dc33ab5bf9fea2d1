/**
 * How much of each process machine the generated paths exercise, measured through the
 * real engine.
 *
 * Every generated path (src/testing/paths.ts: shortest paths and the transition cover)
 * becomes a chronology, which is loaded and replayed by the public `replay()` with the
 * XState engine. The states come from the replay's timeline (`timeline[i].states`), not
 * from the generator; the transition definition each event took (state × event type ×
 * guarded branch) is read with XState's `getTransitionData` from the state the timeline
 * shows before the event, and must lead to the state the timeline shows after it (a
 * disagreement is reported as a mismatch). Coverage counts what the replays did.
 */
import { replay } from '../index.js';
import { loadChronologyData } from '../load.js';
import type { MachineStates, ReplayResult } from '../engine/types.js';
import { processes } from '../engine/processes.js';
import { stateIn as stateInStates } from '../report/states.js';
import {
  type ChronologyOptions,
  type MachineId,
  type MachinePath,
  MACHINE_IDS,
  type TransitionRef,
  firedTransition,
  generatedPaths,
  initialState,
  machineProcess,
  machineStates,
  machineTransitions,
  pathToChronology,
  transitionKey,
} from './paths.js';

export interface MachineCoverage {
  machine: MachineId;
  /** Chronologies replayed. */
  chronologies: number;
  states: { total: number; reached: number; percent: number; missed: string[] };
  transitions: { total: number; taken: number; percent: number; missed: TransitionRef[] };
  /** `process-deviation` findings in the replays (a path follows the chart, so none are expected). */
  deviations: number;
  /** Events where the replay's state after the event is not the target of the transition XState selects. */
  mismatches: string[];
}

/** Where one machine stands in a timeline entry's states (per-child machines: for `child`). */
export function stateIn(states: MachineStates, id: MachineId, child: string): string | undefined {
  return stateInStates(states, processes().get(id), child);
}

/** What one replay of a path did to its machine. */
export interface PathReplay {
  path: MachinePath;
  result: ReplayResult;
  /** The machine's state before the first event and after each event, from the timeline. */
  states: string[];
  /** The transition each event took. */
  taken: TransitionRef[];
  mismatches: string[];
}

/** Load and replay the chronology of a path (XState engine), and read the machine's states and transitions off it. */
export function replayPath(path: MachinePath, options: ChronologyOptions = {}): PathReplay {
  const obj = pathToChronology(path, options);
  const loaded = loadChronologyData(obj, `${obj.case}.json`);
  if (!loaded.ok) throw new Error(`${obj.title}: generated chronology does not load: ${loaded.issues.map((i) => `${i.eventId ?? ''} ${i.path}: ${i.message}`).join('; ')}`);
  const result = replay(loaded.chronology, { engine: 'xstate' });
  const child = options.child ?? (options.children ?? ['A'])[0]!;
  const id = path.machine;
  const states = [initialState(id)];
  const taken: TransitionRef[] = [];
  const mismatches: string[] = [];
  loaded.chronology.events.forEach((event, i) => {
    const entry = result.timeline[i];
    if (!entry || entry.event !== event.id) throw new Error(`${obj.title}: timeline entry ${i} is not event ${event.id}`);
    const from = states[states.length - 1]!;
    const to = stateIn(entry.states, id, child);
    if (to === undefined) throw new Error(`${obj.title}: no ${id} state for child ${child} after ${event.id}`);
    states.push(to);
    const t = firedTransition(id, from, event);
    if (!t) {
      if (to !== from) mismatches.push(`${obj.case}: ${event.id} refused from ${from} but the replay moved to ${to}`);
      return;
    }
    taken.push(t);
    if (t.target !== to) mismatches.push(`${obj.case}: ${event.id} takes ${transitionKey(t)} ${t.target} but the replay shows ${to}`);
  });
  return { path, result, states, taken, mismatches };
}

const pct = (n: number, total: number) => (total === 0 ? 100 : Math.round((1000 * n) / total) / 10);

/** Coverage of one machine's chart by replays of the given paths (default: {@link generatedPaths}). */
export function coverageOf(id: MachineId, paths: readonly MachinePath[] = generatedPaths(id)): MachineCoverage {
  const allStates = machineStates(id);
  const allTransitions = machineTransitions(id);
  const reached = new Set<string>();
  const taken = new Set<string>();
  const mismatches: string[] = [];
  let deviations = 0;
  for (const path of paths) {
    const r = replayPath(path);
    for (const s of r.states) reached.add(s);
    for (const t of r.taken) taken.add(transitionKey(t));
    mismatches.push(...r.mismatches);
    deviations += r.result.findings.filter((f) => f.rule === 'process-deviation').length;
  }
  const missedStates = allStates.filter((s) => !reached.has(s));
  const missedTransitions = allTransitions.filter((t) => !taken.has(transitionKey(t)));
  return {
    machine: id,
    chronologies: paths.length,
    states: { total: allStates.length, reached: allStates.length - missedStates.length, percent: pct(allStates.length - missedStates.length, allStates.length), missed: missedStates },
    transitions: {
      total: allTransitions.length,
      taken: allTransitions.length - missedTransitions.length,
      percent: pct(allTransitions.length - missedTransitions.length, allTransitions.length),
      missed: missedTransitions,
    },
    deviations,
    mismatches,
  };
}

/** Coverage of every machine by replays of its generated paths. */
export function machineCoverage(): MachineCoverage[] {
  return MACHINE_IDS.map((id) => coverageOf(id));
}

/** A plain-text table of coverage, one row per machine, then what was missed. */
export function formatCoverage(rows: readonly MachineCoverage[]): string {
  const header = ['machine', 'scope', 'paths', 'states', 'states %', 'transitions', 'transitions %', 'deviations'];
  const body = rows.map((r) => [
    r.machine,
    machineProcess(r.machine).scope,
    String(r.chronologies),
    `${r.states.reached}/${r.states.total}`,
    `${r.states.percent.toFixed(1)}%`,
    `${r.transitions.taken}/${r.transitions.total}`,
    `${r.transitions.percent.toFixed(1)}%`,
    String(r.deviations),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  for (const r of rows) {
    for (const s of r.states.missed) out.push(`missed state       ${r.machine}.${s}`);
    for (const t of r.transitions.missed) out.push(`missed transition  ${r.machine}: ${describeTransition(t)}`);
    for (const m of r.mismatches) out.push(`engine mismatch    ${r.machine}: ${m}`);
  }
  return out.join('\n');
}

/** `assessed --s47.started#0 [guard]--> s47` */
export function describeTransition(t: TransitionRef): string {
  return `${t.state} --${t.event}#${t.index}${t.guard ? ` [${t.guard}]` : ''}--> ${t.target}`;
}

/** Whether every state and transition of every machine was exercised, with no deviation or mismatch. */
export function isComplete(rows: readonly MachineCoverage[]): boolean {
  return rows.every((r) => r.states.percent === 100 && r.transitions.percent === 100 && r.deviations === 0 && r.mismatches.length === 0);
}
