/**
 * casepath's public API.
 *
 *   import { replay } from 'casepath';
 *   const result = replay('scenarios/lgsco-24-009-262.yaml');
 *   for (const f of result.findings) console.log(f.rule, f.certainty, f.citation);
 */
import type { Day } from './calendar/day.js';
import { parseDay } from './calendar/day.js';
import { type ResolvedConfig, defaultConfig, replayOptionsOf } from './config.js';
import { replayChronology } from './engine/replay.js';
import type { Chronology, ReplayResult } from './engine/types.js';
import type { EngineKind } from './engine/processes.js';
import { InvalidChronologyError } from './issues.js';
import { checkAsOfDay, loadChronologyData, loadChronologyFile } from './load.js';
import { chronologyFileSchema } from './schema/chronology.js';
import { chronologyEventSchema } from './schema/events.js';

export interface ReplayOptions {
  /** Judge open deadlines at this day (`YYYY-MM-DD`) instead of the file's `asOf`. */
  asOf?: string | Day;
  /** Rules, parameters and timescale overrides (see `loadConfigFile`). Default: all rules, national values. */
  config?: ResolvedConfig;
  /** `compiled` (default, fast) or `xstate` (XState's own pure transition()). Same results. */
  engine?: EngineKind;
  /** Build the per-event timeline (default true). */
  timeline?: boolean;
  /** Largest chronology file accepted, in bytes (default 16 MiB). */
  maxFileSize?: number;
}

/**
 * Replay a chronology: a file path, a parsed chronology object, or a loaded
 * {@link Chronology}. Throws {@link InvalidChronologyError} (with every issue) when
 * the input is invalid.
 */
export function replay(input: string | Chronology | Record<string, unknown>, options: ReplayOptions = {}): ReplayResult {
  const asOf = typeof options.asOf === 'string' ? parseDay(options.asOf) : options.asOf;
  if (options.asOf !== undefined) {
    // A day the calendar cannot count from is an issue like any other (exit 2), not a crash.
    const bad = checkAsOfDay(asOf, typeof input === 'string' ? input : isChronology(input) ? input.file : '(object)');
    if (bad) throw new InvalidChronologyError([bad]);
  }
  const chronology = toChronology(input, asOf, options.maxFileSize);
  const config = options.config ?? defaultConfig();
  const engineOptions = replayOptionsOf(config, {
    ...(asOf !== undefined ? { asOf } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.timeline !== undefined ? { timeline: options.timeline } : {}),
  });
  return replayChronology(chronology, engineOptions);
}

function isChronology(x: unknown): x is Chronology {
  return typeof x === 'object' && x !== null && 'dates' in x && 'byId' in x;
}

function toChronology(input: string | Chronology | Record<string, unknown>, asOf: Day | undefined, maxFileSize: number | undefined): Chronology {
  if (isChronology(input)) return input;
  const opts = { ...(asOf !== undefined ? { asOf } : {}), ...(maxFileSize !== undefined ? { maxFileSize } : {}) };
  const r = typeof input === 'string' ? loadChronologyFile(input, opts) : loadChronologyData(input, '(object)', opts);
  if (!r.ok) throw new InvalidChronologyError(r.issues);
  return r.chronology;
}

export { loadChronologyFile, loadChronologyText, loadChronologyData, loadChronologyOrThrow } from './load.js';
export { InvalidChronologyError, formatIssue, type Issue, type IssueCode } from './issues.js';
export { RULES, ruleById } from './rules/index.js';
export { NATIONAL_KINDS, TIMESCALES, type Timescale, type TimescaleId } from './law/timescales.js';
export { citationText, type Citation } from './law/citations.js';
export { loadConfigFile, resolveConfig, defaultConfig, withLocalValuesStated, type ResolvedConfig } from './config.js';
export { england, createCalendar, WorkingCalendar } from './calendar/working-days.js';
export { formatDay, parseDay, type Day } from './calendar/day.js';
export { childProtectionMachine } from '../machines/child-protection.js';
export { ploMachine } from '../machines/plo.js';
export { processes, compileMachine, type EngineKind } from './engine/processes.js';
export { toFindingsDocument, type FindingsDocument } from './report/json.js';
export { renderHtmlReport } from './report/html.js';
export { traceReplay, traceSchema } from './engine/trace.js';
export { createCaseMonitor, restoreCaseMonitor } from './monitor/index.js';
export type {
  CaseHeader,
  CaseMonitor,
  EventOutcome,
  MonitorMode,
  MonitorOptions,
  MonitorSnapshot,
  OpenDeadline,
  RecordOutcome,
  RefusedStep,
} from './monitor/types.js';
export { ReplayEngine, type StepOutcome } from './engine/replay.js';
export { chronologyHeader } from './schema/chronology.js';
export { EVENT_TYPES, type ChronologyEvent, type EventInput, type EventType } from './schema/events.js';
/** The zod schema of any chronology event (a union discriminated on `type`). */
export const chronologyEvent = chronologyEventSchema();
/** The zod schema of a whole chronology file, its events included. */
export const chronologyFile = chronologyFileSchema();
export { chronologySchemaJson } from './schema/json-schema.js';
export type {
  Chronology,
  Finding,
  FindingDraft,
  ReplayResult,
  RuleDefinition,
  Severity,
  Certainty,
  TimelineEntry,
  DeadlineEntry,
} from './engine/types.js';
export { importCin } from './import/cin.js';
export { import903 } from './import/ssda903.js';
export { importSsd } from './import/ssd.js';
export { createPseudonymiser, formatDiagnostic, type ImportDiagnostic, type ImportOptions, type ImportSummary } from './import/common.js';
export { renderCaseloadHtml } from './report/caseload-html.js';
