/**
 * Timescales for looked-after children and correspondence (shared/domain/timescales.md
 * §3 and local standards). Same shape as ./timescales.ts, which merges them in.
 *
 * National values come from the Care Planning, Placement and Case Review (England)
 * Regulations 2010 (in force from 1 April 2011; a clock that starts earlier has no
 * limit here, as reg 4(6) asked only for a plan "as soon as reasonably practicable" for
 * children placed before then). The rest have no national figure: they are local
 * parameters (confidence U), to be set by each authority.
 */
import { type Citation, cppcr } from './citations.js';
import type { Timescale } from './timescales.js';

const CPPCR_IN_FORCE = '2011-04-01';

const LOCAL: Citation = { instrument: 'Local safeguarding children partnership procedures (typical value; set your own)' };

export const LOOKED_AFTER_TIMESCALES = [
  {
    id: 'lac-care-plan',
    unit: 'working-days',
    requires: 'prepare the care plan (before the first placement or, if not practicable, within the limit)',
    startsFrom: 'the start of the first placement (casepath: the care order)',
    kind: 'regulation',
    // reg 4(2) text seen (legislation.gov.uk, as made). For a child under a care order the
    // plan is the s31A plan, due before the order; the 10 days are the latest casepath allows.
    source: cppcr('reg 4(2)'),
    values: [{ from: CPPCR_IN_FORCE, value: 10 }],
  },
  {
    id: 'lac-review-first',
    unit: 'working-days',
    requires: "hold the first review of the looked-after child's case",
    startsFrom: 'the day the child becomes looked after',
    kind: 'regulation',
    source: cppcr('reg 33(1)'),
    values: [{ from: CPPCR_IN_FORCE, value: 20 }],
  },
  {
    id: 'lac-review-second',
    unit: 'months',
    requires: 'hold the second looked-after review',
    startsFrom: 'the first review',
    kind: 'regulation',
    source: cppcr('reg 33(2)'),
    values: [{ from: CPPCR_IN_FORCE, value: 3 }],
  },
  {
    id: 'lac-review-next',
    unit: 'months',
    requires: 'hold the next looked-after review',
    startsFrom: 'the previous review actually held',
    kind: 'regulation',
    source: cppcr('reg 33(2)'),
    values: [{ from: CPPCR_IN_FORCE, value: 6 }],
  },
  {
    id: 'lac-care-plan-after-change',
    unit: 'working-days',
    requires: 'update the care plan after a significant change of living arrangements',
    startsFrom: 'the change',
    kind: 'local-procedure',
    // No national figure. reg 32(2): no significant change to the plan without a review first,
    // unless not reasonably practicable; reg 6(1): keep the plan under review and revise it.
    source: { ...LOCAL, provision: 'no national timescale; CPPCR regs 6(1), 32(2) and 33(3) ask for the plan to be reviewed and revised at the change', confidence: 'U' },
    values: [{ value: 20 }],
  },
  {
    id: 'correspondence-answer',
    unit: 'working-days',
    requires: 'answer correspondence (or acknowledge it with a date for a full answer)',
    startsFrom: 'receipt',
    kind: 'ombudsman-guidance',
    source: {
      instrument: 'LGSCO, Principles of good administrative practice',
      provision: 'being customer focused: responding within a reasonable timeframe (value set locally)',
      url: 'https://www.lgo.org.uk/',
      confidence: 'U',
    },
    values: [{ value: 20 }],
  },
  {
    id: 'concern-response',
    unit: 'working-days',
    requires: 'respond to a concern of significant harm (see the child, visit, hold a strategy discussion or record a threshold decision)',
    startsFrom: 'the concern raised',
    kind: 'local-procedure',
    // Chosen to match the 1 working day Working Together 2023 ch. 3 allows for deciding the
    // response to a referral: a concern of significant harm about a child already known is no
    // less urgent. Local procedures vary; set your own.
    source: { ...LOCAL, provision: 'no national timescale; 1 working day by analogy with WT23 ch. 3 (decision on a referral)', confidence: 'U' },
    values: [{ value: 1 }],
  },
] as const satisfies readonly Timescale[];
