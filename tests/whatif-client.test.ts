/**
 * The what-if panel's script and its place in the page (issue 13 items 4 and 5): the
 * script is plain ES2020 with no innerHTML; its logic (merge patches, the fields offered,
 * the comparison of findings) is run here as the page runs it; the page carries the
 * source without notes, the engine and the panel after the viewer, under the same CSP.
 */
import { join } from 'node:path';
import { Script, createContext, runInContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { defaultConfig, replayOptionsOf } from '../src/config.js';
import { replayChronology } from '../src/engine/replay.js';
import { loadChronologyData, loadChronologyFile, loadChronologyText, sourceDocumentOf } from '../src/load.js';
import { PAGE_CSP, renderHtmlReport } from '../src/report/html.js';
import { type ViewerData, buildViewerData } from '../src/report/viewer-data.js';
import { WHATIF_CLIENT, WHATIF_LOGIC } from '../src/report/viewer-whatif-client.js';
import { VIEWER_CLIENT } from '../src/report/viewer-client.js';
import { chronologyEvent } from '../src/index.js';
import fc from 'fast-check';
import { compliantChronologyArbitrary } from '../src/testing/arbitraries/index.js';

const missX = join(import.meta.dirname, '..', 'scenarios', 'lgsco-24-009-262.yaml');

interface Logic {
  mergePatch(target: unknown, patch: unknown): unknown;
  patchPaths(patch: Record<string, unknown>, prefix: string): string[];
  fieldsFor(type: string): { name: string; values?: unknown[]; reasons?: boolean; text?: boolean }[];
  EVENT_FIELDS: Record<string, { name: string; values?: unknown[] }[]>;
  reasonPresets(doc: unknown, eventId: string): { id: string; value: unknown }[];
  diffFindings(before: ViewerData, after: ViewerData): { appeared: { rule: string; eventId: string }[]; disappeared: { rule: string; eventId: string }[] };
  applyEdits(source: unknown, edits: Record<string, unknown>): { events: Record<string, unknown>[] };
  patchProblem(doc: unknown, eventId: unknown, patch: unknown): string;
}

function logic(): Logic {
  const context = createContext({});
  runInContext(
    WHATIF_LOGIC + '\nthis.out = { mergePatch, patchPaths, fieldsFor, EVENT_FIELDS, reasonPresets, diffFindings, applyEdits, patchProblem };',
    context,
  );
  return (context as { out: Logic }).out;
}

function loadMissX() {
  const loaded = loadChronologyFile(missX);
  if (!loaded.ok) throw new Error('Miss X does not load');
  return loaded.chronology;
}

function viewerDataOf(doc: unknown): ViewerData {
  const loaded = loadChronologyData(doc, 'doc');
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
  return buildViewerData(replayChronology(loaded.chronology, replayOptionsOf(defaultConfig(), {})), { chronology: loaded.chronology });
}

describe('the what-if script', () => {
  test('is one plain script: no innerHTML, no eval, no template literals, no network', () => {
    expect(() => new Script(WHATIF_CLIENT)).not.toThrow();
    expect(WHATIF_CLIENT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(WHATIF_CLIENT).not.toMatch(/\beval\(|new Function|\bFunction\(/);
    expect(WHATIF_CLIENT).not.toMatch(/`|\$\{/);
    expect(WHATIF_CLIENT).not.toMatch(/fetch\(|XMLHttpRequest|WebSocket|import\(/);
  });

  test('merges patches as RFC 7386 says and names the fields a patch touches', () => {
    const l = logic();
    const event = { id: 'icpc', decision: 'plan', reasons: [{ basis: 'procedural-status' }], at: { after: 'x', offset: 'P2W' } };
    expect(l.mergePatch(event, { decision: 'no-plan', reasons: null, at: { offset: 'P3W' } })).toEqual({ id: 'icpc', decision: 'no-plan', at: { after: 'x', offset: 'P3W' } });
    expect(event.decision).toBe('plan');
    expect(l.patchPaths({ decision: 'no-plan', at: { offset: 'P3W' }, reasons: null }, '')).toEqual(['decision', 'at.offset', 'reasons']);
  });

  test('offers only fields the chronology format has, with values its schema accepts', () => {
    const l = logic();
    const shapes = new Map(chronologyEvent.options.map((o) => [o.shape.type.value as string, o]));
    for (const [type, fields] of Object.entries(l.EVENT_FIELDS)) {
      const schema = shapes.get(type);
      expect(schema, type).toBeDefined();
      const shape = schema!.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
      for (const f of fields) {
        expect(Object.keys(shape), `${type}.${f.name}`).toContain(f.name);
        for (const v of f.values ?? []) {
          const r = shape[f.name]!;
          expect(r.safeParse(v).success, `${type}.${f.name} = ${JSON.stringify(v)}`).toBe(true);
        }
      }
    }
    expect(l.fieldsFor('conference.held').map((f) => f.name)).toEqual(['decision', 'decidedBy', 'reasons', 'proportionality', 'advocate']);
    expect(l.fieldsFor('plo.letter-sent').map((f) => f.name)).toContain('explained');
    expect(l.fieldsFor('appointment.missed').map((f) => f.name)).toContain('reason');
  });

  test('at the Miss X ICPC, a no-plan decision makes the procedural-status finding disappear', () => {
    const l = logic();
    const source = sourceDocumentOf(loadMissX());
    const before = viewerDataOf(source);
    const after = viewerDataOf(l.applyEdits(source, { icpc: { decision: 'no-plan' } }));
    const diff = l.diffFindings(before, after);
    expect(diff.disappeared.map((f) => `${f.rule}@${f.eventId}`)).toContain('decision-on-procedural-status@icpc');
    expect(diff.appeared.map((f) => f.rule)).not.toContain('decision-on-procedural-status');
    expect(l.diffFindings(before, viewerDataOf(source))).toEqual({ appeared: [], disappeared: [] });
  });

  test('reasons resting on the concerns raised before the conference are offered', () => {
    const l = logic();
    const source = sourceDocumentOf(loadMissX()) as { events: { type: string; concern?: string }[] };
    const presets = l.reasonPresets(source, 'icpc');
    const concerns = presets.find((p) => p.id === 'concerns');
    expect(concerns).toBeDefined();
    expect((concerns!.value as { concern: string }[]).map((r) => r.concern)).toEqual([...new Set(source.events.slice(0, source.events.findIndex((e) => (e as { id?: string }).id === 'icpc')).filter((e) => e.type === 'concern.raised').map((e) => e.concern))]);
    expect(presets.find((p) => p.id === 'none')!.value).toBeNull();
  });

  test('a patch for no event, not an object, or renaming the event is refused with the event and field named', () => {
    const l = logic();
    const source = sourceDocumentOf(loadMissX());
    expect(l.patchProblem(source, 'nope', { decision: 'plan' })).toMatch(/^event nope: there is no event/);
    expect(l.patchProblem(source, 'icpc', [1])).toMatch(/^event icpc: the patch must be a JSON object/);
    expect(l.patchProblem(source, 'icpc', { id: 'x' })).toMatch(/^event icpc, field id: /);
    expect(l.patchProblem(source, 'icpc', { decision: 'no-plan' })).toBe('');
  });
});

describe('the page with what-if', () => {
  const chronology = loadMissX();
  const result = replayChronology(chronology, replayOptionsOf(defaultConfig(), {}));

  test('carries the source, the engine and the panel after the viewer, under the same CSP', async () => {
    const html = await renderHtmlReport(result, { chronology });
    const at = (s: string) => html.indexOf(s);
    expect(at(`<script>${VIEWER_CLIENT}</script>`)).toBeGreaterThan(0);
    expect(at('<script type="application/json" id="casepath-source"')).toBeGreaterThan(at(`<script>${VIEWER_CLIENT}</script>`));
    expect(at('<script id="casepath-engine">')).toBeGreaterThan(at('id="casepath-source"'));
    expect(at(`<script>${WHATIF_CLIENT}</script>`)).toBeGreaterThan(at('<script id="casepath-engine">'));
    expect(html).toContain(`content="${PAGE_CSP}"`);
    const json = /<script type="application\/json" id="casepath-source"[^>]*>([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(sourceOf(false))));
  });

  test('leaves the free-text notes out of the embedded source unless notes are on', async () => {
    const withNotes = sourceDocumentOf(chronology) as { events: { note?: string }[] };
    const note = withNotes.events.find((e) => typeof e.note === 'string')!.note!;
    expect(note.length).toBeGreaterThan(20);
    const off = await renderHtmlReport(result, { chronology });
    expect(off).not.toContain(JSON.stringify(note).slice(1, 40));
    const on = await renderHtmlReport(result, { chronology, notes: true });
    const json = /id="casepath-source" data-as-of="[^"]*" data-notes="true"[^>]*>([^<]*)<\/script>/.exec(on)![1]!;
    expect((JSON.parse(json) as { events: { note?: string }[] }).events.some((e) => e.note === note)).toBe(true);
  });

  test('a source that tries to close the script or hold an address stays data', async () => {
    const text = `case: hostile\nsource: { document: "</script><script>alert(1)</script><!--", url: "https://example.org/x" }\nasOf: 2024-01-10\nchildren: [{ id: A }]\nevents:\n  - { id: e1, type: concern.raised, at: 2024-01-02, concern: c1, kind: neglect, basis: observed, cite: "</SCRIPT>" }\n`;
    const loaded = loadChronologyText(text, 'hostile.yaml', 'yaml');
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
    const html = await renderHtmlReport(replayChronology(loaded.chronology, replayOptionsOf(defaultConfig(), {})), { chronology: loaded.chronology });
    const json = /id="casepath-source"[^>]*>([^<]*)<\/script>/.exec(html)![1]!;
    expect(json).not.toMatch(/<|https?:\/\//i);
    expect(JSON.parse(json)).toEqual(sourceDocumentOf(loaded.chronology));
    expect(html).not.toMatch(/https?:\/\//i);
  });

  test('whatIf: false leaves the three scripts out', async () => {
    const html = await renderHtmlReport(result, { chronology, whatIf: false });
    expect(html).not.toContain('casepath-source');
    expect(html).not.toContain('casepath-engine');
    expect(html).not.toContain(WHATIF_CLIENT);
  });

  function sourceOf(notes: boolean) {
    const doc = sourceDocumentOf(chronology) as { events: Record<string, unknown>[] };
    return notes ? doc : { ...doc, events: doc.events.map(({ note: _n, ...rest }) => rest) };
  }
});

describe('a ~1,000-event case read from a file, with what-if', async () => {
  const [raw] = fc.sample(compliantChronologyArbitrary({ minEpisodes: 120, maxEpisodes: 120, minChildren: 4 }), { seed: 1, numRuns: 1 });
  const loaded = loadChronologyText(JSON.stringify(raw), 'large.json', 'json');
  if (!loaded.ok) throw new Error('the generated case does not load');
  const result = replayChronology(loaded.chronology, replayOptionsOf(defaultConfig(), {}));
  const html = await renderHtmlReport(result, { chronology: loaded.chronology });

  test('carries its source and the engine and still makes a page under 3 MB', () => {
    expect(result.timeline.length).toBeGreaterThanOrEqual(900);
    expect(html).toContain('id="casepath-source"');
    const bytes = Buffer.byteLength(html, 'utf8');
    console.log(`~1,000-event page with what-if: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  });
});
