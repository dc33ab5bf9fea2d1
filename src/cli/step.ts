/**
 * `casepath replay FILE --step`: step through a replay in the terminal, one event at a
 * time, seeing where each child stands in each machine, the statutory clocks running
 * and the findings so far.
 *
 * Two halves: `renderStep(result, index, options)` is pure (one frame as text, read
 * from the replay's timeline and deadlines; it replays nothing itself), and
 * `runStepper(result, io, options)` is the key loop. On a terminal it puts standard
 * input in raw mode and redraws in place (clear screen, cursor home, cursor hidden,
 * all restored on quit); from a pipe (`printf 'nnq' | casepath replay FILE --step`) it
 * reads keys as they come and prints each frame after a rule line, with no escape codes.
 *
 * Keys: → space n Enter next · ← p b back · Home g / End G first / last · q Ctrl-C quit.
 * Free-text notes appear only with --show-notes, as everywhere else.
 */
import type { Readable } from 'node:stream';
import { formatWindow } from '../schema/dates.js';
import { type Process, processes } from '../engine/processes.js';
import { childrenIn, processesInUse, stateIn } from '../report/states.js';
import type { DeadlineEntry, Finding, ReplayResult } from '../engine/types.js';
import { renderSummary, wrap } from '../report/terminal.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIO } from './main.js';

export interface StepRenderOptions {
  color?: boolean;
  notes?: boolean;
  /** Show only findings of this certainty (--only). */
  only?: 'certain' | 'possible';
  width?: number;
  /** Terminal height: earlier findings are cut to fit. */
  rows?: number;
}

export type StepKey = 'next' | 'back' | 'first' | 'last' | 'quit';

/** Printed before every frame when the output is not redrawn in place. */
export const FRAME_RULE = '═'.repeat(72);

export const KEY_HELP = '→ space n Enter next · ← p b back · Home/End first/last · q quit';

const codes = { bold: [1, 22], dim: [2, 22], inverse: [7, 27], red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39], magenta: [35, 39] } as const;
type Style = keyof typeof codes;

/** Key sequences, longest first so an escape sequence is not read as its parts. */
const KEYS: readonly [string, StepKey][] = [
  ['\u001b[1~', 'first'],
  ['\u001b[7~', 'first'],
  ['\u001b[4~', 'last'],
  ['\u001b[8~', 'last'],
  ['\u001b[C', 'next'],
  ['\u001bOC', 'next'],
  ['\u001b[D', 'back'],
  ['\u001bOD', 'back'],
  ['\u001b[H', 'first'],
  ['\u001bOH', 'first'],
  ['\u001b[F', 'last'],
  ['\u001bOF', 'last'],
  ['\r\n', 'next'],
  ['\r', 'next'],
  ['\n', 'next'],
  [' ', 'next'],
  ['n', 'next'],
  ['p', 'back'],
  ['b', 'back'],
  ['g', 'first'],
  ['G', 'last'],
  ['q', 'quit'],
  ['Q', 'quit'],
  ['\u0003', 'quit'], // Ctrl-C (raw mode delivers it as a byte, not SIGINT)
  ['\u0004', 'quit'], // Ctrl-D
];

/** The keys in a chunk of input, in order; anything else (other letters, unknown escapes) is skipped. */
export function parseKeys(chunk: string): StepKey[] {
  const out: StepKey[] = [];
  let i = 0;
  outer: while (i < chunk.length) {
    for (const [seq, key] of KEYS) {
      if (chunk.startsWith(seq, i)) {
        out.push(key);
        i += seq.length;
        continue outer;
      }
    }
    // An unknown escape sequence: skip ESC [ params final-byte as one.
    const esc = /^\u001b(?:\[[0-9;]*[@-~]|O.)?/.exec(chunk.slice(i));
    i += esc ? Math.max(esc[0].length, 1) : 1;
  }
  return out;
}

/** Deadlines whose clock runs at step `index`: started at or before it, not met or closed by then. */
export function clocksRunning(result: ReplayResult, index: number): DeadlineEntry[] {
  const pos = positions(result);
  return result.deadlines.filter((d) => {
    const start = pos.get(d.startedBy);
    if (start === undefined || start > index) return false;
    const endId = d.metBy ?? d.closedBy;
    const end = endId === undefined ? undefined : pos.get(endId);
    return end === undefined || end > index;
  });
}

/** Deadlines met or closed by the event at step `index`. */
function clocksStopped(result: ReplayResult, index: number): DeadlineEntry[] {
  const id = result.timeline[index]!.event;
  return result.deadlines.filter((d) => d.metBy === id || d.closedBy === id);
}

const positionCache = new WeakMap<ReplayResult, Map<string, number>>();
function positions(result: ReplayResult): Map<string, number> {
  let m = positionCache.get(result);
  if (!m) {
    m = new Map(result.timeline.map((t, i) => [t.event, i]));
    positionCache.set(result, m);
  }
  return m;
}

/** Findings attached to steps 0..index: those of this step, and the earlier ones. */
export function findingsAt(result: ReplayResult, index: number): { now: number[]; earlier: number[] } {
  const now = [...result.timeline[index]!.findings];
  const earlier: number[] = [];
  const seen = new Set(now);
  for (let i = 0; i < index; i++) {
    for (const f of result.timeline[i]!.findings) {
      if (seen.has(f)) continue;
      seen.add(f);
      earlier.push(f);
    }
  }
  return { now, earlier };
}

/** One frame: the event at `index` (0-based), where everything stands after it, clocks and findings. */
export function renderStep(result: ReplayResult, index: number, options: StepRenderOptions = {}): string {
  const entry = result.timeline[index];
  if (!entry) throw new RangeError(`no step ${index} (the replay has ${result.timeline.length})`);
  const c = (style: Style, text: string) => (options.color ? `\u001b[${codes[style][0]}m${text}\u001b[${codes[style][1]}m` : text);
  const width = Math.max(60, Math.min(options.width ?? 100, 140));
  const show = (f: Finding) => options.only === undefined || f.certainty === options.only;
  const procs = processes();
  const prev = index > 0 ? result.timeline[index - 1]!.states : undefined;
  const out: string[] = [];

  const title = `casepath step · ${result.case}${result.title ? ` — ${result.title}` : ''}`;
  const counter = `event ${index + 1} of ${result.timeline.length}`;
  out.push(`${c('bold', title.length + counter.length + 2 > width ? title.slice(0, Math.max(10, width - counter.length - 3)) + '…' : title)}  ${c('dim', counter)}`);
  out.push('');

  // The event.
  out.push(`${entry.dateText}  ${c('bold', entry.type)} ${c('cyan', entry.event)}${entry.children.length ? ` (${entry.children.join(', ')})` : ''}`);
  if (entry.cite) out.push(`  ${c('dim', `cite: ${entry.cite}`)}`);
  if (options.notes && entry.note) for (const l of wrap(`note: ${entry.note}`, width - 2)) out.push(`  ${c('dim', l)}`);
  out.push('');

  // Where each child stands, and the case.
  const was = (now: string, before: string | undefined, label: (s: string) => string) =>
    before !== undefined && before !== now ? `${c('green', label(now))} ${c('dim', `(was ${label(before)})`)}` : label(now);
  out.push(c('bold', 'Where things stand'));
  // A process shown only once begun (the CIN plan, say) appears only in a case that uses it.
  const perChild = processesInUse(procs.perChild, result.timeline);
  const children = childrenIn(entry.states, procs.all);
  const nameWidth = Math.max(...procs.perCase.map((p) => p.label.length), ...children.map((ch) => `child ${ch}`.length)) + 2;
  const stateText = (p: Process, child?: string) => {
    const now = stateIn(entry.states, p, child);
    return now === undefined ? undefined : was(now, prev && stateIn(prev, p, child), (s) => p.describe(s).label);
  };
  for (const child of children) {
    const parts = perChild.map((p) => [p, stateText(p, child)] as const).filter(([, t]) => t !== undefined);
    out.push(`  ${`child ${child}`.padEnd(nameWidth)}${parts.map(([p, t]) => `${p.label}: ${t}`).join(' · ')}`);
  }
  for (const p of procs.perCase) out.push(`  ${p.label.padEnd(nameWidth)}${stateText(p) ?? ''}`);
  out.push('');

  // Statutory clocks.
  const running = clocksRunning(result, index);
  const stopped = clocksStopped(result, index);
  out.push(c('bold', `Statutory clocks running (${running.length})`));
  if (!running.length) out.push(`  ${c('dim', 'none')}`);
  const now = entry.window;
  for (const d of running) {
    let due = '';
    if (d.due) {
      // Only when every date the constraints allow puts this step after the deadline.
      const past = now.earliest > d.due.latest ? c('red', ' — past due') : '';
      due = `, due ${formatWindow(d.due.earliest, d.due.latest)}${past}`;
    } else due = ', no fixed deadline (an answer owed)';
    out.push(`  ${d.label}${d.children.length ? ` (${d.children.join(', ')})` : ''}: started by ${c('cyan', d.startedBy)}${due}`);
  }
  for (const d of stopped) {
    const how = d.metBy === entry.event ? (d.status === 'met-late' ? c('red', 'met late') : c('green', 'met')) : 'closed (no longer owed)';
    out.push(`  ${c('dim', '✓')} ${d.label}${d.children.length ? ` (${d.children.join(', ')})` : ''}: ${how} at this step`);
  }
  out.push('');

  // Findings so far.
  const { now: atStep, earlier } = findingsAt(result, index);
  const nowShown = atStep.map((i) => result.findings[i]!).filter(show);
  const earlierShown = earlier.map((i) => result.findings[i]!).filter(show);
  out.push(c('bold', `Findings so far (${nowShown.length + earlierShown.length}; ${nowShown.length} at this step)`));
  for (const f of nowShown) {
    const mark = f.certainty === 'certain' ? c('red', '✖ certain') : c('yellow', '? possible');
    out.push(`${c('inverse', '▶ at this step')} ${mark} ${c('bold', f.rule)} ${c('dim', `(${f.severity}; ${f.children.join(', ') || 'case'})`)}`);
    for (const l of wrap(f.message, width - 4)) out.push(`    ${l}`);
    if (f.missing?.length) for (const l of wrap(`would settle it: ${f.missing.join('; ')}`, width - 4)) out.push(`    ${c('dim', l)}`);
    for (const l of wrap(`source: ${f.citation}`, width - 4)) out.push(`    ${c('magenta', l)}`);
  }
  // Earlier findings one line each, cut to the terminal's height when known.
  const head = out.flatMap((l) => fitLine(l, width));
  const footer = ['', c('dim', KEY_HELP)];
  const room = options.rows ? Math.max(3, options.rows - head.length - footer.length - 1) : Number.POSITIVE_INFINITY;
  const list = earlierShown.length > room ? earlierShown.slice(earlierShown.length - (room - 1)) : earlierShown;
  if (list.length < earlierShown.length) head.push(`  ${c('dim', `… ${earlierShown.length - list.length} earlier findings not shown`)}`);
  for (const f of list) {
    const mark = f.certainty === 'certain' ? c('red', '✖') : c('yellow', '?');
    const text = `${f.rule} (${f.children.join(', ') || 'case'}) at ${f.events[0]}: ${f.message}`;
    head.push(`  ${mark} ${text.length > width - 4 ? `${text.slice(0, width - 5)}…` : text}`);
  }
  if (!nowShown.length && !earlierShown.length) head.push(`  ${c('dim', 'none yet')}`);
  // Still too tall (many clocks, a long finding): cut, and say so.
  if (options.rows && head.length + footer.length > options.rows) {
    const keep = Math.max(1, options.rows - footer.length - 1);
    const cut = head.length - keep;
    head.length = keep;
    head.push(c('dim', `… ${cut} more line${cut === 1 ? '' : 's'}: a taller terminal shows them`));
  }
  return `${[...head, ...footer].join('\n')}\n`;
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
/** Length on screen: escape codes take no room. */
function visibleLength(s: string): number {
  return s.replace(ANSI, '').length;
}

/**
 * A line as lines no wider than `width` on screen, broken between words, continued
 * four spaces further in (a redrawn frame must not wrap, or it would not fit the screen).
 */
function fitLine(line: string, width: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const indent = /^ */.exec(line)![0];
  const cont = `${indent}    `;
  const words = line.slice(indent.length).split(' ');
  const lines: string[] = [];
  let cur = indent;
  let curLen = indent.length;
  let empty = true;
  for (const w of words) {
    const wl = visibleLength(w);
    if (!empty && curLen + 1 + wl > width) {
      lines.push(cur);
      cur = cont;
      curLen = cont.length;
      empty = true;
    }
    cur += empty ? w : ` ${w}`;
    curLen += (empty ? 0 : 1) + wl;
    empty = false;
  }
  lines.push(cur);
  return lines;
}

export interface StepperOptions extends StepRenderOptions {
  /** Called with the index of every frame shown (e.g. to feed a live inspector). */
  onShow?(index: number): void;
}

type TtyInput = Readable & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };

/**
 * The interactive loop. Resolves with exit code 0 when the user quits, steps past the
 * last event, the input ends, or the output is closed. The terminal is restored (raw mode off, cursor shown)
 * however it ends.
 */
export function runStepper(result: ReplayResult, io: CliIO, options: StepperOptions = {}): Promise<ExitCode> {
  const input = io.stdin as TtyInput | undefined;
  if (!input) throw new Error('--step needs standard input to read keys from');
  const last = result.timeline.length - 1;
  if (last < 0) {
    io.stdout('The chronology has no dated events to step through.\n');
    return Promise.resolve(EXIT.ok);
  }
  const raw = input.isTTY === true && typeof input.setRawMode === 'function';
  // Redraw in place only when both ends are a terminal; otherwise frames follow one another.
  const screen = raw && io.isTTY === true;
  const out = io.out as (NodeJS.WritableStream & { rows?: number; on?: (e: string, f: () => void) => unknown; off?: (e: string, f: () => void) => unknown }) | undefined;
  const frameOptions = (): StepRenderOptions => ({
    ...options,
    ...(io.columns ? { width: io.columns } : {}),
    ...(screen && out?.rows ? { rows: out.rows - 1 } : {}), // the last row stays free: a full screen plus the final newline would scroll
  });

  let index = 0;
  const draw = () => {
    const frame = renderStep(result, index, frameOptions());
    io.stdout(screen ? `\u001b[2J\u001b[H${frame}` : `${FRAME_RULE}\n${frame}`);
    options.onShow?.(index);
  };

  return new Promise<ExitCode>((resolve) => {
    let done = false;
    const restore = () => {
      if (raw) input.setRawMode!(false);
      if (screen) io.stdout('\u001b[?25h');
    };
    const finish = (summary: boolean) => {
      if (done) return;
      done = true;
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onEnd);
      io.outputClosed?.removeEventListener('abort', onEnd);
      out?.off?.('resize', draw);
      process.off('exit', restore);
      restore();
      input.pause();
      if (summary) {
        const c = (_s: string, t: string) => t;
        io.stdout(`${screen ? '' : `${FRAME_RULE}\n`}End of the chronology.\n${renderSummary(result, c, options.only ? { only: options.only } : {}).join('\n')}\n`);
      } else if (screen) io.stdout('\n');
      resolve(EXIT.ok);
    };
    const onKey = (key: StepKey) => {
      const before = index;
      switch (key) {
        case 'quit':
          finish(false);
          return;
        case 'next':
          if (index === last) {
            finish(true);
            return;
          }
          index++;
          break;
        case 'back':
          index = Math.max(0, index - 1);
          break;
        case 'first':
          index = 0;
          break;
        case 'last':
          index = last;
          break;
      }
      if (index !== before) draw();
    };
    function onData(chunk: string | Buffer) {
      for (const key of parseKeys(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))) {
        if (done) return;
        onKey(key);
      }
    }
    function onEnd() {
      finish(false);
    }

    if (raw) {
      input.setRawMode!(true);
      process.on('exit', restore);
    }
    if (screen) io.stdout('\u001b[?25l');
    out?.on?.('resize', draw);
    draw();
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onEnd);
    // Output closed by its reader (`... --step | head`): nobody sees further frames, so stop.
    if (io.outputClosed?.aborted) onEnd();
    else io.outputClosed?.addEventListener('abort', onEnd, { once: true });
    input.resume();
  });
}

