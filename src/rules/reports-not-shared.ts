/**
 * reports-not-shared
 *
 * Local procedures under Working Together ch. 3: the reports for a child
 * protection conference are shared with the parent beforehand — typically at least
 * 3 working days before an initial conference and 5 before a review (Sussex 5.11.2;
 * Devon; Liverpool uses 2). Fires when a conference has no `reports.shared` with the
 * parent (possible in a summary, certain with an `omission` or in a full record),
 * when only some reports were shared, or when they were shared too late.
 *
 * Not encoded: sharing with the child; reports from each agency separately.
 */
import { cite, conferenceKind, eventChildren, type FindingDraft, noParams, type NoParams, type RuleDefinition, seenOfType, unstated, wt } from './kit.js';

export const reportsNotShared: RuleDefinition<NoParams> = {
  id: 'reports-not-shared',
  title: 'Conference reports not shared with the parent in advance',
  severity: 'fault',
  citation: [wt('parents’ involvement in conferences'), cite('LOCAL', 'Sussex 5.11.2; Devon guide 23', 'V')],
  firesWhen: 'conference reports not shared with the parent in advance',
  notEncoded: 'sharing with the child; per-agency reports',
  params: noParams,
  needs: { events: ['conference.held', 'reports.shared'] },
  timescales: ['reports-before-icpc', 'reports-before-review'],
  appliesTo: ['conference.held'],
  check(e, ctx): FindingDraft[] {
    if (e.type !== 'conference.held') return [];
    const children = eventChildren(e, ctx);
    const kind = conferenceKind(e, ctx, children[0]!) ?? { kind: e.kind ?? 'review', assumed: e.kind === undefined };
    const timescaleId = kind.kind === 'initial' ? 'reports-before-icpc' : 'reports-before-review';
    const dates = ctx.chronology.dates;
    // Sharings for this conference, or for a scheduled conference of the same kind whose date could be this one's.
    const held = ctx.window(e.id);
    const forThis = (target: string): boolean => {
      if (target === e.id) return true;
      const s = ctx.state.seen.get(target);
      if (s?.type !== 'conference.scheduled' || (s.kind !== undefined && s.kind !== kind.kind)) return false;
      const when = dates.indexOf(`${s.id}#for`);
      return when !== undefined && dates.earliest(when) <= held.latest && dates.latest(when) >= held.earliest;
    };
    const shared = seenOfType(ctx, 'reports.shared').filter((r) => r.with === 'parent' && forThis(r.for));
    if (shared.length === 0) {
      const omission = ctx.omitted('reports.shared', e.id);
      const certainty = omission ? 'certain' : unstated(ctx);
      return [
        {
          certainty,
          children,
          events: [e.id, ...(omission ? [omission.id] : [])],
          message: omission
            ? 'The conference reports were not shared with the parent before the conference.'
            : 'No record that the conference reports were shared with the parent before the conference.',
          ...(omission ? {} : { missing: [`reports.shared for ${e.id}`] }),
          compliant: 'Share the reports with the parent before the conference, in time to read them.',
        },
      ];
    }
    const complete = shared.filter((r) => r.complete !== false);
    if (complete.length === 0) {
      const partial = shared[shared.length - 1]!;
      return [
        {
          certainty: 'certain',
          children,
          events: [e.id, partial.id],
          message: 'Only some of the conference reports were shared with the parent beforehand.',
          compliant: 'Share every report with the parent before the conference.',
        },
      ];
    }
    // In time if on or before the n-th working day before the conference; the earliest complete sharing counts.
    const best = complete[0]!;
    const v = ctx.judge(e.id, { key: best.id }, (day) => ctx.calendar.workingDaysBefore(day, ctx.timescale(timescaleId, day)));
    if (!v.late) return [];
    const n = ctx.timescaleText(timescaleId, ctx.window(e.id).earliest);
    // The notice is a typical local value (2 to 5 working days): at most possible unless the authority sets its own.
    const local = ctx.localValue(timescaleId);
    const missing = [...(local ? [`the authority's own value for the timescale ${timescaleId}`] : []), ...(kind.assumed ? [`the kind of conference ${e.id}`] : [])];
    return [
      {
        certainty: local || kind.assumed ? 'possible' : v.late,
        children,
        events: [e.id, best.id],
        message:
          `The conference reports reached the parent less than ${n} before the conference.` +
          (local ? ' The notice is a typical local value, not national law: set the authority’s own to judge it.' : ''),
        ...(missing.length ? { missing } : {}),
        compliant: `Share the reports at least ${n} before the conference.`,
      },
    ];
  },
};
