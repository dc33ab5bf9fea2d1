/**
 * `mutatedChronologyArbitrary(ruleId)`: a compliant case (see compliant.ts) with ONE
 * episode carrying ONE minimal change that breaks `ruleId`: a step moved past its
 * timescale, a stated field flipped (`proportionality: false`, `explained: false`), a
 * concern relied on recorded as hearsay, a sharing or a meeting left out. Replay must
 * find `ruleId` at certainty `certain`, naming the events the change touched; other
 * rules may fire only where the same change necessarily breaks them too
 * (`alsoBreaks`).
 *
 * {@link MUTATIONS} lists every rule covered, with what its mutation does.
 */
import fc from 'fast-check';
import { type CompliantChronologyConstraints, casePlanArbitrary } from './compliant.js';
import type { ChronologyData } from './support.js';
import { CP_STAGES, type CpStage, TRACK_ARBITRARIES, type Track, type TrackKind, buildCase } from './tracks.js';

export interface MutationSpec {
  /** The process whose episode carries the change. */
  process: TrackKind;
  /** What the change is, one entry per variant. */
  variants: readonly string[];
  /** Largest magnitude drawn (0 = just past the limit). */
  maxN: number;
  /** Rules the same change necessarily breaks as well. */
  alsoBreaks: readonly string[];
  /** The episode must reach this far (child protection). */
  stage?: CpStage;
  /** The episode must take this route (child protection). */
  route?: 'assessment' | 'strategy-discussion';
  /** The episode must be the case's first of its process (care-plan-late: the child's first placement). */
  first?: boolean;
}

const cp = (stage: CpStage, variants: readonly string[], maxN = 0, extra: Partial<MutationSpec> = {}): MutationSpec => ({
  process: 'child-protection',
  stage,
  variants,
  maxN,
  alsoBreaks: [],
  ...extra,
});
const of = (process: TrackKind, variants: readonly string[], maxN = 0, extra: Partial<MutationSpec> = {}): MutationSpec => ({
  process,
  variants,
  maxN,
  alsoBreaks: [],
  ...extra,
});

/** Every rule a mutation can break, and how. Keys are rule ids of src/rules/index.ts. */
export const MUTATIONS = {
  'referral-decision-late': cp('referral', ['referral decided 2–6 working days after it was received (limit 1)'], 4),
  'assessment-late': cp('assessment', ['assessment completed 46–60 working days after the referral (limit 45)'], 14, { route: 'assessment' }),
  'strategy-not-multi-agency': cp('s47', ['strategy discussion without the police', 'strategy discussion without health']),
  'icpc-late': cp('conference', ['initial conference 16–25 working days after the s47 strategy discussion (limit 15)'], 9),
  's47-outcome-not-shared': cp('s47', ['s47 outcome shared 11–20 working days after the enquiries ended (limit 10)', 's47 outcome never shared'], 9),
  'parent-not-informed': cp('referral', ['parent told of the first concern 6–12 working days after it was raised (limit 5)'], 6),
  'reports-not-shared': cp('conference', ['no reports shared before the ICPC', 'only some reports shared (complete: false)', 'reports shared 0–2 working days before the ICPC (limit 3)'], 5),
  'advocate-not-offered': cp('conference', ['ICPC with advocate: not-offered']),
  'decision-on-procedural-status': cp('plan', ['ICPC plan decided with reasons [{ basis: procedural-status, status: plo }] (and no concern)'], 0, {
    // Reasons citing no concern: the plan also rests on no evidenced concern.
    alsoBreaks: ['escalation-without-evidence'],
  }),
  'core-group-late': cp('plan', ['first core group 11–20 working days after the ICPC (limit 10)', 'no core group before the plan ended'], 9),
  'review-conference-late': cp('plan', ['first review conference 1–21 days after 3 months from the ICPC'], 20),
  'plan-action-overdue': cp('plan', ['plan action done 1–10 working days after its due date'], 9),
  'minutes-not-shared': cp('conference', ['ICPC minutes shared 16–25 working days after it (limit 15)', 'ICPC minutes never shared'], 9),
  'conference-cancelled-late': cp('conference', ['scheduled ICPC cancelled with shortNotice: true', 'scheduled ICPC cancelled 0–4 working days before the date (limit 5)'], 4),
  'escalation-without-evidence': cp('s47', ['the concern the s47 strategy discussion relies on recorded as hearsay and never assessed']),
  'explained-absence-as-non-engagement': cp('plan', ['ICPC relies on non-engagement citing an appointment missed with reason: illness']),
  'dissent-unaddressed': cp('plan', ["ICPC with the school's view no-plan, not considered in its reasons, never answered or escalated"]),
  'proportionality-not-considered': cp('plan', ['ICPC plan with proportionality: false']),
  'process-deviation': cp('referral', ['plo.ended recorded with no PLO in place']),
  'plo-letter-not-explained': of('plo', ['letter before proceedings with explained: false', 'letter with legalAidInfo: false', 'letter with meetingInvite: false']),
  'plo-overdue': of('plo', ['first PLO review 113–143 days after the pre-proceedings meeting (limit 16 weeks)'], 30),
  'proceedings-over-26-weeks': of('plo', ['care proceedings concluded 182–212 days after issue, no extension (limit 26 weeks)'], 30),
  'care-plan-late': of('looked-after', ['care plan 11–20 working days after the first placement under s20 (limit 10)'], 9, { first: true }),
  'care-plan-stale-after-change': of('looked-after', ['care plan updated 21–25 working days after a significant move (limit 20)'], 4),
  'lac-review-late': of('looked-after', ['first looked-after review 21–30 working days after the care order (limit 20)'], 9),
  'worker-churn': of('looked-after', ['four different social workers allocated within four months (limit 3 in 12 months)']),
  'concern-not-responded': of('looked-after', ['child in care seen 2–6 working days after a concern of physical harm (limit 1)'], 4),
  'correspondence-unanswered': of('contact', ['letter answered 21–30 working days after it came (limit 20)', 'letter recorded: false'], 9),
  'commitment-overdue': of('contact', ['commitment kept after its due date'], 9),
  'complaint-response-late': of('complaints', ['stage 1 answered after the longest limit (20 working days statutory, 10 corporate)'], 9),
  'statutory-stage-refused': of('complaints', ["stage 2 of the statutory children's procedure declined"]),
  'remedy-not-considered': of('complaints', ['stage 1 upheld with remedyConsidered: false']),
  'late-complaint': of('complaints', ['Ombudsman complaint about matters from 400–430 days before it'], 30),
  'ombudsman-remedy-late': of('complaints', ["the first Ombudsman recommendation completed 1–10 working days after it was due"], 9),
  's31-consideration-late': of('complaints', ["the Ombudsman's report considered 1–31 days after 3 months from publication"], 30),
} as const satisfies Record<string, MutationSpec>;

export type MutatedRule = keyof typeof MUTATIONS;
export const MUTATED_RULES = Object.keys(MUTATIONS) as MutatedRule[];

export interface MutatedChronologyConstraints extends CompliantChronologyConstraints {}

export interface MutatedChronology {
  chronology: ChronologyData;
  rule: MutatedRule;
  /** What the mutation changed. */
  mutation: string;
  /** Events a finding of `rule` must name. */
  events: string[];
  /** Rules the same change necessarily breaks as well. */
  alsoBreaks: readonly string[];
}

function require(spec: MutationSpec, track: Track): Track {
  if (track.kind !== 'child-protection' || spec.process !== 'child-protection') return track;
  const at = Math.max(CP_STAGES.indexOf(track.stage), CP_STAGES.indexOf(spec.stage ?? 'referral'));
  return { ...track, stage: CP_STAGES[at]!, route: spec.route ?? track.route };
}

/**
 * A compliant case plus one episode carrying the mutation of `ruleId` (see
 * {@link MUTATIONS}). The constraints are those of `compliantChronologyArbitrary`;
 * `asOf` comes at least 60 days after the last event, so a step left out is overdue.
 */
export function mutatedChronologyArbitrary(ruleId: string, constraints: MutatedChronologyConstraints = {}): fc.Arbitrary<MutatedChronology> {
  const spec: MutationSpec | undefined = (MUTATIONS as Record<string, MutationSpec>)[ruleId];
  if (!spec) throw new RangeError(`no mutation breaks "${ruleId}" (covered: ${MUTATED_RULES.join(', ')})`);
  const rule = ruleId as MutatedRule;
  const others = casePlanArbitrary({ ...constraints, minEpisodes: 0, maxEpisodes: Math.max(0, (constraints.maxEpisodes ?? 3) - 1) });
  return fc
    .record({
      plan: others,
      track: TRACK_ARBITRARIES[spec.process] as fc.Arbitrary<Track>,
      n: fc.integer({ min: 0, max: spec.maxN }),
      variant: fc.nat(spec.variants.length - 1),
      position: fc.nat(),
    })
    .map(({ plan, track, n, variant, position }) => {
      const faulty: Track = { ...require(spec, track), fault: { rule, n, variant } };
      const tracks = [...plan.tracks];
      const firstOfKind = tracks.findIndex((t) => t.kind === spec.process);
      const at = position % (tracks.length + 1);
      tracks.splice(spec.first && firstOfKind >= 0 ? Math.min(at, firstOfKind) : at, 0, faulty);
      const built = buildCase({ ...plan, tracks, asOfMargin: 60 + plan.asOfMargin });
      return {
        chronology: built.chronology as ChronologyData,
        rule,
        mutation: spec.variants[variant]!,
        events: built.expect,
        alsoBreaks: spec.alsoBreaks,
      };
    });
}
