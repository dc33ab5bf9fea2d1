/**
 * The rule kit: the one module rules import from the engine. Everything a rule file needs
 * to read the case and judge a step is here — types, the children of an event, what the
 * source records in full, the reading of a conference of unstated kind, citations, typed
 * timescale ids — so the engine can change without touching 40 rule files, and a new rule
 * imports from one place. (A test holds rules to it: no rule imports `src/engine/` directly.)
 */
import type { Day } from '../calendar/day.js';
import { recorded } from '../engine/coverage.js';
import type { SeenSlice } from '../engine/history.js';
import type { Certainty, ClockStart, FindingDraft, RuleContext, StepContext, Window } from '../engine/types.js';
import type { TimescaleId } from '../law/timescales.js';
import { mapped } from '../arrays.js';
import type { DatedEvent, EventOf, EventType, Reason } from '../schema/events.js';
import { z } from 'zod';

export type {
  AnyRule,
  CaseState,
  Chronology,
  Certainty,
  ClockSpec,
  ClockStart,
  ConcernRecord,
  ConcernStatus,
  FindingDraft,
  OpenClock,
  RuleContext,
  RuleDefinition,
  StepContext,
  Window,
} from '../engine/types.js';
export type { Verdict } from '../engine/clocks.js';
export type { HistoryView, SeenSlice } from '../engine/history.js';
export type { DeviationContext, Refusal } from '../engine/replay.js';
export type { TimescaleId } from '../law/timescales.js';
export { cite, cppcr, lgsco23016429, wt, type Citation, type CitationSpec } from '../law/citations.js';
export { mapped } from '../arrays.js';

/** A rule without parameters of its own. */
export const noParams = z.strictObject({});
export type NoParams = z.output<typeof noParams>;

/** Children of an event (its own list, or the whole case). */
export function eventChildren(event: { children?: string[] | undefined }, ctx: RuleContext<unknown>): string[] {
  return [...(event.children ?? ctx.chronology.children)];
}

/**
 * The clocks a decision's recommendations start, one each (a complaint's response, an
 * Ombudsman's decision): due on the recommendation's own date, within its offset of the
 * decision, or else by `fallback`, a typical value. An offset such as "within four weeks of
 * the decision" is counted on the calendar from the decision's own day (a month is then
 * exact; the `#id` date node spans every length a month can have).
 */
export function recommendationClocks(e: EventOf<'complaint.responded'> | EventOf<'ombudsman.decided'>, ctx: RuleContext<unknown>, fallback: TimescaleId): ClockStart[] {
  return mapped(e.recommendations ?? [], (r): ClockStart => ({
    key: `${e.id}#${r.id}`,
    children: eventChildren(e, ctx),
    startEvent: e.id,
    ...(r.due === undefined
      ? { anchor: e.id, due: { kind: 'timescale', timescale: fallback } }
      : r.due.kind === 'duration'
        ? { anchor: e.id, due: { kind: 'duration', iso: r.due.offset } }
        : { anchor: `${e.id}#${r.id}`, due: { kind: 'fixed' } }),
    refersTo: [r.id],
    data: { recommendation: r.id, ...(r.action !== undefined ? { action: r.action } : {}) },
  }));
}

/**
 * Certainty of a verdict that rests on a fact the source may not state: `certain` where the
 * source records such facts in full (a full record, or a dataset covering `types` over
 * `window`), else `possible` — in a summary, unknown stays unknown.
 */
export function unstated(ctx: RuleContext<unknown>, types?: readonly EventType[], window?: Window): Certainty {
  const c = ctx.chronology.coverage;
  if (types === undefined) return c.kind === 'record' ? 'certain' : 'possible';
  return recorded(c, types, window) ? 'certain' : 'possible';
}

/** Is the chronology a full record (a step not recorded did not happen)? */
export function isFullRecord(ctx: RuleContext<unknown>): boolean {
  return ctx.chronology.coverage.kind === 'record';
}

/** The weaker of two certainties. */
export function weaker(a: Certainty, b: Certainty): Certainty {
  return a === 'certain' && b === 'certain' ? 'certain' : 'possible';
}

/** Concern ids an event relies on: `reliesOn` and reasons of basis `concern`. */
export function reliedConcerns(event: { reliesOn?: string[] | undefined; reasons?: Reason[] | undefined }): string[] {
  const ids = new Set<string>(event.reliesOn ?? []);
  for (const r of event.reasons ?? []) if (r.basis === 'concern') ids.add(r.concern);
  return [...ids];
}

/**
 * Does the event state what it relied on: `reliesOn`, or reasons giving a ground (a concern,
 * non-engagement, a procedural status)? A reason that only records that dissent was
 * considered states no ground.
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

/** The earlier events of a type seen so far (read-only view, listing order). */
export function seenOfType<T extends EventType>(ctx: StepContext<unknown>, type: T): readonly EventOf<T>[] {
  return ctx.state.seenByType.get(type) ?? [];
}

/**
 * The earlier events of any of `types` seen so far, in listing order, from the engine's
 * history index: a rule walks only these, not every event seen (pass a constant list).
 */
export function seenOfTypes<T extends EventType>(ctx: StepContext<unknown>, types: readonly T[]): SeenSlice<EventOf<T>> {
  return ctx.state.history.ofTypes(types);
}

export function intersects(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.includes(x));
}

/** Child-protection states in which an initial conference is the step the process expects. */
const INITIAL_DUE = new Set(['s47', 'icpcDue', 'strategy', 'strategyDue']);
/** States in which a conference is a review of a plan. */
const ON_PLAN = new Set(['plan']);

/**
 * The kind of a conference for `child`: as the source states it, or — where it does not —
 * the kind the child's child-protection state allows (an initial conference during s47
 * enquiries, a review while on a plan), the same reading the machine takes. `assumed` says
 * a rule relying on it must say so (and is at most `possible`); `undefined`: no reading fits.
 */
export function conferenceKind(
  e: EventOf<'conference.held'>,
  ctx: StepContext<unknown>,
  child: string,
): { kind: 'initial' | 'review' | 'early-review'; assumed: boolean } | undefined {
  if (e.kind) return { kind: e.kind, assumed: false };
  const state = ctx.state.machine('child-protection', child);
  if (ON_PLAN.has(state)) return { kind: 'review', assumed: true };
  if (INITIAL_DUE.has(state)) return { kind: 'initial', assumed: true };
  return undefined;
}

/** The words a finding adds when it rests on an assumed conference kind. */
export function assumedKind(e: DatedEvent, kind: string): { missing: string[]; note: string } {
  return { missing: [`the kind of conference ${e.id} (taken to be ${kind})`], note: ` The source does not say what kind of conference ${e.id} was; casepath took it to be ${kind === 'initial' ? 'an initial' : 'a review'} conference, the step the process expected.` };
}

/** Cap a draft's certainty at `possible`, adding what would settle it. */
export function capPossible(d: FindingDraft, missing: readonly string[], note = ''): FindingDraft {
  return { ...d, certainty: 'possible', missing: [...(d.missing ?? []), ...missing], message: d.message + note };
}

/** The earliest day of an event (or date node). */
export function earliest(ctx: RuleContext<unknown>, key: string): Day {
  return ctx.window(key).earliest;
}
