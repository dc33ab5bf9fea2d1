/**
 * remedy-not-considered
 *
 * LGSCO Principles of good administrative practice (putting things right): an effective
 * complaints procedure includes offering a fair and appropriate remedy when a complaint
 * is upheld. LGSCO Guidance on remedies: decide what injustice the fault caused, then
 * what remedy fits it (an apology, action, and where injustice remains a symbolic
 * payment for distress, time and trouble). In report 24 009 262 (seed 001, paras
 * 100-103) a final response that upheld the complaint and apologised but did not
 * consider a financial remedy for the distress was fault.
 *
 * Fires at a `complaint.responded` that upholds the complaint in whole or part:
 * `remedyConsidered: false` → `certain`; `remedyConsidered` unstated → `possible` in a
 * summary, `certain` in a record. Where the outcome is unstated but the response is
 * stated not to have considered a remedy → `possible`. An apology alone does not settle
 * it (the seed case apologised).
 *
 * Not encoded: whether the remedy offered was fair or proportionate; remedies offered
 * later outside the complaint response; complaints the Ombudsman would see as needing no
 * remedy (injustice already put right).
 */
import { cite, eventChildren, noParams, type NoParams, type RuleDefinition, unstated } from './kit.js';

export const remedyNotConsidered: RuleDefinition<NoParams> = {
  id: 'remedy-not-considered',
  title: 'Upheld complaint answered without considering a remedy',
  severity: 'fault',
  citation: [
    cite('LGSCO', 'putting things right: a fair and appropriate remedy when a complaint is upheld', 'V'),
    {
      instrument: 'LGSCO, Guidance on remedies',
      url: 'https://www.lgo.org.uk/information-centre/staff-guidance/guidance-on-remedies',
      version: '2025',
      confidence: 'V',
    },
    { instrument: 'LGSCO report 24 009 262', provision: 'paras 100-103' },
  ],
  firesWhen: 'an upheld complaint answered without considering a remedy for the injustice',
  notEncoded: 'the fairness or size of a remedy; remedies offered outside the complaint response; injustice already put right',
  params: noParams,
  appliesTo: ['complaint.responded'],
  check(e, ctx) {
    if (e.type !== 'complaint.responded') return [];
    const upheld = e.outcome === 'upheld' || e.outcome === 'partly-upheld';
    if (!upheld && e.outcome !== undefined) return [];
    if (e.remedyConsidered === true) return [];
    if (!upheld && e.remedyConsidered === undefined) return [];
    const children = eventChildren(e, ctx);
    const compliant = 'Decide what injustice the fault caused and offer a fair remedy for it (apology, action, and where injustice remains a symbolic payment), following the LGSCO Guidance on remedies.';
    const apologised = e.apology ? ' It apologised, but an apology alone need not put the injustice right.' : '';
    const upheldText = e.outcome === 'partly-upheld' ? 'partly upheld the complaint' : 'upheld the complaint';
    if (!upheld) {
      return [
        {
          certainty: 'possible',
          children,
          events: [e.id],
          message: `The complaint response ${e.id} did not consider a remedy; if it upheld the complaint, it should have.`,
          missing: [`outcome of ${e.id}`],
          compliant,
        },
      ];
    }
    if (e.remedyConsidered === false) {
      return [{ certainty: 'certain', children, events: [e.id], message: `The complaint response ${e.id} ${upheldText} but did not consider a remedy for the injustice.${apologised}`, compliant }];
    }
    const certainty = unstated(ctx);
    return [
      {
        certainty,
        children,
        events: [e.id],
        message: `The complaint response ${e.id} ${upheldText}; ${certainty === 'certain' ? 'the record shows no remedy considered for the injustice' : 'the source does not say whether it considered a remedy for the injustice'}.${apologised}`,
        ...(certainty === 'possible' ? { missing: [`remedyConsidered of ${e.id}`] } : {}),
        compliant,
      },
    ];
  },
};
