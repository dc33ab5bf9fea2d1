/**
 * Reading a timeline entry's machine states generically, for every renderer (terminal,
 * stepper, viewer): each process of the registry, per child or for the case.
 */
import type { MachineStates } from '../../machines/index.js';
import type { Process } from '../engine/processes.js';

/** The state of `process` (for `child`, if per child) in `states`; undefined if absent. */
export function stateIn(states: MachineStates, process: Process, child?: string): string | undefined {
  const v = (states as unknown as Record<string, unknown>)[process.key];
  if (process.scope === 'case') return typeof v === 'string' ? v : undefined;
  return child === undefined ? undefined : (v as Record<string, string> | undefined)?.[child];
}

/** Whether a summary shows the process in this state (always, or once it has left its initial state). */
export function shown(process: Process, state: string | undefined): state is string {
  return state !== undefined && (process.show === 'always' || state !== process.initial);
}

/** Every process's initial state, keyed as a timeline entry's `states` is. */
export function initialStates(procs: readonly Process[], children: readonly string[]): MachineStates {
  const out: Record<string, unknown> = {};
  for (const p of procs) out[p.key] = p.scope === 'child' ? Object.fromEntries(children.map((c) => [c, p.initial])) : p.initial;
  return out as unknown as MachineStates;
}

/** The children a timeline entry's states name (from its per-child processes). */
export function childrenIn(states: MachineStates, procs: readonly Process[]): string[] {
  const seen = new Set<string>();
  for (const p of procs) if (p.scope === 'child') for (const c of Object.keys(((states as unknown as Record<string, unknown>)[p.key] as Record<string, string>) ?? {})) seen.add(c);
  return [...seen];
}

/**
 * One line: each child's per-child states (`B: on a plan, in care`), then each per-case
 * process with its label (`PLO: PLO in place`), each shown per its `show` setting. The
 * first per-child process (child protection) is always shown, so every child appears.
 */
export function statesLine(states: MachineStates, procs: readonly Process[]): string {
  const perChild = procs.filter((p) => p.scope === 'child');
  const parts: string[] = [];
  for (const child of childrenIn(states, procs)) {
    const labels = perChild
      .map((p, i) => {
        const s = stateIn(states, p, child);
        return i === 0 || shown(p, s) ? (s === undefined ? undefined : p.describe(s).label) : undefined;
      })
      .filter((x): x is string => x !== undefined);
    parts.push(`${child}: ${labels.join(', ')}`);
  }
  for (const p of procs) {
    if (p.scope !== 'case') continue;
    const s = stateIn(states, p);
    if (shown(p, s)) parts.push(`${p.label}: ${p.describe(s).label}`);
  }
  return parts.join(' · ');
}

/**
 * The processes a replay uses: those shown always, and those shown once begun that some
 * child (or the case) leaves the initial state of at some step.
 */
export function processesInUse(procs: readonly Process[], timeline: readonly { states: MachineStates }[]): Process[] {
  return procs.filter(
    (p) =>
      p.show === 'always' ||
      timeline.some((t) => {
        if (p.scope === 'case') return stateIn(t.states, p) !== p.initial;
        const v = (t.states as unknown as Record<string, Record<string, string> | undefined>)[p.key] ?? {};
        return Object.values(v).some((s) => s !== p.initial);
      }),
  );
}
