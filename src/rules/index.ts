/**
 * Every rule casepath knows, in the order `casepath rules` lists them. One file per
 * rule, named by its id.
 */
import type { AnyRule } from './kit.js';
import { advocateNotOffered } from './advocate-not-offered.js';
import { carePlanLate } from './care-plan-late.js';
import { carePlanStaleAfterChange } from './care-plan-stale-after-change.js';
import { concernNotResponded } from './concern-not-responded.js';
import { correspondenceUnanswered } from './correspondence-unanswered.js';
import { lacReviewLate } from './lac-review-late.js';
import { workerChurn } from './worker-churn.js';
import { assessmentLate } from './assessment-late.js';
import { commitmentOverdue } from './commitment-overdue.js';
import { complaintResponseLate } from './complaint-response-late.js';
import { lateComplaint } from './late-complaint.js';
import { ombudsmanRemedyLate } from './ombudsman-remedy-late.js';
import { remedyNotConsidered } from './remedy-not-considered.js';
import { s31ConsiderationLate } from './s31-consideration-late.js';
import { statutoryStageRefused } from './statutory-stage-refused.js';
import { conferenceCancelledLate } from './conference-cancelled-late.js';
import { coreGroupLate } from './core-group-late.js';
import { decisionOnProceduralStatus } from './decision-on-procedural-status.js';
import { dissentUnaddressed } from './dissent-unaddressed.js';
import { escalationWithoutEvidence } from './escalation-without-evidence.js';
import { explainedAbsenceAsNonEngagement } from './explained-absence-as-non-engagement.js';
import { icpcLate } from './icpc-late.js';
import { minutesNotShared } from './minutes-not-shared.js';
import { parentNotInformed } from './parent-not-informed.js';
import { planActionOverdue } from './plan-action-overdue.js';
import { ploLetterNotExplained } from './plo-letter-not-explained.js';
import { ploOverdue } from './plo-overdue.js';
import { proceedingsOver26Weeks } from './proceedings-over-26-weeks.js';
import { processDeviation } from './process-deviation.js';
import { proportionalityNotConsidered } from './proportionality-not-considered.js';
import { referralDecisionLate } from './referral-decision-late.js';
import { reportsNotShared } from './reports-not-shared.js';
import { reviewConferenceLate } from './review-conference-late.js';
import { s47OutcomeNotShared } from './s47-outcome-not-shared.js';
import { strategyNotMultiAgency } from './strategy-not-multi-agency.js';
import { s47WithoutStrategy } from './s47-without-strategy.js';
import { ploBeforeAssessment } from './plo-before-assessment.js';
import { statutoryProcedureNotUsed } from './statutory-procedure-not-used.js';
import { complaintRecommendationNotImplemented } from './complaint-recommendation-not-implemented.js';
import { cinPlanBesideCpPlan } from './cin-plan-beside-cp-plan.js';

export const RULES: readonly AnyRule[] = [
  // Referral, assessment, strategy, s47
  referralDecisionLate,
  assessmentLate,
  strategyNotMultiAgency,
  s47WithoutStrategy,
  icpcLate,
  s47OutcomeNotShared,
  parentNotInformed,
  // Conferences and plans
  reportsNotShared,
  advocateNotOffered,
  decisionOnProceduralStatus,
  coreGroupLate,
  reviewConferenceLate,
  planActionOverdue,
  minutesNotShared,
  conferenceCancelledLate,
  // Evidence and professional challenge
  escalationWithoutEvidence,
  explainedAbsenceAsNonEngagement,
  dissentUnaddressed,
  proportionalityNotConsidered,
  // Child in need
  cinPlanBesideCpPlan,
  // Pre-proceedings and proceedings
  ploBeforeAssessment,
  ploLetterNotExplained,
  ploOverdue,
  proceedingsOver26Weeks,
  // Looked-after children
  carePlanLate,
  carePlanStaleAfterChange,
  lacReviewLate,
  workerChurn,
  concernNotResponded,
  // Correspondence and commitments
  correspondenceUnanswered,
  commitmentOverdue,
  // Complaints and the Ombudsman
  complaintResponseLate,
  statutoryProcedureNotUsed,
  statutoryStageRefused,
  complaintRecommendationNotImplemented,
  remedyNotConsidered,
  lateComplaint,
  ombudsmanRemedyLate,
  s31ConsiderationLate,
  // The machines themselves
  processDeviation,
];

export function ruleById(id: string): AnyRule | undefined {
  return RULES.find((r) => r.id === id);
}
