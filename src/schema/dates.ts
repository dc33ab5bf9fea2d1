/**
 * Date specs (spec §1 "Dates"): the vague dates real chronologies use.
 *
 * Authors write `2023-03-14`, `2023-03`, `2023`, `{ between: [a, b] }`,
 * `{ after: EVENT, offset: P1W, tolerance: P2D }` or `{ before: … }`. YAML parsers
 * may hand us a Date object or a number for the unquoted forms; all are accepted.
 * The schema normalises every form to one of two shapes, so the solver never
 * looks at the author's spelling again.
 */
import { Duration } from '../calendar/luxon.js';
import { z } from 'zod';
import { type Day, INPUT_YEARS, daysFromCivil, daysInMonth, formatDay, isInputDay, parseDay } from '../calendar/day.js';
import { MAX_DURATION_YEARS, durationTooLong } from '../dates/durations.js';
import { quote } from '../input/quote.js';

/** An absolute window of days, inclusive. An exact date has `from === to`. */
export interface AbsoluteDate {
  kind: 'absolute';
  from: Day;
  to: Day;
  /** How the author wrote it, for timelines ("2023-03", "late 2022" ranges…). */
  text: string;
}

/** An offset from another event, ± a tolerance. */
export interface RelativeDate {
  kind: 'relative';
  anchor: string;
  direction: 'after' | 'before';
  /** ISO 8601 duration, validated. */
  offset: string;
  /** ISO 8601 duration, validated; absent means none. */
  tolerance?: string;
  text: string;
}

export type DateSpec = AbsoluteDate | RelativeDate;

const YEAR = /^\d{4}$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** Parse the single-value forms (day, month, year) to a window; `undefined` if not one. */
export function parseDateText(text: string): AbsoluteDate | undefined {
  const day = parseDay(text);
  if (day !== undefined) return { kind: 'absolute', from: day, to: day, text };
  // daysFromCivil, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  if (YEAR.test(text)) {
    const y = Number(text);
    return { kind: 'absolute', from: daysFromCivil(y, 1, 1), to: daysFromCivil(y, 12, 31), text };
  }
  const m = MONTH.exec(text);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return undefined;
    return { kind: 'absolute', from: daysFromCivil(y, mo, 1), to: daysFromCivil(y, mo, daysInMonth(y, mo)), text };
  }
  return undefined;
}

function dateObjectText(d: Date): string {
  // An invalid Date has no ISO text; it reads as no date at all.
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 10) : 'an invalid Date';
}

/** The message for a date outside {@link INPUT_YEARS}. */
export function outsideInputYears(what: string): string {
  return `${what} is outside the years ${INPUT_YEARS.first}–${INPUT_YEARS.last}, the dates casepath accepts`;
}

/** A scalar as YAML or JSON may deliver it: string, number (a year) or Date. */
const scalarDate = z.union([z.string(), z.number().int(), z.date()]).transform((value, ctx): AbsoluteDate => {
  const text = value instanceof Date ? dateObjectText(value) : String(value);
  const parsed = parseDateText(text);
  if (!parsed) {
    ctx.addIssue({
      code: 'custom',
      message: `${quote(text, 'date')} is not a date: use YYYY-MM-DD, YYYY-MM, YYYY, { between: [from, to] }, { after: EVENT, offset: P1W } or { before: EVENT, offset: P1W }`,
    });
    return z.NEVER;
  }
  if (!isInputDay(parsed.from) || !isInputDay(parsed.to)) {
    ctx.addIssue({ code: 'custom', message: outsideInputYears(quote(text, 'date')) });
    return z.NEVER;
  }
  return parsed;
});

const DURATION_HINT = 'must be an ISO 8601 duration such as P1W, P2D, P2M or P1Y';

export const isoDuration = z.string().superRefine((s, ctx) => {
  if (!/^P/.test(s) || !Duration.fromISO(s).isValid) ctx.addIssue({ code: 'custom', message: DURATION_HINT });
  else if (durationTooLong(s)) ctx.addIssue({ code: 'custom', message: `${quote(s, 'duration')} is longer than ${MAX_DURATION_YEARS} years, the longest offset, tolerance or due date casepath accepts` });
});

const betweenDate = z
  .strictObject({ between: z.tuple([scalarDate, scalarDate]) })
  .transform((v, ctx): AbsoluteDate => {
    const [a, b] = v.between;
    if (a.from > b.to) {
      ctx.addIssue({ code: 'custom', path: ['between'], message: `the range starts (${a.text}) after it ends (${b.text})` });
      return z.NEVER;
    }
    return { kind: 'absolute', from: a.from, to: b.to, text: `${a.text}..${b.text}` };
  });

const afterDate = z
  .strictObject({ after: z.string().min(1), offset: isoDuration, tolerance: isoDuration.optional() })
  .transform(
    (v): RelativeDate => ({
      kind: 'relative',
      anchor: v.after,
      direction: 'after',
      offset: v.offset,
      ...(v.tolerance ? { tolerance: v.tolerance } : {}),
      text: `${v.offset}${v.tolerance ? `±${v.tolerance}` : ''} after ${v.after}`,
    }),
  );

const beforeDate = z
  .strictObject({ before: z.string().min(1), offset: isoDuration, tolerance: isoDuration.optional() })
  .transform(
    (v): RelativeDate => ({
      kind: 'relative',
      anchor: v.before,
      direction: 'before',
      offset: v.offset,
      ...(v.tolerance ? { tolerance: v.tolerance } : {}),
      text: `${v.offset}${v.tolerance ? `±${v.tolerance}` : ''} before ${v.before}`,
    }),
  );

/** Any date form of the spec, normalised to {@link DateSpec}. */
export const dateSpec = z.union([scalarDate, betweenDate, afterDate, beforeDate]);

/**
 * An event's `at`: one date spec, or (casepath addition) a list of them that must all
 * hold — "two months after this, in August" is `[{ after: X, offset: P2M }, 2023-08]`.
 */
export const eventDate = z.union([dateSpec, z.array(dateSpec).min(1)]);

/** A date spec or a bare ISO duration (meaning: that long after the event that carries it). */
export const dateOrDuration = z.union([
  z
    .string()
    .regex(/^P/)
    .pipe(isoDuration)
    .transform((offset) => ({ kind: 'duration' as const, offset })),
  dateSpec,
]);

export type DateOrDuration = z.output<typeof dateOrDuration>;

/** Render a window the way a timeline shows it. */
export function formatWindow(from: Day, to: Day): string {
  return from === to ? formatDay(from) : `${formatDay(from)}..${formatDay(to)}`;
}
