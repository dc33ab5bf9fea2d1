/**
 * plo-overdue
 *
 * Public Law Working Group best-practice guidance (2021): pre-proceedings should
 * normally last no more than 16 weeks, with reviews along the way. No statutory
 * timescale; the value and its starting point are parameters (casepath's sources did
 * not find the text: confidence U). The clock runs from the pre-proceedings meeting
 * (or the letter, by parameter) and from each review; a review or the end of the PLO
 * meets it.
 *
 * Not encoded: extensions agreed for a parenting assessment or a baby's birth.
 */
import { z } from 'zod';
import { cite } from '../law/citations.js';
import type { RuleDefinition } from '../engine/types.js';
import { eventChildren } from './support.js';

const params = z.strictObject({
  /** What starts the first clock: the pre-proceedings meeting (default) or the letter. */
  startsAt: z.enum(['meeting', 'letter']).default('meeting'),
});
type Params = z.output<typeof params>;

export const ploOverdue: RuleDefinition<Params> = {
  id: 'plo-overdue',
  title: 'Pre-proceedings running past 16 weeks without a review',
  severity: 'advisory',
  citation: cite('PLWG', 'pre-proceedings timescale', 'U'),
  firesWhen: 'pre-proceedings running past its timescale without a review',
  notEncoded: 'agreed extensions (parenting assessments, birth of a baby)',
  params,
  timescales: ['pre-proceedings'],
  clock: {
    label: 'pre-proceedings reviewed or ended within 16 weeks',
    earlierUnrecordedMayMeet: 'plo.reviewed',
    metBy: ['plo.reviewed', 'plo.ended'],
    startsOn: ['plo.meeting-held', 'plo.letter-sent', 'plo.reviewed'],
    meetsOn: ['plo.reviewed', 'plo.ended', 'proceedings.issued'],
    starts: (e, ctx) => {
      // The first clock of each PLO episode starts at its first meeting (or letter): the PLO
      // machine says whether this is the first (later meetings belong to the same episode).
      const first =
        ctx.params.startsAt === 'meeting'
          ? e.type === 'plo.meeting-held' && ctx.state.machine('plo') !== 'preProceedings'
          : e.type === 'plo.letter-sent' && ctx.state.machine('plo') !== 'letterSent' && ctx.state.machine('plo') !== 'preProceedings';
      if (!first && e.type !== 'plo.reviewed') return [];
      return [{ key: e.id, children: eventChildren(e, ctx), startEvent: e.id, anchor: e.id, due: { kind: 'timescale', timescale: 'pre-proceedings' } }];
    },
    meets: (e) => e.type === 'plo.reviewed' || e.type === 'plo.ended' || e.type === 'proceedings.issued',
    lateMessage: (clock, ctx, met) =>
      met
        ? `Pre-proceedings ran more than ${ctx.timescale('pre-proceedings', ctx.window(clock.anchor).earliest)} weeks from ${clock.startEvent} before ${met.type === 'plo.reviewed' ? 'a review' : 'ending'} (${met.id}).`
        : `Pre-proceedings have run more than ${ctx.timescale('pre-proceedings', ctx.window(clock.anchor).earliest)} weeks from ${clock.startEvent} with no review or end recorded.`,
  },
};
