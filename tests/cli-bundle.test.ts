/**
 * The executable `casepath` runs (package.json `bin`) is the bundle scripts/build-cli.mjs
 * makes of dist/src/cli/bin.js (issue 12 item 2: start-up). Both must answer alike: the
 * same output, errors and exit codes, and the paths the bundle moves (the bulk worker, the
 * page's engine bundle, package.json for the version) must still be found.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { CACHED_COMMANDS, bundleFileOf, codeCacheFileOf } from '../src/cli/code-cache.js';
import { generateCase } from '../src/testing/corpus.js';

const root = join(import.meta.dirname, '..');
const bundled = join(root, 'dist', 'cli', 'bin.js');
/** What package.json names: CommonJS, the cached commands without the ES-module loader (src/cli/launch.ts). */
const launcher = join(root, 'dist', 'cli', 'bin.cjs');
const plain = join(root, 'dist', 'src', 'cli', 'bin.js');
const built = existsSync(bundled) && existsSync(plain) && existsSync(launcher);

function run(bin: string, args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Both executables give the same output, errors and exit code for `args` (and say something). */
function expectAlike(bin: string, other: string, args: string[]): void {
  const a = run(bin, args);
  const b = run(other, args);
  expect(a.status).toBe(b.status);
  expect(a.stdout).toBe(b.stdout);
  expect(a.stderr).toBe(b.stderr);
  expect(a.stdout.length + a.stderr.length).toBeGreaterThan(0);
}

describe.skipIf(!built)('the bundled executable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'casepath-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('package.json names the bundle as the executable', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(pkg.bin['casepath']).toBe('dist/cli/bin.cjs');
    expect(pkg.files).toContain('dist/cli');
  });

  test.each([
    ['--version'],
    ['replay', 'scenarios/lgsco-24-009-262.yaml', '--json'],
    ['replay', 'scenarios/lgsco-24-009-262.yaml'],
    ['check', 'tests/fixtures/invalid/many-problems.json'],
    ['rules', '--json'],
    ['replay', 'no-such-file.yaml'],
  ])('%s … gives what the unbundled executable gives', (...args) => expectAlike(bundled, plain, args));

  test.each([
    ['--version'],
    ['replay', 'scenarios/lgsco-24-009-262.yaml', '--json'],
    ['check', 'scenarios/lgsco-24-009-262.yaml'],
    ['check', 'tests/fixtures/invalid/many-problems.json'],
    ['rules'],
    ['replay', 'no-such-file.yaml'],
    ['explain', 'icpc-late'],
    ['frobnicate'],
    [],
  ])('the CommonJS launcher, %s …, answers as the ES-module executable does', (...args) => expectAlike(launcher, bundled, args));

  test('the CommonJS launcher starts a cached command without the ES-module loader, and hands the rest to bin.js', () => {
    // process.moduleLoadList names node's internal modules as they load: the ES-module loader reads files with internal/modules/esm/load.
    const probe = (args: string[]) => {
      const script = `const before = new Set(process.moduleLoadList); process.on('exit', () => process.stderr.write('\\nesm:' + process.moduleLoadList.some((m) => !before.has(m) && m.includes('internal/modules/esm/load')) + '\\n')); process.argv = [process.argv[0], ${JSON.stringify(launcher)}, ...${JSON.stringify(args)}]; require(${JSON.stringify(launcher)});`;
      const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CASEPATH_DEBUG: '1' } });
      return { status: r.status, esm: /esm:true/.test(r.stderr), note: r.stderr.includes('started from its bundle; saved code accepted') };
    };
    expect(probe(['replay', 'scenarios/lgsco-24-009-262.yaml'])).toEqual({ status: 0, esm: false, note: true });
    expect(probe(['--version'])).toEqual({ status: 0, esm: true, note: false });
  });

  test('bulk replay on 2 workers finds its worker script and gives the same aggregate', () => {
    const ndjson = `${Array.from({ length: 300 }, (_, i) => JSON.stringify(generateCase(5, i))).join('\n')}\n`;
    const strip = (s: string) => {
      const { elapsedMs: _e, eventsPerSecond: _r, ...rest } = JSON.parse(s) as Record<string, unknown>;
      return rest;
    };
    const a = run(bundled, ['replay', '--ndjson', '-', '--workers', '2', '--json'], ndjson);
    const b = run(plain, ['replay', '--ndjson', '-', '--workers', '2', '--json'], ndjson);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(strip(a.stdout)).toEqual(strip(b.stdout));
    expect((strip(a.stdout) as { cases?: number }).cases ?? (strip(a.stdout) as { aggregate?: { cases: number } }).aggregate?.cases).toBe(300);
  });

  test('the HTML report finds the page engine bundle', () => {
    const a = join(dir, 'a.html');
    const b = join(dir, 'b.html');
    expect(run(bundled, ['report', 'scenarios/lgsco-24-009-262.yaml', '-o', a]).status).toBe(0);
    expect(run(plain, ['report', 'scenarios/lgsco-24-009-262.yaml', '-o', b]).status).toBe(0);
    const page = readFileSync(a, 'utf8');
    expect(page).toContain('casepathEngine');
    expect(page).toBe(readFileSync(b, 'utf8'));
  });

  describe('the commands started from a code cache (src/cli/code-cache.ts)', () => {
    const chunks = join(root, 'dist', 'cli', 'chunks');
    /** The built loader (the executable bundles the same module). */
    const loader = JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'cli', 'code-cache.js')).href);
    /** loadCommandBundle in a fresh process (as the executable runs it): what V8 made of the saved code. */
    const loadIn = (dirOf: string, command: string) => {
      const code = `import(${loader}).then((m) => { const b = m.loadCommandBundle(${JSON.stringify(dirOf)}, ${JSON.stringify(command)}); console.log(JSON.stringify(b ? { rejected: b.rejected ?? null } : null)); })`;
      const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { rejected: boolean | null } | null;
    };

    test.each(Object.keys(CACHED_COMMANDS))('%s: its bundle and saved code are built, and V8 takes the code', (command) => {
      expect(existsSync(bundleFileOf(chunks, command))).toBe(true);
      expect(statSync(codeCacheFileOf(bundleFileOf(chunks, command))).size).toBeGreaterThan(100_000);
      expect(loadIn(chunks, command)).toEqual({ rejected: false });
    });

    test('the executable starts replay from it, and with CASEPATH_CODE_CACHE=off from the ES-module chunks, with the same output', () => {
      const args = ['replay', 'scenarios/lgsco-24-009-262.yaml', '--json'];
      const cached = run(bundled, args, undefined, { CASEPATH_DEBUG: '1' });
      const off = run(bundled, args, undefined, { CASEPATH_DEBUG: '1', CASEPATH_CODE_CACHE: 'off' });
      expect(cached.stderr).toBe('casepath: replay started from its bundle; saved code accepted\n');
      expect(off.stderr).toBe('');
      expect(cached.status).toBe(0);
      expect(cached.stdout).toBe(off.stdout);
      expect(cached.stdout).toContain('"findings"');
    });

    // Not mocked: the real relay on a free loopback port and the real inspector client (no
    // page is opened, so nothing leaves the machine). The library's client reconnects every
    // 5 s for ever once its socket errs: each way of ending must still end the process.
    test.each([
      ['q before Enter', 'q', /Stopped; nothing was sent\.\n$/],
      ['Enter and q at once', '\rq', /Replayed \d+ events through \d+ actors to the inspector \(notes stripped\)\. Press q to stop the relay and exit\.\n$/],
      ['Enter, then the end of input', '\r', /Press q to stop the relay and exit\.\n$/],
    ])('replay --inspect from the bundle finds @statelyai/inspect, and ends at once: %s', (_name, input, last) => {
      const r = spawnSync(process.execPath, [bundled, 'replay', 'scenarios/lgsco-24-009-262.yaml', '--inspect', '--i-understand-data-leaves-this-machine'], {
        cwd: root,
        encoding: 'utf8',
        input,
        timeout: 20_000,
        env: { ...process.env, NO_COLOR: '1', CASEPATH_INSPECT_PORT: '0', CASEPATH_DEBUG: '1' },
      });
      expect(r.signal, 'still running 20 s later').toBeNull();
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('casepath: replay started from its bundle; saved code accepted');
      expect(r.stderr).toMatch(last);
      expect(r.stderr).not.toMatch(/Warning|internal error/);
    });

    test('saved code V8 refuses (another build, another Node) only costs time: the bundle compiles afresh and answers the same', () => {
      const copy = join(dir, 'chunks');
      mkdirSync(copy);
      const bundle = bundleFileOf(copy, 'check');
      copyFileSync(bundleFileOf(chunks, 'check'), bundle);
      writeFileSync(codeCacheFileOf(bundle), Buffer.alloc(4096, 7));
      expect(loadIn(copy, 'check')).toEqual({ rejected: true });
      rmSync(codeCacheFileOf(bundle));
      expect(loadIn(copy, 'check')).toEqual({ rejected: null });
      expect(loadIn(copy, 'serve')).toBeNull();
      // The copy, run, checks a file as the executable does.
      const code = `import(${loader}).then(async (m) => { writeFileSync(${JSON.stringify(codeCacheFileOf(bundle))}, Buffer.alloc(64)); process.exitCode = await m.loadCommandBundle(${JSON.stringify(copy)}, 'check').start(['check', 'tests/fixtures/invalid/many-problems.json']); })`;
      const r = spawnSync(process.execPath, ['-e', `const { writeFileSync } = require('node:fs'); ${code}`], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const expected = run(plain, ['check', 'tests/fixtures/invalid/many-problems.json']);
      expect(r.status).toBe(expected.status);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(expected.stderr);
      expect(r.stdout).toBe(expected.stdout);
    });
  });
});
