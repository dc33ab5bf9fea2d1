/**
 * Replaying NDJSON lines into an aggregate: the work one thread (main or worker) does.
 * Per line: JSON.parse (depth-checked), validation and dates, replay, then only counts kept.
 */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import type { Day } from '../calendar/day.js';
import { type WorkingCalendar, england } from '../calendar/working-days.js';
import { type ResolvedConfig, replayOptionsOf } from '../config.js';
import { replayChronology } from '../engine/replay.js';
import { parseJson } from '../input/parse.js';
import { type InputLine, type ReadOptions, limitOf, readLines, tooLarge } from '../input/read.js';
import type { ReplayOptions } from '../engine/replay.js';
import { type LoadOptions, loadParsedChronology } from '../load.js';
import { type Aggregate, addInvalid, addResult } from './aggregate.js';
import type { ByteBatch } from './batches.js';

export interface LineOptions {
  config: ResolvedConfig;
  asOf?: Day;
  /** Name used in issues, e.g. the file name. */
  source: string;
}

/** Replay `lines` (the first is line number `firstLine`, 1-based) into `agg`. Blank lines are skipped. */
export function replayLines(lines: readonly string[], firstLine: number, agg: Aggregate, options: LineOptions): void {
  const prepared = prepare(options);
  for (let i = 0; i < lines.length; i++) replayOne(lines[i]!, firstLine + i, agg, prepared);
}

/** What every line of a call shares, built once per call rather than per line. */
interface Prepared {
  source: string;
  load: LoadOptions;
  replay: ReplayOptions;
  calendar: WorkingCalendar;
}

function prepare(options: LineOptions): Prepared {
  const { config, asOf } = options;
  return {
    source: options.source,
    load: asOf !== undefined ? { asOf } : {},
    replay: replayOptionsOf(config, { timeline: false, ...(asOf !== undefined ? { asOf } : {}) }),
    calendar: config.calendar ?? england,
  };
}

/** Whether a line is blank (JSON whitespace only), without trimming a copy: most lines start with "{". */
function blank(text: string): boolean {
  const c = text.charCodeAt(0);
  return c !== 123 && text.trim() === '';
}

/** Replay one line (number `line`) into `agg`; a blank line is skipped. */
function replayOne(text: string, line: number, agg: Aggregate, prepared: Prepared): void {
  if (blank(text)) return;
  const file = `${prepared.source}:${line}`;
  // The same rules as a chronology file: depth checked, errors located, nothing quoted.
  const parsed = parseJson(text, file);
  if (!parsed.ok) {
    addInvalid(agg, line, parsed.issues);
    return;
  }
  const loaded = loadParsedChronology(parsed.data, file, prepared.load);
  if (!loaded.ok) {
    addInvalid(agg, line, loaded.issues);
    return;
  }
  const result = replayChronology(loaded.chronology, prepared.replay);
  addResult(agg, result, loaded.chronology.events.length, loaded.chronology, prepared.calendar);
}

export interface BatchLineOptions extends LineOptions {
  /** The options the lines were read with (for the wording of a too-long line's issue). */
  read: ReadOptions;
}

/**
 * The lines of one batch (src/bulk/batches.ts), decoded on the thread that replays them,
 * as `readLines` would give them: text, or the issue of a line too long or not UTF-8. A
 * batch that is valid UTF-8 (nearly always) is decoded and split at once; otherwise
 * `readLines` reads it, so that each bad line gets its own issue, worded as always.
 */
export async function batchLines(batch: Pick<ByteBatch, 'buffer' | 'length' | 'firstLine' | 'tooLong'>, read: ReadOptions): Promise<InputLine[]> {
  const bytes = Buffer.from(batch.buffer, 0, batch.length);
  const limit = limitOf(read);
  const tooLong = new Set(batch.tooLong);
  const long = (line: number): InputLine => ({ line, issue: (file) => tooLarge(file, limit, read) });
  const out: InputLine[] = [];
  if (isUtf8(bytes)) {
    const lines = bytes.toString('utf8').split('\n');
    lines.pop(); // every line ends with a newline: the last piece is empty
    for (let i = 0; i < lines.length; i++) {
      let text = lines[i]!;
      const line = batch.firstLine + i;
      if (tooLong.size > 0 && tooLong.has(line)) {
        out.push(long(line));
        continue;
      }
      if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      out.push({ line, text });
    }
    return out;
  }
  // Not all UTF-8. readLines drops a byte-order mark from its first line only: for a batch
  // that does not start the stream, an empty line first keeps that line as it was.
  const lead = batch.firstLine === 1 ? 0 : 1;
  const input = lead ? Buffer.concat([Buffer.from('\n'), bytes]) : bytes;
  for await (const item of readLines(Readable.from([input]), { maxFileSize: Number.MAX_SAFE_INTEGER })) {
    if (item.line <= lead) continue;
    const line = batch.firstLine + item.line - 1 - lead;
    out.push(tooLong.has(line) ? long(line) : { ...item, line });
  }
  return out;
}

/** Replay one batch of whole lines into `agg` (the aggregate of that batch alone, for merging in order). */
export async function replayBatch(batch: Pick<ByteBatch, 'buffer' | 'length' | 'firstLine' | 'tooLong'>, agg: Aggregate, options: BatchLineOptions): Promise<void> {
  const prepared = prepare(options);
  for (const item of await batchLines(batch, options.read)) {
    if ('issue' in item) addInvalid(agg, item.line, [item.issue(`${options.source}:${item.line}`)]);
    else replayOne(item.text, item.line, agg, prepared);
  }
}
