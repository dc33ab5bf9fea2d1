/**
 * Compliant "tracks" (internal): one episode of one process, as a plan of choices
 * (`fc.record`s of small integers, booleans and enums, so fast-check shrinks them
 * towards the shortest, plainest episode) and a builder that turns the plan into
 * events with exact dates. Every timescale is met with the margins documented on
 * each field; every fact a `record` needs is recorded; every concern is evidenced
 * (observed, or reported and then assessed substantiated), so a later step that
 * relies on "every concern about the child" (proceedings) is sound.
 *
 * A track may carry one {@link Fault}: the builder then makes the one change that
 * breaks that rule (src/testing/arbitraries/mutated.ts lists them).
 *
 * Tracks are laid end to end in time (the next starts after the previous one has
 * closed every clock it opened), so a case is a sequence of episodes: a
 * child-protection enquiry, pre-proceedings, a care order, a complaint, letters.
 */
import fc from 'fast-check';
import type { Day } from '../../calendar/day.js';
import { addCalendarMonths } from '../../calendar/months.js';
import { EventList, type Fields, childrenField, formatDay, maskChildren, pick, wd, wdBefore } from './support.js';
import { CATEGORY, HEALTH, MAIN_KINDS, REFERRERS } from '../vocabulary.js';
import { type Space, array, bool, constant, int, nat, oneOf, option, record } from './space.js';

export const TRACK_KINDS = ['child-protection', 'plo', 'looked-after', 'complaints', 'contact'] as const;
export type TrackKind = (typeof TRACK_KINDS)[number];

/** A deliberate fault: the rule it breaks, a magnitude and a variant (both drawn by fast-check). */
export interface Fault {
  rule: string;
  /** How far past the limit (0 = just past it). */
  n: number;
  /** Which of the rule's ways of breaking it. */
  variant: number;
}

interface TrackBase {
  /** Children of the episode: a mask over the case's children (all false: every child). */
  childMask: boolean[];
  /** Calendar days between the end of the previous episode and the start of this one (1–120). */
  gapBefore: number;
  fault?: Fault;
}

export interface ConcernPlan {
  kind: number;
  /** Raised `reported` (then assessed substantiated), else `observed`. */
  reported: boolean;
  by: number;
  /** Working days from raising to telling the parent (0–5). */
  tell: number;
  /** Working days from raising to the assessment that substantiates a reported concern (1–5). */
  assess: number;
}

export const CP_STAGES = ['referral', 'assessment', 'strategy', 's47', 'conference', 'plan'] as const;
export type CpStage = (typeof CP_STAGES)[number];

export interface ChildProtectionTrack extends TrackBase {
  kind: 'child-protection';
  /** How far the episode goes: ends at the referral decision, the assessment, a no-s47 strategy discussion, s47 enquiries, an initial conference without a plan, or a plan ended at review. */
  stage: CpStage;
  /** From the referral: straight to a strategy discussion, or assessment first. */
  route: 'strategy-discussion' | 'assessment';
  /** Concerns behind the referral (1–2), raised on the referral day. */
  concerns: ConcernPlan[];
  /** A further concern raised during the assessment. */
  laterConcern: ConcernPlan | null;
  closeAt: 'no-further-action' | 'early-help';
  assessmentConclusion: 'child-in-need' | 'no-significant-concerns';
  s47Outcome: 'not-substantiated' | 'substantiated-no-continuing-risk';
  /** Working-day gaps, each within its timescale. */
  g: {
    /** referral → decision (0–1; limit 1). */ decide: number;
    /** decision → assessment started (0–2). */ asStart: number;
    /** assessment started → completed (5–30; whole assessment ≤ 39 of 45). */ asLen: number;
    /** → strategy discussion (1–3). */ strategy: number;
    /** strategy → s47 started (0–1). */ s47Start: number;
    /** strategy → s47 completed (2–14, before any ICPC). */ s47Done: number;
    /** s47 completed → outcome shared (0–10; limit 10). */ s47Share: number;
    /** strategy → ICPC (5–15; limit 15). */ icpc: number;
    /** reports shared this many working days before a conference (3–5 initial; +2 for reviews, limit 3 and 5). */ reports: number;
    /** conference or core group → minutes shared (1–10; limit 15). */ minutes: number;
    /** ICPC → first core group (1–10; limit 10). */ coreGroup: number;
    /** core group → plan action due (15–25, so before the first review). */ actionDue: number;
    /** core group → plan action done (1–14, before it is due). */ actionDone: number;
    /** ICPC → first review, calendar days (56–89, at most 3 months). */ review1: number;
    /** first → second review, calendar days (120–180, at most 6 months). */ review2: number;
    /** the scheduled ICPC date, strategy + 10–15 working days. */ scheduled: number;
    /** cancellation, strategy + 2–8 working days (≥ 5 before the scheduled date). */ cancel: number;
  };
  /** Review conferences before the plan ends (1–2; the last ends the plan). */
  reviews: number;
  s47Completed: boolean;
  views: boolean;
  /** A professional's view against the plan, taken into the reasons (dissent considered). */
  dissent: boolean;
  /** A missed appointment with no reason given, cited as non-engagement. */
  missed: boolean;
  /** An ICPC date scheduled, then cancelled in good time. */
  reschedule: boolean;
  action: boolean;
  extraCoreGroup: boolean;
  school: boolean;
  health: number;
  advocate: 'offered' | 'declined';
  decidedBy: 'consensus' | 'majority' | 'chair';
}

export interface PloTrack extends TrackBase {
  kind: 'plo';
  concerns: ConcernPlan[];
  g: {
    /** assessment completed (the working day after the evidence) → legal planning meeting (1–10). */ lpm: number;
    /** meeting → letter (1–10). */ letter: number;
    /** letter → pre-proceedings meeting (3–10). */ meeting: number;
    /** between reviews, calendar days (28–112; limit 16 weeks). */ review: number[];
    /** last review (or meeting) → end, calendar days (14–112). */ end: number;
    /** end → proceedings issued (1–10). */ issue: number;
    /** issued → concluded, calendar days (56–181; limit 26 weeks "beginning with" issue). */ conclude: number;
    /** issued → extension, calendar days (100–170). */ extendAt: number;
  };
  reviews: number;
  outcome: 'step-down' | 'proceedings';
  extension: number | null;
  order: 'care' | 'supervision' | 'none';
}

export interface LookedAfterTrack extends TrackBase {
  kind: 'looked-after';
  /** How the child becomes looked after: a care order, or accommodation under s20 (the care-plan clock is s20's). */
  basis: 'care-order' | 's20';
  g: {
    /** start → care plan (1–10; limit 10 for s20). */ plan: number;
    /** start → first review (5–20; limit 20). */ review1: number;
    /** first → second review, calendar days (30–92, at most 3 months). */ review2: number;
    /** second → third review, calendar days (60–180, at most 6 months). */ review3: number;
    /** a significant change 21–31 working days after the latest plan. */ change: number;
    /** change → plan updated (1–20; limit 20). */ update: number;
    /** concern → child seen (0–1; limit 1). */ seen: number;
    /** last event → discharge, calendar days (7–60, before the next review falls due). */ discharge: number;
  };
  reviews: number;
  placement: boolean;
  change: boolean;
  concern: boolean;
  /** Workers allocated (0–2, from a pool of three, so never more than three). */
  workers: number[];
  dischargeConsidered: boolean;
  contact: boolean;
}

/** Complaints concern the whole case: its events name no children (`childMask` is not used). */
export interface ComplaintsTrack extends TrackBase {
  kind: 'complaints';
  procedure: 'statutory-children' | 'corporate';
  outcome: 'not-upheld' | 'partly-upheld' | 'upheld';
  apology: boolean;
  stage2: boolean;
  ombudsman: boolean;
  recommendations: number;
  published: boolean;
  g: {
    /** made → stage 1 response (1–10; limit 10). */ r1: number;
    /** response → stage 2 request (1–20; limit 20). */ request: number;
    /** request → stage 2 response (5–20; limits 25 and 20). */ r2: number;
    /** last response → Ombudsman complaint (5–40). */ ombudsman: number;
    /** → Ombudsman decision, calendar days (30–120). */ decided: number;
    /** decision → recommendation due (10–40). */ due: number;
    /** decision → remedy completed (1–9). */ remedy: number;
    /** decision → report published, calendar days (0–20). */ publish: number;
    /** publication → considered, calendar days (14–80; limit 3 months). */ consider: number;
  };
}

export interface ContactTrack extends TrackBase {
  kind: 'contact';
  correspondence: boolean;
  commitment: boolean;
  support: boolean;
  from: number;
  due: 'date' | 'duration' | 'none';
  g: {
    /** received → answered (1–20; limit 20). */ answer: number;
    /** made → due (5–20). */ due: number;
    /** made → kept (1–19, before it is due). */ kept: number;
  };
}

export type Track = ChildProtectionTrack | PloTrack | LookedAfterTrack | ComplaintsTrack | ContactTrack;

// ---------------------------------------------------------------------------
// Vocabulary

const WORKERS = ['sw-1', 'sw-2', 'sw-3'] as const;
const WRITERS = ['solicitor', 'parent', 'school', 'gp'] as const;

// ---------------------------------------------------------------------------
// Plan spaces (space.ts: one description, read as a fast-check arbitrary or drawn from a
// seeded PRNG by the corpus; first value of each choice = what shrinking goes to)

const mask = array(bool(), 4, 4);
const gapBefore = int(1, 120);

const concernSpace: Space<ConcernPlan> = record({
  kind: nat(MAIN_KINDS.length - 1),
  reported: bool(),
  by: nat(REFERRERS.length - 1),
  tell: int(0, 5),
  assess: int(1, 5),
});

export const CHILD_PROTECTION_SPACE: Space<ChildProtectionTrack> = record({
  kind: constant('child-protection'),
  childMask: mask,
  gapBefore,
  stage: oneOf(...CP_STAGES),
  route: oneOf('strategy-discussion', 'assessment'),
  concerns: array(concernSpace, 1, 2),
  laterConcern: option(concernSpace),
  closeAt: oneOf('no-further-action', 'early-help'),
  assessmentConclusion: oneOf('child-in-need', 'no-significant-concerns'),
  s47Outcome: oneOf('not-substantiated', 'substantiated-no-continuing-risk'),
  g: record({
    decide: int(0, 1),
    asStart: int(0, 2),
    asLen: int(5, 30),
    strategy: int(1, 3),
    s47Start: int(0, 1),
    s47Done: int(2, 14),
    s47Share: int(0, 10),
    icpc: int(5, 15),
    reports: int(3, 5),
    minutes: int(1, 10),
    coreGroup: int(1, 10),
    actionDue: int(15, 25),
    actionDone: int(1, 14),
    review1: int(56, 89),
    review2: int(120, 180),
    scheduled: int(10, 15),
    cancel: int(2, 8),
  }),
  reviews: int(1, 2),
  s47Completed: bool(),
  views: bool(),
  dissent: bool(),
  missed: bool(),
  reschedule: bool(),
  action: bool(),
  extraCoreGroup: bool(),
  school: bool(),
  health: nat(HEALTH.length - 1),
  advocate: oneOf('offered', 'declined'),
  decidedBy: oneOf('consensus', 'majority', 'chair'),
});

export const PLO_SPACE: Space<PloTrack> = record({
  kind: constant('plo'),
  childMask: mask,
  gapBefore,
  concerns: array(concernSpace, 1, 2),
  g: record({
    lpm: int(1, 10),
    letter: int(1, 10),
    meeting: int(3, 10),
    review: array(int(28, 112), 2, 2),
    end: int(14, 112),
    issue: int(1, 10),
    conclude: int(56, 181),
    extendAt: int(100, 170),
  }),
  reviews: int(0, 2),
  outcome: oneOf('step-down', 'proceedings'),
  extension: option(int(1, 8)),
  order: oneOf('care', 'supervision', 'none'),
});

export const LOOKED_AFTER_SPACE: Space<LookedAfterTrack> = record({
  kind: constant('looked-after'),
  basis: oneOf('care-order', 's20'),
  childMask: mask,
  gapBefore,
  g: record({
    plan: int(1, 10),
    review1: int(5, 20),
    review2: int(30, 92),
    review3: int(60, 180),
    change: int(21, 31),
    update: int(1, 20),
    seen: int(0, 1),
    discharge: int(7, 60),
  }),
  reviews: int(1, 3),
  placement: bool(),
  change: bool(),
  concern: bool(),
  workers: array(nat(WORKERS.length - 1), 0, 2),
  dischargeConsidered: bool(),
  contact: bool(),
});

export const COMPLAINTS_SPACE: Space<ComplaintsTrack> = record({
  kind: constant('complaints'),
  childMask: mask,
  gapBefore,
  procedure: oneOf('statutory-children', 'corporate'),
  outcome: oneOf('not-upheld', 'partly-upheld', 'upheld'),
  apology: bool(),
  stage2: bool(),
  ombudsman: bool(),
  recommendations: int(1, 2),
  published: bool(),
  g: record({
    r1: int(1, 10),
    request: int(1, 20),
    r2: int(5, 20),
    ombudsman: int(5, 40),
    decided: int(30, 120),
    due: int(10, 40),
    remedy: int(1, 9),
    publish: int(0, 20),
    consider: int(14, 80),
  }),
});

export const CONTACT_SPACE: Space<ContactTrack> = record({
  kind: constant('contact'),
  childMask: mask,
  gapBefore,
  correspondence: bool(),
  commitment: bool(),
  support: bool(),
  from: nat(WRITERS.length - 1),
  due: oneOf('date', 'duration', 'none'),
  g: record({ answer: int(1, 20), due: int(5, 20), kept: int(1, 19) }),
});

export const TRACK_SPACES: { readonly [K in TrackKind]: Space<Extract<Track, { kind: K }>> } = {
  'child-protection': CHILD_PROTECTION_SPACE,
  plo: PLO_SPACE,
  'looked-after': LOOKED_AFTER_SPACE,
  complaints: COMPLAINTS_SPACE,
  contact: CONTACT_SPACE,
};

export const childProtectionTrackArb: fc.Arbitrary<ChildProtectionTrack> = CHILD_PROTECTION_SPACE.arb;
export const ploTrackArb: fc.Arbitrary<PloTrack> = PLO_SPACE.arb;
export const lookedAfterTrackArb: fc.Arbitrary<LookedAfterTrack> = LOOKED_AFTER_SPACE.arb;
export const complaintsTrackArb: fc.Arbitrary<ComplaintsTrack> = COMPLAINTS_SPACE.arb;
export const contactTrackArb: fc.Arbitrary<ContactTrack> = CONTACT_SPACE.arb;

export const TRACK_ARBITRARIES: { readonly [K in TrackKind]: fc.Arbitrary<Extract<Track, { kind: K }>> } = {
  'child-protection': childProtectionTrackArb,
  plo: ploTrackArb,
  'looked-after': lookedAfterTrackArb,
  complaints: complaintsTrackArb,
  contact: contactTrackArb,
};

// ---------------------------------------------------------------------------
// Building

export interface BuildContext {
  list: EventList;
  /** Every child of the case. */
  all: readonly string[];
  /** Id prefix of the track, e.g. `cp1`. */
  prefix: string;
  /** First day of the track. */
  start: Day;
}

/** What a build records for the checks that follow (ids of the events a fault touched). */
export interface BuildNotes {
  /** Events a finding of the fault's rule must name. */
  expect: string[];
}

const faultOf = (t: TrackBase, rule: string): Fault | undefined => (t.fault?.rule === rule ? t.fault : undefined);

/** Raise a concern: the concern event, its substantiation when reported, the parent told. */
function raiseConcern(
  b: BuildContext,
  at: Day,
  id: string,
  c: ConcernPlan,
  kids: Fields,
  /** `hearsay`: the escalation fault — the concern is an assumption (no reasonable cause even for s47). */
  faults: { hearsay?: boolean; tellLate?: number } = {},
): { id: string; evidencedOn: Day; tellId: string } {
  const basis = faults.hearsay ? 'assumption' : c.reported ? 'reported' : 'observed';
  b.list.add(at, id, 'concern.raised', { ...kids, by: pick(REFERRERS, c.by), concern: id, kind: pick(MAIN_KINDS, c.kind), basis });
  let evidencedOn = at;
  if (c.reported && !faults.hearsay) {
    evidencedOn = wd(at, c.assess);
    b.list.add(evidencedOn, `${id}-assessed`, 'concern.assessed', { ...kids, by: 'social-care', concern: id, finding: 'substantiated' });
  }
  const tellId = b.list.add(wd(at, faults.tellLate !== undefined ? 6 + faults.tellLate : c.tell), `${id}-told`, 'outcome.shared', {
    by: 'social-care',
    of: id,
    with: 'parent',
  });
  return { id, evidencedOn, tellId };
}

/** Share a meeting's minutes with the parent (or, under a fault, late or never). */
function shareMinutes(b: BuildContext, of: string, held: Day, gap: number, fault: Fault | undefined): string | undefined {
  if (fault && fault.variant % 2 === 1) return undefined; // never shared
  return b.list.add(wd(held, fault ? 16 + fault.n : gap), `${of}-minutes`, 'outcome.shared', { by: 'social-care', of, with: 'parent' });
}

export function buildChildProtection(t: ChildProtectionTrack, b: BuildContext, notes: BuildNotes): void {
  const p = b.prefix;
  const kids = maskChildren(t.childMask, b.all);
  const ch = childrenField(kids, b.all);
  const S = wd(b.start, 0);
  const stage = CP_STAGES.indexOf(t.stage);
  const referrer = pick(REFERRERS, t.concerns[0]!.by);
  const health = pick(HEALTH, t.health);
  const expect = (...ids: string[]) => notes.expect.push(...ids);

  // Concerns behind the referral, told to the parent.
  const hearsay = faultOf(t, 'escalation-without-evidence');
  const late = faultOf(t, 'parent-not-informed');
  const concerns = t.concerns.map((c, i) =>
    raiseConcern(b, S, `${p}-c${i + 1}`, c, ch, i === 0 ? { hearsay: !!hearsay, ...(late ? { tellLate: late.n } : {}) } : {}),
  );
  if (late) expect(concerns[0]!.id, concerns[0]!.tellId);
  const ref = b.list.add(S, `${p}-ref`, 'referral.received', { ...ch, by: referrer, from: referrer, concerns: concerns.map((c) => c.id) });
  const decLate = faultOf(t, 'referral-decision-late');
  const decDay = wd(S, decLate ? 2 + decLate.n : t.g.decide);
  const route = stage === 1 ? 'assessment' : t.route;
  const outcome = stage === 0 ? t.closeAt : route;
  const dec = b.list.add(decDay, `${p}-decided`, 'referral.decided', { ...ch, by: 'social-care', outcome, referral: ref });
  if (decLate) expect(ref, dec);
  let lastDay = decDay;
  const evidence = [...concerns];
  const finish = () => {
    if (faultOf(t, 'process-deviation')) {
      // A step no machine allows here: ending a PLO that was never started.
      expect(b.list.add(wd(b.list.lastDay, 1), `${p}-plo-ended`, 'plo.ended', { ...ch, by: 'legal', outcome: 'step-down' }));
    }
  };
  if (stage === 0) return finish();

  if (route === 'assessment') {
    const asStart = wd(decDay, t.g.asStart);
    b.list.add(asStart, `${p}-assessment`, 'assessment.started', { ...ch, by: 'social-care', kind: 'child-and-family' });
    let ready = asStart;
    if (t.laterConcern) {
      const c = raiseConcern(b, wd(asStart, 1), `${p}-c${concerns.length + 1}`, t.laterConcern, ch);
      evidence.push(c);
      ready = Math.max(ready, c.evidencedOn);
    }
    const asLate = faultOf(t, 'assessment-late');
    const done = asLate ? wd(S, 46 + asLate.n) : Math.max(wd(asStart, t.g.asLen), wd(ready, 1));
    const conclusion = stage === 1 ? t.assessmentConclusion : 'child-protection-concerns';
    b.list.add(done, `${p}-assessed`, 'assessment.completed', { ...ch, by: 'social-care', kind: 'child-and-family', conclusion });
    if (asLate) expect(ref, `${p}-assessed`);
    lastDay = done;
    if (stage === 1) return finish();
  }

  // Strategy discussion.
  const strat = wd(lastDay, t.g.strategy);
  const notMulti = faultOf(t, 'strategy-not-multi-agency');
  let participants = ['social-care', 'police', health, ...(t.school ? ['school'] : [])];
  if (notMulti) participants = participants.filter((a) => (notMulti.variant % 2 === 0 ? a !== 'police' : a !== health));
  const s = b.list.add(strat, `${p}-strategy`, 'strategy.held', {
    ...ch,
    by: 'social-care',
    participants,
    reliesOn: [concerns[0]!.id],
    decision: stage === 2 ? 'no-s47' : 's47',
  });
  if (notMulti || hearsay) expect(s);
  if (stage === 2) return finish();

  b.list.add(wd(strat, t.g.s47Start), `${p}-s47`, 's47.started', { ...ch, by: 'social-care' });
  const s47Late = faultOf(t, 's47-outcome-not-shared');
  const s47Outcome = (id: string, at: Day) => {
    if (s47Late && s47Late.variant % 2 === 1) return;
    b.list.add(wd(at, s47Late ? 11 + s47Late.n : t.g.s47Share), `${id}-told`, 'outcome.shared', { by: 'social-care', of: id, with: 'parent' });
  };
  if (stage === 3) {
    const done = wd(strat, t.g.s47Done);
    const id = b.list.add(done, `${p}-s47-done`, 's47.completed', { ...ch, by: 'social-care', outcome: t.s47Outcome });
    s47Outcome(id, done);
    if (s47Late) expect(id);
    return finish();
  }

  // Initial child protection conference.
  const icpcLate = faultOf(t, 'icpc-late');
  const icpcGap = icpcLate ? 16 + icpcLate.n : t.g.icpc;
  const icpcDay = wd(strat, icpcGap);
  const icpc = `${p}-icpc`;
  if (icpcLate) expect(s, icpc);
  if (t.s47Completed || s47Late) {
    const done = wd(strat, Math.min(t.g.s47Done, icpcGap - 1));
    const id = b.list.add(done, `${p}-s47-done`, 's47.completed', { ...ch, by: 'social-care', outcome: 'continuing-risk' });
    s47Outcome(id, done);
    if (s47Late) expect(id);
  }
  const explained = faultOf(t, 'explained-absence-as-non-engagement');
  const missed = t.missed || explained ? `${p}-missed` : undefined;
  if (missed) {
    b.list.add(wd(strat, 1), missed, 'appointment.missed', { ...ch, with: health, ...(explained ? { reason: 'illness' } : {}) });
    if (explained) expect(icpc, missed);
  }
  const cancelLate = faultOf(t, 'conference-cancelled-late');
  if (t.reschedule || cancelLate) {
    const x = t.g.scheduled - 10; // 0–5
    const sched = b.list.add(wd(strat, 1), `${p}-icpc-scheduled`, 'conference.scheduled', { ...ch, by: 'chair', kind: 'initial', for: formatDay(wd(strat, 10 + x)) });
    const short = cancelLate && cancelLate.variant % 2 === 0;
    const cancelGap = cancelLate && !short ? 6 + x + Math.min(cancelLate.n, 4) : 2 + Math.min(t.g.cancel - 2, 3 + x);
    const c = b.list.add(wd(strat, cancelGap), `${p}-icpc-cancelled`, 'conference.cancelled', { ...ch, by: 'chair', scheduled: sched, ...(short ? { shortNotice: true } : {}) });
    if (cancelLate) expect(c);
  }
  const plan = stage === 5;
  const reportsFault = faultOf(t, 'reports-not-shared');
  const shareReports = (conference: string, held: Day, minimum: number, fault: Fault | undefined) => {
    if (fault && fault.variant % 3 === 0) return;
    const gap = fault && fault.variant % 3 === 2 ? fault.n % minimum : minimum + (t.g.reports - 3);
    b.list.add(wdBefore(held, gap), `${conference}-reports`, 'reports.shared', {
      by: 'social-care',
      for: conference,
      with: 'parent',
      complete: !(fault && fault.variant % 3 === 1),
    });
  };
  shareReports(icpc, icpcDay, 3, reportsFault);
  if (reportsFault) expect(icpc);

  const decision = plan ? 'plan' : 'no-plan';
  const reasons: Fields[] = evidence.map((c) => ({ basis: 'concern', concern: c.id }));
  if (missed) reasons.push({ basis: 'non-engagement', evidence: [missed] });
  const views: Fields[] = t.views ? [{ by: 'police', view: decision }, { by: health, view: decision }] : [];
  const dissent = faultOf(t, 'dissent-unaddressed');
  if (plan && (t.dissent || dissent)) {
    views.push({ by: 'school', view: 'no-plan' });
    if (!dissent) reasons.push({ basis: 'dissent-considered', by: 'school' });
    else expect(icpc);
  }
  const procedural = faultOf(t, 'decision-on-procedural-status');
  const proportionality = faultOf(t, 'proportionality-not-considered');
  const advocate = faultOf(t, 'advocate-not-offered');
  if (procedural || proportionality || advocate) expect(icpc);
  b.list.add(icpcDay, icpc, 'conference.held', {
    ...ch,
    by: 'chair',
    kind: 'initial',
    participants: ['chair', 'social-care', 'police', health, 'parent', ...(plan && (t.dissent || dissent) ? ['school'] : [])],
    ...(views.length ? { views } : {}),
    decision,
    decidedBy: t.decidedBy,
    ...(plan
      ? {
          category: CATEGORY[pick(MAIN_KINDS, t.concerns[0]!.kind)]!,
          reasons: procedural ? [{ basis: 'procedural-status', status: 'plo' }, ...reasons.filter((r) => r['basis'] === 'dissent-considered')] : reasons,
          proportionality: !proportionality,
        }
      : {}),
    advocate: advocate ? 'not-offered' : t.advocate,
  });
  const minutesFault = faultOf(t, 'minutes-not-shared');
  shareMinutes(b, icpc, icpcDay, t.g.minutes, minutesFault);
  if (minutesFault) expect(icpc);
  if (!plan) return finish();

  // The plan: core groups, an action, reviews; the last review ends it.
  const cgFault = faultOf(t, 'core-group-late');
  const cg = `${p}-core-group`;
  const cgDay = wd(icpcDay, cgFault ? 11 + cgFault.n : t.g.coreGroup);
  const cgDropped = cgFault && cgFault.variant % 2 === 1;
  if (cgFault) expect(icpc);
  if (!cgDropped) {
    b.list.add(cgDay, cg, 'core-group.held', { ...ch, by: 'social-care' });
    shareMinutes(b, cg, cgDay, t.g.minutes, undefined);
  }
  const actionFault = faultOf(t, 'plan-action-overdue');
  if (t.action || actionFault) {
    const set = b.list.add(cgDay, `${p}-action`, 'plan.action-set', { ...ch, by: 'social-care', action: `${p} parenting course`, due: formatDay(wd(cgDay, t.g.actionDue)) });
    const doneDay = actionFault ? wd(wd(cgDay, t.g.actionDue), 1 + actionFault.n) : wd(cgDay, Math.min(t.g.actionDone, t.g.actionDue - 1));
    b.list.add(doneDay, `${p}-action-done`, 'plan.action-done', { ...ch, by: 'parent', action: `${p} parenting course` });
    if (actionFault) expect(set);
  }
  if (t.extraCoreGroup && !cgDropped) {
    const d = wd(cgDay, 15 + (t.g.coreGroup % 6));
    b.list.add(d, `${p}-core-group-2`, 'core-group.held', { ...ch, by: 'social-care' });
    shareMinutes(b, `${p}-core-group-2`, d, t.g.minutes, undefined);
  }
  const reviewLate = faultOf(t, 'review-conference-late');
  let prev = icpcDay;
  for (let r = 1; r <= t.reviews; r++) {
    const limit = addCalendarMonths(prev, r === 1 ? 3 : 6);
    const held = r === 1 && reviewLate ? limit + 1 + reviewLate.n : Math.min(prev + (r === 1 ? t.g.review1 : t.g.review2), limit);
    const id = `${p}-review-${r}`;
    if (r === 1 && reviewLate) expect(icpc, id);
    const ends = r === t.reviews;
    shareReports(id, held, 5, undefined);
    b.list.add(held, id, 'conference.held', {
      ...ch,
      by: 'chair',
      kind: 'review',
      participants: ['chair', 'social-care', health, 'parent'],
      decision: ends ? 'end-plan' : 'continue-plan',
      decidedBy: t.decidedBy,
      ...(ends ? {} : { reasons: evidence.map((c) => ({ basis: 'concern', concern: c.id })), proportionality: true }),
      advocate: t.advocate,
    });
    shareMinutes(b, id, held, t.g.minutes, undefined);
    prev = held;
  }
  finish();
}

export function buildPlo(t: PloTrack, b: BuildContext, notes: BuildNotes): void {
  const p = b.prefix;
  const kids = maskChildren(t.childMask, b.all);
  const ch = childrenField(kids, b.all);
  const S = wd(b.start, 0);
  const expect = (...ids: string[]) => notes.expect.push(...ids);
  const concerns = t.concerns.map((c, i) => raiseConcern(b, S, `${p}-c${i + 1}`, c, ch));
  const evidenced = Math.max(...concerns.map((c) => c.evidencedOn));
  // The threshold judgement rests on an assessment of the family (plo-before-assessment),
  // of the episode's own referral (so no earlier referral's 45 days are counted against it).
  const referrer = pick(REFERRERS, t.concerns[0]!.by);
  const ref = b.list.add(S, `${p}-ref`, 'referral.received', { ...ch, by: referrer, from: referrer, concerns: concerns.map((c) => c.id) });
  b.list.add(S, `${p}-decided`, 'referral.decided', { ...ch, by: 'social-care', outcome: 'assessment', referral: ref });
  b.list.add(S, `${p}-assessment`, 'assessment.started', { ...ch, by: 'social-care', kind: 'child-and-family' });
  const assessedDay = wd(evidenced, 1);
  b.list.add(assessedDay, `${p}-assessed`, 'assessment.completed', { ...ch, by: 'social-care', kind: 'child-and-family', conclusion: 'child-protection-concerns' });
  const lpmDay = wd(assessedDay, t.g.lpm);
  b.list.add(lpmDay, `${p}-lpm`, 'legal.planning-meeting', {
    ...ch,
    by: 'legal',
    reliesOn: concerns.map((c) => c.id),
    thresholdMet: true,
    decision: 'pre-proceedings',
    proportionality: true,
  });
  const letterFault = faultOf(t, 'plo-letter-not-explained');
  const letterDay = wd(lpmDay, t.g.letter);
  const letter = b.list.add(letterDay, `${p}-letter`, 'plo.letter-sent', {
    ...ch,
    by: 'social-care',
    explained: !(letterFault && letterFault.variant % 3 === 0),
    legalAidInfo: !(letterFault && letterFault.variant % 3 === 1),
    meetingInvite: !(letterFault && letterFault.variant % 3 === 2),
  });
  if (letterFault) expect(letter);
  const meetingDay = wd(letterDay, t.g.meeting);
  const meeting = b.list.add(meetingDay, `${p}-meeting`, 'plo.meeting-held', { ...ch, by: 'legal' });
  const overdue = faultOf(t, 'plo-overdue');
  const reviews = overdue ? Math.max(1, t.reviews) : t.reviews;
  let last = meetingDay;
  for (let r = 1; r <= reviews; r++) {
    last = r === 1 && overdue ? last + 113 + overdue.n : last + t.g.review[(r - 1) % t.g.review.length]!;
    const id = b.list.add(last, `${p}-review-${r}`, 'plo.reviewed', { ...ch, by: 'legal' });
    if (r === 1 && overdue) expect(meeting, id);
  }
  const endDay = last + t.g.end;
  b.list.add(endDay, `${p}-ended`, 'plo.ended', { ...ch, by: 'legal', outcome: t.outcome });
  const over26 = faultOf(t, 'proceedings-over-26-weeks');
  if (t.outcome === 'proceedings' || over26) {
    if (over26 && t.outcome !== 'proceedings') (b.list.get(`${p}-ended`) as Fields)['outcome'] = 'proceedings';
    const issued = wd(endDay, t.g.issue);
    const id = b.list.add(issued, `${p}-issued`, 'proceedings.issued', { ...ch, by: 'legal', proportionality: true });
    let concluded = issued + t.g.conclude;
    if (t.extension !== null && !over26) {
      const at = issued + t.g.extendAt;
      b.list.add(at, `${p}-extended`, 'proceedings.extended', { ...ch, by: 'legal', weeks: t.extension });
      concluded = Math.max(concluded, at + 1);
    }
    if (over26) {
      concluded = issued + 182 + over26.n;
      expect(id);
    }
    b.list.add(concluded, `${p}-concluded`, 'proceedings.concluded', { ...ch, by: 'legal', order: t.order });
  }
}

export function buildLookedAfter(t: LookedAfterTrack, b: BuildContext, notes: BuildNotes): void {
  const p = b.prefix;
  const kids = maskChildren(t.childMask, b.all);
  const ch = childrenField(kids, b.all);
  const S = wd(b.start, 0);
  const expect = (...ids: string[]) => notes.expect.push(...ids);
  const planLate = faultOf(t, 'care-plan-late');
  // The care-plan clock runs for s20 accommodation only (a care order's plan precedes the order).
  const s20 = t.basis === 's20' || planLate !== undefined;
  const order = s20
    ? b.list.add(S, `${p}-accommodated`, 'looked-after.started', { ...ch, basis: 's20' })
    : b.list.add(S, `${p}-order`, 'care-order.made', { ...ch, by: 'legal' });
  const churn = faultOf(t, 'worker-churn');
  if (churn) {
    // Four different workers in four months, one more than the standard allows.
    ['sw-1', 'sw-2', 'sw-3', 'sw-4'].forEach((w, i) => b.list.add(S + 20 * i, `${p}-worker-${i + 1}`, 'worker.allocated', { ...ch, worker: w }));
    expect(`${p}-worker-4`);
  } else if (t.workers.length) {
    b.list.add(S, `${p}-worker-1`, 'worker.allocated', { ...ch, worker: pick(WORKERS, t.workers[0]!) });
  }
  if (t.placement) b.list.add(S, `${p}-placed`, 'living-arrangement.changed', { ...ch, with: 'foster-carer' });
  const planDay = wd(S, planLate ? 11 + planLate.n : t.g.plan);
  const plan = b.list.add(planDay, `${p}-care-plan`, 'care-plan.updated', { ...ch, by: 'social-care' });
  if (planLate) expect(order, plan);
  const reviewLate = faultOf(t, 'lac-review-late');
  const rev1 = wd(S, reviewLate ? 21 + reviewLate.n : t.g.review1);
  const review1 = b.list.add(rev1, `${p}-review-1`, 'lac-review.held', { ...ch, by: 'iro' });
  if (reviewLate) expect(order, review1);
  let lastReview = rev1;
  let nextDue = addCalendarMonths(rev1, 3);
  for (let r = 2; r <= t.reviews; r++) {
    const limit = addCalendarMonths(lastReview, r === 2 ? 3 : 6);
    lastReview = Math.min(lastReview + (r === 2 ? t.g.review2 : t.g.review3), limit);
    b.list.add(lastReview, `${p}-review-${r}`, 'lac-review.held', { ...ch, by: 'iro' });
    nextDue = addCalendarMonths(lastReview, 6);
  }
  if (t.workers.length > 1 && !churn) b.list.add(rev1, `${p}-worker-2`, 'worker.allocated', { ...ch, worker: pick(WORKERS, t.workers[1]!) });
  const stale = faultOf(t, 'care-plan-stale-after-change');
  if (t.change || stale) {
    // A significant change well after the latest plan (so the plan did not foresee it).
    const changeDay = wd(Math.max(planDay, rev1), t.g.change);
    const change = b.list.add(changeDay, `${p}-moved`, 'living-arrangement.changed', { ...ch, with: 'relative' });
    b.list.add(wd(changeDay, stale ? 21 + (stale.n % 5) : t.g.update), `${p}-care-plan-2`, 'care-plan.updated', { ...ch, by: 'social-care' });
    if (stale) expect(change);
  }
  const unanswered = faultOf(t, 'concern-not-responded');
  if (t.concern || unanswered) {
    const d = wd(rev1, 1);
    const id = `${p}-c1`;
    b.list.add(d, id, 'concern.raised', { ...ch, by: 'school', concern: id, kind: 'physical-harm', basis: 'observed' });
    b.list.add(wd(d, unanswered ? 2 + (unanswered.n % 5) : t.g.seen), `${id}-seen`, 'child.seen', { ...ch, by: 'social-care' });
    b.list.add(wd(d, t.g.seen), `${id}-told`, 'outcome.shared', { by: 'social-care', of: id, with: 'parent' });
    if (unanswered) expect(id);
  }
  if (t.contact) b.list.add(wd(rev1, 2), `${p}-contact`, 'contact.changed', { ...ch, supervised: true });
  // A late plan or update may run past the next review's due day: hold that review in time.
  if (b.list.lastDay >= nextDue) {
    b.list.add(nextDue - 1, `${p}-review-extra`, 'lac-review.held', { ...ch, by: 'iro' });
    nextDue = addCalendarMonths(nextDue - 1, 6);
  }
  // Discharged before the next review falls due, so no review clock is left open.
  const last = b.list.lastDay;
  const dischargeDay = Math.max(last + 1, Math.min(last + t.g.discharge, nextDue - 1));
  if (s20) {
    b.list.add(dischargeDay, `${p}-ceased`, 'looked-after.ceased', { ...ch });
    return;
  }
  if (t.dischargeConsidered) b.list.add(dischargeDay, `${p}-discharge-considered`, 'care-order.discharge-considered', { ...ch, decision: 'apply' });
  b.list.add(dischargeDay, `${p}-discharged`, 'care-order.discharged', { ...ch, by: 'legal' });
}

export function buildComplaints(t: ComplaintsTrack, b: BuildContext, notes: BuildNotes): void {
  const p = b.prefix;
  const S = wd(b.start, 0);
  const expect = (...ids: string[]) => notes.expect.push(...ids);
  const lateFault = faultOf(t, 'complaint-response-late');
  const remedyFault = faultOf(t, 'remedy-not-considered');
  const refused = faultOf(t, 'statutory-stage-refused');
  const procedure = refused ? 'statutory-children' : t.procedure;
  const c1 = b.list.add(S, `${p}-complaint`, 'complaint.made', { by: 'parent', stage: 1, procedure });
  const r1Day = wd(S, lateFault ? (procedure === 'statutory-children' ? 21 : 11) + lateFault.n : t.g.r1);
  const outcome = remedyFault ? 'upheld' : t.outcome;
  const r1 = b.list.add(r1Day, `${p}-response`, 'complaint.responded', {
    by: 'social-care',
    stage: 1,
    complaint: c1,
    outcome,
    ...(outcome === 'not-upheld' ? {} : { remedyConsidered: !remedyFault }),
    ...(t.apology ? { apology: true } : {}),
  });
  if (lateFault) expect(c1, r1);
  if (remedyFault) expect(r1);
  let last = r1Day;
  if (t.stage2 || refused) {
    const c2Day = wd(r1Day, t.g.request);
    const c2 = b.list.add(c2Day, `${p}-complaint-2`, 'complaint.made', { by: 'parent', stage: 2, procedure });
    last = wd(c2Day, t.g.r2);
    const r2 = b.list.add(last, `${p}-response-2`, 'complaint.responded', {
      by: 'social-care',
      stage: 2,
      complaint: c2,
      outcome: refused ? 'declined' : 'not-upheld',
    });
    if (refused) expect(r2);
  }
  const late = faultOf(t, 'late-complaint');
  const remedyLate = faultOf(t, 'ombudsman-remedy-late');
  const s31 = faultOf(t, 's31-consideration-late');
  if (!(t.ombudsman || late || remedyLate || s31)) return;
  const omDay = wd(last, t.g.ombudsman);
  const om = b.list.add(omDay, `${p}-ombudsman`, 'ombudsman.complaint-made', {
    by: 'parent',
    about: { from: formatDay(late ? omDay - 400 - late.n : S), to: formatDay(last) },
  });
  if (late) expect(om);
  const decided = omDay + t.g.decided;
  const recs = Array.from({ length: t.recommendations }, (_, i) => ({ id: `${p}-r${i + 1}`, action: i === 0 ? 'apologise' : 'review practice', due: formatDay(wd(decided, t.g.due)) }));
  const dec = b.list.add(decided, `${p}-decision`, 'ombudsman.decided', { by: 'ombudsman', outcome: 'fault causing injustice', recommendations: recs });
  recs.forEach((r, i) => {
    const doneDay = i === 0 && remedyLate ? wd(wd(decided, t.g.due), 1 + remedyLate.n) : wd(decided, Math.min(t.g.remedy, t.g.due - 1));
    b.list.add(doneDay, `${r.id}-done`, 'remedy.completed', { by: 'social-care', recommendation: r.id });
  });
  if (remedyLate) expect(dec);
  if (t.published || s31) {
    const pub = decided + t.g.publish;
    const published = b.list.add(pub, `${p}-published`, 'ombudsman.report-published', { by: 'ombudsman', received: formatDay(pub), extensionAgreed: false });
    b.list.add(s31 ? addCalendarMonths(pub, 3) + 1 + s31.n : pub + t.g.consider, `${p}-considered`, 'report.considered', { by: 'committee' });
    if (s31) expect(published);
  }
}

export function buildContact(t: ContactTrack, b: BuildContext, notes: BuildNotes): void {
  const p = b.prefix;
  const kids = maskChildren(t.childMask, b.all);
  const ch = childrenField(kids, b.all);
  const S = wd(b.start, 0);
  const expect = (...ids: string[]) => notes.expect.push(...ids);
  const unanswered = faultOf(t, 'correspondence-unanswered');
  const overdue = faultOf(t, 'commitment-overdue');
  const correspondence = t.correspondence || !!unanswered || !(t.commitment || overdue);
  if (correspondence) {
    const unrecorded = unanswered && unanswered.variant % 2 === 1;
    const id = b.list.add(S, `${p}-letter`, 'correspondence.received', { ...ch, from: pick(WRITERS, t.from), ...(unrecorded ? { recorded: false } : {}) });
    if (!unrecorded) b.list.add(wd(S, unanswered ? 21 + unanswered.n : t.g.answer), `${p}-answer`, 'correspondence.answered', { ...ch, by: 'social-care', correspondence: id });
    if (unanswered) expect(id);
  }
  if (t.commitment || overdue) {
    const made = wd(S, 1);
    const due = t.due === 'date' ? { due: formatDay(wd(made, t.g.due)) } : t.due === 'duration' ? { due: 'P2W' } : {};
    const id = b.list.add(made, `${p}-promise`, 'commitment.made', { ...ch, by: 'social-care', what: 'send the assessment', ...due });
    let kept: Day;
    if (t.due === 'date') kept = overdue ? wd(wd(made, t.g.due), 1 + overdue.n) : wd(made, Math.min(t.g.kept, t.g.due - 1));
    else if (t.due === 'duration') kept = overdue ? made + 15 + overdue.n : wd(made, Math.min(t.g.kept, 5));
    else kept = overdue ? wd(made, 21 + overdue.n) : wd(made, t.g.kept);
    b.list.add(kept, `${p}-kept`, 'commitment.kept', { ...ch, by: 'social-care', commitment: id });
    if (overdue) expect(id);
  }
  if (t.support) b.list.add(wd(S, 2), `${p}-support`, 'support.offered', { ...ch, by: 'social-care', what: 'family support worker' });
}

const PREFIX: Record<TrackKind, string> = {
  'child-protection': 'cp',
  plo: 'plo',
  'looked-after': 'lac',
  complaints: 'cx',
  contact: 'ct',
};

export interface CasePlan {
  children: number;
  /** First day of the case (a day number). */
  start: Day;
  tracks: Track[];
  /** Calendar days from the last event to `asOf`. */
  asOfMargin: number;
  completeness: 'record' | 'summary';
  caseId?: string;
}

export interface BuiltCase {
  chronology: {
    case: string;
    asOf: string;
    completeness: 'record' | 'summary';
    children: { id: string }[];
    events: Fields[];
  };
  expect: string[];
}

/** Lay the tracks end to end and build the case. */
export function buildCase(plan: CasePlan): BuiltCase {
  const all = ['A', 'B', 'C', 'D'].slice(0, Math.max(1, Math.min(4, plan.children)));
  const list = new EventList();
  const counters = new Map<TrackKind, number>();
  const notes: BuildNotes = { expect: [] };
  let start = plan.start;
  plan.tracks.forEach((t, i) => {
    const n = (counters.get(t.kind) ?? 0) + 1;
    counters.set(t.kind, n);
    if (i > 0) start = list.lastDay + t.gapBefore;
    const b: BuildContext = { list, all, prefix: `${PREFIX[t.kind]}${n}`, start };
    switch (t.kind) {
      case 'child-protection':
        return buildChildProtection(t, b, notes);
      case 'plo':
        return buildPlo(t, b, notes);
      case 'looked-after':
        return buildLookedAfter(t, b, notes);
      case 'complaints':
        return buildComplaints(t, b, notes);
      case 'contact':
        return buildContact(t, b, notes);
    }
  });
  const last = list.length ? list.lastDay : plan.start;
  return {
    chronology: {
      case: plan.caseId ?? 'generated',
      asOf: formatDay(last + plan.asOfMargin),
      completeness: plan.completeness,
      children: all.map((id) => ({ id })),
      events: list.events(),
    },
    expect: [...new Set(notes.expect)],
  };
}
