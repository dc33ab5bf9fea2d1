/**
 * Timescales for looked-after children and correspondence (shared/domain/timescales.md
 * §3 and local standards). Same shape as ./timescales.ts, which merges them in.
 */
import type { Timescale } from './timescales.js';

export const LOOKED_AFTER_TIMESCALES: readonly Timescale[] = [];
