/**
 * Start-up benchmark: `npm run bench:startup` (builds first), or after a build
 * `node dist/bench/startup.bench.js [--runs N] [--old PATH/TO/OLD/dist/src/cli/bin.js]`.
 *
 * Wall time of whole `casepath` processes (spawned one after another): `--version`,
 * `check` and `replay` of scenarios/lgsco-24-009-262.yaml, `replay` of a chronology of one
 * event (the command's start-up with next to no work: the fixed cost every replay pays,
 * where the scenario adds reading 28 KB of YAML, 60 events and the report), and `node -e 0`
 * for the floor. Each for the executable (dist/cli/bin.cjs, the CommonJS launcher), the
 * ES-module bundle dist/cli/bin.js, the executable with its code cache off
 * (`CASEPATH_CODE_CACHE=off`, src/cli/code-cache.ts), tsc's unbundled dist/src/cli/bin.js,
 * and with `--old` an older build's, run in turn so all see the same load on a shared
 * machine; figures are medians, with the median of the paired ratios. Then a breakdown of
 * what a replay's start-up spends, each in a
 * fresh process: importing date-holidays, computing England's bank holidays for the years a
 * case touches (that table is the calendar's), importing the replay command's modules, and
 * the rest. Prints figures only; never asserts. Target (issue 12 item 2): under 150 ms.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

function parseArgs(argv: readonly string[]): { runs: number; old?: string } {
  let runs = 11;
  let old: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isSafeInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
    } else if (a === '--old') {
      old = argv[++i];
      if (!old) throw new Error('--old needs the path of an older build\'s dist/src/cli/bin.js');
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node dist/bench/startup.bench.js [--runs N] [--old OLD/dist/src/cli/bin.js]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { runs, ...(old ? { old } : {}) };
}

const { runs, old } = parseArgs(process.argv.slice(2));
// The executable (package.json `bin`: the CommonJS launcher, src/cli/launch.ts), the ES-module
// bundle it hands other commands to (scripts/build-cli.mjs), and tsc's unbundled executable.
const bin = fileURLToPath(new URL('../cli/bin.cjs', import.meta.url));
const esmBin = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const unbundled = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const scenario = fileURLToPath(new URL('../../scenarios/lgsco-24-009-262.yaml', import.meta.url));
const distSrc = fileURLToPath(new URL('../src/', import.meta.url));
// A chronology of one event, written for the run and removed after it.
const tmp = mkdtempSync(join(os.tmpdir(), 'casepath-startup-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const oneEvent = join(tmp, 'one-event.json');
writeFileSync(
  oneEvent,
  JSON.stringify({ case: 'one-event', asOf: '2024-03-01', children: [{ id: 'A' }], events: [{ id: 'r1', type: 'referral.received', at: '2024-01-10', children: ['A'] }] }),
);

/** Wall time of one process, in ms (its exit status must be 0, or the figure means nothing). */
function wall(args: readonly string[], env: Record<string, string> = {}): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, ...env } });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  return ms;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number): string => `${x.toFixed(0)} ms`;

const COMMANDS: [string, string[]][] = [
  ['--version', ['--version']],
  ['check scenario', ['check', scenario]],
  ['replay scenario', ['replay', scenario]],
  ['replay of one event', ['replay', oneEvent]],
];

process.stdout.write(`start-up: ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(1)}, node ${process.version}, ${runs} runs each, medians\n`);
const floor: number[] = [];
for (let i = 0; i < runs; i++) floor.push(wall(['-e', '0']));
process.stdout.write(`  node -e 0                 ${ms(median(floor))}\n`);

interface Variant {
  name: string;
  file: string;
  env?: Record<string, string>;
}
// This build's executable (replay, check and rules start from their code cache: src/cli/code-cache.ts),
// the ES-module bundle it hands the other commands to, the executable with the code cache off
// (its ES-module chunks), tsc's unbundled modules, and an older build's.
const VARIANTS: Variant[] = [
  { name: 'executable', file: bin },
  { name: 'bin.js', file: esmBin },
  { name: 'code cache off', file: bin, env: { CASEPATH_CODE_CACHE: 'off' } },
  { name: 'unbundled', file: unbundled },
  ...(old ? [{ name: 'old', file: old }] : []),
];

for (const [label, args] of COMMANDS) {
  // Run in turn, rotating which goes first, so each sees the same load on a shared machine.
  const times: number[][] = VARIANTS.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const v = (k + i) % VARIANTS.length;
      times[v]!.push(wall([VARIANTS[v]!.file, ...args], VARIANTS[v]!.env));
    }
  }
  const ratio = (v: number): string => {
    const rs = times[0]!.map((t, i) => t / times[v]![i]!);
    return `${median(rs).toFixed(2)} (${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)})`;
  };
  const others = VARIANTS.slice(1).map((v, i) => `   ${v.name} ${ms(median(times[i + 1]!))} (×${ratio(i + 1)})`);
  process.stdout.write(`  ${label.padEnd(25)} ${ms(median(times[0]!))}${others.join('')}\n`);
}
process.stdout.write('  (×: the executable\'s time over each other\'s, median of the paired runs, with the range)\n');

// What a replay's start-up spends, each part in a fresh process (medians of `runs`).
const PARTS: Record<string, string> = {
  'import date-holidays': `const t=performance.now(); await import('date-holidays'); console.log(performance.now()-t);`,
  'date-holidays: England 2015-2026': `const {default:H}=await import('date-holidays'); const t=performance.now(); const h=new H('GB','ENG'); for(let y=2015;y<=2026;y++) h.getHolidays(y); console.log(performance.now()-t);`,
  'import the replay command': `const t=performance.now(); await import(${JSON.stringify(`${distSrc}cli/commands/replay.js`)}); console.log(performance.now()-t);`,
  'import zod': `const t=performance.now(); await import('zod'); console.log(performance.now()-t);`,
  'import xstate': `const t=performance.now(); await import('xstate'); console.log(performance.now()-t);`,
};
process.stdout.write('  breakdown (in-process time of each part, fresh process each):\n');
for (const [label, code] of Object.entries(PARTS)) {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', cwd: fileURLToPath(new URL('../../', import.meta.url)) });
    if (r.status !== 0) throw new Error(`${label}: ${r.stderr.slice(0, 300)}`);
    xs.push(Number(r.stdout.trim()));
  }
  process.stdout.write(`    ${label.padEnd(34)} ${ms(median(xs))}\n`);
}
