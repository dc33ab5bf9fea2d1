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
import { Duration } from 'luxon';

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
  if (!d.isValid) throw new Error(`"${iso}" is not an ISO 8601 duration such as P1W, P2D, P2M or P1Y`);
  if (/T/i.test(iso)) {
    throw new Error(`duration "${iso}" has a time component; casepath counts whole days (use D, W, M or Y)`);
  }
  const years = d.years;
  const months = d.months + 3 * d.quarters;
  const wholeMonths = Math.trunc(years) * 12 + Math.trunc(months);
  const fraction = (years - Math.trunc(years)) * 365 + (months - Math.trunc(months)) * 30 + d.weeks * 7 + d.days;
  const [lo, hi] = wholeMonths === 0 ? [0, 0] : monthSpan(wholeMonths);
  const min = Math.floor(lo + fraction + 1e-9);
  const max = Math.ceil(hi + fraction - 1e-9);
  return [min === 0 ? 0 : min, max === 0 ? 0 : max];
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
      const targetLen = monthLength(ty, tm);
      const len = monthLength(y, m);
      for (let day = 1; day <= len; day++) {
        const span = targetBase + Math.min(day, targetLen) - 1 - (startBase + day - 1);
        if (span < min) min = span;
        if (span > max) max = span;
      }
    }
  }
  const range = [min, max] as const;
  monthCache.set(months, range);
  return range;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthLength(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : LENGTHS[m - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
