/**
 * `casepath replay FILE --step`: the pure frame (`renderStep`) and the key loop, driven
 * through `main()` with a PassThrough of keys as standard input, as a pipe would.
 */
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { FRAME_RULE, clocksRunning, layoutStep, parseKeys, renderStep, runStepper } from '../src/cli/step.js';
import { defaultConfig } from '../src/config.js';
import { processes } from '../src/engine/processes.js';
import { replayChronology } from '../src/engine/replay.js';
import type { ReplayResult } from '../src/engine/types.js';
import { loadChronologyOrThrow } from '../src/load.js';

const root = join(import.meta.dirname, '..');
const missX = join(root, 'scenarios', 'lgsco-24-009-262.yaml');

function replayMissX(): ReplayResult {
  const config = defaultConfig();
  return replayChronology(loadChronologyOrThrow(missX), { rules: config.rules, params: config.params, timescales: config.timescales });
}
const result = replayMissX();
const procs = processes();

/** Run `casepath replay missX --step ...` with `keys` written to standard input, one write per key. */
async function stepCli(keys: string[], extra: string[] = [], opts: { end?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  const done = main(['replay', missX, '--step', ...extra], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, stdin });
  for (const k of keys) stdin.write(k);
  if (opts.end) stdin.end();
  const code = await done;
  const frames = stdout.split(`${FRAME_RULE}\n`).filter((f) => f.length > 0);
  return { code, stdout, stderr, frames, stdin };
}

/** The "Where things stand" lines of a frame, as child → child-protection label. */
function cpLabelsIn(frame: string): Record<string, string> {
  const out: Record<string, string> = {};
  // Other processes follow after " · ", and only where the case uses them.
  for (const m of frame.matchAll(/^ {2}child (\S+)\s+child protection: (.+?)(?: \(was .*?\))?(?: · |$)/gm)) out[m[1]!] = m[2]!;
  return out;
}

describe('renderStep (pure)', () => {
  test('shows the event, its date range and cite, and every state by its meta label', () => {
    const t = result.timeline[3]!;
    const frame = renderStep(result, 3);
    expect(frame).toContain(`event 4 of ${result.timeline.length}`);
    expect(frame).toContain(`${t.dateText}  ${t.type} ${t.event}`);
    if (t.cite) expect(frame).toContain(`cite: ${t.cite}`);
    for (const [child, state] of Object.entries(t.states.childProtection)) {
      expect(frame).toMatch(new RegExp(`child ${child}\\s+child protection: ${procs.get('child-protection').describe(state).label}`));
    }
    expect(frame).toMatch(new RegExp(`PLO\\s+${procs.get('plo').describe(t.states.plo).label}`));
    expect(frame).toMatch(new RegExp(`complaint\\s+${procs.get('complaints').describe(t.states.complaints).label}`));
    expect(frame).not.toContain('\u001b['); // no colour unless asked
  });

  test('highlights the findings that arise at this step, and lists them as earlier ones afterwards', () => {
    const i = result.timeline.findIndex((t) => t.event === 'icpc');
    expect(i).toBeGreaterThan(0);
    const at = renderStep(result, i);
    expect(at).toMatch(/▶ at this step ✖ certain decision-on-procedural-status/);
    const after = renderStep(result, i + 1);
    expect(after).not.toMatch(/▶ at this step ✖ certain decision-on-procedural-status/);
    expect(after).toMatch(/✖ decision-on-procedural-status \(B, C\) at icpc/);
    // Before the conference it has not arisen.
    expect(renderStep(result, i - 1)).not.toContain('decision-on-procedural-status');
  });

  test('marks a state that changed at this step with what it was', () => {
    const i = result.timeline.findIndex((t) => t.event === 'icpc');
    const before = procs.get('child-protection').describe(result.timeline[i - 1]!.states.childProtection['B']!).label;
    expect(renderStep(result, i)).toContain(`child protection: on a plan (was ${before})`);
  });

  test('clocks run from the step that starts them until the step that meets or closes them', () => {
    const positions = new Map(result.timeline.map((t, i) => [t.event, i]));
    const stopped = result.deadlines.filter((d) => {
      const end = d.metBy ?? d.closedBy;
      return end !== undefined && positions.get(end)! > positions.get(d.startedBy)!;
    });
    expect(stopped.length).toBeGreaterThan(0);
    for (const d of stopped) {
      const s = positions.get(d.startedBy)!;
      const e = positions.get((d.metBy ?? d.closedBy)!)!;
      expect(clocksRunning(result, s)).toContain(d);
      expect(clocksRunning(result, e - 1)).toContain(d);
      expect(clocksRunning(result, e)).not.toContain(d);
      if (s > 0) expect(clocksRunning(result, s - 1)).not.toContain(d);
    }
    const d = stopped[0]!;
    expect(renderStep(result, positions.get(d.startedBy)!)).toContain(`${d.label}`);
  });

  test('fits a terminal: no line wider than the width, no frame taller than the rows (colour codes take no room)', () => {
    const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    for (let i = 0; i < result.timeline.length; i++) {
      const frame = renderStep(result, i, { width: 70, rows: 40, color: true });
      const lines = frame.trimEnd().split('\n');
      expect(lines.length, `step ${i}`).toBeLessThanOrEqual(40);
      for (const l of lines) expect(strip(l).length, l).toBeLessThanOrEqual(70);
    }
    // The last step has many earlier findings: some are cut, and it says so.
    expect(renderStep(result, result.timeline.length - 1, { width: 70, rows: 40 })).toMatch(/… \d+ more lines? below: ↓ PgDn scroll/);
  });

  describe('at 80×24', () => {
    const size = { width: 80, rows: 24 };
    const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    const linesOf = (frame: string) => frame.trimEnd().split('\n');

    test('the ICPC step fits and shows its certain finding decision-on-procedural-status', () => {
      const i = result.timeline.findIndex((t) => t.event === 'icpc');
      for (const color of [false, true]) {
        const frame = renderStep(result, i, { ...size, color });
        const lines = linesOf(frame);
        expect(lines.length).toBeLessThanOrEqual(24);
        for (const l of lines) expect(strip(l).length, l).toBeLessThanOrEqual(80);
        expect(strip(frame)).toContain('decision-on-procedural-status');
        expect(strip(frame)).toMatch(/… \d+ more lines below: ↓ PgDn scroll/);
      }
    });

    test('every step shows the rule of each of its certain findings, and fits', () => {
      let checked = 0;
      for (let i = 0; i < result.timeline.length; i++) {
        const frame = renderStep(result, i, size);
        const lines = linesOf(frame);
        expect(lines.length, `step ${i}`).toBeLessThanOrEqual(24);
        for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
        for (const f of result.timeline[i]!.findings.map((k) => result.findings[k]!)) {
          if (f.certainty !== 'certain') continue;
          expect(frame, `step ${i} (${result.timeline[i]!.event})`).toContain(f.rule);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(5);
    });

    test('scrolling reaches every line the fitted frame leaves out, and stays in range', () => {
      const i = result.timeline.findIndex((t) => t.event === 'icpc');
      const full = new Set(linesOf(renderStep(result, i, { width: 80 })).filter((l) => l.trim()));
      const first = layoutStep(result, i, size);
      expect(first.scroll).toBe(0);
      expect(first.maxScroll).toBeGreaterThan(0);
      const seen = new Set<string>();
      for (let s = 0; s <= first.maxScroll; s += first.page) {
        const l = layoutStep(result, i, { ...size, scroll: s });
        expect(l.scroll).toBe(s);
        expect(linesOf(l.text).length).toBeLessThanOrEqual(24);
        for (const line of linesOf(l.text)) seen.add(line);
      }
      for (const line of linesOf(layoutStep(result, i, { ...size, scroll: first.maxScroll }).text)) seen.add(line);
      for (const line of full) expect(seen, line).toContain(line);
      const end = layoutStep(result, i, { ...size, scroll: 10_000 });
      expect(end.scroll).toBe(first.maxScroll);
      expect(end.text).toMatch(/… \d+ lines above: ↑ PgUp scroll/);
      expect(layoutStep(result, i, { ...size, scroll: -5 }).scroll).toBe(0);
    });

    test('a frame that fits does not scroll, and a tall terminal shows the states and clocks in place', () => {
      const l = layoutStep(result, 0, { width: 80, rows: 60, scroll: 3 });
      expect(l.maxScroll).toBe(0);
      expect(l.scroll).toBe(0);
      expect(l.text).toBe(renderStep(result, 0, { width: 80 }));
    });
  });

  test('never shows free-text notes unless asked', () => {
    const i = result.timeline.findIndex((t) => t.note?.includes('contagious infections'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(renderStep(result, i)).not.toContain('contagious');
    expect(renderStep(result, i, { notes: true })).toContain('contagious');
  });
});

describe('parseKeys', () => {
  test('reads letters, arrows, Home/End, Enter and Ctrl-C from one chunk', () => {
    expect(parseKeys('nnq')).toEqual(['next', 'next', 'quit']);
    expect(parseKeys('\u001b[C\u001b[D\u001b[H\u001b[F')).toEqual(['next', 'back', 'first', 'last']);
    expect(parseKeys('\u001b[1~\u001b[4~ \r\n\u0003')).toEqual(['first', 'last', 'next', 'next', 'quit']);
    expect(parseKeys('xpb\u001b[Z')).toEqual(['back', 'back']); // x and an unknown escape mean nothing
  });

  test('↑ ↓ PgUp PgDn scroll', () => {
    expect(parseKeys('\u001b[A\u001b[B\u001bOA\u001bOB\u001b[5~\u001b[6~')).toEqual(['up', 'down', 'up', 'down', 'pageUp', 'pageDown']);
  });
});

describe('casepath replay --step', () => {
  test('after n, n, n the frame shows the 4th event and the children\'s states at that step; ← goes back; q exits 0', async () => {
    const r = await stepCli(['n', 'n', 'n', '\u001b[D', 'q']);
    expect(r.code).toBe(0);
    expect(r.frames).toHaveLength(5); // the first event, three steps forward, one back
    const fourth = r.frames[3]!;
    const t = result.timeline[3]!;
    expect(fourth).toContain(`event 4 of ${result.timeline.length}`);
    expect(fourth).toContain(`${t.type} ${t.event}`);
    const expected = Object.fromEntries(Object.entries(t.states.childProtection).map(([c, s]) => [c, procs.get('child-protection').describe(s).label]));
    expect(cpLabelsIn(fourth)).toEqual(expected);
    expect(r.frames[4]).toContain(`event 3 of ${result.timeline.length}`);
    expect(r.frames[4]).toContain(result.timeline[2]!.event);
    expect(r.stdout).not.toContain('\u001b['); // a pipe gets no escape codes
    expect(r.stderr).toBe('');
  });

  test('keys all in one chunk, as `printf \'nnq\' |` sends them', async () => {
    const r = await stepCli(['nnq']);
    expect(r.code).toBe(0);
    expect(r.frames).toHaveLength(3);
    expect(r.frames[2]).toContain('event 3 of');
  });

  test('End jumps to the last event, Home to the first, and stepping past the last ends with the summary', async () => {
    const n = result.timeline.length;
    const r = await stepCli(['\u001b[F', '\u001b[H', 'G', 'n']);
    expect(r.code).toBe(0);
    expect(r.frames[1]).toContain(`event ${n} of ${n}`);
    expect(r.frames[2]).toContain(`event 1 of ${n}`);
    expect(r.frames[3]).toContain(`event ${n} of ${n}`);
    expect(r.frames[4]).toContain('End of the chronology.');
    expect(r.frames[4]).toContain('Summary');
  });

  test('← at the first event stays there; the end of input finishes with exit 0', async () => {
    const r = await stepCli(['b', 'n'], [], { end: true });
    expect(r.code).toBe(0);
    expect(r.frames).toHaveLength(2);
    expect(r.frames[1]).toContain('event 2 of');
  });

  test('--step with --json is a usage error (exit 2)', async () => {
    const r = await stepCli([], ['--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--step and --json/);
    expect(r.stdout).toBe('');
  });

  test('on a terminal: raw mode on, screen cleared and cursor hidden per frame, all restored on quit', async () => {
    let stdout = '';
    const stdin = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(m: boolean): void };
    const raw: boolean[] = [];
    stdin.isTTY = true;
    stdin.setRawMode = (m) => void raw.push(m);
    const done = runStepper(result, { stdout: (t) => (stdout += t), stderr: () => {}, isTTY: true, stdin }, {});
    stdin.write('n');
    stdin.write('\u0003'); // Ctrl-C arrives as a byte in raw mode
    expect(await done).toBe(0);
    expect(raw).toEqual([true, false]);
    expect(stdout.startsWith('\u001b[?25l')).toBe(true);
    expect(stdout.split('\u001b[2J\u001b[H')).toHaveLength(3); // two frames drawn in place
    expect(stdout).toContain('event 2 of');
    expect(stdout.trimEnd().endsWith('\u001b[?25h')).toBe(true);
    expect(stdout).not.toContain(FRAME_RULE);
  });

  test('on a terminal: ↓ and PgDn scroll a frame taller than the screen, → still steps, and a resize redraws at the new size', async () => {
    let stdout = '';
    const stdin = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(m: boolean): void };
    stdin.isTTY = true;
    stdin.setRawMode = () => {};
    const out = Object.assign(new EventEmitter(), { rows: 25, columns: 80 });
    const frames = () => stdout.split('\u001b[2J\u001b[H').slice(1);
    const icpc = result.timeline.findIndex((t) => t.event === 'icpc');
    const done = runStepper(result, { stdout: (t) => (stdout += t), stderr: () => {}, isTTY: true, stdin, out: out as never }, {});
    stdin.write('n'.repeat(icpc));
    await new Promise((r) => setImmediate(r));
    expect(frames()).toHaveLength(icpc + 1);
    const at = frames().at(-1)!;
    expect(at).toContain(`event ${icpc + 1} of`);
    expect(at).toContain('decision-on-procedural-status');
    expect(at.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
    stdin.write('\u001b[B'); // ↓
    await new Promise((r) => setImmediate(r));
    expect(frames()).toHaveLength(icpc + 2);
    expect(frames().at(-1)).toMatch(/more below, 1 above/);
    stdin.write('\u001b[6~'); // PgDn
    await new Promise((r) => setImmediate(r));
    expect(frames().at(-1)).toMatch(/more below, \d{2} above/);
    stdin.write('\u001b[A\u001b[5~\u001b[5~\u001b[A'); // back up to the top: ↑ at the top draws nothing more
    await new Promise((r) => setImmediate(r));
    const afterUp = frames().length;
    expect(frames().at(-1)).toMatch(/… \d+ more lines below: ↓ PgDn scroll/);
    // A resize: redrawn at the new size, still this step.
    out.rows = 61;
    out.columns = 120;
    out.emit('resize');
    expect(frames()).toHaveLength(afterUp + 1);
    const big = frames().at(-1)!;
    expect(big).toContain(`event ${icpc + 1} of`);
    expect(big.trimEnd().split('\n').length).toBeLessThanOrEqual(60);
    expect(Math.max(...big.split('\n').map((l) => l.length))).toBeGreaterThan(80);
    stdin.write('\u001b[C'); // → the next step, at its top
    await new Promise((r) => setImmediate(r));
    expect(frames().at(-1)).toContain(`event ${icpc + 2} of`);
    stdin.write('q');
    expect(await done).toBe(0);
    expect(out.listenerCount('resize')).toBe(0);
  });

  test('from a pipe, ↑ ↓ PgUp PgDn draw nothing (the whole frame is printed) and the other keys still work', async () => {
    const r = await stepCli(['\u001b[B', '\u001b[6~', 'n', '\u001b[A', 'b', 'q']);
    expect(r.code).toBe(0);
    expect(r.frames).toHaveLength(3);
    expect(r.frames[1]).toContain('event 2 of');
    expect(r.frames[2]).toContain('event 1 of');
  });
});
