/**
 * Event validation benchmark: `npm run bench:validate` (builds first), or after a build
 * `node dist/bench/validate.bench.js [--cases N] [--seed S]`.
 *
 * Builds the synthetic corpus once (src/testing/corpus.ts, 10,000 cases by default, as
 * NDJSON text and as objects), flattens the events, then measures, each after a warm-up
 * and a full garbage collection, the best of three passes:
 * - (a) parse: JSON.parse of every NDJSON line;
 * - (b) zod: `safeParse` of every event with its type's schema (what the loader did alone);
 * - (c) Ajv: the compiled validator of every event's type (`fastValid`), and Ajv plus the
 *   normalisation zod would apply (`ajvParse`, what the loader did until 2026-12-07);
 * - (e) the one-pass check and normalisation (`checkedFor`, what the loader does now);
 * - (d) the whole loader, `loadChronologyData` per case, with the compiled validators off
 *   (`never`: zod for every event, as before) and on (`always`).
 * Also the one-time cost of building Ajv's validators of every event type, and of the one-pass ones.
 *
 * Prints figures only; never asserts.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { z } from 'zod';
import { loadChronologyData } from '../src/load.js';
import { ajvParse, checkedFor, fastParse, fastValid, gaveUp, setCompiledValidation } from '../src/schema/compiled-validator.js';
import { EVENT_TYPES, chronologyEventSchema } from '../src/schema/events.js';
import { generateCorpus } from '../src/testing/corpus.js';

function parseArgs(argv: readonly string[]): { cases: number; seed: number } {
  let cases = 10_000;
  let seed = 20261124;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--cases' || a === '--seed') {
      const v = Number(argv[++i]);
      if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      if (a === '--cases') cases = v;
      else seed = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node dist/bench/validate.bench.js [--cases N] [--seed S]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { cases, seed };
}

const { cases: N, seed: SEED } = parseArgs(process.argv.slice(2));
const PASSES = 3;

const progress = (msg: string): void => {
  process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
};

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Keeps results observable so the optimiser cannot drop the work. */
let sink = 0;

/** Best-of-{@link PASSES} seconds for one pass of `body` over the whole corpus, after a warm-up pass. */
function time(name: string, body: () => number): number {
  sink += body();
  let best = Infinity;
  for (let p = 0; p < PASSES; p++) {
    collect();
    const t0 = performance.now();
    sink += body();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  progress(`${name}: ${best.toFixed(3)} s`);
  return best;
}

// ---------------------------------------------------------------------------
// Corpus

progress(`generating ${N.toLocaleString('en-GB')} cases (seed ${SEED})…`);
const cases = [...generateCorpus(N, SEED)];
const lines = cases.map((c) => JSON.stringify(c));
const ndjsonBytes = lines.reduce((n, l) => n + l.length + 1, 0);
const events = cases.flatMap((c) => c['events'] as Record<string, unknown>[]);
const types = events.map((e) => String(e['type']));
const E = events.length;
progress(`corpus: ${N.toLocaleString('en-GB')} cases, ${E.toLocaleString('en-GB')} events, ${(ndjsonBytes / 1e6).toFixed(1)} MB of NDJSON`);

const schemaByType = new Map<string, z.ZodType>(chronologyEventSchema().options.map((o) => [o.shape.type.value, o]));

// One-time cost: the schema built, added to Ajv and every event type's def compiled.
const c0 = performance.now();
for (const t of EVENT_TYPES) fastValid(t, {});
const compileMs = performance.now() - c0;
progress(`compiled ${EVENT_TYPES.length} validators: ${compileMs.toFixed(0)} ms`);
const k0 = performance.now();
for (const t of EVENT_TYPES) checkedFor(t);
const checkedMs = performance.now() - k0;
progress(`built ${EVENT_TYPES.length} one-pass checks: ${checkedMs.toFixed(0)} ms`);

// ---------------------------------------------------------------------------
// Measurements

const parseS = time('(a) JSON.parse', () => {
  let n = 0;
  for (const l of lines) n += (JSON.parse(l) as { events: unknown[] }).events.length;
  return n;
});
const zodS = time('(b) zod safeParse', () => {
  let n = 0;
  for (let i = 0; i < E; i++) if (schemaByType.get(types[i]!)!.safeParse(events[i]).success) n++;
  return n;
});
const ajvS = time('(c) Ajv compiled', () => {
  let n = 0;
  for (let i = 0; i < E; i++) if (fastValid(types[i]!, events[i])) n++;
  return n;
});
const ajvParseS = time('(c) Ajv + normalisation', () => {
  let n = 0;
  for (let i = 0; i < E; i++) if (ajvParse(types[i]!, events[i])) n++;
  return n;
});
const checkedS = time('(e) one-pass check and normalisation', () => {
  let n = 0;
  for (let i = 0; i < E; i++) if (!gaveUp(checkedFor(types[i]!)!(events[i]))) n++;
  return n;
});

const loadAll = (): number => {
  let n = 0;
  for (const c of cases) {
    const r = loadChronologyData(c, 'bench');
    if (!r.ok) throw new Error(`generated case does not load: ${r.issues[0]?.message}`);
    n += r.chronology.events.length;
  }
  return n;
};
const previous = setCompiledValidation('never');
const loadZodS = time('(d) loader, zod only (before)', loadAll);
setCompiledValidation('always');
const loadAjvS = time('(d) loader, compiled validators (after)', loadAll);
setCompiledValidation('never');
const loadZodS2 = time('(d) loader, zod only (before), again', loadAll);
setCompiledValidation(previous);
const loadBeforeS = Math.min(loadZodS, loadZodS2);

// Fast-path coverage: events the normalisation handled without zod.
let fast = 0;
for (let i = 0; i < E; i++) if (fastParse(types[i]!, events[i])) fast++;

// ---------------------------------------------------------------------------
// Report

const rate = (s: number): string => `${(E / s / 1e6).toFixed(3)} M events/s`;
const rows: [string, number][] = [
  ['(a) JSON.parse of the NDJSON lines', parseS],
  ['(b) zod safeParse, per event', zodS],
  ['(c) Ajv compiled validator, per event', ajvS],
  ['(c) Ajv + normalisation (ajvParse)', ajvParseS],
  ['(e) one pass (checkedFor), per event', checkedS],
  ['(d) loadChronologyData, zod only (before)', loadBeforeS],
  ['(d) loadChronologyData, compiled (after)', loadAjvS],
];
const cpus = os.cpus();
const out: string[] = [];
out.push('casepath validation benchmark');
out.push(`date:    ${new Date().toISOString()}`);
out.push(`node:    ${process.version} on ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}`);
out.push(`corpus:  ${N.toLocaleString('en-GB')} cases, ${E.toLocaleString('en-GB')} events (seed ${SEED}); best of ${PASSES} passes`);
out.push('');
for (const [name, s] of rows) out.push(`${name.padEnd(46)} ${s.toFixed(3).padStart(8)} s   ${rate(s).padStart(20)}`);
out.push('');
out.push(`Ajv / zod, validation alone:            ${(zodS / ajvS).toFixed(2)}×`);
out.push(`Ajv + normalisation / zod:              ${(zodS / ajvParseS).toFixed(2)}×`);
out.push(`one pass / Ajv + normalisation:         ${(ajvParseS / checkedS).toFixed(2)}×`);
out.push(`loader after / before:                  ${(loadBeforeS / loadAjvS).toFixed(2)}×`);
out.push(`loader (after) / JSON.parse:            ${(loadAjvS / parseS).toFixed(2)}× the time`);
out.push(`one-time compile, ${EVENT_TYPES.length} event types:     ${compileMs.toFixed(0)} ms (Ajv), ${checkedMs.toFixed(0)} ms (one pass)`);
out.push(`events taking the compiled path:        ${fast.toLocaleString('en-GB')} of ${E.toLocaleString('en-GB')}`);
process.stdout.write(`${out.join('\n')}\n`);
if (sink === -1) process.stdout.write('\n');
