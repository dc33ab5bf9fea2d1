/**
 * s31-consideration-late
 *
 * Local Government Act 1974 s31(2): an Ombudsman report finding injustice is laid before
 * the authority, which must consider it and, within the period of three months
 * beginning with the day it received the report, tell the Ombudsman what action it has
 * taken or proposes to take; otherwise the Ombudsman makes a further report (s31(2A)).
 * The LGSCO expects elected members (full council, cabinet or a committee) to consider
 * it (report 24 009 262 para 110).
 *
 * The clock starts at `ombudsman.report-published` and is met by `report.considered`.
 * It counts from the publication (default) or, with parameter `from: decision`, from
 * the latest `ombudsman.decided` listed before it, which is nearer the day the authority
 * received the report (the Ombudsman sends it before publishing it). A period
 * "beginning with" a day ends the day before the corresponding date, or on the month's
 * last day when there is none (30 November → 28 February).
 *
 * Not encoded: "such longer period as the Local Commissioner may agree in writing" (an
 * agreed extension has no event); the day of receipt itself; the notification to the
 * Ombudsman as distinct from the consideration; further reports under s31(2A). Where
 * the anchor's date is a range, the month's-end rule is applied for its earliest day.
 */
import { z } from 'zod';
import type { RuleDefinition } from '../engine/types.js';
import { lastDayOfPeriodBeginningWith } from '../law/timescales-complaints.js';
import { eventChildren } from './support.js';

const params = z.strictObject({
  /** What the three months count from: the publication (default) or the Ombudsman's decision. */
  from: z.enum(['publication', 'decision']).default('publication'),
});
type Params = z.output<typeof params>;

export const s31ConsiderationLate: RuleDefinition<Params> = {
  id: 's31-consideration-late',
  title: 'Ombudsman report not considered within three months',
  severity: 'breach',
  citation: { instrument: 'Local Government Act 1974', provision: 's31(2), (2A)', url: 'https://www.legislation.gov.uk/ukpga/1974/7', confidence: 'V' },
  firesWhen: 'an Ombudsman report not formally considered within its timescale of publication',
  notEncoded: 'a longer period agreed in writing; the day of receipt; the notification itself; further reports (s31(2A))',
  params,
  timescales: ['s31-consideration'],
  clock: {
    label: "Ombudsman's report considered within three months",
    metBy: ['report.considered'],
    startsOn: ['ombudsman.report-published'],
    starts: (e, ctx) => {
      if (e.type !== 'ombudsman.report-published') return [];
      let anchor = e.id;
      if (ctx.params.from === 'decision') {
        const decisions = ctx.state.seenByType.get('ombudsman.decided') ?? [];
        if (decisions.length) anchor = decisions[decisions.length - 1]!.id;
      }
      // The engine adds whole months (clamped to the month's end); the period "beginning with"
      // the anchor ends a day earlier unless the clamp already moved it.
      const first = ctx.window(anchor).earliest;
      const corresponding = ctx.deadline('s31-consideration', first);
      const plusDays = Number.isFinite(corresponding) ? lastDayOfPeriodBeginningWith(first, corresponding) - corresponding : 0;
      return [{ key: e.id, children: eventChildren(e, ctx), startEvent: e.id, anchor, due: { kind: 'timescale', timescale: 's31-consideration', plusDays } }];
    },
    meets: (e) => e.type === 'report.considered',
    lateMessage: (clock, ctx, met) => {
      const n = ctx.timescale('s31-consideration', ctx.window(clock.anchor).earliest);
      const from = clock.anchor === clock.startEvent ? `its publication (${clock.startEvent})` : `the decision (${clock.anchor})`;
      return met
        ? `The Ombudsman's report was considered (${met.id}) more than ${n} months after ${from}.`
        : `The Ombudsman's report is not recorded as considered within ${n} months of ${from}.`;
    },
  },
};
