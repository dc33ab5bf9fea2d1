/**
 * Arrays built for the per-case path, in one elements kind.
 *
 * V8 (Node 20) gives `Array.prototype.map`'s result a different hidden class once the
 * calling function is optimised: a "holey" array, where the interpreter's map made a packed
 * one. Every function that reads such arrays then sees a second class part-way through a
 * run and is deoptimised and compiled again (about a quarter of a bulk replay's optimising
 * compiles went on functions compiled a second time; BENCHMARKS.md, "Fewer
 * deoptimisations"). {@link mapped} builds by push, which is packed in every tier.
 */

/** `xs.map(f)`, always a packed array. */
export function mapped<T, U>(xs: readonly T[], f: (x: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i]!, i));
  return out;
}
