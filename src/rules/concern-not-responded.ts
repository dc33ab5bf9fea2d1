/**
 * concern-not-responded
 *
 * Children Act 1989 s47(1): where the authority has reasonable cause to suspect that a
 * child in its area is suffering, or is likely to suffer, significant harm it makes the
 * enquiries it considers necessary to decide whether to act. Working Together ch. 3
 * expects the response to a referral to be decided within one working day. LGSCO
 * decision 23 016 429 (Mrs B) found no fault where each allegation about a looked-after
 * child's father was answered by seeing the children privately, home visits and a
 * recorded decision that the threshold for a strategy discussion was not met.
 *
 * Encoded: a `concern.raised` of a kind the parameter `kinds` lists (default physical,
 * sexual and emotional harm and neglect) starts one clock for the concern, met by the
 * first response for any of its children: `child.seen`, `home.visited`, `strategy.held`,
 * `threshold.considered`, `s47.started`, `assessment.started`, `referral.decided`, or a
 * `concern.assessed` of that concern (its investigation). A
 * strategy discussion or threshold decision that states what it relied on counts only if
 * that includes the concern. Timescale: 1 working day (a local parameter, chosen to match
 * the referral decision). By default (`onlyLookedAfter: true`) only concerns about
 * children under a care order in force count, so that concerns about children not in
 * care are left to the referral rules (referral-decision-late, assessment-late) rather
 * than counted twice. In a summary a late response is at most `possible`: an unrecorded
 * threshold decision may have come first; a stated omission proves no response only when the
 * source says each kind of response was not made (an omission per response step).
 *
 * Not encoded: whether the response was proportionate or the child seen alone; who
 * responded (a response by any agency counts); concerns that never reached the authority.
 */
import { z } from 'zod';
import { CONCERN_KINDS, type EventType } from '../schema/events.js';
import { careHistory } from './support-care.js';
import { eventChildren, intersects, lgsco23016429, reliedConcerns, type RuleDefinition, wt } from './kit.js';

const params = z.strictObject({
  /** Kinds of concern that suggest significant harm. */
  kinds: z.array(z.enum(CONCERN_KINDS)).default(['physical-harm', 'sexual-harm', 'emotional-harm', 'neglect']),
  /** Only concerns about looked-after children (on any basis). */
  onlyLookedAfter: z.boolean().default(true),
});
type Params = z.output<typeof params>;

const RESPONSES = [
  'child.seen',
  'home.visited',
  'strategy.held',
  'threshold.considered',
  's47.started',
  'assessment.started',
  'referral.decided',
  'concern.assessed',
] as const satisfies readonly EventType[];

export const concernNotResponded: RuleDefinition<Params> = {
  id: 'concern-not-responded',
  title: 'Concern of significant harm with no response',
  severity: 'fault',
  citation: [
    { instrument: 'Children Act 1989', provision: 's47(1)', url: 'https://www.legislation.gov.uk/ukpga/1989/41', confidence: 'V' },
    wt('decision on the response to a referral within one working day'),
    lgsco23016429('Analysis, Allegations against Mr B, items 1-2'),
  ],
  firesWhen: 'a concern of significant harm with no response (child seen, visit, strategy, recorded threshold decision or investigation of the concern) within its timescale',
  notEncoded: 'whether the response was proportionate or the child seen alone; who responded (any agency counts)',
  params,
  timescales: ['concern-response'],
  clock: {
    label: 'response to a concern of significant harm within {concern-response}',
    metBy: RESPONSES,
    // "The child was not seen" leaves a visit or a threshold decision possible.
    omissionProves: 'every',
    earlierUnrecordedMayMeet: 'threshold.considered',
    startsOn: ['concern.raised'],
    starts: (e, ctx) => {
      // A concern of unstated kind may be one of significant harm: its clock runs, at most possible.
      if (e.type !== 'concern.raised' || (e.kind !== undefined && !ctx.params.kinds.includes(e.kind))) return [];
      const children = eventChildren(e, ctx).filter((c) => !ctx.params.onlyLookedAfter || careHistory(ctx, c).start !== undefined);
      if (!children.length) return [];
      return [
        {
          key: e.id,
          children,
          startEvent: e.id,
          anchor: e.id,
          due: { kind: 'timescale', timescale: 'concern-response' },
          data: { concern: e.concern },
          refersTo: [e.concern],
          ...(e.kind === undefined ? { unsettled: `the kind of concern ${e.concern} (whether it was of significant harm)` } : {}),
        },
      ];
    },
    meets: (e, clock, ctx) => {
      if (!(RESPONSES as readonly string[]).includes(e.type) || !intersects(eventChildren(e, ctx), clock.children)) return false;
      // An investigation of the concern itself answers it (LGSCO 25 001 482: investigated, no fault).
      if (e.type === 'concern.assessed') return e.concern === clock.data?.['concern'];
      if (e.type === 'strategy.held' || e.type === 'threshold.considered') {
        const relied = reliedConcerns(e);
        const states = e.reliesOn !== undefined || relied.length > 0;
        if (states && !relied.includes(String(clock.data?.['concern']))) return false;
      }
      return true;
    },
    lateMessage: (clock, ctx, met) => {
      const within = ctx.timescaleText('concern-response', ctx.window(clock.anchor).earliest);
      return met
        ? `The first response to the concern (${clock.startEvent}) came (${met.id}) more than ${within} after it was raised.`
        : `No response to the concern (${clock.startEvent}) is recorded within ${within}: no child seen, visit, strategy discussion or threshold decision.`;
    },
  },
};
