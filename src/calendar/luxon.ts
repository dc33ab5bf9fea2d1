/**
 * luxon, as casepath uses it: for date arithmetic (durations, calendar months), never to
 * format a date for a person. A fixed locale spares luxon asking the system for its own
 * (an Intl probe of about 15 ms at start-up) and keeps every result the same on every machine.
 */
import { DateTime, Duration, Settings } from 'luxon';

Settings.defaultLocale = 'en-GB';

export { DateTime, Duration };
