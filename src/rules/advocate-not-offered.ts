/**
 * advocate-not-offered
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date): parents are helped to take part in conferences and
 * told they may bring an advocate, friend or supporter. Fires when the source says
 * none was offered; when it is silent, at most `possible`.
 *
 * Not encoded: advocacy for the child.
 */
import { eventChildren, noParams, type NoParams, type RuleDefinition, unstated, wt } from './kit.js';

export const advocateNotOffered: RuleDefinition<NoParams> = {
  id: 'advocate-not-offered',
  title: 'Parent not offered an advocate or supporter for a conference',
  severity: 'fault',
  citation: wt('parents at conferences: advocate or supporter'),
  firesWhen: 'a parent not offered an advocate or supporter for a child protection conference',
  notEncoded: "the child's own advocate",
  params: noParams,
  needs: { events: ['conference.held'], fields: { 'conference.held': ['advocate'] } },
  appliesTo: ['conference.held'],
  check(e, ctx) {
    if (e.type !== 'conference.held') return [];
    if (e.advocate === 'offered' || e.advocate === 'declined') return [];
    const children = eventChildren(e, ctx);
    if (e.advocate === 'not-offered') {
      return [{ certainty: 'certain', children, events: [e.id], message: 'The parent was not offered an advocate or supporter for the conference.', compliant: 'Offer the parent an advocate or supporter before the conference.' }];
    }
    return [
      {
        certainty: unstated(ctx),
        children,
        events: [e.id],
        message: 'No record that the parent was offered an advocate or supporter for the conference.',
        missing: [`advocate of ${e.id}`],
        compliant: 'Offer the parent an advocate or supporter before the conference.',
      },
    ];
  },
};
