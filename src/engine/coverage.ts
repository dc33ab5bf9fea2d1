/**
 * What a chronology's source records in full, as the engine and the rules ask it: was this
 * step, inside this window, recorded if it happened? (spec §1, "Absent is unknown").
 *
 * - `summary`: never — a step not recorded may have happened; a verdict resting on its
 *   absence is at most `possible`.
 * - `record`: always — a step not recorded did not happen.
 * - `window`: only for the listed event types, inside [from, to]; and a clock that started
 *   before `from` is judged at most `possible` (left truncation: what happened before the
 *   window is not in the record).
 */
import { type Day, formatDay } from '../calendar/day.js';
import type { EventType } from '../schema/events.js';

export type Coverage =
  | { readonly kind: 'summary' }
  | { readonly kind: 'record' }
  | { readonly kind: 'window'; readonly from: Day; readonly to: Day; readonly events: ReadonlySet<EventType> };

export const SUMMARY: Coverage = { kind: 'summary' };
export const RECORD: Coverage = { kind: 'record' };

/**
 * Would the source have recorded each of `types` had it happened, over `window` (every day of
 * it; default: anywhere)? A step of several types (met by any of them) is recorded only when
 * every type is.
 */
export function recorded(coverage: Coverage, types: readonly EventType[], window?: { earliest: Day; latest: Day }): boolean {
  if (coverage.kind !== 'window') return coverage.kind === 'record';
  if (!types.every((t) => coverage.events.has(t))) return false;
  return window === undefined || (window.earliest >= coverage.from && window.latest <= coverage.to);
}

/** Does `day` fall before the window the source covers (a clock that started there is left-truncated)? */
export function beforeCoverage(coverage: Coverage, day: Day): boolean {
  return coverage.kind === 'window' && day < coverage.from;
}

/** Does the source record these event types at all (in full, somewhere)? */
export function covers(coverage: Coverage, types: readonly EventType[]): boolean {
  if (coverage.kind !== 'window') return coverage.kind === 'record';
  return types.every((t) => coverage.events.has(t));
}

/** The completeness as the findings document states it (spec §1's own form, dates as `YYYY-MM-DD`). */
export type CompletenessStated = 'summary' | 'record' | { record: { from: string; to: string; events: EventType[] } };

export function statedCompleteness(coverage: Coverage): CompletenessStated {
  if (coverage.kind !== 'window') return coverage.kind;
  return { record: { from: formatDay(coverage.from), to: formatDay(coverage.to), events: [...coverage.events] } };
}

/** One line for a report's header: what absence means in this chronology. */
export function describeCoverage(coverage: Coverage): string {
  switch (coverage.kind) {
    case 'summary':
      return 'summary: facts the source does not state are unknown, so verdicts resting on them are only "possible"';
    case 'record':
      return 'full record: a step not recorded did not happen';
    case 'window':
      return `coverage: ${[...coverage.events].join(', ')} recorded in full from ${formatDay(coverage.from)} to ${formatDay(coverage.to)}; anything else not stated is unknown`;
  }
}
