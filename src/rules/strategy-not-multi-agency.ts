/**
 * strategy-not-multi-agency
 *
 * Working Together to Safeguard Children (2018 ch. 1, 2023 ch. 3; a finding cites the edition in force on its date): a strategy discussion involves, as a minimum, local
 * authority children's social care, health and the police (with the referrer and
 * others, such as the school, as relevant). Fires when the recorded participants
 * miss one of the three; when participants are not recorded, at most `possible` — unless
 * the source calls it a multi-agency meeting (`multiAgency: true`, a casepath addition),
 * which is taken at its word: no finding.
 *
 * Not encoded: the social worker's manager; who else should have been there.
 */
import { z } from 'zod';
import { eventChildren, list, mapped, type RuleDefinition, unstated, wt } from './kit.js';

const params = z.strictObject({
  /** Each group must be represented by at least one of its agencies. */
  required: z
    .array(z.array(z.string().min(1)).min(1))
    .default([['social-care'], ['police'], ['health', 'hospital', 'gp', 'health-visitor']]),
});
type Params = z.output<typeof params>;

export const strategyNotMultiAgency: RuleDefinition<Params> = {
  id: 'strategy-not-multi-agency',
  title: 'Strategy discussion without social care, police and health',
  severity: 'breach',
  citation: wt('strategy discussion: minimum participants', 'V'),
  firesWhen: 'a strategy discussion without social care, police and health',
  notEncoded: "the social worker's manager; the referrer and other relevant agencies",
  params,
  needs: { events: ['strategy.held'], fields: { 'strategy.held': ['participants'] } },
  appliesTo: ['strategy.held'],
  check(e, ctx) {
    if (e.type !== 'strategy.held') return [];
    const children = eventChildren(e, ctx);
    if (e.participants === undefined) {
      // The source's own word: a "multi-agency strategy meeting" (LGSCO 24 009 262 para 32).
      // Flagging it for want of a list of names is the noise the law review found.
      if (e.multiAgency === true) return [];
      return [
        {
          certainty: unstated(ctx),
          children,
          events: [e.id],
          message: 'The strategy discussion’s participants are not recorded, so whether social care, police and health all took part is unknown.',
          missing: [`participants of ${e.id}`],
          compliant: 'Record who took part; include social care, police and health.',
        },
      ];
    }
    const missing = ctx.params.required.filter((group) => !group.some((a) => e.participants!.includes(a)));
    if (missing.length === 0) return [];
    return [
      {
        certainty: 'certain',
        children,
        events: [e.id],
        message: `The strategy discussion had no ${list(mapped(missing, (g) => g[0]!))} participant.`,
        compliant: 'Hold the strategy discussion with social care, police and health.',
      },
    ];
  },
};
