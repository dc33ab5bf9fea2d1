/**
 * `casepath replay FILE --step`: the pure frame (`renderStep`) and the key loop, driven
 * through `main()` with a PassThrough of keys as standard input, as a pipe would.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
import { FRAME_RULE, clocksRunning, parseKeys, renderStep, runStepper } from '../src/cli/step.js';
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
    expect(renderStep(result, result.timeline.length - 1, { width: 70, rows: 40 })).toMatch(/… \d+ (earlier findings not shown|more lines?: a taller terminal shows them)/);
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
    expect(parseKeys('xpb\u001b[A')).toEqual(['back', 'back']); // x and ↑ mean nothing
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
});
