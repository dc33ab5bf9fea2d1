/**
 * Import benchmark: `npm run bench:import` (builds first), or after a build
 * `node dist/bench/import.bench.js [--cases N] [--seed S]`.
 *
 * Writes the synthetic corpus (src/testing/corpus.ts) as one CIN census XML — 10,000 cases
 * by default, a large council's year of referrals — to a temporary file, then measures:
 * - write: the corpus as XML (src/testing/formats/cin-xml.ts);
 * - import: `importCin` streaming the file (saxes), chronologies counted, not kept;
 * - import + replay: each imported chronology replayed under the sample's interim profile;
 * - peak RSS.
 * Prints figures only; never asserts.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfigFile } from '../src/config.js';
import { importCin } from '../src/import/cin.js';
import { replay } from '../src/index.js';
import { writeCorpusAsCin } from '../src/testing/formats/index.js';

let cases = 10_000;
let seed = 20261124;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--cases') cases = Number(argv[++i]);
  else if (argv[i] === '--seed') seed = Number(argv[++i]);
}
if (!Number.isSafeInteger(cases) || cases < 1) throw new Error('--cases needs a positive integer');

const dir = mkdtempSync(join(tmpdir(), 'casepath-import-bench-'));
const file = join(dir, 'census.xml');
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
const timer = setInterval(sample, 50);
try {
  let t = performance.now();
  const out = createWriteStream(file);
  const { children, referenceDate } = await writeCorpusAsCin({ cases, seed }, (chunk) => (out.write(chunk) ? undefined : new Promise<void>((r) => out.once('drain', () => r()))));
  await new Promise<void>((r) => out.end(() => r()));
  const writeMs = performance.now() - t;
  const mb = statSync(file).size / 1e6;
  console.log(`corpus: ${cases.toLocaleString('en-GB')} cases (seed ${seed}) → ${children.toLocaleString('en-GB')} census children, ${mb.toFixed(1)} MB, ReferenceDate ${referenceDate}; written in ${(writeMs / 1000).toFixed(2)} s`);

  t = performance.now();
  let n = 0;
  let events = 0;
  for await (const c of importCin(createReadStream(file), { file: 'census.xml', completeness: 'record' })) {
    n++;
    events += (c['events'] as unknown[]).length;
  }
  const importMs = performance.now() - t;
  console.log(`import: ${n.toLocaleString('en-GB')} chronologies, ${events.toLocaleString('en-GB')} events in ${(importMs / 1000).toFixed(2)} s — ${Math.round(n / (importMs / 1000)).toLocaleString('en-GB')} children/s, ${(mb / (importMs / 1000)).toFixed(1)} MB/s`);

  const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'cin', 'cin-census.rules-profile.yaml')).config!;
  t = performance.now();
  let findings = 0;
  for await (const c of importCin(createReadStream(file), { file: 'census.xml', completeness: 'record' })) findings += replay(c, { config, timeline: false }).findings.length;
  const bothMs = performance.now() - t;
  sample();
  console.log(`import + replay: ${findings.toLocaleString('en-GB')} findings in ${(bothMs / 1000).toFixed(2)} s — ${Math.round(n / (bothMs / 1000)).toLocaleString('en-GB')} children/s; peak RSS ${(peak / 1e6).toFixed(0)} MB`);
} finally {
  clearInterval(timer);
  rmSync(dir, { recursive: true, force: true });
}
