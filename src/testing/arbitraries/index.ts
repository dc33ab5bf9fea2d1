/**
 * fast-check arbitraries for casepath chronologies, for property tests of casepath
 * itself and of systems that feed it. Each returns chronology objects as a JSON file
 * holds them; each takes a `...Constraints` object whose fields document their defaults.
 *
 * - {@link chronologyArbitrary}: any valid chronology (it always loads).
 * - {@link compliantChronologyArbitrary}: a full record that follows the process: replay finds nothing.
 * - {@link mutatedChronologyArbitrary}: a compliant record with one change that breaks a given rule ({@link MUTATIONS}).
 * - {@link malformedChronologyArbitrary}: an invalid file, tagged with the issue code the loader must give ({@link MALFORMATIONS}).
 */
export { type ChronologyConstraints, type ChronologyPlan, type Step, chronologyArbitrary, chronologyPlanArbitrary, buildChronology, stepTypes } from './chronology.js';
export { type CompliantChronologyConstraints, TRACK_KINDS, type TrackKind, compliantChronologyArbitrary, casePlanArbitrary } from './compliant.js';
export {
  MUTATIONS,
  MUTATED_RULES,
  type MutatedChronology,
  type MutatedChronologyConstraints,
  type MutatedRule,
  type MutationSpec,
  mutatedChronologyArbitrary,
} from './mutated.js';
export {
  MALFORMATIONS,
  MALFORMATION_KINDS,
  type MalformedChronology,
  type MalformedChronologyConstraints,
  type Malformation,
  malformedChronologyArbitrary,
} from './malformed.js';
export { type ChronologyData, type DateForm, type DateFormChoice, DATE_FORMS, applyDateForms } from './support.js';
export { type CasePlan, buildCase } from './tracks.js';
