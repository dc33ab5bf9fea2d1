/**
 * s31-consideration-late
 *
 * Local Government Act 1974 s31(2): an Ombudsman report finding injustice is laid before
 * the authority, which must consider it and, within the period of three months beginning
 * with the day it received the report — or such longer period as the Ombudsman agrees in
 * writing — tell the Ombudsman what action it has taken or proposes to take; otherwise the
 * Ombudsman makes a further report (s31(2A)). The LGSCO expects elected members (full
 * council, cabinet or a committee) to consider it (report 24 009 262 para 110).
 *
 * Encoded: the clock starts at `ombudsman.report-published` and is met by
 * `report.considered`. It counts from the day the authority received the report: the
 * `received` date where the source gives one (a casepath addition); else the day of the
 * Ombudsman's decision, the earliest the report can have reached the authority (it is sent
 * before publication), and the verdict is then at most `possible`. It is `possible` too
 * unless the source says no longer period was agreed (`extensionAgreed: false`). Parameter
 * `from` keeps the earlier readings: `publication` or `decision` (default `receipt`, as the
 * statute says). A period "beginning with" a day ends the day before the corresponding date,
 * or on the month's last day when there is none (30 November → 28 February).
 *
 * Not encoded: the notification to the Ombudsman as distinct from the consideration;
 * further reports under s31(2A). Where the anchor's date is a range, the month's-end rule is
 * applied for its earliest day.
 */
import { z } from 'zod';
import { lastDayOfPeriodBeginningWith } from '../law/timescales-complaints.js';
import { type RuleDefinition, eventChildren } from './kit.js';

const params = z.strictObject({
  /**
   * What the three months count from: `receipt` (default: the day the authority received the
   * report, as s31(2) says — the `received` date, else the decision as its earliest reading),
   * `publication`, or `decision` (the latest Ombudsman decision before the publication).
   */
  from: z.enum(['receipt', 'publication', 'decision']).default('receipt'),
});
type Params = z.output<typeof params>;

export const s31ConsiderationLate: RuleDefinition<Params> = {
  id: 's31-consideration-late',
  title: 'Ombudsman report not considered within {s31-consideration} of its receipt',
  severity: 'breach',
  citation: { instrument: 'Local Government Act 1974', provision: 's31(2), (2A)', url: 'https://www.legislation.gov.uk/ukpga/1974/7', confidence: 'V' },
  firesWhen: 'an Ombudsman report not considered, and the Ombudsman not notified of the action taken, within three months of its receipt',
  notEncoded: 'the notification itself, as distinct from the consideration; further reports (s31(2A))',
  params,
  timescales: ['s31-consideration'],
  needs: { events: ['ombudsman.report-published', 'report.considered'] },
  clock: {
    label: "Ombudsman's report considered within {s31-consideration} of its receipt",
    metBy: ['report.considered'],
    startsOn: ['ombudsman.report-published'],
    starts: (e, ctx) => {
      if (e.type !== 'ombudsman.report-published') return [];
      const decisions = ctx.state.seenByType.get('ombudsman.decided') ?? [];
      const decision = decisions[decisions.length - 1]?.id;
      let anchor = e.id;
      const doubts: string[] = [];
      if (ctx.params.from === 'decision' && decision) anchor = decision;
      else if (ctx.params.from === 'receipt') {
        if (e.received) anchor = `${e.id}#received`;
        else {
          if (decision) anchor = decision;
          doubts.push(`the day the authority received the report (taken as ${decision ? `the decision, ${decision}` : `the publication, ${e.id}`}, the earliest reading)`);
        }
        if (e.extensionAgreed !== false) doubts.push('whether the Ombudsman agreed a longer period in writing');
      }
      // The engine adds whole months (clamped to the month's end); the period "beginning with"
      // the anchor ends a day earlier unless the clamp already moved it.
      const first = ctx.window(anchor).earliest;
      const corresponding = ctx.deadline('s31-consideration', first);
      const plusDays = Number.isFinite(corresponding) ? lastDayOfPeriodBeginningWith(first, corresponding) - corresponding : 0;
      return [
        {
          key: e.id,
          children: eventChildren(e, ctx),
          startEvent: e.id,
          anchor,
          due: { kind: 'timescale', timescale: 's31-consideration', plusDays },
          ...(doubts.length ? { unsettled: doubts.join('; ') } : {}),
        },
      ];
    },
    meets: (e) => e.type === 'report.considered',
    lateMessage: (clock, ctx, met) => {
      const n = ctx.timescaleText('s31-consideration', ctx.window(clock.anchor).earliest);
      const from =
        clock.anchor === clock.startEvent
          ? `its publication (${clock.startEvent})`
          : clock.anchor.endsWith('#received')
            ? `its receipt (${clock.startEvent})`
            : `the decision (${clock.anchor}), the earliest the authority can have received it`;
      return met
        ? `The Ombudsman's report was considered (${met.id}) more than ${n} after ${from}.`
        : `The Ombudsman's report is not recorded as considered within ${n} of ${from}.`;
    },
  },
};
