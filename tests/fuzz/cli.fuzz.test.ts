/**
 * The fuzz suite through the built binary (`dist/src/cli/bin.js`): a few dozen hostile
 * files, special paths and NDJSON streams, each a real `casepath` process with a 10 s
 * hang guard. Every run exits 0 (valid) or 2 (invalid input), never 3 or a signal;
 * prints no stack trace; and never prints the planted note, on stdout or stderr, with
 * or without `--json`, nor in a written report.
 *
 * `CASEPATH_FUZZ_CLI_RUNS` sets how many generated inputs (default 8 in `npm test`; `npm run test:fuzz` runs 100, plus the fixed
 * cases below); the seed is `CASEPATH_FUZZ_SEED`'s, as for the in-process suite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { type HostileInput, MARKER, MARKER_PARTS, hostileInputArbitrary } from './hostile.js';

const RUNS = Number(process.env['CASEPATH_FUZZ_CLI_RUNS'] ?? 8);
const SEED = Number(process.env['CASEPATH_FUZZ_SEED'] ?? 20261211);
const HANG_MS = 10_000;
const SLOW_MS = 2_000;
const bin = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'bin.js');
const built = existsSync(bin);
const dir = mkdtempSync(join(tmpdir(), 'casepath-cli-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS: string[][] = [['check'], ['check', '--json'], ['replay'], ['replay', '--json'], ['replay', '--as-of', '2899-12-31', '--json'], ['report', '-o']];
const slow: string[] = [];

/** Run the binary; assert exit 0 or 2, no hang, no stack trace, no planted note. */
function run(args: string[], what: string, input?: Buffer): void {
  const started = performance.now();
  const env = { ...process.env };
  delete env['CASEPATH_DEBUG'];
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: HANG_MS, env, maxBuffer: 64 * 1024 * 1024, ...(input ? { input } : {}) });
  const ms = performance.now() - started;
  if (ms > SLOW_MS) slow.push(`${Math.round(ms)} ms: ${what}`);
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  expect(r.signal, `${what}: killed (hang guard, ${HANG_MS / 1000} s)`).toBeNull();
  expect([0, 2], `${what}: exit ${r.status}\n${(r.stderr ?? '').slice(0, 500)}`).toContain(r.status);
  expect(out, what).not.toMatch(/internal error/);
  expect(out, what).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
  for (const part of MARKER_PARTS) expect(out.includes(part), `${what}: the planted note in the output`).toBe(false);
  if (r.status === 2) expect(r.stderr.length + r.stdout.length, `${what}: exit 2 with nothing said`).toBeGreaterThan(0);
}

function pathOf(input: HostileInput, n: number): string | undefined {
  if (input.kind === 'file') {
    const path = join(dir, `case-${n}.${input.ext}`);
    writeFileSync(path, input.bytes);
    return path;
  }
  if (input.kind === 'special') {
    const path = join(dir, `special-${n}.${input.ext}`);
    if (input.special === 'fifo') execFileSync('mkfifo', [path]);
    else if (input.special === 'dev-zero') symlinkSync('/dev/zero', path);
    else if (input.special === 'dev-null') symlinkSync('/dev/null', path);
    else if (input.special === 'directory') execFileSync('mkdir', [path]);
    else if (input.special === 'empty') writeFileSync(path, '');
    else if (input.special === 'symlink-loop') symlinkSync(path, path);
    return path;
  }
  return undefined;
}

describe.skipIf(!built)('fuzz: hostile input through the casepath binary', () => {
  test(
    `${RUNS} generated inputs, each through one command (seed ${SEED})`,
    () => {
      const inputs = fc.sample(hostileInputArbitrary().filter((i) => i.kind !== 'data'), { seed: SEED, numRuns: RUNS });
      inputs.forEach((input, n) => {
        const path = pathOf(input, n)!;
        const command = COMMANDS[n % COMMANDS.length]!;
        if (command[0] === 'report') {
          const out = join(dir, `report-${n}.html`);
          run(['report', path, '-o', out], `report of ${input.description}`);
          if (existsSync(out)) for (const part of MARKER_PARTS) expect(readFileSync(out, 'utf8').includes(part), `report of ${input.description}: the note in the page`).toBe(false);
        } else run([...command, path], `${command.join(' ')} on ${input.description}`);
      });
    },
    RUNS * HANG_MS,
  );

  test(
    'special paths and the cases that once broke, as processes',
    () => {
      const fifo = join(dir, 'fixed.fifo.yaml');
      execFileSync('mkfifo', [fifo]);
      run(['check', fifo], 'a FIFO');
      run(['replay', '--ndjson', fifo], 'a FIFO as an NDJSON corpus');
      const zero = join(dir, 'fixed.zero.json');
      symlinkSync('/dev/zero', zero);
      run(['replay', zero, '--json'], '/dev/zero');
      const alias = join(dir, 'alias.yaml');
      writeFileSync(alias, `case: *x\nchildren: [{ id: A, note: "${MARKER}" }]\nevents: []\n`);
      run(['check', alias], 'an undefined alias');
      const typo = join(dir, 'typo.json');
      writeFileSync(typo, `{"case":"c","children":[{"id":"A"}],"events":[{"id":"r","type":"note","at":"2024-01-02","note":x"${MARKER}"}]}`);
      run(['check', '--json', typo], 'a JSON typo beside a note');
      const late = join(dir, 'late.yaml');
      writeFileSync(late, `case: c\nchildren: [{ id: A }]\nevents:\n  - { id: s, type: strategy.held, at: 2999-12-30, decision: s47, note: "${MARKER}" }\n`);
      run(['replay', late], 'a strategy discussion on 2999-12-30');
    },
    12 * HANG_MS,
  );

  test(
    'NDJSON corpora of hostile lines, from a file and from standard input',
    () => {
      const lines = fc.sample(hostileInputArbitrary().filter((i) => i.kind === 'file' && i.ext === 'json'), { seed: SEED + 1, numRuns: 60 });
      const corpus = Buffer.concat(lines.map((l) => Buffer.concat([Buffer.from((l as { bytes: Uint8Array }).bytes).filter((b) => b !== 10), Buffer.from('\n')])));
      const file = join(dir, 'corpus.ndjson');
      writeFileSync(file, corpus);
      run(['replay', '--ndjson', file], 'a hostile NDJSON file');
      run(['replay', '--ndjson', file, '--json', '--max-file-size', '64KiB'], 'a hostile NDJSON file with a small line limit');
      run(['replay', '--ndjson', '-'], 'hostile NDJSON on standard input', corpus);
      // A line with no end: never buffered past the limit.
      run(['replay', '--ndjson', '-', '--max-file-size', '1MiB'], 'a 4 MiB line on standard input', Buffer.alloc(4 * 1024 * 1024, 0x7b));
      if (slow.length) process.stdout.write(`cli fuzz: ${slow.length} slow (> ${SLOW_MS / 1000} s):\n  ${slow.join('\n  ')}\n`);
    },
    6 * HANG_MS,
  );
});
