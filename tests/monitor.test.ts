/**
 * The live monitor (src/monitor): check, record, deadlines, snapshots, modes,
 * idempotency and late entries. The properties compare it with `replay` of the whole
 * chronology, which is the definition of right.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { InvalidChronologyError, replay } from '../src/index.js';
import type { Finding } from '../src/engine/types.js';
import { createCaseMonitor, restoreCaseMonitor, type CaseMonitor, type MonitorSnapshot } from '../src/monitor/index.js';
import { chronologyArbitrary, type ChronologyData } from '../src/testing/arbitraries/index.js';
import { propertyRuns } from './property-runs.js';
import type { EventInput } from '../src/schema/events.js';

/**
 * Events built as plain objects (generated, or invalid on purpose): the monitor takes a typed
 * `EventInput`, and validates at run time what a caller's data really holds.
 */
const raw = (e: unknown) => e as EventInput;

const numRuns = Math.max(50, Math.floor(propertyRuns() / 5));

/** Findings as comparable text, order-free. */
const canon = (fs: readonly Finding[]) => fs.map((f) => JSON.stringify({ ...f, children: [...f.children].sort() })).sort();

const headerOf = (c: ChronologyData) => ({
  case: String(c['case']),
  children: c['children'] as { id: string }[],
  completeness: (c['completeness'] ?? 'summary') as 'summary' | 'record',
});
const eventsOf = (c: ChronologyData) => c['events'] as Record<string, unknown>[];
const asOfOf = (c: ChronologyData) => String(c['asOf']);

/**
 * A live system records an event when it happens, so it cannot date one relative to an
 * event not yet recorded: chronologies with such forward references are left out.
 */
function noForwardReferences(c: ChronologyData): boolean {
  const events = eventsOf(c);
  return events.every((e, i) => {
    const text = JSON.stringify({ ...e, id: undefined });
    return events.slice(i).every((later) => !text.includes(`"${String(later['id'])}"`));
  });
}

function recordAll(m: CaseMonitor, events: readonly Record<string, unknown>[]) {
  for (const e of events) expect(m.record(raw(e)).recorded).toBe(true);
}

describe('the monitor equals replay', () => {
  fcTest.prop([chronologyArbitrary({ maxEvents: 25 }).filter(noForwardReferences)], { numRuns })('recording every event, one at a time, gives the findings of replaying the whole', (c) => {
    const m = createCaseMonitor(headerOf(c));
    recordAll(m, eventsOf(c));
    expect(canon(m.findings(asOfOf(c)))).toEqual(canon(replay(c, { asOf: asOfOf(c) }).findings));
  });

  fcTest.prop([chronologyArbitrary({ maxEvents: 25 }).filter(noForwardReferences), fc.nat()], { numRuns })(
    'a snapshot taken at any point, through JSON, restored, and the rest recorded, gives the same findings',
    (c, cutSeed) => {
      const events = eventsOf(c);
      const cut = events.length ? cutSeed % (events.length + 1) : 0;
      const m = createCaseMonitor(headerOf(c));
      recordAll(m, events.slice(0, cut));
      const saved = JSON.parse(JSON.stringify(m.snapshot())) as MonitorSnapshot;
      const r = restoreCaseMonitor(saved);
      recordAll(r, events.slice(cut));
      expect(canon(r.findings(asOfOf(c)))).toEqual(canon(replay(c, { asOf: asOfOf(c) }).findings));
      expect(r.state()).toEqual(replay(c, { asOf: asOfOf(c) }).timeline.at(-1)?.states ?? r.state());
    },
  );

  fcTest.prop([chronologyArbitrary({ maxEvents: 20, exact: true }).filter(noForwardReferences), fc.nat()], { numRuns })(
    'an event entered last although dated earlier (late data entry) gives the findings of the chronology in date order',
    (c, pick) => {
      const events = eventsOf(c);
      const day = (e: Record<string, unknown>) => (typeof e['at'] === 'string' ? String(e['at']) : undefined);
      // An event whose date puts it in exactly one place: strictly after the one before it and
      // before the one after it, exact-dated, and named by no other event.
      const k = events.findIndex((e, i) => {
        if (i === 0 || (i + pick) % 3 !== 0 || e['type'] === 'omission' || e['unordered']) return false;
        const d = day(e);
        const before = events.slice(0, i).map(day);
        const after = events.slice(i + 1).map(day);
        if (!d || before.some((b) => !b || b >= d) || after.some((a) => !a || a <= d)) return false;
        // What others can name it by: its id, the concern it raises, the action it sets, its recommendations.
        const names = [e['id'], e['type'] === 'concern.raised' ? e['concern'] : undefined, e['type'] === 'plan.action-set' ? e['action'] : undefined]
          .concat(((e['recommendations'] as { id: string }[] | undefined) ?? []).map((r) => r.id))
          .filter((n): n is string => typeof n === 'string');
        return events.every((o) => o === e || names.every((n) => !JSON.stringify({ ...o, id: undefined }).includes(`"${n}"`)));
      });
      fc.pre(k > 0 && k < events.length - 1);
      const m = createCaseMonitor(headerOf(c));
      recordAll(m, [...events.slice(0, k), ...events.slice(k + 1)]);
      expect(m.record(raw(events[k]!))).toMatchObject({ recorded: true, late: true });
      expect(m.events().map((e) => e['id'])).toEqual(events.map((e) => e['id']));
      expect(canon(m.findings(asOfOf(c)))).toEqual(canon(replay(c, { asOf: asOfOf(c) }).findings));
    },
  );

  fcTest.prop([chronologyArbitrary({ maxEvents: 20 }).filter(noForwardReferences), fc.nat()], { numRuns })('check() changes nothing; recording an event twice is a no-op', (c, pick) => {
    const events = eventsOf(c);
    if (!events.length) return;
    const k = pick % events.length;
    const m = createCaseMonitor(headerOf(c));
    recordAll(m, events.slice(0, k));
    const before = JSON.stringify(m.snapshot());
    const checked = m.check(raw(events[k]));
    expect(JSON.stringify(m.snapshot())).toBe(before);
    const recorded = m.record(raw(events[k]));
    expect(recorded.findings).toEqual(checked.findings);
    expect(recorded.clocks).toEqual(checked.clocks);
    const after = JSON.stringify(m.snapshot());
    const again = m.record(raw(events[k]));
    expect(again).toMatchObject({ duplicate: true, recorded: false, findings: [] });
    expect(JSON.stringify(m.snapshot())).toBe(after);
  });
});

// A small case, all exact dates: referral, strategy discussion, s47, and an ICPC owed.
const header = { case: 'live-1', children: [{ id: 'A' }, { id: 'B' }] };
const referral = { id: 'ref', type: 'referral.received', at: '2024-03-01', by: 'education' };
const decided = { id: 'dec', type: 'referral.decided', at: '2024-03-01', outcome: 'strategy-discussion' };
const concern = (basis: string, id = 'k') => ({ id: `raise-${id}`, type: 'concern.raised', at: '2024-03-04', concern: id, kind: 'neglect', basis });
const strategy = (reliesOn: string[]) => ({ id: 'strat', type: 'strategy.held', at: '2024-03-05', participants: ['social-care', 'police', 'health'], decision: 's47', reliesOn });

describe('the monitor equals replay on vague and relative dates (incremental dates and re-stepping)', () => {
  /** Open deadlines as comparable text. */
  const open = (ds: readonly { rule: string; clock: string; due?: unknown; status?: string }[]) => ds.map((d) => JSON.stringify([d.rule, d.clock, d.due])).sort();

  const vagueCase = fc.oneof(chronologyArbitrary({ maxEvents: 30, exact: false }), chronologyArbitrary({ maxEvents: 30, exact: 'mixed' })).filter(noForwardReferences);
  fcTest.prop([vagueCase, fc.nat()], { numRuns })(
    'recording exact, vague and relative events one by one (each checked first) gives the findings and deadlines of replaying the whole',
    (c, seed) => {
      const m = createCaseMonitor(headerOf(c));
      const events = eventsOf(c);
      events.forEach((e, i) => {
        // A check first (tried and taken back), sometimes of the next event too.
        m.check(raw(e));
        if ((seed + i) % 3 === 0 && events[i + 1]) {
          try {
            m.check(raw(events[i + 1]));
          } catch (err) {
            // (It may be dated relative to the event not yet recorded.)
            if (!(err instanceof InvalidChronologyError)) throw err;
          }
        }
        expect(m.record(raw(e)).recorded).toBe(true);
      });
      const asOf = asOfOf(c);
      const whole = replay(c, { asOf });
      expect(canon(m.findings(asOf))).toEqual(canon(whole.findings));
      expect(open(m.deadlines(asOf))).toEqual(open(whole.deadlines.filter((d) => (d.status === 'open' || d.status === 'overdue') && d.due && Number.isFinite(d.due.latest))));
    },
  );
});

describe('check and record', () => {
  test('a strategy discussion resting on hearsay is refused in enforce mode, naming the rule, and nothing is recorded', () => {
    const m = createCaseMonitor(header, { mode: 'enforce' });
    recordAll(m, [referral, decided, concern('hearsay')]);
    const o = m.record(raw(strategy(['k'])));
    expect(o.allowed).toBe(false);
    expect(o.recorded).toBe(false);
    expect(o.refusedBy.map((f) => f.rule)).toEqual(['escalation-without-evidence']);
    expect(o.refusedBy[0]!.citation).toMatch(/Working Together/);
    expect(m.events().map((e) => e['id'])).toEqual(['ref', 'dec', 'raise-k']);
    expect(m.state().childProtection).toEqual(m.check(raw(concern('observed', 'k2'))).states.childProtection);
  });

  test('the same event in audit mode is flagged and recorded', () => {
    const m = createCaseMonitor(header);
    recordAll(m, [referral, decided, concern('hearsay')]);
    const o = m.record(raw(strategy(['k'])));
    expect(o).toMatchObject({ allowed: true, recorded: true });
    expect(o.findings.map((f) => f.rule)).toContain('escalation-without-evidence');
    expect(m.events()).toHaveLength(4);
  });

  test('with first-hand evidence the strategy discussion is allowed in enforce mode and starts the ICPC clock', () => {
    const m = createCaseMonitor(header, { mode: 'enforce' });
    recordAll(m, [referral, decided, concern('observed')]);
    const o = m.record(raw(strategy(['k'])));
    expect(o).toMatchObject({ allowed: true, recorded: true, refusedBy: [] });
    const icpc = o.clocks.started.find((c) => c.rule === 'icpc-late');
    expect(icpc).toBeDefined();
    // 15 working days from Tuesday 5 March 2024: Tuesday 26 March.
    expect(icpc!.due).toEqual({ earliest: 19808, latest: 19808 });
  });

  test('deadlines: the ICPC owed, with working days left, then overdue', () => {
    const m = createCaseMonitor(header);
    recordAll(m, [referral, decided, concern('observed'), strategy(['k'])]);
    const open = m.deadlines('2024-03-19').find((d) => d.rule === 'icpc-late')!;
    expect(open.workingDaysLeft).toEqual({ min: 5, max: 5 });
    expect(open.overdue).toBeUndefined();
    const late = m.deadlines('2024-03-28').find((d) => d.rule === 'icpc-late')!;
    expect(late.workingDaysLeft.max).toBeLessThan(0);
    expect(late.overdue).toBe('certain');
    expect(m.findings('2024-03-28').map((f) => f.rule)).toContain('icpc-late');
    expect(m.findings('2024-03-19').map((f) => f.rule)).not.toContain('icpc-late');
  });

  test('a step the machines do not allow is a refusal with a reason, and recorded in audit mode', () => {
    const m = createCaseMonitor(header);
    const o = m.record({ id: 'icpc', type: 'conference.held', at: '2024-03-01', kind: 'initial', decision: 'plan' });
    expect(o.recorded).toBe(true);
    expect(o.refusals.length).toBeGreaterThan(0);
    expect(o.refusals[0]!.reason).toMatch(/does not allow conference\.held/);
    expect(o.findings.map((f) => f.rule)).toContain('process-deviation');
  });

  test('an invalid event throws InvalidChronologyError naming the field, and changes nothing', () => {
    const m = createCaseMonitor(header);
    recordAll(m, [referral]);
    expect(() => m.record({ id: 'x', type: 'strategy.held', at: '2024-13-01' })).toThrow(InvalidChronologyError);
    try {
      m.record(raw({ id: 'x', type: 'concern.raised', at: '2024-03-02', concern: 'k', kind: 'neglect', basis: 'gossip' }));
    } catch (err) {
      expect((err as InvalidChronologyError).issues[0]).toMatchObject({ eventId: 'x', path: 'basis' });
    }
    expect(() => m.record(raw({ ...referral, id: 'r2', children: ['Z'] }))).toThrow(/unknown child/);
    expect(m.events()).toHaveLength(1);
  });

  test('an event entered late (dated before the last) is placed by its date and the case re-evaluated', () => {
    const inOrder = [referral, decided, concern('observed'), strategy(['k']), { id: 'icpc', type: 'conference.held', at: '2024-04-02', kind: 'initial', decision: 'plan' }];
    const m = createCaseMonitor(header, { mode: 'audit' });
    recordAll(m, [referral, concern('observed'), strategy(['k']), inOrder[4]!]);
    // The referral decision of 1 March is entered after everything else.
    const o = m.record(raw(decided));
    expect(o.late).toBe(true);
    expect(m.events().map((e) => e['id'])).toEqual(['ref', 'dec', 'raise-k', 'strat', 'icpc']);
    const whole = replay({ ...header, completeness: 'record', asOf: '2024-05-01', events: inOrder }, { asOf: '2024-05-01' });
    expect(canon(m.findings('2024-05-01'))).toEqual(canon(whole.findings));
    expect(m.findings('2024-05-01').map((f) => f.rule)).toContain('icpc-late');
  });

  test('a vague date takes the slow path and still equals replay', () => {
    const m = createCaseMonitor(header);
    const events = [referral, { ...decided, at: '2024-03' }, concern('observed'), strategy(['k'])];
    // The decision dated only "March 2024" cannot be before the referral of 1 March.
    recordAll(m, events);
    const whole = replay({ ...header, completeness: 'record', events }, { asOf: '2024-06-01' });
    expect(canon(m.findings('2024-06-01'))).toEqual(canon(whole.findings));
    const again = restoreCaseMonitor(JSON.parse(JSON.stringify(m.snapshot())) as MonitorSnapshot);
    expect(canon(again.findings('2024-06-01'))).toEqual(canon(whole.findings));
  });

  test('a snapshot is versioned and refuses a state its machine does not have', () => {
    const m = createCaseMonitor(header);
    recordAll(m, [referral, decided]);
    const s = JSON.parse(JSON.stringify(m.snapshot())) as MonitorSnapshot;
    expect(s).toMatchObject({ format: 'casepath-monitor', version: 1, fast: true });
    expect((s.machines['child-protection:A'] as { value: string }).value).toBe(m.state().childProtection['A']);
    expect(() => restoreCaseMonitor({ ...s, version: 2 as 1 })).toThrow(/version 2/);
    const bad = { ...s, machines: { ...s.machines, 'child-protection:A': { ...(s.machines['child-protection:A'] as object), value: 'nowhere' } } };
    expect(() => restoreCaseMonitor(bad)).toThrow();
  });
});
