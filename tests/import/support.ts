/**
 * Helpers for the importer tests: run an importer to the end, collecting chronologies,
 * diagnostics and the summary; replay imported chronologies the way `replay --ndjson`
 * would (with a rules config).
 */
import { Readable } from 'node:stream';
import { type ResolvedConfig, loadConfigFile } from '../../src/config.js';
import { importCin } from '../../src/import/cin.js';
import type { ImportDiagnostic, ImportOptions, ImportSummary } from '../../src/import/common.js';
import { import903, type Import903Options } from '../../src/import/ssda903.js';
import { importSsd, type ImportSsdOptions } from '../../src/import/ssd.js';
import { type ReplayResult, replay } from '../../src/index.js';
import { type CinXmlChild, type CinXmlHeader, type CinXmlOptions, cinCensusXml } from '../../src/testing/formats/cin-xml.js';

export interface Imported {
  chronologies: Record<string, unknown>[];
  diagnostics: ImportDiagnostic[];
  summary: ImportSummary;
}

async function drain(gen: AsyncGenerator<Record<string, unknown>, ImportSummary>, diagnostics: ImportDiagnostic[]): Promise<Imported> {
  const chronologies: Record<string, unknown>[] = [];
  for (;;) {
    const n = await gen.next();
    if (n.done) return { chronologies, diagnostics, summary: n.value };
    chronologies.push(n.value);
  }
}

/** Import a census given as text (fed in chunks of `chunk` characters, to exercise streaming). */
export function importCinText(xml: string, options: ImportOptions = {}, chunk = 4096): Promise<Imported> {
  const diagnostics: ImportDiagnostic[] = [];
  const parts: string[] = [];
  for (let i = 0; i < xml.length; i += chunk) parts.push(xml.slice(i, i + chunk));
  return drain(importCin(Readable.from(parts), { file: 'test.xml', ...options, onDiagnostic: (d) => diagnostics.push(d) }), diagnostics);
}

/** Import a one-header census built from records. */
export function importCinRecords(header: CinXmlHeader, children: CinXmlChild[], options: ImportOptions = {}, xml: CinXmlOptions = {}): Promise<Imported> {
  return importCinText(cinCensusXml(header, children, xml), options);
}

export function import903Dir(dir: string, options: Import903Options = {}): Promise<Imported> {
  const diagnostics: ImportDiagnostic[] = [];
  return drain(import903(dir, { ...options, onDiagnostic: (d) => diagnostics.push(d) }), diagnostics);
}

export function importSsdDir(dir: string, options: ImportSsdOptions = {}): Promise<Imported> {
  const diagnostics: ImportDiagnostic[] = [];
  return drain(importSsd(dir, { ...options, onDiagnostic: (d) => diagnostics.push(d) }), diagnostics);
}

/** The chronology with its coverage replaced by plain `completeness: record` (until the loader reads coverage). */
export function asRecord(chronology: Record<string, unknown>): Record<string, unknown> {
  return { ...chronology, completeness: 'record' };
}

export function config(path: string): ResolvedConfig {
  const loaded = loadConfigFile(path);
  if (!loaded.config) throw new Error(loaded.issues.map((i) => i.message).join('; '));
  return loaded.config;
}

export function replayAll(chronologies: Record<string, unknown>[], cfg?: ResolvedConfig): ReplayResult[] {
  return chronologies.map((c) => replay(c, { ...(cfg ? { config: cfg } : {}), timeline: false }));
}

/** Does the loader read the coverage form yet? (The lead is adding it on main.) */
export function coverageSupported(): boolean {
  try {
    replay({ case: 'probe', asOf: '2025-03-31', completeness: { record: { from: '2024-04-01', to: '2025-03-31', events: ['referral.received'] } }, children: [{ id: 'A' }], events: [] });
    return true;
  } catch {
    return false;
  }
}
