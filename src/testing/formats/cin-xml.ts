/**
 * Writing the DfE CIN census XML (data-formats.md §1.1, 2024-25 element order): from
 * records in the census's own terms (`CinXmlChild`, element names as the DfE spells
 * them), and from chronologies (the synthetic corpus), so a council-sized year exists to
 * test the importer, the replay and the DfE validator on.
 *
 * From a chronology, per child: each `referral.received` opens a `<CINdetails>`; the
 * episode takes the child's assessments (start, completion), s47 enquiries (the
 * strategy discussion that decided on s47 gives S47ActualStartDate; the next initial
 * conference its DateOfInitialCPC; a threshold decision that no ICPC is needed, or an
 * enquiry ending with no continuing risk, ICPCnotRequired), plans (an initial conference deciding a plan starts one; its review
 * conferences are CPPreviewDates; the review ending it gives CPPendDate), CIN plans and
 * a no-further-action referral decision (ReferralNFA). Events the census does not carry
 * are left out. LAchildID is `<case>-<child>`; identifiers such as UPN are written as
 * "unknown" (UPNunknown UN1), never invented.
 */
import { type Day, formatDay, parseDay } from '../../calendar/day.js';

export interface CinXmlEpisode {
  CINreferralDate?: string;
  ReferralSource?: string;
  PrimaryNeedCode?: string;
  CINclosureDate?: string;
  ReasonForClosure?: string;
  DateOfInitialCPC?: string;
  Assessments?: { AssessmentActualStartDate?: string; AssessmentInternalReviewDate?: string; AssessmentAuthorisationDate?: string; AssessmentFactors?: string[] }[];
  CINPlanDates?: { CINPlanStartDate?: string; CINPlanEndDate?: string }[];
  Section47?: { S47ActualStartDate?: string; InitialCPCtarget?: string; DateOfInitialCPC?: string; ICPCnotRequired?: string }[];
  ReferralNFA?: string;
  ChildProtectionPlans?: {
    CPPstartDate?: string;
    CPPendDate?: string;
    InitialCategoryOfAbuse?: string;
    LatestCategoryOfAbuse?: string;
    NumberOfPreviousCPP?: string;
    /** Review dates; written as one `<Reviews>` holding them all, or one `<Reviews>` each (see `reviewsShape`). */
    Reviews?: string[];
  }[];
  PreProceedingsandFGDM?: {
    PPStartDate?: string;
    LBPSentDate?: string;
    FGDMMeetingOffer?: string;
    FGDMMeetingFac?: string;
    InitialPPMeetingDate?: string;
    ReviewMeetingsCount?: string;
    StepDecisionDate?: string;
    PPOutcome?: string;
    CourtAppDate?: string;
    LetterInitCPDate?: string;
  }[];
}

export interface CinXmlChild {
  LAchildID?: string;
  /** Identifiers a real return carries; tests use them to prove the importer never reads them. */
  UPN?: string;
  FormerUPN?: string;
  UPNunknown?: string;
  PersonBirthDate?: string;
  Sex?: string;
  Ethnicity?: string;
  CINdetails: CinXmlEpisode[];
}

export interface CinXmlHeader {
  ReferenceDate: string;
  LEA?: string;
  Year?: string;
}

export interface CinXmlOptions {
  /** `one`: a single `<Reviews>` with every `<CPPreviewDate>` (the XSD's shape); `many`: one `<Reviews>` per date (default `one`). */
  reviewsShape?: 'one' | 'many';
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);
const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${esc(value)}</${name}>`);

export function cinHeaderXml(h: CinXmlHeader): string {
  const year = h.Year ?? h.ReferenceDate.slice(0, 4);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n' +
    `    <CollectionDetails><Collection>CIN</Collection><Year>${esc(year)}</Year><ReferenceDate>${esc(h.ReferenceDate)}</ReferenceDate></CollectionDetails>\n` +
    `    <Source><SourceLevel>L</SourceLevel><LEA>${esc(h.LEA ?? '999')}</LEA><SoftwareCode>casepath</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>${esc(h.ReferenceDate)}T00:00:00</DateTime></Source>\n` +
    '  </Header>\n  <Children>\n'
  );
}

export const CIN_FOOTER = '  </Children>\n</Message>\n';

/** One `<Child>` element (with a trailing newline). */
export function cinChildXml(c: CinXmlChild, options: CinXmlOptions = {}): string {
  const ids =
    el('LAchildID', c.LAchildID) + el('UPN', c.UPN) + el('FormerUPN', c.FormerUPN) + el('UPNunknown', c.UPN === undefined ? (c.UPNunknown ?? 'UN1') : c.UPNunknown) + el('PersonBirthDate', c.PersonBirthDate) + el('Sex', c.Sex ?? 'U');
  const chars = `<ChildCharacteristics>${el('Ethnicity', c.Ethnicity ?? 'REFU')}<Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>`;
  const eps = c.CINdetails.map((e) => {
    const body = [
      el('CINreferralDate', e.CINreferralDate),
      el('ReferralSource', e.ReferralSource ?? '10'),
      el('PrimaryNeedCode', e.PrimaryNeedCode ?? 'N1'),
      el('CINclosureDate', e.CINclosureDate),
      el('ReasonForClosure', e.ReasonForClosure ?? (e.CINclosureDate ? 'RC8' : undefined)),
      el('DateOfInitialCPC', e.DateOfInitialCPC),
      ...(e.Assessments ?? []).map(
        (a) =>
          `<Assessments>${el('AssessmentActualStartDate', a.AssessmentActualStartDate)}${el('AssessmentInternalReviewDate', a.AssessmentInternalReviewDate)}${el('AssessmentAuthorisationDate', a.AssessmentAuthorisationDate)}` +
          `${a.AssessmentFactors?.length ? `<FactorsIdentifiedAtAssessment>${a.AssessmentFactors.map((x) => el('AssessmentFactors', x)).join('')}</FactorsIdentifiedAtAssessment>` : ''}</Assessments>`,
      ),
      ...(e.CINPlanDates ?? []).map((p) => `<CINPlanDates>${el('CINPlanStartDate', p.CINPlanStartDate)}${el('CINPlanEndDate', p.CINPlanEndDate)}</CINPlanDates>`),
      ...(e.Section47 ?? []).map(
        (s) => `<Section47>${el('S47ActualStartDate', s.S47ActualStartDate)}${el('InitialCPCtarget', s.InitialCPCtarget)}${el('DateOfInitialCPC', s.DateOfInitialCPC)}${el('ICPCnotRequired', s.ICPCnotRequired)}</Section47>`,
      ),
      el('ReferralNFA', e.ReferralNFA ?? 'false'),
      ...(e.ChildProtectionPlans ?? []).map((p) => {
        const reviews = p.Reviews ?? [];
        const rv = !reviews.length
          ? ''
          : options.reviewsShape === 'many'
            ? reviews.map((r) => `<Reviews>${el('CPPreviewDate', r)}</Reviews>`).join('')
            : `<Reviews>${reviews.map((r) => el('CPPreviewDate', r)).join('')}</Reviews>`;
        return `<ChildProtectionPlans>${el('CPPstartDate', p.CPPstartDate)}${el('CPPendDate', p.CPPendDate)}${el('InitialCategoryOfAbuse', p.InitialCategoryOfAbuse)}${el('LatestCategoryOfAbuse', p.LatestCategoryOfAbuse ?? p.InitialCategoryOfAbuse)}${el('NumberOfPreviousCPP', p.NumberOfPreviousCPP ?? (p.CPPstartDate ? '0' : undefined))}${rv}</ChildProtectionPlans>`;
      }),
      ...(e.PreProceedingsandFGDM ?? []).map(
        (x) =>
          `<PreProceedingsandFGDM>${el('PPStartDate', x.PPStartDate)}${el('LBPSentDate', x.LBPSentDate)}${el('FGDMMeetingOffer', x.FGDMMeetingOffer)}${el('FGDMMeetingFac', x.FGDMMeetingFac)}${el('InitialPPMeetingDate', x.InitialPPMeetingDate)}` +
          `${el('ReviewMeetingsCount', x.ReviewMeetingsCount)}${el('StepDecisionDate', x.StepDecisionDate)}${el('PPOutcome', x.PPOutcome)}${el('CourtAppDate', x.CourtAppDate)}${el('LetterInitCPDate', x.LetterInitCPDate)}</PreProceedingsandFGDM>`,
      ),
    ].join('');
    return `      <CINdetails>${body}</CINdetails>\n`;
  });
  return `    <Child>\n      <ChildIdentifiers>${ids}</ChildIdentifiers>\n      ${chars}\n${eps.join('')}    </Child>\n`;
}

/** A whole census document. */
export function cinCensusXml(header: CinXmlHeader, children: readonly CinXmlChild[], options: CinXmlOptions = {}): string {
  return cinHeaderXml(header) + children.map((c) => cinChildXml(c, options)).join('') + CIN_FOOTER;
}

// ---------------------------------------------------------------------------
// From chronologies

type Ev = Record<string, unknown> & { id: string; type: string; at: unknown; children?: string[] };

const CATEGORY_CODE: Record<string, string> = { neglect: 'NEG', 'physical-abuse': 'PHY', 'sexual-abuse': 'SAB', 'emotional-abuse': 'EMO' };

/** An exact day of an event (the writers take exact-dated chronologies, like the corpus). */
function dayOfEvent(e: Ev): Day | undefined {
  return typeof e.at === 'string' ? parseDay(e.at) : undefined;
}

/**
 * The census children of one chronology (one per child; siblings are separate children
 * in the census). Events with no exact date are left out.
 */
export function chronologyToCin(chronology: Record<string, unknown>): CinXmlChild[] {
  const caseId = String(chronology['case']);
  const kids = (chronology['children'] as { id: string }[]).map((c) => c.id);
  const events = (chronology['events'] as Ev[]).filter((e) => dayOfEvent(e) !== undefined);
  return kids.map((child) => {
    const mine = events.filter((e) => !e.children || e.children.includes(child));
    const episodes: CinXmlEpisode[] = [];
    let ep: CinXmlEpisode | undefined;
    let s47: NonNullable<CinXmlEpisode['Section47']>[number] | undefined;
    let plan: NonNullable<CinXmlEpisode['ChildProtectionPlans']>[number] | undefined;
    let assessment: NonNullable<CinXmlEpisode['Assessments']>[number] | undefined;
    for (const e of mine) {
      const d = formatDay(dayOfEvent(e)!);
      if (e.type === 'referral.received') {
        ep = {};
        episodes.push(ep);
        ep.CINreferralDate = d;
        s47 = plan = assessment = undefined;
        continue;
      }
      if (!ep) continue;
      switch (e.type) {
        case 'referral.decided':
          if (e['outcome'] === 'no-further-action') ep.ReferralNFA = 'true';
          break;
        case 'assessment.started':
          assessment = { AssessmentActualStartDate: d };
          (ep.Assessments ??= []).push(assessment);
          break;
        case 'assessment.completed':
          if (assessment && assessment.AssessmentAuthorisationDate === undefined) assessment.AssessmentAuthorisationDate = d;
          else (ep.Assessments ??= []).push({ AssessmentAuthorisationDate: d });
          assessment = undefined;
          break;
        case 'strategy.held':
          if (e['decision'] === 's47' && !(s47 && s47.DateOfInitialCPC === undefined && s47.ICPCnotRequired === undefined)) {
            s47 = { S47ActualStartDate: d };
            (ep.Section47 ??= []).push(s47);
          }
          break;
        case 's47.started':
          if (!s47 || s47.DateOfInitialCPC !== undefined || s47.ICPCnotRequired !== undefined) {
            s47 = { S47ActualStartDate: d };
            (ep.Section47 ??= []).push(s47);
          }
          break;
        case 's47.completed':
          // An enquiry ending with no continuing risk needs no conference: the census's ICPCnotRequired.
          if (['not-substantiated', 'substantiated-no-continuing-risk', 'no-continuing-risk'].includes(String(e['outcome'])) && s47 && s47.DateOfInitialCPC === undefined) s47.ICPCnotRequired = 'true';
          break;
        case 'threshold.considered':
          if (e['for'] === 'icpc' && e['met'] === false && s47 && s47.DateOfInitialCPC === undefined) s47.ICPCnotRequired = 'true';
          break;
        case 'conference.held':
          if (e['kind'] === 'initial') {
            if (s47 && s47.DateOfInitialCPC === undefined && s47.ICPCnotRequired === undefined) s47.DateOfInitialCPC = d;
            else ep.DateOfInitialCPC = d;
            if (e['decision'] === 'plan') {
              plan = { CPPstartDate: d, ...(typeof e['category'] === 'string' && CATEGORY_CODE[e['category']] ? { InitialCategoryOfAbuse: CATEGORY_CODE[e['category']] } : {}) };
              (ep.ChildProtectionPlans ??= []).push(plan);
            }
          } else if (plan && plan.CPPendDate === undefined) {
            (plan.Reviews ??= []).push(d);
            if (e['decision'] === 'end-plan' || e['decision'] === 'no-plan') {
              plan.CPPendDate = d;
              plan = undefined;
            }
          }
          break;
        case 'cin-plan.started':
          (ep.CINPlanDates ??= []).push({ CINPlanStartDate: d });
          break;
        case 'cin-plan.ended': {
          const open = (ep.CINPlanDates ?? []).find((p) => p.CINPlanEndDate === undefined);
          if (open) open.CINPlanEndDate = d;
          break;
        }
        default:
          break;
      }
    }
    return { LAchildID: `${caseId}-${child}`, CINdetails: episodes };
  });
}

/** The latest exact day of a chronology's events (for a ReferenceDate after them all). */
export function latestDay(chronology: Record<string, unknown>): Day | undefined {
  let max: Day | undefined;
  for (const e of chronology['events'] as Ev[]) {
    const d = dayOfEvent(e);
    if (d !== undefined && (max === undefined || d > max)) max = d;
  }
  return max;
}
