/**
 * Fidelity to real sources (issue 10's acceptance), end to end through the public API and
 * the CLI: a summary that leaves facts out still loads and replays; findings cite the
 * edition of the guidance in force on their date; the care-plan and review clocks follow
 * the Regulations; s47 enquiries with no strategy discussion are found and still start the
 * ICPC clock.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { main } from '../src/cli/main.js';
import { defaultConfig, replayOptionsOf } from '../src/config.js';
import { replayChronology } from '../src/engine/replay.js';
import { loadChronologyFile } from '../src/load.js';
import { replay } from '../src/index.js';
import { chronology, findingsOf, run } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'casepath-fidelity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

describe('a summary that leaves facts out', () => {
  // A conference of unstated kind, a concern of unstated kind and basis, a plan action and
  // an Ombudsman recommendation with no due date: each unknown, none an error.
  const file = join(dir, 'partial.yaml');
  writeFileSync(
    file,
    YAML.stringify(
      chronology(
        [
          { id: 'worry', type: 'concern.raised', at: '2023-01', concern: 'worry', cite: 'para 3' },
          { id: 's', type: 'strategy.held', at: '2023-02', decision: 's47', cite: 'para 4' },
          { id: 'conf', type: 'conference.held', at: '2023-03', decision: 'plan', cite: 'para 5' },
          { id: 'act', type: 'plan.action-set', at: '2023-03', action: 'parenting course', cite: 'para 6' },
          { id: 'om', type: 'ombudsman.decided', at: '2024-05-01', recommendations: [{ id: 'apology', action: 'apologise' }], cite: 'para 9' },
          { id: 'never', type: 'omission', step: 'remedy.completed', for: 'apology', cite: 'para 10' },
        ],
        { asOf: '2024-12-31' },
      ),
    ),
  );

  test('loads and replays, exit 0', async () => {
    expect((await cli('check', file)).code).toBe(0);
    const r = await cli('replay', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
  });

  test('an unstated conference kind is read from where the child stands, and said to be assumed', () => {
    const result = replay(file);
    expect(result.timeline.find((t) => t.event === 'conf')!.states.childProtection).toEqual({ A: 'plan' });
    const core = findingsOf(result, 'core-group-late');
    expect(core.length).toBeGreaterThan(0);
    expect(core.every((f) => f.certainty === 'possible' && f.missing!.some((m) => m.includes('the kind of conference conf')))).toBe(true);
  });

  test('a recommendation the source says was never carried out is a finding even with no due date', () => {
    const f = findingsOf(replay(file), 'ombudsman-remedy-late');
    expect(f.map((x) => x.events)).toContainEqual(['om', 'never']);
  });
});

describe('the law in force on the day', () => {
  test('the Miss X findings before 15 December 2023 cite Working Together 2018, none 2023', () => {
    const result = replay(join(import.meta.dirname, '..', 'scenarios', 'lgsco-24-009-262.yaml'));
    const wt = result.findings.filter((f) => f.citation.includes('Working Together') && f.at.latest < Date.UTC(2023, 11, 15) / 86_400_000);
    expect(wt.length).toBeGreaterThan(3);
    for (const f of wt) {
      expect(f.citation, f.rule).toContain('Working Together to Safeguard Children 2018');
      expect(f.citation, f.rule).not.toContain('Working Together to Safeguard Children 2023');
    }
  });

  test('a finding whose dates straddle the change of edition cites both and says so', () => {
    const r = run(
      [
        { id: 's', type: 'strategy.held', at: { between: ['2023-11-20', '2023-12-20'] }, participants: ['social-care', 'police', 'health'], decision: 's47' },
        { id: 'icpc', type: 'conference.held', at: { after: 's', offset: 'P6W' }, kind: 'initial', decision: 'no-plan' },
      ],
      { completeness: 'record' },
    );
    const [f] = findingsOf(r, 'icpc-late');
    expect(f!.citation).toContain('Working Together to Safeguard Children 2018');
    expect(f!.citation).toContain('Working Together to Safeguard Children 2023');
    expect(f!.citation).toContain('straddle the change of edition on 2023-12-15');
  });

  test('casepath rules shows each rule’s editions', async () => {
    const r = await cli('rules');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/earlier editions: 2018, 2015, 2013/);
  });
});

describe('looked-after clocks follow the Regulations', () => {
  test('a child accommodated under s20 with no care plan for 30 days (record) gets care-plan-late', () => {
    const r = run([{ id: 'acc', type: 'looked-after.started', at: '2024-03-04', basis: 's20' }], { completeness: 'record', asOf: '2024-04-03' });
    expect(findingsOf(r, 'care-plan-late')).toMatchObject([{ certainty: 'certain', events: ['acc'] }]);
  });

  test('a care order alone never does', () => {
    const r = run([{ id: 'co', type: 'care-order.made', at: '2024-03-04' }], { completeness: 'record', asOf: '2024-06-03' });
    expect(findingsOf(r, 'care-plan-late')).toEqual([]);
  });

  test('a child looked after under an interim order, reviewed on time, gets no lac-review-late when the final order is made', () => {
    const r = run(
      [
        { id: 'ico', type: 'looked-after.started', at: '2024-01-08', basis: 'interim-care-order' },
        { id: 'r1', type: 'lac-review.held', at: '2024-02-01' },
        { id: 'r2', type: 'lac-review.held', at: '2024-04-25' },
        { id: 'final', type: 'care-order.made', at: '2024-06-03' },
        { id: 'r3', type: 'lac-review.held', at: '2024-10-10' },
      ],
      { completeness: 'record', asOf: '2024-12-31' },
    );
    expect(findingsOf(r, 'lac-review-late')).toEqual([]);
    // The final order started no new first-review clock.
    expect(r.deadlines.filter((d) => d.rule === 'lac-review-late' && d.startedBy === 'final')).toEqual([]);
  });
});

describe('s47 enquiries with no strategy discussion', () => {
  const events = [
    { id: 'ref', type: 'referral.received', at: '2024-03-04' },
    { id: 'e', type: 's47.started', at: '2024-03-05' },
    { id: 'icpc', type: 'conference.held', at: '2024-04-16', kind: 'initial', decision: 'no-plan' },
  ];

  test('give a finding (record) and an ICPC clock from the start of the enquiries', () => {
    const r = run(events, { completeness: 'record' });
    expect(findingsOf(r, 's47-without-strategy')).toMatchObject([{ certainty: 'certain', events: ['e'] }]);
    expect(r.deadlines.filter((d) => d.rule === 'icpc-late').map((d) => d.startedBy)).toEqual(['e']);
    // 16 April is past 15 working days of 5 March (26 March): the late ICPC is flagged too.
    expect(findingsOf(r, 'icpc-late').map((f) => f.certainty)).toContain('certain');
  });
});

describe('a date range that starts before a timescale took effect', () => {
  test('gives no "NaN" or "undefined" in any message', () => {
    const r = run(
      [
        { id: 'acc', type: 'looked-after.started', at: { between: ['2010-06-01', '2011-06-30'] }, basis: 's20' },
        { id: 'ref', type: 'referral.received', at: { between: ['2012-06-01', '2013-09-30'] } },
        { id: 'as', type: 'assessment.completed', at: { between: ['2013-08-01', '2014-03-31'] } },
      ],
      { completeness: 'record', asOf: '2014-12-31' },
    );
    const texts = [...r.findings.map((f) => `${f.message} ${(f.missing ?? []).join(' ')}`), ...r.deadlines.map((d) => d.label)];
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toMatch(/NaN|undefined/);
  });
});

describe('a full record lacking a field a rule reads', () => {
  const file = join(dir, 'record.yaml');
  writeFileSync(
    file,
    YAML.stringify(
      chronology(
        [
          { id: 's', type: 'strategy.held', at: '2024-03-11', decision: 's47' },
          { id: 's2', type: 'strategy.held', at: '2024-03-12', decision: 's47' },
          { id: 'c', type: 'complaint.made', at: '2024-04-01', procedure: 'corporate' },
        ],
        { completeness: 'record' },
      ),
    ),
  );

  test('is a warning per field and rule, counted, in the terminal and the JSON — never an error', async () => {
    const text = await cli('replay', file, '--no-color');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('warning: 2 strategy.held events of this record lack participants, which strategy-not-multi-agency reads (taken as unknown)');
    expect(text.stdout).toContain('warning: 1 complaint.made event of this record lacks subject, which statutory-procedure-not-used reads (taken as unknown)');
    const doc = JSON.parse((await cli('replay', file, '--json')).stdout);
    expect(doc.warnings).toEqual([
      { rule: 'strategy-not-multi-agency', field: 'strategy.held.participants', count: 2 },
      { rule: 'statutory-procedure-not-used', field: 'complaint.made.subject', count: 1 },
    ]);
  });

  test('bulk replay leaves the count out (it keeps only counts of findings and clocks), and finds the same', () => {
    const loaded = loadChronologyFile(file);
    if (!loaded.ok) throw new Error('the record does not load');
    const options = replayOptionsOf(defaultConfig(), { timeline: false });
    const full = replayChronology(loaded.chronology, options);
    const bulk = replayChronology(loaded.chronology, { ...options, warnings: false });
    expect(full.warnings).toHaveLength(2);
    expect(bulk.warnings).toEqual([]);
    expect({ ...bulk, warnings: full.warnings }).toEqual(full);
  });
});
