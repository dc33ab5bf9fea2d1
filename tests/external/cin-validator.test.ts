/**
 * casepath against the DfE validators' own test fixtures (tests/external/*-validator/,
 * facts transcribed with attribution: tests/external/NOTICE). Each case is a small census
 * (or 903 table set) run through the importer and, for the validator's queries that ask
 * casepath's questions (8675Q: ICPC still due; 8670Q: assessment still open), through a
 * replay under profiles/cin-validator.yaml; the verdict must be the validator's. Ordering
 * and overlap rules are import diagnostics with the rule's code. boundaries.yaml holds
 * casepath's own boundary cases (weekend and bank-holiday starts, 15 and 16 working days),
 * judged under both casepath's default counting and the validator profile.
 *
 * A fixture that gives no CINreferralDate gets one on the earliest date of its case
 * (unless `noFill`), so the referral is never what is tested; a file with no
 * ReferenceDate gets the 31 March on or after the case's latest date.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseDay, formatDay } from '../../src/calendar/day.js';
import { type ResolvedConfig, defaultConfig, resolveConfig } from '../../src/config.js';
import { marchThirtyFirstFrom } from '../../src/import/common.js';
import { ruleById } from '../../src/index.js';
import type { CinXmlChild } from '../../src/testing/formats/cin-xml.js';
import { SSDA903_COLUMNS, emptyTables, write903Tables } from '../../src/testing/formats/ssda903-csv.js';
import { asRecord, import903Dir, importCinRecords, replayAll } from '../import/support.js';

const root = join(import.meta.dirname, '..', '..');
const dir = join(import.meta.dirname, 'cin-validator');

interface Case {
  rows: (number | string)[];
  verdict: 'fail' | 'pass';
  noFill?: boolean;
  child?: CinXmlChild;
  children?: CinXmlChild[];
}
interface FixtureFile {
  rule: string;
  source: { repo: string; commit: string; path: string; branch?: string };
  casepath: { diagnostic?: string; finding?: string; open?: boolean; level?: 'file' };
  referenceDate?: string;
  cases: Case[];
}

const anchorSupported = ruleById('assessment-late')?.params.safeParse({ anchor: 'start' }).success === true;

/** profiles/cin-validator.yaml, less the anchor parameter while assessment-late has none (the lead's). */
function validatorProfile(): ResolvedConfig {
  const raw = YAML.parse(readFileSync(join(root, 'profiles', 'cin-validator.yaml'), 'utf8')) as { rules: Record<string, Record<string, unknown>> };
  if (!anchorSupported) delete raw.rules['assessment-late']!['anchor'];
  const { config, issues } = resolveConfig(raw, 'profiles/cin-validator.yaml');
  if (!config) throw new Error(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return config;
}

function datesIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string' && parseDay(value) !== undefined) into.push(value);
  else if (Array.isArray(value)) for (const v of value) datesIn(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) datesIn(v, into);
  return into;
}

/** The case's children, with referral dates filled in as the file header describes. */
function childrenOf(c: Case): CinXmlChild[] {
  const kids = structuredClone(c.children ?? [c.child!]);
  if (c.noFill) return kids;
  for (const k of kids) {
    const earliest = datesIn(k).sort()[0];
    for (const ep of k.CINdetails) if (ep.CINreferralDate === undefined && earliest) ep.CINreferralDate = earliest;
  }
  return kids;
}

function referenceDateOf(file: { referenceDate?: string }, kids: CinXmlChild[]): string {
  if (file.referenceDate) return file.referenceDate;
  const latest = datesIn(kids).sort().at(-1) ?? '2000-01-01';
  return formatDay(marchThirtyFirstFrom(parseDay(latest)!));
}

async function verdictOf(spec: { diagnostic?: string; finding?: string; open?: boolean }, referenceDate: string, kids: CinXmlChild[], cfg: ResolvedConfig): Promise<'fail' | 'pass'> {
  const r = await importCinRecords({ ReferenceDate: referenceDate, LEA: '999' }, kids, { completeness: 'record' });
  if (spec.diagnostic) return r.diagnostics.some((d) => d.code === spec.diagnostic) ? 'fail' : 'pass';
  const results = replayAll(r.chronologies.map(asRecord), cfg);
  const hit = results.some((x) => x.findings.some((f) => f.rule === spec.finding && f.certainty === 'certain' && (!spec.open || f.events.length === 1)));
  return hit ? 'fail' : 'pass';
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && f !== 'boundaries.yaml')
  .sort()
  .map((f) => ({ name: f, data: YAML.parse(readFileSync(join(dir, f), 'utf8')) as FixtureFile }));

describe('the CIN validator’s fixtures', () => {
  it('cover the rules that touch casepath, each naming its source file and commit', () => {
    expect(files.map((f) => f.data.rule).sort()).toEqual(
      ['1103', '1104', '1105', '2883', '2885', '2889', '8565', '8608', '8615', '8670Q', '8675Q', '8839', '8841', '8863Q', '8890', '8896', '8925', '8935', '8940', '9005', '9006', '9009', '9012', '9013'].sort(),
    );
    for (const f of files) {
      expect(f.name).toBe(`${f.data.rule}.yaml`);
      expect(f.data.source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(f.data.source.path).toContain(`rule_${f.data.rule}.py`);
      expect(f.data.cases.some((c) => c.verdict === 'fail')).toBe(true);
    }
  });

  for (const f of files) {
    describe(`${f.data.rule} (${f.data.casepath.diagnostic ? `import diagnostic ${f.data.casepath.diagnostic}` : `${f.data.casepath.finding}${f.data.casepath.open ? ', still open at asOf' : ''}`})`, () => {
      for (const c of f.data.cases) {
        it(`rows ${c.rows.join(', ')}: ${c.verdict}s`, async () => {
          const kids = childrenOf(c);
          expect(await verdictOf(f.data.casepath, referenceDateOf(f.data, kids), kids, validatorProfile())).toBe(c.verdict);
        });
      }
    });
  }

  it('8670Q’s Sunday start is flagged only with the validator’s counting (casepath’s own counting says not yet due)', async () => {
    const f = files.find((x) => x.data.rule === '8670Q')!.data;
    const sunday = f.cases.find((c) => c.rows.includes(3))!;
    const kids = childrenOf(sunday);
    const interim = resolveConfig(YAML.parse(readFileSync(join(root, 'tests', 'fixtures', 'cin', 'cin-census.rules-profile.yaml'), 'utf8')), 'interim').config!;
    expect(await verdictOf(f.casepath, f.referenceDate!, kids, interim)).toBe('pass');
    expect(await verdictOf(f.casepath, f.referenceDate!, kids, validatorProfile())).toBe('fail');
  });
});

describe('casepath’s own boundary cases', () => {
  const b = YAML.parse(readFileSync(join(dir, 'boundaries.yaml'), 'utf8')) as {
    cases: { name: string; finding: string; open?: boolean; needs?: 'anchor'; referenceDate: string; expect: { casepath: 'fail' | 'pass'; validator: 'fail' | 'pass' }; child: CinXmlChild }[];
  };
  for (const c of b.cases) {
    const spec = { finding: c.finding, ...(c.open ? { open: true } : {}) };
    it(`${c.name}: ${c.expect.casepath}s by default`, async () => {
      expect(await verdictOf(spec, c.referenceDate, childrenOf({ rows: [], verdict: 'pass', child: c.child }), defaultConfig())).toBe(c.expect.casepath);
    });
    const skip = c.needs === 'anchor' && !anchorSupported;
    it.skipIf(skip)(`${c.name}: ${c.expect.validator}s under the validator profile${skip ? ' (skipped: needs the lead’s assessment-late anchor parameter)' : ''}`, async () => {
      expect(await verdictOf(spec, c.referenceDate, childrenOf({ rows: [], verdict: 'pass', child: c.child }), validatorProfile())).toBe(c.expect.validator);
    });
  }
});

describe('the 903 validator’s fixtures', () => {
  const d903 = join(import.meta.dirname, '903-validator');
  const f903 = readdirSync(d903)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => YAML.parse(readFileSync(join(d903, f), 'utf8')) as { rule: string; source: { commit: string }; casepath: { diagnostic: string }; cases: { rows: number[]; verdict: 'fail' | 'pass'; flagged?: number[]; episodes: Record<string, string>[] }[] });
  for (const f of f903) {
    for (const c of f.cases) {
      it(`${f.rule} rows ${c.rows.join(', ')}: ${c.verdict}s`, async () => {
        const tables = emptyTables();
        const cols = SSDA903_COLUMNS.episodes;
        for (const e of c.episodes) tables.episodes.push(cols.map((col) => e[col] ?? ''));
        const out = mkdtempSync(join(tmpdir(), 'casepath-903-'));
        write903Tables(out, tables);
        const r = await import903Dir(out, { asOf: parseDay('2022-03-31')! });
        const hits = r.diagnostics.filter((d) => d.code === f.casepath.diagnostic);
        expect(hits.length > 0 ? 'fail' : 'pass').toBe(c.verdict);
        // The row flagged is the fixture's: episodes.csv line = position in the case + 2 (after the header).
        if (c.flagged) expect(hits.map((h) => h.field)).toEqual(c.flagged.map((row) => `Episodes line ${c.rows.indexOf(row) + 2}/DECOM`));
      });
    }
  }
});
