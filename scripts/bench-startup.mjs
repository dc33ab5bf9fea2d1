#!/usr/bin/env node
/**
 * Start-up of the calendar, in fresh processes (issue 12 item 2): the wall time of
 * `import('…/working-days.js')` alone and followed by one working-day sum (which builds
 * the 1990–2100 table), and of `casepath replay` of a small scenario. Each build given
 * (default: dist/) runs alternately, RUNS times; medians are printed, and ratios to the
 * first build. Compare two builds: `node scripts/bench-startup.mjs OLD_OUT_DIR dist`
 * (OLD_OUT_DIR from `tsc --outDir` of an older commit, inside the package so that
 * node_modules resolves). Prints figures, asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const builds = process.argv.slice(2).length ? process.argv.slice(2) : ['dist'];
const RUNS = Number(process.env.RUNS ?? 15);
const scenario = 'scenarios/lgsco-19-009-003.yaml';

const cases = {
  'node alone (baseline)': () => ['-e', ''],
  'import working-days': (b) => ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(resolve(b, 'src/calendar/working-days.js')).href)})`],
  'import + addWorkingDays': (b) => [
    '--input-type=module',
    '-e',
    `const m = await import(${JSON.stringify(pathToFileURL(resolve(b, 'src/calendar/working-days.js')).href)}); m.england.addWorkingDays(19500, 15);`,
  ],
  'casepath replay (small case)': (b) => [resolve(b, 'src/cli/bin.js'), 'replay', scenario],
};

function wall(args) {
  const t = process.hrtime.bigint();
  try {
    execFileSync(process.execPath, args, { stdio: 'ignore' });
  } catch {
    // replay exits 0 on findings; any failure still counts its time
  }
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`start-up, ${RUNS} runs each, alternating between ${builds.join(' and ')} (median wall ms)`);
for (const [name, argsOf] of Object.entries(cases)) {
  const times = builds.map(() => []);
  for (let r = 0; r < RUNS; r++) builds.forEach((b, i) => times[i].push(wall(argsOf(b))));
  const m = times.map(median);
  console.log(`${name.padEnd(30)} ${builds.map((b, i) => `${b}: ${m[i].toFixed(0)} ms${i ? ` (${(m[i] / m[0]).toFixed(2)}×)` : ''}`).join('  ')}`);
}
