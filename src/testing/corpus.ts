/**
 * A seeded synthetic corpus of child-protection chronologies, for benchmarks and
 * tests. Each case is an object as a JSON chronology file would hold it, with exact
 * dates (`YYYY-MM-DD`), `completeness: 'record'` and only the event types and fields
 * of src/schema/events.ts, so every case loads without issues.
 *
 * The corpus encodes no process path of its own: a case is the episodes of the property
 * suite's compliant tracks (src/testing/arbitraries/tracks.ts), their plans drawn from the
 * same plan spaces (arbitraries/space.ts) with a fast seeded PRNG instead of fast-check, and
 * built by the same builders. What the corpus adds is the mix, meant to look like a local
 * authority's caseload: every case starts with a referral (and the concerns behind it); many
 * end at the referral decision or after a child and family assessment; fewer go on to a
 * strategy discussion and section 47 enquiries, an initial conference (plan or no plan),
 * core groups and reviews to the end of the plan; some of those are followed by
 * pre-proceedings (legal planning meeting, letter before proceedings, meeting, reviews,
 * step-down or proceedings). Cases have one to three children; a few events carry a short
 * note, as case records do.
 *
 * Roughly half the cases are compliant (the tracks meet every timescale with a margin and
 * record every fact a `record` needs). The other half carry exactly one deliberate
 * {@link Fault}, chosen before the path so the path is long enough to hold it, and made by
 * the track builder's own fault for the rule. {@link casePlan} returns those choices without
 * building the case (tests use it to know what to expect).
 *
 * Deterministic: everything is drawn from a mulberry32 PRNG seeded from (seed, index).
 */
import { type Day, dayOf } from '../calendar/day.js';
import { wd } from './arbitraries/support.js';
import type { Draw } from './arbitraries/space.js';
import { type ChildProtectionTrack, CHILD_PROTECTION_SPACE, type CpStage, PLO_SPACE, type PloTrack, type Track, buildCase } from './arbitraries/tracks.js';

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
  /** Review conferences held (plan only: one or two). */
  reviews: number;
  /** The last review ends the plan (always, with a plan: the tracks end a plan at its last review). */
  planEnds: boolean;
  /** Pre-proceedings follow the plan (plan only). */
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

class Rng implements Draw {
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
  // A plan ends at its last review (one or two); pre-proceedings follow a plan.
  const reviews = plan ? rng.weighted([
    [1, 60],
    [2, 40],
  ] as const) : 0;
  const plo = fault === 'unexplained-letter' || (plan && fault === undefined && rng.chance(0.3));
  return { seed, index, ...(fault ? { fault } : {}), stage, children, plan, reviews, planEnds: plan, plo };
}

/** The choices behind case `index` of corpus `seed`, without building it. */
export function casePlan(seed: number, index: number): CasePlan {
  return drawPlan(new Rng(seed, index), seed, index);
}

// ---------------------------------------------------------------------------
// Building a case: the tracks of the plan, by the tracks' own builders

const FIRST_DAY = dayOf(2019, 1, 7);
const LAST_START = dayOf(2025, 6, 30);
const NOTES = [
  'Summary from the case record.',
  'Worker changed shortly before this.',
  'Parent attended with a supporter.',
  'Interpreter used.',
  'Recorded late on the system.',
] as const;

const CP_STAGE: Record<Stage, CpStage> = { referral: 'referral', assessment: 'assessment', s47: 's47', conference: 'conference' };

/** How far past the limit a fault goes (the track's `n`), and which of the rule's ways of breaking it (`variant`). */
function faultOf(rng: Rng, fault: Fault): { rule: string; n: number; variant: number } {
  return { rule: FAULT_RULE[fault], n: rng.int(0, 9), variant: fault === 'missing-core-group' ? 1 : rng.int(0, 5) };
}

/** The tracks of a case: a child-protection episode, then pre-proceedings when the plan has them. */
function tracksOf(plan: CasePlan, rng: Rng): Track[] {
  const all = [false, false, false, false]; // every child of the case
  const cp: ChildProtectionTrack = {
    ...CHILD_PROTECTION_SPACE.draw(rng),
    childMask: all,
    stage: plan.plan ? 'plan' : CP_STAGE[plan.stage],
    reviews: Math.max(1, plan.reviews),
  };
  if (plan.fault && plan.fault !== 'unexplained-letter') cp.fault = faultOf(rng, plan.fault);
  const tracks: Track[] = [cp];
  if (plan.plo) {
    const plo: PloTrack = { ...PLO_SPACE.draw(rng), childMask: all };
    if (plan.fault === 'unexplained-letter') plo.fault = faultOf(rng, plan.fault);
    tracks.push(plo);
  }
  return tracks;
}

/** One chronology object, as a JSON file would hold it. Deterministic in (seed, index). */
export function generateCase(seed: number, index: number): Record<string, unknown> {
  const rng = new Rng(seed, index);
  const plan = drawPlan(rng, seed, index);
  const tracks = tracksOf(plan, rng);
  const start: Day = wd(FIRST_DAY + rng.int(0, LAST_START - FIRST_DAY), 0);
  const { chronology } = buildCase({ children: plan.children, start, tracks, asOfMargin: 7, completeness: 'record' });
  const events = chronology.events.map((e) => (rng.chance(0.06) ? { ...e, note: rng.pick(NOTES) } : e));
  return {
    case: `synthetic-${seed}-${index}`,
    title: `Synthetic case ${index}`,
    asOf: chronology.asOf,
    completeness: 'record',
    children: chronology.children,
    events,
  };
}

/** `n` cases of corpus `seed`, in index order. */
export function* generateCorpus(n: number, seed: number): Generator<Record<string, unknown>> {
  for (let i = 0; i < n; i++) yield generateCase(seed, i);
}
