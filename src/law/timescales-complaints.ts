/**
 * Timescales for complaints and the Ombudsman (shared/domain/timescales.md §4-5).
 * Same shape as ./timescales.ts, which merges them in.
 */
import type { Timescale } from './timescales.js';

export const COMPLAINT_TIMESCALES: readonly Timescale[] = [];
