/**
 * The command line, driven through `main(argv, io)` as a user would drive it, plus
 * one run of the built binary.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { RULES } from '../src/index.js';

const root = join(import.meta.dirname, '..');
const missX = join(root, 'scenarios', 'lgsco-24-009-262.yaml');
const invalid = (name: string) => join(root, 'tests', 'fixtures', 'invalid', name);

function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

describe('casepath replay', () => {
  test('prints a timeline with dates, states per child and findings with their citations, then a summary', () => {
    const r = cli('replay', missX);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2023-03-30..2023-05-05  conference.held icpc (B, C)');
    expect(r.stdout).toContain('B: on a plan · C: on a plan · PLO: PLO in place');
    expect(r.stdout).toMatch(/✖ certain decision-on-procedural-status[\s\S]*source: Working Together to Safeguard Children 2018/);
    expect(r.stdout).toContain('Summary');
    expect(r.stderr).toBe('');
  });

  test('never prints free-text notes unless asked', () => {
    const plain = cli('replay', missX);
    expect(plain.stdout).not.toContain('contagious infections');
    const withNotes = cli('replay', missX, '--show-notes');
    expect(withNotes.stdout).toContain('contagious infections');
    const json = JSON.parse(cli('replay', missX, '--json').stdout) as { timeline: { note?: string }[] };
    expect(json.timeline.some((t) => t.note)).toBe(false);
  });

  test('--json prints the findings document of the spec', () => {
    const r = cli('replay', missX, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.case).toBe('lgsco-24-009-262');
    expect(doc.asOf).toBe('2026-01-19');
    const f = doc.findings.find((x: { rule: string }) => x.rule === 'decision-on-procedural-status');
    expect(f).toMatchObject({ severity: 'fault', certainty: 'certain', children: ['B', 'C'], events: ['icpc'] });
    expect(f.at.earliest).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(f.citation).toMatch(/Working Together/);
    expect(doc.timeline).toHaveLength(33);
    expect(doc.deadlines.length).toBeGreaterThan(0);
  });

  test('--fail-on certain exits 1 when certain findings exist, and 0 without the flag', () => {
    expect(cli('replay', missX, '--fail-on', 'certain').code).toBe(1);
    expect(cli('replay', missX).code).toBe(0);
  });

  test('--as-of moves the day open clocks are judged at', () => {
    const early = JSON.parse(cli('replay', missX, '--json', '--as-of', '2024-02-01').stdout);
    expect(early.asOf).toBe('2024-02-01');
    const late = JSON.parse(cli('replay', missX, '--json').stdout);
    expect(late.asOf).toBe('2026-01-19');
  });

  test('--only certain hides possible findings from the timeline', () => {
    const r = cli('replay', missX, '--only', 'certain');
    expect(r.stdout).not.toContain('? possible');
    expect(r.stdout).toContain('✖ certain');
  });

  test('--engine xstate gives the same findings as the compiled tables', () => {
    const a = JSON.parse(cli('replay', missX, '--json').stdout);
    const b = JSON.parse(cli('replay', missX, '--json', '--engine', 'xstate').stdout);
    expect(b.findings).toEqual(a.findings);
  });

  test('a rules config overrides a timescale and disables a rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-'));
    const cfg = join(dir, 'la.yaml');
    writeFileSync(cfg, 'timescales:\n  commitment-default: 400\nrules:\n  advocate-not-offered: { enabled: false }\n');
    const doc = JSON.parse(cli('replay', missX, '--json', '--rules-config', cfg).stdout);
    const rules = new Set(doc.findings.map((f: { rule: string }) => f.rule));
    expect(rules.has('advocate-not-offered')).toBe(false);
    expect(rules.has('commitment-overdue')).toBe(false);
    expect(rules.has('decision-on-procedural-status')).toBe(true);
  });

  test('an invalid rules config exits 2 naming the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-'));
    const cfg = join(dir, 'la.yaml');
    writeFileSync(cfg, 'timescales:\n  icpc-days: 10\nrules:\n  plo-overdue: { startsAt: sometime }\n');
    const r = cli('replay', missX, '--rules-config', cfg);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown timescale "icpc-days"');
    expect(r.stderr).toContain('rules.plo-overdue.startsAt');
    expect(r.stdout).toBe('');
  });
});

describe('malformed files exit 2 with the event and field named, never a stack trace', () => {
  const cases: [string, RegExp[]][] = [
    ['wrong-field-type.yaml', [/event icpc, field decision: "yes-plan" is not one of "plan", "no-plan"/, /event icpc, field proportionality: expected true or false, found text/]],
    ['unknown-event-type.yaml', [/event ref, field type: unknown event type "referral.recieved"; did you mean "referral.received"\?/]],
    ['bad-date.yaml', [/event ref, field at: "2024-02-30" is not a date/]],
    ['missing-anchor.yaml', [/event strat, field at.after: .*"referal", but no event has that id/]],
    ['contradictory-dates.yaml', [/event review, field at: these dates contradict each other/, /events involved: strat, icpc, review/]],
    ['duplicate-ids.yaml', [/event meeting, field id: the id "meeting" is used by more than one event/]],
    ['many-problems.json', [/unknown child "Z"/, /event s, field at: "2024-13-01" is not a date/, /no concern.raised event raises the concern "nope"/, /"c" is a conference.held, expected challenge.raised/]],
    ['not-yaml.yaml', [/not valid YAML/]],
  ];
  test.each(cases)('%s', (file, patterns) => {
    for (const command of ['replay', 'check']) {
      const r = cli(command, invalid(file));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      for (const p of patterns) expect(r.stderr).toMatch(p);
      expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    }
  });

  test('a missing file and an unsupported extension exit 2', () => {
    expect(cli('replay', join(root, 'nope.yaml'))).toMatchObject({ code: 2, stdout: '' });
    expect(cli('replay', join(root, 'nope.yaml')).stderr).toContain('no such file');
    expect(cli('check', join(root, 'README.md')).stderr).toContain('expected a .yaml, .yml or .json file');
  });

  test('--json reports issues as data on stdout', () => {
    const r = cli('check', invalid('many-problems.json'), '--json');
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.valid).toBe(false);
    expect(doc.issues.map((i: { code: string }) => i.code)).toEqual(['unknown-child', 'bad-date', 'unknown-reference', 'unknown-reference']);
  });
});

describe('other commands', () => {
  test('check validates without replaying', () => {
    const r = cli('check', missX);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid — case lgsco-24-009-262, 33 events and 2 stated omissions, children B, C');
  });

  test('rules lists every rule with severity, timescales and citation', () => {
    const r = cli('rules');
    expect(r.code).toBe(0);
    for (const rule of RULES) expect(r.stdout).toContain(`${rule.id}  [${rule.severity}`);
    expect(r.stdout).toContain('timescale icpc: 15 working days — statutory-guidance, Working Together to Safeguard Children 2023');
    const json = JSON.parse(cli('rules', '--json').stdout);
    expect(json).toHaveLength(RULES.length);
    expect(json.every((x: { citation: string }) => x.citation.length > 0)).toBe(true);
  });

  test('schema prints a JSON Schema that knows every event type', () => {
    const r = cli('schema');
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toMatch(/json-schema/);
    const text = JSON.stringify(schema);
    for (const t of ['referral.received', 'conference.held', 'plo.letter-sent', 'omission']) expect(text).toContain(`"${t}"`);
  });

  test('usage errors exit 2 with a hint', () => {
    expect(cli('replay').code).toBe(2);
    expect(cli('replay', missX, '--frobnicate').stderr).toMatch(/Unknown option '--frobnicate'[\s\S]*casepath --help/);
    expect(cli('replay', missX, '--fail-on', 'sometimes').code).toBe(2);
    expect(cli('replay', missX, '--as-of', 'yesterday').stderr).toContain('--as-of "yesterday" is not a date');
    expect(cli('launch').code).toBe(2);
    expect(cli('--help').code).toBe(0);
  });
});

describe('the built binary', () => {
  const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
  test.skipIf(!existsSync(bin))('runs the quick start and exits with the spec codes', () => {
    const out = execFileSync(process.execPath, [bin, 'replay', missX], { encoding: 'utf8' });
    expect(out).toContain('decision-on-procedural-status');
    const bad = spawnSync(process.execPath, [bin, 'replay', invalid('duplicate-ids.yaml')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('duplicate-id');
  });
});

describe('docs/rules.md', () => {
  test('is exactly what `casepath rules --markdown` generates from the rules', () => {
    const generated = cli('rules', '--markdown').stdout;
    const committed = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
    expect(committed, 'regenerate with: node dist/src/cli/bin.js rules --markdown > docs/rules.md').toBe(generated);
  });
});
