/**
 * The page's engine bundle (issue 13 item 4): no run-time code generation, nothing
 * Node-only, small, and the same answers in a bare JavaScript context (no Node globals,
 * as in the page) as casepath gives in Node, for every scenario.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { formatDay } from '../src/calendar/day.js';
import { defaultConfig, replayOptionsOf } from '../src/config.js';
import { replayChronology } from '../src/engine/replay.js';
import { parseText } from '../src/input/parse.js';
import { loadChronologyFile } from '../src/load.js';
import { engineBundleFile, engineBundleSource } from '../src/report/engine-bundle.js';
import { type ViewerData, buildViewerData } from '../src/report/viewer-data.js';

const root = join(import.meta.dirname, '..');
const scenarioDir = join(root, 'scenarios');
const scenarios = readdirSync(scenarioDir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'));

interface Engine {
  version: string;
  replay(doc: unknown, options?: { notes?: boolean; asOf?: string; file?: string }): ViewerData;
}

const source = engineBundleSource();

function pageEngine(): Engine {
  // A context with JavaScript's own globals only: no process, require, Buffer, console or timers.
  const context = createContext({});
  runInContext(source, context, { filename: 'casepath-engine.js' });
  return (context as { casepathEngine: Engine }).casepathEngine;
}

function docOf(file: string): unknown {
  const parsed = parseText(readFileSync(file, 'utf8'), 'yaml', file);
  if (!parsed.ok) throw new Error(`cannot parse ${file}`);
  return parsed.data;
}

describe('the engine bundle', () => {
  test('has no eval, no Function constructor and nothing of Ajv, date-holidays or yaml', () => {
    // The snippet around each match (not the whole bundle) when one is found.
    const found = (re: RegExp) => {
      const m = re.exec(source);
      return m ? source.slice(Math.max(0, m.index - 60), m.index + 60) : null;
    };
    expect(found(/\beval\(/)).toBeNull();
    expect(found(/new Function\b/)).toBeNull();
    expect(found(/\bFunction\(/)).toBeNull();
    // zod's aliases of the constructor (`const F = Function; new F(...)`), minified or not.
    expect(found(/=\s*Function\b/)).toBeNull();
    expect(found(/ajv|Ajv2020/)).toBeNull();
    expect(found(/new Holidays|getHolidays\(/)).toBeNull();
    expect(found(/%YAML/)).toBeNull();
    expect(found(/require\(["']node:/)).toBeNull();
    // No address as text (the page holds none); written "https:\/\/", which String.raw would keep as is.
    expect(found(/https?:\/\//i)).toBeNull();
    expect(found(/String\.raw/)).toBeNull();
  });

  test('is well under 1 MB (about 480 KB minified)', () => {
    const bytes = Buffer.byteLength(source);
    console.log(`engine bundle: ${(bytes / 1024).toFixed(0)} KiB`);
    expect(bytes).toBeLessThan(700 * 1024);
  });

  test('is shipped: npm pack takes dist/browser, where a built casepath reads it', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[]; scripts: Record<string, string> };
    expect(pkg.files).toContain('dist/browser');
    expect(pkg.scripts['build']).toMatch(/tsc -p tsconfig\.json .*&& node scripts\/build-engine\.mjs( &&|$)/);
    expect(engineBundleFile()).toBe(join(root, 'dist', 'browser', 'casepath-engine.js'));
  });

  test('sets casepathEngine with casepath’s version in a context without Node', () => {
    const engine = pageEngine();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(engine.version).toBe(pkg.version);
    expect(typeof engine.replay).toBe('function');
  });
});

describe('the same answers in the page as in Node', () => {
  const engine = pageEngine();
  test.each(scenarios)('%s: the findings and the steps', (name) => {
    const file = join(scenarioDir, name);
    const loaded = loadChronologyFile(file);
    if (!loaded.ok) throw new Error(`${name} does not load`);
    const result = replayChronology(loaded.chronology, replayOptionsOf(defaultConfig(), {}));
    const node = buildViewerData(result, { chronology: loaded.chronology });
    const page = engine.replay(docOf(file), { asOf: formatDay(result.asOf), file });
    // Through JSON: the vm context's arrays and objects have their own prototypes.
    const plain = JSON.parse(JSON.stringify(page)) as ViewerData;
    expect(plain.findings.length).toBe(result.findings.length);
    expect(plain.findings).toEqual(node.findings);
    expect(plain.steps).toEqual(node.steps);
    expect(plain.clocks).toEqual(node.clocks);
    expect(plain).toEqual(JSON.parse(JSON.stringify(node)));
  });

  test('a bad document throws an error naming the event, the field and the problem', () => {
    const doc = docOf(join(scenarioDir, 'lgsco-24-009-262.yaml')) as { events: Record<string, unknown>[] };
    const icpc = doc.events.find((e) => e['id'] === 'icpc')!;
    icpc['decision'] = 'maybe';
    expect(() => engine.replay(doc)).toThrow(/event icpc, field decision: /);
  });

  test('notes stay out unless asked for', () => {
    const doc = docOf(join(scenarioDir, 'lgsco-24-009-262.yaml')) as { events: Record<string, unknown>[] };
    doc.events[0]!['note'] = 'a private note';
    expect(JSON.stringify(engine.replay(doc))).not.toContain('a private note');
    expect(JSON.stringify(engine.replay(doc, { notes: true }))).toContain('a private note');
  });
});
