/**
 * The page's stand-in for src/schema/compiled-validator.ts: Ajv compiles validators
 * into code at run time (`new Function`), which the page's CSP forbids and the engine
 * bundle must not contain. In the page zod validates every event (`undefined`: "zod
 * decides"), which gives the same answers; only the speed of bulk loads differs.
 */
import type { ChronologyEvent } from '../../schema/events.js';

export function compiledParse(_type: string, _raw: unknown): ChronologyEvent | undefined {
  return undefined;
}

/** The header's fast path (src/schema/fast-header.ts) asks this for a date: in the page, zod reads every header. */
export function plainDateSpec(_v: unknown): undefined {
  return undefined;
}
