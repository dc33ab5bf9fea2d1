/**
 * Shared plumbing of casepath's arbitraries (internal; not re-exported by the index).
 *
 * - {@link ChronologyData}: a chronology object as a JSON file holds it.
 * - {@link EventList}: collects events with their true day and lists them by day, then
 *   in the order they were added (so "listing order is the order things happened").
 * - {@link applyDateForms}: rewrites exact dates into the vague forms of the spec
 *   (month, year, between, after/before another event, a list of specs), each chosen so
 *   that the true day still satisfies it. Every generated chronology therefore has a
 *   solution (the true days), so it always loads.
 */
import fc from 'fast-check';
import { type Day, dayOf, formatDay, parseDay } from '../../calendar/day.js';
import { england } from '../../calendar/working-days.js';

/** A chronology object as a JSON (or YAML) file holds it. */
export interface ChronologyData {
  case: string;
  title?: string;
  asOf?: string | number;
  jurisdiction?: 'england';
  completeness?: 'summary' | 'record';
  children: { id: string; born?: string | number }[];
  events: Record<string, unknown>[];
  [field: string]: unknown;
}

export type Fields = Record<string, unknown>;

/** The `n`th working day after `d` (day 0: `d` itself if it is a working day). */
export const wd = (d: Day, n: number): Day => england.addWorkingDays(d, n);
/** The working day `n` working days before `d`. */
export const wdBefore = (d: Day, n: number): Day => england.workingDaysBefore(d, n);

export const CHILD_IDS = ['A', 'B', 'C', 'D'] as const;

export const day = (text: string): Day => {
  const d = parseDay(text);
  if (d === undefined) throw new RangeError(`"${text}" is not a date (YYYY-MM-DD)`);
  return d;
};

/** Default window for the first day of a generated case. */
export const DEFAULT_FROM = '2016-01-04';
export const DEFAULT_TO = '2024-06-28';

/** Children of a track from a mask over the case's children; an empty mask means all of them. */
export function maskChildren(mask: readonly boolean[], all: readonly string[]): string[] {
  const picked = all.filter((_, i) => mask[i]);
  return picked.length ? picked : [...all];
}

/** `{ children }` when the subset is not the whole case (events default to every child). */
export function childrenField(kids: readonly string[], all: readonly string[]): Fields {
  return kids.length === all.length ? {} : { children: [...kids] };
}

export function pick<T>(items: readonly T[], n: number): T {
  return items[((n % items.length) + items.length) % items.length]!;
}

/** Events with their true day; listed by day, then in the order added. */
export class EventList {
  private readonly items: { day: Day; seq: number; event: Fields }[] = [];
  private seq = 0;

  add(day: Day, id: string, type: string, fields: Fields = {}): string {
    this.items.push({ day, seq: this.seq++, event: { id, type, at: formatDay(day), ...fields } });
    return id;
  }

  has(id: string): boolean {
    return this.items.some((i) => i.event['id'] === id);
  }

  /** The event added with `id` (to adjust a field after the fact). */
  get(id: string): Fields | undefined {
    return this.items.find((i) => i.event['id'] === id)?.event;
  }

  get lastDay(): Day {
    let max = Number.NEGATIVE_INFINITY;
    for (const i of this.items) if (i.day > max) max = i.day;
    return max;
  }

  get length(): number {
    return this.items.length;
  }

  events(): Fields[] {
    return [...this.items].sort((a, b) => a.day - b.day || a.seq - b.seq).map((i) => i.event);
  }
}

// ---------------------------------------------------------------------------
// Vague dates

/** The date forms of spec §1, plus casepath's list form. */
export const DATE_FORMS = ['exact', 'month', 'year', 'between', 'after', 'before', 'list'] as const;
export type DateForm = (typeof DATE_FORMS)[number];
export const VAGUE_FORMS = DATE_FORMS.filter((f) => f !== 'exact');

/** One event's choice of date form and the widths it uses. */
export interface DateFormChoice {
  form: DateForm;
  /** Days the `between` range reaches before the true day (0–20). */
  before: number;
  /** Days the `between` range reaches after the true day (0–20). */
  after: number;
  /** Tolerance of a relative date in days (0–3). */
  tolerance: number;
  /** Write a 28–31 day offset as `P1M` (which spans them all). */
  months: boolean;
}

const ABSOLUTE: ReadonlySet<DateForm> = new Set(['exact', 'month', 'year', 'between']);

function offsetText(days: number, months: boolean): string {
  if (months && days >= 28 && days <= 31) return 'P1M';
  if (days > 0 && days % 7 === 0) return `P${days / 7}W`;
  return `P${days}D`;
}

/**
 * Rewrite the `at` of dated events (exact `YYYY-MM-DD` strings) into the chosen forms.
 * Each form contains the event's true day, and relative forms point at an earlier
 * event (`after`) or a later absolutely dated one (`before`), so the true days solve
 * every constraint: the chronology still loads. Events whose `at` is not an exact day
 * string, and omissions, are left alone. `choices[i]` is used for the i-th dated event
 * (cycled when shorter); `'exact'` keeps the day.
 */
export function applyDateForms(events: readonly Fields[], choices: readonly DateFormChoice[]): Fields[] {
  const out = events.map((e) => ({ ...e }));
  const dated: { index: number; day: Day; id: string }[] = [];
  out.forEach((e, index) => {
    if (e['type'] === 'omission' || typeof e['at'] !== 'string') return;
    const d = parseDay(e['at'] as string);
    if (d !== undefined) dated.push({ index, day: d, id: String(e['id']) });
  });
  if (!choices.length) return out;
  const forms: DateForm[] = dated.map((_, i) => choices[i % choices.length]!.form);
  // A relative date needs its anchor: `after` the previous dated event, `before` the next
  // one, which must itself be dated absolutely (so no chain of relatives floats free).
  for (let i = 0; i < dated.length; i++) {
    if ((forms[i] === 'after' || forms[i] === 'list') && i === 0) forms[i] = 'month';
  }
  for (let i = dated.length - 1; i >= 0; i--) {
    if (forms[i] === 'before' && (i === dated.length - 1 || !ABSOLUTE.has(forms[i + 1]!))) forms[i] = 'between';
  }
  for (let i = 0; i < dated.length; i++) {
    const c = choices[i % choices.length]!;
    const { index, day: d } = dated[i]!;
    const e = out[index]!;
    const text = formatDay(d);
    const after = () => {
      const prev = dated[i - 1]!;
      const gap = d - prev.day;
      return {
        after: prev.id,
        offset: offsetText(gap, c.months),
        ...(c.tolerance > 0 ? { tolerance: `P${c.tolerance}D` } : {}),
      };
    };
    switch (forms[i]) {
      case 'exact':
        break;
      case 'month':
        e['at'] = text.slice(0, 7);
        break;
      case 'year':
        e['at'] = text.slice(0, 4);
        break;
      case 'between':
        e['at'] = { between: [formatDay(d - c.before), formatDay(d + c.after)] };
        break;
      case 'after':
        e['at'] = after();
        break;
      case 'before': {
        const next = dated[i + 1]!;
        e['at'] = {
          before: next.id,
          offset: offsetText(next.day - d, c.months),
          ...(c.tolerance > 0 ? { tolerance: `P${c.tolerance}D` } : {}),
        };
        break;
      }
      case 'list':
        e['at'] = [after(), text.slice(0, 7)];
        break;
    }
  }
  return out;
}

/** First and last day a generated case may start on, as day numbers. */
export function startWindow(from: string | undefined, to: string | undefined): { min: Day; max: Day } {
  const min = day(from ?? DEFAULT_FROM);
  const max = day(to ?? DEFAULT_TO);
  if (max < min) throw new RangeError(`the start window ends (${to}) before it begins (${from})`);
  return { min, max };
}

/**
 * Arrays of `min`..`max` items that shrink by dropping any item. (fast-check's array
 * shrinker drops items from the front, and drops later ones only while the array is
 * longer than `minLength`, so with `minLength: 1` the last of two items could never
 * go: generate from length 0 and filter instead.)
 */
export function shrinkableArray<T>(item: fc.Arbitrary<T>, min: number, max: number): fc.Arbitrary<T[]> {
  if (max < min) throw new RangeError(`at most ${max} items, but at least ${min} asked for`);
  const array = fc.array(item, { minLength: 0, maxLength: max, size: 'max' });
  return min > 0 ? array.filter((a) => a.length >= min) : array;
}

export { dayOf, formatDay };
