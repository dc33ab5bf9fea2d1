/**
 * Everything the HTML viewer shows, computed in Node from a replay: one entry per
 * timeline step (event, date, where each machine stands, findings), the statutory
 * clocks once each (an indexed table: what each is, its due date and the status it has
 * from each step on), plus the findings with what the process allowed at the state
 * before their event. The page embeds this as JSON and only renders it; the browser
 * does no calendar work: the working days left are one subtraction of the working-day
 * numbers computed here (see {@link WorkingDayMark} and `CLOCKS_AT_STEP` in
 * viewer-client.ts, which derives the clocks of a step from this table).
 *
 * Clocks at a step: a clock is shown from the step of its `startedBy` event. Until
 * the step of its `metBy` or `closedBy` event it is running (or overdue once the
 * step's earliest day is past the latest due day; "may be overdue" when only some of
 * the dates the source allows put it past due); from that step on it carries its final
 * status (met, met late, closed, or overdue). Working days left run from the step's
 * date to the due date on the England and Wales calendar, as a range when either date
 * is vague; negative numbers are working days past due.
 *
 * Size: a step holds no clock, so the data grows with steps plus clocks, not with
 * their product (a 1,000-event case embedded every clock at every step: 7 MB).
 *
 * Free-text notes are copied only when asked for: chronologies hold children's data.
 */
import { type Day, formatDay } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import { type Process, type ProcessId, processes } from '../engine/processes.js';
import type { Chronology, DeadlineEntry, Finding, MachineStates, ReplayResult, TimelineEntry } from '../engine/types.js';
import { fillTimescales, timescale, valueOn } from '../law/timescales.js';
import { RULES, ruleById } from '../rules/index.js';
import { type Fact, decisionOptions, eventFacts, eventName } from './event-words.js';
import { machineGraph } from './diagram.js';
import { childrenIn, initialStates, stateIn } from './states.js';
import type { Trace } from './viewer-trace.js';

export type ClockStatus = 'running' | 'overdue' | 'met' | 'met-late' | 'closed';

export interface ClockView {
  rule: string;
  label: string;
  children: string[];
  startedBy: string;
  /** Date text of the starting event. */
  started: string;
  /** `YYYY-MM-DD`, or `YYYY-MM-DD..YYYY-MM-DD` when the due date is vague; absent when nothing is due by a date. */
  due?: string;
  /** The status at the end of the replay. */
  final: DeadlineEntry['status'];
  certainty?: 'certain' | 'possible';
  startStep: number;
  /** Step of the event that met or closed it; absent while it never was. */
  endStep?: number;
  endedBy?: string;
  /**
   * The status from a step on, each holding until the next: the first from `startStep`;
   * from `endStep` (when there is one) the final status. `mayBeOverdue` as in {@link ClockAtStep}.
   */
  phases: ClockPhase[];
  /** Working-day marks of the earliest and latest due day; absent when nothing is due by a date. */
  dueDays?: [WorkingDayMark, WorkingDayMark];
}

export interface ClockPhase {
  from: number;
  status: ClockStatus;
  mayBeOverdue?: true;
}

/**
 * A day for counting working days without a calendar: `[day, before, through]`, the
 * day (days since 1970-01-01), and the England and Wales working days before it and up
 * to and including it, both counted from one day of the report. The signed working
 * days from `f` to `t` (`signedWorkingDays`) are then
 * `t[0] >= f[0] ? max(0, t[2] - f[1] - 1) : min(0, t[1] - f[2] + 1)`.
 */
export type WorkingDayMark = [day: number, before: number, through: number];

/** A clock as it stands at one step: derived in the page from `clocks` (`CLOCKS_AT_STEP`), not embedded. */
export interface ClockAtStep {
  /** Index into `clocks`. */
  clock: number;
  status: ClockStatus;
  /** Running, but some of the allowed dates put the step past the due date. */
  mayBeOverdue?: boolean;
  /** Working days from the step's date to the due date: [fewest, most]; negative once past due. */
  daysLeft?: [number, number];
  /** The clock met, or closed, at this very step. */
  endsHere?: boolean;
}

export interface AllowedTransition {
  event: string;
  /** Labels of the states it may lead to; empty when it is recorded without moving. */
  to: string[];
}

/** Where one machine stood just before a finding's event, and what it allowed. */
export interface AllowedView {
  process: ProcessId;
  processLabel: string;
  /** For per-child machines: the children who stood in this state (one view for all of them). */
  children?: string[];
  state: string;
  stateLabel: string;
  stateDescription: string;
  stateCitation: string;
  allowed: AllowedTransition[];
  /** Does this machine step on the event's type at all? */
  handlesEvent: boolean;
  /** Was the event's type among the transitions allowed from `state`? */
  eventAllowed: boolean;
}

export interface FindingView {
  rule: string;
  title: string;
  severity: Finding['severity'];
  certainty: Finding['certainty'];
  message: string;
  citation: string;
  missing?: string[];
  compliant?: string;
  firesWhen?: string;
  children: string[];
  /** The step the finding is shown at. */
  step: number;
  events: { id: string; cite?: string; step?: number; dateText?: string }[];
  eventType?: string;
  allowed: AllowedView[];
}

export interface StepView {
  event: string;
  type: string;
  dateText: string;
  /** `YYYY-MM-DD` earliest and latest. */
  earliest: string;
  latest: string;
  children: string[];
  cite?: string;
  note?: string;
  /** "Step k of n: <event> (<type>), <date>, cite: <cite>". */
  heading: string;
  /** The event type's plain name ("conference held"). */
  name: string;
  /** The event's recorded fields in plain words (never its note); empty without the chronology. */
  facts: Fact[];
  /** Fields of its type the source did not record, in words. */
  notRecorded: string[];
  /**
   * Quiz "what went wrong here?": rule ids to choose from, in a fixed order per case and
   * event (see {@link quizChoices}); `""` is "nothing went wrong here".
   */
  quiz: string[];
  /** At a decision the quiz lets a room take (strategy discussion, conference, legal planning meeting): the decision recorded, as the file has it. */
  decision?: string;
  states: MachineStates;
  /** Human labels of `states`, in the same shape. */
  labels: MachineStates;
  findings: number[];
  /** Working-day marks of `earliest` and `latest`. */
  days: [WorkingDayMark, WorkingDayMark];
}

export interface ViewerData {
  format: 'casepath-viewer';
  /** 2: clocks once in `clocks` (with `phases`), none in the steps. */
  version: 2;
  case: string;
  title?: string;
  source?: string;
  asOf: string;
  completeness: ReplayResult['completeness'];
  children: string[];
  processes: ProcessId[];
  /** Every process of the registry the page can show, in display order (id, key in `states`, scope, name, initial state). */
  processInfo: ProcessInfo[];
  notes: boolean;
  steps: StepView[];
  findings: FindingView[];
  clocks: ClockView[];
  /** Titles of the rules the findings and the quiz name, by rule id. */
  rules: Record<string, string>;
  /** The decision values a room may choose (quiz "decide"), by event type, for the decision types the case has. */
  decisions: Record<string, string[]>;
  trace?: Trace;
  /**
   * Set by the what-if client on data it passes to the viewer: the fields edited, by
   * event id. The page marks those events "edited: what-if" and shows a banner.
   */
  edited?: Record<string, string[]>;
}

/** Event types at which the quiz asks the room to decide (strategy discussion, conference, legal planning meeting). */
export const DECIDE_TYPES: readonly string[] = ['strategy.held', 'conference.held', 'legal.planning-meeting'];

/** FNV-1a, 32 bits: a stable order for the quiz's choices, the same on every run and in the browser. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The quiz's choices for one step: the rules that did find something here (at most
 * three, certain ones first, as given), plausible others that found nothing here (rules
 * that look at this type of event, then any rule), to `size` choices in all and at least
 * two wrong ones, plus "nothing went wrong" (`""`).
 * Ordered by a hash of the case, the event and the rule, so a rerun shows the same
 * choices in the same order, and the right ones do not always come first.
 */
export function quizChoices(caseId: string, event: string, type: string, right: readonly string[], size = 4): string[] {
  const picked = [...new Set(right)].slice(0, 3);
  const key = (rule: string) => hash(`${caseId}\u0000${event}\u0000${rule}`);
  const others = RULES.map((r) => r.id).filter((id) => !right.includes(id) && id !== 'process-deviation');
  const looks = (id: string) => {
    const r = ruleById(id)!;
    return (r.appliesTo ?? []).includes(type as never) || (r.needs?.events ?? []).includes(type as never);
  };
  const plausible = others.filter(looks).sort((a, b) => key(a) - key(b));
  const rest = others.filter((id) => !looks(id)).sort((a, b) => key(a) - key(b));
  const choices = [...picked, ...plausible, ...rest].slice(0, Math.max(size, picked.length + 2));
  choices.push('');
  return choices.sort((a, b) => key(a) - key(b) || (a < b ? -1 : 1));
}

export interface ProcessInfo {
  id: ProcessId;
  key: string;
  scope: 'child' | 'case';
  name: string;
  /** Short name for one line ("PLO"). */
  label: string;
  initial: string;
  show: 'always' | 'once-begun';
}

export interface ViewerDataOptions {
  /** Include free-text notes (off by default). */
  notes?: boolean;
  /** The loaded chronology: source document and the cites of events outside the timeline (omissions). */
  chronology?: Chronology;
  trace?: Trace;
}

/** Display name of each process (from the registry). */
export function processLabel(id: ProcessId): string {
  return processes().get(id).name;
}

/** Working days from `from` to `to` (negative when `to` is earlier), England and Wales calendar. */
export function signedWorkingDays(from: Day, to: Day): number {
  return to >= from ? england.countWorkingDays(from, to) : -england.countWorkingDays(to, from);
}

function windowText(earliest: Day, latest: Day): string {
  return earliest === latest ? formatDay(earliest) : `${formatDay(earliest)}..${formatDay(latest)}`;
}

function processOf(id: ProcessId): Process {
  return processes().get(id);
}

function labelsOf(states: MachineStates): MachineStates {
  const out: Record<string, unknown> = {};
  for (const p of processes().all) {
    const v = (states as unknown as Record<string, unknown>)[p.key];
    if (p.scope === 'child') out[p.key] = Object.fromEntries(Object.entries((v ?? {}) as Record<string, string>).map(([c, s]) => [c, p.describe(s).label]));
    else if (typeof v === 'string') out[p.key] = p.describe(v).label;
  }
  return out as unknown as MachineStates;
}

/** Transitions out of a state, by event type, with the states each may lead to. */
const graphs = new WeakMap<Process, ReturnType<typeof machineGraph>>();
function allowedFrom(proc: Process, state: string): AllowedTransition[] {
  let graph = graphs.get(proc);
  if (!graph) {
    graph = machineGraph(proc.machine);
    graphs.set(proc, graph);
  }
  const label = (key: string) => graph.states.find((s) => s.key === key)?.label ?? key;
  const g = graph;
  return proc.allowedEvents(state).map((event) => ({
    event,
    to: g.edges.filter((e) => e.from === state && e.transitions.some((t) => t.event === event)).map((e) => label(e.to)),
  }));
}

function stateOf(states: MachineStates, id: ProcessId, child?: string): string | undefined {
  return stateIn(states, processOf(id), child);
}

/** What each relevant machine allowed at the state before a finding's event. */
function allowedViews(result: ReplayResult, finding: Finding, step: number, entry: TimelineEntry | undefined, allChildren: readonly string[]): AllowedView[] {
  const before = step > 0 ? result.timeline[step - 1]!.states : initialStates(processes().all, allChildren);
  const type = entry?.type;
  const inUse = result.processes.length ? result.processes : processes().all.filter((p) => p.show === 'always').map((p) => p.id);
  let relevant = inUse.filter((id) => type !== undefined && processOf(id).handles.has(type));
  const handled = relevant.length > 0;
  // No machine steps on this event (a challenge, a note): show where the case stood.
  if (!handled) relevant = inUse.filter((id) => processOf(id).show === 'always');
  const children = finding.children.length ? finding.children : entry?.children.length ? entry.children : allChildren;
  const views: AllowedView[] = [];
  for (const id of relevant) {
    const proc = processOf(id);
    for (const child of proc.scope === 'child' ? children : [undefined]) {
      const state = stateOf(before, id, child);
      if (state === undefined) continue;
      // Children standing in the same state share one view.
      const same = views.find((v) => v.process === id && v.state === state && v.children);
      if (same && child !== undefined) {
        same.children!.push(child);
        continue;
      }
      const d = proc.describe(state);
      const allowed = allowedFrom(proc, state);
      views.push({
        process: id,
        processLabel: processLabel(id),
        ...(child !== undefined ? { children: [child] } : {}),
        state,
        stateLabel: d.label,
        stateDescription: d.description,
        stateCitation: d.citation,
        allowed,
        handlesEvent: handled,
        eventAllowed: type !== undefined && allowed.some((a) => a.event === type),
      });
    }
  }
  return views;
}

const SEVERITY_ORDER = { breach: 0, fault: 1, advisory: 2 } as const;
/** Certain before possible, then breach, fault, advisory: what a trainer raises first. */
function findingOrder(f: Finding): number {
  return (f.certainty === 'certain' ? 0 : 3) + SEVERITY_ORDER[f.severity];
}

/**
 * A clock's status from each step on: running, overdue or "may be overdue" by the
 * step's dates until the step that ends it, then its final status. A new phase only
 * where the status changes.
 */
function clockPhases(d: DeadlineEntry, startStep: number, endStep: number | undefined, timeline: readonly TimelineEntry[]): ClockPhase[] {
  const phases: ClockPhase[] = [];
  const push = (p: ClockPhase) => {
    const last = phases[phases.length - 1];
    if (last && last.status === p.status && last.mayBeOverdue === p.mayBeOverdue) return;
    phases.push(p);
  };
  const runUntil = endStep ?? timeline.length;
  for (let k = startStep; k < runUntil; k++) {
    const w = timeline[k]!.window;
    if (d.due && w.earliest > d.due.latest) push({ from: k, status: 'overdue' });
    else if (d.due && w.latest > d.due.earliest) push({ from: k, status: 'running', mayBeOverdue: true });
    else push({ from: k, status: 'running' });
  }
  if (endStep !== undefined) phases.push({ from: endStep, status: d.status === 'open' ? 'running' : d.status });
  // An empty timeline: the clock still has a status.
  if (!phases.length) phases.push({ from: startStep, status: 'running' });
  return phases;
}

/** Build the viewer's data from a replay. Pure. */
export function buildViewerData(result: ReplayResult, options: ViewerDataOptions = {}): ViewerData {
  const notes = options.notes === true;
  const timeline = result.timeline;
  const n = timeline.length;
  const stepOf = new Map<string, number>();
  timeline.forEach((t, i) => {
    if (!stepOf.has(t.event)) stepOf.set(t.event, i);
  });
  const allChildren = options.chronology?.children ?? [...new Set(timeline.flatMap((t) => childrenIn(t.states, processes().all)))];

  // Working-day marks, counted from the first day the page shows (which may be the
  // calendar's first supported day, so nothing earlier is asked of it).
  let first = Infinity;
  for (const t of timeline) first = Math.min(first, t.window.earliest, t.window.latest);
  for (const d of result.deadlines) if (d.due) first = Math.min(first, d.due.earliest, d.due.latest);
  const base = Number.isFinite(first) ? first : 0;
  const firstWorking = timeline.length || result.deadlines.length ? england.nextWorkingDay(base) : base;
  const mark = (d: Day): WorkingDayMark => {
    // Working days from `base` up to and including `d`.
    const through = d >= firstWorking ? england.countWorkingDays(base, d) + 1 : 0;
    return [d, through - (england.isWorkingDay(d) ? 1 : 0), through];
  };

  // Clocks: when each starts and ends on the timeline, and its status from each step on.
  const clocks: ClockView[] = result.deadlines.map((d) => {
    const startStep = stepOf.get(d.startedBy) ?? 0;
    const endedBy = d.metBy ?? d.closedBy;
    let endStep = endedBy !== undefined ? stepOf.get(endedBy) : undefined;
    // Met by something outside the timeline: it ends with the replay.
    if (endedBy !== undefined && endStep === undefined) endStep = n - 1;
    if (endStep !== undefined && endStep < startStep) endStep = startStep;
    return {
      rule: d.rule,
      label: d.label,
      children: d.children,
      startedBy: d.startedBy,
      started: timeline[startStep]?.dateText ?? '',
      ...(d.due ? { due: windowText(d.due.earliest, d.due.latest) } : {}),
      final: d.status,
      ...(d.certainty ? { certainty: d.certainty } : {}),
      startStep,
      ...(endStep !== undefined ? { endStep } : {}),
      ...(endedBy !== undefined ? { endedBy } : {}),
      phases: clockPhases(d, startStep, endStep, timeline),
      ...(d.due ? { dueDays: [mark(d.due.earliest), mark(d.due.latest)] as [WorkingDayMark, WorkingDayMark] } : {}),
    };
  });

  // Rule texts name their timescales ({core-group-first}); the page shows the national value
  // in force on the case's as-of day (a finding's own message states the value it applied).
  const filled = (text: string) => fillTimescales(text, (x) => valueOn(timescale(x).values, result.asOf));
  const ruleTitles: Record<string, string> = {};
  const titleOf = (id: string) => {
    if (id && !(id in ruleTitles)) ruleTitles[id] = filled(ruleById(id)?.title ?? id);
  };
  const steps: StepView[] = timeline.map((t, k) => {
    const ordered = [...t.findings].sort((a, b) => findingOrder(result.findings[a]!) - findingOrder(result.findings[b]!) || a - b);
    const source = options.chronology?.byId.get(t.event) as Record<string, unknown> | undefined;
    const { facts, notRecorded } = eventFacts(source);
    const decision = DECIDE_TYPES.includes(t.type) && typeof source?.['decision'] === 'string' ? (source['decision'] as string) : undefined;
    const quiz = quizChoices(result.case, t.event, t.type, ordered.map((i) => result.findings[i]!.rule));
    quiz.forEach(titleOf);
    return {
    event: t.event,
    type: t.type,
    dateText: t.dateText,
    earliest: formatDay(t.window.earliest),
    latest: formatDay(t.window.latest),
    children: t.children,
    ...(t.cite !== undefined ? { cite: t.cite } : {}),
    ...(notes && t.note !== undefined ? { note: t.note } : {}),
    heading: `Step ${k + 1} of ${n}: ${t.event} (${t.type}), ${t.dateText}${t.cite ? `, cite: ${t.cite}` : ''}`,
    name: eventName(t.type),
    facts,
    notRecorded,
    quiz,
    ...(decision !== undefined ? { decision } : {}),
    states: t.states,
    labels: labelsOf(t.states),
    findings: ordered,
    days: [mark(t.window.earliest), mark(t.window.latest)],
    };
  });
  const decisions: Record<string, string[]> = {};
  for (const t of timeline) {
    if (!DECIDE_TYPES.includes(t.type) || decisions[t.type]) continue;
    const opts = decisionOptions(t.type);
    if (opts) decisions[t.type] = opts;
  }

  // Findings: the step each is shown at (its timeline entry lists it), else its first event's step.
  const findingStep = new Map<number, number>();
  timeline.forEach((t, k) => t.findings.forEach((i) => findingStep.has(i) || findingStep.set(i, k)));
  const citeOf = (id: string): string | undefined => {
    const k = stepOf.get(id);
    if (k !== undefined) return timeline[k]!.cite;
    const ev = options.chronology?.byId.get(id) as { cite?: string } | undefined;
    return ev?.cite;
  };
  const findings: FindingView[] = result.findings.map((f, i) => {
    const step = findingStep.get(i) ?? stepOf.get(f.events[0] ?? '') ?? Math.max(0, n - 1);
    const entry = timeline[step];
    const rule = ruleById(f.rule);
    titleOf(f.rule);
    return {
      rule: f.rule,
      title: filled(rule?.title ?? f.rule),
      severity: f.severity,
      certainty: f.certainty,
      message: f.message,
      citation: f.citation,
      ...(f.missing?.length ? { missing: f.missing } : {}),
      ...(f.compliant ? { compliant: f.compliant } : {}),
      ...(rule ? { firesWhen: filled(rule.firesWhen) } : {}),
      children: f.children,
      step,
      events: f.events.map((id) => {
        const cite = citeOf(id);
        const s = stepOf.get(id);
        return { id, ...(cite !== undefined ? { cite } : {}), ...(s !== undefined ? { step: s, dateText: timeline[s]!.dateText } : {}) };
      }),
      ...(entry ? { eventType: entry.type } : {}),
      allowed: allowedViews(result, f, step, entry, allChildren),
    };
  });

  const source = options.chronology?.source?.document;
  return {
    format: 'casepath-viewer',
    version: 2,
    case: result.case,
    ...(result.title !== undefined ? { title: result.title } : {}),
    ...(source !== undefined ? { source } : {}),
    asOf: formatDay(result.asOf),
    completeness: result.completeness,
    children: [...allChildren],
    processes: result.processes,
    processInfo: processes().all.map((p) => ({ id: p.id, key: p.key, scope: p.scope, name: p.name, label: p.label, initial: p.initial, show: p.show })),
    notes,
    steps,
    findings,
    clocks,
    rules: ruleTitles,
    decisions,
    ...(options.trace ? { trace: options.trace } : {}),
  };
}

/**
 * The data as the page embeds it: the parts that repeat factored out into tables, so a
 * 1,000-event case with 700 findings stays under 3 MB. Each finding's "where the machine
 * stood" views name a row of `packed.states` (label, description, source, allowed steps:
 * the same for every finding at that state); rule titles and "fires when" come from
 * `rules` and `packed.firesWhen`; step labels from `packed.labels` (a state's label, by
 * process). `INFLATE_VIEWER_DATA` in viewer-client.ts undoes it exactly, in the page and
 * in the tests.
 */
export interface PackedViewerData extends Omit<ViewerData, 'steps' | 'findings'> {
  packed: {
    states: Omit<AllowedView, 'children' | 'handlesEvent' | 'eventAllowed'>[];
    firesWhen: Record<string, string>;
    labels: Record<string, Record<string, string>>;
  };
  steps: Omit<StepView, 'labels'>[];
  findings: (Omit<FindingView, 'allowed' | 'title' | 'firesWhen'> & { allowed: { s: number; children?: string[]; handlesEvent: boolean; eventAllowed: boolean }[] })[];
}

export function packViewerData(data: ViewerData): PackedViewerData {
  const states: PackedViewerData['packed']['states'] = [];
  const index = new Map<string, number>();
  const firesWhen: Record<string, string> = {};
  const findings = data.findings.map((f) => {
    const { allowed, title: _title, firesWhen: fw, ...rest } = f;
    if (fw !== undefined) firesWhen[f.rule] = fw;
    return {
      ...rest,
      allowed: allowed.map((a) => {
        const { children, handlesEvent, eventAllowed, ...state } = a;
        const key = JSON.stringify(state);
        let s = index.get(key);
        if (s === undefined) {
          s = states.length;
          states.push(state);
          index.set(key, s);
        }
        return { s, ...(children ? { children } : {}), handlesEvent, eventAllowed };
      }),
    };
  });
  const labels: Record<string, Record<string, string>> = {};
  const info = new Map(data.processInfo.map((p) => [p.key, p]));
  const steps = data.steps.map((s) => {
    const { labels: l, ...rest } = s;
    for (const [key, v] of Object.entries(l as unknown as Record<string, unknown>)) {
      const p = info.get(key);
      if (!p) continue;
      const table = (labels[p.id] ??= {});
      const st = (s.states as unknown as Record<string, unknown>)[key];
      if (p.scope === 'child') for (const [c, lab] of Object.entries(v as Record<string, string>)) table[(st as Record<string, string>)[c]!] = lab;
      else if (typeof v === 'string') table[st as string] = v;
    }
    return rest;
  });
  const rules = { ...data.rules };
  for (const f of data.findings) rules[f.rule] ??= f.title;
  return { ...data, rules, steps, findings, packed: { states, firesWhen, labels } };
}
