/**
 * Replaying NDJSON lines into an aggregate: the work one thread (main or worker) does.
 */
import type { Day } from '../calendar/day.js';
import { type ResolvedConfig, replayOptionsOf } from '../config.js';
import { replayChronology } from '../engine/replay.js';
import { parseJson } from '../input/parse.js';
import { loadParsedChronology } from '../load.js';
import { type Aggregate, addInvalid, addResult } from './aggregate.js';

export interface LineOptions {
  config: ResolvedConfig;
  asOf?: Day;
  /** Name used in issues, e.g. the file name. */
  source: string;
}

/** Replay `lines` (the first is line number `firstLine`, 1-based) into `agg`. Blank lines are skipped. */
export function replayLines(lines: readonly string[], firstLine: number, agg: Aggregate, options: LineOptions): void {
  const { config } = options;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    const line = firstLine + i;
    const file = `${options.source}:${line}`;
    // The same rules as a chronology file: depth checked, errors located, nothing quoted.
    const parsed = parseJson(text, file);
    if (!parsed.ok) {
      addInvalid(agg, line, parsed.issues);
      continue;
    }
    const loaded = loadParsedChronology(parsed.data, file, options.asOf !== undefined ? { asOf: options.asOf } : {});
    if (!loaded.ok) {
      addInvalid(agg, line, loaded.issues);
      continue;
    }
    const result = replayChronology(loaded.chronology, replayOptionsOf(config, { timeline: false, ...(options.asOf !== undefined ? { asOf: options.asOf } : {}) }));
    addResult(agg, result, loaded.chronology.events.length, loaded.chronology, ...(config.calendar ? [config.calendar] : []));
  }
}
