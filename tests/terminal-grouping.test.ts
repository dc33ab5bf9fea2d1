/**
 * The terminal replay puts certain findings first: at each event they are printed in
 * full, and that event's possible ones collapse to one line naming their rules (with
 * counts) and what would settle them. `--possible full` prints each possible finding in
 * full, as does `--only possible`; the summary counts all either way.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadChronologyFile, replay } from '../src/index.js';
import { settlingFacts } from '../src/report/terminal.js';
import type { Finding } from '../src/engine/types.js';

const root = join(import.meta.dirname, '..');
const missX = join(root, 'scenarios', 'lgsco-24-009-262.yaml');

function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

const loaded = loadChronologyFile(missX);
if (!loaded.ok) throw new Error('the Miss X scenario must load');
const result = replay(loaded.chronology);
const icpcStep = result.timeline.find((t) => t.event === 'icpc')!;
const icpcFindings = icpcStep.findings.map((i) => result.findings[i]!);
const icpcCertain = icpcFindings.filter((f) => f.certainty === 'certain');
const icpcPossible = icpcFindings.filter((f) => f.certainty === 'possible');

/** The lines of the icpc event: from its event line to the next event line. */
function icpcBlock(out: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.includes('conference.held icpc (B, C)'));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, k) => k > start && /^\d{4}-\d{2}-\d{2}/.test(l));
  return lines.slice(start, end);
}

const summaryOf = (out: string) => out.slice(out.indexOf('\nSummary\n')).split('\n').filter((l) => !l.includes('--possible full'));

describe('casepath replay: certain first, possible on demand', () => {
  const summary = cli('replay', missX);
  const full = cli('replay', missX, '--possible', 'full');

  test('the Miss X case has both kinds at the icpc event', () => {
    expect(icpcCertain.length).toBeGreaterThan(0);
    expect(icpcPossible.length).toBeGreaterThan(1);
  });

  test('by default the icpc event shows its certain findings in full and one collapsed line for the possible ones', () => {
    expect(summary.code).toBe(0);
    const block = icpcBlock(summary.stdout);
    const text = block.join('\n');
    // Every certain finding in full: its mark, rule, and source.
    for (const f of icpcCertain) expect(text).toContain(`✖ certain ${f.rule} (${f.severity}; ${f.children.join(', ')})`);
    expect(text.match(/source: /g)).toHaveLength(icpcCertain.length);
    // No possible finding in full.
    expect(text).not.toContain('? possible');
    expect(text).not.toContain('would settle it:');
    // One collapsed line (wrapped), after the certain ones, naming each possible rule with its count.
    const starts = block.map((l, k) => [l, k] as const).filter(([l]) => /^\s+\? \d+ possible: /.test(l));
    expect(starts).toHaveLength(1);
    const [head, at] = starts[0]!;
    expect(head).toContain(`? ${icpcPossible.length} possible: `);
    const lastCertain = Math.max(...block.map((l, k) => (l.includes('✖ certain') ? k : -1)));
    expect(at).toBeGreaterThan(lastCertain);
    const collapsed = block.slice(at).join(' ').replace(/\s+/g, ' ');
    const counts = new Map<string, number>();
    for (const f of icpcPossible) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
    for (const [rule, n] of counts) expect(collapsed).toContain(n > 1 ? `${rule} ×${n}` : rule);
    // And what would settle them, each fact once.
    expect(collapsed).toContain('would settle them: ');
    expect(collapsed).toContain('reports.shared for icpc');
    expect(collapsed.match(/advocate of icpc/g)).toHaveLength(1);
  });

  test('a rule found more than once at an event is counted, and repeated facts are named once', () => {
    const lines = summary.stdout.split('\n');
    const letter = lines.findIndex((l) => l.includes('plo.letter-sent plo-letter'));
    const collapsed = lines
      .slice(letter + 1)
      .slice(0, 12)
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(collapsed).toMatch(/\? 4 possible: parent-not-informed ×4 — would settle them: /);
    expect(collapsed.match(/whether outcome\.shared came before plo-letter/g)).toHaveLength(1);
  });

  test('--possible full prints each possible finding with its "would settle it" line', () => {
    expect(full.code).toBe(0);
    const text = icpcBlock(full.stdout).join('\n');
    for (const f of icpcPossible) {
      expect(text).toContain(`? possible ${f.rule} (${f.severity}; ${f.children.join(', ')})`);
      expect(text).toContain(`would settle it: ${f.missing!.join('; ')}`);
    }
    for (const f of icpcCertain) expect(text).toContain(`✖ certain ${f.rule}`);
    expect(full.stdout).not.toMatch(/\? \d+ possible: /);
    // Every possible finding of the case, in full.
    expect(full.stdout.match(/\? possible /g)).toHaveLength(result.findings.filter((f) => f.certainty === 'possible').length);
  });

  test('--only possible prints them in full; --only certain prints no collapsed line', () => {
    const only = cli('replay', missX, '--only', 'possible').stdout;
    expect(only.match(/\? possible /g)).toHaveLength(result.findings.filter((f) => f.certainty === 'possible').length);
    expect(only).not.toMatch(/\? \d+ possible: /);
    const certain = cli('replay', missX, '--only', 'certain').stdout;
    expect(certain).not.toMatch(/\? \d+ possible|\? possible/);
  });

  test('the final summary counts the same both ways', () => {
    expect(summaryOf(summary.stdout)).toEqual(summaryOf(full.stdout));
    const counts = /(\d+) events · (\d+) certain · (\d+) possible findings/;
    expect(summary.stdout.match(counts)?.slice(1)).toEqual([
      String(result.timeline.length),
      String(result.findings.filter((f) => f.certainty === 'certain').length),
      String(result.findings.filter((f) => f.certainty === 'possible').length),
    ]);
  });

  test('an unknown --possible value is a usage error', () => {
    const r = cli('replay', missX, '--possible', 'some');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--possible');
  });
});

describe('settlingFacts', () => {
  const f = (missing: string[]) => ({ missing }) as unknown as Finding;
  test('deduplicates, merges local timescales and exact dates, and counts what is past the limit', () => {
    expect(
      settlingFacts([
        f(['exact dates of a and b', "the authority's own value for the timescale t1"]),
        f(['exact dates of c, a and b', "the authority's own value for the timescale t2", 'x of e']),
        f(['x of e']),
      ]),
    ).toEqual(['exact dates of a, b and c', "the authority's own values for the timescales t1 and t2", 'x of e']);
    expect(settlingFacts([f(['1', '2', '3', '4', '5', '6', '7'])])).toEqual(['1', '2', '3', '4', '5', '2 more']);
  });
});
