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
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse `YYYY-MM-DD` to a day number; `undefined` when it is not a real date. */
export function parseDay(text: string): Day | undefined {
  const m = ISO_DAY.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round(ms / MS_PER_DAY);
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

/** Today's date as a day number (UTC date; good enough for a default `asOf`). */
export function today(): Day {
  return Math.floor(Date.now() / MS_PER_DAY);
}
