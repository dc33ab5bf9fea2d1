/**
 * bin.ts starts a command having loaded that command's module alone (issue 12 item 2):
 * the loaders in command.ts must name the same commands as main.ts's COMMANDS, and give the
 * very same definitions, so `casepath X` through bin behaves as `main` does.
 */
import { describe, expect, test } from 'vitest';
import { LOADERS, commandsFor, runCli } from '../src/cli/command.js';
import { CACHED_COMMANDS, commandWord } from '../src/cli/code-cache.js';
import { COMMANDS, main } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import { version } from '../src/version.js';

function io(): { out: { stdout: string; stderr: string }; io: CliIO } {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t), env: {} } };
}

describe('lazy command loading', () => {
  test('a loader for every command, and no other, giving the same definition', async () => {
    expect(Object.keys(LOADERS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    for (const c of COMMANDS) expect(await LOADERS[c.name]!()).toBe(c);
  });

  test('each command started from a code cache names the module and export its loader gives', async () => {
    expect(Object.keys(CACHED_COMMANDS).length).toBeGreaterThan(0);
    for (const [name, { module, export: exported }] of Object.entries(CACHED_COMMANDS)) {
      const m = (await import(/* @vite-ignore */ new URL(`../src/cli/${module.replace(/\.js$/, '.ts')}`, import.meta.url).href)) as Record<string, unknown>;
      expect(m[exported], name).toBe(await LOADERS[name]!());
    }
    expect(commandWord(['--json', 'replay', 'x.yaml'])).toBe('replay');
    expect(commandWord(['--version'])).toBeUndefined();
  });

  test('the commands a command line needs: its own, none for --version, all for anything else', async () => {
    const replay = COMMANDS.find((c) => c.name === 'replay')!;
    expect(await commandsFor(['replay', 'case.yaml', '--json'])).toEqual([replay]);
    expect(await commandsFor(['--version'])).toEqual([]);
    expect(await commandsFor(['-v'])).toEqual([]);
    for (const argv of [[], ['--help'], ['-h'], ['help', 'replay'], ['replya', 'x'], ['toString'], ['--version', '--help']]) expect(await commandsFor(argv), argv.join(' ')).toBeUndefined();
  });

  test('--version with no command loaded prints the version, as main does', async () => {
    const a = io();
    expect(runCli(['--version'], a.io, [])).toBe(0);
    const b = io();
    expect(main(['--version'], b.io)).toBe(0);
    expect(a.out.stdout).toBe(`${version()}\n`);
    expect(a.out).toEqual(b.out);
  });

  test('one command loaded alone refuses an unknown option exactly as with every command', async () => {
    const check = COMMANDS.find((c) => c.name === 'check')!;
    const a = io();
    const b = io();
    expect(runCli(['check', 'x.yaml', '--nope'], a.io, [check])).toBe(2);
    expect(main(['check', 'x.yaml', '--nope'], b.io)).toBe(2);
    expect(a.out.stderr).toMatch(/--nope/);
    expect(a.out).toEqual(b.out);
  });
});
