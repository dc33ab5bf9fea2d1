/**
 * The inspection trace the HTML viewer can show beside each step: the format
 * `casepath replay FILE --trace trace.json` writes (src/engine/trace.ts), checked
 * here with zod before it is embedded in a report. The viewer page checks a trace
 * loaded from disk with the same rules (src/report/viewer-client.ts), since the page
 * has no zod; tests/report.test.ts holds the two to the same verdicts.
 *
 * Each entry belongs to the chronology event whose replay produced it, so the viewer
 * lists the entries of the selected step.
 */
import { z } from 'zod';

export const TRACE_KINDS = ['@xstate.actor', '@xstate.event', '@xstate.snapshot', '@xstate.microstep'] as const;

export const traceEntrySchema = z.object({
  seq: z.number(),
  /** The chronology event id the entry belongs to. */
  event: z.string(),
  /** The actor, e.g. `childProtection:B` or `plo`. */
  actor: z.string(),
  kind: z.enum(TRACE_KINDS),
  eventType: z.string().optional(),
  state: z.string().optional(),
});

export const traceSchema = z.object({
  format: z.literal('casepath-trace'),
  version: z.literal(1),
  case: z.string(),
  entries: z.array(traceEntrySchema),
});

export type Trace = z.infer<typeof traceSchema>;
export type TraceEntry = z.infer<typeof traceEntrySchema>;

export type TraceParse = { ok: true; trace: Trace } | { ok: false; problems: string[] };

/** Parse and check trace text; problems name the field (`entries.3.kind`) and what is wrong. */
export function parseTraceText(text: string): TraceParse {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`not valid JSON: ${(err as Error).message}`] };
  }
  return checkTrace(data);
}

export function checkTrace(data: unknown): TraceParse {
  const r = traceSchema.safeParse(data);
  if (r.success) return { ok: true, trace: r.data };
  const problems = r.error.issues.slice(0, 10).map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
  if (r.error.issues.length > 10) problems.push(`… and ${r.error.issues.length - 10} more`);
  return { ok: false, problems };
}
