/**
 * Test helpers: build a chronology object inline and replay it through the public API,
 * the way a user's file would be. Tests assert on findings, never on internals.
 */
import { replay, withLocalValuesStated, type Finding, type ReplayResult } from '../src/index.js';
import type { AnyRule } from '../src/engine/types.js';

export interface ChronOptions {
  children?: string[];
  completeness?: 'summary' | 'record';
  asOf?: string;
  /** Replay with only these rules (default parameters), e.g. a rule not yet registered in src/rules/index.ts. */
  rules?: AnyRule[];
  /**
   * `stated` (default): every local timescale (a local procedure, best practice) taken as the
   * authority's own at its typical value, so a rule's own logic is judged; `unstated`: the
   * national defaults alone, where a finding resting on a local value is at most `possible`
   * (tests/local-values.test.ts).
   */
  localValues?: 'stated' | 'unstated';
}

/** A chronology object as a file would hold it (defaults: one child A, a summary, asOf 2024-12-31). */
export function chronology(events: Record<string, unknown>[], options: ChronOptions = {}): Record<string, unknown> {
  return {
    case: 'test-case',
    asOf: options.asOf ?? '2024-12-31',
    completeness: options.completeness ?? 'summary',
    children: (options.children ?? ['A']).map((id) => ({ id })),
    events,
  };
}

const STATED = withLocalValuesStated();

export function run(events: Record<string, unknown>[], options: ChronOptions = {}): ReplayResult {
  const stated = options.localValues !== 'unstated';
  if (!options.rules) return replay(chronology(events, options), stated ? { config: STATED } : {});
  const params = new Map(STATED.params);
  // The rule objects given bring their own parameter defaults (a test may pass a variant).
  for (const r of options.rules) params.set(r.id, r.params.parse({}));
  const timescales = stated ? STATED.timescales : new Map();
  return replay(chronology(events, options), { config: { rules: options.rules, params, timescales } });
}

/** Findings of one rule. */
export function findingsOf(result: ReplayResult, rule: string): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

/** Findings of one rule at one certainty. */
export function certain(result: ReplayResult, rule: string): Finding[] {
  return findingsOf(result, rule).filter((f) => f.certainty === 'certain');
}
