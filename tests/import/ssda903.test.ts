/**
 * The SSDA903 importer: tables recognised by their header row, episodes to looked-after
 * events, reviews and social-worker episodes, a byte-order mark, privacy, diagnostics
 * with the 903 validator's codes, and a replay of what it makes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPseudonymiser, ImportError } from '../../src/import/common.js';
import { asRecord, import903Dir, replayAll } from './support.js';
import { parseDay } from '../../src/calendar/day.js';

function tables(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'casepath-903-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const standard = {
  // Deliberately odd names: tables are recognised by their columns.
  'a-header.csv': 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n1001,2,27/03/2012,WBRI,UPNSECRET9999,,\r\n',
  'eps.csv':
    `${EPISODES}\r\n` +
    '1001,01/05/2024,S,V2,N1,U1,PR1,10/07/2024,X1,,HOMEPOST1 1AA,PLPOST2 2BB,SC1\r\n' +
    '1001,10/07/2024,L,C2,N1,U1,PR1,02/09/2024,X1,,HOMEPOST1 1AA,PLPOST2 2BB,SC1\r\n' +
    '1001,02/09/2024,P,C2,N1,U4,PR1,20/09/2024,X1,CHANGE,HOMEPOST1 1AA,PLPOST3 3CC,SC2\r\n' +
    '1001,20/09/2024,T,C2,N1,U4,PR1,14/02/2025,E41,,HOMEPOST1 1AA,PLPOST3 3CC,SC2\r\n' +
    '2002,15/06/2023,P,C2,N2,U1,PR1,,,,HOMEPOST4 4DD,PLPOST5 5EE,SC3\r\n',
  'reviews.csv': 'CHILD,DOB,REVIEW,REVIEW_CODE\r\n1001,27/03/2012,28/05/2024,PN1\r\n1001,27/03/2012,25/08/2024,PN1\r\n2002,01/01/2010,,\r\n',
  'sw.csv': '\uFEFFCHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\r\n1001,27/03/2012,SW77,01/05/2024,01/09/2024,SWLEFT\r\n1001,27/03/2012,SW88,02/09/2024,,\r\n',
};
type Ev = { id: string; type: string; at: unknown; [k: string]: unknown };

describe('import 903', () => {
  it('maps episodes, reviews and social workers to one chronology per child', async () => {
    const r = await import903Dir(tables(standard));
    expect(r.chronologies.map((c) => c['case'])).toEqual(['903-1001', '903-2002']);
    const [a] = r.chronologies;
    const ev = a!['events'] as Ev[];
    expect(ev.map((e) => [e.type, e.at, e['basis'] ?? e['significant'] ?? e['reason'] ?? e['worker'] ?? ''])).toEqual([
      ['looked-after.started', '2024-05-01', 's20'],
      ['worker.allocated', '2024-05-01', 'SW77'],
      ['lac-review.held', '2024-05-28', ''],
      ['care-order.made', '2024-07-10', ''],
      ['lac-review.held', '2024-08-25', ''],
      ['living-arrangement.changed', '2024-09-02', true],
      ['worker.allocated', '2024-09-02', 'SW88'],
      ['living-arrangement.changed', '2024-09-20', false],
      ['care-order.discharged', '2025-02-14', ''],
      ['looked-after.ceased', '2025-02-14', 'E41'],
    ]);
    expect(ev[0]!['cite']).toBe('SSDA903: Episodes/DECOM (eps.csv line 2)');
    expect(ev[2]!['cite']).toBe('SSDA903: Reviews/REVIEW (reviews.csv line 2)');
    // asOf: the 31 March on or after the latest date; coverage: the collection year.
    expect(a!['asOf']).toBe('2025-03-31');
    expect(a!['completeness']).toEqual({
      record: { from: '2024-04-01', to: '2025-03-31', events: ['looked-after.started', 'looked-after.ceased', 'care-order.made', 'living-arrangement.changed', 'lac-review.held', 'worker.allocated'] },
    });
    expect(r.diagnostics).toEqual([]);
  });

  it('dates the start of a child already in care before the return only as "on or before"', async () => {
    const r = await import903Dir(tables(standard));
    const ev = r.chronologies[1]!['events'] as Ev[];
    expect(ev.map((e) => e.type)).toEqual(['looked-after.started', 'care-order.made']);
    expect(ev[0]).toMatchObject({ basis: 'care-order', unordered: true });
    expect((ev[0]!.at as { between: string[] }).between[1]).toBe('2023-06-15');
  });

  it('never reads UPN, postcodes or dates of birth, and pseudonymises children and workers', async () => {
    const plain = await import903Dir(tables(standard));
    const text = JSON.stringify(plain);
    for (const s of ['UPNSECRET9999', 'HOMEPOST', 'PLPOST', '27/03/2012', '2012-03-27']) expect(text).not.toContain(s);
    const keyed = await import903Dir(tables(standard), { pseudonymise: createPseudonymiser(Buffer.alloc(32, 1)) });
    const k = JSON.stringify(keyed.chronologies);
    expect(k).not.toContain('1001');
    expect(k).not.toContain('SW77');
    expect(k).toMatch(/"worker":"worker-[0-9a-f]{16}"/);
  });

  it('reports episode defects with the 903 codes and leaves the bad episode out', async () => {
    const dir = tables({
      'episodes.csv': `${EPISODES}\n3003,01/06/2024,S,V2,,,,01/05/2024,E11,,,,\n3003,01/07/2024,P,V2,,,,03/08/2024,X1,,,,\n3003,05/08/2024,P,V2,,,,,,,,,\n4004,01/06/2024,S,V2,,,,02/06/2024,E3,,,,\n4004,02/06/2024,P,V2,,,,,,,,,\n`,
    });
    const r = await import903Dir(dir, { asOf: parseDay('2025-03-31')! });
    expect(r.diagnostics.map((d) => [d.code, d.dfe, d.case, d.field])).toEqual([
      ['356', '903', '903-3003', 'Episodes line 2/DEC'],
      ['433', '903', '903-3003', 'Episodes line 4/DECOM'],
      ['388', '903', '903-3003', 'Episodes line 3/REC'],
      ['432', '903', '903-4004', 'Episodes line 6/RNE'],
    ]);
    expect(r.diagnostics[0]).toMatchObject({ action: 'dropped', dropped: ['Episodes line 2'] });
  });

  it('refuses a directory with no Episodes table, and malformed CSV without quoting it', async () => {
    await expect(import903Dir(tables({ 'reviews.csv': 'CHILD,DOB,REVIEW,REVIEW_CODE\n' }))).rejects.toThrow(/no Episodes table/);
    const err = await import903Dir(tables({ 'episodes.csv': `${EPISODES}\n5005,"01/06/2024,S,V2,,,,,,,SECRETPOST,,\n` })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).format()).toMatch(/not valid CSV \(CSV_[A-Z_]+\)/);
    expect((err as ImportError).format()).not.toContain('SECRETPOST');
  });

  it('replays to a late first review counted from the day the child became looked after', async () => {
    const dir = tables({
      'episodes.csv': `${EPISODES}\n6006,02/09/2024,S,C2,,,,,,,,,\n`,
      'reviews.csv': 'CHILD,DOB,REVIEW,REVIEW_CODE\n6006,,14/10/2024,PN1\n',
    });
    const r = await import903Dir(dir, { asOf: parseDay('2025-03-31')! });
    const [result] = replayAll(r.chronologies.map(asRecord));
    const late = result!.findings.filter((f) => f.rule === 'lac-review-late');
    // First review due within 20 working days of 2 September (30 September): 14 October is late.
    expect(late.map((f) => [f.certainty, f.events])).toContainEqual(['certain', ['c.ep1.started', 'c.review1']]);
    // And the second review, due three months after the first (14 January 2025), is overdue at 31 March.
    expect(late.map((f) => [f.certainty, f.events])).toContainEqual(['certain', ['c.review1']]);
  });
});
