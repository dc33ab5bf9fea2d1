import { describe, expect, test } from 'vitest';
import { defaultConfig, replay } from '../../src/index.js';
import { workerChurn } from '../../src/rules/worker-churn.js';
import { chronology, findingsOf, run, type ChronOptions } from '../support.js';

const RULE = 'worker-churn';
const rules = [workerChurn];
const replayRule = (events: Record<string, unknown>[], options: ChronOptions = {}) => run(events, { rules, ...options });

function only(r: ReturnType<typeof run>) {
  const found = findingsOf(r, RULE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const alloc = (id: string, worker: string, at: unknown, extra: Record<string, unknown> = {}) => ({ id, type: 'worker.allocated', at, worker, ...extra });
const three = [alloc('w1', 'sw1', '2023-01-10'), alloc('w2', 'sw2', '2023-04-03'), alloc('w3', 'sw3', '2023-08-14')];

// The window is 12 calendar months counted back from each allocation: the same day of
// the month a year earlier is inside it, months clamped to the month's end.
//   10 January 2023 + 12 months = 10 January 2024 (365 days): a 4th worker that day fires;
//   on 11 January 2024 the 1st has left the window.
describe('worker-churn', () => {
  test('a fourth social worker within 12 months is flagged, on the fourth allocation', () => {
    expect(only(replayRule([...three, alloc('w4', 'sw4', '2023-12-04')]))).toMatchObject({
      rule: RULE,
      severity: 'advisory',
      certainty: 'certain',
      children: ['A'],
      events: ['w4', 'w1', 'w2', 'w3'],
    });
  });

  test('three social workers in a year give no finding', () => {
    expect(findingsOf(replayRule(three), RULE)).toEqual([]);
  });

  test('a fourth worker exactly 12 months (365 days) after the first fires', () => {
    expect(only(replayRule([...three, alloc('w4', 'sw4', '2024-01-10')]))).toMatchObject({ certainty: 'certain', events: ['w4', 'w1', 'w2', 'w3'] });
  });

  test('a fourth worker a day past 12 months after the first does not fire', () => {
    expect(findingsOf(replayRule([...three, alloc('w4', 'sw4', '2024-01-11')]), RULE)).toEqual([]);
  });

  test('months clamp to the month’s end: 29 February 2024 + 12 months is 28 February 2025', () => {
    const leap = [alloc('w1', 'sw1', '2024-02-29'), alloc('w2', 'sw2', '2024-06-03'), alloc('w3', 'sw3', '2024-10-01')];
    expect(only(replayRule([...leap, alloc('w4', 'sw4', '2025-02-28')], { asOf: '2025-12-31' }))).toMatchObject({ certainty: 'certain' });
    expect(findingsOf(replayRule([...leap, alloc('w4', 'sw4', '2025-03-01')], { asOf: '2025-12-31' }), RULE)).toEqual([]);
  });

  test('a fourth worker dated only "January 2024" is only possibly within the year', () => {
    const f = only(replayRule([...three, alloc('w4', 'sw4', '2024-01')]));
    expect(f).toMatchObject({ certainty: 'possible', events: ['w4', 'w1', 'w2', 'w3'] });
    expect(f.missing).toEqual(['exact dates of w4, w1, w2 and w3']);
  });

  test('a first allocation dated only "2023" is certainly within the year of a December 2023 allocation, only possibly of a February 2024 one', () => {
    // Listing order puts w1 between 1 January and 3 April 2023 (w2's day); a 4th worker on
    // 15 February 2024 is within 12 months of it only if w1 was on or after 15 February 2023.
    const vague = [alloc('w1', 'sw1', '2023'), ...three.slice(1)];
    expect(only(replayRule([...vague, alloc('w4', 'sw4', '2024-02-15')]))).toMatchObject({ certainty: 'possible' });
    expect(only(replayRule([...vague, alloc('w4', 'sw4', '2023-12-20')]))).toMatchObject({ certainty: 'certain' });
  });

  test('an unordered allocation that may fall after the fourth only possibly shares its year', () => {
    const loose = alloc('w1', 'sw1', { between: ['2023-01-10', '2024-06-30'] }, { unordered: true });
    expect(only(replayRule([loose, ...three.slice(1), alloc('w4', 'sw4', '2023-12-04')]))).toMatchObject({ certainty: 'possible' });
  });

  test('the same worker allocated again counts once', () => {
    const r = replayRule([alloc('w1', 'sw1', '2023-01-10'), alloc('w2', 'sw2', '2023-03-01'), alloc('w3', 'sw1', '2023-06-01'), alloc('w4', 'sw3', '2023-09-01')]);
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('a fifth worker in the same run of churn adds no second finding', () => {
    const r = replayRule([...three, alloc('w4', 'sw4', '2023-10-02'), alloc('w5', 'sw5', '2023-11-06')]);
    expect(only(r)).toMatchObject({ events: ['w4', 'w1', 'w2', 'w3'] });
  });

  test('churn in two separate years gives two findings', () => {
    const later = [alloc('w5', 'sw5', '2026-01-05'), alloc('w6', 'sw6', '2026-03-02'), alloc('w7', 'sw7', '2026-06-01'), alloc('w8', 'sw8', '2026-09-01')];
    const r = replayRule([...three, alloc('w4', 'sw4', '2023-10-02'), ...later], { asOf: '2026-12-31' });
    expect(findingsOf(r, RULE).map((f) => f.events[0])).toEqual(['w4', 'w8']);
  });

  test('each child is counted separately, and children with the same churn share one finding', () => {
    const r = replayRule([...three, alloc('w4', 'sw4', '2023-12-04', { children: ['A'] })], { children: ['A', 'B'] });
    expect(only(r)).toMatchObject({ children: ['A'] });
    const both = replayRule([...three, alloc('w4', 'sw4', '2023-12-04')], { children: ['A', 'B'] });
    expect(only(both)).toMatchObject({ children: ['A', 'B'] });
  });

  test('maxWorkers is a parameter: with 4 allowed, four workers in a year give no finding', () => {
    const base = defaultConfig();
    const params = new Map(base.params);
    params.set(RULE, workerChurn.params.parse({ maxWorkers: 4 }));
    const r = replay(chronology([...three, alloc('w4', 'sw4', '2023-12-04')]), { config: { rules, params, timescales: base.timescales } });
    expect(findingsOf(r, RULE)).toEqual([]);
  });

  test('Mrs B (LGSCO 23 016 429): four social workers between January 2023 and January 2024 fires', () => {
    const r = replayRule(
      [
        alloc('sw-a', 'worker-1', '2023-01', { children: ['B', 'C', 'D'] }),
        alloc('sw-b', 'worker-2', { after: 'sw-a', offset: 'P3M', tolerance: 'P1M' }, { children: ['B', 'C', 'D'] }),
        alloc('sw-c', 'worker-3', { after: 'sw-b', offset: 'P3M', tolerance: 'P1M' }, { children: ['B', 'C', 'D'] }),
        alloc('sw-d', 'worker-4', '2023-12', { children: ['B', 'C', 'D'] }),
      ],
      { children: ['B', 'C', 'D'], asOf: '2024-01-31' },
    );
    expect(only(r)).toMatchObject({ certainty: 'certain', children: ['B', 'C', 'D'], events: ['sw-d', 'sw-a', 'sw-b', 'sw-c'] });
  });
});
