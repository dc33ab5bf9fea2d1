/**
 * The looked-after and complaints machines, seen through replays: where the child or
 * case stands after each event, and which steps are refused as process deviations.
 */
import { describe, expect, test } from 'vitest';
import { findingsOf, run } from './support.js';

const statesOf = (r: ReturnType<typeof run>) => Object.fromEntries(r.timeline.map((t) => [t.event, t.states]));

describe('the looked-after machine', () => {
  test('a significant change leaves the care plan out of date until it is updated', () => {
    const r = run(
      [
        { id: 'order', type: 'looked-after.started', at: '2024-01-08', basis: 's20' },
        { id: 'plan', type: 'care-plan.updated', at: '2024-01-15' },
        { id: 'move', type: 'living-arrangement.changed', at: '2024-03-01', with: 'father' },
        { id: 'contact', type: 'contact.changed', at: '2024-03-05', supervised: false },
        { id: 'update', type: 'care-plan.updated', at: '2024-03-20' },
        { id: 'minor', type: 'living-arrangement.changed', at: '2024-04-01', significant: false },
        { id: 'discharged', type: 'looked-after.ceased', at: '2024-09-01' },
      ],
      { completeness: 'record' },
    );
    const s = statesOf(r);
    expect(s['order']!.lookedAfter).toEqual({ A: 'awaitingPlan' });
    expect(s['plan']!.lookedAfter).toEqual({ A: 'planned' });
    expect(s['move']!.lookedAfter).toEqual({ A: 'planOutOfDate' });
    expect(s['contact']!.lookedAfter).toEqual({ A: 'planOutOfDate' });
    expect(s['update']!.lookedAfter).toEqual({ A: 'planned' });
    expect(s['minor']!.lookedAfter).toEqual({ A: 'planned' });
    expect(s['discharged']!.lookedAfter).toEqual({ A: 'ceased' });
    expect(findingsOf(r, 'process-deviation')).toEqual([]);
  });

  test('a looked-after review of a child who is not in care is a process deviation', () => {
    const r = run([{ id: 'rev', type: 'lac-review.held', at: '2024-01-08' }], { completeness: 'record' });
    expect(findingsOf(r, 'process-deviation')).toMatchObject([{ certainty: 'certain', children: ['A'], events: ['rev'] }]);
  });

  test('each child has its own looked-after machine', () => {
    const r = run([{ id: 'acc', type: 'looked-after.started', at: '2024-01-08', children: ['B'], basis: 's20' }], { children: ['A', 'B'] });
    expect(r.timeline[0]!.states.lookedAfter).toEqual({ A: 'notLookedAfter', B: 'awaitingPlan' });
  });

  test('a care order made for a child not looked after finds its plan made (the s31A plan the court considered)', () => {
    const r = run([{ id: 'order', type: 'care-order.made', at: '2024-01-08', children: ['B'] }], { children: ['A', 'B'] });
    expect(r.timeline[0]!.states.lookedAfter).toEqual({ A: 'notLookedAfter', B: 'planned' });
  });

  test('a care order for a child already accommodated under s20 keeps the same period', () => {
    const r = run(
      [
        { id: 'acc', type: 'looked-after.started', at: '2024-01-08', basis: 's20' },
        { id: 'plan', type: 'care-plan.updated', at: '2024-01-15' },
        { id: 'order', type: 'care-order.made', at: '2024-06-03' },
      ],
      { completeness: 'record' },
    );
    expect(statesOf(r)['order']!.lookedAfter).toEqual({ A: 'planned' });
    expect(findingsOf(r, 'process-deviation')).toEqual([]);
  });
});

describe('the complaints machine', () => {
  test('follows a complaint through the stages to the Ombudsman and the council’s consideration', () => {
    const r = run(
      [
        { id: 'c1', type: 'complaint.made', at: '2024-01-08', stage: 1, procedure: 'statutory-children' },
        { id: 'r1', type: 'complaint.responded', at: '2024-01-15', stage: 1 },
        { id: 'c2', type: 'complaint.made', at: '2024-01-20', stage: 2 },
        { id: 'r2', type: 'complaint.responded', at: '2024-02-20', stage: 2 },
        { id: 'c3', type: 'complaint.made', at: '2024-02-25' },
        { id: 'r3', type: 'complaint.responded', at: '2024-03-25', stage: 3 },
        { id: 'lgsco', type: 'ombudsman.complaint-made', at: '2024-04-01' },
        { id: 'dec', type: 'ombudsman.decided', at: '2024-09-01', recommendations: [{ id: 'apology', action: 'apologise', due: 'P4W' }] },
        { id: 'pub', type: 'ombudsman.report-published', at: '2024-09-10' },
        { id: 'done', type: 'remedy.completed', at: '2024-09-20', recommendation: 'apology' },
        { id: 'cons', type: 'report.considered', at: '2024-11-01', by: 'committee' },
      ],
      { completeness: 'record', asOf: '2024-12-01' },
    );
    const s = statesOf(r);
    expect(['c1', 'r1', 'c2', 'r2', 'c3', 'r3', 'lgsco', 'dec', 'pub', 'done', 'cons'].map((id) => s[id]!.complaints)).toEqual([
      'stage1',
      'answered1',
      'stage2',
      'answered2',
      'stage3',
      'answered3',
      'ombudsman',
      'decided',
      'published',
      'published',
      'considered',
    ]);
    expect(findingsOf(r, 'process-deviation')).toEqual([]);
  });

  test('a summary may skip the request for stage 2: a stage 2 response after stage 1 is accepted', () => {
    const r = run([
      { id: 'c1', type: 'complaint.made', at: '2024-01-08' },
      { id: 'r1', type: 'complaint.responded', at: '2024-01-15' },
      { id: 'r2', type: 'complaint.responded', at: '2024-03-01', stage: 2 },
    ]);
    expect(r.timeline.at(-1)!.states.complaints).toBe('answered2');
    expect(findingsOf(r, 'process-deviation')).toEqual([]);
  });

  test('the Ombudsman’s decision implies a complaint to it', () => {
    const r = run([{ id: 'dec', type: 'ombudsman.decided', at: '2024-09-01' }]);
    expect(r.timeline[0]!.states.complaints).toBe('decided');
    expect(findingsOf(r, 'process-deviation')).toEqual([]);
  });

  test('a report considered before any complaint is a process deviation', () => {
    const r = run([{ id: 'cons', type: 'report.considered', at: '2024-11-01' }], { completeness: 'record' });
    expect(findingsOf(r, 'process-deviation')).toMatchObject([{ certainty: 'certain', events: ['cons'] }]);
  });
});
