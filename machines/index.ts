/**
 * The process registry: every process machine casepath runs, in display order (the
 * viewer, the terminal and the stepper list them in this order; the engine steps the
 * per-child ones, then the per-case ones, each in this order). Add a process here.
 */
import { childProtectionProcess } from './child-protection.js';
import { cinPlanProcess } from './cin-plan.js';
import { complaintsProcess } from './complaints.js';
import { lookedAfterProcess } from './looked-after.js';
import { ploProcess } from './plo.js';

export const PROCESS_DEFINITIONS = [childProtectionProcess, cinPlanProcess, ploProcess, lookedAfterProcess, complaintsProcess] as const;

export type ProcessDefinitionOf = (typeof PROCESS_DEFINITIONS)[number];
/** A process id: `child-protection`, `plo`, ... */
export type ProcessId = ProcessDefinitionOf['id'];
/** Where each machine stands after an event: per child (child id → state) for per-child processes, one state for per-case ones. */
export type MachineStates = {
  [D in ProcessDefinitionOf as D['key']]: D['scope'] extends 'child' ? Record<string, string> : string;
};
export type { ProcessDefinition } from './define.js';
