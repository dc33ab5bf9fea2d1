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
 * Keys: → space n Enter next · ← p b back · Home g / End G first / last · q Ctrl-C quit;
 * ↑ ↓ PgUp PgDn scroll a frame taller than the terminal. A resized terminal is redrawn
 * at its new size.
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
  /** Terminal height: the frame is fitted to it (see `layoutStep`); this step's findings are never cut for anything else. */
  rows?: number;
  /** Lines the body is scrolled down when it does not fit `rows` (kept within range). */
  scroll?: number;
}

export type StepKey = 'next' | 'back' | 'first' | 'last' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'quit';

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
  ['\u001b[5~', 'pageUp'],
  ['\u001b[6~', 'pageDown'],
  ['\u001b[A', 'up'],
  ['\u001bOA', 'up'],
  ['\u001b[B', 'down'],
  ['\u001bOB', 'down'],
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

/** One frame as laid out for a terminal: the text, the scroll offset it shows and the largest one it allows. */
export interface StepLayout {
  text: string;
  /** The offset shown (the one asked for, kept within 0..maxScroll). */
  scroll: number;
  /** 0 when the whole frame fits; otherwise the last offset that still shows something new. */
  maxScroll: number;
  /** Lines one PgUp/PgDn moves (the scrolled window's height less one). */
  page: number;
}

/** One frame: the event at `index` (0-based), where everything stands after it, clocks and findings. */
export function renderStep(result: ReplayResult, index: number, options: StepRenderOptions = {}): string {
  return layoutStep(result, index, options).text;
}

/**
 * One frame, fitted to `options.rows` when given. The current step's findings are never
 * cut for the sake of anything else: when the frame is too tall, the earlier findings go
 * below the fold first, then the clocks and then the states block fold to one line each
 * (their lines move below the findings, reachable by scrolling); if this step's findings
 * still do not fit, a one-line index of them comes first, their details follow, and the
 * rest scrolls (`options.scroll`), with a line saying how much more there is.
 */
export function layoutStep(result: ReplayResult, index: number, options: StepRenderOptions = {}): StepLayout {
  const entry = result.timeline[index];
  if (!entry) throw new RangeError(`no step ${index} (the replay has ${result.timeline.length})`);
  const c = (style: Style, text: string) => (options.color ? `\u001b[${codes[style][0]}m${text}\u001b[${codes[style][1]}m` : text);
  const width = Math.max(60, Math.min(options.width ?? 100, 140));
  const fit = (lines: string[]) => lines.flatMap((l) => fitLine(l, width));
  const show = (f: Finding) => options.only === undefined || f.certainty === options.only;
  const procs = processes();
  const prev = index > 0 ? result.timeline[index - 1]!.states : undefined;

  // Title and the event: always shown.
  const top: string[] = [];
  const title = `casepath step · ${result.case}${result.title ? ` — ${result.title}` : ''}`;
  const counter = `event ${index + 1} of ${result.timeline.length}`;
  top.push(`${c('bold', title.length + counter.length + 2 > width ? title.slice(0, Math.max(10, width - counter.length - 3)) + '…' : title)}  ${c('dim', counter)}`);
  top.push('');
  top.push(`${entry.dateText}  ${c('bold', entry.type)} ${c('cyan', entry.event)}${entry.children.length ? ` (${entry.children.join(', ')})` : ''}`);
  if (entry.cite) top.push(`  ${c('dim', `cite: ${entry.cite}`)}`);
  if (options.notes && entry.note) for (const l of wrap(`note: ${entry.note}`, width - 2)) top.push(`  ${c('dim', l)}`);
  top.push('');

  // Where each child stands, and the case.
  const states: string[] = [];
  const was = (now: string, before: string | undefined, label: (s: string) => string) =>
    before !== undefined && before !== now ? `${c('green', label(now))} ${c('dim', `(was ${label(before)})`)}` : label(now);
  states.push(c('bold', 'Where things stand'));
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
    states.push(`  ${`child ${child}`.padEnd(nameWidth)}${parts.map(([p, t]) => `${p.label}: ${t}`).join(' · ')}`);
  }
  for (const p of procs.perCase) states.push(`  ${p.label.padEnd(nameWidth)}${stateText(p) ?? ''}`);

  // Statutory clocks.
  const clocks: string[] = [];
  const running = clocksRunning(result, index);
  const stopped = clocksStopped(result, index);
  const clocksTitle = `Statutory clocks running (${running.length})`;
  clocks.push(c('bold', clocksTitle));
  if (!running.length) clocks.push(`  ${c('dim', 'none')}`);
  const now = entry.window;
  for (const d of running) {
    let due = '';
    if (d.due) {
      // Only when every date the constraints allow puts this step after the deadline.
      const past = now.earliest > d.due.latest ? c('red', ' — past due') : '';
      due = `, due ${formatWindow(d.due.earliest, d.due.latest)}${past}`;
    } else due = ', no fixed deadline (an answer owed)';
    clocks.push(`  ${d.label}${d.children.length ? ` (${d.children.join(', ')})` : ''}: started by ${c('cyan', d.startedBy)}${due}`);
  }
  for (const d of stopped) {
    const how = d.metBy === entry.event ? (d.status === 'met-late' ? c('red', 'met late') : c('green', 'met')) : 'closed (no longer owed)';
    clocks.push(`  ${c('dim', '✓')} ${d.label}${d.children.length ? ` (${d.children.join(', ')})` : ''}: ${how} at this step`);
  }

  // Findings so far: this step's in full, the earlier ones a line each.
  const { now: atStep, earlier } = findingsAt(result, index);
  const nowShown = atStep.map((i) => result.findings[i]!).filter(show);
  const earlierShown = earlier.map((i) => result.findings[i]!).filter(show);
  const heading = c('bold', `Findings so far (${nowShown.length + earlierShown.length}; ${nowShown.length} at this step)`);
  const current: string[] = [];
  for (const f of nowShown) {
    const mark = f.certainty === 'certain' ? c('red', '✖ certain') : c('yellow', '? possible');
    current.push(`${c('inverse', '▶ at this step')} ${mark} ${c('bold', f.rule)} ${c('dim', `(${f.severity}; ${f.children.join(', ') || 'case'})`)}`);
    for (const l of wrap(f.message, width - 4)) current.push(`    ${l}`);
    if (f.missing?.length) for (const l of wrap(`would settle it: ${f.missing.join('; ')}`, width - 4)) current.push(`    ${c('dim', l)}`);
    for (const l of wrap(`source: ${f.citation}`, width - 4)) current.push(`    ${c('magenta', l)}`);
  }
  const earlierLines: string[] = [];
  for (const f of earlierShown) {
    const mark = f.certainty === 'certain' ? c('red', '✖') : c('yellow', '?');
    const text = `${f.rule} (${f.children.join(', ') || 'case'}) at ${f.events[0]}: ${f.message}`;
    earlierLines.push(`  ${mark} ${clip(text, width - 4)}`);
  }
  if (!nowShown.length && !earlierShown.length) earlierLines.push(`  ${c('dim', 'none yet')}`);

  const head = fit(top);
  const footer = fit(['', c('dim', KEY_HELP)]);
  const S = fit(states);
  const C = fit(clocks);
  const N = fit(current);
  const E = fit(earlierLines);
  const whole = (lines: string[]) => `${lines.join('\n')}\n`;
  const room = options.rows === undefined ? Number.POSITIVE_INFINITY : options.rows - head.length - footer.length;
  if (S.length + 1 + C.length + 1 + 1 + N.length + E.length <= room) {
    return { text: whole([...head, ...S, '', ...C, '', heading, ...N, ...E, ...footer]), scroll: 0, maxScroll: 0, page: 1 };
  }

  // Too tall. Fold what must give way, in order, until this step's findings fit in full
  // (with a line left to say there is more below).
  const foldedStates = fit([`${c('bold', 'Where things stand')} ${c('dim', '— further down (↓)')}`]);
  const foldedClocks = fit([`${c('bold', clocksTitle)} ${c('dim', '— further down (↓)')}`]);
  const plans: { s: boolean; c: boolean }[] = [
    { s: true, c: true },
    { s: true, c: false },
    { s: false, c: false },
  ];
  const fixedFor = (p: { s: boolean; c: boolean }) => (p.s ? S.length + 1 : foldedStates.length) + (p.c ? C.length + 1 : foldedClocks.length) + 1;
  const plan = plans.find((p) => fixedFor(p) + N.length + 1 <= room) ?? plans[plans.length - 1]!;
  const fitsInFull = fixedFor(plan) + N.length + 1 <= room;
  // Not even then: an index of this step's findings, a line each, before their details.
  const index1 = fitsInFull
    ? []
    : [
        ...nowShown.map((f) => {
          const mark = f.certainty === 'certain' ? '✖ certain' : '? possible';
          const lead = `▶ ${mark} ${f.rule} (${f.children.join(', ') || 'case'}): `;
          const styled = `${c('inverse', '▶')} ${f.certainty === 'certain' ? c('red', mark) : c('yellow', mark)} ${c('bold', f.rule)} (${f.children.join(', ') || 'case'}): `;
          return lead.length >= width ? clip(lead.trimEnd(), width) : `${styled}${clip(f.message, width - lead.length)}`;
        }),
        '',
      ];
  const region = [
    ...index1,
    ...N,
    ...E,
    ...(plan.c ? [] : ['', ...C]),
    ...(plan.s ? [] : ['', ...S]),
  ];
  const fixed = [...(plan.s ? [...S, ''] : foldedStates), ...(plan.c ? [...C, ''] : foldedClocks), heading];
  const height = Math.max(2, room - fixed.length);
  if (region.length <= height) {
    return { text: whole([...head, ...fixed, ...region, ...footer]), scroll: 0, maxScroll: 0, page: 1 };
  }
  const shown = height - 1; // the last line says what is above and below
  const maxScroll = region.length - shown;
  const scroll = Math.max(0, Math.min(Math.floor(options.scroll ?? 0), maxScroll));
  const above = scroll;
  const below = region.length - shown - scroll;
  const more =
    above === 0
      ? `… ${below} more line${below === 1 ? '' : 's'} below: ↓ PgDn scroll`
      : below === 0
        ? `… ${above} line${above === 1 ? '' : 's'} above: ↑ PgUp scroll`
        : `… ${below} more below, ${above} above: ↑ ↓ PgUp PgDn scroll`;
  return {
    text: whole([...head, ...fixed, ...region.slice(scroll, scroll + shown), c('dim', more), ...footer]),
    scroll,
    maxScroll,
    page: Math.max(1, shown - 1),
  };
}

/** Text cut to `max` characters, an ellipsis marking the cut. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
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
  const out = io.out as
    | (NodeJS.WritableStream & { rows?: number; columns?: number; on?: (e: string, f: () => void) => unknown; off?: (e: string, f: () => void) => unknown })
    | undefined;
  // The size is read afresh for every frame: after a resize the stream has the new one.
  const frameOptions = (): StepRenderOptions => {
    const columns = (screen && out?.columns) || io.columns;
    return {
      ...options,
      ...(columns ? { width: columns } : {}),
      ...(screen && out?.rows ? { rows: out.rows - 1 } : {}), // the last row stays free: a full screen plus the final newline would scroll
    };
  };

  let index = 0;
  let scroll = 0;
  let layout: StepLayout | undefined;
  const draw = () => {
    layout = layoutStep(result, index, { ...frameOptions(), scroll });
    scroll = layout.scroll;
    io.stdout(screen ? `\u001b[2J\u001b[H${layout.text}` : `${FRAME_RULE}\n${layout.text}`);
    options.onShow?.(index);
  };
  /** Scroll by `by` lines; redrawn only when the offset changes (a frame that fits does not scroll). */
  const scrollBy = (by: number) => {
    const next = Math.max(0, Math.min(scroll + by, layout?.maxScroll ?? 0));
    if (next === scroll) return;
    scroll = next;
    draw();
  };
  const onResize = () => draw();

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
      out?.off?.('resize', onResize);
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
        case 'up':
          scrollBy(-1);
          return;
        case 'down':
          scrollBy(1);
          return;
        case 'pageUp':
          scrollBy(-(layout?.page ?? 1));
          return;
        case 'pageDown':
          scrollBy(layout?.page ?? 1);
          return;
      }
      if (index !== before) {
        scroll = 0; // a new step starts at its top
        draw();
      }
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
    out?.on?.('resize', onResize);
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

