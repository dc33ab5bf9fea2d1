/**
 * `malformedChronologyArbitrary`: chronology objects the loader must refuse, each a
 * valid chronology (from `chronologyArbitrary`) with one defect, tagged with the issue
 * code the loader must report for it (among possibly others, e.g. a duplicated id also
 * breaks references to it). A replay of one must throw `InvalidChronologyError` — the
 * CLI's exit-2 path — never crash.
 */
import fc from 'fast-check';
import type { IssueCode } from '../../issues.js';
import { type ChronologyConstraints, buildChronology, chronologyPlanArbitrary } from './chronology.js';
import { type Fields, pick } from './support.js';

/** The defects, each with the issue code it must produce. */
export const MALFORMATIONS = {
  /** A field of the wrong type: `children: "A"`, `cite: 42`, a numeric case id. */
  'wrong-type': 'invalid-field',
  /** An event type not in the vocabulary (a near miss or a stranger). */
  'unknown-event-type': 'unknown-event-type',
  /** A date that is no date: `2023-02-30`, `2024-13-01`, `31/01/2024`, `late 2022`, a reversed range, a bad duration. */
  'bad-date': 'bad-date',
  /** A date relative to an event that does not exist. */
  'missing-anchor': 'unknown-reference',
  /** Two events dated only relative to each other: no calendar date reaches them. */
  'unanchored-dates': 'bad-date',
  /** Dates that cannot all hold: a later event listed first, or `at: [2023-01-05, 2023-02]`. */
  'contradictory-dates': 'contradictory-dates',
  /** Two events with one id. */
  'duplicate-id': 'duplicate-id',
  /** An event about a child the file does not list. */
  'unknown-child': 'unknown-child',
  /** A reference to an event or concern that does not exist. */
  'unknown-reference': 'unknown-reference',
  /** A field the event type does not have (schemas are strict). */
  'unknown-field': 'invalid-field',
  /** A field an event means nothing without, left out (the concern a `concern.assessed` assesses). Facts a source may not state are optional (absent is unknown). */
  'missing-field': 'invalid-field',
  /** An event whose `at` is there but empty (`null`); an event with no `at` at all is valid (undated). */
  'missing-date': 'bad-date',
  /** An event that is not an object. */
  'not-an-object': 'invalid-field',
  /** A header without children, or without a case id. */
  'bad-header': 'invalid-field',
  /** `asOf` that is not a single day. */
  'vague-as-of': 'bad-date',
  /** An omission of a step that is not an event type. */
  'bad-omission': 'invalid-field',
} as const satisfies Record<string, IssueCode>;

export type Malformation = keyof typeof MALFORMATIONS;
export const MALFORMATION_KINDS = Object.keys(MALFORMATIONS) as Malformation[];

export interface MalformedChronology {
  /** The input, as a parsed JSON file would hold it. */
  data: unknown;
  kind: Malformation;
  /** The issue code the loader must report. */
  code: IssueCode;
  /** What was broken, in words. */
  description: string;
}

export interface MalformedChronologyConstraints {
  /** Defects to draw from. Default all of {@link MALFORMATIONS}. */
  kinds?: readonly Malformation[];
  /** Most events of the valid chronology the defect goes into. Default 8. */
  maxEvents?: number;
  /** Dates of that chronology (see `ChronologyConstraints.exact`). Default `'mixed'`. */
  exact?: ChronologyConstraints['exact'];
}

const FAR = '2090-01-10';
const FARTHER = '2090-02-10';

function corrupt(data: { events: Fields[]; [k: string]: unknown }, kind: Malformation, target: number, variant: number): string {
  const events = data.events;
  const i = target % events.length;
  const e = events[i]!;
  const dated = e['type'] !== 'omission';
  const dateField = dated ? 'at' : 'until';
  switch (kind) {
    case 'wrong-type':
      if (variant % 3 === 0) {
        data['children'] = 'A';
        return 'header children is a string';
      }
      if (variant % 3 === 1) {
        e['children'] = 'A';
        return `event ${e['id']}: children is a string`;
      }
      e['cite'] = 42;
      return `event ${e['id']}: cite is a number`;
    case 'unknown-event-type': {
      const type = pick(['conference.hold', 'referal.received', 'meeting', 'plan.made', 'Concern.Raised'], variant);
      e['type'] = type;
      return `event ${e['id']}: type ${type}`;
    }
    case 'bad-date': {
      const other = events.find((x) => x !== e)?.['id'] ?? e['id'];
      const bad = pick<unknown>(['2023-02-30', '2024-13-01', '31/01/2024', 'late 2022', { between: ['2023-05-01', '2023-04-01'] }, { after: other, offset: 'P1X' }], variant);
      e[dateField] = bad;
      return `event ${e['id']}: ${dateField} ${JSON.stringify(bad)}`;
    }
    case 'missing-anchor':
      e[dateField] = { after: 'ghost', offset: 'P1W' };
      return `event ${e['id']}: ${dateField} after "ghost"`;
    case 'unanchored-dates':
      events.push(
        { id: 'floating-1', type: 'note', at: { before: 'floating-2', offset: 'P1D' } },
        { id: 'floating-2', type: 'note', at: { after: 'floating-1', offset: 'P1D' } },
      );
      return 'two notes dated only relative to each other';
    case 'contradictory-dates':
      if (variant % 2 === 0 || !dated) {
        events.push({ id: 'later', type: 'note', at: FARTHER }, { id: 'earlier', type: 'note', at: FAR });
        return `a note on ${FAR} listed after one on ${FARTHER}`;
      }
      e['at'] = ['2023-01-05', '2023-02'];
      return `event ${e['id']}: at [2023-01-05, 2023-02]`;
    case 'duplicate-id':
      if (events.length > 1) {
        const j = (i + 1 + (variant % (events.length - 1))) % events.length;
        events[j]!['id'] = e['id'];
        return `events #${i + 1} and #${j + 1} share the id ${e['id']}`;
      }
      events.push({ id: e['id'], type: 'note', at: FAR });
      return `a note with the id ${e['id']}`;
    case 'unknown-child':
      e['children'] = [...((e['children'] as string[] | undefined) ?? []), 'Z'];
      return `event ${e['id']}: child Z`;
    case 'unknown-reference':
      if (variant % 2 === 0) events.push({ id: 'told-ghost', type: 'outcome.shared', at: FAR, of: 'ghost', with: 'parent' });
      else events.push({ id: 'answer-ghost', type: 'challenge.answered', at: FAR, challenge: 'ghost' });
      return 'a reference to "ghost"';
    case 'unknown-field': {
      const field = pick(['colour', 'date', 'child', 'decison'], variant);
      e[field] = 'x';
      return `event ${e['id']}: field ${field}`;
    }
    case 'missing-field':
      events.push({ id: 'no-concern', type: 'concern.assessed', at: FAR, finding: 'substantiated' });
      return 'a concern.assessed that names no concern';
    case 'missing-date':
      events.push({ id: 'undated', type: pick(['child.seen', 'note', 'core-group.held'], variant), at: null });
      return 'an event whose at is null';
    case 'not-an-object':
      events.splice(i, 0, pick<unknown>([42, null, 'referral', []], variant) as Fields);
      return `event #${i + 1} is not an object`;
    case 'bad-header':
      if (variant % 3 === 0) delete data['children'];
      else if (variant % 3 === 1) data['children'] = [];
      else delete data['case'];
      return 'a header without children or case id';
    case 'vague-as-of':
      data['asOf'] = pick(['2024-06', '2024', { between: ['2024-01-01', '2024-01-31'] }], variant);
      return `asOf ${JSON.stringify(data['asOf'])}`;
    case 'bad-omission':
      events.push({ id: 'not-done', type: 'omission', step: 'referral.lost' });
      return 'an omission of "referral.lost"';
  }
}

/** Invalid chronology objects, each tagged with the issue code the loader must report. */
export function malformedChronologyArbitrary(constraints: MalformedChronologyConstraints = {}): fc.Arbitrary<MalformedChronology> {
  const kinds = constraints.kinds?.length ? [...constraints.kinds] : MALFORMATION_KINDS;
  return fc
    .record({
      plan: chronologyPlanArbitrary({ minEvents: 1, maxEvents: Math.max(1, constraints.maxEvents ?? 8), exact: constraints.exact ?? 'mixed' }),
      kind: fc.constantFrom(...kinds),
      target: fc.nat(),
      variant: fc.nat(11),
    })
    .map(({ plan, kind, target, variant }) => {
      const data = structuredClone(buildChronology(plan)) as { events: Fields[]; [k: string]: unknown };
      const description = corrupt(data, kind, target, variant);
      return { data, kind, code: MALFORMATIONS[kind], description };
    });
}
