/**
 * The casepath engine for the page (issue 13 item 4): bundled by esbuild
 * (scripts/build-engine.mjs) into one IIFE that sets `globalThis.casepathEngine`.
 * It loads a chronology document object (the JSON form of a chronology file), replays
 * it and builds the viewer's data, exactly as `casepath report` does in Node
 * (src/report/html.ts): load → dates → machines → rules → findings → viewer data.
 *
 * No YAML, no file system, no `node:*`: the bundle swaps the Node-only modules for
 * src/browser/stubs/ (the Ajv validator compiled at run time, which the page's CSP
 * forbids, becomes "zod decides"; date-holidays becomes the generated holiday table
 * alone). A document that does not load throws an {@link EngineInputError} whose
 * message names the event, the field and the problem, one line per issue.
 */
import { parseDay } from '../calendar/day.js';
import { defaultConfig, replayOptionsOf } from '../config.js';
import { replayChronology } from '../engine/replay.js';
import type { Issue } from '../issues.js';
import { loadChronologyData } from '../load.js';
import { type ViewerData, buildViewerData } from '../report/viewer-data.js';

export interface EngineReplayOptions {
  /** Include free-text notes (as the page was made: off unless it was made with notes). */
  notes?: boolean;
  /** Judge open deadlines at this day (`YYYY-MM-DD`): the day the page was judged at. */
  asOf?: string;
  /** The file name the findings cite (the page's source file). */
  file?: string;
}

/** A document the engine cannot load: every issue, each naming event, field and problem. */
export class EngineInputError extends Error {
  readonly issues: readonly { eventId?: string; path: string; message: string }[];
  constructor(issues: readonly Issue[]) {
    super(issues.map(issueLine).join('\n'));
    this.name = 'EngineInputError';
    this.issues = issues.map((i) => ({ ...(i.eventId !== undefined ? { eventId: i.eventId } : {}), path: i.path, message: i.message }));
  }
}

/** `event X, field Y: problem` (no file name: the page has one source). */
export function issueLine(i: Issue): string {
  const where: string[] = [];
  if (i.eventId !== undefined) where.push(`event ${i.eventId}`);
  else if (i.eventIndex !== undefined) where.push(`event #${i.eventIndex + 1}`);
  where.push(i.path ? `field ${i.path}` : 'the whole event');
  return `${where.join(', ')}: ${i.message}`;
}

/** Replay a chronology document and build the viewer's data for it. */
export function replay(doc: unknown, options: EngineReplayOptions = {}): ViewerData {
  const file = options.file ?? 'chronology';
  let asOf: number | undefined;
  if (options.asOf !== undefined) {
    asOf = parseDay(options.asOf);
    if (asOf === undefined) throw new Error(`asOf ${JSON.stringify(options.asOf)} is not a day (YYYY-MM-DD)`);
  }
  const loaded = loadChronologyData(doc, file, asOf !== undefined ? { asOf } : {});
  if (!loaded.ok) throw new EngineInputError(loaded.issues);
  const result = replayChronology(loaded.chronology, replayOptionsOf(defaultConfig(), asOf !== undefined ? { asOf } : {}));
  return buildViewerData(result, { chronology: loaded.chronology, ...(options.notes ? { notes: true } : {}) });
}

declare const __CASEPATH_VERSION__: string | undefined;
/** casepath's version, set by the bundler from package.json. */
export const version: string = typeof __CASEPATH_VERSION__ === 'string' ? __CASEPATH_VERSION__ : '0.0.0';
