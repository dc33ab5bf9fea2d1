/**
 * The order reports list ids in (rule ids, clock names): `localeCompare`'s, without its
 * cost where it is not needed. The first `localeCompare` of a process builds ICU's
 * collator, about 10 ms of a single-file replay's start (issue 12). For ids made only of
 * lowercase ASCII letters, digits and "-" (every built-in rule id and clock name),
 * code-point order is the same order (tests/order.test.ts checks it against the collator),
 * so those are compared directly; anything else still goes to `localeCompare`.
 */
const PLAIN = /^[a-z0-9-]*$/;

export function compareIds(a: string, b: string): number {
  if (PLAIN.test(a) && PLAIN.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}
