/**
 * Replaying NDJSON lines into an aggregate: the work one thread (main or worker) does.
 * Per line: JSON.parse (its depth checked before anything recursive sees the data), validation and dates, replay, then only counts kept.
 *
 * A batch's lines go through these in phases: every line parsed, then every parsed line
 * loaded, then each loaded case replayed and counted. That is the same work, and the same
 * issues in the same order, as taking each line through all of them in turn, but each
 * phase's code and data stay warm in the processor's caches across a hundred cases: the
 * bulk replay of 10,000 cases ran about 10% faster (BENCHMARKS.md). A batch (about 256 KB
 * of text, src/bulk/batches.ts) is small enough that holding its parsed lines is nothing.
 */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import type { Day } from '../calendar/day.js';
import { type WorkingCalendar, england } from '../calendar/working-days.js';
import { type ResolvedConfig, replayOptionsOf } from '../config.js';
import { replayChronology } from '../engine/replay.js';
import { type ParseResult, parseJsonUnscanned } from '../input/parse.js';
import { type InputLine, type ReadOptions, limitOf, readLines, tooLarge } from '../input/read.js';
import type { ReplayOptions } from '../engine/replay.js';
import { type LoadOptions, type LoadResult, loadUnscannedJson } from '../load.js';
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
  replayItems(
    lines.map((text, i) => ({ line: firstLine + i, text })),
    agg,
    prepare(options),
  );
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
    replay: replayOptionsOf(config, { timeline: false, warnings: false, ...(asOf !== undefined ? { asOf } : {}) }),
    calendar: config.calendar ?? england,
  };
}

/** Whether a line is blank (JSON whitespace only), without trimming a copy: most lines start with "{". */
function blank(text: string): boolean {
  const c = text.charCodeAt(0);
  return c !== 123 && text.trim() === '';
}

/**
 * Replay decoded lines into `agg`, in phases (see the head of this module): parse every
 * line, load every parsed one, then replay and count each. A line's issue (unreadable,
 * not JSON, invalid) is counted in its place, in line order, as if line by line.
 */
function replayItems(items: readonly InputLine[], agg: Aggregate, prepared: Prepared): void {
  const n = items.length;
  const files: (string | undefined)[] = new Array<string | undefined>(n);
  // 1. Parse: the same rules as a chronology file (errors located, nothing quoted; the depth checked in step 2, when anything but the one-pass checks is to see the data).
  const parsed: (ParseResult | undefined)[] = new Array<ParseResult | undefined>(n);
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    if ('issue' in item || blank(item.text)) continue;
    const file = `${prepared.source}:${item.line}`;
    files[i] = file;
    parsed[i] = parseJsonUnscanned(item.text, file);
  }
  // 2. Load (validate, whole-file checks, dates). A parsed line's data is let go once loaded; its failure is kept.
  const loaded: (LoadResult | undefined)[] = new Array<LoadResult | undefined>(n);
  for (let i = 0; i < n; i++) {
    const p = parsed[i];
    if (!p?.ok) continue;
    loaded[i] = loadUnscannedJson(p.data, (items[i] as { text: string }).text, files[i]!, prepared.load);
    parsed[i] = undefined;
  }
  // 3. Replay and count, or count the line's issues, in line order.
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    if ('issue' in item) {
      addInvalid(agg, item.line, [item.issue(`${prepared.source}:${item.line}`)]);
      continue;
    }
    const p = parsed[i];
    if (p !== undefined && !p.ok) {
      addInvalid(agg, item.line, p.issues);
      continue;
    }
    const l = loaded[i];
    if (l === undefined) continue; // blank
    loaded[i] = undefined;
    if (!l.ok) {
      addInvalid(agg, item.line, l.issues);
      continue;
    }
    const result = replayChronology(l.chronology, prepared.replay);
    addResult(agg, result, l.chronology.events.length, l.chronology, prepared.calendar);
  }
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
  replayItems(await batchLines(batch, options.read), agg, prepare(options));
}
