/**
 * complaint-response-late
 *
 * Children Act 1989 Representations Procedure (England) Regulations 2006 (RPR): the
 * authority responds at stage 1 (local resolution) within 10 working days, which it may
 * extend to 20 for a complex complaint (reg 14); at stage 2 (investigating officer and
 * independent person) within 25 working days of the request, at most 65 (reg 17); at
 * stage 3 the review panel meets within 30 working days of the request (reg 19(4)),
 * sends its recommendations within 5 (reg 20) and the authority responds within 15 of
 * them (reg 21): 50 in all. A council's corporate procedure sets its own limits
 * (timescales `complaint-corporate-stage1` and `-stage2`, typically 10 and 20 working
 * days; a corporate stage 3 has none).
 *
 * Each `complaint.made` starts a clock, met by the response that answers it: the
 * `complaint.responded` naming it (`complaint`), else the next response of its stage
 * (any response when either stage is unstated), the latest unanswered complaint first.
 *
 * Two limits per complaint, because a summary rarely says everything that sets one:
 * - the shortest limit that may apply (10 working days at stage 1, 25 at stage 2, the
 *   panel's 30 at stage 3). A response later than this but within the longest limit
 *   is at most `possible`, in a summary or a record alike: the period may have been
 *   extended (the vocabulary has no event for an extension), the panel may have met in
 *   time, or a longer limit may apply where the stage or procedure is unstated;
 * - the longest limit that may apply: 20 at stage 1, 65 at stage 2, 50 at stage 3.
 *   Later than this the response is late whatever the unstated facts, so `certain`
 *   when the dates prove it; the clock is judged against it, open clocks too (at asOf:
 *   summary `possible`, record or `omission` `certain`).
 * Parameter `allowExtension: false` (an authority that never extends) makes the
 * shortest limit the only one at stages 1 and 2.
 *
 * Procedure unstated: judged against every procedure it could be, so the shortest
 * limit is the lower of the statutory and corporate ones and the longest the higher
 * (none at stage 3, where a corporate procedure sets no limit: such a complaint gets
 * `possible` findings only, judged against the longest limit of the readings that have one,
 * so an unanswered complaint of unstated stage is still a question, never silence). An escalation whose own procedure is unstated takes the
 * procedure of the latest earlier, lower-stage complaint that states one. Stage
 * unstated: judged against every stage, likewise.
 *
 * Not encoded: extensions as events (the schema has none: see the `allowExtension`
 * parameter); the complainant's deemed receipt of a postal complaint; a stage 2 clock
 * counted from the agreed statement of complaint rather than the request, as some
 * authorities do; complaints withdrawn or put on hold (e.g. under reg 8); an open
 * complaint past the shortest limit but within the longest (no finding until the
 * longest passes).
 */
import { z } from 'zod';
import type { Day } from '../calendar/day.js';
import type { EventOf } from '../schema/events.js';
import { type ComplaintProcedure, complaintAnswered, complaintProcedure, isFirstAnswer } from './support-complaints.js';
import { type Citation, eventChildren, mapped, type RuleContext, type RuleDefinition, type TimescaleId } from './kit.js';

type Made = EventOf<'complaint.made'>;

const RPR = 'Children Act 1989 Representations Procedure (England) Regulations 2006';
const RPR_URL = 'https://www.legislation.gov.uk/uksi/2006/1738/made';

const params = z.strictObject({
  /**
   * true (default): RPR lets the authority extend stage 1 to 20 and stage 2 to 65
   * working days, and an extension may be unrecorded, so a response between the two
   * limits is at most `possible`. false: the shorter limit is the only one.
   */
  allowExtension: z.boolean().default(true),
});
type Params = z.output<typeof params>;

interface StageLimits {
  /** Timescale of the shortest limit that may apply; undefined: none. */
  strict: TimescaleId | undefined;
  /** Timescale of the longest limit that may apply; undefined: none. */
  lenient: TimescaleId | undefined;
}

function stageLimits(procedure: ComplaintProcedure, stage: 1 | 2 | 3, allowExtension: boolean): StageLimits {
  if (procedure === 'corporate') {
    const id = stage === 1 ? 'complaint-corporate-stage1' : stage === 2 ? 'complaint-corporate-stage2' : undefined;
    return { strict: id, lenient: id };
  }
  if (stage === 3) return { strict: 'complaint-stage3-panel', lenient: 'complaint-stage3-response' };
  const base = stage === 1 ? 'complaint-stage1' : 'complaint-stage2';
  const extended = stage === 1 ? 'complaint-stage1-extended' : 'complaint-stage2-extended';
  return { strict: base, lenient: allowExtension ? extended : base };
}

interface Plan {
  procedure: ComplaintProcedure | undefined;
  /** Timescales of the shortest limit of each (procedure, stage) the complaint may be. */
  strict: TimescaleId[];
  /** The longest limit of all; undefined when one of them has none. */
  lenient: TimescaleId | undefined;
  /** Unstated facts that decide whether a response between the two limits is late. */
  unknowns: string[];
  /** Why a response between the two limits may be in time, for messages. */
  unless: string[];
  combos: number;
  /** The complaint may be one with no national limit: any verdict is at most possible. */
  unlimited: boolean;
}

function planFor(c: Made, ctx: RuleContext<Params>): Plan {
  const procedure = complaintProcedure(c, ctx.chronology);
  const procedures: ComplaintProcedure[] = procedure ? [procedure] : ['statutory-children', 'corporate'];
  const stages = (c.stage ? [c.stage] : [1, 2, 3]) as (1 | 2 | 3)[];
  const day: Day = ctx.window(c.id).earliest;
  const strict = new Set<TimescaleId>();
  const lenients: (TimescaleId | undefined)[] = [];
  let extendable = false;
  let panel = false;
  for (const p of procedures) {
    for (const s of stages) {
      const l = stageLimits(p, s, ctx.params.allowExtension);
      if (l.strict) strict.add(l.strict);
      lenients.push(l.lenient);
      if (p === 'statutory-children' && s < 3 && ctx.params.allowExtension) extendable = true;
      if (p === 'statutory-children' && s === 3) panel = true;
    }
  }
  // The longest limit of those that apply. Where the complaint may also be one with no
  // national limit (a corporate stage 3), the longest of the rest, and a verdict at most
  // possible (`unlimited`): an unanswered complaint of unstated stage is still a question.
  let lenient: TimescaleId | undefined;
  const limited = lenients.filter((l): l is TimescaleId => l !== undefined);
  const unlimited = limited.length < lenients.length && limited.length > 0 && (!procedure || !c.stage);
  if (limited.length === lenients.length || unlimited) {
    for (const id of limited) if (lenient === undefined || ctx.deadline(id, day) > ctx.deadline(lenient, day)) lenient = id;
  }
  const unknowns: string[] = [];
  const unless: string[] = [];
  if (!procedure) unknowns.push(`procedure of ${c.id} (statutory-children or corporate)`);
  if (!c.stage) unknowns.push(`stage of ${c.id}`);
  const unstatedFacts = [...(c.stage ? [] : ['stage']), ...(procedure ? [] : ['procedure'])];
  if (unstatedFacts.length) unless.push(`a longer limit applies (the ${unstatedFacts.join(' and ')} ${unstatedFacts.length > 1 ? 'are' : 'is'} not stated)`);
  if (extendable) {
    unknowns.push(`whether the time to respond to ${c.id} was extended`);
    unless.push('the authority extended the time to respond as the regulations allow');
  }
  if (panel) {
    unknowns.push(`when the review panel for ${c.id} met`);
    unless.push(`the review panel met within its ${ctx.timescaleText('complaint-stage3-panel', day)}`);
  }
  if (unlimited) unless.push('it was a stage of a procedure with no national limit (a corporate stage 3)');
  return { procedure, strict: [...strict], lenient, unknowns, unless, combos: procedures.length * stages.length, unlimited };
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function describe(c: Made, procedure: ComplaintProcedure | undefined): string {
  const stage = c.stage ? `stage ${c.stage} complaint` : 'complaint';
  const facts = [
    ...(c.stage ? [] : ['stage not stated']),
    procedure === 'statutory-children' ? "statutory children's procedure" : procedure === 'corporate' ? 'corporate procedure' : 'procedure not stated',
  ];
  return `The ${stage} (${c.id}; ${facts.join(', ')})`;
}

const LIMIT_TEXT: Partial<Record<TimescaleId, string>> = {
  'complaint-stage1': 'the stage 1 limit',
  'complaint-stage1-extended': 'the stage 1 limit once extended',
  'complaint-stage2': 'the stage 2 limit',
  'complaint-stage2-extended': 'the longest the regulations allow at stage 2',
  'complaint-stage3-panel': 'within which the review panel must meet',
  'complaint-stage3-response': 'that the panel, its recommendations and the response may take together',
  'complaint-corporate-stage1': "the corporate procedure's stage 1 limit",
  'complaint-corporate-stage2': "the corporate procedure's stage 2 limit",
};

const citations: readonly Citation[] = [
  { instrument: RPR, provision: 'regs 14, 17, 19(4), 20 and 21 (stages 1 to 3)', url: RPR_URL, confidence: 'P' },
  { instrument: "The council's corporate complaints procedure", provision: 'its own stage limits (parameters)', confidence: 'U' },
];

export const complaintResponseLate: RuleDefinition<Params> = {
  id: 'complaint-response-late',
  title: 'Complaint stage answered later than its timescale',
  severity: 'breach',
  citation: citations,
  firesWhen: 'a complaint stage answered later than its timescale',
  notEncoded:
    'extensions as events; deemed receipt; stage 2 counted from the agreed statement of complaint; complaints withdrawn or on hold; open complaints between the two limits',
  params,
  timescales: [
    'complaint-stage1',
    'complaint-stage1-extended',
    'complaint-stage2',
    'complaint-stage2-extended',
    'complaint-stage3-panel',
    'complaint-stage3-response',
    'complaint-corporate-stage1',
    'complaint-corporate-stage2',
  ],
  // A response past the shortest limit but within the longest: the clock (judged
  // against the longest) stays silent, so this check says it is possibly late.
  appliesTo: ['complaint.responded'],
  check(e, ctx) {
    if (e.type !== 'complaint.responded') return [];
    const c = complaintAnswered(e, ctx.chronology);
    if (!c || !isFirstAnswer(e, c, ctx.chronology)) return [];
    const plan = planFor(c, ctx);
    if (plan.strict.length === 0) return [];
    const end = { key: e.id };
    if (plan.lenient !== undefined) {
      const lenient = plan.lenient;
      if (ctx.judge(c.id, end, (a) => ctx.deadline(lenient, a)).late) return [];
    }
    const v = ctx.judge(c.id, end, (a) => Math.min(...mapped(plan.strict, (id) => ctx.deadline(id, a))));
    if (!v.late) return [];
    const day = ctx.window(c.id).earliest;
    const shortest = plan.strict.reduce((best, id) => (ctx.deadline(id, day) < ctx.deadline(best, day) ? id : best));
    const n = ctx.timescaleText(shortest, day);
    const which = plan.combos > 1 ? 'the shortest limit that could apply' : LIMIT_TEXT[shortest]!;
    return [
      {
        certainty: 'possible',
        children: eventChildren(c, ctx),
        events: [c.id, e.id],
        at: ctx.window(e.id),
        message: `${describe(c, plan.procedure)} was answered (${e.id}) more than ${n} after it was made (${which}): late unless ${orList(plan.unless)}.`,
        missing: [...plan.unknowns, ...(v.late === 'possible' ? [`exact dates of ${c.id} and ${e.id}`] : [])],
        compliant: "Respond within the stage's limit, or record the extension and tell the complainant why, and when they will hear.",
      },
    ];
  },
  clock: {
    label: "complaint answered within its stage's timescale",
    metBy: ['complaint.responded'],
    startsOn: ['complaint.made'],
    starts: (e, ctx) => {
      if (e.type !== 'complaint.made') return [];
      const plan = planFor(e, ctx);
      if (plan.lenient === undefined) return [];
      return [
        {
          key: e.id,
          children: eventChildren(e, ctx),
          startEvent: e.id,
          anchor: e.id,
          due: { kind: 'timescale', timescale: plan.lenient },
          // Stage 3: the panel's recommendations and the response are due within 5 and 15 working
          // days "or as soon as reasonably practicable" (RPR regs 20-21): past the 50, at most possible.
          ...(plan.unlimited
            ? { unsettled: `the procedure and stage of ${e.id} (a corporate stage 3 has no national limit)` }
            : plan.lenient === 'complaint-stage3-response'
              ? { unsettled: `whether the panel's recommendations and the response to ${e.id} came as soon as reasonably practicable (the regulations allow that past their 5 and 15 working days)` }
              : {}),
        },
      ];
    },
    meets: (e, clock, ctx) => e.type === 'complaint.responded' && complaintAnswered(e, ctx.chronology)?.id === clock.startEvent,
    lateMessage: (clock, ctx, met) => {
      const c = ctx.chronology.byId.get(clock.startEvent) as Made;
      const plan = planFor(c, ctx);
      const id = clock.due.kind === 'timescale' ? clock.due.timescale : plan.lenient!;
      const n = ctx.timescaleText(id, ctx.window(clock.anchor).earliest);
      const which = plan.combos > 1 ? 'the longest limit that could apply' : LIMIT_TEXT[id]!;
      return met
        ? `${describe(c, plan.procedure)} was answered (${met.id}) more than ${n} after it was made (${which}).`
        : `${describe(c, plan.procedure)} is not recorded as answered within ${n} (${which}).`;
    },
  },
};
