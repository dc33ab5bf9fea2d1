/**
 * How many days an ISO 8601 duration can mean (spec §1 "Dates": "an offset in months
 * or years, whose length in days varies, spans all the day counts it can mean").
 *
 * Weeks and days are exact. Years and months are added the way luxon's
 * `DateTime.plus` adds them (calendar month, day clamped to the month's end, then
 * weeks and days), and the result is measured from every start day of one 400-year
 * Gregorian cycle, which covers every calendar case. Fractions follow luxon too: the
 * whole part is calendar arithmetic and the remainder counts a month as 30 days and a
 * year as 365, landing between two days, so both are allowed. Results are cached per
 * string. Times of day are not modelled, so a time component is an error.
 */
import { daysFromCivil, daysInMonth } from '../calendar/day.js';
import { Duration } from '../calendar/luxon.js';
import { quote } from '../input/quote.js';

/**
 * The longest offset, tolerance or due duration casepath accepts: 100 years. With input
 * dates in INPUT_YEARS (1900–2899) every deadline they can produce stays inside the
 * working-day calendar (1900–2999).
 */
export const MAX_DURATION_YEARS = 100;
/** The most days a duration may span: as many as 100 calendar years can. */
export const MAX_DURATION_DAYS = 36_525;

const cache = new Map<string, readonly [number, number]>();
const monthCache = new Map<number, readonly [number, number]>();

/** [min, max] days that `iso` can span when added to any start date. */
export function durationDayRange(iso: string): [number, number] {
  const hit = cache.get(iso);
  if (hit) return [hit[0], hit[1]];
  const range = compute(iso);
  cache.set(iso, range);
  return [range[0], range[1]];
}

function compute(iso: string): readonly [number, number] {
  const d = Duration.fromISO(iso);
  if (!d.isValid) throw new Error(`${quote(iso, 'duration')} is not an ISO 8601 duration such as P1W, P2D, P2M or P1Y`);
  if (/T/i.test(iso)) {
    throw new Error(`the duration ${quote(iso, 'duration')} has a time component; casepath counts whole days (use D, W, M or Y)`);
  }
  if (tooLong(d)) throw new Error(`the duration ${quote(iso, 'duration')} is longer than ${MAX_DURATION_YEARS} years, the longest casepath accepts`);
  const years = d.years;
  const months = d.months + 3 * d.quarters;
  const wholeMonths = Math.trunc(years) * 12 + Math.trunc(months);
  const fraction = (years - Math.trunc(years)) * 365 + (months - Math.trunc(months)) * 30 + d.weeks * 7 + d.days;
  const [lo, hi] = wholeMonths === 0 ? [0, 0] : monthSpan(wholeMonths);
  const min = Math.floor(lo + fraction + 1e-9);
  const max = Math.ceil(hi + fraction - 1e-9);
  return [min === 0 ? 0 : min, max === 0 ? 0 : max];
}

/** A cheap bound first (huge numbers never reach the month tables), then the exact span. */
function tooLong(d: Duration): boolean {
  const months = Math.abs(d.years) * 12 + Math.abs(d.months) + 3 * Math.abs(d.quarters);
  const days = Math.abs(d.weeks) * 7 + Math.abs(d.days);
  if (!(months <= MAX_DURATION_YEARS * 12 && days <= MAX_DURATION_DAYS)) return true;
  const span = (months ? monthSpan(Math.ceil(months))[1] : 0) + days;
  return span > MAX_DURATION_DAYS;
}

/**
 * Is the ISO duration `iso` longer than {@link MAX_DURATION_YEARS} years (an offset,
 * tolerance or due date casepath refuses)? False for text that is not a duration.
 */
export function durationTooLong(iso: string): boolean {
  const d = Duration.fromISO(iso);
  return d.isValid && tooLong(d);
}

/** [min, max] days spanned by adding `months` calendar months (clamped) to any day. */
function monthSpan(months: number): readonly [number, number] {
  const hit = monthCache.get(months);
  if (hit) return hit;
  let min = Infinity;
  let max = -Infinity;
  for (let y = 2000; y < 2400; y++) {
    for (let m = 1; m <= 12; m++) {
      const idx = y * 12 + (m - 1) + months;
      const ty = Math.floor(idx / 12);
      const tm = idx - ty * 12 + 1;
      const startBase = daysFromCivil(y, m, 1);
      const targetBase = daysFromCivil(ty, tm, 1);
      const targetLen = daysInMonth(ty, tm);
      const len = daysInMonth(y, m);
      // Day d of the month spans (targetBase - startBase) + min(d, targetLen) - d days: the
      // most for any day up to targetLen, the least on the month's last day. The Gregorian
      // calendar repeats every 400 years, so these 4,800 months give the exact span.
      const whole = targetBase - startBase;
      const least = whole + Math.min(0, targetLen - len);
      if (least < min) min = least;
      if (whole > max) max = whole;
    }
  }
  const range = [min, max] as const;
  monthCache.set(months, range);
  return range;
}

