/**
 * National law and local values: a finding that rests only on a timescale national law does
 * not set (a local procedure, best practice, the Ombudsman's guidance) is at most `possible`
 * until the authority states its own value; stating it (`timescales:` in a rules config, or
 * `withLocalValuesStated`) makes the limit one to judge.
 */
import { describe, expect, test } from 'vitest';
import { NATIONAL_KINDS, TIMESCALES, replay, resolveConfig, withLocalValuesStated } from '../src/index.js';
import { chronology } from './support.js';

// A plan made at an initial conference on Wednesday 20 March 2024 with the first core group
// on the 11th working day after it (8 April, after Easter), and an ICPC held 16 working days
// after the strategy discussion.
const coreGroupLate = chronology(
  [
    { id: 'icpc', type: 'conference.held', at: '2024-03-20', kind: 'initial', decision: 'plan' },
    { id: 'cg', type: 'core-group.held', at: '2024-04-08' },
  ],
  { completeness: 'record' },
);
const icpcLate = chronology(
  [
    { id: 's', type: 'strategy.held', at: '2024-03-01', participants: ['social-care', 'police', 'health'], decision: 's47' },
    { id: 'e', type: 's47.started', at: '2024-03-01' },
    { id: 'icpc', type: 'conference.held', at: '2024-03-28', kind: 'initial', decision: 'no-plan' },
  ],
  { completeness: 'record' },
);

const of = (rule: string, r: ReturnType<typeof replay>) => r.findings.filter((f) => f.rule === rule);

describe('local values', () => {
  test('the national defaults doubt a limit only a local procedure sets: possible, saying what would settle it', () => {
    const [f, ...rest] = of('core-group-late', replay(coreGroupLate));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ certainty: 'possible', events: ['icpc', 'cg'] });
    expect(f!.message).toContain('typical local value');
    expect(f!.missing).toEqual(["the authority's own value for the timescale core-group-first"]);
  });

  test("stating the authority's own value (here the typical 10 working days) makes it certain", () => {
    const { config } = resolveConfig({ timescales: { 'core-group-first': 10 } }, 'test');
    expect(of('core-group-late', replay(coreGroupLate, { config: config! }))).toMatchObject([{ certainty: 'certain' }]);
    expect(of('core-group-late', replay(coreGroupLate, { config: withLocalValuesStated() }))).toMatchObject([{ certainty: 'certain' }]);
  });

  test('a longer local value the first core group met gives no finding', () => {
    const { config } = resolveConfig({ timescales: { 'core-group-first': 15 } }, 'test');
    expect(of('core-group-late', replay(coreGroupLate, { config: config! }))).toEqual([]);
  });

  test('a national timescale (the ICPC within 15 working days, Working Together) is judged without any local value', () => {
    expect(of('icpc-late', replay(icpcLate))).toMatchObject([{ certainty: 'certain' }]);
  });

  test('withLocalValuesStated states every local timescale and no national one', () => {
    const stated = withLocalValuesStated().timescales;
    for (const t of TIMESCALES) expect(stated.has(t.id), t.id).toBe(!NATIONAL_KINDS.has(t.kind));
  });
});
