import { describe, expect, test } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { formatDay, parseDay, today } from '../src/calendar/day.js';
import { propertyRuns } from './property-runs.js';

const runs = { numRuns: propertyRuns() };

describe('day numbers', () => {
  test('parse known dates and reject impossible ones', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(parseDay('2024-02-29')).toBe(19782);
    expect(parseDay('2023-02-29')).toBeUndefined();
    expect(parseDay('2024-13-01')).toBeUndefined();
    expect(parseDay('2024-04-31')).toBeUndefined();
    expect(parseDay('2024-4-01')).toBeUndefined();
    expect(parseDay('2024/04/01')).toBeUndefined();
    expect(parseDay('1900-02-29')).toBeUndefined();
    expect(parseDay('2000-02-29')).toBe(11016);
  });

  fcTest.prop([fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })], runs)(
    'parsing agrees with the platform calendar and formatting round-trips',
    (date) => {
      const iso = date.toISOString().slice(0, 10);
      const day = parseDay(iso)!;
      expect(day).toBe(Math.floor(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) / 86_400_000));
      expect(formatDay(day)).toBe(iso);
    },
  );
});

describe("today in London", () => {
  const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  const byZone = (d: Date) => parseDay(london.format(d))!;

  // Any instant since 1900, and instants in the hours either side of UTC midnight on the
  // days the clocks change (the last Sundays of March and October, and a day either side).
  fcTest.prop([fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true })], runs)(
    "is the time-zone database's date in Europe/London at any instant",
    (date) => {
      expect(formatDay(today(date))).toBe(formatDay(byZone(date)));
    },
  );

  test('agrees with the time-zone database every 10 minutes around midnight on the days the clocks change, 1990-2040', () => {
    let checked = 0;
    for (let year = 1990; year <= 2040; year++) {
      for (const month of [3, 10]) {
        const last = parseDay(`${year}-${String(month).padStart(2, '0')}-${month === 3 ? 31 : 31}`)!;
        const sunday = last - ((last + 4) % 7);
        for (let day = sunday - 1; day <= sunday + 1; day++) {
          for (let minutes = -180; minutes <= 180; minutes += 10) {
            const d = new Date(day * 86_400_000 + minutes * 60_000);
            expect(today(d), d.toISOString()).toBe(byZone(d));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});
