/**
 * The working-day counting conventions: casepath's (start day is day 0, a weekend start
 * counts from the next working day) and the DfE CIN validator's (start day is day 1, a
 * weekend or bank-holiday start counts as the previous working day; data-formats.md §10).
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { dayOf, formatDay, parseDay } from '../src/calendar/day.js';
import { ENGLAND_HISTORIC_CORRECTIONS, createCalendar, england } from '../src/calendar/working-days.js';
import { resolveConfig, replayOptionsOf } from '../src/config.js';

const validator = createCalendar({ ...ENGLAND_HISTORIC_CORRECTIONS, counting: 'validator' });
const d = (iso: string) => parseDay(iso)!;
const add = (cal: typeof england, iso: string, n: number) => formatDay(cal.addWorkingDays(d(iso), n));

describe('validator counting', () => {
  it('counts a working-day start as day 1, so 15 working days fall due one working day earlier', () => {
    // Thursday 10 March 2022: casepath's day 0, the validator's day 1.
    expect(add(england, '2022-03-10', 15)).toBe('2022-03-31');
    expect(add(validator, '2022-03-10', 15)).toBe('2022-03-30');
  });

  it('treats a Sunday start as the Friday before (casepath: the Monday after)', () => {
    // Sunday 29 January 2023 (the 8670Q fixture's start): Friday 27th is day 1.
    expect(add(validator, '2023-01-29', 1)).toBe('2023-01-27');
    expect(add(validator, '2023-01-29', 2)).toBe('2023-01-30');
    expect(add(england, '2023-01-29', 0)).toBe('2023-01-30');
  });

  it('treats a bank-holiday start as the working day before it', () => {
    // Christmas Day 2024 (Wednesday) and Boxing Day: day 1 is Tuesday 24th, day 2 Friday 27th.
    expect(add(validator, '2024-12-25', 1)).toBe('2024-12-24');
    expect(add(validator, '2024-12-25', 2)).toBe('2024-12-27');
  });

  it('counts 0 working days as day 1 (a limit of 0 or 1 means the start day itself)', () => {
    expect(add(validator, '2024-06-03', 0)).toBe('2024-06-03');
    expect(add(validator, '2024-06-03', 1)).toBe('2024-06-03');
  });

  it('counts the start day itself in countWorkingDays', () => {
    expect(validator.countWorkingDays(d('2022-03-10'), d('2022-03-10'))).toBe(1);
    expect(england.countWorkingDays(d('2022-03-10'), d('2022-03-10'))).toBe(0);
    expect(validator.countWorkingDays(d('2022-03-10'), d('2022-03-09'))).toBe(0);
  });

  fcTest.prop([fc.integer({ min: dayOf(2015, 1, 1), max: dayOf(2030, 12, 31) }), fc.integer({ min: 1, max: 400 })])(
    'countWorkingDays inverts addWorkingDays for n >= 1',
    (start, n) => {
      expect(validator.countWorkingDays(start, validator.addWorkingDays(start, n))).toBe(n);
    },
  );

  fcTest.prop([fc.integer({ min: dayOf(2015, 1, 1), max: dayOf(2030, 12, 31) }), fc.integer({ min: 1, max: 60 })])(
    'on a working-day start the validator is exactly one working day earlier than casepath',
    (start, n) => {
      fc.pre(england.isWorkingDay(start));
      expect(validator.addWorkingDays(start, n + 1)).toBe(england.addWorkingDays(start, n));
    },
  );

  it('rejects an unknown counting', () => {
    expect(() => createCalendar({ counting: 'other' as 'validator' })).toThrow(/counting/);
  });
});

describe('calendar counting in a rules config', () => {
  it('passes a validator-counting calendar to the engine', () => {
    const { config, issues } = resolveConfig({ calendar: { counting: 'validator' } }, 'test.yaml');
    expect(issues).toEqual([]);
    const cal = replayOptionsOf(config!).calendar!;
    expect(cal.counting).toBe('validator');
    expect(formatDay(cal.addWorkingDays(d('2022-03-10'), 15))).toBe('2022-03-30');
  });

  it('leaves the default calendar alone when the key is absent or says casepath', () => {
    expect(replayOptionsOf(resolveConfig({}, 't').config!).calendar).toBeUndefined();
    expect(replayOptionsOf(resolveConfig({ calendar: { counting: 'casepath' } }, 't').config!).calendar).toBeUndefined();
  });

  it('refuses an unknown counting, naming the field', () => {
    const { config, issues } = resolveConfig({ calendar: { counting: 'dfe' } }, 'test.yaml');
    expect(config).toBeUndefined();
    expect(issues[0]).toMatchObject({ code: 'invalid-config', file: 'test.yaml', path: 'calendar.counting' });
  });
});
