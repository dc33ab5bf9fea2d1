/**
 * worker-churn
 *
 * LGSCO decision 23 016 429 (Mrs B): four different social workers in a year caused
 * delay and drift, each new worker needing time to learn the case and build
 * relationships; the Council agreed to consider how to minimise changes of social
 * worker for looked-after children. No statute sets a number: how many workers in a
 * rolling 12 months is too many is a parameter (`maxWorkers`, default 3, so a fourth
 * fires; `months`, default 12).
 *
 * Encoded: at each `worker.allocated`, per child, the distinct workers allocated to the
 * child within `months` calendar months before it (an allocation on the same day of the
 * month 12 months earlier is within; months clamp to the month's end), counting this
 * one. More than `maxWorkers` is a finding on this allocation, `certain` when enough
 * earlier allocations fall within the window for every date the source allows,
 * `possible` when only for some (an `unordered` allocation that may fall after this one
 * counts only as possibly within). One finding per run of churn: an allocation whose
 * predecessor already fired as surely adds none.
 *
 * Not encoded: the worker already in post when the window opens (only allocations
 * inside it count); changes of team manager or IRO; why the worker changed.
 */
import { z } from 'zod';
import { addCalendarMonths } from '../calendar/months.js';
import type { EventOf } from '../schema/events.js';
import { type Certainty, eventChildren, type FindingDraft, lgsco23016429, list, mapped, type RuleDefinition, seenOfType, type StepContext } from './kit.js';

const params = z.strictObject({
  /** Most distinct social workers allowed in the window. */
  maxWorkers: z.number().int().min(1).default(3),
  /** Length of the rolling window in calendar months. */
  months: z.number().int().min(1).default(12),
});
type Params = z.output<typeof params>;

type Allocation = EventOf<'worker.allocated'>;

interface Churn {
  certainty: Certainty;
  /** The earlier allocations counted, one per worker, in listing order. */
  earlier: Allocation[];
}

/**
 * Is allocation `earlier` within the window that ends at `last`: for every date the source
 * allows (`certain`), for some (`possible`), for none (undefined)? Listing order puts it
 * on or before `last`; an `unordered` one that may fall after `last` is at most possible.
 */
function within(ctx: StepContext<Params>, earlier: Allocation, last: Allocation): Certainty | undefined {
  const { dates } = ctx.chronology;
  const [a, b] = [dates.indexOf(earlier.id)!, dates.indexOf(last.id)!];
  const [minGap, maxGap] = dates.diff(a, b);
  if (maxGap < 0) return undefined;
  const v = ctx.judge(earlier.id, { key: last.id }, (day) => addCalendarMonths(day, ctx.params.months));
  if (v.late === 'certain') return undefined;
  return v.late === 'possible' || minGap < 0 ? 'possible' : 'certain';
}

/** A worker's key: their pseudonymous id, or (unnamed in the source) the allocation itself. */
const workerKey = (a: Allocation): string => a.worker ?? `\u0000${a.id}`;
/** How a worker is named in messages. */
const workerName = (a: Allocation): string => a.worker ?? `an unnamed worker (${a.id})`;

/**
 * Churn at `allocs[i]`, counting allocations before it. An allocation whose worker the
 * source does not name may be a worker counted already: it counts only as possibly another.
 */
function churnAt(ctx: StepContext<Params>, allocs: readonly Allocation[], i: number): Churn | undefined {
  const last = allocs[i]!;
  // Per other worker, the best of their allocations (certainly within beats possibly).
  const best = new Map<string, { alloc: Allocation; how: Certainty }>();
  for (const a of allocs.slice(0, i)) {
    if (a.worker !== undefined && a.worker === last.worker) continue;
    let how = within(ctx, a, last);
    if (!how) continue;
    if (a.worker === undefined || last.worker === undefined) how = 'possible';
    const key = workerKey(a);
    const prev = best.get(key);
    if (!prev || prev.how === 'possible' || how === 'certain') best.set(key, { alloc: a, how });
  }
  const others = [...best.values()];
  if (others.length + 1 <= ctx.params.maxWorkers) return undefined;
  const sure = others.filter((o) => o.how === 'certain');
  const certainty: Certainty = sure.length + 1 > ctx.params.maxWorkers ? 'certain' : 'possible';
  const earlier = allocs.slice(0, i).filter((a) => best.get(workerKey(a))?.alloc === a);
  return { certainty, earlier };
}

export const workerChurn: RuleDefinition<Params> = {
  id: 'worker-churn',
  title: 'More social workers in a rolling 12 months than the parameter allows',
  severity: 'advisory',
  citation: [
    lgsco23016429('Analysis, Delays, items 1 and 4 (four social workers in a year); Action, item 2'),
    { instrument: 'Local standard for continuity of social worker (set your own)', confidence: 'U' },
  ],
  firesWhen: 'more allocated social workers in a rolling 12 months than the parameter allows',
  notEncoded: 'the worker already in post when the window opens; changes of manager or IRO; the reasons for a change',
  params,
  appliesTo: ['worker.allocated'],
  check: (e, ctx) => {
    if (e.type !== 'worker.allocated') return [];
    const drafts: FindingDraft[] = [];
    for (const child of eventChildren(e, ctx)) {
      const allocs = [...seenOfType(ctx, 'worker.allocated').filter((a) => eventChildren(a, ctx).includes(child)), e];
      const now = churnAt(ctx, allocs, allocs.length - 1);
      if (!now) continue;
      const before = allocs.length > 1 ? churnAt(ctx, allocs, allocs.length - 2) : undefined;
      if (before && (before.certainty === 'certain' || now.certainty === 'possible')) continue;
      const workers = [...mapped(now.earlier, workerName), workerName(e)];
      const events = [e.id, ...mapped(now.earlier, (a) => a.id)];
      const message =
        `${workers.length} different social workers were allocated within ${ctx.params.months} months (${list(workers)}), ` +
        `more than the ${ctx.params.maxWorkers} the local standard allows.`;
      const same = drafts.find((d) => d.certainty === now.certainty && d.message === message && d.events.join() === events.join());
      if (same) {
        same.children.push(child);
        continue;
      }
      drafts.push({
        certainty: now.certainty,
        children: [child],
        events,
        message,
        ...(now.certainty === 'possible'
          ? { missing: [`exact dates of ${list(events)}`, ...([e, ...now.earlier].some((a) => a.worker === undefined) ? ['which workers the unnamed allocations were'] : [])] }
          : {}),
        compliant: `no more than ${ctx.params.maxWorkers} social workers in any ${ctx.params.months} months`,
      });
    }
    return drafts;
  },
};
