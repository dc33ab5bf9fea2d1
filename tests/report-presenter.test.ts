/**
 * The data behind the presenter view, the path charts and the quiz (issue 13 items 1-3),
 * Node side: an event's facts in plain words read from the event, the path chart's
 * sub-graph (the states a child visits and their one-step neighbours) with labels in
 * words, the quiz's choices (the right rules among plausible others, the same on every
 * run), the decisions a room may take, and the print listing's table of states (each
 * state once). The page's behaviour is tested in Chromium in tests/e2e/viewer.e2e.ts.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { processes } from '../src/engine/processes.js';
import { loadChronologyData, loadChronologyFile, replay, withLocalValuesStated } from '../src/index.js';
import { edgeLabelText, machineGraph, pathGraph, pathNeighbourhood, subGraph } from '../src/report/diagram.js';
import { eventFacts, eventName } from '../src/report/event-words.js';
import { renderHtmlReport } from '../src/report/html.js';
import { stateIn } from '../src/report/states.js';
import { INFLATE_VIEWER_DATA } from '../src/report/viewer-client.js';
import { type ViewerData, buildViewerData, packViewerData, quizChoices } from '../src/report/viewer-data.js';

/** The page's own function: the embedded (packed) data back as buildViewerData made it. */
const inflate = new Function(`${INFLATE_VIEWER_DATA}; return inflateViewerData;`)() as (d: unknown) => unknown;
const missX = join(import.meta.dirname, '..', 'scenarios', 'lgsco-24-009-262.yaml');
const loaded = loadChronologyFile(missX);
if (!loaded.ok) throw new Error('Miss X does not load');
const chronology = loaded.chronology;
const result = replay(chronology);
const data = buildViewerData(result, { chronology });
const icpcStep = data.steps.findIndex((s) => s.event === 'icpc');
const icpc = data.steps[icpcStep]!;

function embedded(html: string): ViewerData {
  const m = /<script type="application\/json" id="casepath-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return inflate(JSON.parse(m![1]!)) as ViewerData;
}

describe('the facts of a step, in plain words', () => {
  test('the Miss X ICPC: the school’s view, the chair’s decision, the PLO as the reason, no proportionality', () => {
    expect(icpc.name).toBe('conference held');
    const fact = (field: string) => icpc.facts.find((f) => f.field === field)?.text;
    expect(fact('views')).toBe('school said no plan');
    expect(fact('decision')).toBe('a child protection plan');
    expect(fact('decidedBy')).toBe('the chair alone');
    expect(fact('reasons')).toBe('procedural status: the PLO is in place');
    expect(fact('proportionality')).toMatch(/^not considered/);
    expect(fact('kind')).toBe('initial');
    // What the source did not record about the conference: who took part, the advocate.
    expect(icpc.notRecorded).toEqual(expect.arrayContaining(['Who took part', 'Advocate for the parent']));
    expect(icpc.notRecorded).not.toContain('Decision');
  });

  test('never a note, whatever the event holds', () => {
    const withNote = eventFacts({ id: 'x', type: 'strategy.held', note: 'SECRET', decision: 's47', reasons: [{ basis: 'non-engagement' }] });
    expect(JSON.stringify(withNote)).not.toContain('SECRET');
    expect(withNote.facts).toEqual([
      { field: 'decision', label: 'Decision', text: 'section 47 enquiries' },
      { field: 'reasons', label: 'Reasons', text: 'non-engagement (no evidence named)' },
    ]);
    for (const s of data.steps) expect(JSON.stringify(s.facts)).not.toContain('contagious infections');
  });

  test('every step has a plain name, not only its type id', () => {
    for (const s of data.steps) {
      expect(s.name).toBe(eventName(s.type));
      expect(s.name).not.toMatch(/\./);
    }
  });
});

describe('the path chart', () => {
  const graph = machineGraph(processes().get('child-protection').machine);

  test('its sub-graph is the states a child visits and every state one step on from them, with the edges between them', () => {
    const proc = processes().get('child-protection');
    const visited = [proc.initial, ...result.timeline.map((t) => stateIn(t.states, proc, 'B')!)];
    const keep = pathNeighbourhood(graph, visited);
    for (const v of visited) expect(keep.has(v)).toBe(true);
    for (const e of graph.edges) if (visited.includes(e.from)) expect(keep.has(e.to)).toBe(true);
    // On a plan: the plan and the states it may lead to, nothing else.
    expect(pathNeighbourhood(graph, ['plan'])).toEqual(new Set(['plan', ...graph.edges.filter((e) => e.from === 'plan').map((e) => e.to)]));
    expect(pathNeighbourhood(graph, ['plan']).size).toBeLessThan(graph.states.length);
    const sub = subGraph(graph, keep);
    for (const e of sub.edges) expect(keep.has(e.from) && keep.has(e.to)).toBe(true);
    expect(sub.edges.length).toBe(graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)).length);
    // The path view draws the edges out of the states visited: every one of them, no other.
    const pg = pathGraph(graph, visited);
    expect(new Set(pg.states.map((s) => s.key))).toEqual(keep);
    expect(pg.edges).toEqual(graph.edges.filter((e) => visited.includes(e.from)));
    expect(pg.edges.length).toBeLessThan(graph.edges.length);
  });

  test('the page draws it with edge labels in words; the whole process is drawn too', async () => {
    const html = await renderHtmlReport(result, { chronology });
    const path = /<svg class="chart path-view"[^>]*data-process="child-protection" data-child="B"[^>]*>([\s\S]*?)<\/svg>/.exec(html);
    expect(path).not.toBeNull();
    const label = /<g class="edge-label" data-from="icpcDue" data-to="plan"[^>]*>[\s\S]*?<text[^>]*>([^<]*)<\/text>/.exec(path![1]!);
    expect(label?.[1]).toBe('conference held');
    expect(edgeLabelText(graph.edges.find((e) => e.from === 'icpcDue' && e.to === 'plan')!)).toBe('conference held');
    const whole = /<svg class="chart whole-view"[^>]*data-process="child-protection" data-child="B"[^>]*>([\s\S]*?)<\/svg>/.exec(html);
    expect(whole).not.toBeNull();
    expect(new Set([...whole![1]!.matchAll(/data-state="([^"]+)"/g)].map((m) => m[1])).size).toBe(graph.states.length);
  });
});

describe('the quiz', () => {
  test('at the ICPC the choices hold the rules that found something, plausible others and "nothing went wrong"', () => {
    expect(icpc.quiz).toContain('decision-on-procedural-status');
    expect(icpc.quiz).toContain('');
    const right = new Set(icpc.findings.map((i) => data.findings[i]!.rule));
    const wrong = icpc.quiz.filter((r) => r !== '' && !right.has(r));
    expect(wrong.length).toBeGreaterThanOrEqual(2);
    for (const r of icpc.quiz) if (r) expect(data.rules[r]).toBeTruthy();
  });

  test('the choices are the same on every run, and differ from step to step in order', () => {
    const again = buildViewerData(replay(chronology), { chronology });
    expect(again.steps.map((s) => s.quiz)).toEqual(data.steps.map((s) => s.quiz));
    const a = quizChoices('case-1', 'e1', 'conference.held', ['decision-on-procedural-status']);
    expect(quizChoices('case-1', 'e1', 'conference.held', ['decision-on-procedural-status'])).toEqual(a);
    expect(a).toContain('decision-on-procedural-status');
    expect(new Set(a).size).toBe(a.length);
    const orders = new Set(['e1', 'e2', 'e3', 'e4', 'e5', 'e6'].map((ev) => quizChoices('case-1', ev, 'conference.held', ['decision-on-procedural-status']).indexOf('decision-on-procedural-status')));
    expect(orders.size).toBeGreaterThan(1);
  });

  test('a step with no finding has "nothing went wrong" among its choices', () => {
    const quiet = data.steps.find((s) => s.findings.length === 0)!;
    expect(quiet.quiz).toContain('');
    expect(quiet.quiz.length).toBeGreaterThan(2);
  });

  test('the decide variant: the conference’s decision and the values a room may choose, from the schema', () => {
    expect(icpc.decision).toBe('plan');
    expect(data.decisions['conference.held']).toEqual(['plan', 'no-plan', 'continue-plan', 'end-plan']);
    expect(data.decisions['strategy.held']).toContain('convene-icpc');
  });
});

describe('the embedded data', () => {
  test('is packed (repeated parts in tables) and the page’s own function gives back exactly what buildViewerData made', async () => {
    const html = await renderHtmlReport(result, { chronology });
    const raw = JSON.parse(/<script type="application\/json" id="casepath-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { packed?: unknown; initial?: unknown };
    expect(raw.packed).toBeDefined();
    const { initial: _initial, ...back } = embedded(html) as ViewerData & { initial?: unknown };
    expect(back).toEqual(JSON.parse(JSON.stringify(data)));
    expect(inflate(JSON.parse(JSON.stringify(packViewerData(data))))).toEqual(JSON.parse(JSON.stringify(data)));
    // Unpacked data (what the what-if engine hands the page) passes through unchanged.
    expect(inflate(data)).toBe(data);
  });
});

describe('the print listing', () => {
  test('each machine state the findings name is described once, and the cards refer to it', async () => {
    const html = await renderHtmlReport(result, { chronology, printCards: true });
    const d = embedded(html);
    const desc = d.findings.flatMap((f) => f.allowed).find((a) => a.state === 'icpcDue' && a.process === 'child-protection')!;
    expect(desc.stateDescription.length).toBeGreaterThan(10);
    const listing = html.slice(html.indexOf('id="all-findings"'), html.indexOf('<script type="application/json"'));
    expect(listing.split(desc.stateDescription.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;')).length - 1).toBe(1);
    expect(listing.match(/id="st-child-protection-icpcDue"/g)).toHaveLength(1);
    expect((listing.match(/href="#st-child-protection-icpcDue"/g) ?? []).length).toBeGreaterThan(1);
  });
});

describe('rule texts in the page', () => {
  test('name the value of their timescale, never its placeholder (a late first core group reads "10 working days")', async () => {
    const fc = (await import('fast-check')).default;
    const { mutatedChronologyArbitrary } = await import('../src/testing/arbitraries/index.js');
    const [sample] = fc.sample(mutatedChronologyArbitrary('core-group-late'), { numRuns: 1, seed: 3 });
    const late = loadChronologyData(sample!.chronology, 'mutated');
    if (!late.ok) throw new Error('the mutated case does not load');
    const d = buildViewerData(replay(late.chronology, { config: withLocalValuesStated() }), { chronology: late.chronology });
    const f = d.findings.find((x) => x.rule === 'core-group-late');
    expect(f?.title).toBe('First core group more than 10 working days after the ICPC');
    for (const v of [d, data]) {
      const texts = [...v.findings.map((x) => x.title), ...v.findings.map((x) => x.firesWhen ?? ''), ...Object.values(v.rules ?? {})];
      expect(texts.filter((t) => /\{[a-z0-9-]+\}/.test(t))).toEqual([]);
    }
  });
});
