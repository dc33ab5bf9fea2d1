/**
 * Bank holidays of a year outside the generated table (src/calendar/holidays-table.ts),
 * asked of date-holidays itself (GB, state ENG, `type === 'public'`). Loaded only when
 * such a year is needed: building date-holidays' rules costs ~100 ms, which a process
 * whose dates fall inside the table never pays. The page's engine bundle replaces this
 * module with src/browser/stubs/holidays-fallback.ts (no date-holidays in the page).
 */
import { createRequire } from 'node:module';

export interface IsoHoliday {
  /** `YYYY-MM-DD` */
  date: string;
  name: string;
}

type HolidaysCtor = new (country: string, state: string) => { getHolidays(year: number): { date: string; name: string; type: string }[] };

let source: InstanceType<HolidaysCtor> | undefined;

/** date-holidays' public holidays of England and Wales in `year`, in its order. */
export function packageHolidaysOf(year: number): IsoHoliday[] {
  if (source === undefined) {
    // Required here, not imported: see the module comment.
    const Holidays = createRequire(import.meta.url)('date-holidays') as HolidaysCtor;
    source = new Holidays('GB', 'ENG');
  }
  const out: IsoHoliday[] = [];
  for (const h of source.getHolidays(year)) {
    if (h.type === 'public') out.push({ date: h.date.slice(0, 10), name: h.name });
  }
  return out;
}
