/**
 * A closed standard output (`casepath generate | head`, EPIPE) ends a command quietly,
 * with the exit status it would have had. The built CLI is run under bash, piped into
 * `head -c 100` (for output larger than a pipe's buffer) or into `true`, which exits
 * before casepath writes anything, so the first write meets a closed pipe; the status
 * is casepath's own (PIPESTATUS) and its stderr must be empty. `report -o -` is held
 * to the same in tests/cli-commands.test.ts, in process (its page takes seconds to lay out).
 * Bulk replay on worker threads is held to it too: the workers must not keep the process up.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
const missX = join(root, 'scenarios', 'lgsco-24-009-262.yaml');

/** `[keys |] node bin.js ARGS | reader`: casepath's exit status and stderr. */
function piped(args: string[], reader: string, keys?: string): Promise<{ status: number | null; stderr: string }> {
  const script = `${keys !== undefined ? 'printf "%s" "$KEYS" | ' : ''}"$NODE" "$@" | ${reader} > /dev/null; exit \${PIPESTATUS[${keys !== undefined ? 1 : 0}]}`;
  const child = spawn('bash', ['-c', script, 'bash', bin, ...args], {
    env: { ...process.env, NODE: process.execPath, KEYS: keys ?? '', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stderr }));
  });
}

// Concurrent: each test waits on a process of its own.
describe.skipIf(!existsSync(bin)).concurrent('a closed standard output ends the command quietly (built CLI)', () => {
  test.each<[string, string, string[], number]>([
    ['generate --cases 2000', 'head -c 100', ['generate', '--cases', '2000'], 0],
    ['schema', 'head -c 100', ['schema'], 0],
    ['rules', 'true', ['rules'], 0],
    ['replay FILE --fail-on certain', 'true', ['replay', missX, '--fail-on', 'certain'], 1],
    ['replay FILE --json --fail-on certain', 'true', ['replay', missX, '--json', '--fail-on', 'certain'], 1],
  ])('%s | %s', async (_name, reader, args, status) => {
    const r = await piped(args, reader);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(status);
  });

  test('generate | replay --ndjson - --workers 2 | head / true: the workers end with the command', async () => {
    const run = (tail: string): Promise<{ status: number | null; stderr: string }> => {
      const script = `"$NODE" "$BIN" generate --cases 30 | "$NODE" "$BIN" replay --ndjson - --workers 2 ${tail}; exit \${PIPESTATUS[1]}`;
      const child = spawn('bash', ['-c', script], { env: { ...process.env, NODE: process.execPath, BIN: bin, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
      return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (status) => resolve({ status, stderr }));
      });
    };
    const [json, certain] = await Promise.all([run('--json | head -c 100 > /dev/null'), run('--fail-on certain | true')]);
    expect(json).toEqual({ status: 0, stderr: '' });
    expect(certain).toEqual({ status: 1, stderr: '' });
  });

  test('keys | replay FILE --step | head -c 100', async () => {
    // 46 × "next" prints every frame and the summary: far more than a pipe holds.
    const r = await piped(['replay', missX, '--step'], 'head -c 100', `${'n'.repeat(46)}q`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
