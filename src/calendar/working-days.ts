/**
 * England and Wales working-day calendar.
 *
 * A working day is any day except Saturday, Sunday and the bank holidays of
 * England and Wales (RPR 2006 reg 2; Christmas Day, Boxing Day and Good Friday
 * are in the bank holiday data). Bank holidays come from `date-holidays`
 * (GB, state ENG, `type === 'public'`), with an optional overlay of extra and
 * removed dates. Counting follows the domain reference's "Notes for encoding":
 * the start day is day 0, a non-working start counts from the next working day,
 * and the deadline is the Nth working day after day 0.
 *
 * Hot paths use a lazily built table over whole years (1990–2100 at first,
 * widened on demand): `rank[i]` is the number of working days before `lo + i`
 * and `workdays` lists the working days in order, so adding and counting are
 * O(1) lookups.
 */
import { type Day, dayOf, formatDay, parseDay, partsOf, weekdayOf } from './day.js';
import { packageHolidaysOf } from './holidays-fallback.js';
import { HOLIDAY_NAMES, HOLIDAY_NAME_DIGITS, HOLIDAY_TABLE_FIRST_YEAR, HOLIDAY_TABLE_LAST_YEAR, HOLIDAY_YEARS } from './holidays-table.js';

export interface CalendarOptions {
  /** ISO dates (`YYYY-MM-DD`) to treat as bank holidays in addition to the package data. */
  extraHolidays?: readonly string[];
  /** ISO dates (`YYYY-MM-DD`) in the package data that are not to be treated as bank holidays. */
  removedHolidays?: readonly string[];
  /**
   * How `addWorkingDays` and `countWorkingDays` count (default `casepath`):
   * - `casepath`: the start day is day 0 and a non-working start counts from the next
   *   working day (the domain reference's "Notes for encoding");
   * - `validator`: the convention of the DfE CIN census validator (data-formats.md §10):
   *   the start day is day 1 and a non-working start counts as the previous working
   *   day, so "within 15 working days" falls due one working day earlier. For
   *   comparing casepath with the validator; `workingDaysBefore` is not affected.
   */
  counting?: WorkingDayCounting;
}

export type WorkingDayCounting = 'casepath' | 'validator';

/** Earliest and latest years the calendar will compute; outside them methods throw a RangeError. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

const FIRST_SUPPORTED_DAY = dayOf(MIN_YEAR, 1, 1);
const LAST_SUPPORTED_DAY = dayOf(MAX_YEAR, 12, 31);
// The table is built on first use around the day asked for, this many years either side, and
// grows by as much again when a day falls outside it. It once started at 1990–2100, which
// cost a single-file replay about 15 ms of its start (issue 12); 21 years is 2 ms.
const GROW_MARGIN_YEARS = 10;
const EXTRA_HOLIDAY_NAME = 'Additional bank holiday';

/**
 * Historic England and Wales bank-holiday changes since 1990 that date-holidays
 * 3.37.0 does not have (it has 2012-06-05 but not the move of the 2012 Spring
 * bank holiday to 4 June). Not applied by default; pass it to `createCalendar`
 * when replaying chronologies from those years.
 */
export const ENGLAND_HISTORIC_CORRECTIONS: Readonly<Required<Omit<CalendarOptions, 'counting'>>> = Object.freeze({
  extraHolidays: Object.freeze([
    '1995-05-08', // Early May bank holiday moved for the 50th anniversary of VE Day
    '1999-12-31', // Millennium
    '2002-06-03', // Golden Jubilee
    '2002-06-04', // Spring bank holiday moved
    '2011-04-29', // Royal wedding
    '2012-06-04', // Spring bank holiday moved
  ]),
  removedHolidays: Object.freeze(['1995-05-01', '2002-05-27', '2012-05-28']),
});

interface PackageHoliday {
  day: Day;
  name: string;
}

// Each year is decoded (or, outside the table, fetched from date-holidays) at most once
// per process and shared by every calendar; the overlay is applied on top per calendar.
const packageYears = new Map<number, readonly PackageHoliday[]>();

/** The year's holidays as date-holidays gives them: from the generated table inside its years. */
export function tableHolidays(year: number): { date: string; name: string }[] | undefined {
  if (!Number.isInteger(year) || year < HOLIDAY_TABLE_FIRST_YEAR || year > HOLIDAY_TABLE_LAST_YEAR) return undefined;
  const text = HOLIDAY_YEARS[year - HOLIDAY_TABLE_FIRST_YEAR]!;
  const out: { date: string; name: string }[] = [];
  for (let i = 0; i + 5 <= text.length; i += 5) {
    out.push({ date: `${year}-${text.slice(i, i + 2)}-${text.slice(i + 2, i + 4)}`, name: HOLIDAY_NAMES[HOLIDAY_NAME_DIGITS.indexOf(text[i + 4]!)]! });
  }
  return out;
}

function packageHolidays(year: number): readonly PackageHoliday[] {
  let list = packageYears.get(year);
  if (list === undefined) {
    const found: PackageHoliday[] = [];
    for (const h of tableHolidays(year) ?? packageHolidaysOf(year)) {
      const day = parseDay(h.date);
      if (day === undefined) throw new Error(`date-holidays returned an unreadable date "${h.date}" for ${year}`);
      found.push({ day, name: h.name });
    }
    list = Object.freeze(found);
    packageYears.set(year, list);
  }
  return list;
}

function parseOverlay(values: readonly string[] | undefined, field: string): Day[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw new Error(`CalendarOptions.${field} must be an array of YYYY-MM-DD strings`);
  return values.map((value) => {
    const day = typeof value === 'string' ? parseDay(value) : undefined;
    if (day === undefined) {
      throw new Error(`CalendarOptions.${field}: ${JSON.stringify(value)} is not a valid ISO date (YYYY-MM-DD)`);
    }
    return day;
  });
}

function yearOf(day: Day): number {
  return partsOf(day).year;
}

function checkDay(d: Day, what: string): void {
  if (!Number.isSafeInteger(d)) throw new RangeError(`${what} must be an integer day number, got ${d}`);
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working-day count must be a non-negative integer, got ${n}`);
}

export class WorkingCalendar {
  private readonly extraByYear = new Map<number, Day[]>();
  private readonly removed = new Set<Day>();
  private readonly yearCache = new Map<number, ReadonlyMap<Day, string>>();
  /** See {@link CalendarOptions.counting}. */
  readonly counting: WorkingDayCounting;

  // Table over days [lo, hi): rank has hi - lo + 1 entries, holidayFlag hi - lo.
  private lo = 0;
  private hi = 0;
  private firstYear = 0;
  private lastYear = -1;
  private rank = new Int32Array(1);
  private workdays = new Int32Array(0);
  private holidayFlag = new Uint8Array(0);

  constructor(opts: CalendarOptions = {}) {
    const counting = opts.counting ?? 'casepath';
    if (counting !== 'casepath' && counting !== 'validator') throw new Error(`CalendarOptions.counting must be "casepath" or "validator", not ${JSON.stringify(counting)}`);
    this.counting = counting;
    const extra = parseOverlay(opts.extraHolidays, 'extraHolidays');
    const removed = parseOverlay(opts.removedHolidays, 'removedHolidays');
    for (const d of removed) this.removed.add(d);
    for (let i = 0; i < extra.length; i++) {
      const d = extra[i];
      if (this.removed.has(d)) {
        throw new Error(`CalendarOptions: ${opts.extraHolidays![i]} is in both extraHolidays and removedHolidays`);
      }
      const y = yearOf(d);
      const list = this.extraByYear.get(y);
      if (list) list.push(d);
      else this.extraByYear.set(y, [d]);
    }
  }

  /** True when `d` is an England and Wales bank holiday (whatever the weekday). */
  isBankHoliday(d: Day): boolean {
    if ((d | 0) === d && d >= this.lo && d < this.hi) return this.holidayFlag[d - this.lo] === 1;
    checkDay(d, 'day');
    return this.holidaysOfYear(this.checkedYear(d)).has(d);
  }

  /** True when `d` is neither a Saturday, a Sunday nor a bank holiday. */
  isWorkingDay(d: Day): boolean {
    this.cover(d);
    const i = d - this.lo;
    return this.rank[i + 1] !== this.rank[i];
  }

  /** The year's bank holidays in date order, after the overlay. */
  bankHolidays(year: number): { date: string; name: string }[] {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new RangeError(`year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}`);
    }
    return [...this.holidaysOfYear(year)].map(([day, name]) => ({ date: formatDay(day), name }));
  }

  /** `d` if it is a working day, else the first working day after it. */
  nextWorkingDay(d: Day): Day {
    this.cover(d);
    let r = this.rank[d - this.lo];
    while (r >= this.workdays.length) {
      this.grow(this.firstYear, this.lastYear + 1);
      r = this.rank[d - this.lo];
    }
    return this.workdays[r];
  }

  /** `d` if it is a working day, else the last working day before it. */
  previousWorkingDay(d: Day): Day {
    this.cover(d);
    let r = this.rank[d - this.lo + 1];
    while (r === 0) {
      this.grow(this.firstYear - 1, this.lastYear);
      r = this.rank[d - this.lo + 1];
    }
    return this.workdays[r - 1];
  }

  /**
   * The `n`th working day after `start`, where day 0 is `nextWorkingDay(start)`
   * (so `n = 0` gives day 0). Throws a RangeError unless `n` is a non-negative integer.
   * With `counting: 'validator'`, day 1 is `previousWorkingDay(start)` instead (`n = 0`
   * gives day 1 too).
   */
  addWorkingDays(start: Day, n: number): Day {
    checkCount(n);
    const validator = this.counting === 'validator';
    const day0 = validator ? this.previousWorkingDay(start) : this.nextWorkingDay(start);
    if (validator && n > 0) n -= 1;
    let target = this.rank[day0 - this.lo] + n;
    while (target >= this.workdays.length) {
      const missing = target - this.workdays.length + 1;
      this.grow(this.firstYear, this.lastYear + Math.ceil(missing / 240) + 1);
      target = this.rank[day0 - this.lo] + n;
    }
    return this.workdays[target];
  }

  /**
   * The number of working days `d` with `nextWorkingDay(from) < d <= to`; 0 when
   * `to <= nextWorkingDay(from)`. Inverse of `addWorkingDays`:
   * `countWorkingDays(a, addWorkingDays(a, n)) === n`. With `counting: 'validator'`,
   * the working days `d` with `previousWorkingDay(from) <= d <= to` (the same inverse
   * holds for `n >= 1`).
   */
  countWorkingDays(from: Day, to: Day): number {
    if (this.counting === 'validator') {
      const day1 = this.previousWorkingDay(from);
      if (to < day1) return 0;
      this.cover(to);
      return this.rank[to - this.lo + 1] - this.rank[day1 - this.lo];
    }
    const day0 = this.nextWorkingDay(from);
    if (to <= day0) return 0;
    this.cover(to);
    // day0 is a working day, so rank[day0] + 1 working days are <= day0.
    return this.rank[to - this.lo + 1] - this.rank[day0 - this.lo] - 1;
  }

  /**
   * The working day `n` working days before `end`, counting backwards with
   * `previousWorkingDay(end)` as day 0 (so `n = 0` gives `previousWorkingDay(end)`).
   *
   * For `n >= 1` this is the latest day `s` with `countWorkingDays(s, end) >= n`:
   * for "reports shared at least 3 working days before a Thursday conference"
   * it gives the Monday (Tuesday, Wednesday and Thursday follow it). It always
   * satisfies `countWorkingDays(result, end) === n` and
   * `addWorkingDays(result, n) === previousWorkingDay(end)`.
   */
  workingDaysBefore(end: Day, n: number): Day {
    checkCount(n);
    const day0 = this.previousWorkingDay(end);
    let target = this.rank[day0 - this.lo] - n;
    while (target < 0) {
      this.grow(this.firstYear - Math.ceil(-target / 240) - 1, this.lastYear);
      target = this.rank[day0 - this.lo] - n;
    }
    return this.workdays[target];
  }

  private holidaysOfYear(year: number): ReadonlyMap<Day, string> {
    let map = this.yearCache.get(year);
    if (map === undefined) {
      const entries: [Day, string][] = [];
      for (const h of packageHolidays(year)) {
        if (!this.removed.has(h.day)) entries.push([h.day, h.name]);
      }
      for (const d of this.extraByYear.get(year) ?? []) {
        if (!entries.some(([day]) => day === d)) entries.push([d, EXTRA_HOLIDAY_NAME]);
      }
      entries.sort((a, b) => a[0] - b[0]);
      map = new Map(entries);
      this.yearCache.set(year, map);
    }
    return map;
  }

  private checkedYear(d: Day): number {
    if (d < FIRST_SUPPORTED_DAY || d > LAST_SUPPORTED_DAY) {
      throw new RangeError(`day ${d} is outside the supported years ${MIN_YEAR}–${MAX_YEAR}`);
    }
    return yearOf(d);
  }

  /** Make sure the table covers `d` (on first use, building it around `d`). */
  private cover(d: Day): void {
    if ((d | 0) === d && d >= this.lo && d < this.hi) return;
    checkDay(d, 'day');
    const year = this.checkedYear(d);
    if (this.lastYear < this.firstYear) {
      this.grow(year - GROW_MARGIN_YEARS, year + GROW_MARGIN_YEARS);
    } else if (year < this.firstYear) {
      this.grow(year - GROW_MARGIN_YEARS, this.lastYear);
    } else {
      this.grow(this.firstYear, year + GROW_MARGIN_YEARS);
    }
  }

  /** Rebuild the table over whole years `first..last` (clamped to the supported range). */
  private grow(first: number, last: number): void {
    const built = this.lastYear >= this.firstYear;
    const firstYear = Math.max(MIN_YEAR, built ? Math.min(first, this.firstYear) : first);
    const lastYear = Math.min(MAX_YEAR, built ? Math.max(last, this.lastYear) : last);
    if (firstYear === this.firstYear && lastYear === this.lastYear) {
      throw new RangeError(`working-day arithmetic runs outside the supported years ${MIN_YEAR}–${MAX_YEAR}`);
    }
    const lo = dayOf(firstYear, 1, 1);
    const hi = dayOf(lastYear + 1, 1, 1);
    const size = hi - lo;
    const holidayFlag = new Uint8Array(size);
    for (let y = firstYear; y <= lastYear; y++) {
      for (const d of this.holidaysOfYear(y).keys()) holidayFlag[d - lo] = 1;
    }
    const rank = new Int32Array(size + 1);
    const workdays = new Int32Array(size);
    let count = 0;
    let weekday = weekdayOf(lo);
    for (let i = 0; i < size; i++) {
      rank[i] = count;
      if (weekday !== 0 && weekday !== 6 && holidayFlag[i] === 0) workdays[count++] = lo + i;
      weekday = weekday === 6 ? 0 : weekday + 1;
    }
    rank[size] = count;
    this.lo = lo;
    this.hi = hi;
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.rank = rank;
    this.workdays = workdays.subarray(0, count);
    this.holidayFlag = holidayFlag;
  }
}

/** A calendar with an optional overlay of extra and removed bank holidays. */
export function createCalendar(opts?: CalendarOptions): WorkingCalendar {
  return new WorkingCalendar(opts);
}

/**
 * England and Wales, with date-holidays' data plus the historic corrections above
 * (one-off bank holidays the package lacks before 2013).
 */
export const england: WorkingCalendar = createCalendar(ENGLAND_HISTORIC_CORRECTIONS);
