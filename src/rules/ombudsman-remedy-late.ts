/**
 * ombudsman-remedy-late
 *
 * Local Government Act 1974 s31 and the LGSCO's practice: an authority that accepts the
 * Ombudsman's recommendations carries each out by the date the decision sets (typically
 * an apology and a symbolic payment within 4 weeks, service improvements within 3
 * months: LGSCO Guidance on remedies; report 24 009 262 paras 110-118). Each
 * recommendation of an `ombudsman.decided` is due on its own date (a date, or a
 * duration counted on the calendar from the decision's day) and met by a
 * `remedy.completed` naming it (when two decisions reuse an id, the latest decision
 * listed before the completion). Not completed by the due date: late; open at asOf, a
 * summary gives `possible`, a record or an `omission` of `remedy.completed` for the
 * decision `certain` (an omission covers every recommendation of that decision).
 *
 * Not encoded: recommendations the authority refused (s31(2A) further reports); due
 * dates varied by agreement with the Ombudsman; recommendations with no date.
 */
import { cite, noParams, type NoParams, recommendationClocks, type RuleDefinition } from './kit.js';

export const ombudsmanRemedyLate: RuleDefinition<NoParams> = {
  id: 'ombudsman-remedy-late',
  title: 'Ombudsman recommendation not completed by its due date',
  severity: 'fault',
  citation: [
    { instrument: 'Local Government Act 1974', provision: "s31 (action on the Ombudsman's report and recommendations)", url: 'https://www.legislation.gov.uk/ukpga/1974/7', confidence: 'V' },
    cite('LGSCO', 'putting things right: doing what the organisation agreed to do', 'U'),
    { instrument: 'LGSCO report 24 009 262', provision: 'paras 110-118' },
  ],
  firesWhen: 'an Ombudsman recommendation not completed by its due date',
  notEncoded: 'refused recommendations (s31(2A)); due dates varied by agreement; recommendations without a date',
  params: noParams,
  clock: {
    label: 'Ombudsman recommendation completed by its due date',
    metBy: ['remedy.completed'],
    startsOn: ['ombudsman.decided'],
    starts: (e, ctx) => (e.type === 'ombudsman.decided' ? recommendationClocks(e, ctx, 'ombudsman-remedy-default') : []),
    meets: (e, clock, ctx) => {
      if (e.type !== 'remedy.completed' || e.recommendation !== clock.data?.['recommendation']) return false;
      // The latest decision so far that makes this recommendation.
      let latest: string | undefined;
      for (const d of ctx.state.seenByType.get('ombudsman.decided') ?? []) {
        if (d.type === 'ombudsman.decided' && (d.recommendations ?? []).some((r) => r.id === e.recommendation)) latest = d.id;
      }
      return latest === clock.startEvent;
    },
    lateMessage: (clock, _ctx, met) => {
      const action = clock.data?.['action'];
      const what = `The Ombudsman's recommendation${action !== undefined ? ` "${action}"` : ''} (${clock.data?.['recommendation']}, ${clock.startEvent})`;
      return met ? `${what} was completed (${met.id}) after its due date.` : `${what} is not recorded as completed by its due date.`;
    },
  },
};
