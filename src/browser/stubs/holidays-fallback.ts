/**
 * The page's stand-in for src/calendar/holidays-fallback.ts: date-holidays is not in
 * the engine bundle, so the page knows the bank holidays of the generated table's
 * years only (src/calendar/holidays-table.ts).
 */
import { HOLIDAY_TABLE_FIRST_YEAR, HOLIDAY_TABLE_LAST_YEAR } from '../../calendar/holidays-table.js';

export interface IsoHoliday {
  date: string;
  name: string;
}

export function packageHolidaysOf(year: number): IsoHoliday[] {
  throw new RangeError(
    `the page knows England's bank holidays for ${HOLIDAY_TABLE_FIRST_YEAR}–${HOLIDAY_TABLE_LAST_YEAR} only, and this case needs ${year}: replay it with the casepath command instead`,
  );
}
