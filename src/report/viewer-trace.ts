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
import { type Trace, type TraceEntry, TRACE_KINDS, traceEntrySchema, traceSchema } from '../engine/trace.js';
import { parseJson } from '../input/parse.js';
import { safePath, unknownFields } from '../input/quote.js';

// One schema for the format, where it is written (src/engine/trace.ts).
export { TRACE_KINDS, traceEntrySchema, traceSchema, type Trace, type TraceEntry };

export type TraceParse = { ok: true; trace: Trace } | { ok: false; problems: string[] };

/** Parse and check trace text; problems name the field (`entries.3.kind`) and what is wrong. */
export function parseTraceText(text: string): TraceParse {
  // The chronology's own rules: located syntax errors that quote nothing, depth checked.
  const parsed = parseJson(text, 'trace');
  if (!parsed.ok) return { ok: false, problems: parsed.issues.map((i) => i.message) };
  return checkTrace(parsed.data);
}

export function checkTrace(data: unknown): TraceParse {
  const r = traceSchema.safeParse(data);
  if (r.success) return { ok: true, trace: r.data };
  const problems = r.error.issues.slice(0, 10).map((i) => `${i.path.length ? safePath(i.path) : '(top level)'}: ${i.code === 'unrecognized_keys' ? unknownFields(i.keys) : i.message}`);
  if (r.error.issues.length > 10) problems.push(`… and ${r.error.issues.length - 10} more`);
  return { ok: false, problems };
}
