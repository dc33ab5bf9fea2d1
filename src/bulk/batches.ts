/**
 * Cutting an NDJSON byte stream into batches of whole lines, for bulk replay: the only
 * work the main thread does per line when workers replay (it looks for newline bytes and
 * copies; it neither decodes nor parses). A batch is about {@link BATCH_BYTES} of UTF-8
 * text in an `ArrayBuffer` of its own, so it can be transferred to a worker, not copied.
 *
 * The line rules are those of `readLines` (src/input/read.ts): LF or CRLF, a line longer
 * than the limit is dropped as it streams (never buffered) and reported by number, UTF-8
 * is checked (by whoever decodes the batch), a final line without a newline counts. A
 * dropped line stays in its batch as an empty line, so line numbers need no bookkeeping.
 */

/** Text per batch: large enough that a message costs nothing next to its work, small enough to share it out. */
export const BATCH_BYTES = 256 * 1024;

export interface ByteBatch {
  /** Position of the batch in the stream (0, 1, 2 …): results are merged in this order. */
  seq: number;
  /** Line number (1-based) of the batch's first line. */
  firstLine: number;
  /** Whole lines, each ended by a newline byte; `length` bytes of `buffer` are used. */
  buffer: ArrayBuffer;
  length: number;
  /** Lines of this batch that were longer than the limit (each left empty in the text). */
  tooLong: number[];
}

export interface BatchOptions {
  /** Longest line accepted, in bytes. */
  limit: number;
  /** Bytes of text per batch (default {@link BATCH_BYTES}). */
  batchBytes?: number;
}

/**
 * The batches of `input`. Each batch's buffer is fresh (transferable); at most one batch
 * and the line being read are held at a time, so memory is bounded by the batch size plus
 * the line limit.
 */
export async function* byteBatches(input: AsyncIterable<Buffer | string>, options: BatchOptions): AsyncGenerator<ByteBatch> {
  const limit = options.limit;
  const target = Math.max(1, options.batchBytes ?? BATCH_BYTES);
  let buf = new Uint8Array(target + (target >> 2));
  let len = 0;
  /** Where the line being read starts in `buf`. */
  let lineStart = 0;
  let skipping = false;
  /** Number of the line being read (1-based). */
  let line = 1;
  let firstLine = 1;
  let tooLong: number[] = [];
  let seq = 0;

  const ensure = (extra: number): void => {
    if (len + extra <= buf.length) return;
    let cap = buf.length * 2;
    while (cap < len + extra) cap *= 2;
    const bigger = new Uint8Array(cap);
    bigger.set(buf.subarray(0, len));
    buf = bigger;
  };
  const append = (src: Uint8Array, start: number, end: number): void => {
    if (skipping || end <= start) return;
    if (len - lineStart + (end - start) > limit) {
      // Too long: forget what was kept of it and skip to its end.
      skipping = true;
      len = lineStart;
      return;
    }
    ensure(end - start);
    buf.set(src.subarray(start, end), len);
    len += end - start;
  };
  /** Ends the line being read. */
  const endLine = (): void => {
    if (skipping) {
      tooLong.push(line);
      skipping = false;
    }
    ensure(1);
    buf[len++] = 10;
    lineStart = len;
    line++;
  };
  const cut = (): ByteBatch => {
    const batch: ByteBatch = { seq: seq++, firstLine, buffer: buf.buffer as ArrayBuffer, length: len, tooLong };
    buf = new Uint8Array(target + (target >> 2));
    len = 0;
    lineStart = 0;
    firstLine = line;
    tooLong = [];
    return batch;
  };

  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(10, start);
      if (nl < 0) {
        append(bytes, start, bytes.length);
        break;
      }
      append(bytes, start, nl);
      endLine();
      start = nl + 1;
      if (len >= target) yield cut();
    }
  }
  if (len > lineStart || skipping) endLine();
  if (len > 0) yield cut();
}
