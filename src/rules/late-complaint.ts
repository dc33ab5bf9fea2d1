/**
 * late-complaint
 *
 * Local Government Act 1974 s26B: a complaint to the Ombudsman is made in writing
 * before the end of the period of 12 months beginning with the day the person affected
 * first had notice of the matter; the Ombudsman may disapply the limit (s26B(3)), and
 * LGSCO Guidance on Jurisdiction ch. 6 asks whether there is good reason for the delay
 * and whether a fair investigation is still possible, and not to exclude injustice that
 * is ongoing. In decision 23 016 429 (seed 003) the Ombudsman investigated only the 12
 * months before Mrs B's complaint of January 2024 and not the earlier events.
 *
 * Fires at an `ombudsman.complaint-made` when the matters put to the Ombudsman began
 * more than 12 months before it: its `about.from` (the earliest matter complained of),
 * and the chronology's events that the complaint is about, which are the events listed
 * before it, within its `about` period when it has one, else since the previous
 * complaint to the Ombudsman (notes, the complainant's own complaints and the
 * Ombudsman's own steps are not matters complained of). The finding lists the
 * complaint and every such event that is certainly outside the 12 months (or, when
 * none certainly is, those possibly outside): `certain` when `about.from` or some event
 * certainly precedes the 12 months, by the resolved date windows; `possible` when only
 * possibly. Advisory: the Ombudsman decides.
 *
 * Not encoded: when the complainant first had notice (taken to be the day of the event
 * itself; a later notice makes a complaint in time); good reasons for the delay and
 * ongoing injustice; complaints not in writing.
 */
import { lastDayOfPeriodBeginningWith } from '../law/timescales-complaints.js';
import { formatWindow } from '../schema/dates.js';
import type { DatedEvent, EventType } from '../schema/events.js';
import { eventChildren, mapped, noParams, type NoParams, type RuleDefinition, seenOfTypes } from './kit.js';

const OMBUDSMAN_COMPLAINTS = ['ombudsman.complaint-made'] as const;

/** Not matters complained of. */
const NOT_MATTERS: ReadonlySet<EventType> = new Set<EventType>([
  'note',
  'complaint.made',
  'ombudsman.complaint-made',
  'ombudsman.decided',
  'ombudsman.report-published',
  'remedy.completed',
  'report.considered',
]);

const SHOWN = 4;

export const lateComplaint: RuleDefinition<NoParams> = {
  id: 'late-complaint',
  title: 'Matters put to the Ombudsman more than 12 months before the complaint',
  severity: 'advisory',
  citation: [
    { instrument: 'Local Government Act 1974', provision: 's26B', url: 'https://www.legislation.gov.uk/ukpga/1974/7', confidence: 'V' },
    {
      instrument: 'LGSCO, Guidance on Jurisdiction',
      provision: 'ch. 6 (is the complaint in time?)',
      url: 'https://www.lgo.org.uk/information-centre/staff-guidance/guidance-on-jurisdiction?chapter=6',
      confidence: 'V',
    },
  ],
  firesWhen: 'events put to the Ombudsman more than 12 months before the complaint (advisory: outside jurisdiction unless good reason)',
  notEncoded: 'when the complainant first had notice; good reasons for delay and ongoing injustice; complaints not in writing',
  params: noParams,
  timescales: ['lgsco-complaint'],
  appliesTo: ['ombudsman.complaint-made'],
  check(e, ctx) {
    if (e.type !== 'ombudsman.complaint-made') return [];
    const lastDay = (a: number) => lastDayOfPeriodBeginningWith(a, ctx.deadline('lgsco-complaint', a));
    const late = (key: string) => ctx.judge(key, { key: e.id }, lastDay).late;

    // The events the complaint is about.
    const range = e.about ? { earliest: ctx.window(`${e.id}#from`).earliest, latest: ctx.window(`${e.id}#to`).latest } : undefined;
    // Without a period: the events since the previous complaint to the Ombudsman (found in the history index).
    const events = ctx.chronology.events;
    const seen = ctx.state.history.count;
    const earlier = seenOfTypes(ctx, OMBUDSMAN_COMPLAINTS);
    const from = range ? 0 : (earlier.positionAt(earlier.length - 1) ?? -1) + 1;
    const matters: DatedEvent[] = [];
    for (let i = from; i < seen; i++) {
      const x = events[i]!;
      if (NOT_MATTERS.has(x.type)) continue;
      if (range) {
        const w = ctx.window(x.id);
        if (w.latest < range.earliest || w.earliest > range.latest) continue;
      }
      matters.push(x);
    }

    const fromLate = e.about ? late(`${e.id}#from`) : undefined;
    const verdicts = mapped(matters, (x) => ({ id: x.id, late: late(x.id) }));
    const certainIds = mapped(verdicts.filter((v) => v.late === 'certain'), (v) => v.id);
    const possibleIds = mapped(verdicts.filter((v) => v.late === 'possible'), (v) => v.id);
    const certainty = fromLate === 'certain' || certainIds.length ? 'certain' : fromLate === 'possible' || possibleIds.length ? 'possible' : undefined;
    if (!certainty) return [];

    const ids = certainty === 'certain' ? certainIds : possibleIds;
    const n = ctx.timescaleText('lgsco-complaint', ctx.window(e.id).earliest);
    const parts: string[] = [];
    if (fromLate === certainty && e.about) parts.push(`the earliest matter it is about (from ${formatWindow(ctx.window(`${e.id}#from`).earliest, ctx.window(`${e.id}#from`).latest)})`);
    if (ids.length) {
      const shown = ids.slice(0, SHOWN).join(', ');
      parts.push(`${ids.length === 1 ? 'event' : `${ids.length} events`} of the chronology (${shown}${ids.length > SHOWN ? ` and ${ids.length - SHOWN} more` : ''})`);
    }
    const toLate = e.about && late(`${e.id}#to`) === 'certain';
    return [
      {
        certainty,
        children: eventChildren(e, ctx),
        events: [e.id, ...ids],
        message:
          `The complaint to the Ombudsman (${e.id}) came ${certainty === 'certain' ? '' : 'possibly '}more than ${n} after ${parts.join(' and ')}` +
          `${toLate ? '; everything it is about is that old' : ''}: outside the period of s26B unless the complainant first had notice later, or the Ombudsman decides there is good reason to investigate.`,
        ...(certainty === 'possible' ? { missing: [`exact dates of ${e.id} and the matters complained of`, 'when the complainant first had notice of them'] } : {}),
        compliant: 'Complain to the Ombudsman within 12 months of first knowing of the matter, or explain why it could not be done sooner.',
      },
    ];
  },
};
