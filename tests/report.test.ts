/**
 * The HTML training viewer, Node side: `renderHtmlReport` (self-contained page,
 * diagrams generated from the machines, embedded per-step data with the statutory
 * clocks as they stood at each step, notes only on request, escaping) and
 * `casepath report` (writes the page, or nothing at all on invalid input).
 * The page's behaviour in a browser is tested in tests/e2e/viewer.e2e.ts.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { processes } from '../src/engine/processes.js';
import { formatDay, loadChronologyFile, replay, type ReplayResult } from '../src/index.js';
import { machineGraph } from '../src/report/diagram.js';
import { processesInUse } from '../src/report/states.js';
import { renderHtmlReport } from '../src/report/html.js';
import type { ClockAtStep, ViewerData } from '../src/report/viewer-data.js';
import { CLOCKS_AT_STEP, INFLATE_VIEWER_DATA } from '../src/report/viewer-client.js';
import { jsonForScript } from '../src/report/viewer-escape.js';
import { parseTraceText } from '../src/report/viewer-trace.js';
import { chronology } from './support.js';

/** The page's own function: the embedded (packed) data back as buildViewerData made it. */
const inflate = new Function(`${INFLATE_VIEWER_DATA}; return inflateViewerData;`)() as (d: unknown) => unknown;
const root = join(import.meta.dirname, '..');
const missX = join(root, 'scenarios', 'lgsco-24-009-262.yaml');
const work = mkdtempSync(join(tmpdir(), 'casepath-report-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

/** The JSON the page renders from. */
function embedded(html: string): ViewerData & { initial: Record<string, string> } {
  const m = /<script type="application\/json" id="casepath-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'the page embeds its data').not.toBeNull();
  return inflate(JSON.parse(m![1]!)) as ViewerData & { initial: Record<string, string> };
}

/** The clocks of step `k`, derived by the page's own function from the clock table. */
const clocksAtStep = new Function(`${CLOCKS_AT_STEP}; return clocksAtStep;`)() as (data: ViewerData, k: number) => ClockAtStep[];

/** Each `svg.chart` of a view (the whole process, or the path view) with its process, child and set of data-state values. */
function charts(html: string, view: 'whole-view' | 'path-view' = 'whole-view') {
  const re = new RegExp(`<svg class="chart ${view}"[^>]*?data-process="([^"]+)"(?: data-child="([^"]*)")?[^>]*>([\\s\\S]*?)<\\/svg>`, 'g');
  return [...html.matchAll(re)].map((m) => ({
    process: m[1]!,
    child: m[2],
    body: m[3]!,
    states: new Set([...m[3]!.matchAll(/data-state="([^"]+)"/g)].map((s) => s[1]!)),
  }));
}

const agencies = ['social-care', 'police', 'health'];
// Thursday 14 March 2024 is day 0 of the ICPC clock: 15 working days, skipping Good
// Friday (29 March) and Easter Monday (1 April), end on Monday 8 April 2024.
const smallCase = chronology(
  [
    { id: 's', type: 'strategy.held', at: '2024-03-14', decision: 's47', participants: agencies, cite: 'para 1' },
    // Friday 22 March is working day 6: 9 working days are left.
    { id: 'e', type: 's47.started', at: '2024-03-22', cite: 'para 2' },
    // Any day from Monday 25 to Thursday 28 March: 8 to 5 working days left.
    { id: 'n', type: 'note', at: { between: ['2024-03-25', '2024-03-28'] }, note: 'PRIVATE-NOTE-TEXT about the child' },
    { id: 'icpc', type: 'conference.held', at: '2024-04-10', kind: 'initial', decision: 'no-plan', cite: 'para 3 </script><script>alert(1)</script>' },
  ],
  { completeness: 'record' },
);

describe('renderHtmlReport on the Miss X case', async () => {
  const result = replay(missX);
  const html = await renderHtmlReport(result, { chronology: (loadChronologyFile(missX) as { ok: true; chronology: never }).chronology });
  const withCards = await renderHtmlReport(result, { chronology: (loadChronologyFile(missX) as { ok: true; chronology: never }).chronology, printCards: true });

  test('is self-contained: no remote URL anywhere, no external resource of any kind', () => {
    expect(html).not.toMatch(/(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|<object\b|<embed\b|@import|@font-face/i);
    // Every src or href left points inside the page.
    for (const m of html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
    // And a CSP forbids any request the page might still try.
    expect(html).toContain(`content="default-src 'none';`);
  });

  test('draws one diagram per machine in use, per child for per-child machines, whose states are the machine’s own', () => {
    const p = processes();
    // In use: shown always (child protection, the PLO), or begun by the case (a process shown once begun).
    const used = new Set(processesInUse(p.all, result.timeline).map((x) => x.id));
    expect(used.has('child-protection') && used.has('complaints') && !used.has('cin-plan')).toBe(true);
    const expected = [
      ...['B', 'C'].map((child) => ({ process: 'child-protection', child, machine: p.get('child-protection').machine })),
      { process: 'plo', child: undefined, machine: p.get('plo').machine },
      ...['B', 'C'].map((child) => ({ process: 'looked-after', child, machine: p.get('looked-after').machine })),
      { process: 'complaints', child: undefined, machine: p.get('complaints').machine },
      ...['B', 'C'].map((child) => ({ process: 'cin-plan', child, machine: p.get('cin-plan').machine })),
    ].filter((x) => used.has(x.process as never));
    const found = charts(html);
    expect(found.map((c) => [c.process, c.child])).toEqual(expected.map((x) => [x.process, x.child]));
    for (const [i, x] of expected.entries()) {
      expect(found[i]!.states).toEqual(new Set(Object.keys(x.machine.root.states)));
    }
  });

  test('draws every transition that moves a child, read from the machine', () => {
    const cp = charts(html).find((c) => c.process === 'child-protection')!;
    expect(cp.states.has('plan')).toBe(true);
    const edges = new Set([...html.matchAll(/<path class="edge" data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => `${m[1]}>${m[2]}`));
    for (const e of machineGraph(processes().get('child-protection').machine).edges) expect(edges.has(`${e.from}>${e.to}`)).toBe(true);
    // The ICPC that decides on a plan is one of them, and the graph knows its guard.
    const toPlan = machineGraph(processes().get('child-protection').machine).edges.find((e) => e.from === 'icpcDue' && e.to === 'plan')!;
    expect(toPlan.transitions).toEqual([{ event: 'conference.held', guard: 'conferenceIs: initial; plan' }]);
  });

  test('embeds one step per timeline entry, in order, with the states and findings of each', () => {
    const data = embedded(html);
    expect(data.steps).toHaveLength(result.timeline.length);
    expect(data.steps.map((s) => s.event)).toEqual(result.timeline.map((t) => t.event));
    const k = result.timeline.findIndex((t) => t.event === 'icpc');
    const icpc = data.steps[k]!;
    expect(icpc.heading).toBe(`Step ${k + 1} of ${result.timeline.length}: icpc (conference.held), 2023-03-30..2023-05-05, cite: paras 35, 39, 92, 93, 109`);
    expect(icpc.states.childProtection).toEqual({ B: 'plan', C: 'plan' });
    expect(icpc.labels.childProtection).toEqual({ B: 'on a plan', C: 'on a plan' });
    expect([...icpc.findings].sort()).toEqual([...result.timeline[k]!.findings].sort());
  });

  test('says, for each finding, what the process allowed at the state before its event', () => {
    const data = embedded(html);
    const f = data.findings.find((x) => x.rule === 'decision-on-procedural-status')!;
    // The ICPC was in 2023, before the 2023 edition came into force (15 December 2023): the 2018 edition is cited.
    expect(f.citation).toBe('Working Together to Safeguard Children 2018, ch. 1 (conference decision: likely significant harm)');
    expect(f.events).toEqual([{ id: 'icpc', cite: 'paras 35, 39, 92, 93, 109', step: f.step, dateText: '2023-03-30..2023-05-05' }]);
    expect(f.compliant).toMatch(/evidence of likely significant harm/);
    expect(f.firesWhen).toMatch(/procedural status/);
    const cp = f.allowed.find((a) => a.process === 'child-protection')!;
    const before = result.timeline[f.step - 1]!.states.childProtection['B']!;
    expect(cp.state).toBe(before);
    expect(cp.children).toEqual(['B', 'C']);
    expect(cp.allowed.map((a) => a.event).sort()).toEqual(processes().get('child-protection').allowedEvents(before).sort());
    expect(cp.eventAllowed).toBe(true);
    expect(cp.allowed.find((a) => a.event === 'conference.held')!.to).toContain('on a plan');
    // The page builds the cards from the data; asked for, the file carries them too, escaped.
    expect(html).not.toMatch(/<article class="finding/);
    expect(withCards).toMatch(/data-rule="decision-on-procedural-status"[\s\S]*?What the process allowed here[\s\S]*?A compliant step/);
  });
});

describe('statutory clocks at each step (a hand-made chronology)', async () => {
  const result: ReplayResult = replay(smallCase);
  const data = embedded(await renderHtmlReport(result));
  const icpcClock = data.clocks.findIndex((c) => c.rule === 'icpc-late');
  const at = (event: string) => clocksAtStep(data, data.steps.findIndex((s) => s.event === event)).find((c) => c.clock === icpcClock);

  test('the ICPC clock is due 15 working days after the strategy discussion (after Easter)', () => {
    expect(icpcClock).toBeGreaterThanOrEqual(0);
    expect(data.clocks[icpcClock]).toMatchObject({ startedBy: 's', due: '2024-04-08', started: '2024-03-14', startStep: 0, endStep: 3, final: 'met-late' });
  });

  test('counts the working days left from each step’s date, as a range when the date is vague', () => {
    expect(at('s')).toEqual({ clock: icpcClock, status: 'running', daysLeft: [15, 15] });
    expect(at('e')).toEqual({ clock: icpcClock, status: 'running', daysLeft: [9, 9] });
    expect(at('n')).toEqual({ clock: icpcClock, status: 'running', daysLeft: [5, 8] });
  });

  test('at the late ICPC the clock is met late, and no longer counts days', () => {
    expect(at('icpc')).toEqual({ clock: icpcClock, status: 'met-late', endsHere: true });
  });

  test('a clock is not shown before the step that starts it', () => {
    const minutes = data.clocks.findIndex((c) => c.rule === 'minutes-not-shared');
    expect(minutes).toBeGreaterThanOrEqual(0);
    expect([0, 1, 2].some((k) => clocksAtStep(data, k).some((c) => c.clock === minutes))).toBe(false);
    expect(clocksAtStep(data, 3).some((c) => c.clock === minutes)).toBe(true);
  });

  test('past the due date the days left turn negative and the clock is overdue', async () => {
    const late = replay(
      chronology(
        [
          { id: 's', type: 'strategy.held', at: '2024-03-14', decision: 's47', participants: agencies },
          // Wednesday 10 April is two working days past Monday 8 April.
          { id: 'x', type: 's47.started', at: '2024-04-10' },
        ],
        { completeness: 'record' },
      ),
    );
    const d = embedded(await renderHtmlReport(late));
    const i = d.clocks.findIndex((c) => c.rule === 'icpc-late');
    expect(clocksAtStep(d, 1).find((c) => c.clock === i)).toEqual({ clock: i, status: 'overdue', daysLeft: [-2, -2] });
    expect(formatDay(late.asOf)).toBe('2024-12-31');
  });
});

describe('privacy and escaping', async () => {
  const result = replay(smallCase);
  const plain = await renderHtmlReport(result);
  const withNotes = await renderHtmlReport(result, { notes: true });
  const withCards = await renderHtmlReport(result, { printCards: true });

  test('free-text notes are absent unless asked for', () => {
    expect(plain).not.toContain('PRIVATE-NOTE-TEXT');
    expect(embedded(plain).steps.some((s) => 'note' in s)).toBe(false);
    expect(withNotes).toContain('PRIVATE-NOTE-TEXT');
    expect(embedded(withNotes).steps.find((s) => s.event === 'n')!.note).toBe('PRIVATE-NOTE-TEXT about the child');
  });

  test('case text can neither close the data script nor inject markup', () => {
    expect(plain).not.toContain('</script><script>alert(1)');
    expect(plain.match(/<script\b/g)).toHaveLength(2);
    // It survives the round trip intact, and is escaped where it appears as markup.
    expect(embedded(plain).steps[3]!.cite).toBe('para 3 </script><script>alert(1)</script>');
    // The print cards, when the file carries them, escape it.
    expect(withCards).not.toContain('</script><script>alert(1)');
    expect(withCards).toContain('para 3 &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(JSON.parse(jsonForScript({ s: '<!-- </script> \u2028 &' }))).toEqual({ s: '<!-- </script> \u2028 &' });
    expect(jsonForScript({ s: '</script>' })).not.toContain('<');
  });
});

describe('inspection traces', () => {
  const good = { format: 'casepath-trace', version: 1, case: 'test-case', entries: [{ seq: 1, event: 's', actor: 'childProtection:A', kind: '@xstate.event', eventType: 'strategy.held' }] };

  test('a well-formed trace is accepted; a malformed one is refused naming the field', () => {
    expect(parseTraceText(JSON.stringify(good))).toMatchObject({ ok: true });
    const bad = parseTraceText(JSON.stringify({ ...good, entries: [{ ...good.entries[0], kind: 'guess' }] }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0]).toMatch(/^entries\.0\.kind: /);
    expect(parseTraceText('{nope')).toMatchObject({ ok: false });
  });

  test('casepath report --trace embeds it; a bad or mismatched trace writes nothing and exits 2', async () => {
    const file = join(work, 'small.json');
    writeFileSync(file, JSON.stringify(smallCase));
    const traceFile = join(work, 'trace.json');
    writeFileSync(traceFile, JSON.stringify(good));
    const out = join(work, 'with-trace.html');
    const ok = await cli('report', file, '-o', out, '--trace', traceFile);
    expect(ok.code).toBe(0);
    expect(embedded(readFileSync(out, 'utf8')).trace).toEqual(good);

    writeFileSync(traceFile, JSON.stringify({ ...good, version: 2 }));
    const bad = await cli('report', file, '-o', join(work, 'bad-trace.html'), '--trace', traceFile);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/trace\.json: .*not a casepath inspection trace: version/);
    expect(existsSync(join(work, 'bad-trace.html'))).toBe(false);

    writeFileSync(traceFile, JSON.stringify({ ...good, case: 'another-case' }));
    const other = await cli('report', file, '-o', join(work, 'other.html'), '--trace', traceFile);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('the trace is for case "another-case"');
    expect(existsSync(join(work, 'other.html'))).toBe(false);
  });
});

describe('casepath report', () => {
  const missXResult = replay(missX);
  test('writes the report and says where, on stderr', async () => {
    const out = join(work, 'miss-x.html');
    const r = await cli('report', missX, '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`casepath: report for lgsco-24-009-262 written to ${out} (${missXResult.timeline.length} steps, ${missXResult.findings.length} findings).\n`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('contagious infections');
    // Written by rename: no temporary file left beside it.
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--show-notes includes the notes; -o - writes to standard output', async () => {
    const r = await cli('report', missX, '-o', '-', '--show-notes');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('contagious infections');
    expect(r.stderr).toMatch(/written to standard output/);
  });

  test('an invalid chronology: every problem listed, exit 2, no file created', async () => {
    const out = join(work, 'invalid.html');
    const r = await cli('report', join(root, 'tests', 'fixtures', 'invalid', 'many-problems.json'), '-o', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('many-problems.json: event r, field children.0: unknown child "Z" (the file\'s children are A) [unknown-child]');
    expect(r.stderr).toContain('[bad-date]');
    expect(r.stderr).toMatch(/4 problems found; no report was written\./);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith('.invalid.html'))).toEqual([]);
  });

  test('usage errors exit 2: no -o, a bad --as-of, an unwritable directory', async () => {
    expect((await cli('report', missX)).code).toBe(2);
    const asOf = await cli('report', missX, '-o', join(work, 'x.html'), '--as-of', '2024-13-01');
    expect(asOf.code).toBe(2);
    expect(asOf.stderr).toContain('--as-of "2024-13-01" is not a date');
    const nowhere = await cli('report', missX, '-o', join(work, 'no-such-dir', 'x.html'));
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('its directory does not exist');
    expect(existsSync(join(work, 'x.html'))).toBe(false);
  });

  test('--rules-config applies a local authority\'s configuration (a rule switched off gives no finding)', async () => {
    const config = join(work, 'la.yaml');
    writeFileSync(config, 'rules:\n  decision-on-procedural-status: { enabled: false }\n');
    const out = join(work, 'configured.html');
    expect((await cli('report', missX, '-o', out, '--rules-config', config)).code).toBe(0);
    const rules = embedded(readFileSync(out, 'utf8')).findings.map((f) => f.rule);
    expect(rules).not.toContain('decision-on-procedural-status');
    expect(rules).toContain('escalation-without-evidence');
  });

  test('--as-of changes the day open clocks are judged at', async () => {
    const out = join(work, 'as-of.html');
    expect((await cli('report', missX, '-o', out, '--as-of', '2025-01-31')).code).toBe(0);
    expect(embedded(readFileSync(out, 'utf8')).asOf).toBe('2025-01-31');
  });
});
