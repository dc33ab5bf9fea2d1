/**
 * plo-letter-not-explained
 *
 * DfE, Court orders and pre-proceedings (2014): the letter before proceedings sets out
 * the concerns and what must change, tells the parents they can get non-means-tested
 * legal aid (with a list of solicitors), and invites them to a pre-proceedings
 * meeting; it should be explained to them. Fires when the source says the letter was
 * not explained, or lacked the legal-aid information or the invitation; when some of
 * these are not recorded, at most `possible`.
 *
 * Not encoded: the letter's content on concerns and support; translation and
 * accessibility needs.
 */
import { cite, eventChildren, list, mapped, noParams, type NoParams, type RuleDefinition, unstated } from './kit.js';

const PARTS = [
  ['explained', 'it was not explained to the parent'],
  ['legalAidInfo', 'it gave no information about legal aid'],
  ['meetingInvite', 'it did not invite the parent to a pre-proceedings meeting'],
] as const;

export const ploLetterNotExplained: RuleDefinition<NoParams> = {
  id: 'plo-letter-not-explained',
  title: 'Letter before proceedings not explained or incomplete',
  severity: 'fault',
  citation: cite('PREPROC', 'letter before proceedings', 'V'),
  firesWhen: 'a letter before proceedings without explanation, legal-aid information or a meeting invitation',
  notEncoded: 'the content of the concerns and support offered; language and accessibility',
  params: noParams,
  appliesTo: ['plo.letter-sent'],
  check(e, ctx) {
    if (e.type !== 'plo.letter-sent') return [];
    const children = eventChildren(e, ctx);
    const failed = mapped(PARTS.filter(([field]) => e[field] === false), ([, text]) => text);
    const unknown = mapped(PARTS.filter(([field]) => e[field] === undefined), ([field]) => field);
    const compliant = 'Explain the letter in person, include legal-aid information and a solicitors list, and invite the parent to the meeting.';
    if (failed.length) {
      return [{ certainty: 'certain', children, events: [e.id], message: `The letter before proceedings fell short: ${list(failed)}.`, compliant }];
    }
    if (unknown.length) {
      return [
        {
          certainty: unstated(ctx),
          children,
          events: [e.id],
          message: `The source does not say whether the letter before proceedings was ${list(mapped(unknown, (f) => (f === 'explained' ? 'explained' : f === 'legalAidInfo' ? 'accompanied by legal-aid information' : 'an invitation to a meeting')))}.`,
          missing: mapped(unknown, (f) => `${f} of ${e.id}`),
          compliant,
        },
      ];
    }
    return [];
  },
};
