/**
 * The chronology file (spec §1). The zod schema checks shape; the loader
 * (../load.ts) adds the checks that need the whole file (unique ids, references,
 * children) and turns every problem into an {@link Issue}.
 */
import { z } from 'zod';
import { dateSpec } from './dates.js';
import { EVENT_TYPES, chronologyEventSchema } from './events.js';

/**
 * What the source records in full (spec §1, "Absent is unknown"): `summary` (the default:
 * a fact not stated is unknown), `record` (a full case record: a step not recorded did not
 * happen), or a coverage — the event types a dataset records in full and the window it
 * covers (a census, a return): absence is "did not happen" only for those types inside that
 * window, and unknown everywhere else.
 */
export const completeness = z.union([
  z.enum(['summary', 'record']),
  z.strictObject({
    record: z.strictObject({
      from: dateSpec,
      to: dateSpec,
      events: z.array(z.enum(EVENT_TYPES.filter((t) => t !== 'omission') as [string, ...string[]])).min(1),
    }),
  }),
]);

export const child = z.strictObject({
  id: z.string().min(1),
  /** Year or date of birth, as vague as the source. */
  born: dateSpec.optional(),
  note: z.string().optional(),
});

export const chronologyHeader = z.strictObject({
  case: z.string().min(1),
  title: z.string().optional(),
  source: z
    .strictObject({
      document: z.string().min(1),
      file: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  asOf: dateSpec.optional(),
  jurisdiction: z.literal('england').default('england'),
  completeness: completeness.default('summary'),
  children: z.array(child).min(1),
  events: z.array(z.unknown()),
});

const fileOf = () => chronologyHeader.extend({ events: z.array(chronologyEventSchema()) });
let file: ReturnType<typeof fileOf> | undefined;

/** The whole file's schema, its events included (built on first use, with every event type's schema). `casepath` exports it as `chronologyFile`. */
export function chronologyFileSchema(): ReturnType<typeof fileOf> {
  return (file ??= fileOf());
}

export type ChronologyFile = z.output<ReturnType<typeof chronologyFileSchema>>;
export type Completeness = ChronologyFile['completeness'];
