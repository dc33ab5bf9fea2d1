/**
 * Small helpers the rule files share. Nothing here knows about a particular rule.
 */
import { z } from 'zod';
import type { DatedEvent, EventOf, Reason } from '../schema/events.js';
import { childrenOf } from '../engine/replay.js';
import type { Completeness } from '../schema/chronology.js';
import type { Certainty, RuleContext, StepContext } from '../engine/types.js';

/** A rule without parameters of its own. */
export const noParams = z.strictObject({});
export type NoParams = z.output<typeof noParams>;

/** Children of an event (its own list, or the whole case). */
export function eventChildren(event: DatedEvent, ctx: RuleContext<unknown>): string[] {
  return [...childrenOf(event, ctx.chronology.children)];
}

/**
 * Certainty of a verdict that rests on an unstated fact: in a summary, unknown
 * stays unknown (possible); in a full record, a fact not recorded did not happen.
 */
export function unstated(completeness: Completeness): Certainty {
  return completeness === 'record' ? 'certain' : 'possible';
}

/** Concern ids an event relies on: `reliesOn` and reasons of basis `concern`. */
export function reliedConcerns(event: { reliesOn?: string[] | undefined; reasons?: Reason[] | undefined }): string[] {
  const ids = new Set<string>(event.reliesOn ?? []);
  for (const r of event.reasons ?? []) if (r.basis === 'concern') ids.add(r.concern);
  return [...ids];
}

/**
 * Does the event state what it relied on: `reliesOn`, or reasons giving a ground
 * (a concern, non-engagement, a procedural status)? A reason that only records that
 * dissent was considered states no ground.
 */
export function statesReliance(event: { reliesOn?: string[] | undefined; reasons?: Reason[] | undefined }): boolean {
  return event.reliesOn !== undefined || (event.reasons ?? []).some((r) => r.basis !== 'dissent-considered');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Conferences whose decision puts or keeps a child on a plan. */
export function isPlanDecision(e: EventOf<'conference.held'>): boolean {
  return e.decision === 'plan' || e.decision === 'continue-plan';
}

/** The earlier events of a type seen so far (read-only view). */
export function seenOfType<T extends DatedEvent['type']>(ctx: StepContext<unknown>, type: T): readonly EventOf<T>[] {
  return (ctx.state.seenByType.get(type) ?? []) as readonly EventOf<T>[];
}

export function intersects(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.includes(x));
}
