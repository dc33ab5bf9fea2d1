/**
 * What an issue message may quote from the input.
 *
 * Chronologies are children's data, and free text turns up where it should not: a note
 * pasted into `type`, a sentence as an id, a paragraph as a key. So a value from the
 * input is quoted only when it is short and looks like what a structured field holds
 * (an id, a date, an enum value: at most {@link MAX_QUOTED} characters of letters,
 * digits and `.`, `_`, `:`, `-`); anything else is described by its kind and length
 * ("an unknown event type of 1,048,576 characters"). Every message the loader, the
 * schemas, the date solver and the config loader build goes through here.
 */

/** Longest input value a message quotes. */
export const MAX_QUOTED = 40;

const SAFE = /^[A-Za-z0-9._:-]+$/;

/** Is `value` short, structured-looking text that a message may quote? */
export function quotable(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_QUOTED && SAFE.test(value);
}

/** `1,048,576 characters` */
function characters(n: number): string {
  return `${n.toLocaleString('en-GB')} character${n === 1 ? '' : 's'}`;
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}

/** What a value is, without its content: "a number", "an empty text", "a text of 300 characters". */
export function kindOf(value: unknown): string {
  if (typeof value === 'string') return value.length === 0 ? 'an empty text' : `a text of ${characters(value.length)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date object';
  if (typeof value === 'object') return 'an object';
  return `${article(typeof value)} ${typeof value}`;
}

/**
 * `noun "value"` when the value may be quoted, else a description with an article:
 * `named('unknown event type', t)` is `unknown event type "conference.hold"` or
 * `an unknown event type of 1,048,576 characters` (the described form brings its own
 * article; {@link aNamed} adds one to the quoted form too).
 */
export function named(noun: string, value: unknown): string {
  if (quotable(value)) return `${noun} "${value}"`;
  return typeof value === 'string'
    ? `${article(noun)} ${noun} ${value.length === 0 ? 'that is empty' : `of ${characters(value.length)}`}`
    : `${article(noun)} ${noun} that is ${kindOf(value)}`;
}

/** Like {@link named}, with an article in the quoted form too: `an unknown field "colour"`. */
export function aNamed(noun: string, value: unknown): string {
  return quotable(value) ? `${article(noun)} ${noun} "${value}"` : named(noun, value);
}

/** The value in quotes, or a description in parentheses: for the middle of a sentence. */
export function quote(value: unknown, noun = 'value'): string {
  return quotable(value) ? `"${value}"` : `(${named(noun, value)})`;
}

/** A value without quotes when quotable (`icpc`, `P1W`), else described in parentheses. */
export function bare(value: unknown, noun = 'value'): string {
  return quotable(value) ? (value as string) : `(${named(noun, value)})`;
}

/** An id as a message names it: bare when quotable (`icpc`), else described. */
export function idText(id: unknown): string {
  return bare(id, 'id');
}

/** A field path whose segments came from the input (record keys): unquotable segments described. */
export function safePath(segments: readonly PropertyKey[]): string {
  return segments.map((s) => (typeof s === 'number' || quotable(s) ? String(s) : typeof s === 'string' ? `(a key of ${characters(s.length)})` : '(a key)')).join('.');
}

/** A list of values for a message: each quoted (or bare) or described, at most `max` of them. */
export function quoteList(values: readonly unknown[], max = 10, noun = 'value', quotes = true): string {
  const shown = values.slice(0, max).map((v) => (quotes ? quote(v, noun) : bare(v, noun)));
  return values.length > max ? `${shown.join(', ')} and ${(values.length - max).toLocaleString('en-GB')} more` : shown.join(', ');
}

/** `unknown field "colour"`, `unknown fields "a", "b"`, `an unknown field of 300 characters`. */
export function unknownFields(keys: readonly string[]): string {
  if (keys.length === 1) return named('unknown field', keys[0]);
  return `unknown fields ${quoteList(keys, 5, 'key')}`;
}
