/**
 * Judging statutory clocks when dates are ranges.
 *
 * A clock is due at `due(a)`, a function of the day `a` of its anchor (the event that
 * started it, or a fixed due date). It is late when the day it was met (or the day
 * it is judged at) falls after that. With vague dates the anchor and the end lie in
 * windows, and the two are not independent ("two weeks later"): the solver's pairwise
 * bounds (`diff`) say how far apart they can be. We walk every possible anchor day
 * and ask whether some, or every, consistent end day is late:
 * late for every assignment → `certain`; for some → `possible`; for none → no finding.
 */
import type { Day } from '../calendar/day.js';
import type { ResolvedDates } from '../dates/resolve.js';
import type { Certainty, Window } from './types.js';

export interface Verdict {
  late: Certainty | undefined;
  /** The window in which the deadline falls. */
  due: Window;
}

/**
 * `end` is either a date node index (an event that met the clock, an omission's
 * `until`), or a fixed day (`asOf`).
 */
export function judge(
  dates: ResolvedDates,
  anchor: number,
  end: { node: number } | { day: Day },
  due: (anchorDay: Day) => Day,
): Verdict {
  const ea = dates.earliest(anchor);
  const la = dates.latest(anchor);
  // Both days exact (nearly every clock of a dated record): the one assignment there is,
  // without asking the solver for the bounds of their difference (a pair made per call).
  if (ea === la && 'node' in end && dates.earliest(end.node) === dates.latest(end.node)) {
    const d = due(ea);
    const late = dates.earliest(end.node) > d ? 'certain' : undefined;
    // As below: a deadline that never falls (no timescale) is given as the anchor's day.
    const at = Number.isFinite(d) ? d : ea;
    return { late, due: { earliest: at, latest: at } };
  }
  let anyLate = false;
  let allLate = true;
  let dueMin = Infinity;
  let dueMax = -Infinity;
  let feasible = false;
  // Every anchor day is walked: whether a working-day deadline is missed depends on the
  // weekday and on bank holidays, so sampling would miss cases (a 20-year window is only
  // about 7,300 cheap steps).
  for (let a = ea; a <= la; a++) {
    const d = due(a);
    if (d < dueMin) dueMin = d;
    if (d > dueMax) dueMax = d;
    let lo: number;
    let hi: number;
    if ('day' in end) {
      lo = hi = end.day;
    } else {
      const [dmin, dmax] = dates.diff(anchor, end.node);
      lo = Math.max(dates.earliest(end.node), a + dmin);
      hi = Math.min(dates.latest(end.node), a + dmax);
      if (lo > hi) continue; // this anchor day is inconsistent with the end's constraints
    }
    feasible = true;
    if (hi > d) anyLate = true;
    if (!(lo > d)) allLate = false;
  }
  if (!feasible) allLate = false;
  return {
    late: anyLate ? (allLate ? 'certain' : 'possible') : undefined,
    due: { earliest: Number.isFinite(dueMin) ? dueMin : ea, latest: Number.isFinite(dueMax) ? dueMax : la },
  };
}
