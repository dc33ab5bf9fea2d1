/**
 * `casepath replay FILE --step` in a real 80×24 terminal (tmux): stepping to the ICPC
 * shows its certain finding, and q ends the program. Runs the built CLI
 * (dist/src/cli/bin.js, `npm run build`); skipped where tmux is not installed or the
 * CLI is not built.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultConfig } from '../src/config.js';
import { replayChronology } from '../src/engine/replay.js';
import { loadChronologyOrThrow } from '../src/load.js';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
const scenario = 'scenarios/lgsco-24-009-262.yaml';
const hasTmux = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).status === 0;
const built = existsSync(bin);
const socket = `casepath-test-${process.pid}`;
const session = 'step';

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', cwd: root });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sessionAlive = () => spawnSync('tmux', ['-L', socket, 'has-session', '-t', session], { cwd: root }).status === 0;
const capture = () => tmux('capture-pane', '-p', '-t', session);

/** Poll until `check` holds or `ms` pass. */
async function waitFor(check: () => boolean, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(100);
  }
  return check();
}

const reason = !hasTmux ? 'tmux is not installed' : !built ? 'the CLI is not built (npm run build)' : '';

if (reason) test.skip(`casepath replay --step in tmux at 80×24: skipped, ${reason}`, () => {});
else describe('casepath replay --step in tmux at 80×24', () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server'], { cwd: root });
    // The server leaves its socket behind when the last session ends by itself.
    rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  });

  test('stepping to the ICPC shows decision-on-procedural-status within the screen; q ends the session', async () => {
    const config = defaultConfig();
    const result = replayChronology(loadChronologyOrThrow(join(root, scenario)), { rules: config.rules, params: config.params, timescales: config.timescales });
    const icpc = result.timeline.findIndex((t) => t.event === 'icpc');
    expect(icpc).toBeGreaterThan(0);

    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `node ${JSON.stringify(bin)} replay ${scenario} --step`);
    expect(await waitFor(() => capture().includes('event 1 of'))).toBe(true);
    for (let k = 0; k < icpc; k++) {
      tmux('send-keys', '-t', session, 'n');
      await sleep(60);
    }
    expect(await waitFor(() => capture().includes(`event ${icpc + 1} of`))).toBe(true);
    const screen = capture();
    expect(screen).toContain('decision-on-procedural-status');
    const lines = screen.replace(/\n+$/, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    // The title is still on the first row: nothing scrolled off the top.
    expect(lines[0]).toMatch(/^casepath step · /);

    // ↓ scrolls the body; the step stays the same.
    tmux('send-keys', '-t', session, 'Down');
    expect(await waitFor(() => /more below, 1 above/.test(capture()))).toBe(true);
    expect(capture()).toContain(`event ${icpc + 1} of`);

    tmux('send-keys', '-t', session, 'q');
    expect(await waitFor(() => !sessionAlive())).toBe(true);
  });
});
