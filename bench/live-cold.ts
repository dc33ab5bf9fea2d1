/**
 * One cold live case in a fresh process, for bench/monitor.bench.ts: records the first N
 * events of the long exact-dated case (bench/long-case.ts), exact or made vague, one at a
 * time on a new monitor, and prints the milliseconds as one JSON line. Both kinds start
 * equally cold (no earlier run has warmed the engine or the date solver). Asserts nothing.
 *
 *   node dist/bench/live-cold.js exact|vague N
 */
import { performance } from 'node:perf_hooks';
import { createCaseMonitor } from '../src/monitor/index.js';
import type { EventInput } from '../src/schema/events.js';
import { longCase, vague } from './long-case.js';

const [kind, nText] = process.argv.slice(2);
const n = Number(nText);
if ((kind !== 'exact' && kind !== 'vague') || !Number.isSafeInteger(n) || n < 1) throw new Error('usage: node dist/bench/live-cold.js exact|vague N');
const spread = longCase(n, false);
const events = kind === 'vague' ? vague(spread.events) : spread.events;
const monitor = createCaseMonitor(spread.header);
const t = performance.now();
for (const e of events) monitor.record(e as unknown as EventInput);
process.stdout.write(`${JSON.stringify({ kind, events: n, ms: performance.now() - t })}\n`);
