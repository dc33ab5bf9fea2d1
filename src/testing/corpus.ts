/**
 * A seeded synthetic corpus of child-protection chronologies, for benchmarks and
 * tests. Each case is an object as a JSON chronology file would hold it, with exact
 * dates (`YYYY-MM-DD`), `completeness: 'record'` and only the event types and fields
 * of src/schema/events.ts, so every case loads without issues.
 *
 * The mix is meant to look like a local authority's caseload: every case starts with
 * a referral (and the concern behind it); many end at the referral decision or after
 * a child and family assessment; fewer go on to a strategy discussion and section 47
 * enquiries, an initial conference (plan or no plan), core groups, reviews and the end
 * of a plan; some of those add pre-proceedings (legal planning meeting, letter before
 * proceedings, meeting, reviews, step-down or proceedings). Secondary concerns are
 * raised and assessed along the way; cases have one to three children.
 *
 * Roughly half the cases are compliant: every timescale met with a margin (working
 * days counted on casepath's own England calendar), every fact a `record` needs
 * recorded. The other half carry exactly one deliberate {@link Fault}, chosen before
 * the path so the path is long enough to hold it. {@link casePlan} returns those
 * choices without building the case (tests use it to know what to expect).
 *
 * Deterministic: everything is drawn from a mulberry32 PRNG seeded from (seed, index).
 */
import { type Day, dayOf, formatDay } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import { CATEGORY, HEALTH, MAIN_KINDS, REFERRERS } from './vocabulary.js';

/** The deliberate faults, each with the rule that must find it (certain). */
export const FAULT_RULE = {
  /** The initial conference 18–30 working days after the s47 strategy discussion. */
  'late-icpc': 'icpc-late',
  /** A plan with no core group ever recorded (the plan is still open at `asOf`). */
  'missing-core-group': 'core-group-late',
  /** A strategy discussion deciding on s47 enquiries relying only on a concern that is an assumption (no reasonable cause: s47(1)). */
  'assumption-reliance': 'escalation-without-evidence',
  /** A letter before proceedings not explained, or without legal-aid information or an invitation. */
  'unexplained-letter': 'plo-letter-not-explained',
  /** A review conference continuing the plan for a procedural reason only. */
  'procedural-status': 'decision-on-procedural-status',
} as const;

export type Fault = keyof typeof FAULT_RULE;
export const FAULTS = Object.keys(FAULT_RULE) as Fault[];

/** How far along the child-protection path a case goes. */
export type Stage = 'referral' | 'assessment' | 's47' | 'conference';

export interface CasePlan {
  seed: number;
  index: number;
  /** `undefined`: a compliant case. */
  fault?: Fault;
  stage: Stage;
  children: number;
  /** The initial conference makes a plan (stage `conference` only). */
  plan: boolean;
  /** Review conferences held (plan only). */
  reviews: number;
  /** The last review ends the plan. */
  planEnds: boolean;
  /** Pre-proceedings are used (plan only). */
  plo: boolean;
}

// ---------------------------------------------------------------------------
// PRNG

/** mulberry32: a tiny 32-bit PRNG, good enough for test data. */
function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(seed: number, index: number): number {
  let h = (seed | 0) ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= Math.imul((index | 0) + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  return (h ^ (h >>> 16)) | 0;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number, index: number) {
    this.next = mulberry32(mix(seed, index));
  }
  float(): number {
    return this.next();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** One of `items`, drawn with the given weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((n, [, w]) => n + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}

// ---------------------------------------------------------------------------
// The plan of a case

function drawPlan(rng: Rng, seed: number, index: number): CasePlan {
  const fault = rng.chance(0.5) ? rng.pick(FAULTS) : undefined;
  const children: number = rng.weighted([
    [1, 50],
    [2, 35],
    [3, 15],
  ] as const);
  let stage: Stage = rng.weighted([
    ['referral', 36],
    ['assessment', 36],
    ['s47', 14],
    ['conference', 14],
  ] as const);
  if (fault === 'assumption-reliance' && (stage === 'referral' || stage === 'assessment')) stage = 's47';
  if (fault && fault !== 'assumption-reliance') stage = 'conference';
  let plan = stage === 'conference' && (fault !== undefined || rng.chance(0.85));
  if (fault === 'late-icpc') plan = rng.chance(0.8);
  let reviews: number = plan ? rng.weighted([
    [0, 30],
    [1, 35],
    [2, 25],
    [3, 10],
  ] as const) : 0;
  if (fault === 'procedural-status' && reviews === 0) reviews = 1;
  let planEnds = reviews > 0 && rng.chance(0.6);
  if (fault === 'missing-core-group') planEnds = false;
  // A procedural-status review must continue the plan: with one review, it cannot also end it.
  if (fault === 'procedural-status' && reviews === 1) planEnds = false;
  // Pre-proceedings can outlast the plan's reviews; only with a plan that ends is no
  // review clock left open by it.
  const plo = fault === 'unexplained-letter' || (plan && fault === undefined && rng.chance(0.3));
  if (plo) {
    reviews = Math.max(reviews, 1);
    planEnds = true;
  }
  return { seed, index, ...(fault ? { fault } : {}), stage, children, plan, reviews, planEnds, plo };
}

/** The choices behind case `index` of corpus `seed`, without building it. */
export function casePlan(seed: number, index: number): CasePlan {
  return drawPlan(new Rng(seed, index), seed, index);
}

// ---------------------------------------------------------------------------
// Building a case

type Fields = Record<string, unknown>;

interface Pending {
  day: Day;
  seq: number;
  event: Fields;
}

const FIRST_DAY = dayOf(2019, 1, 7);
const LAST_START = dayOf(2025, 6, 30);
const CHILD_IDS = ['A', 'B', 'C'] as const;
const OTHER_KINDS = ['mental-health', 'parenting-capacity', 'neglect', 'domestic-abuse', 'other'] as const;
const ACTIONS = ['parenting-course', 'gp-registration', 'school-attendance', 'home-conditions', 'substance-support', 'safety-plan', 'nursery-place', 'housing-referral'] as const;
const NOTES = [
  'Summary from the case record.',
  'Worker changed shortly before this.',
  'Parent attended with a supporter.',
  'Interpreter used.',
  'Recorded late on the system.',
] as const;

class CaseBuilder {
  private readonly pending: Pending[] = [];
  private seq = 0;
  private readonly counters = new Map<string, number>();

  constructor(private readonly rng: Rng) {}

  /** Add an event on `day`; returns its id. Events are listed by day, then in the order added. */
  add(day: Day, type: string, fields: Fields = {}): string {
    const prefix = type.replace(/[^a-z0-9]+/g, '-');
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    const id = `${prefix}-${n}`;
    const event: Fields = { id, type, at: formatDay(day), ...fields };
    if (this.rng.chance(0.06)) event['note'] = this.rng.pick(NOTES);
    this.pending.push({ day, seq: this.seq++, event });
    return id;
  }

  get lastDay(): Day {
    let max = Number.NEGATIVE_INFINITY;
    for (const p of this.pending) if (p.day > max) max = p.day;
    return max;
  }

  events(): Fields[] {
    return [...this.pending].sort((a, b) => a.day - b.day || a.seq - b.seq).map((p) => p.event);
  }
}

/** The `n`th working day after `d` (day 0: `d` itself if it is a working day). */
const wd = (d: Day, n: number): Day => england.addWorkingDays(d, n);
/** The working day `n` working days before `d`. */
const wdBefore = (d: Day, n: number): Day => england.workingDaysBefore(d, n);

/** One chronology object, as a JSON file would hold it. Deterministic in (seed, index). */
export function generateCase(seed: number, index: number): Record<string, unknown> {
  const rng = new Rng(seed, index);
  const plan = drawPlan(rng, seed, index);
  const b = new CaseBuilder(rng);
  const children = CHILD_IDS.slice(0, plan.children);
  const staff = rng.pick(['sw-01', 'sw-02', 'sw-03', 'sw-04', 'sw-05', 'sw-06']);
  let actionCount = 0;

  /** Share a meeting's minutes or an outcome with the parent, well within 15 working days. */
  const shareWithParent = (of: string, day: Day, latest = 5) => b.add(wd(day, rng.int(1, latest)), 'outcome.shared', { of, with: 'parent', by: 'social-care' });
  const seenEach = (day: Day) => {
    for (const c of children) b.add(day, 'child.seen', { children: [c], alone: rng.chance(0.7), by: 'social-care' });
  };

  // --- Referral: the concern behind it, told to the parent, decided within a working day.
  const d0 = wd(FIRST_DAY + rng.int(0, LAST_START - FIRST_DAY), 0);
  const referrer = rng.pick(REFERRERS);
  const mainKind = rng.pick(MAIN_KINDS);
  const mainReported = rng.chance(0.4);
  const main = 'c1';
  const mainRaised = b.add(d0, 'concern.raised', { by: referrer, concern: main, kind: mainKind, basis: mainReported ? 'reported' : 'observed' });
  b.add(wd(d0, rng.int(0, 3)), 'outcome.shared', { of: mainRaised, with: 'parent', by: 'social-care' });
  const referral = b.add(d0, 'referral.received', { by: referrer, from: referrer, concerns: [main] });

  const decisionDay = wd(d0, rng.int(0, 1));
  if (plan.stage === 'referral') {
    const outcome = rng.pick(['no-further-action', 'early-help'] as const);
    b.add(decisionDay, 'referral.decided', { outcome, by: 'social-care', referral });
    if (outcome === 'early-help' && rng.chance(0.6)) b.add(wd(decisionDay, rng.int(2, 10)), 'support.offered', { what: 'early help', by: 'social-care' });
    else if (rng.chance(0.4)) b.add(wd(decisionDay, rng.int(0, 5)), 'note', { note: 'Referrer told of the decision.' });
    return finish(b, plan, children);
  }

  const direct = plan.stage !== 'assessment' && rng.chance(0.5);
  b.add(decisionDay, 'referral.decided', { outcome: direct ? 'strategy-discussion' : 'assessment', by: 'social-care', referral });
  b.add(decisionDay, 'worker.allocated', { worker: staff });

  // --- Assessment (alongside any s47 enquiry): completed within 45 working days of the referral.
  const assessStart = wd(decisionDay, rng.int(0, 3));
  b.add(assessStart, 'assessment.started', { kind: 'child-and-family', by: 'social-care' });
  const assessDone = wd(d0, rng.int(22, 40));
  seenEach(wd(assessStart, rng.int(1, 5)));
  if (rng.chance(0.7)) b.add(wd(assessStart, rng.int(1, 8)), 'home.visited', { by: 'social-care' });
  if (rng.chance(0.5)) b.add(wd(assessStart, rng.int(2, 12)), 'views.sought', { by: 'social-care' });

  // A secondary concern, raised and assessed during the assessment. Where the case may go to
  // proceedings (which weigh every concern known), it is substantiated.
  const secondary = rng.chance(0.6) || plan.fault === 'assumption-reliance';
  const secondaryBasis = plan.fault === 'assumption-reliance' ? 'assumption' : rng.pick(['reported', 'hearsay', 'observed'] as const);
  const secondaryFinding = plan.plo ? 'substantiated' : rng.pick(['substantiated', 'unsubstantiated', 'inconclusive'] as const);
  let secondaryRaisedDay: Day | undefined;
  if (secondary) {
    secondaryRaisedDay = wd(assessStart, rng.int(0, 3));
    const raised = b.add(secondaryRaisedDay, 'concern.raised', {
      by: rng.pick(REFERRERS),
      concern: 'c2',
      kind: rng.pick(OTHER_KINDS),
      basis: secondaryBasis,
    });
    shareWithParent(raised, secondaryRaisedDay, 3);
  }

  // The main concern, if only reported, is substantiated early in the enquiries (before any plan).
  let mainAssessedDay: Day | undefined;

  if (plan.stage === 'assessment') {
    if (mainReported) {
      mainAssessedDay = wd(assessStart, rng.int(5, 15));
      b.add(mainAssessedDay, 'concern.assessed', { concern: main, finding: rng.pick(['substantiated', 'inconclusive', 'unsubstantiated'] as const), by: 'social-care' });
    }
    const findings = secondary ? [{ concern: 'c2', finding: secondaryFinding }] : undefined;
    b.add(assessDone, 'assessment.completed', {
      kind: 'child-and-family',
      conclusion: rng.pick(['no-significant-concerns', 'child-in-need', 'child-in-need'] as const),
      ...(findings ? { findings } : {}),
      by: 'social-care',
    });
    if (rng.chance(0.5)) b.add(wd(assessDone, rng.int(1, 10)), 'support.offered', { what: 'child in need plan', by: 'social-care' });
    if (rng.chance(0.25)) addCommitment(b, rng, assessDone);
    return finish(b, plan, children);
  }

  // --- Strategy discussion and s47 enquiries.
  const strategyDay = wd(Math.max(assessStart, secondaryRaisedDay ?? assessStart), rng.int(1, 4));
  if (rng.chance(0.3)) b.add(strategyDay, 'threshold.considered', { for: 'strategy', met: true, reliesOn: [main], by: 'social-care' });
  const participants = ['social-care', 'police', rng.pick(HEALTH), ...(rng.chance(0.4) ? ['school'] : [])];
  const relies = plan.fault === 'assumption-reliance' ? ['c2'] : [main];
  b.add(strategyDay, 'strategy.held', {
    participants,
    reliesOn: relies,
    decision: 's47',
    ...(rng.chance(0.5) ? { reasons: relies.map((concern) => ({ basis: 'concern', concern })) } : {}),
    by: 'social-care',
  });
  b.add(wd(strategyDay, rng.int(0, 1)), 's47.started', { by: 'social-care' });
  seenEach(wd(strategyDay, rng.int(1, 3)));
  if (mainReported) {
    mainAssessedDay = wd(strategyDay, rng.int(2, 4));
    b.add(mainAssessedDay, 'concern.assessed', { concern: main, finding: 'substantiated', by: 'social-care' });
  }
  if (secondary) b.add(wd(strategyDay, rng.int(3, 5)), 'concern.assessed', { concern: 'c2', finding: secondaryFinding, by: 'social-care' });
  b.add(assessDone, 'assessment.completed', {
    kind: 'child-and-family',
    conclusion: plan.stage === 's47' ? rng.pick(['child-in-need', 'no-significant-concerns'] as const) : 'child-protection-concerns',
    by: 'social-care',
  });

  const s47Done = wd(strategyDay, rng.int(5, 7));
  if (plan.stage === 's47') {
    const s47 = b.add(s47Done, 's47.completed', { outcome: rng.pick(['not-substantiated', 'substantiated-no-continuing-risk'] as const), by: 'social-care' });
    shareWithParent(s47, s47Done);
    if (rng.chance(0.4)) b.add(wd(s47Done, rng.int(1, 10)), 'support.offered', { what: 'child in need plan', by: 'social-care' });
    if (rng.chance(0.2)) addCommitment(b, rng, s47Done);
    return finish(b, plan, children);
  }
  if (rng.chance(0.7)) shareWithParent(b.add(s47Done, 's47.completed', { outcome: 'continuing-risk', by: 'social-care' }), s47Done);

  // --- Initial conference: within 15 working days of the strategy discussion (late fault: 18–30).
  const icpcDay = plan.fault === 'late-icpc' ? wd(strategyDay, rng.int(18, 30)) : wd(strategyDay, rng.int(9, 14));
  if (rng.chance(0.5)) b.add(wd(strategyDay, 1), 'conference.scheduled', { kind: 'initial', for: formatDay(icpcDay), by: 'chair' });
  const icpc = b.add(icpcDay, 'conference.held', {
    kind: 'initial',
    participants: ['chair', 'social-care', 'police', rng.pick(HEALTH), 'parent'],
    decision: plan.plan ? 'plan' : 'no-plan',
    decidedBy: rng.pick(['consensus', 'consensus', 'majority'] as const),
    ...(plan.plan ? { category: CATEGORY[mainKind], proportionality: true, reasons: [{ basis: 'concern', concern: main }] } : {}),
    advocate: rng.pick(['offered', 'offered', 'declined'] as const),
    by: 'chair',
  });
  b.add(wdBefore(icpcDay, rng.int(3, 4)), 'reports.shared', { for: icpc, with: 'parent', complete: true, by: 'social-care' });
  shareWithParent(icpc, icpcDay);
  if (!plan.plan) {
    if (rng.chance(0.5)) b.add(wd(icpcDay, rng.int(2, 10)), 'support.offered', { what: 'child in need plan', by: 'social-care' });
    return finish(b, plan, children);
  }

  // --- The plan: core groups (the first within 10 working days), actions, reviews.
  const coreGroups = plan.fault !== 'missing-core-group';
  const openActions: { action: string; set: Day; due: Day }[] = [];
  /** Core groups from `from` while before `until`, every 4–6 weeks; returns the last day used. */
  const coreGroupsBetween = (first: Day, until: Day): void => {
    let d = first;
    while (d < until) {
      const cg = b.add(d, 'core-group.held', { by: 'social-care' });
      shareWithParent(cg, d);
      if (rng.chance(0.45)) {
        const action = `${rng.pick(ACTIONS)}-${++actionCount}`;
        const due = wd(d, rng.int(15, 30));
        b.add(d, 'plan.action-set', { action, due: formatDay(due), by: 'social-care' });
        openActions.push({ action, set: d, due });
      }
      d = wd(d + rng.int(35, 56), 0);
    }
  };
  const doActions = (before: Day): void => {
    // Every action is done by its due date and before the plan ends.
    for (const a of openActions.splice(0)) {
      b.add(Math.max(a.set + 1, Math.min(a.due, before) - rng.int(0, 3)), 'plan.action-done', { action: a.action, by: 'parent' });
    }
  };

  let last = icpcDay;
  const firstCore = wd(icpcDay, rng.int(4, 9));
  let ploActiveOn = (_d: Day) => false;
  if (plan.plo) ploActiveOn = addPlo(b, rng, plan, wd(icpcDay, rng.int(10, 30)), main);

  if (plan.reviews === 0) {
    // No review yet: the case stops before the first review is due (3 months).
    if (coreGroups) coreGroupsBetween(firstCore, icpcDay + rng.int(20, 70));
    // Visits go on; with no core group, the case runs past the first core group's deadline.
    else b.add(wd(icpcDay, rng.int(15, 40)), 'home.visited', { by: 'social-care' });
    doActions(b.lastDay);
    return finish(b, plan, children);
  }
  let coreStart = firstCore;
  for (let r = 1; r <= plan.reviews; r++) {
    // First review within 3 months of the ICPC, then within 6 months.
    const reviewDay = wd(r === 1 ? last + rng.int(60, 80) : last + rng.int(140, 170), 0);
    if (coreGroups) coreGroupsBetween(coreStart, wdBefore(reviewDay, 8));
    const ends = r === plan.reviews && plan.planEnds;
    const procedural = plan.fault === 'procedural-status' && r === 1;
    if (ends) doActions(reviewDay);
    const review = b.add(reviewDay, 'conference.held', {
      kind: 'review',
      participants: ['chair', 'social-care', rng.pick(HEALTH), 'parent'],
      decision: ends ? 'end-plan' : 'continue-plan',
      ...(ends
        ? {}
        : {
            proportionality: true,
            reasons: procedural
              ? [{ basis: 'procedural-status', status: ploActiveOn(reviewDay) ? 'plo' : 'existing-plan' }]
              : [{ basis: 'concern', concern: main }],
          }),
      advocate: rng.pick(['offered', 'declined'] as const),
      by: 'chair',
    });
    b.add(wdBefore(reviewDay, rng.int(5, 7)), 'reports.shared', { for: review, with: 'parent', complete: true, by: 'social-care' });
    shareWithParent(review, reviewDay);
    last = reviewDay;
    coreStart = wd(reviewDay, rng.int(5, 15));
  }
  if (!plan.planEnds) {
    // The plan continues: a core group or two after the last review, well before the next one.
    if (coreGroups && rng.chance(0.6)) coreGroupsBetween(coreStart, last + rng.int(30, 90));
    doActions(b.lastDay);
  } else if (rng.chance(0.4)) {
    b.add(wd(last, rng.int(3, 15)), 'support.offered', { what: 'step-down to child in need', by: 'social-care' });
  }
  return finish(b, plan, children);
}

/** A commitment made and kept on time. */
function addCommitment(b: CaseBuilder, rng: Rng, from: Day): void {
  const made = wd(from, rng.int(1, 5));
  const due = wd(made, rng.int(5, 20));
  const id = b.add(made, 'commitment.made', { what: rng.pick(['call back', 'send the assessment', 'arrange a meeting']), due: formatDay(due), by: 'social-care' });
  b.add(wd(made, rng.int(1, 4)), 'commitment.kept', { commitment: id, by: 'social-care' });
}

/**
 * Pre-proceedings from `start`: legal planning meeting, letter, meeting, reviews within
 * 16 weeks, then step-down or proceedings concluded within 26 weeks. Returns whether the
 * PLO is in place on a day.
 */
function addPlo(b: CaseBuilder, rng: Rng, plan: CasePlan, start: Day, main: string): (d: Day) => boolean {
  b.add(start, 'legal.planning-meeting', {
    reliesOn: [main],
    thresholdMet: true,
    decision: 'pre-proceedings',
    proportionality: true,
    by: 'legal',
  });
  const letterDay = wd(start, rng.int(3, 10));
  const letter: Fields = { explained: true, legalAidInfo: true, meetingInvite: true };
  if (plan.fault === 'unexplained-letter') letter[rng.pick(['explained', 'legalAidInfo', 'meetingInvite'])] = false;
  b.add(letterDay, 'plo.letter-sent', { ...letter, by: 'legal' });
  const meetingDay = wd(letterDay, rng.int(5, 10));
  b.add(meetingDay, 'plo.meeting-held', { by: 'legal' });
  let d = meetingDay;
  const reviews = rng.int(1, 2);
  for (let i = 0; i < reviews; i++) {
    d = wd(d + rng.int(42, 98), 0);
    b.add(d, 'plo.reviewed', { by: 'legal' });
  }
  const endDay = wd(d + rng.int(14, 70), 0);
  const toCourt = rng.chance(0.25);
  b.add(endDay, 'plo.ended', { outcome: toCourt ? 'proceedings' : 'step-down', by: 'legal' });
  let ploUntil = endDay;
  if (toCourt) {
    const issued = wd(endDay, rng.int(1, 5));
    b.add(issued, 'proceedings.issued', { proportionality: true, by: 'legal' });
    ploUntil = issued + rng.int(84, 168);
    b.add(ploUntil, 'proceedings.concluded', { order: rng.pick(['care', 'supervision', 'none'] as const), by: 'legal' });
  }
  return (day) => day >= start && day <= ploUntil;
}

function finish(b: CaseBuilder, plan: CasePlan, children: readonly string[]): Record<string, unknown> {
  const events = b.events();
  return {
    case: `synthetic-${plan.seed}-${plan.index}`,
    title: `Synthetic case ${plan.index}`,
    asOf: formatDay(b.lastDay + 7),
    completeness: 'record',
    children: children.map((id) => ({ id })),
    events,
  };
}

/** `n` cases of corpus `seed`, in index order. */
export function* generateCorpus(n: number, seed: number): Generator<Record<string, unknown>> {
  for (let i = 0; i < n; i++) yield generateCase(seed, i);
}
