/**
 * parseJson's depth check (src/input/parse.ts) skips strings with indexOf: it finds the
 * same bracket as a scan of every character (the reference below, the check as it was),
 * on text made of quotes, backslashes, brackets and letters, valid JSON or not.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { MAX_DEPTH, parseJson } from '../src/input/parse.js';
import { lineColumn } from '../src/input/read.js';
import { propertyRuns } from './property-runs.js';

/** Offset of the bracket that opens level MAX_DEPTH + 1, or -1: one character at a time. */
function referenceDepth(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      for (i++; i < s.length; i++) {
        const d = s.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/** The issue parseJson gives for over-deep text, if the reference finds it over-deep. */
function expected(text: string): string | undefined {
  const at = referenceDepth(text);
  if (at < 0) return undefined;
  const { line, column } = lineColumn(text, at);
  return `nested more than ${MAX_DEPTH} levels deep (at line ${line}, column ${column}); a chronology needs only a few levels`;
}

function deepIssue(text: string): string | undefined {
  const r = parseJson(text, 'f.json');
  const m = r.ok ? undefined : r.issues[0]!.message;
  return m?.startsWith('nested more than') ? m : undefined;
}

const piece = fc.constantFrom('"', '\\', '\\\\', '\\"', '[', '{', ']', '}', 'a', '\n', ',', ':', '[[[[[[[[', '"\\\\"');

describe('the depth check finds the bracket a character scan finds', () => {
  fcTest.prop([fc.array(piece, { maxLength: 200 }), fc.nat(80)], { numRuns: propertyRuns() * 4 })('text of quotes, backslashes and brackets', (pieces, open) => {
    // Deep enough, often, to cross MAX_DEPTH around the strings.
    const text = '['.repeat(open) + pieces.join('');
    expect(deepIssue(text)).toBe(expected(text));
  });

  test('strings with escaped quotes and backslash runs hide their brackets', () => {
    const inner = (s: string) => '['.repeat(MAX_DEPTH) + s + ']'.repeat(MAX_DEPTH);
    expect(deepIssue(inner('"\\"[" '))).toBeUndefined();
    expect(deepIssue(inner('"\\\\"[]'))).toBe(expected(inner('"\\\\"[]')));
    expect(deepIssue(inner('"\\\\\\"[" '))).toBeUndefined();
    expect(deepIssue(inner('"\\\\\\\\"[]'))).toBeDefined();
    expect(deepIssue(inner('"abc'))).toBeUndefined();
  });
});
