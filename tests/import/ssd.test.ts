/**
 * The SSD importer: tables named as the SSD tables, siblings grouped by ssd_family into
 * one chronology with shared conferences, the SSD's extras (s47 end and outcome, review
 * decisions, cancelled reviews, care plans), privacy (names, postcodes, outcome comments
 * never read) and a replay of what it makes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../src/calendar/day.js';
import { outcomeFlags } from '../../src/import/ssd.js';
import { asRecord, importSsdDir, replayAll } from './support.js';

const asOf = parseDay('2025-03-31')!;
const from = parseDay('2019-04-01')!;

function extract(): string {
  const dir = mkdtempSync(join(tmpdir(), 'casepath-ssd-'));
  const w = (name: string, rows: string[]) => writeFileSync(join(dir, `${name}.csv`), `${rows.join('\n')}\n`);
  w('ssd_person', ['pers_person_id,pers_forename,pers_surname,pers_dob', 'P1,SECRETNAME,SECRETSURNAME,2015-01-01', 'P2,OTHERNAME,SECRETSURNAME,2017-02-02']);
  w('ssd_family', ['fami_table_id,fami_family_id,fami_person_id', '1,F9,P1', '2,F9,P2']);
  w('ssd_cin_episodes', [
    'cine_referral_id,cine_person_id,cine_referral_date,cine_referral_nfa,cine_close_date,cine_referral_worker_id',
    'R1,P1,2024-06-03 00:00:00.000,N,,W1',
    'R2,P2,2024-06-03 00:00:00.000,N,,W1',
    'R3,P3,2024-01-08,N,,W2',
  ]);
  w('ssd_s47_enquiry', [
    's47e_s47_enquiry_id,s47e_referral_id,s47e_person_id,s47e_s47_start_date,s47e_s47_end_date,s47e_s47_nfa,s47e_s47_outcome_json',
    `S1,R1,P1,2024-06-10,2024-06-20,N,"{""NFA_FLAG"": ""N"", ""CP_CONFERENCE_FLAG"": ""Y"", ""OUTCOME_COMMENTS"": ""SECRET COMMENT about the family""}"`,
    `S2,R2,P2,2024-06-10,2024-06-20,N,"{""NFA_FLAG"": ""N"", ""CP_CONFERENCE_FLAG"": ""Y"", ""OUTCOME_COMMENTS"": ""SECRET COMMENT""}"`,
  ]);
  w('ssd_initial_cp_conference', [
    'icpc_icpc_id,icpc_s47_enquiry_id,icpc_person_id,icpc_cp_plan_id,icpc_referral_id,icpc_icpc_transfer_in,icpc_icpc_target_date,icpc_icpc_date,icpc_icpc_outcome_cp_flag',
    'I1,S1,P1,C1,R1,N,2024-07-01,2024-07-01,Y',
    'I2,S2,P2,C2,R2,N,2024-07-01,2024-07-01,Y',
  ]);
  w('ssd_cp_plans', [
    'cppl_cp_plan_id,cppl_referral_id,cppl_icpc_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date,cppl_cp_plan_initial_category',
    'C1,R1,I1,P1,2024-07-01,2024-12-02,NEG',
    'C2,R2,I2,P2,2024-07-01,,NEG',
  ]);
  w('ssd_cp_reviews', [
    'cppr_cp_review_id,cppr_person_id,cppr_cp_plan_id,cppr_cp_review_due,cppr_cp_review_date,cppr_cp_review_outcome_continue_cp',
    'V1,P1,C1,2024-10-01,2024-09-30,Y',
    'V2,P2,C2,2024-10-01,2024-09-30,Y',
    'V3,P1,C1,2025-03-30,2024-12-02,N',
    'V4,P2,C2,2025-03-30,2024-12-02,Y',
  ]);
  w('ssd_cla_episodes', [
    'clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_start_reason,clae_cla_primary_need_code,clae_cla_episode_ceased_date,clae_cla_episode_ceased_reason,clae_cla_id',
    'E1,P3,2024-02-05,S,N1,,,CLA3',
  ]);
  w('ssd_legal_status', ['lega_legal_status_id,lega_person_id,lega_legal_status,lega_legal_status_start_date,lega_legal_status_end_date', 'L1,P3,C2,2024-02-05,']);
  w('ssd_cla_placement', ['clap_cla_placement_id,clap_cla_placement_start_date,clap_cla_id,clap_cla_placement_postcode,clap_person_id', 'PL1,2024-02-05,CLA3,SECRETPOSTCODE,P3']);
  w('ssd_cla_reviews', ['clar_cla_review_id,clar_cla_id,clar_cla_review_due_date,clar_cla_review_date,clar_cla_review_cancelled', 'CR1,CLA3,2024-03-04,2024-03-01,N', 'CR2,CLA3,2024-06-01,2024-05-31,Y']);
  w('ssd_cla_care_plan', ['lacp_table_id,lacp_person_id,lacp_cla_care_plan_start_date,lacp_cla_care_plan_json', 'T1,P3,2024-02-12,"{""x"": ""SECRET PLAN TEXT""}"']);
  w('ssd_involvements', ['invo_involvements_id,invo_professional_id,invo_person_id,invo_involvement_start_date', 'N1,SW5,P3,2024-02-05']);
  return dir;
}

type Ev = { id: string; type: string; at: unknown; children?: string[]; [k: string]: unknown };

describe('import ssd', () => {
  it('groups siblings into one chronology per family, with shared conferences as one event', async () => {
    const r = await importSsdDir(extract(), { asOf, from });
    expect(r.chronologies.map((c) => c['case'])).toEqual(['SSD-family-F9', 'SSD-P3']);
    const fam = r.chronologies[0]!;
    expect(fam['children']).toEqual([{ id: 'P1' }, { id: 'P2' }]);
    const ev = fam['events'] as Ev[];
    const icpc = ev.filter((e) => e.type === 'conference.held' && e['kind'] === 'initial');
    expect(icpc).toHaveLength(1);
    expect(icpc[0]).toMatchObject({ children: ['P1', 'P2'], decision: 'plan', category: 'neglect', at: '2024-07-01' });
    expect(ev.filter((e) => e.type === 'strategy.held').map((e) => e.children)).toEqual([['P1', 'P2']]);
    // Referrals stay per child (each has its own assessment clock).
    expect(ev.filter((e) => e.type === 'referral.received').map((e) => e.children)).toEqual([['P1'], ['P2']]);
    // The s47 outcome from its flags; P1's plan ends at the review that decided so, P2's continues.
    expect(ev.filter((e) => e.type === 's47.completed').map((e) => e['outcome'])).toEqual(['continuing-risk', 'continuing-risk']);
    const dec = ev.filter((e) => e.type === 'conference.held' && e['kind'] === 'review' && e.at === '2024-12-02').map((e) => [e.children, e['decision']]);
    expect(dec).toEqual([
      [['P1'], 'end-plan'],
      [['P2'], 'continue-plan'],
    ]);
    expect(fam['completeness']).toMatchObject({ record: { from: '2019-04-01', to: '2025-03-31' } });
    expect(r.diagnostics).toEqual([]);
  });

  it('maps looked-after rows: start with its legal status, care plan, reviews held and cancelled, workers', async () => {
    const r = await importSsdDir(extract(), { asOf, from });
    const ev = r.chronologies[1]!['events'] as Ev[];
    expect(ev.map((e) => [e.type, e.at])).toEqual([
      ['referral.received', '2024-01-08'],
      ['looked-after.started', '2024-02-05'],
      ['care-order.made', '2024-02-05'],
      ['worker.allocated', '2024-02-05'],
      ['care-plan.updated', '2024-02-12'],
      ['lac-review.held', '2024-03-01'],
      ['lac-review.postponed', '2024-05-31'],
    ]);
    expect(ev[1]).toMatchObject({ basis: 'care-order' });
    expect(ev[5]!['cite']).toBe('SSD: ssd_cla_reviews.csv line 2 (clar_cla_review_date)');
  });

  it('one chronology per child with --case child', async () => {
    const r = await importSsdDir(extract(), { asOf, from, caseBy: 'child' });
    expect(r.chronologies.map((c) => c['case'])).toEqual(['SSD-P1', 'SSD-P2', 'SSD-P3']);
  });

  it('never reads names, postcodes, dates of birth or free-text comments', async () => {
    const r = await importSsdDir(extract(), { asOf, from });
    const text = JSON.stringify(r);
    for (const s of ['SECRET', '2015-01-01']) expect(text).not.toContain(s);
    expect(outcomeFlags('{"NFA_FLAG": "N", "CP_CONFERENCE_FLAG": "Y", "OUTCOME_COMMENTS": "free text: CP_CONFERENCE_FLAG"}')).toBe('NFA_FLAG=N;CP_CONFERENCE_FLAG=Y');
  });

  it('loads and replays: the family’s ICPC on time, the first review on time', async () => {
    const r = await importSsdDir(extract(), { asOf, from });
    const [fam] = replayAll(r.chronologies.map(asRecord));
    expect(fam!.findings.filter((f) => f.rule === 'icpc-late' || f.rule === 'review-conference-late')).toEqual([]);
    expect(fam!.deadlines.filter((d) => d.rule === 'icpc-late').map((d) => d.status)).toEqual(['met', 'met']);
  });
});
