/**
 * Complaints to the council and to the Ombudsman, for one case, as an XState v5 machine.
 *
 * Source: Children Act 1989 Representations Procedure (England) Regulations 2006 (the
 * statutory children's procedure: local resolution, investigation, review panel) and a
 * council's corporate procedure (stages set locally); Local Government Act 1974 s26-26B
 * (complaint to the Ombudsman), s30 (report), s31(2) (the authority considers the report
 * and tells the Ombudsman what it has done or proposes to do).
 *
 * Stages may be skipped in a summary (a request for stage 2 is often unrecorded), so a
 * response or an escalation is accepted from the stage before; the Ombudsman's decision is
 * accepted from any point (a complaint to the Ombudsman is implied by its decision). The
 * timescales are in the rules. No context, no timers.
 *
 * Not encoded: which procedure applies (the rules read `procedure`); withdrawn complaints;
 * the Ombudsman's further report under s31(2A).
 */
import { setup } from 'xstate';
import { defineProcess } from './define.js';
import type { ChronologyEvent, EventType } from '../src/schema/events.js';

export const COMPLAINT_EVENTS = [
  'complaint.made',
  'complaint.responded',
  'ombudsman.complaint-made',
  'ombudsman.decided',
  'ombudsman.report-published',
  'remedy.completed',
  'report.considered',
] as const satisfies readonly EventType[];

type Handled = (typeof COMPLAINT_EVENTS)[number];
export type ComplaintEvent = Extract<ChronologyEvent, { type: Handled }>;

const RPR = 'Children Act 1989 Representations Procedure (England) Regulations 2006';
const LGA = 'Local Government Act 1974';

const toOmbudsman = {
  'ombudsman.complaint-made': { target: 'ombudsman' },
  'ombudsman.decided': { target: 'decided' },
} as const;

/** A further complaint after stage 1: stage 2 unless it says stage 3, or a new stage 1 complaint. */
const escalateFrom1 = [
  { guard: { type: 'stageIn', params: { values: [3] } }, target: 'stage3' },
  { guard: { type: 'stageIn', params: { values: [1] } }, target: 'stage1' },
  { target: 'stage2' },
] as const;

/** A further complaint after stage 2: the review panel unless it is a new complaint. */
const escalateFrom2 = [
  { guard: { type: 'stageIn', params: { values: [1] } }, target: 'stage1' },
  { guard: { type: 'stageIn', params: { values: [2] } }, target: 'stage2' },
  { target: 'stage3' },
] as const;

export const complaintsMachine = setup({
  types: { events: {} as ComplaintEvent },
  guards: {
    /** The event's `stage` is one of `values` (`undefined` stands for "not stated"). */
    stageIn: ({ event }, params: { values: readonly (number | undefined)[] }) =>
      (event.type === 'complaint.made' || event.type === 'complaint.responded') && params.values.includes(event.stage),
  },
}).createMachine({
  id: 'complaints',
  description: 'Complaints to the council, then to the Ombudsman, for the whole case.',
  initial: 'none',
  states: {
    none: {
      description: 'No complaint recorded.',
      meta: { citation: RPR, label: 'no complaint' },
      on: {
        'complaint.made': [
          { guard: { type: 'stageIn', params: { values: [2] } }, target: 'stage2' },
          { guard: { type: 'stageIn', params: { values: [3] } }, target: 'stage3' },
          { target: 'stage1' },
        ],
        ...toOmbudsman,
      },
    },
    stage1: {
      description: 'Stage 1 (local resolution) under way.',
      meta: { citation: `${RPR} reg 14`, label: 'stage 1' },
      on: { 'complaint.made': escalateFrom1, 'complaint.responded': { target: 'answered1' }, ...toOmbudsman },
    },
    answered1: {
      description: 'Stage 1 answered; the complainant may ask for stage 2.',
      meta: { citation: `${RPR} reg 14`, label: 'stage 1 answered' },
      on: {
        'complaint.made': escalateFrom1,
        'complaint.responded': [
          { guard: { type: 'stageIn', params: { values: [2] } }, target: 'answered2' },
          { guard: { type: 'stageIn', params: { values: [3] } }, target: 'answered3' },
          {},
        ],
        ...toOmbudsman,
      },
    },
    stage2: {
      description: 'Stage 2 (investigation) under way.',
      meta: { citation: `${RPR} reg 17`, label: 'stage 2' },
      on: { 'complaint.made': escalateFrom2, 'complaint.responded': { target: 'answered2' }, ...toOmbudsman },
    },
    answered2: {
      description: 'Stage 2 answered; the complainant may ask for a review panel.',
      meta: { citation: `${RPR} reg 17-18`, label: 'stage 2 answered' },
      on: {
        'complaint.made': escalateFrom2,
        'complaint.responded': [{ guard: { type: 'stageIn', params: { values: [3] } }, target: 'answered3' }, {}],
        ...toOmbudsman,
      },
    },
    stage3: {
      description: 'Stage 3 (review panel) under way.',
      meta: { citation: `${RPR} reg 19`, label: 'stage 3' },
      on: { 'complaint.made': {}, 'complaint.responded': { target: 'answered3' }, ...toOmbudsman },
    },
    answered3: {
      description: 'The council’s procedure is exhausted; the complainant may go to the Ombudsman.',
      meta: { citation: `${RPR} reg 19-20`, label: 'procedure exhausted' },
      on: { 'complaint.made': { target: 'stage1' }, 'complaint.responded': {}, ...toOmbudsman },
    },
    ombudsman: {
      description: 'Complaint with the Ombudsman.',
      meta: { citation: `${LGA} s26-26B`, label: 'with the Ombudsman' },
      on: { 'complaint.made': {}, 'complaint.responded': {}, 'ombudsman.complaint-made': {}, 'ombudsman.decided': { target: 'decided' } },
    },
    decided: {
      description: 'The Ombudsman has decided; recommendations fall due.',
      meta: { citation: `${LGA} s30`, label: 'Ombudsman decided' },
      on: {
        'ombudsman.decided': {},
        'ombudsman.report-published': { target: 'published' },
        'remedy.completed': {},
        'report.considered': { target: 'considered' },
        'complaint.made': { target: 'stage1' },
      },
    },
    published: {
      description: 'The Ombudsman’s report is published; the council must consider it within {s31-consideration} of receiving it.',
      meta: { citation: `${LGA} s31(2)`, label: 'report published' },
      on: {
        'remedy.completed': {},
        'report.considered': { target: 'considered' },
        'ombudsman.report-published': {},
        'complaint.made': { target: 'stage1' },
      },
    },
    considered: {
      description: 'The council has formally considered the report.',
      meta: { citation: `${LGA} s31(2)`, label: 'report considered' },
      on: { 'remedy.completed': {}, 'report.considered': {}, 'complaint.made': { target: 'stage1' } },
    },
  },
});

export const complaintsProcess = defineProcess({
  id: 'complaints',
  key: 'complaints',
  scope: 'case',
  machine: complaintsMachine,
  events: COMPLAINT_EVENTS,
  name: 'Complaints and the Ombudsman',
  label: 'complaint',
  show: 'once-begun',
  guardFields: { 'complaint.made': ['stage'], 'complaint.responded': ['stage'] },
});
