import { describe, expect, test } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { formatDay, parseDay } from '../src/calendar/day.js';
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
