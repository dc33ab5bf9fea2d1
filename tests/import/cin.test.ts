/**
 * The CIN census importer: the shape of what it makes (cases, coverage, events in order,
 * cites), both `<Reviews>` shapes, both boolean spellings, left truncation, privacy,
 * pseudonyms, streaming, and what it refuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importCin } from '../../src/import/cin.js';
import { ImportError, createPseudonymiser } from '../../src/import/common.js';
import type { CinXmlChild } from '../../src/testing/formats/cin-xml.js';
import { cinChildXml, cinHeaderXml } from '../../src/testing/formats/cin-xml.js';
import { importCinRecords, importCinText } from './support.js';

const sample = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'cin', 'cin-census-mini.xml'), 'utf8');
const header = { ReferenceDate: '2025-03-31', LEA: '999' };
type Ev = { id: string; type: string; at: unknown; cite: string; [k: string]: unknown };
const eventsOf = (c: Record<string, unknown>) => c['events'] as Ev[];
const types = (c: Record<string, unknown>) => eventsOf(c).map((e) => `${e.type}${e['kind'] ? `:${e['kind']}` : ''}@${typeof e.at === 'string' ? e.at : JSON.stringify(e.at)}`);

describe('the shared sample census', () => {
  it('gives one chronology per child, case <LEA>-<LAchildID>, asOf the ReferenceDate', async () => {
    const r = await importCinText(sample, { file: 'cin-census-mini.xml' });
    expect(r.chronologies.map((c) => c['case'])).toEqual(['999-FAKEA1', '999-FAKEB2', '999-FAKEC3', '999-FAKED4']);
    for (const c of r.chronologies) {
      expect(c['asOf']).toBe('2025-03-31');
      expect(c['source']).toEqual({ document: 'DfE CIN census 2024-25', file: 'cin-census-mini.xml' });
    }
    expect(r.chronologies[0]!['children']).toEqual([{ id: 'FAKEA1' }]);
    expect(r.diagnostics).toEqual([]);
    expect(r.summary).toMatchObject({ records: 4, chronologies: 4, skipped: 0, diagnostics: 0 });
  });

  it('declares the collection year as its coverage, in the spec form', async () => {
    const r = await importCinText(sample);
    expect(r.chronologies[0]!['completeness']).toEqual({
      record: {
        from: '2024-04-01',
        to: '2025-03-31',
        events: ['referral.received', 'assessment.started', 'assessment.completed', 'strategy.held', 's47.started', 'conference.held', 'threshold.considered', 'cin-plan.started', 'cin-plan.ended'],
      },
    });
    const plain = await importCinText(sample, { completeness: 'record' });
    expect(plain.chronologies[0]!['completeness']).toBe('record');
  });

  it("lists A's events by date, then in process order, each citing its element", async () => {
    const [a] = (await importCinText(sample)).chronologies;
    expect(types(a!)).toEqual([
      'referral.received@2024-06-03',
      'assessment.started:child-and-family@2024-06-03',
      'strategy.held@2024-06-10',
      's47.started@2024-06-10',
      'conference.held:initial@2024-07-02',
      'assessment.completed:child-and-family@2024-08-12',
      'conference.held:review@2024-10-01',
      'conference.held:review@2025-03-28',
    ]);
    const e = eventsOf(a!);
    expect(e[2]).toMatchObject({ decision: 's47', cite: 'CIN census: CINdetails[1]/Section47[1]/S47ActualStartDate' });
    expect(e[4]).toMatchObject({ decision: 'plan', category: 'neglect', cite: 'CIN census: CINdetails[1]/Section47[1]/DateOfInitialCPC' });
    expect(e[6]).toMatchObject({ decision: 'continue-plan', cite: 'CIN census: CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[1]' });
    for (const ev of e) expect(ev.cite).toMatch(/^CIN census: CINdetails\[1\]\//);
  });
});

const child = (episode: CinXmlChild['CINdetails'][number], id = 'K1'): CinXmlChild => ({ LAchildID: id, CINdetails: [episode] });

describe('mapping', () => {
  it('reads one <Reviews> with many dates and many <Reviews> alike, ending the plan at CPPendDate', async () => {
    const ep = {
      CINreferralDate: '2024-04-02',
      Section47: [{ S47ActualStartDate: '2024-04-03', DateOfInitialCPC: '2024-04-20' }],
      ChildProtectionPlans: [{ CPPstartDate: '2024-04-20', CPPendDate: '2025-01-10', InitialCategoryOfAbuse: 'EMO', Reviews: ['2024-07-15', '2025-01-10'] }],
    };
    const one = await importCinRecords(header, [child(ep)], {}, { reviewsShape: 'one' });
    const many = await importCinRecords(header, [child(ep)], {}, { reviewsShape: 'many' });
    expect(one.chronologies).toEqual(many.chronologies);
    const e = eventsOf(one.chronologies[0]!);
    expect(e.filter((x) => x.type === 'conference.held').map((x) => [x['kind'], x['decision'], x.at])).toEqual([
      ['initial', 'plan', '2024-04-20'],
      ['review', 'continue-plan', '2024-07-15'],
      ['review', 'end-plan', '2025-01-10'],
    ]);
    expect(e.find((x) => x['kind'] === 'initial')!['category']).toBe('emotional-abuse');
  });

  it('ends a plan with no review on its end date by a review ending it, cited to CPPendDate', async () => {
    const r = await importCinRecords(header, [
      child({ CINreferralDate: '2024-04-02', Section47: [{ S47ActualStartDate: '2024-04-03', DateOfInitialCPC: '2024-04-20' }], ChildProtectionPlans: [{ CPPstartDate: '2024-04-20', CPPendDate: '2024-06-01' }] }),
    ]);
    const end = eventsOf(r.chronologies[0]!).at(-1)!;
    expect(end).toMatchObject({ type: 'conference.held', kind: 'review', decision: 'end-plan', at: '2024-06-01' });
    expect(end.cite).toMatch(/ChildProtectionPlans\[1\]\/CPPendDate/);
  });

  it('reads ICPCnotRequired and ReferralNFA as true/false or 1/0, as undated facts', async () => {
    for (const [t, f] of [
      ['true', 'false'],
      ['1', '0'],
    ] as const) {
      const r = await importCinRecords(header, [
        child({ CINreferralDate: '2024-05-01', ReferralNFA: t, CINclosureDate: '2024-05-03' }, 'N'),
        child({ CINreferralDate: '2024-05-01', ReferralNFA: f, Section47: [{ S47ActualStartDate: '2024-05-02', ICPCnotRequired: t }] }, 'S'),
      ]);
      const [n, s] = r.chronologies.map(eventsOf);
      expect(n!.find((e) => e.type === 'referral.decided')).toMatchObject({ outcome: 'no-further-action', at: { between: ['2024-05-01', '2024-05-03'] }, unordered: true });
      expect(s!.find((e) => e.type === 'referral.decided')).toBeUndefined();
      expect(s!.find((e) => e.type === 'threshold.considered')).toMatchObject({ for: 'icpc', met: false, at: { between: ['2024-05-02', '2025-03-31'] }, unordered: true });
      expect(r.diagnostics).toEqual([]);
    }
  });

  it('reports a flag that is neither true/false nor 1/0, and ignores it', async () => {
    const r = await importCinRecords(header, [child({ CINreferralDate: '2024-05-01', Section47: [{ S47ActualStartDate: '2024-05-02', ICPCnotRequired: 'Y' }] })]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'bad-flag', field: 'CINdetails[1]/Section47[1]/ICPCnotRequired', case: '999-K1', file: 'test.xml' }),
    ]);
    expect(eventsOf(r.chronologies[0]!).some((e) => e.type === 'threshold.considered')).toBe(false);
  });

  it('places the initial conference of a plan begun before the collection year on its start date', async () => {
    const r = await importCinRecords(header, [
      child({ CINreferralDate: '2023-05-02', ChildProtectionPlans: [{ CPPstartDate: '2023-06-01', InitialCategoryOfAbuse: 'NEG', Reviews: ['2024-05-20', '2024-11-18'] }] }),
    ]);
    const e = eventsOf(r.chronologies[0]!);
    expect(e.map((x) => x.id)).toEqual(['e1.referral', 'e1.p1.made', 'e1.p1.r1', 'e1.p1.r2']);
    expect(e[1]).toMatchObject({ type: 'conference.held', kind: 'initial', decision: 'plan', at: '2023-06-01', category: 'neglect' });
    expect(e[1]!.cite).toMatch(/began before this return/);
    expect(r.diagnostics).toEqual([]);
  });

  it('keeps episodes apart and in date order, with ids per episode', async () => {
    const r = await importCinRecords(header, [
      {
        LAchildID: 'M',
        CINdetails: [
          { CINreferralDate: '2024-09-02', Assessments: [{ AssessmentActualStartDate: '2024-09-02' }] },
          { CINreferralDate: '2024-04-08', CINclosureDate: '2024-06-01', Assessments: [{ AssessmentActualStartDate: '2024-04-08', AssessmentAuthorisationDate: '2024-05-20' }] },
        ],
      },
    ]);
    expect(eventsOf(r.chronologies[0]!).map((e) => e.id)).toEqual(['e2.referral', 'e2.a1.start', 'e2.a1.done', 'e1.referral', 'e1.a1.start']);
  });

  it('maps the 2026-27 pre-proceedings module', async () => {
    const r = await importCinRecords({ ReferenceDate: '2027-03-31', LEA: '999' }, [
      child({
        CINreferralDate: '2026-04-06',
        PreProceedingsandFGDM: [
          { PPStartDate: '2026-05-04', LBPSentDate: '2026-05-11', InitialPPMeetingDate: '2026-05-25', ReviewMeetingsCount: '2', StepDecisionDate: '2026-09-01', PPOutcome: 'B', CourtAppDate: '2026-09-08' },
        ],
      }),
    ]);
    const e = eventsOf(r.chronologies[0]!);
    expect(e.map((x) => x.type)).toEqual(['referral.received', 'legal.planning-meeting', 'plo.letter-sent', 'plo.meeting-held', 'plo.reviewed', 'plo.reviewed', 'plo.ended', 'proceedings.issued']);
    expect(e[4]).toMatchObject({ at: { between: ['2026-05-25', '2026-09-01'] }, unordered: true });
    expect(e[6]).toMatchObject({ outcome: 'proceedings', at: '2026-09-01' });
    expect(e[1]).toMatchObject({ decision: 'pre-proceedings', cite: 'CIN census: CINdetails[1]/PreProceedingsandFGDM[1]/PPStartDate' });
  });

  it("cross-checks the LA's InitialCPCtarget against casepath's due date", async () => {
    const r = await importCinRecords(header, [child({ CINreferralDate: '2024-06-03', Section47: [{ S47ActualStartDate: '2024-06-10', InitialCPCtarget: '2024-06-28', DateOfInitialCPC: '2024-06-27' }] })]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'icpc-target-differs', action: 'none', field: 'CINdetails[1]/Section47[1]/InitialCPCtarget' })]);
    expect(r.diagnostics[0]!.message).toContain('2024-07-01');
  });
});

describe('data defects are diagnostics, never findings', () => {
  it('leaves out an s47 whose ICPC came before it (8615), and says so', async () => {
    const r = await importCinRecords(header, [child({ CINreferralDate: '2024-04-02', Section47: [{ S47ActualStartDate: '2024-06-10', DateOfInitialCPC: '2024-06-01' }] })]);
    expect(r.diagnostics).toEqual([
      { code: '8615', dfe: 'cin', file: 'test.xml', case: '999-K1', field: 'CINdetails[1]/Section47[1]/DateOfInitialCPC', message: 'the ICPC (2024-06-01) is before the s47 enquiry started (2024-06-10)', action: 'dropped', dropped: ['CINdetails[1]/Section47[1]'] },
    ]);
    expect(types(r.chronologies[0]!)).toEqual(['referral.received@2024-04-02']);
  });

  it('skips a second child with the same LAchildID', async () => {
    const ep = { CINreferralDate: '2024-04-02' };
    const r = await importCinRecords(header, [child(ep, 'D'), child(ep, 'D')]);
    expect(r.chronologies).toHaveLength(1);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'duplicate-child', action: 'skipped-child', case: '999-D' })]);
    expect(r.summary.skipped).toBe(1);
  });

  it('skips a child with no usable referral date, naming the element', async () => {
    const r = await importCinRecords(header, [child({ CINreferralDate: '2024-02-30' })]);
    expect(r.chronologies).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.field])).toEqual([
      ['bad-date', 'CINdetails[1]/CINreferralDate'],
      ['missing-date', 'CINdetails[1]/CINreferralDate'],
      ['nothing-to-import', 'CINdetails'],
    ]);
  });

  it('counts plans against conferences over the whole file (2883)', async () => {
    const r = await importCinRecords(header, [
      child({ CINreferralDate: '2024-04-02', DateOfInitialCPC: '2024-05-01', ChildProtectionPlans: [{ CPPstartDate: '2024-05-01' }, { CPPstartDate: '2024-05-01', CPPendDate: '2024-05-02' }] }),
    ]);
    expect(r.diagnostics.find((d) => d.code === '2883')).toMatchObject({ action: 'none', message: expect.stringContaining('2 plans start') });
  });
});

describe('privacy', () => {
  const marked: CinXmlChild = {
    LAchildID: 'PRIV1',
    UPN: 'UPNSECRET0001',
    FormerUPN: 'FORMERSECRET002',
    PersonBirthDate: '2019-01-23',
    Sex: 'F',
    Ethnicity: 'WBRI',
    CINdetails: [{ CINreferralDate: '2024-04-02', Section47: [{ S47ActualStartDate: '2024-06-10', DateOfInitialCPC: '2024-06-01' }] }],
  };

  it('never carries UPN, FormerUPN, date of birth, sex or ethnicity into chronologies or diagnostics', async () => {
    const r = await importCinRecords(header, [marked]);
    const all = JSON.stringify([r.chronologies, r.diagnostics, r.summary]);
    for (const secret of ['UPNSECRET0001', 'FORMERSECRET002', '2019-01-23', 'WBRI']) expect(all).not.toContain(secret);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });

  it('with a key, replaces case and child ids by keyed pseudonyms: stable, key-dependent, not the source id', async () => {
    const key = Buffer.alloc(32, 7);
    const a = await importCinRecords(header, [marked], { pseudonymise: createPseudonymiser(key) });
    const b = await importCinRecords(header, [marked], { pseudonymise: createPseudonymiser(key) });
    const other = await importCinRecords(header, [marked], { pseudonymise: createPseudonymiser(Buffer.alloc(32, 8)) });
    const c = a.chronologies[0]!;
    expect(c['case']).toMatch(/^case-[0-9a-f]{16}$/);
    expect((c['children'] as { id: string }[])[0]!.id).toMatch(/^child-[0-9a-f]{16}$/);
    expect(b.chronologies).toEqual(a.chronologies);
    expect(other.chronologies[0]!['case']).not.toBe(c['case']);
    expect(JSON.stringify([a.chronologies, a.diagnostics])).not.toContain('PRIV1');
    expect(a.diagnostics[0]!.case).toBe(c['case']);
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => createPseudonymiser(Buffer.alloc(31))).toThrow(/32 bytes/);
  });
});

describe('streaming and malformed input', () => {
  it('reads the census one byte at a time exactly as in one piece', async () => {
    const whole = await importCinText(sample, {}, sample.length);
    const bytewise = await importCinText(sample, {}, 1);
    expect(bytewise.chronologies).toEqual(whole.chronologies);
  });

  it('yields a child as soon as its </Child> is read, before the rest of the file arrives', async () => {
    const input = new PassThrough();
    const gen = importCin(input, { file: 'live.xml' });
    input.write(cinHeaderXml(header));
    input.write(cinChildXml({ LAchildID: 'FIRST', CINdetails: [{ CINreferralDate: '2024-04-02' }] }));
    const first = await gen.next();
    expect(first.done).toBe(false);
    expect((first.value as Record<string, unknown>)['case']).toBe('999-FIRST');
    input.end(`${cinChildXml({ LAchildID: 'SECOND', CINdetails: [{ CINreferralDate: '2024-04-03' }] })}  </Children>\n</Message>\n`);
    const second = await gen.next();
    expect((second.value as Record<string, unknown>)['case']).toBe('999-SECOND');
    expect((await gen.next()).done).toBe(true);
  });

  it('refuses XML that is not well formed, naming the line and quoting nothing', async () => {
    const broken = sample.replace('<LAchildID>FAKEB2</LAchildID>', '<LAchildID>FAKEB2 secret-text</LAchildIDX>');
    const err = await importCinText(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).code).toBe('parse-error');
    expect((err as ImportError).line).toBe(25);
    expect((err as ImportError).format()).not.toContain('secret-text');
  });

  it('refuses a document that is not a census, or has no ReferenceDate', async () => {
    await expect(importCinText('<?xml version="1.0"?><Other/>')).rejects.toThrow(/not a CIN census/);
    await expect(importCinText(sample.replace(/<ReferenceDate>.*<\/ReferenceDate>/, ''))).rejects.toThrow(/ReferenceDate/);
    await expect(importCinText('')).rejects.toThrow(ImportError);
  });
});
