/**
 * The caseload report: the bulk aggregate's working-day bands per clock and children with
 * certain findings, and the self-contained HTML page made from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DURATION_BANDS, MAX_LISTED_CHILDREN, bandOf, emptyAggregate, mergeAggregates } from '../src/bulk/aggregate.js';
import { replayNdjson } from '../src/bulk/stream.js';
import { renderCaseloadHtml } from '../src/report/caseload-html.js';
import { asRecord, importCinText } from './import/support.js';

const census = readFileSync(join(import.meta.dirname, 'fixtures', 'cin', 'cin-census-mini.xml'), 'utf8');
const profile = join(import.meta.dirname, 'fixtures', 'cin', 'cin-census.rules-profile.yaml');

async function sampleAggregate() {
  const imported = await importCinText(census, { completeness: 'record' });
  const ndjson = imported.chronologies.map((c) => JSON.stringify(asRecord(c))).join('\n');
  return replayNdjson(Readable.from([ndjson]), { configPath: profile, source: 'sample' });
}

describe('the aggregate', () => {
  it('bands working days the DfE way', () => {
    expect([0, 1, 10, 11, 15, 16, 20, 41, 45, 46, 50, 51, 60, 61, 400].map(bandOf)).toEqual([
      'same day', '1–10', '1–10', '11–15', '11–15', '16–20', '16–20', '41–45', '41–45', '46–50', '46–50', '51–60', '51–60', '61+', '61+',
    ]);
    expect(DURATION_BANDS).toHaveLength(12);
  });

  it('counts per clock the working days each met step took, and the children with certain findings', async () => {
    const { aggregate: a } = await sampleAggregate();
    // A's ICPC: 16 working days after the strategy discussion (met late); B's is still open.
    expect(a.clocks['icpc-late']).toMatchObject({ met: 0, late: 1, overdue: 1, bands: { '16–20': 1 } });
    // A's assessment: 50 working days from the referral; D's: 61+ (counted from the 2023 referral); C's open.
    expect(a.clocks['assessment-late']).toMatchObject({ late: 2, overdue: 1, bands: { '46–50': 1, '61+': 1 } });
    expect(a.certainChildren['icpc-late']).toEqual({ count: 2, listed: ['999-FAKEA1/FAKEA1', '999-FAKEB2/FAKEB2'] });
    expect(a.certainChildren['assessment-late']!.count).toBe(3);
  });

  it('caps the children listed but counts them all, also when merging', () => {
    const one = emptyAggregate();
    one.certainChildren['icpc-late'] = { count: MAX_LISTED_CHILDREN, listed: Array.from({ length: MAX_LISTED_CHILDREN }, (_, i) => `c${i}/A`) };
    one.clocks['icpc-late'] = { label: 'x', met: 1, late: 0, overdue: 0, open: 0, closed: 0, bands: { '1–10': 1 } };
    const two = emptyAggregate();
    two.certainChildren['icpc-late'] = { count: 3, listed: ['d1/A', 'd2/A', 'd3/A'] };
    two.clocks['icpc-late'] = { label: 'x', met: 2, late: 0, overdue: 0, open: 0, closed: 0, bands: { '1–10': 1, '11–15': 1 } };
    const m = mergeAggregates(one, two);
    expect(m.certainChildren['icpc-late']!.count).toBe(MAX_LISTED_CHILDREN + 3);
    expect(m.certainChildren['icpc-late']!.listed).toHaveLength(MAX_LISTED_CHILDREN);
    expect(m.clocks['icpc-late']!.bands).toEqual({ '1–10': 2, '11–15': 1 });
  });
});

describe('the caseload page', () => {
  it('is one self-contained page: a CSP forbidding every request, no script, no external resource', async () => {
    const html = renderCaseloadHtml(await sampleAggregate(), { title: 'Sample council 2024-25', source: 'cin-census-mini.xml' });
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|https?:\/\//i);
    expect(html).toContain('<h1>Sample council 2024-25</h1>');
  });

  it('shows per clock in time, late, overdue and the bands, then findings and children', async () => {
    const html = renderCaseloadHtml(await sampleAggregate());
    expect(html).toContain('ICPC within 15 working days of the strategy discussion');
    expect(html).toMatch(/<th>16–20<\/th>/);
    expect(html).toContain('aria-label="working days taken: same day 0, 1–10 0, 11–15 0, 16–20 1,');
    expect(html).toMatch(/<td>icpc-late<\/td><td class="certain">2<\/td>/);
    expect(html).toContain('999-FAKEA1/FAKEA1, 999-FAKEB2/FAKEB2');
  });

  it('escapes everything from the data', () => {
    const a = emptyAggregate();
    a.cases = 1;
    a.findings['icpc-late'] = { certain: 1, possible: 0, cases: 1 };
    a.certainChildren['icpc-late'] = { count: 1, listed: ['<img src=x onerror=alert(1)>/A'] };
    const html = renderCaseloadHtml(a, { title: '<b>x</b>' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;/A');
    expect(html).toContain('<title>&lt;b&gt;x&lt;/b&gt;</title>');
  });
});
