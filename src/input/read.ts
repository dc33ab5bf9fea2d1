/**
 * Reading input files: the bytes of a chronology, a rules config or an NDJSON corpus,
 * with the same rules everywhere.
 *
 * - A path must name a regular file. It is stat'ed before it is opened, so a FIFO, a
 *   device (`/dev/zero`) or a directory is an issue, never a read that blocks or never
 *   ends; the open itself is non-blocking and the descriptor is checked again.
 * - A file larger than the size limit ({@link DEFAULT_MAX_FILE_SIZE} unless raised) is
 *   an issue naming the limit and how to raise it; nothing past the limit is read.
 * - Text must be UTF-8. A UTF-8 byte-order mark is dropped; anything else that is not
 *   UTF-8 (UTF-16, Latin-1) is an issue giving the line and column of the first bad byte.
 *
 * Issues quote nothing from the input.
 */
import { isUtf8 } from 'node:buffer';
import { type Stats, closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Issue } from '../issues.js';

/** The default size limit of an input file (and of one NDJSON line): 16 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

export interface ReadOptions {
  /** Largest file accepted, in bytes (default {@link DEFAULT_MAX_FILE_SIZE}). */
  maxFileSize?: number;
  /** How to raise the limit, for the message (default: the CLI flag and the library option). */
  raiseHint?: string;
}

export type TextResult = { ok: true; text: string } | { ok: false; issues: Issue[] };

const RAISE_HINT = 'raise it with --max-file-size or the maxFileSize option';

/** `16 MiB`, `1.5 KiB`, `300 bytes`. */
export function formatSize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  if (u === 0) return `${bytes.toLocaleString('en-GB')} byte${bytes === 1 ? '' : 's'}`;
  return `${Number.isInteger(n) ? n : n.toFixed(1)} ${units[u]}`;
}

/** A size limit as the CLI takes it: bytes, or a number with K, M or G (KiB, MiB, GiB). */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(?:(k|m|g)(?:i?b)?|b(?:ytes?)?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const scale = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  const n = Math.floor(Number(m[1]) * scale);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function limitOf(options: ReadOptions): number {
  const max = options.maxFileSize;
  return max !== undefined && Number.isFinite(max) && max > 0 ? Math.floor(max) : DEFAULT_MAX_FILE_SIZE;
}

export function tooLarge(file: string, limit: number, options: ReadOptions, size?: number): Issue {
  return {
    code: 'too-large',
    file,
    path: '',
    message: `the ${size === undefined ? 'input' : `file (${formatSize(size)})`} is larger than the limit of ${formatSize(limit)}; ${options.raiseHint ?? RAISE_HINT}`,
  };
}

function kindOfFile(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notAFile(file: string, s: Stats): Issue {
  const kind = kindOfFile(s);
  const what = kind === 'not a regular file' ? 'this is not a regular file' : `this is ${kind}, not a regular file`;
  return { code: 'not-a-file', file, path: '', message: `${what}; casepath reads only regular files` };
}

function readError(file: string, err: unknown): Issue {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'file-not-found', file, path: '', message: 'no such file' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'file-not-found', file, path: '', message: 'cannot read the file (permission denied)' };
  return { code: 'file-not-found', file, path: '', message: `cannot read the file (${code ?? 'error'})` };
}

/** Check that `path` names a regular file, without opening it. */
export function checkRegularFile(path: string): Issue | undefined {
  try {
    const s = statSync(path);
    return s.isFile() ? undefined : notAFile(path, s);
  } catch (err) {
    return readError(path, err);
  }
}

/** The bytes of a regular file, at most the size limit. */
export function readFileBytes(path: string, options: ReadOptions = {}): { ok: true; bytes: Buffer } | { ok: false; issues: Issue[] } {
  const limit = limitOf(options);
  const before = checkRegularFile(path);
  if (before) return { ok: false, issues: [before] };
  let fd: number;
  try {
    // Non-blocking: should the path have become a FIFO since the stat, opening it does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { ok: false, issues: [readError(path, err)] };
  }
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) return { ok: false, issues: [notAFile(path, s)] };
    if (s.size > limit) return { ok: false, issues: [tooLarge(path, limit, options, s.size)] };
    // Read to the end (a file can grow, or report size 0 and still have content), never past the limit.
    let buf = Buffer.allocUnsafe(Math.min(Math.max(s.size, 4096), limit + 1));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (buf.length > limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) return { ok: false, issues: [tooLarge(path, limit, options)] };
    return { ok: true, bytes: buf.subarray(0, length) };
  } catch (err) {
    return { ok: false, issues: [readError(path, err)] };
  } finally {
    closeSync(fd);
  }
}

/** Read a regular file as UTF-8 text (BOM dropped). */
export function readTextFile(path: string, options: ReadOptions = {}): TextResult {
  const r = readFileBytes(path, options);
  return r.ok ? decodeUtf8(r.bytes, path) : r;
}

/** Line (1-based) and column (1-based, in characters) of a UTF-16 offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstBadByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined) return i;
      if (k === 1 ? x < lo || x > hi : x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** UTF-8 bytes as text: a BOM dropped, anything else not UTF-8 an issue with its position. */
export function decodeUtf8(bytes: Uint8Array, file: string): TextResult {
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = start ? bytes.subarray(start) : bytes;
  if (isUtf8(body)) return { ok: true, text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') };
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, issues: [{ code: 'bad-encoding', file, path: '', message: 'the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8' }] };
  }
  const bad = firstBadByte(body);
  const before = Buffer.from(body.buffer, body.byteOffset, Math.max(0, bad)).toString('utf8');
  const { line, column } = lineColumn(before, before.length);
  return {
    ok: false,
    issues: [{ code: 'bad-encoding', file, path: '', message: `the file is not UTF-8: byte ${(start + bad + 1).toLocaleString('en-GB')} (line ${line}, column ${column}) is not part of a UTF-8 character; save it as UTF-8` }],
  };
}

/** A string as text input: a leading BOM dropped (as a UTF-8 file's would be). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Is `text` (UTF-16) over `limit` bytes once encoded as UTF-8? Cheap when it is clearly under. */
export function textOverLimit(text: string, limit: number): boolean {
  if (text.length * 3 <= limit) return false;
  if (text.length > limit) return true;
  return Buffer.byteLength(text, 'utf8') > limit;
}

/** One line of an NDJSON stream: its text, or the issue that makes it unreadable. */
export type InputLine = { line: number; text: string } | { line: number; issue: (file: string) => Issue };

/**
 * The lines of a stream (NDJSON), with the same rules as a file: each line at most the
 * size limit (a longer one is skipped, not buffered, and reported), UTF-8, a BOM at the
 * start dropped, CRLF or LF. Memory stays bounded by the limit whatever the input.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>, options: ReadOptions = {}): AsyncGenerator<InputLine> {
  const limit = limitOf(options);
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let line = 0;
  const finish = (): InputLine => {
    line++;
    if (skipping) {
      skipping = false;
      return { line, issue: (file) => tooLarge(file, limit, options) };
    }
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    if (bytes.length && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
    if (line === 1 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (isUtf8(bytes)) return { line, text: bytes.toString('utf8') };
    const bad = firstBadByte(bytes) + 1;
    return { line, issue: (file) => ({ code: 'bad-encoding', file, path: '', message: `the line is not UTF-8: byte ${bad.toLocaleString('en-GB')} of it is not part of a UTF-8 character` }) };
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      const end = nl < 0 ? buf.length : nl;
      if (!skipping && end > start) {
        if (size + (end - start) > limit) {
          skipping = true;
          parts = [];
          size = 0;
        } else {
          parts.push(buf.subarray(start, end));
          size += end - start;
        }
      }
      if (nl < 0) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (size > 0 || skipping) yield finish();
}
