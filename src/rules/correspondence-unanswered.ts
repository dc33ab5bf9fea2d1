/**
 * correspondence-unanswered
 *
 * LGSCO Principles of good administrative practice (being customer focused: dealing
 * with people promptly; keeping proper records), and LGSCO decision 23 016 429 (Mrs B):
 * a solicitor's letter of March 2023 of which the case records held no trace, and to
 * which the Council never replied, was fault; the Council agreed to remind staff to
 * record all contact and correspondence and to answer within a reasonable time. No
 * national timescale: the default, 20 working days, is a local parameter.
 *
 * Encoded: a `correspondence.received` the source says was never recorded
 * (`recorded: false`) is a `certain` finding on its own: what is not on the file cannot
 * be answered. Otherwise a clock starts, met by `correspondence.answered` naming it
 * (`correspondence: <id>`); none recorded is `possible` in a summary and `certain` in a
 * record or with an `omission` of `correspondence.answered` for it.
 *
 * Not encoded: whether the answer addressed the points raised; holding replies; who
 * the correspondence was from.
 */
import { cite, eventChildren, lgsco23016429, noParams, type NoParams, type RuleDefinition, type TimescaleId } from './kit.js';

const TIMESCALE = 'correspondence-answer' satisfies TimescaleId;

export const correspondenceUnanswered: RuleDefinition<NoParams> = {
  id: 'correspondence-unanswered',
  title: 'Correspondence not recorded, or not answered within the local standard',
  severity: 'fault',
  citation: [
    cite('LGSCO', 'being customer focused: dealing with people promptly; keeping proper records'),
    lgsco23016429('Analysis, Communication between the Council and Mrs B, item 1; Action, item 2'),
  ],
  firesWhen: 'correspondence unrecorded, or unanswered within its timescale',
  notEncoded: 'whether the answer addressed the points raised; holding replies',
  params: noParams,
  timescales: [TIMESCALE],
  appliesTo: ['correspondence.received'],
  check: (e, ctx) =>
    e.type === 'correspondence.received' && e.recorded === false
      ? [
          {
            certainty: 'certain',
            children: eventChildren(e, ctx),
            events: [e.id],
            message: `The correspondence${e.from ? ` from ${e.from}` : ''} (${e.id}) was never recorded in the case records, so it could not be answered.`,
            compliant: 'correspondence recorded on the case file on receipt and answered within the local standard',
          },
        ]
      : [],
  clock: {
    label: 'correspondence answered within {correspondence-answer}',
    metBy: ['correspondence.answered'],
    startsOn: ['correspondence.received'],
    starts: (e, ctx) =>
      e.type === 'correspondence.received' && e.recorded !== false
        ? [{ key: e.id, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'timescale', timescale: TIMESCALE } }]
        : [],
    meets: (e, clock) => e.type === 'correspondence.answered' && e.correspondence === clock.startEvent,
    lateMessage: (clock, ctx, met) => {
      const n = ctx.timescaleText(TIMESCALE, ctx.window(clock.anchor).earliest);
      return met
        ? `The correspondence (${clock.startEvent}) was answered (${met.id}) more than ${n} after it was received.`
        : `No answer to the correspondence (${clock.startEvent}) is recorded within ${n}.`;
    },
  },
};
