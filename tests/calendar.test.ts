import { describe, expect, test, vi } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { createRequire } from 'node:module';
import Holidays from 'date-holidays';
import { type Day, dayOf, formatDay, lastDayOfMonth, parseDay, partsOf, weekdayOf } from '../src/calendar/day.js';
import {
  ENGLAND_HISTORIC_CORRECTIONS,
  WorkingCalendar,
  createCalendar,
  england,
} from '../src/calendar/working-days.js';
import { addCalendarDays, addCalendarMonths, addDuration, addWeeks } from '../src/calendar/months.js';
import { propertyRuns } from './property-runs.js';

const runs = { numRuns: propertyRuns() };
const d = (iso: string): Day => {
  const day = parseDay(iso);
  if (day === undefined) throw new Error(`bad test date ${iso}`);
  return day;
};

const FIRST = dayOf(2000, 1, 1);
const LAST = dayOf(2060, 12, 31);
const anyDay = fc.integer({ min: FIRST, max: LAST });
const smallN = fc.integer({ min: 0, max: 400 });

// Naive reference: its own read of date-holidays and a day-by-day walk.
const referenceHolidays = new Set<Day>();
{
  const source = new Holidays('GB', 'ENG');
  for (let y = 1997; y <= 2063; y++) {
    for (const h of source.getHolidays(y)) if (h.type === 'public') referenceHolidays.add(d(h.date.slice(0, 10)));
  }
  // The default calendar applies the historic corrections overlay; so does the reference.
  for (const iso of ENGLAND_HISTORIC_CORRECTIONS.extraHolidays) referenceHolidays.add(d(iso));
  for (const iso of ENGLAND_HISTORIC_CORRECTIONS.removedHolidays) referenceHolidays.delete(d(iso));
}
const refWorking = (day: Day): boolean => weekdayOf(day) !== 0 && weekdayOf(day) !== 6 && !referenceHolidays.has(day);
const refNext = (day: Day): Day => {
  while (!refWorking(day)) day++;
  return day;
};
const refPrevious = (day: Day): Day => {
  while (!refWorking(day)) day--;
  return day;
};
const refAdd = (start: Day, n: number): Day => {
  let day = refNext(start);
  for (let k = 0; k < n; k++) day = refNext(day + 1);
  return day;
};
const refCount = (from: Day, to: Day): number => {
  let count = 0;
  for (let day = refNext(from) + 1; day <= to; day++) if (refWorking(day)) count++;
  return count;
};
const refBefore = (end: Day, n: number): Day => {
  let day = refPrevious(end);
  for (let k = 0; k < n; k++) day = refPrevious(day - 1);
  return day;
};

describe('England and Wales working days', () => {
  test('the Queen’s funeral (19 Sep 2022) and the King’s coronation (8 May 2023) are not working days', () => {
    expect(england.isBankHoliday(d('2022-09-19'))).toBe(true);
    expect(england.isWorkingDay(d('2022-09-19'))).toBe(false);
    expect(england.isBankHoliday(d('2023-05-08'))).toBe(true);
    expect(england.isWorkingDay(d('2023-05-08'))).toBe(false);
  });

  test('the moved Spring bank holiday and the Platinum Jubilee (2 and 3 Jun 2022) are not working days', () => {
    expect(england.isWorkingDay(d('2022-06-02'))).toBe(false);
    expect(england.isWorkingDay(d('2022-06-03'))).toBe(false);
    // The usual last Monday of May was a working day that year.
    expect(england.isWorkingDay(d('2022-05-30'))).toBe(true);
  });

  test('the Christmas substitute day on 27 Dec 2022 is not a working day', () => {
    expect(weekdayOf(d('2022-12-25'))).toBe(0);
    expect(england.isWorkingDay(d('2022-12-26'))).toBe(false);
    expect(england.isWorkingDay(d('2022-12-27'))).toBe(false);
    expect(england.isWorkingDay(d('2022-12-28'))).toBe(true);
  });

  test('the summer bank holiday on 29 Aug 2022 is not a working day in England though it is not a Scottish one', () => {
    expect(england.isWorkingDay(d('2022-08-29'))).toBe(false);
    const scotland = new Holidays('GB', 'SCT').getHolidays(2022).map((h) => h.date.slice(0, 10));
    expect(scotland).not.toContain('2022-08-29');
  });

  test('an ordinary Tuesday is a working day and weekends are not', () => {
    expect(weekdayOf(d('2023-03-14'))).toBe(2);
    expect(england.isWorkingDay(d('2023-03-14'))).toBe(true);
    expect(england.isWorkingDay(d('2023-03-18'))).toBe(false);
    expect(england.isWorkingDay(d('2023-03-19'))).toBe(false);
  });

  test('a bank holiday on a summer date is taken from the date string, not the UTC start instant', () => {
    expect(england.isBankHoliday(d('2022-06-01'))).toBe(false);
    expect(england.isBankHoliday(d('2023-08-27'))).toBe(false);
    expect(england.isBankHoliday(d('2023-08-28'))).toBe(true);
  });

  test('bankHolidays lists the year’s public holidays in date order with their names', () => {
    const list = england.bankHolidays(2023);
    expect(list.map((h) => h.date)).toEqual([
      '2023-01-01', '2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08',
      '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26',
    ]);
    expect(list.find((h) => h.date === '2023-04-07')?.name).toBe('Good Friday');
    expect(list.some((h) => /Easter Sunday|Mother/.test(h.name))).toBe(false);
  });

  test('15 working days after Monday 3 April 2023 is Wednesday 26 April, across Good Friday and Easter Monday', () => {
    // By hand: 3 Apr is day 0. Three plain weeks of weekdays would end on Mon 24 Apr,
    // but Fri 7 Apr (Good Friday) and Mon 10 Apr (Easter Monday) are skipped, which
    // pushes the 15th working day two working days on, to Wed 26 Apr:
    // 4,5,6 | 11,12,13,14 | 17,18,19,20,21 | 24,25,26.
    expect(formatDay(england.addWorkingDays(d('2023-04-03'), 15))).toBe('2023-04-26');
    expect(england.countWorkingDays(d('2023-04-03'), d('2023-04-26'))).toBe(15);
  });

  test('a start on a non-working day counts from the next working day', () => {
    // Sat 1 Apr 2023 → day 0 is Mon 3 Apr.
    expect(formatDay(england.nextWorkingDay(d('2023-04-01')))).toBe('2023-04-03');
    expect(formatDay(england.addWorkingDays(d('2023-04-01'), 0))).toBe('2023-04-03');
    expect(formatDay(england.addWorkingDays(d('2023-04-01'), 15))).toBe('2023-04-26');
    expect(england.countWorkingDays(d('2023-04-01'), d('2023-04-03'))).toBe(0);
  });

  test('addWorkingDays rejects a negative or fractional count with a RangeError', () => {
    expect(() => england.addWorkingDays(d('2023-04-03'), -1)).toThrow(RangeError);
    expect(() => england.addWorkingDays(d('2023-04-03'), 1.5)).toThrow(RangeError);
    expect(() => england.addWorkingDays(d('2023-04-03'), Number.NaN)).toThrow(RangeError);
    expect(() => england.workingDaysBefore(d('2023-04-03'), -2)).toThrow(RangeError);
  });

  test('reports due 3 working days before a Thursday conference after the coronation are due on the Friday before', () => {
    // Conference Thu 11 May 2023: Wed 10 (1), Tue 9 (2), Mon 8 is the coronation, Fri 5 May (3).
    expect(formatDay(england.workingDaysBefore(d('2023-05-11'), 3))).toBe('2023-05-05');
    // An ordinary week: Thursday → Monday.
    expect(formatDay(england.workingDaysBefore(d('2023-03-16'), 3))).toBe('2023-03-13');
    // A Saturday end counts back from Friday.
    expect(formatDay(england.workingDaysBefore(d('2023-03-18'), 0))).toBe('2023-03-17');
    expect(formatDay(england.workingDaysBefore(d('2023-03-18'), 1))).toBe('2023-03-16');
  });

  test('working-day arithmetic far from the initial table extends it on demand', () => {
    expect(formatDay(england.addWorkingDays(d('2150-12-24'), 1))).toBe('2150-12-29');
    expect(england.isWorkingDay(d('1950-06-06'))).toBe(true);
    expect(() => england.isWorkingDay(d('3000-01-01'))).toThrow(RangeError);
    expect(() => england.isWorkingDay(1.5)).toThrow(RangeError);
  });

  test('date-holidays is asked for each year at most once', () => {
    // Outside the generated table (1900–2200) the calendar asks the package's CommonJS build (src/calendar/holidays-fallback.ts).
    const Cjs = createRequire(import.meta.url)('date-holidays') as typeof Holidays;
    const spy = vi.spyOn(Cjs.prototype, 'getHolidays');
    try {
      // Years 2400–2420 are not fetched by any other test in this file.
      const fresh = createCalendar({ extraHolidays: ['2405-03-06'] });
      for (let y = 2400; y <= 2410; y++) {
        fresh.bankHolidays(y);
        fresh.addWorkingDays(dayOf(y, 3, 1), 300);
        fresh.isBankHoliday(dayOf(y, 12, 25));
      }
      createCalendar().countWorkingDays(dayOf(2400, 1, 1), dayOf(2410, 1, 1));
      const years = spy.mock.calls.map((call) => Number(call[0]));
      expect(years).toContain(2405);
      expect(new Set(years).size).toBe(years.length);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('Bank holiday overlays', () => {
  test('an extra holiday stops a day being a working day and shifts deadlines', () => {
    const local = createCalendar({ extraHolidays: ['2023-03-14'] });
    expect(local.isBankHoliday(d('2023-03-14'))).toBe(true);
    expect(local.isWorkingDay(d('2023-03-14'))).toBe(false);
    expect(formatDay(local.addWorkingDays(d('2023-03-13'), 1))).toBe('2023-03-15');
    expect(local.bankHolidays(2023)).toContainEqual({ date: '2023-03-14', name: 'Additional bank holiday' });
    expect(england.isWorkingDay(d('2023-03-14'))).toBe(true);
  });

  test('a removed holiday becomes a working day', () => {
    const local = createCalendar({ removedHolidays: ['2023-05-08'] });
    expect(local.isBankHoliday(d('2023-05-08'))).toBe(false);
    expect(local.isWorkingDay(d('2023-05-08'))).toBe(true);
    expect(local.bankHolidays(2023).map((h) => h.date)).not.toContain('2023-05-08');
  });

  test('an invalid overlay date throws an Error naming the value', () => {
    expect(() => createCalendar({ extraHolidays: ['2023-02-30'] })).toThrow(/"2023-02-30"/);
    expect(() => createCalendar({ removedHolidays: ['8 May 2023'] })).toThrow(/removedHolidays.*"8 May 2023"/);
    expect(() => new WorkingCalendar({ extraHolidays: ['2023-5-8'] })).toThrow(/"2023-5-8"/);
  });

  test('a date in both extraHolidays and removedHolidays is rejected', () => {
    expect(() => createCalendar({ extraHolidays: ['2023-05-08'], removedHolidays: ['2023-05-08'] })).toThrow(/2023-05-08/);
  });

  test('date-holidays 3.37.0 lacks the 1995, 1999, 2002, 2011 and 2012 changes, which the historic corrections supply', () => {
    const raw = createCalendar();
    expect(raw.isBankHoliday(d('2011-04-29'))).toBe(false);
    expect(raw.isBankHoliday(d('2012-05-28'))).toBe(true);
    const corrected = createCalendar(ENGLAND_HISTORIC_CORRECTIONS);
    for (const iso of ['1995-05-08', '1999-12-31', '2002-06-03', '2002-06-04', '2011-04-29', '2012-06-04', '2012-06-05']) {
      expect(corrected.isWorkingDay(d(iso)), iso).toBe(false);
    }
    for (const iso of ['1995-05-01', '2002-05-27', '2012-05-28']) {
      expect(corrected.isWorkingDay(d(iso)), iso).toBe(true);
    }
  });
});

describe('Working-day properties', () => {
  fcTest.prop([anyDay, smallN], runs)('counting the working days added always gives back n', (a, n) => {
    expect(england.countWorkingDays(a, england.addWorkingDays(a, n))).toBe(n);
  });

  fcTest.prop([anyDay, smallN], runs)(
    'a weekend or bank holiday is never a working day and addWorkingDays only ever returns working days',
    (a, n) => {
      if (weekdayOf(a) === 0 || weekdayOf(a) === 6 || england.isBankHoliday(a)) {
        expect(england.isWorkingDay(a)).toBe(false);
      }
      const result = england.addWorkingDays(a, n);
      expect(england.isWorkingDay(result)).toBe(true);
      expect(england.isBankHoliday(result)).toBe(false);
      expect([0, 6]).not.toContain(weekdayOf(result));
      if (n >= 1) expect(result).toBeGreaterThan(a);
      else expect(result).toBe(england.nextWorkingDay(a));
    },
  );

  fcTest.prop([anyDay, smallN, smallN], runs)('addWorkingDays is strictly increasing in n', (a, n, m) => {
    fc.pre(n !== m);
    const [lo, hi] = n < m ? [n, m] : [m, n];
    expect(england.addWorkingDays(a, lo)).toBeLessThan(england.addWorkingDays(a, hi));
  });

  fcTest.prop([anyDay, anyDay, smallN], runs)('addWorkingDays is non-decreasing in the start day', (a, b, n) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    expect(england.addWorkingDays(lo, n)).toBeLessThanOrEqual(england.addWorkingDays(hi, n));
  });

  fcTest.prop([anyDay, anyDay, anyDay], runs)('countWorkingDays is additive over working days a <= b <= c', (x, y, z) => {
    const [a, b, c] = [x, y, z].map((day) => england.nextWorkingDay(day)).sort((p, q) => p - q);
    expect(england.countWorkingDays(a, b) + england.countWorkingDays(b, c)).toBe(england.countWorkingDays(a, c));
  });

  fcTest.prop([anyDay, smallN], runs)('workingDaysBefore is the latest day with at least n working days up to the end', (end, n) => {
    const s = england.workingDaysBefore(end, n);
    expect(england.isWorkingDay(s)).toBe(true);
    expect(england.countWorkingDays(s, end)).toBe(n);
    expect(england.addWorkingDays(s, n)).toBe(england.previousWorkingDay(end));
    if (n >= 1) expect(england.countWorkingDays(s + 1, end)).toBe(n - 1);
  });

  fcTest.prop([anyDay, fc.integer({ min: -30, max: 120 }), smallN], runs)(
    'the table-driven calendar agrees with a naive day-by-day reference',
    (a, span, n) => {
      const b = a + span;
      expect(england.isWorkingDay(a)).toBe(refWorking(a));
      expect(england.nextWorkingDay(a)).toBe(refNext(a));
      expect(england.previousWorkingDay(a)).toBe(refPrevious(a));
      expect(england.addWorkingDays(a, n)).toBe(refAdd(a, n));
      expect(england.countWorkingDays(a, b)).toBe(refCount(a, b));
      expect(england.workingDaysBefore(a, n)).toBe(refBefore(a, n));
    },
  );

  // The table is built around the first day asked for and grows on demand (src/calendar/working-days.ts):
  // a fresh calendar first used far from the days it is then asked about must answer as the reference does.
  fcTest.prop([anyDay, fc.array(fc.tuple(anyDay, fc.integer({ min: -30, max: 120 }), smallN), { minLength: 1, maxLength: 6 })], runs)(
    'a fresh calendar answers as the reference does wherever it is first used',
    (first, queries) => {
      const fresh = createCalendar(ENGLAND_HISTORIC_CORRECTIONS);
      expect(fresh.isWorkingDay(first)).toBe(refWorking(first));
      for (const [a, span, n] of queries) {
        expect(fresh.addWorkingDays(a, n)).toBe(refAdd(a, n));
        expect(fresh.countWorkingDays(a, a + span)).toBe(refCount(a, a + span));
        expect(fresh.workingDaysBefore(a, n)).toBe(refBefore(a, n));
        expect(fresh.previousWorkingDay(a)).toBe(refPrevious(a));
        expect(fresh.isBankHoliday(a)).toBe(referenceHolidays.has(a));
      }
    },
  );
});

describe('Calendar months, weeks and durations', () => {
  test('30 November plus 3 months is the end of February', () => {
    expect(formatDay(addCalendarMonths(d('2022-11-30'), 3))).toBe('2023-02-28');
    expect(formatDay(addCalendarMonths(d('2023-11-30'), 3))).toBe('2024-02-29');
    expect(formatDay(addCalendarMonths(d('2024-03-31'), -1))).toBe('2024-02-29');
    expect(formatDay(addCalendarMonths(d('2024-01-15'), -13))).toBe('2022-12-15');
  });

  test('days and weeks are plain calendar days', () => {
    expect(formatDay(addCalendarDays(d('2024-02-28'), 2))).toBe('2024-03-01');
    expect(formatDay(addWeeks(d('2023-12-25'), 26))).toBe('2024-06-24');
    expect(formatDay(addWeeks(d('2024-01-01'), -1))).toBe('2023-12-25');
  });

  test('addDuration applies years and months with clamping, then weeks and days', () => {
    expect(formatDay(addDuration(d('2022-11-30'), 'P3M'))).toBe('2023-02-28');
    expect(formatDay(addDuration(d('2024-02-29'), 'P1Y'))).toBe('2025-02-28');
    expect(formatDay(addDuration(d('2023-01-31'), 'P1M1D'))).toBe('2023-03-01');
    expect(formatDay(addDuration(d('2023-01-01'), 'P2W3D'))).toBe('2023-01-18');
    expect(formatDay(addDuration(d('2023-03-31'), '-P1M'))).toBe('2023-02-28');
  });

  test('addDuration rejects time parts, fractions and malformed durations with a clear Error', () => {
    expect(() => addDuration(d('2023-01-01'), 'P1DT2H')).toThrow(/P1DT2H/);
    expect(() => addDuration(d('2023-01-01'), 'PT0S')).toThrow(/years, months, weeks and days/);
    expect(() => addDuration(d('2023-01-01'), 'P1.5D')).toThrow(/fractional/);
    expect(() => addDuration(d('2023-01-01'), 'P')).toThrow(/not a valid/);
    expect(() => addDuration(d('2023-01-01'), '3 months')).toThrow(/"3 months"/);
  });

  fcTest.prop([anyDay, fc.integer({ min: -240, max: 240 })], runs)(
    'addCalendarMonths lands in the right month on the same or an earlier (clamped) day',
    (day, n) => {
      const before = partsOf(day);
      const after = partsOf(addCalendarMonths(day, n));
      const index = before.year * 12 + before.month - 1 + n;
      expect(after.year * 12 + after.month - 1).toBe(index);
      expect(after.date).toBeLessThanOrEqual(before.date);
      const last = partsOf(lastDayOfMonth(after.year, after.month)).date;
      expect(after.date).toBe(Math.min(before.date, last));
      expect(addDuration(day, n < 0 ? `-P${-n}M` : `P${n}M`)).toBe(addCalendarMonths(day, n));
    },
  );
});

describe('the default England calendar', () => {
  test('includes the historic one-off bank holidays date-holidays lacks (royal wedding 2011, Golden Jubilee 2002)', () => {
    expect(england.isWorkingDay(d('2011-04-29'))).toBe(false);
    expect(england.isWorkingDay(d('2002-06-03'))).toBe(false);
    expect(england.isWorkingDay(d('2002-06-04'))).toBe(false);
    expect(england.isWorkingDay(d('2011-04-28'))).toBe(true);
  });
});
