/**
 * Calendar days as plain integers: the number of days since 1970-01-01.
 *
 * casepath models days, not instants (spec §1: "times of day are not modelled"),
 * so a day is a civil date in Europe/London with no time zone arithmetic at all.
 * Integers make the date solver and the statutory clocks cheap; luxon does the
 * calendar-aware parts (months, ISO durations) in ./months.ts.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;

/** Parse `YYYY-MM-DD` to a day number; `undefined` when it is not a real date. */
export function parseDay(text: string): Day | undefined {
  // Hot in bulk loading: plain character arithmetic, no regex and no Date object.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Days in a month (month 1–12) of the proleptic Gregorian calendar. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): Day {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DD` for a day number. */
export function formatDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of a calendar date given as numbers (month 1–12). */
export function dayOf(year: number, month: number, date: number): Day {
  return Math.round(Date.UTC(year, month - 1, date) / MS_PER_DAY);
}

/** Year, month (1–12) and date of a day number. */
export function partsOf(day: Day): { year: number; month: number; date: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: Day): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

/** The last day of a month (month 1–12). */
export function lastDayOfMonth(year: number, month: number): Day {
  return dayOf(year, month + 1, 1) - 1;
}

// Built on first use: a time-zone formatter costs a few milliseconds at start-up (ICU's zone data).
let londonDate: Intl.DateTimeFormat | undefined;

/** Before this hour of a UTC day, London's date is UTC's (see {@link today}). */
const LONDON_SAME_DATE_BEFORE_UTC_HOUR = 22;

/**
 * Today in England (Europe/London) as a day number: the default `asOf` everywhere
 * (loader, monitor, service), so near midnight they all agree on the day. London's offset
 * from UTC has been 0, +1 or +2 hours (GMT, BST, double summer time) since 1900, so before
 * 22:00 UTC its date is UTC's and no time-zone data is needed (most runs: the formatter is
 * then never built); later in the UTC day, the time-zone database decides.
 */
export function today(now: Date = new Date()): Day {
  const t = now.getTime();
  const day = Math.floor(t / MS_PER_DAY);
  if (t - day * MS_PER_DAY < LONDON_SAME_DATE_BEFORE_UTC_HOUR * 3_600_000) return day;
  londonDate ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  return parseDay(londonDate.format(now))!;
}

/**
 * The days casepath accepts in its input (event dates, ranges, `asOf`): the years
 * 1900–2899. The working-day calendar covers 1900–2999, so every deadline a date in
 * this range can produce (the longest timescale or offset casepath accepts is 100
 * years) can still be counted. A date outside it is an input issue, never a crash.
 */
export const INPUT_YEARS = { first: 1900, last: 2899 } as const;
export const FIRST_INPUT_DAY: Day = daysFromCivil(INPUT_YEARS.first, 1, 1);
export const LAST_INPUT_DAY: Day = daysFromCivil(INPUT_YEARS.last, 12, 31);

/** Is `day` inside {@link INPUT_YEARS}? */
export function isInputDay(day: Day): boolean {
  return Number.isSafeInteger(day) && day >= FIRST_INPUT_DAY && day <= LAST_INPUT_DAY;
}
