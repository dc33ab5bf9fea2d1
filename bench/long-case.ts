/**
 * Long live cases for the monitor benchmark (bench/monitor.bench.ts) and its profiling:
 * generated cases (src/testing/corpus.ts) cut to what a live system could record, and
 * strung together into one long case.
 */
import { generateCase } from '../src/testing/corpus.js';

export type Case = Record<string, unknown> & { events: Record<string, unknown>[]; children: { id: string }[] };

/**
 * A live system records an event when it happens, so it can refer only to events already
 * recorded (a report shared for a conference refers to the conference once it is held).
 * The live part of a generated case: its events up to the first that refers forward.
 */
export function live(c: Case): Case {
  const ids = c.events.map((e) => String(e['id']));
  const cut = c.events.findIndex((e, i) => {
    const text = JSON.stringify({ ...e, id: undefined });
    // Later events only: an event may use its own id as a name it defines (a concern raised as `cp1-c1`).
    return ids.slice(i + 1).some((id) => text.includes(`"${id}"`));
  });
  return cut < 0 ? c : { ...c, events: c.events.slice(0, cut) };
}

const DAY_MS = 86_400_000;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const dayOf = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY_MS;
const isoOf = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);

/** Every string in `x` mapped by `f` (deep). */
function mapStrings(x: unknown, f: (s: string, key: string | undefined) => string, key?: string): unknown {
  if (typeof x === 'string') return f(x, key);
  if (Array.isArray(x)) return x.map((v) => mapStrings(v, f, key));
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mapStrings(v, f, k)]));
  return x;
}

/** The names a case's events define: event ids, concerns, plan actions, recommendations. */
function namesOf(x: unknown, into = new Set<string>(), key?: string): Set<string> {
  if (typeof x === 'string' && (key === 'id' || key === 'concern' || key === 'action')) into.add(x);
  else if (Array.isArray(x)) for (const v of x) namesOf(v, into, key);
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) namesOf(v, into, k);
  return into;
}

/**
 * `n` events of one child's case: the live parts of the generated one-child cases one after
 * another, their names prefixed by round (`r3-concern-raised-1`), their exact dates shifted
 * so that each round starts a week after the last ended. With `oneDay`, every date is the
 * same day (a case recorded in one sitting, or a bulk entry).
 */
export function longCase(n: number, oneDay: boolean): { header: { case: string; children: { id: string }[]; completeness: 'record' }; events: Record<string, unknown>[] } {
  const events: Record<string, unknown>[] = [];
  let cursor = dayOf('1990-01-01');
  for (let i = 0, round = 0; events.length < n; i++) {
    const c = live(generateCase(20261124, i) as Case);
    if (c.children.length !== 1 || c.children[0]!.id !== 'A' || !c.events.length) continue;
    const names = namesOf(c.events);
    let first = Infinity;
    let last = -Infinity;
    mapStrings(c.events, (s) => {
      if (isoDay.test(s)) {
        first = Math.min(first, dayOf(s));
        last = Math.max(last, dayOf(s));
      }
      return s;
    });
    const shift = cursor - first;
    const prefix = `r${round++}-`;
    const renamed = mapStrings(c.events, (s) => (names.has(s) ? prefix + s : isoDay.test(s) ? (oneDay ? '2024-03-04' : isoOf(dayOf(s) + shift)) : s)) as Record<string, unknown>[];
    events.push(...renamed);
    cursor = last + shift + 7;
  }
  return { header: { case: oneDay ? 'long-one-day' : 'long', children: [{ id: 'A' }], completeness: 'record' }, events: events.slice(0, n) };
}

/**
 * The same events with vague dates: every third event's own date a relative one (its true
 * distance from the event before, ± 2 days), every third the month it falls in; the rest exact.
 */
export function vague(events: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return events.map((e, i) => {
    const at = e['at'];
    if (i === 0 || typeof at !== 'string' || !isoDay.test(at)) return e;
    const prev = events[i - 1]!;
    const prevAt = prev['at'];
    if (i % 3 === 1 && typeof prevAt === 'string' && isoDay.test(prevAt)) {
      return { ...e, at: { after: prev['id'], offset: `P${dayOf(at) - dayOf(prevAt)}D`, tolerance: 'P2D' } };
    }
    if (i % 3 === 2) return { ...e, at: at.slice(0, 7) };
    return e;
  });
}

