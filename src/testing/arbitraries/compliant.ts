/**
 * `compliantChronologyArbitrary`: full `record` chronologies that follow the process in
 * time, with every stated field compliant, so a replay with the national defaults
 * finds NOTHING (no finding of any rule, at any certainty).
 *
 * A case is one to three episodes laid end to end, each drawn from one process:
 * child protection (from a referral closed the next day up to a plan ended at review),
 * pre-proceedings (with or without care proceedings), a care order (reviews, a change
 * of placement, a concern about a child in care, discharge), a complaint (stages 1–2,
 * the Ombudsman, the council's consideration of the report), and correspondence and
 * commitments. Within an episode, which optional steps appear (assessment, a second
 * concern, a rescheduled conference, views, a dissenting view taken into the reasons,
 * plan actions, extra core groups, a second review…) and every gap between steps are
 * drawn; every gap stays within its timescale (the fields of tracks.ts document each
 * range). Dates are exact days (a vague date would make a deadline only *possibly*
 * met); `applyDateForms` in support.ts turns them vague when a test wants that.
 *
 * The template is tests/rules/_compliant-path.test.ts. Shrinking removes episodes and
 * optional steps and pulls every gap to its smallest value: a failing case shrinks to
 * the shortest episode that still fails.
 */
import fc from 'fast-check';
import { type ChronologyData, shrinkableArray, startWindow } from './support.js';
import { type CasePlan, TRACK_ARBITRARIES, TRACK_KINDS, type Track, type TrackKind, buildCase } from './tracks.js';

export { TRACK_KINDS, type TrackKind } from './tracks.js';

export interface CompliantChronologyConstraints {
  /** Fewest children in the case. Default 1. */
  minChildren?: number;
  /** Most children in the case (at most 4). Default 4. */
  maxChildren?: number;
  /** Fewest episodes. Default 1. */
  minEpisodes?: number;
  /** Most episodes. Default 3. */
  maxEpisodes?: number;
  /**
   * Processes episodes are drawn from. Default all of them: `child-protection`, `plo`,
   * `looked-after`, `complaints`, `contact` (correspondence and commitments).
   */
  processes?: readonly TrackKind[];
  /** Earliest first day of a case (`YYYY-MM-DD`). Default `2016-01-04`. */
  from?: string;
  /** Latest first day of a case (`YYYY-MM-DD`). Default `2024-06-28`. */
  to?: string;
  /** Most calendar days from the last event to `asOf` (every clock is closed by then). Default 30. */
  maxAsOfMargin?: number;
}

/** The choices behind a compliant case (before it is built). */
export function casePlanArbitrary(constraints: CompliantChronologyConstraints = {}): fc.Arbitrary<CasePlan> {
  const kinds = constraints.processes?.length ? [...constraints.processes] : [...TRACK_KINDS];
  for (const k of kinds) if (!TRACK_KINDS.includes(k)) throw new RangeError(`unknown process "${k}" (known: ${TRACK_KINDS.join(', ')})`);
  const { min, max } = startWindow(constraints.from, constraints.to);
  const minChildren = Math.max(1, constraints.minChildren ?? 1);
  const maxChildren = Math.min(4, constraints.maxChildren ?? 4);
  if (maxChildren < minChildren) throw new RangeError('maxChildren is less than minChildren');
  const track: fc.Arbitrary<Track> = fc.oneof(...kinds.map((k) => TRACK_ARBITRARIES[k] as fc.Arbitrary<Track>));
  return fc.record({
    children: fc.integer({ min: minChildren, max: maxChildren }),
    start: fc.integer({ min, max }),
    tracks: shrinkableArray(track, constraints.minEpisodes ?? 1, constraints.maxEpisodes ?? 3),
    asOfMargin: fc.integer({ min: 0, max: constraints.maxAsOfMargin ?? 30 }),
    completeness: fc.constant('record' as const),
  });
}

/** Compliant `record` chronologies: replay finds nothing. See the file comment. */
export function compliantChronologyArbitrary(constraints: CompliantChronologyConstraints = {}): fc.Arbitrary<ChronologyData> {
  return casePlanArbitrary(constraints).map((plan) => buildCase(plan).chronology as ChronologyData);
}
