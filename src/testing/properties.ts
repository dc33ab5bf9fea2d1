/**
 * casepath's property suite, as plain functions a case-management system can run on its
 * own chronologies (objects as a JSON file holds them), with or without fast-check.
 * Each check is pure (no I/O, no clock: pass `asOf` or give the file one) and returns
 * `{ ok: true }` — with `skipped` when its precondition does not hold for that input —
 * or `{ ok: false, reason }` naming what differs.
 *
 * | check | statement |
 * | --- | --- |
 * | {@link checkReplayNeverThrows} | loading either succeeds and replay returns a well-formed result, or fails with issues (the CLI's exit 2) — never an exception |
 * | {@link checkNoFindings} / {@link checkFindsRule} | the findings a test expects |
 * | {@link checkIncrementalEqualsBatch} | replaying a prefix gives the full replay's settled findings on that prefix (statement below) |
 * | {@link checkOrderInvariance} | reordering same-day independent events changes no finding |
 * | {@link checkEncodingInvariance} | the same chronology as JSON text and as YAML text gives the same replay |
 * | {@link checkNarrowingMonotone} | narrowing dates keeps every certain finding certain and creates no finding the wider dates did not allow |
 * | {@link checkDeadlinesOnWorkingDays} | a working-day clock never falls due on a weekend or bank holiday |
 * | {@link checkDeadlinesConsistent} | each clock appears once in `deadlines`, and a closed one is not reported open |
 * | {@link checkCertainFindingsSettled} | a `certain` finding lists nothing `missing` |
 * | {@link checkEnginesAgree} | the compiled tables and XState's own `transition()` give the same replay |
 * | {@link checkRecordAtLeastAsCertain} | declaring a chronology a full `record` never makes a finding less certain or drop it |
 */
import YAML from 'yaml';
import { type Day, formatDay } from '../calendar/day.js';
import { england } from '../calendar/working-days.js';
import { type ResolvedConfig, withLocalValuesStated } from '../config.js';
import type { EngineKind } from '../engine/processes.js';
import type { Chronology, Finding, ReplayResult } from '../engine/types.js';
import { InvalidChronologyError, type Issue, type IssueCode, formatIssue } from '../issues.js';
import { loadChronologyData, loadChronologyText } from '../load.js';
import { replay } from '../index.js';
import { RULES } from '../rules/index.js';
import { EVENT_META, type EventType, valuesAt } from '../schema/events.js';

export type PropertyResult = { ok: true; skipped?: string } | { ok: false; reason: string };

export interface CheckOptions {
  /**
   * Rules, parameters and timescales. Default: the national defaults with every local
   * timescale stated at its typical value ({@link withLocalValuesStated}), so a check judges
   * each limit rather than doubting the ones national law does not set.
   */
  config?: ResolvedConfig;
  engine?: EngineKind;
  /** Judge open deadlines at this day (`YYYY-MM-DD`); default the file's `asOf`. */
  asOf?: string;
}

type Data = Record<string, unknown>;
type Fields = Record<string, unknown>;

const OK: PropertyResult = { ok: true };
const fail = (reason: string): PropertyResult => ({ ok: false, reason });
const skip = (skipped: string): PropertyResult => ({ ok: true, skipped });

const ISSUE_CODES: ReadonlySet<IssueCode> = new Set<IssueCode>([
  'file-not-found',
  'unsupported-format',
  'parse-error',
  'invalid-field',
  'unknown-event-type',
  'duplicate-id',
  'unknown-reference',
  'unknown-child',
  'bad-date',
  'contradictory-dates',
  'invalid-config',
]);

function load(input: unknown): { ok: true; chronology: Chronology } | { ok: false; issues: Issue[] } {
  return loadChronologyData(input, 'property');
}

let stated: ResolvedConfig | undefined;
function run(chronology: Chronology, options: CheckOptions, timeline = false): ReplayResult {
  return replay(chronology, {
    timeline,
    config: options.config ?? (stated ??= withLocalValuesStated()),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.asOf ? { asOf: options.asOf } : {}),
  });
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}${err.stack ? ` @ ${err.stack.split('\n').slice(1, 3).join(' ').trim()}` : ''}`;
  return String(err);
}

/**
 * A finding as a comparable string (children sorted: their order is emission order). With
 * `messageAsWords`, for findings whose same-day events may be listed in either order, the
 * message is compared as a multiset of words and `missing` as a set of items: both name
 * such events (or their concerns) in listing order.
 */
export function findingKey(f: Finding, messageAsWords = false): string {
  return JSON.stringify({
    rule: f.rule,
    severity: f.severity,
    certainty: f.certainty,
    children: [...f.children].sort(),
    events: f.events,
    at: f.at,
    message: messageAsWords ? f.message.split(/[\s,.;:()]+/).filter(Boolean).sort().join(' ') : f.message,
    citation: f.citation,
    missing: messageAsWords ? [...(f.missing ?? [])].sort() : (f.missing ?? []),
    compliant: f.compliant ?? '',
  });
}

/** Multiset difference of two finding lists, as short text (empty when equal). */
function diffFindings(a: readonly Finding[], b: readonly Finding[], left: string, right: string, messageAsWords = false): string {
  const ka = a.map((f) => findingKey(f, messageAsWords)).sort();
  const kb = b.map((f) => findingKey(f, messageAsWords)).sort();
  const onlyA = [...ka];
  const onlyB: string[] = [];
  for (const k of kb) {
    const i = onlyA.indexOf(k);
    if (i >= 0) onlyA.splice(i, 1);
    else onlyB.push(k);
  }
  if (!onlyA.length && !onlyB.length) return '';
  const show = (xs: string[]) => xs.slice(0, 3).join('\n    ') + (xs.length > 3 ? `\n    … and ${xs.length - 3} more` : '');
  return [onlyA.length ? `only in ${left}:\n    ${show(onlyA)}` : '', onlyB.length ? `only in ${right}:\n    ${show(onlyB)}` : ''].filter(Boolean).join('\n  ');
}

// ---------------------------------------------------------------------------
// Never throws; well-formed results

/**
 * Loading `input` either fails with well-formed issues (each with a known code, the file,
 * a path and a message; and `replay` then throws `InvalidChronologyError`: the CLI's
 * exit 2), or succeeds and replay returns a well-formed result (see
 * {@link checkResultWellFormed}). Any other exception fails the check.
 */
export function checkReplayNeverThrows(input: unknown, options: CheckOptions & { expectIssue?: IssueCode } = {}): PropertyResult {
  let loaded: ReturnType<typeof load>;
  try {
    loaded = load(input);
  } catch (err) {
    return fail(`the loader threw ${errorText(err)}`);
  }
  if (!loaded.ok) {
    if (!loaded.issues.length) return fail('the loader failed with no issue');
    for (const i of loaded.issues) {
      if (!ISSUE_CODES.has(i.code)) return fail(`issue with unknown code ${JSON.stringify(i.code)}`);
      if (i.file !== 'property' || typeof i.path !== 'string' || typeof i.message !== 'string' || !i.message) return fail(`malformed issue ${JSON.stringify(i)}`);
      try {
        formatIssue(i);
      } catch (err) {
        return fail(`formatIssue threw ${errorText(err)}`);
      }
    }
    if (options.expectIssue && !loaded.issues.some((i) => i.code === options.expectIssue)) {
      return fail(`expected an issue ${options.expectIssue}; got ${loaded.issues.map((i) => i.code).join(', ')}`);
    }
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      try {
        replay(input as Data, options.asOf ? { asOf: options.asOf } : {});
        return fail('replay accepted an input the loader refuses');
      } catch (err) {
        if (!(err instanceof InvalidChronologyError)) return fail(`replay of an invalid input threw ${errorText(err)} instead of InvalidChronologyError`);
      }
    }
    return OK;
  }
  if (options.expectIssue) return fail(`expected an issue ${options.expectIssue}; the input loaded`);
  let result: ReplayResult;
  try {
    result = run(loaded.chronology, options, true);
  } catch (err) {
    return fail(`replay threw ${errorText(err)}`);
  }
  return checkResultWellFormed(result, loaded.chronology, options);
}

/**
 * A replay result is well formed: every finding names a known rule with that rule's
 * severity, its children are children of the case (at least one), its events exist (the
 * first is the event it is attached to), its window is a window, and it has a message
 * and a citation; the timeline has one entry per dated event, in order.
 */
export function checkResultWellFormed(result: ReplayResult, chronology: Chronology, options: CheckOptions = {}): PropertyResult {
  const rules = new Map((options.config?.rules ?? RULES).map((r) => [r.id, r]));
  for (const f of result.findings) {
    const where = `${f.rule} on ${f.events.join(', ')}`;
    const rule = rules.get(f.rule);
    if (!rule) return fail(`finding of unknown rule ${f.rule}`);
    if (rule.severity !== f.severity) return fail(`${where}: severity ${f.severity}, the rule's is ${rule.severity}`);
    if (f.certainty !== 'certain' && f.certainty !== 'possible') return fail(`${where}: certainty ${String(f.certainty)}`);
    if (!f.children.length) return fail(`${where}: no children`);
    for (const c of f.children) if (!chronology.children.includes(c)) return fail(`${where}: unknown child ${c}`);
    if (!f.events.length) return fail(`finding of ${f.rule} names no event`);
    for (const e of f.events) if (!chronology.byId.has(e)) return fail(`${where}: unknown event ${e}`);
    if (!(f.at.earliest <= f.at.latest)) return fail(`${where}: window ${f.at.earliest}..${f.at.latest}`);
    if (!f.message || !f.citation) return fail(`${where}: no message or citation`);
  }
  if (result.timeline.length && result.timeline.length !== chronology.events.length) {
    return fail(`timeline has ${result.timeline.length} entries for ${chronology.events.length} dated events`);
  }
  for (const [i, t] of result.timeline.entries()) {
    if (t.event !== chronology.events[i]!.id) return fail(`timeline entry ${i} is ${t.event}, expected ${chronology.events[i]!.id}`);
    for (const n of t.findings) if (!result.findings[n]) return fail(`timeline entry ${t.event} points at finding ${n}, which does not exist`);
  }
  return OK;
}

// ---------------------------------------------------------------------------
// Expected findings

function loadOrFail(input: unknown): { chronology: Chronology } | { result: PropertyResult } {
  const l = load(input);
  if (!l.ok) return { result: fail(`the chronology does not load: ${l.issues.map(formatIssue).join('; ')}`) };
  return { chronology: l.chronology };
}

/** Replay finds nothing (no rule, at any certainty). */
export function checkNoFindings(input: unknown, options: CheckOptions = {}): PropertyResult {
  const l = loadOrFail(input);
  if ('result' in l) return l.result;
  const r = run(l.chronology, options);
  if (!r.findings.length) return OK;
  return fail(`${r.findings.length} finding(s): ${r.findings.slice(0, 3).map((f) => `${f.rule} (${f.certainty}) on ${f.events.join(', ')}: ${f.message}`).join(' | ')}`);
}

export interface FindsRuleOptions extends CheckOptions {
  /** Certainty required (default `certain`). */
  certainty?: 'certain' | 'possible';
  /** Events one of the rule's findings must all name. */
  events?: readonly string[];
  /** When given: no finding of rules other than `rule` and these. */
  alsoAllowed?: readonly string[];
}

/** Replay finds `rule` (at the certainty asked), naming `events`; with `alsoAllowed`, nothing else. */
export function checkFindsRule(input: unknown, rule: string, options: FindsRuleOptions = {}): PropertyResult {
  const l = loadOrFail(input);
  if ('result' in l) return l.result;
  const r = run(l.chronology, options);
  const certainty = options.certainty ?? 'certain';
  const found = r.findings.filter((f) => f.rule === rule && (certainty === 'possible' || f.certainty === 'certain'));
  const summary = () => r.findings.map((f) => `${f.rule} (${f.certainty}) on ${f.events.join(', ')}`).join(' | ') || 'none';
  if (!found.length) return fail(`no ${certainty} finding of ${rule}; findings: ${summary()}`);
  const events = options.events ?? [];
  if (events.length && !found.some((f) => events.every((e) => f.events.includes(e)))) {
    return fail(`no finding of ${rule} names ${events.join(', ')}; findings: ${summary()}`);
  }
  if (options.alsoAllowed) {
    const others = r.findings.filter((f) => f.rule !== rule && !options.alsoAllowed!.includes(f.rule));
    if (others.length) return fail(`findings of other rules: ${others.map((f) => `${f.rule} (${f.certainty}) on ${f.events.join(', ')}: ${f.message}`).join(' | ')}`);
  }
  return OK;
}

// ---------------------------------------------------------------------------
// References between events (for prefixes and reordering)

interface Refs {
  /** Event ids referred to (directly, or as the anchor of a relative date). */
  ids: string[];
  concerns: string[];
  /** Ids that may name an event or a concern (`outcome.shared.of`). */
  eventsOrConcerns: string[];
  /** Ids that may name anything an omitted step could refer to (`omission.for`). */
  anything: string[];
  actions: string[];
  recommendations: string[];
}

function dateAnchors(spec: unknown, out: string[]): void {
  if (Array.isArray(spec)) for (const s of spec) dateAnchors(s, out);
  else if (spec && typeof spec === 'object') {
    const s = spec as { after?: unknown; before?: unknown };
    if (typeof s.after === 'string') out.push(s.after);
    if (typeof s.before === 'string') out.push(s.before);
  }
}

/** What an event refers to: read from the event type's own declaration (EVENT_META), as the loader does. */
function referencesOf(e: Fields): Refs {
  const r: Refs = { ids: [], concerns: [], eventsOrConcerns: [], anything: [], actions: [], recommendations: [] };
  const meta = EVENT_META[String(e['type']) as EventType];
  dateAnchors(e['at'], r.ids);
  dateAnchors(e['until'], r.ids);
  if (!meta) return r;
  for (const { path } of meta.dates) for (const { value } of valuesAt(e, path)) dateAnchors(value, r.ids);
  for (const { path, to } of meta.refs) {
    for (const { value } of valuesAt(e, path)) {
      if (typeof value !== 'string') continue;
      const into = { event: r.ids, concern: r.concerns, 'event-or-concern': r.eventsOrConcerns, any: r.anything, action: r.actions, recommendation: r.recommendations }[to.kind];
      into.push(value);
    }
  }
  return r;
}

/** Does every reference of these events point inside them? */
function closed(events: readonly Fields[]): boolean {
  const ids = new Set(events.map((e) => String(e['id'])));
  const concerns = new Set(events.filter((e) => e['type'] === 'concern.raised').map((e) => String(e['concern'])));
  const actions = new Set(events.filter((e) => e['type'] === 'plan.action-set').map((e) => String(e['action'])));
  const recs = new Set(
    events.flatMap((e) => (e['type'] === 'ombudsman.decided' || e['type'] === 'complaint.responded' ? ((e['recommendations'] as Fields[] | undefined) ?? []).map((r) => String(r['id'])) : [])),
  );
  return events.every((e) => {
    const r = referencesOf(e);
    return (
      r.ids.every((id) => ids.has(id)) &&
      r.concerns.every((c) => concerns.has(c)) &&
      r.eventsOrConcerns.every((x) => ids.has(x) || concerns.has(x)) &&
      r.anything.every((x) => ids.has(x) || concerns.has(x) || actions.has(x) || recs.has(x)) &&
      r.actions.every((a) => actions.has(a)) &&
      r.recommendations.every((x) => recs.has(x))
    );
  });
}

/** The chronology cut after its first `k` events, or `undefined` when an event of the prefix refers past the cut. */
export function prefixOf(data: Data, k: number): Data | undefined {
  const events = (data['events'] as Fields[]).slice(0, k);
  return closed(events) ? { ...data, events } : undefined;
}

// ---------------------------------------------------------------------------
// Incremental = batch

/**
 * Incremental replay equals batch replay. Statement: let C be a chronology whose dates
 * are all exact days and which has no `omission` events, and P the prefix of its first k
 * events (k a cut point: no event of P refers to an event after it). Replay both with
 * the same `asOf`. Call a finding *settled* when it is not the verdict on a clock still
 * open at the end of its replay (a clock finding judged at `asOf`: it names only the
 * event that started the clock, and `deadlines` lists that clock as open or overdue with
 * no event that met or closed it). Then the settled findings of C's replay that name
 * only events of P equal, as a multiset, the settled findings of P's replay.
 *
 * Why the preconditions: with vague dates, later events narrow earlier windows (so a
 * prefix replay is less certain, as it should be); an omission speaks for the whole
 * file, whatever its position. Without them the check is skipped (`skipped` says why).
 * `cut`: one cut point (the largest closed one at or below it); default every cut point.
 */
export function checkIncrementalEqualsBatch(input: Data, options: CheckOptions & { cut?: number } = {}): PropertyResult {
  const full = load(input);
  if (!full.ok) return skip('the chronology does not load');
  if (!full.chronology.dates.exact) return skip('not every date is an exact day');
  if (full.chronology.omissions.length) return skip('the chronology has omission events');
  const asOf = options.asOf ?? formatDay(full.chronology.asOf);
  const opts = { ...options, asOf };
  const batch = run(full.chronology, opts);
  const events = input['events'] as Fields[];
  const cuts: number[] = [];
  if (options.cut !== undefined) {
    for (let k = Math.min(options.cut, events.length); k >= 0; k--) {
      if (prefixOf(input, k)) {
        cuts.push(k);
        break;
      }
    }
  } else {
    for (let k = 0; k < events.length; k++) if (prefixOf(input, k)) cuts.push(k);
  }
  if (!cuts.length) return skip('no cut point');
  const settled = (r: ReplayResult) => {
    const open = new Set(r.deadlines.filter((d) => (d.status === 'open' || d.status === 'overdue') && !d.metBy && !d.closedBy).map((d) => `${d.rule}|${d.startedBy}`));
    return r.findings.filter((f) => !(f.events.length === 1 && open.has(`${f.rule}|${f.events[0]}`)));
  };
  const batchSettled = settled(batch);
  for (const k of cuts) {
    const prefix = prefixOf(input, k)!;
    const p = load(prefix);
    if (!p.ok) return fail(`the prefix of ${k} events does not load: ${p.issues.map(formatIssue).join('; ')}`);
    const ids = new Set(p.chronology.events.map((e) => e.id));
    const fromBatch = batchSettled.filter((f) => f.events.every((e) => ids.has(e)));
    const diff = diffFindings(fromBatch, settled(run(p.chronology, opts)), 'the full replay', `the replay of the first ${k} events`);
    if (diff) return fail(`cut after ${k} events:\n  ${diff}`);
  }
  return OK;
}

// ---------------------------------------------------------------------------
// Order invariance

/**
 * Event types whose same-day order cannot matter when their *targets* differ: none of
 * them moves a machine or meets a clock another could meet instead. The target is what
 * the event starts, settles or names.
 */
const COMMUTATIVE: Record<string, (e: Fields, concernOf: ReadonlyMap<string, string>) => string> = {
  'concern.raised': (e) => `concern:${String(e['concern'])}`,
  'concern.assessed': (e) => `concern:${String(e['concern'])}`,
  'outcome.shared': (e, concernOf) => `of:${concernOf.get(String(e['of'])) ?? String(e['of'])}`,
  'plan.action-set': (e) => `action:${String(e['action'])}`,
  'correspondence.received': (e) => String(e['id']),
  'commitment.made': (e) => String(e['id']),
  'support.offered': (e) => String(e['id']),
  note: (e) => String(e['id']),
};

const EXACT_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Runs of consecutive events (index lists) that may be listed in any order: the same
 * type (one of {@link COMMUTATIVE}), the same exact day, none `unordered`, none
 * referring to another of the run, and no two with the same target.
 */
export function sameDayIndependentRuns(data: Data): number[][] {
  const events = data['events'] as Fields[];
  const concernOf = new Map<string, string>();
  for (const e of events) if (e['type'] === 'concern.raised') {
    concernOf.set(String(e['id']), `concern:${String(e['concern'])}`);
    concernOf.set(String(e['concern']), `concern:${String(e['concern'])}`);
  }
  const outcomeKey = (e: Fields) => {
    const of = String(e['of']);
    const c = concernOf.get(of);
    return c ? `of:${c}` : `of:${of}`;
  };
  const key = (e: Fields) => (e['type'] === 'outcome.shared' ? outcomeKey(e) : COMMUTATIVE[String(e['type'])]!(e, concernOf));
  const runs: number[][] = [];
  let i = 0;
  while (i < events.length) {
    const e = events[i]!;
    const ok = (x: Fields) => String(x['type']) in COMMUTATIVE && typeof x['at'] === 'string' && EXACT_DAY.test(x['at'] as string) && x['unordered'] !== true;
    if (!ok(e)) {
      i++;
      continue;
    }
    const run = [i];
    const ids = new Set([String(e['id'])]);
    const targets = new Set([key(e)]);
    let j = i + 1;
    for (; j < events.length; j++) {
      const x = events[j]!;
      if (!ok(x) || x['type'] !== e['type'] || x['at'] !== e['at'] || targets.has(key(x))) break;
      const refs = referencesOf(x);
      if ([...refs.ids, ...refs.eventsOrConcerns, ...refs.anything].some((id) => ids.has(id))) break;
      run.push(j);
      ids.add(String(x['id']));
      targets.add(key(x));
    }
    if (run.length > 1) runs.push(run);
    i = run.length > 1 ? j : i + 1;
  }
  return runs;
}

/** mulberry32: a tiny deterministic PRNG, so shuffles are reproducible from a seed. */
function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The chronology with each same-day independent run shuffled (seeded), or reversed when `seed` is undefined. */
export function reorderSameDay(data: Data, seed?: number): Data {
  const events = [...(data['events'] as Fields[])];
  const random = seed === undefined ? undefined : prng(seed);
  for (const run of sameDayIndependentRuns(data)) {
    const members = run.map((i) => events[i]!);
    if (random) {
      for (let i = members.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [members[i], members[j]] = [members[j]!, members[i]!];
      }
    } else members.reverse();
    run.forEach((i, n) => (events[i] = members[n]!));
  }
  return { ...data, events };
}

/**
 * Same-day independent events (see {@link sameDayIndependentRuns}) listed in another
 * order give the same findings, as a multiset: same rule, certainty, children (as a
 * set), events, window, citation and `missing`, and the same message up to the order of
 * its words (a message listing several concerns lists them in the order they were
 * raised, and listing order is the order things happened). Skipped when the chronology
 * has no such run.
 */
export function checkOrderInvariance(input: Data, options: CheckOptions & { seed?: number } = {}): PropertyResult {
  if (!sameDayIndependentRuns(input).length) return skip('no same-day independent events to reorder');
  const a = load(input);
  const reordered = reorderSameDay(input, options.seed);
  const b = load(reordered);
  if (a.ok !== b.ok) return fail(`the chronology ${a.ok ? 'loads' : 'fails'} in one order and ${b.ok ? 'loads' : 'fails'} in the other`);
  if (!a.ok || !b.ok) return skip('the chronology does not load');
  const diff = diffFindings(run(a.chronology, options).findings, run(b.chronology, options).findings, 'the listed order', 'the reordered one', true);
  return diff ? fail(`reordering ${sameDayIndependentRuns(input).map((r) => r.map((i) => String((input['events'] as Fields[])[i]!['id'])).join('/')).join(', ')}:\n  ${diff}`) : OK;
}

// ---------------------------------------------------------------------------
// Encoding invariance

/** Dates as YYYY-MM-DD strings (JSON would write a Date as a timestamp). */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const YEAR = /^\d{4}$/;
/** Year-only dates as numbers, the way a YAML author writes `at: 2023`. */
function yearsAsNumbers(value: unknown, dateField = false): unknown {
  if (dateField && typeof value === 'string' && YEAR.test(value)) return Number(value);
  if (Array.isArray(value)) return value.map((v) => yearsAsNumbers(v, dateField));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, yearsAsNumbers(v, dateField || ['at', 'until', 'due', 'for', 'from', 'to', 'born', 'asOf', 'between'].includes(k))]),
    );
  }
  return value;
}

/** The chronology as YAML text (authors' style: years unquoted when `authorStyle`). */
export function toYaml(data: unknown, authorStyle = true): string {
  return YAML.stringify(authorStyle ? yearsAsNumbers(plain(data)) : plain(data));
}

/**
 * The chronology written as JSON text and as YAML text (years written as YAML numbers,
 * the way authors write `at: 2023`) loads the same way — the same issue codes when
 * invalid — and replays to the same findings, deadlines and timeline.
 */
export function checkEncodingInvariance(input: unknown, options: CheckOptions & { authorStyle?: boolean } = {}): PropertyResult {
  const json = loadChronologyText(JSON.stringify(plain(input)), 'chronology', 'json');
  const yaml = loadChronologyText(toYaml(input, options.authorStyle ?? true), 'chronology', 'yaml');
  if (!json.ok || !yaml.ok) {
    if (json.ok !== yaml.ok) return fail(`JSON ${json.ok ? 'loads' : 'fails'}, YAML ${yaml.ok ? 'loads' : 'fails'}: ${[json, yaml].flatMap((r) => (r.ok ? [] : r.issues.map(formatIssue))).join('; ')}`);
    const codes = (r: typeof json) => (r.ok ? '' : r.issues.map((i) => `${i.code}@${i.eventId ?? ''}.${i.path}`).join(','));
    return codes(json) === codes(yaml) ? OK : fail(`different issues: JSON ${codes(json)}; YAML ${codes(yaml)}`);
  }
  const a = run(json.chronology, options, true);
  const b = run(yaml.chronology, options, true);
  const diff = diffFindings(a.findings, b.findings, 'JSON', 'YAML');
  if (diff) return fail(diff);
  if (JSON.stringify(a.findings) !== JSON.stringify(b.findings)) return fail('the findings are listed in a different order');
  if (JSON.stringify(a.deadlines) !== JSON.stringify(b.deadlines)) return fail('the deadlines differ');
  if (JSON.stringify(a.timeline) !== JSON.stringify(b.timeline)) return fail('the timelines differ');
  return OK;
}

// ---------------------------------------------------------------------------
// Narrowing

/**
 * The chronology with one more constraint on an event's date (casepath's list form:
 * every spec must hold), so its possible dates can only narrow.
 */
export function narrowAt(data: Data, eventId: string, spec: unknown): Data {
  const events = (data['events'] as Fields[]).map((e) => {
    if (e['id'] !== eventId) return e;
    const at = e['at'];
    return { ...e, at: [...(Array.isArray(at) ? at : [at]), spec] };
  });
  return { ...data, events };
}

/**
 * Narrowing is monotone. `narrowed` must be `input` with dates narrowed (e.g. by
 * {@link narrowAt}): each event's possible dates a subset of what they were (checked:
 * every window inside the old one). Then, replayed with the same `asOf`:
 * 1. a finding `certain` for the wider dates is `certain` for the narrower ones (same
 *    rule and first event, for at least the same children) — narrowing never turns a
 *    certain finding into none or into `possible`;
 * 2. every finding for the narrower dates was at least `possible` for the wider ones
 *    (same rule and first event, children included): what is true on some narrower
 *    dates is true on some of the wider dates.
 */
export function checkNarrowingMonotone(input: Data, narrowed: Data, options: CheckOptions = {}): PropertyResult {
  const a = load(input);
  if (!a.ok) return skip('the chronology does not load');
  const b = load(narrowed);
  if (!b.ok) return fail(`the narrowed chronology does not load: ${b.issues.map(formatIssue).join('; ')}`);
  const da = a.chronology.dates;
  const db = b.chronology.dates;
  for (const key of db.keys) {
    const i = da.indexOf(key);
    const j = db.indexOf(key)!;
    if (i === undefined) return fail(`precondition: ${key} has a date only in the narrowed chronology`);
    if (db.earliest(j) < da.earliest(i) || db.latest(j) > da.latest(i)) {
      return fail(`precondition: ${key} is ${formatDay(db.earliest(j))}..${formatDay(db.latest(j))} narrowed, ${formatDay(da.earliest(i))}..${formatDay(da.latest(i))} before: not a narrowing`);
    }
  }
  const asOf = options.asOf ?? formatDay(a.chronology.asOf);
  const wide = run(a.chronology, { ...options, asOf }).findings;
  const narrow = run(b.chronology, { ...options, asOf }).findings;
  const key = (f: Finding) => `${f.rule}|${f.events[0]}`;
  const children = (fs: readonly Finding[], k: string, certainOnly: boolean) =>
    new Set(fs.filter((f) => key(f) === k && (!certainOnly || f.certainty === 'certain')).flatMap((f) => f.children));
  for (const f of wide.filter((x) => x.certainty === 'certain')) {
    const got = children(narrow, key(f), true);
    const lost = f.children.filter((c) => !got.has(c));
    if (lost.length) return fail(`certain ${f.rule} on ${f.events.join(', ')} (${lost.join(', ')}) is ${children(narrow, key(f), false).size ? 'only possible' : 'gone'} once dates are narrowed: ${f.message}`);
  }
  for (const f of narrow) {
    const had = children(wide, key(f), false);
    const extra = f.children.filter((c) => !had.has(c));
    if (extra.length) return fail(`${f.certainty} ${f.rule} on ${f.events.join(', ')} (${extra.join(', ')}) appears only once dates are narrowed: ${f.message}`);
  }
  return OK;
}

// ---------------------------------------------------------------------------
// Deadlines

/** Clock rules whose deadline is a whole number of working days after its start. */
const WORKING_DAY_CLOCKS: ReadonlySet<string> = new Set([
  'referral-decision-late',
  'assessment-late',
  'icpc-late',
  's47-outcome-not-shared',
  'parent-not-informed',
  'core-group-late',
  'minutes-not-shared',
  'care-plan-late',
  'care-plan-stale-after-change',
  'correspondence-unanswered',
  'concern-not-responded',
  'complaint-response-late',
]);

/**
 * Working-day law: a deadline counted in working days falls on a working day (never a
 * weekend or an England and Wales bank holiday) — both ends of its window. Checked for
 * the working-day clocks above, the first looked-after review (from a care order) and a
 * commitment with no due date of its own (the default, in working days).
 */
export function checkDeadlinesOnWorkingDays(input: unknown, options: CheckOptions = {}): PropertyResult {
  const l = load(input);
  if (!l.ok) return skip('the chronology does not load');
  const r = run(l.chronology, options);
  for (const d of r.deadlines) {
    if (!d.due) continue;
    const start = l.chronology.byId.get(d.startedBy);
    const workingDays =
      WORKING_DAY_CLOCKS.has(d.rule) ||
      (d.rule === 'lac-review-late' && start?.type === 'care-order.made') ||
      (d.rule === 'commitment-overdue' && start?.type === 'commitment.made' && start.due === undefined);
    if (!workingDays) continue;
    for (const day of [d.due.earliest, d.due.latest] as Day[]) {
      if (!england.isWorkingDay(day)) return fail(`${d.rule} clock ${d.clock} falls due on ${formatDay(day)}, not a working day`);
    }
  }
  return OK;
}

/**
 * `deadlines` lists each clock once (by rule and clock key), and a clock closed by an
 * event is listed `closed` (or `overdue` when it was closed after falling due), never
 * `open`.
 */
export function checkDeadlinesConsistent(input: unknown, options: CheckOptions = {}): PropertyResult {
  const l = load(input);
  if (!l.ok) return skip('the chronology does not load');
  const r = run(l.chronology, options);
  const seen = new Map<string, string>();
  for (const d of r.deadlines) {
    const k = `${d.rule}|${d.clock}`;
    if (seen.has(k)) return fail(`clock ${d.clock} of ${d.rule} is listed twice: ${seen.get(k)} and ${d.status}`);
    seen.set(k, d.status);
    if (d.closedBy && d.status !== 'closed' && d.status !== 'overdue') return fail(`clock ${d.clock} of ${d.rule}, closed by ${d.closedBy}, is listed ${d.status}`);
  }
  return OK;
}

// ---------------------------------------------------------------------------
// Certainty and completeness

/**
 * `missing` says what would settle a `possible` finding (engine/types.ts, spec §4): a
 * `certain` finding is settled, so it lists nothing missing.
 */
export function checkCertainFindingsSettled(input: unknown, options: CheckOptions = {}): PropertyResult {
  const l = load(input);
  if (!l.ok) return skip('the chronology does not load');
  for (const f of run(l.chronology, options).findings) {
    if (f.certainty === 'certain' && f.missing?.length) return fail(`certain ${f.rule} on ${f.events.join(', ')} lists missing: ${f.missing.join('; ')}`);
  }
  return OK;
}

/** The default engine (compiled tables) and `engine: 'xstate'` give the same findings, deadlines and timeline. */
export function checkEnginesAgree(input: unknown, options: CheckOptions = {}): PropertyResult {
  const l = load(input);
  if (!l.ok) return skip('the chronology does not load');
  const a = run(l.chronology, { ...options, engine: 'compiled' }, true);
  const b = run(l.chronology, { ...options, engine: 'xstate' }, true);
  const diff = diffFindings(a.findings, b.findings, 'compiled', 'xstate');
  if (diff) return fail(diff);
  if (JSON.stringify(a.deadlines) !== JSON.stringify(b.deadlines)) return fail('the deadlines differ');
  if (JSON.stringify(a.timeline) !== JSON.stringify(b.timeline)) return fail('the timelines differ');
  return OK;
}

/**
 * A `record` knows at least what a `summary` knows: the same chronology declared a
 * record gives, for every finding of its summary reading, a finding of the same rule on
 * the same first event for at least the same children, `certain` wherever the summary's
 * was. (In a summary an unrecorded step is unknown; in a record it did not happen.)
 */
export function checkRecordAtLeastAsCertain(input: Data, options: CheckOptions = {}): PropertyResult {
  const s = load({ ...input, completeness: 'summary' });
  const r = load({ ...input, completeness: 'record' });
  if (!s.ok || !r.ok) return skip('the chronology does not load');
  const summary = run(s.chronology, options).findings;
  const record = run(r.chronology, options).findings;
  const key = (f: Finding) => `${f.rule}|${f.events[0]}`;
  for (const f of summary) {
    const same = record.filter((g) => key(g) === key(f) && (f.certainty === 'possible' || g.certainty === 'certain'));
    const covered = new Set(same.flatMap((g) => g.children));
    const lost = f.children.filter((c) => !covered.has(c));
    if (lost.length) {
      const any = record.some((g) => key(g) === key(f));
      return fail(`${f.certainty} ${f.rule} on ${f.events.join(', ')} (${lost.join(', ')}) in the summary reading is ${any ? 'less certain' : 'gone'} in the record reading: ${f.message}`);
    }
  }
  return OK;
}
