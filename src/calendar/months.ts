/**
 * Calendar (not working-day) arithmetic on day numbers.
 *
 * Follows the domain reference's "Notes for encoding": "within 3 months" is the
 * same day of the month 3 months later, clamped to the month's end
 * (30 Nov + 3 months → 28/29 Feb); weeks are calendar weeks. ISO 8601 durations
 * are parsed and applied with luxon on a UTC date, which clamps the same way.
 */
import { DateTime, Duration } from './luxon.js';
import { type Day, dayOf, lastDayOfMonth, partsOf } from './day.js';

const MS_PER_DAY = 86_400_000;

function checkInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

/** The same day of the month `n` months later (or earlier when `n < 0`), clamped to the month's end. */
export function addCalendarMonths(d: Day, n: number): Day {
  checkInteger(d, 'day');
  checkInteger(n, 'months');
  const { year, month, date } = partsOf(d);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return Math.min(dayOf(y, m, date), lastDayOfMonth(y, m));
}

/** `n` calendar days after `d` (before when `n < 0`). */
export function addCalendarDays(d: Day, n: number): Day {
  checkInteger(d, 'day');
  checkInteger(n, 'days');
  return d + n;
}

/** `n` calendar weeks after `d` (before when `n < 0`). */
export function addWeeks(d: Day, n: number): Day {
  checkInteger(d, 'day');
  checkInteger(n, 'weeks');
  return d + 7 * n;
}

/**
 * Add an ISO 8601 duration of years, months, weeks and days (e.g. `P3M`, `P1Y2M`,
 * `P10D`, `-P2W`). Years and months are applied first, clamped to the month's
 * end, then weeks and days. Durations with a time part (`PT…`) or fractional
 * values are rejected with an Error.
 */
export function addDuration(d: Day, iso: string): Day {
  checkInteger(d, 'day');
  if (typeof iso !== 'string' || !/^[-+]?P/.test(iso) || iso.includes('T')) {
    throw new Error(`addDuration: ${JSON.stringify(iso)} is not an ISO 8601 duration of years, months, weeks and days`);
  }
  const duration = Duration.fromISO(iso);
  const parts = duration.toObject();
  const keys = Object.keys(parts) as (keyof typeof parts)[];
  if (!duration.isValid || keys.length === 0) {
    throw new Error(`addDuration: ${JSON.stringify(iso)} is not a valid ISO 8601 duration`);
  }
  for (const key of keys) {
    if (key !== 'years' && key !== 'months' && key !== 'weeks' && key !== 'days') {
      throw new Error(`addDuration: ${JSON.stringify(iso)} has a ${key} part; only years, months, weeks and days are supported`);
    }
    if (!Number.isInteger(parts[key])) {
      throw new Error(`addDuration: ${JSON.stringify(iso)} has a fractional ${key} value; use whole units`);
    }
  }
  const { year, month, date } = partsOf(d);
  const result = DateTime.fromObject({ year, month, day: date }, { zone: 'utc' }).plus(duration);
  return Math.round(result.toMillis() / MS_PER_DAY);
}
