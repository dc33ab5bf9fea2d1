/**
 * The readable terminal replay: a timeline (date or date range, event, where each
 * child stands, findings inline with rule id and citation) and a summary. Pure: it
 * returns text; the CLI writes it. Free-text notes appear only when asked for.
 *
 * Certain first, possible on demand: at each event the certain findings are printed in
 * full and that event's possible ones collapse to one line (their rules, counted, and
 * what would settle them, deduplicated and shortened); `possible: 'full'`
 * (`--possible full`) or `only: 'possible'` prints each in full instead. The summary
 * counts all either way.
 */
import { formatDay } from '../calendar/day.js';
import { processes } from '../engine/processes.js';
import type { Finding, ReplayResult } from '../engine/types.js';
import { describeCoverage } from '../engine/coverage.js';
import { statesLine } from './states.js';
import { compareIds } from './order.js';

export interface TerminalOptions {
  color?: boolean;
  notes?: boolean;
  /** Show only findings of this certainty (--only). */
  only?: 'certain' | 'possible';
  /** Possible findings: one line per event (`summary`, the default) or each in full (`--possible full`). */
  possible?: PossibleMode;
  width?: number;
}

export type PossibleMode = 'full' | 'summary';
export const POSSIBLE_MODES: readonly PossibleMode[] = ['full', 'summary'];

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39], magenta: [35, 39] } as const;
type Style = keyof typeof codes;

export function renderTerminal(result: ReplayResult, options: TerminalOptions = {}): string {
  const c = (style: Style, text: string) => (options.color ? `\u001b[${codes[style][0]}m${text}\u001b[${codes[style][1]}m` : text);
  const show = (f: Finding) => options.only === undefined || f.certainty === options.only;
  // --only possible asks for the possible findings themselves: in full.
  const collapse = options.possible !== 'full' && options.only !== 'possible';
  const width = Math.max(60, Math.min(options.width ?? 100, 140));
  const procs = processes().all;
  const out: string[] = [];

  out.push(c('bold', `casepath replay · ${result.case}${result.title ? ` — ${result.title}` : ''}`));
  out.push(
    c(
      'dim',
      `as of ${formatDay(result.asOf)} · ${describeCoverage(result.coverage)}`,
    ),
  );
  out.push('');

  const dateWidth = Math.max(10, ...result.timeline.map((t) => t.dateText.length));
  let prevStates = '';
  let collapsed = false;
  for (const t of result.timeline) {
    const head = `${t.dateText.padEnd(dateWidth)}  ${c('bold', t.type)} ${c('cyan', t.event)}${t.children.length ? ` (${t.children.join(', ')})` : ''}`;
    out.push(t.cite ? `${head}  ${c('dim', `[${t.cite}]`)}` : head);
    // Each process as the registry says: child protection and the PLO always, the rest once begun.
    const states = statesLine(t.states, procs);
    if (states !== prevStates) out.push(`${' '.repeat(dateWidth + 2)}${c('dim', '→ ' + states)}`);
    prevStates = states;
    if (options.notes && t.note) out.push(`${' '.repeat(dateWidth + 2)}${c('dim', `note: ${t.note}`)}`);
    const possible: Finding[] = [];
    for (const i of t.findings) {
      const f = result.findings[i]!;
      if (!show(f)) continue;
      if (collapse && f.certainty === 'possible') possible.push(f);
      else out.push(...renderFinding(f, dateWidth + 2, width, c));
    }
    if (possible.length) {
      out.push(...renderPossibleLine(possible, dateWidth + 2, width, c));
      collapsed = true;
    }
  }

  out.push('');
  out.push(...renderSummary(result, c, options));
  if (collapsed) out.push(c('dim', '  Possible findings are one line per event above; --possible full prints each with what would settle it.'));
  return out.join('\n') + '\n';
}

/** At most this many facts are named on a collapsed line; the rest are counted. */
const MAX_FACTS = 5;

/**
 * The possible findings of one event as one (wrapped) line: how many, their rules in
 * order of appearance with a count where a rule fires more than once, and what would
 * settle them.
 */
export function renderPossibleLine(findings: readonly Finding[], indent: number, width: number, c: (s: Style, t: string) => string): string[] {
  const pad = ' '.repeat(indent);
  const rules = new Map<string, number>();
  for (const f of findings) rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
  const ruleList = [...rules].map(([rule, n]) => (n > 1 ? `${rule} ×${n}` : rule)).join(', ');
  const facts = settlingFacts(findings);
  const head = `? ${findings.length} possible:`;
  const text = `${head} ${ruleList}${facts.length ? ` — would settle ${findings.length === 1 ? 'it' : 'them'}: ${facts.join('; ')}` : ''}`;
  const lines = wrap(text, width - indent - 2);
  return lines.map((l, k) => (k === 0 ? `${pad}${c('yellow', head)}${l.slice(head.length)}` : `${pad}  ${l}`));
}

/**
 * What would settle a group of possible findings, deduplicated and shortened: the
 * authority's own values for several timescales become one fact, as do the exact dates
 * of several events; past MAX_FACTS the rest are counted.
 */
export function settlingFacts(findings: readonly Finding[]): string[] {
  const facts: string[] = [];
  const timescales: string[] = [];
  const dated: string[] = [];
  let timescalesAt = -1;
  let datesAt = -1;
  const add = (list: string[], x: string) => void (list.includes(x) || list.push(x));
  for (const f of findings) {
    for (const m of f.missing ?? []) {
      const local = /^the authority's own value for the timescale (\S+)$/.exec(m);
      const dates = /^exact dates of (.+)$/.exec(m);
      if (local) {
        if (timescalesAt < 0) timescalesAt = facts.push('') - 1;
        add(timescales, local[1]!);
      } else if (dates) {
        if (datesAt < 0) datesAt = facts.push('') - 1;
        for (const id of dates[1]!.split(/, | and /)) add(dated, id);
      } else if (!facts.includes(m)) facts.push(m);
    }
  }
  if (timescalesAt >= 0) {
    facts[timescalesAt] = timescales.length === 1 ? `the authority's own value for the timescale ${timescales[0]}` : `the authority's own values for the timescales ${andList(timescales)}`;
  }
  if (datesAt >= 0) facts[datesAt] = `exact dates of ${andList(dated)}`;
  if (facts.length <= MAX_FACTS) return facts;
  return [...facts.slice(0, MAX_FACTS), `${facts.length - MAX_FACTS} more`];
}

function andList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function renderFinding(f: Finding, indent: number, width: number, c: (s: Style, t: string) => string): string[] {
  const pad = ' '.repeat(indent);
  const mark = f.certainty === 'certain' ? c('red', '✖ certain') : c('yellow', '? possible');
  const lines = [`${pad}${mark} ${c('bold', f.rule)} ${c('dim', `(${f.severity}; ${f.children.join(', ') || 'case'})`)}`];
  for (const l of wrap(f.message, width - indent - 2)) lines.push(`${pad}  ${l}`);
  if (f.missing?.length) lines.push(`${pad}  ${c('dim', `would settle it: ${f.missing.join('; ')}`)}`);
  for (const l of wrap(`source: ${f.citation}`, width - indent - 2)) lines.push(`${pad}  ${c('magenta', l)}`);
  return lines;
}

export function renderSummary(result: ReplayResult, c: (s: Style, t: string) => string, options: TerminalOptions = {}): string[] {
  const out: string[] = [];
  const certain = result.findings.filter((f) => f.certainty === 'certain');
  const possible = result.findings.filter((f) => f.certainty === 'possible');
  out.push(c('bold', 'Summary'));
  out.push(`  ${result.timeline.length} events · ${c('red', `${certain.length} certain`)} · ${c('yellow', `${possible.length} possible`)} findings`);
  const byRule = new Map<string, { certain: number; possible: number; severity: string }>();
  for (const f of result.findings) {
    const r = byRule.get(f.rule) ?? { certain: 0, possible: 0, severity: f.severity };
    r[f.certainty]++;
    byRule.set(f.rule, r);
  }
  const rows = [...byRule.entries()].sort((a, b) => b[1].certain - a[1].certain || b[1].possible - a[1].possible || compareIds(a[0], b[0]));
  if (rows.length) {
    const w = Math.max(...rows.map(([id]) => id.length));
    out.push(`  ${'rule'.padEnd(w)}  severity  certain  possible`);
    for (const [id, r] of rows) {
      if (options.only !== undefined && r[options.only] === 0) continue;
      out.push(`  ${id.padEnd(w)}  ${r.severity.padEnd(8)}  ${String(r.certain).padStart(7)}  ${String(r.possible).padStart(8)}`);
    }
  }
  const overdue = result.deadlines.filter((d) => d.status === 'overdue' || d.status === 'met-late').length;
  const met = result.deadlines.filter((d) => d.status === 'met').length;
  const open = result.deadlines.filter((d) => d.status === 'open').length;
  out.push(`  statutory clocks: ${met} met in time, ${overdue} late or overdue, ${open} open, ${result.deadlines.filter((d) => d.status === 'closed').length} closed as unnecessary`);
  if (possible.length && result.coverage.kind !== 'record') {
    out.push(c('dim', '  "possible" findings rest on dates the source leaves vague or facts it does not state; each says what would settle it.'));
  }
  // A full record lacking a field a rule reads: one line per field and rule, counted.
  for (const w of result.warnings) {
    out.push(c('yellow', `  warning: ${w.count} ${w.field.split('.').slice(0, -1).join('.')} event${w.count === 1 ? '' : 's'} of this record lack${w.count === 1 ? 's' : ''} ${w.field.split('.').at(-1)}, which ${w.rule} reads (taken as unknown)`));
  }
  if (result.notAssessable.length) {
    out.push(c('dim', `  not assessable from this source's coverage (no finding either way): ${result.notAssessable.join(', ')}`));
  }
  return out;
}

/** Words of `text` in lines of at most `width` characters (a longer word has a line of its own). */
export function wrap(text: string, width: number): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}
