/**
 * The README must not lie: its quick start, example chronology, sample output and
 * rules config are checked against the real thing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { describe, expect, test, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadConfigFile, replay } from '../src/index.js';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2]! }));

function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

describe('README', () => {
  test('opens with the two-command quick start', () => {
    expect(blocks[0]!.body).toBe('npm ci && npx casepath replay scenarios/lgsco-24-009-262.yaml\nnpm test\n');
  });

  test('its sample replay output is what the replay prints', () => {
    const sample = blocks.find((b) => b.body.includes('conference.held icpc'))!.body.trimEnd().split('\n');
    const out = run('replay', join(root, 'scenarios', 'lgsco-24-009-262.yaml')).stdout;
    for (const line of sample) expect(out).toContain(line);
  });

  test('its example chronology is valid and replays', () => {
    const block = blocks.find((b) => b.lang === 'yaml' && b.body.includes('case: demo-1'))!;
    const result = replay(YAML.parse(block.body));
    expect(result.timeline.map((t) => t.event)).toEqual(['ref', 's', 'icpc']);
    // s47 strategy on Mon 2024-03-11; ICPC on 2024-04-02 is its 14th working day (Good Friday 29 Mar and Easter Monday 1 Apr 2024 excluded).
    expect(result.deadlines.find((d) => d.rule === 'icpc-late')?.status).toBe('met');
  });

  test('its rules config is valid', () => {
    const block = blocks.find((b) => b.lang === 'yaml' && b.body.includes('timescales:'))!;
    const file = join(mkdtempSync(join(tmpdir(), 'casepath-')), 'la.yaml');
    writeFileSync(file, block.body);
    const loaded = loadConfigFile(file);
    expect(loaded.issues).toEqual([]);
    expect(loaded.config!.rules.some((r) => r.id === 'advocate-not-offered')).toBe(false);
  });

  test('its embedding example runs as written and prints what its comments say', async () => {
    const block = blocks.find((b) => b.lang === 'js' && b.body.includes('createCaseMonitor'))!;
    // The same code, importing the source instead of the built package.
    const file = join(root, 'tests', `.readme-embed-${process.pid}.ts`);
    writeFileSync(file, block.body.replace("from 'casepath'", "from '../src/index.js'"));
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')));
    try {
      await import(file);
    } finally {
      log.mockRestore();
      rmSync(file, { force: true });
    }
    expect(lines[0]).toBe('false ["escalation-without-evidence"]');
    expect(lines[1]).toBe('true ["icpc-late"]');
    // 5 March 2024 + 15 working days = 26 March; on 19 March, 5 working days are left.
    expect(lines).toContain('icpc-late 5 working days left');
    expect(lines.at(-1)).toBe('{"A":"s47"}');
    // The comments in the block state the same.
    expect(block.body).toContain("// false [ 'escalation-without-evidence' ]");
    expect(block.body).toContain("// true [ 'icpc-late' ]");
  });

  test('its malformed-file example prints those problems', () => {
    const r = run('check', join(root, 'tests', 'fixtures', 'invalid', 'many-problems.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('4 problems found; nothing was replayed.');
  });
});
