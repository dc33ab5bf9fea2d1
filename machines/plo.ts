/**
 * Pre-proceedings (the Public Law Outline) and care proceedings for one case, as an
 * XState v5 machine.
 *
 * Source: DfE, Court orders and pre-proceedings for local authorities (2014): legal
 * planning meeting, letter before proceedings, pre-proceedings meeting and reviews;
 * Public Law Working Group best-practice guidance (2021); Children Act 1989 s31
 * (threshold) and s32(1)(a)(ii) (26 weeks).
 *
 * One machine per case: the letter before proceedings and the meeting concern the
 * family, and a conference about any child must be able to see whether the PLO is in
 * place. Like the child-protection machine it keeps no context and no timers; the
 * 16-week and 26-week clocks live in the rules.
 *
 * Not encoded: emergency applications (an EPO or interim order without a PLO stage is
 * allowed here, not modelled), the court's own timetable and hearings, placement orders.
 */
import { setup } from 'xstate';
import { defineProcess } from './define.js';
import type { ChronologyEvent, EventType } from '../src/schema/events.js';

export const PLO_EVENTS = [
  'legal.planning-meeting',
  'plo.letter-sent',
  'plo.meeting-held',
  'plo.reviewed',
  'plo.ended',
  'proceedings.issued',
  'proceedings.extended',
  'proceedings.concluded',
] as const satisfies readonly EventType[];

type Handled = (typeof PLO_EVENTS)[number];
export type PloEvent = Extract<ChronologyEvent, { type: Handled }>;

const PREPROC = 'DfE, Court orders and pre-proceedings for local authorities (2014)';

function planningMeeting() {
  return [
    { guard: { type: 'decisionIn', params: { values: ['pre-proceedings'] } }, target: 'letterDue' },
    { guard: { type: 'decisionIn', params: { values: ['issue-proceedings'] } }, target: 'issueDue' },
    { guard: { type: 'decisionIn', params: { values: ['no-action'] } }, target: 'none' },
    { target: 'gateway' },
  ] as const;
}

export const ploMachine = setup({
  types: {
    events: {} as PloEvent,
  },
  guards: {
    decisionIn: ({ event }, params: { values: readonly string[] }) =>
      event.type === 'legal.planning-meeting' && event.decision !== undefined && params.values.includes(event.decision),
    outcomeIn: ({ event }, params: { values: readonly string[] }) =>
      event.type === 'plo.ended' && event.outcome !== undefined && params.values.includes(event.outcome),
  },
}).createMachine({
  id: 'plo',
  description: 'Pre-proceedings under the Public Law Outline and care proceedings, for the whole case.',
  initial: 'none',
  states: {
    none: {
      description: 'No legal planning: the PLO is not in place.',
      meta: { citation: PREPROC, label: 'no PLO' },
      on: {
        'legal.planning-meeting': planningMeeting(),
        // Proceedings without a pre-proceedings stage are lawful (urgent cases).
        'proceedings.issued': { target: 'proceedings' },
      },
    },
    gateway: {
      description: 'Legal planning meeting held; its decision is not recorded.',
      meta: { citation: PREPROC, label: 'legal planning' },
      on: {
        'legal.planning-meeting': planningMeeting(),
        'plo.letter-sent': { target: 'letterSent' },
        'proceedings.issued': { target: 'proceedings' },
      },
    },
    letterDue: {
      description: 'Pre-proceedings decided; the letter before proceedings is due.',
      meta: { citation: `${PREPROC} (letter before proceedings)`, label: 'letter due' },
      on: {
        'legal.planning-meeting': planningMeeting(),
        'plo.letter-sent': { target: 'letterSent' },
        'proceedings.issued': { target: 'proceedings' },
      },
    },
    letterSent: {
      description: 'Letter before proceedings sent; the pre-proceedings meeting follows.',
      meta: { citation: `${PREPROC} (pre-proceedings meeting)`, label: 'letter sent' },
      on: {
        'legal.planning-meeting': {},
        'plo.letter-sent': {},
        'plo.meeting-held': { target: 'preProceedings' },
        'plo.ended': endPlo(),
        'proceedings.issued': { target: 'proceedings' },
      },
    },
    preProceedings: {
      description: 'In pre-proceedings: meeting held, plan agreed, reviewed until step-down or proceedings.',
      meta: { citation: `${PREPROC}; PLWG 2021, revised 2023 ({pre-proceedings})`, label: 'PLO in place' },
      on: {
        'legal.planning-meeting': {},
        'plo.letter-sent': {},
        'plo.meeting-held': {},
        'plo.reviewed': {},
        'plo.ended': endPlo(),
        'proceedings.issued': { target: 'proceedings' },
      },
    },
    steppedDown: {
      description: 'Pre-proceedings ended by stepping down.',
      meta: { citation: PREPROC, label: 'stepped down' },
      on: {
        'legal.planning-meeting': planningMeeting(),
        'proceedings.issued': { target: 'proceedings' },
      },
    },
    issueDue: {
      description: 'A decision to issue care proceedings, not yet issued.',
      meta: { citation: 'Children Act 1989 s31', label: 'issue due' },
      on: {
        'legal.planning-meeting': {},
        'proceedings.issued': { target: 'proceedings' },
      },
    },
    proceedings: {
      description: 'Care proceedings issued (the court’s timetable: {care-proceedings} unless extended).',
      meta: { citation: 'Children Act 1989 s32(1)(a)(ii)', label: 'in proceedings' },
      on: {
        'legal.planning-meeting': {},
        'proceedings.extended': {},
        'proceedings.concluded': { target: 'concluded' },
      },
    },
    concluded: {
      description: 'Care proceedings concluded.',
      meta: { citation: 'Children Act 1989 s31', label: 'concluded' },
      on: {
        'legal.planning-meeting': planningMeeting(),
        'proceedings.issued': { target: 'proceedings' },
      },
    },
  },
});

function endPlo() {
  return [
    { guard: { type: 'outcomeIn', params: { values: ['proceedings'] } }, target: 'issueDue' },
    { target: 'steppedDown' },
  ] as const;
}

/** Whether the PLO (pre-proceedings) or proceedings are in place in this state. */
export function ploStatus(state: string): 'none' | 'plo' | 'proceedings' {
  if (state === 'letterSent' || state === 'preProceedings' || state === 'letterDue') return 'plo';
  if (state === 'proceedings' || state === 'issueDue') return 'proceedings';
  return 'none';
}

export const ploProcess = defineProcess({
  id: 'plo',
  key: 'plo',
  scope: 'case',
  machine: ploMachine,
  events: PLO_EVENTS,
  name: 'Pre-proceedings (PLO) and proceedings',
  label: 'PLO',
  show: 'always',
  guardFields: { 'legal.planning-meeting': ['decision'], 'plo.ended': ['outcome'] },
});
