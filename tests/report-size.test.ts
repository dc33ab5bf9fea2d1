/**
 * The viewer page's size and its clocks. Each statutory clock is written once in the
 * embedded data (`clocks`, with the status it has from each step on) and the page
 * derives the clocks of a step from it (`CLOCKS_AT_STEP`); before, every step carried
 * every clock, so a 1,000-event case made a 10 MB page. Checked here: a ~1,000-event
 * case stays under 3 MB, and at every step the derived clocks are the ones the old
 * per-step lists gave (the reference below is that old code, kept as it was).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Chronology, type ReplayResult, loadChronologyData, loadChronologyFile, replay } from '../src/index.js';
import { renderHtmlReport } from '../src/report/html.js';
import { CLOCKS_AT_STEP, INFLATE_VIEWER_DATA } from '../src/report/viewer-client.js';
import { type ClockAtStep, type ClockStatus, type ViewerData, buildViewerData, signedWorkingDays } from '../src/report/viewer-data.js';
import { chronologyArbitrary, compliantChronologyArbitrary } from '../src/testing/arbitraries/index.js';

/** The page's own function: the embedded (packed) data back as buildViewerData made it. */
const inflate = new Function(`${INFLATE_VIEWER_DATA}; return inflateViewerData;`)() as (d: unknown) => unknown;
const scenarios = join(import.meta.dirname, '..', 'scenarios');
const missX = join(scenarios, 'lgsco-24-009-262.yaml');
const MB = 1024 * 1024;

/** The page's own function: the clocks of step `k` from the clock table. */
const clocksAtStep = new Function(`${CLOCKS_AT_STEP}; return clocksAtStep;`)() as (data: ViewerData, k: number) => ClockAtStep[];

function embedded(html: string): ViewerData {
  const m = /<script type="application\/json" id="casepath-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'the page embeds its data').not.toBeNull();
  return inflate(JSON.parse(m![1]!)) as ViewerData;
}

/** The clocks of every step as viewer-data.ts listed them in each step before (version 1). */
function referenceClocks(result: ReplayResult): ClockAtStep[][] {
  const timeline = result.timeline;
  const n = timeline.length;
  const stepOf = new Map<string, number>();
  timeline.forEach((t, i) => {
    if (!stepOf.has(t.event)) stepOf.set(t.event, i);
  });
  const spans = result.deadlines.map((d) => {
    const startStep = stepOf.get(d.startedBy) ?? 0;
    const endedBy = d.metBy ?? d.closedBy;
    let endStep = endedBy !== undefined ? stepOf.get(endedBy) : undefined;
    if (endedBy !== undefined && endStep === undefined) endStep = n - 1;
    if (endStep !== undefined && endStep < startStep) endStep = startStep;
    return { startStep, endStep };
  });
  return timeline.map((entry, k) => {
    const out: ClockAtStep[] = [];
    result.deadlines.forEach((d, i) => {
      const c = spans[i]!;
      if (k < c.startStep) return;
      if (c.endStep !== undefined && k >= c.endStep) {
        const status: ClockStatus = d.status === 'open' ? 'running' : d.status;
        out.push({ clock: i, status, ...(k === c.endStep ? { endsHere: true } : {}) });
        return;
      }
      const at: ClockAtStep = { clock: i, status: 'running' };
      if (d.due) {
        at.daysLeft = [signedWorkingDays(entry.window.latest, d.due.earliest), signedWorkingDays(entry.window.earliest, d.due.latest)];
        if (entry.window.earliest > d.due.latest) at.status = 'overdue';
        else if (entry.window.latest > d.due.earliest) at.mayBeOverdue = true;
      }
      out.push(at);
    });
    return out;
  });
}

/** As JSON holds it (the old lists went through JSON too: -0 became 0). */
const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function expectSameClocks(result: ReplayResult, data: ViewerData): void {
  const expected = asJson(referenceClocks(result));
  expect(data.steps.length).toBe(expected.length);
  expected.forEach((want, k) => {
    expect(asJson(clocksAtStep(data, k)), `clocks at step ${k + 1}`).toEqual(want);
  });
}

describe('the Miss X case (lgsco-24-009-262)', async () => {
  const loaded = loadChronologyFile(missX);
  if (!loaded.ok) throw new Error('Miss X does not load');
  const result = replay(loaded.chronology);
  const html = await renderHtmlReport(result, { chronology: loaded.chronology });
  const data = embedded(html);

  test('no step carries clocks; each clock is written once', () => {
    expect(data.version).toBe(2);
    expect(data.clocks.length).toBe(result.deadlines.length);
    expect(data.clocks.length).toBeGreaterThan(0);
    for (const s of data.steps) expect(s).not.toHaveProperty('clocks');
  });

  test('at every step the page shows the clocks the per-step lists gave', () => {
    expectSameClocks(result, data);
    expect(data.steps.some((_, k) => clocksAtStep(data, k).some((c) => c.daysLeft))).toBe(true);
  });
});

test('every scenario (some dated only as vaguely as "before 2019"): the same clocks at every step', async () => {
  const files = readdirSync(scenarios).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'));
  expect(files.length).toBeGreaterThan(1);
  for (const f of files) {
    const loaded = loadChronologyFile(join(scenarios, f));
    if (!loaded.ok) throw new Error(`${f} does not load`);
    const result = replay(loaded.chronology);
    expectSameClocks(result, embedded(await renderHtmlReport(result, { chronology: loaded.chronology })));
  }
});

describe('a ~1,000-event case', async () => {
  // 120 compliant episodes for four children, one after another: about 1,000 events and 600 clocks.
  const [raw] = fc.sample(compliantChronologyArbitrary({ minEpisodes: 120, maxEpisodes: 120, minChildren: 4 }), { seed: 1, numRuns: 1 });
  const loaded = loadChronologyData(raw, 'large.json');
  if (!loaded.ok) throw new Error('the generated case does not load');
  const chronology: Chronology = loaded.chronology;
  const result = replay(chronology);
  const html = await renderHtmlReport(result, { chronology });
  const data = embedded(html);

  test('is large enough to matter', () => {
    expect(result.timeline.length).toBeGreaterThanOrEqual(900);
    expect(result.deadlines.length).toBeGreaterThanOrEqual(300);
  });

  test('makes a page under 3 MB (it was 10 MB when every step held every clock)', () => {
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(3 * MB);
  });

  test('at every step the page shows the clocks the per-step lists gave', () => {
    expectSameClocks(result, data);
  });
});

describe('a ~1,000-event case with ~700 findings', async () => {
  // Random events (not compliant): the finding cards used to repeat the states they name, 4.4 MB.
  const [raw] = fc.sample(chronologyArbitrary({ minEvents: 1000, maxEvents: 1000, minChildren: 4 }), { seed: 1, numRuns: 1 });
  const loaded = loadChronologyData(raw, 'faulty.json');
  if (!loaded.ok) throw new Error('the generated case does not load');
  const result = replay(loaded.chronology);
  const html = await renderHtmlReport(result, { chronology: loaded.chronology });

  test('has many findings', () => {
    expect(result.timeline.length).toBeGreaterThanOrEqual(900);
    expect(result.findings.length).toBeGreaterThanOrEqual(500);
  });

  test('makes a page under 3 MB, its data unpacking to every finding', () => {
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(3 * MB);
    expect(embedded(html).findings).toHaveLength(result.findings.length);
  });
});

test('small generated chronologies (vague dates, overdue and open clocks): the same clocks at every step', () => {
  fc.assert(
    fc.property(chronologyArbitrary({ maxEvents: 40 }), (raw) => {
      const loaded = loadChronologyData(raw, 'generated.json');
      if (!loaded.ok) return;
      const result = replay(loaded.chronology);
      expectSameClocks(result, asJson(buildViewerData(result, { chronology: loaded.chronology })));
    }),
    { numRuns: 100, seed: 7 },
  );
});
