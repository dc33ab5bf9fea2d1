/**
 * zod's issues in casepath's words, one table for chronologies, headers and rules configs
 * alike: a missing field is "missing", a wrong type names what was expected and what was
 * found, a value outside an enum lists the allowed ones, and an unknown key or value close
 * to a known one gets a "did you mean". Input is quoted only when it looks like an id
 * (src/input/quote.ts), never free text.
 */
import type { z } from 'zod';
import { named, quotable, quote, quoteList, unknownFields } from './quote.js';

/** Longest text the did-you-mean compares (edit distance is quadratic). */
const MAX_SUGGEST_LENGTH = 64;

/** The candidate nearest to `value` by edit distance, if near enough to be a likely typo. */
export function nearest(value: string, candidates: Iterable<string>): string | undefined {
  if (value.length > MAX_SUGGEST_LENGTH) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = distance(value, c);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return best !== undefined && bestScore > 0 && bestScore <= Math.max(2, Math.floor(value.length / 4)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

const didYouMean = (near: string | undefined) => (near ? `; did you mean "${near}"?` : '');

/** The value at `path` in `root` (undefined where the path leaves it). */
function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'a mapping of fields',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  date: 'a date',
};

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'a mapping';
    default:
      return typeof v;
  }
}

/**
 * The message for one zod issue. `root`: the object parsed (to name what was found);
 * `knownKeys`: the fields the object at the issue's path allows (for "did you mean").
 */
export function issueMessage(i: z.core.$ZodIssue, root?: unknown, knownKeys?: readonly string[]): string {
  switch (i.code) {
    case 'unrecognized_keys': {
      const base = unknownFields(i.keys);
      const only = i.keys.length === 1 ? i.keys[0]! : undefined;
      return base + (only !== undefined && knownKeys ? didYouMean(nearest(only, knownKeys)) : '');
    }
    case 'invalid_type': {
      const found = at(root, i.path);
      if (found === undefined) return root === undefined ? i.message : 'missing (this field is required)';
      return `expected ${EXPECTED[i.expected] ?? i.expected}, found ${kindOf(found)}`;
    }
    case 'invalid_value': {
      const values = i.values.map(String);
      const found = at(root, i.path);
      if (found === undefined) return i.message;
      const shown = quoteList(values, 12, 'value');
      const near = typeof found === 'string' && quotable(found) ? nearest(found, values) : undefined;
      return `${quotable(found) ? quote(found) : `(${named('value', found)})`} is not one of ${shown}${didYouMean(near)}`;
    }
    default:
      return i.message;
  }
}
