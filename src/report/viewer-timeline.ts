/**
 * The report's timeline: every event drawn over a time axis with its date range.
 * An exact date is a dot; a vague one a hatched bar from its earliest to its latest
 * day, so "late 2022" is visibly wide. Events are packed into as few lanes as will
 * hold them without overlap, in listing order. Each event is a focusable
 * `<g class="tl-event" data-step="k">` the page turns into a jump to that step; its
 * colour says whether findings arise there (certain: red, possible: amber).
 *
 * Drawn in Node as inline SVG; the page only toggles classes.
 */
import { type Day, dayOf, formatDay } from '../calendar/day.js';
import type { ReplayResult } from '../engine/types.js';
import { escapeHtml } from './viewer-escape.js';

const WIDTH = 1500;
const PAD_X = 14;
const LANE = 14;
const TOP = 8;
const AXIS = 30;

function ymd(day: Day): { y: number; m: number } {
  const [y, m] = formatDay(day).split('-').map(Number) as [number, number];
  return { y, m };
}

export function timelineSvg(result: ReplayResult): string {
  const tl = result.timeline;
  if (tl.length === 0) return '<svg class="timeline" viewBox="0 0 10 10" aria-hidden="true"></svg>';
  const min = Math.min(...tl.map((t) => t.window.earliest), result.asOf);
  const max = Math.max(...tl.map((t) => t.window.latest), result.asOf);
  const first = ymd(min);
  const last = ymd(max);
  // Whole months either side, so the ends sit inside the axis.
  const from = dayOf(first.y, first.m, 1);
  const to = last.m === 12 ? dayOf(last.y + 1, 1, 1) : dayOf(last.y, last.m + 1, 1);
  const span = Math.max(1, to - from);
  const x = (d: Day) => Math.round((PAD_X + ((d - from) / span) * (WIDTH - 2 * PAD_X)) * 10) / 10;

  // Pack into as few lanes as hold them without overlap (plus a gap): greedy by start,
  // which is optimal for intervals; ties keep listing order.
  const boxes = tl.map((t, k) => {
    const exact = t.window.earliest === t.window.latest;
    const x1 = exact ? x(t.window.earliest + 0.5) - 5 : x(t.window.earliest);
    const x2 = exact ? x(t.window.earliest + 0.5) + 5 : Math.max(x(t.window.latest + 1), x1 + 6);
    return { t, k, exact, x1, x2, lane: 0 };
  });
  const laneEnds: number[] = [];
  for (const b of [...boxes].sort((p, q) => p.x1 - q.x1 || p.k - q.k)) {
    let lane = laneEnds.findIndex((end) => b.x1 > end + 4);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(0);
    }
    laneEnds[lane] = b.x2;
    b.lane = lane;
  }
  const placed = boxes;
  const lanes = laneEnds;
  const height = TOP + lanes.length * LANE + AXIS;
  const axisY = TOP + lanes.length * LANE + 6;

  const out: string[] = [];
  out.push(
    `<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" preserveAspectRatio="xMidYMid meet" role="group" aria-label="Timeline of the case: each event over its possible dates; select one to go to that step">`,
  );
  // Axis: month ticks, year labels (and month initials when there is room).
  const monthWidth = (WIDTH - 2 * PAD_X) / (span / 30.44);
  out.push(`<g class="axis"><line x1="${PAD_X}" x2="${WIDTH - PAD_X}" y1="${axisY}" y2="${axisY}"/>`);
  for (let y = first.y, m = first.m; dayOf(y, m, 1) <= to; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const d = dayOf(y, m, 1);
    const xx = x(d);
    if (m === 1 || d === from) {
      out.push(`<line class="year" x1="${xx}" x2="${xx}" y1="${TOP - 4}" y2="${axisY + 6}"/>`);
      out.push(`<text class="year-label" x="${xx + 3}" y="${axisY + 20}">${y}</text>`);
    } else {
      out.push(`<line x1="${xx}" x2="${xx}" y1="${axisY}" y2="${axisY + 4}"/>`);
      if (monthWidth > 34 && m % (monthWidth > 60 ? 1 : 3) === 1) {
        out.push(`<text class="month-label" x="${xx + 3}" y="${axisY + 20}">${'JFMAMJJASOND'[m - 1]}</text>`);
      }
    }
  }
  const asOfX = x(result.asOf + 0.5);
  out.push(`<line class="as-of" x1="${asOfX}" x2="${asOfX}" y1="${TOP - 4}" y2="${axisY}"><title>as of ${formatDay(result.asOf)}</title></line>`);
  out.push(`</g><rect class="tl-cursor" x="0" y="${TOP - 4}" width="0" height="${axisY - TOP + 4}"/><g class="events">`);
  placed.forEach(({ t, exact, x1, x2, lane, k }) => {
    const kinds = t.findings.map((i) => result.findings[i]!.certainty);
    const cls = kinds.includes('certain') ? ' has-certain' : kinds.includes('possible') ? ' has-possible' : '';
    const cy = TOP + lane * LANE + LANE / 2;
    const label = `Step ${k + 1}: ${t.event} (${t.type}), ${t.dateText}${t.findings.length ? `, ${t.findings.length} finding${t.findings.length === 1 ? '' : 's'}` : ''}`;
    out.push(
      `<g class="tl-event${exact ? ' exact' : ' vague'}${cls}" data-step="${k}" data-x1="${x1}" data-x2="${x2}" tabindex="0" role="button" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title>`,
    );
    // A wider invisible target makes small dots easy to click on a projector.
    out.push(`<rect class="hit" x="${x1 - 3}" y="${cy - LANE / 2}" width="${Math.round((x2 - x1 + 6) * 10) / 10}" height="${LANE}"/>`);
    if (exact) out.push(`<circle class="mark" cx="${(x1 + x2) / 2}" cy="${cy}" r="5"/>`);
    else out.push(`<rect class="mark" x="${x1}" y="${cy - 4.5}" width="${Math.round((x2 - x1) * 10) / 10}" height="9" rx="3"/>`);
    out.push('</g>');
  });
  out.push('</g></svg>');
  return out.join('');
}

/** Pattern for vague bars; put once in the page's shared defs. */
export const TIMELINE_DEFS =
  '<pattern id="tl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e4e9f0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a99ad" stroke-width="2.4"/></pattern>' +
  '<pattern id="tl-hatch-certain" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f8dcd8"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b42318" stroke-width="2.4"/></pattern>' +
  '<pattern id="tl-hatch-possible" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fbe7c6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b54708" stroke-width="2.4"/></pattern>';
