/**
 * What the service may say about a value it was sent. Problems and log lines name the
 * parameter or field and the kind of problem; a value is quoted only when it is short
 * and shaped like what the field expects (an id, a date, a window such as `10wd`), and
 * otherwise described ("a path segment of 4,096 characters"): a request can carry
 * children's data anywhere, and nothing of it is echoed back or written to a log.
 */

/** The characters of an id (case, event, child ids): what the chronology schema allows. */
const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** Longest value ever quoted. */
export const MAX_QUOTED = 64;

const count = (n: number) => n.toLocaleString('en-GB');

/** `"abc"` for a short id-shaped value, else a description of it. */
export function quoteId(value: unknown, noun = 'value'): string {
  if (typeof value === 'string' && value.length <= MAX_QUOTED && ID_SHAPE.test(value)) return `"${value}"`;
  return describeValue(value, noun);
}

/** A value quoted only if it is short and matches `shape` (e.g. a date), else described. */
export function quoteIf(value: string, shape: RegExp, noun = 'value'): string {
  return value.length <= MAX_QUOTED && shape.test(value) ? `"${value}"` : describeValue(value, noun);
}

/** A value described, never quoted: its type, its length and what is unusual about it. */
export function describeValue(value: unknown, noun = 'value'): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${count(value.length)} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value !== 'string') return `a ${typeof value}`;
  if (value.length === 0) return `an empty ${noun}`;
  const traits: string[] = [];
  if (/[\u0000-\u001f\u007f]/.test(value)) traits.push('control characters');
  if (/\s/.test(value)) traits.push('spaces');
  if (/[^\u0000-\u007f]/.test(value)) traits.push('non-ASCII characters');
  const what = `a ${noun} of ${count(value.length)} character${value.length === 1 ? '' : 's'}`;
  return traits.length ? `${what} with ${traits.join(' and ')}` : what;
}

/** A field name (an object key from a request) quoted when id-shaped, else described. */
export function quoteKey(key: string): string {
  return quoteId(key, 'name');
}
