/**
 * The HTML training viewer: one self-contained page per replay, for a trainer to step
 * through a case with a room of social workers. No network, no CDN, no external fonts
 * or images: all CSS and script are inline and a Content-Security-Policy forbids any
 * request, so the file opens from a USB stick on a locked-down laptop (file://).
 *
 * The page holds:
 * - a header (case, title, source, as-of, completeness) and findings by severity and certainty;
 * - a timeline of every event over its possible dates (src/report/viewer-timeline.ts);
 * - a step control (buttons, ←/→/Home/End) announcing "Step k of n: …" in a live region;
 * - the statecharts of the machines the case uses, generated from the XState machines
 *   and laid out with elkjs (src/report/diagram.ts), one per child for per-child
 *   machines, with the state at the selected step highlighted;
 * - the statutory clocks at that step, the findings arising there with their sources
 *   and what the process allowed at the state before the event, and optionally the
 *   inspection trace entries of that step (embedded with --trace, or loaded from disk);
 * - a print stylesheet listing every step's findings.
 *
 * Two views of the same data: the presenter view (the default at 1280 px and wider: one
 * screen per step, no scrolling, for a projector) and this long page, the handout and
 * print view (the default below 1280 px). Toggles: quiz, possible findings in full, the
 * whole process in the charts.
 *
 * Data for the steps is computed in Node (src/report/viewer-data.ts) and embedded as
 * JSON; the page's script (src/report/viewer-client.ts) only renders it, building DOM
 * nodes with textContent, and can be given new data (`window.casepathViewer.setData`,
 * the what-if). Finding cards are rendered here once, escaped, into the print section;
 * the machine states they name are listed once in a table after them. Free-text notes
 * are left out unless asked for.
 */
import { basename } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { type ProcessId, processes } from '../engine/processes.js';
import type { Chronology, ReplayResult } from '../engine/types.js';
import { DIAGRAM_DEFS, type DiagramLayout, REPORT_LAYOUT, layoutDiagram, layoutToSvg, machineGraph, pathGraph } from './diagram.js';
import { VIEWER_CLIENT } from './viewer-client.js';
import { type FindingView, type ViewerData, buildViewerData, packViewerData } from './viewer-data.js';
import { escapeHtml as e, jsonForScript } from './viewer-escape.js';
import { TIMELINE_DEFS, timelineSvg } from './viewer-timeline.js';
import type { Trace } from './viewer-trace.js';
import { VIEWER_CSS } from './viewer-style.js';
import { version } from '../version.js';
import { describeCoverage } from '../engine/coverage.js';
import { processesInUse, stateIn } from './states.js';
import { whatIfScripts } from './whatif-page.js';

export interface HtmlReportOptions {
  /** Include free-text notes (off by default: chronologies hold children's data). */
  notes?: boolean;
  /** The loaded chronology: gives the source document and cites of stated omissions. */
  chronology?: Chronology;
  /** An inspection trace to embed (already checked with viewer-trace.ts). */
  trace?: Trace;
  /** The what-if panel, with the source and the engine bundled (default true; src/report/whatif-page.ts). */
  whatIf?: boolean;
  /**
   * Write the print listing's finding cards into the file (for a reader without script).
   * Off by default: the page builds them from its data, and a 1,000-event case's cards
   * alone weighed 1.4 MB.
   */
  printCards?: boolean;
}

function machineOf(id: ProcessId): AnyStateMachine {
  return processes().get(id).machine;
}

const layouts = new Map<ProcessId, Promise<DiagramLayout>>();
/** ELK layout of a machine, computed once per process (the machines are fixed). */
function layoutOf(id: ProcessId): Promise<DiagramLayout> {
  let l = layouts.get(id);
  if (!l) {
    l = layoutDiagram(machineGraph(machineOf(id)), REPORT_LAYOUT);
    layouts.set(id, l);
  }
  return l;
}

const pathLayouts = new Map<string, Promise<DiagramLayout>>();
/** ELK layout of the states a case visits and their one-step neighbours, with edge labels in words; cached per state set. */
function pathLayoutOf(id: ProcessId, visited: readonly string[]): Promise<DiagramLayout> {
  const key = `${id}\u0000${[...new Set(visited)].sort().join(',')}`;
  let l = pathLayouts.get(key);
  if (!l) {
    l = layoutDiagram(pathGraph(machineGraph(machineOf(id)), visited), { ...REPORT_LAYOUT, labels: true });
    pathLayouts.set(key, l);
  }
  return l;
}

/** The pages' Content-Security-Policy: nothing from the network, only their own inline CSS, script and data: images. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** The diagrams of the processes the case uses: one per child for per-child machines. */
async function diagramsHtml(result: ReplayResult, data: ViewerData): Promise<string> {
  // In registry order (the child's path first); a process shown once begun only if the case begins it.
  const used = processesInUse(processes().all.filter((p) => result.processes.includes(p.id)), result.timeline);
  const out: string[] = [];
  for (const proc of used) {
    const id = proc.id;
    const layout = await layoutOf(id);
    const owners = proc.scope === 'child' ? data.children : [undefined];
    for (const child of owners) {
      const title = `${proc.name}${child !== undefined ? ` — ${child}` : ''}`;
      const idPrefix = `dg-${id}${child !== undefined ? `-${child.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''}`;
      const visited = [proc.initial, ...result.timeline.map((t) => stateIn(t.states, proc, child)).filter((x): x is string => x !== undefined)];
      const path = await pathLayoutOf(id, [...new Set(visited)]);
      out.push(
        `<figure class="diagram" data-process="${e(id)}"${child !== undefined ? ` data-child="${e(child)}"` : ''}>` +
          `<figcaption><span class="proc">${e(proc.name)}</span>${child !== undefined ? ` <span class="child-tag">${e(child)}</span>` : ''}` +
          `<span class="now" data-now></span></figcaption>` +
          `<div class="chart-wrap path-wrap">${layoutToSvg(path, { title: `${title}: the path so far and the steps possible from here`, process: id, idPrefix: `${idPrefix}-path`, className: 'path-view', ...(child !== undefined ? { child } : {}) })}</div>` +
          `<div class="chart-wrap whole-wrap">${layoutToSvg(layout, { title: `${title}: the whole process`, process: id, idPrefix, className: 'whole-view', ...(child !== undefined ? { child } : {}) })}</div>` +
          `</figure>`,
      );
    }
  }
  return out.join('\n');
}

/** The anchor of a machine state in the print listing's table of states. */
function stateAnchor(process: string, state: string): string {
  return `st-${process}-${state}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * The states the findings name, each once: what it means, its source and the steps it
 * allowed. The cards refer to it instead of repeating it (a 1,000-event case with 670
 * findings repeated them into 4.4 MB).
 */
function stateTableHtml(data: ViewerData): string {
  const seen = new Map<string, FindingView['allowed'][number]>();
  for (const f of data.findings) for (const a of f.allowed) if (!seen.has(stateAnchor(a.process, a.state))) seen.set(stateAnchor(a.process, a.state), a);
  if (!seen.size) return '';
  const rows = [...seen.entries()].map(([anchor, a]) => {
    const moving = a.allowed.filter((t) => t.to.length);
    const staying = a.allowed.filter((t) => !t.to.length);
    return (
      `<div class="state-row" id="${e(anchor)}"><dt>${e(a.processLabel)}: <span class="state-chip">${e(a.stateLabel)}</span></dt><dd>` +
      `${a.stateDescription ? `<p>${e(a.stateDescription)}${a.stateCitation ? ` <span class="muted">(${e(a.stateCitation)})</span>` : ''}</p>` : ''}` +
      (moving.length ? `<p class="moves-k">Steps that move on: ${moving.map((t) => `<code>${e(t.event)}</code> → ${e(t.to.join(' or '))}`).join('; ')}</p>` : '') +
      (staying.length ? `<p class="moves-k">Recorded without a move: ${staying.map((t) => `<code>${e(t.event)}</code>`).join(', ')}</p>` : '') +
      `</dd></div>`
    );
  });
  return `<section class="state-table" aria-labelledby="states-h"><h3 id="states-h">The states named above: what each means and allowed</h3><dl>${rows.join('')}</dl></section>`;
}

/** A finding as a card, for print: rendered once here, escaped; the states it names are in the table of states. */
function findingCard(f: FindingView, index: number): string {
  const cert = f.certainty === 'certain' ? '✖ certain' : '? possible';
  const events = f.events
    .map((ev) => `<li><code>${e(ev.id)}</code>${ev.dateText ? ` <span class="muted">${e(ev.dateText)}</span>` : ''}${ev.cite ? ` — <span class="cite">${e(ev.cite)}</span>` : ' — <span class="muted">no source paragraph given</span>'}</li>`)
    .join('');
  const allowed = f.allowed
    .map((a) => {
      const who = `${e(a.processLabel)}${a.children?.length ? ` · ${e(a.children.join(', '))}` : ''}`;
      const verdict = !a.handlesEvent
        ? `<p class="verdict muted">This machine does not step on <code>${e(f.eventType ?? '')}</code>; shown for where the case stood.</p>`
        : a.eventAllowed
          ? `<p class="verdict">The chart allowed <code>${e(f.eventType ?? '')}</code> here: the finding is about how or when it was done, not that it happened.</p>`
          : `<p class="verdict refused">The chart did <strong>not</strong> allow <code>${e(f.eventType ?? '')}</code> from this state.</p>`;
      return (
        `<div class="allowed-machine"><p><strong>${who}</strong> stood at <a class="state-ref" href="#${e(stateAnchor(a.process, a.state))}"><span class="state-chip">${e(a.stateLabel)}</span></a></p>` +
        `${verdict}</div>`
      );
    })
    .join('');
  return (
    `<article class="finding ${e(f.certainty)}" data-finding="${index}" data-rule="${e(f.rule)}" data-step="${f.step}">` +
    `<header><span class="badge cert-${e(f.certainty)}">${cert}</span><span class="badge sev-${e(f.severity)}">${e(f.severity)}</span>` +
    `<span class="for">${f.children.length ? `for ${e(f.children.join(', '))}` : 'the case'}</span></header>` +
    `<h3>${e(f.title)} <code class="rule-id">${e(f.rule)}</code></h3>` +
    `<p class="message">${e(f.message)}</p>` +
    `<p class="citation"><span class="k">Source</span> ${e(f.citation)}</p>` +
    (f.missing?.length ? `<div class="missing"><span class="k">Would settle it</span><ul>${f.missing.map((m) => `<li>${e(m)}</li>`).join('')}</ul></div>` : '') +
    `<div class="events"><span class="k">Events and where the source says so</span><ul>${events}</ul></div>` +
    `<details class="allowed" open><summary>What the process allowed here</summary>` +
    allowed +
    (f.compliant ? `<p class="compliant"><span class="k">A compliant step</span> ${e(f.compliant)}</p>` : '') +
    (f.firesWhen ? `<p class="fires"><span class="k">The rule fires on</span> ${e(f.firesWhen)}</p>` : '') +
    `</details></article>`
  );
}

function summaryHtml(result: ReplayResult): string {
  const sev = ['breach', 'fault', 'advisory'] as const;
  const count = (s: string, c: string) => result.findings.filter((f) => f.severity === s && f.certainty === c).length;
  const rows = sev
    .map((s) => `<tr><th scope="row"><span class="badge sev-${s}">${s}</span></th><td data-count="${s}-certain">${count(s, 'certain')}</td><td data-count="${s}-possible">${count(s, 'possible')}</td></tr>`)
    .join('');
  const certain = result.findings.filter((f) => f.certainty === 'certain').length;
  const d = result.deadlines;
  const late = d.filter((x) => x.status === 'overdue' || x.status === 'met-late').length;
  return (
    `<div class="summary"><table class="sev-table"><caption id="sev-caption">${result.findings.length} findings: ${certain} certain, ${result.findings.length - certain} possible</caption>` +
    `<thead><tr><th scope="col">severity</th><th scope="col">certain</th><th scope="col">possible</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<p class="clock-summary">${result.timeline.length} events · statutory clocks: ${d.filter((x) => x.status === 'met').length} met in time, ${late} late or overdue, ` +
    `${d.filter((x) => x.status === 'open').length} open, ${d.filter((x) => x.status === 'closed').length} closed as unnecessary</p></div>`
  );
}

/** Every step's findings, for print (and the templates the page clones). */
function allFindingsHtml(data: ViewerData): string {
  const out: string[] = [];
  data.steps.forEach((s, k) => {
    const here = data.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.step === k);
    if (!here.length) return;
    out.push(`<section class="print-step" data-step="${k}"><h3 class="print-step-heading">${e(s.heading)}</h3>${here.map(({ f, i }) => findingCard(f, i)).join('')}</section>`);
  });
  return out.length ? `${out.join('\n')}\n${stateTableHtml(data)}` : '<p>No findings.</p>';
}

/** The view toggles, in both bars (`prefix` keeps their ids apart; the page keys them by `data-toggle`). */
function modesHtml(prefix: string): string {
  const t = (name: string, label: string, key: string) =>
    `<button type="button" class="tg" id="${prefix}-tg-${name}" data-toggle="${name}" aria-pressed="false" title="${e(label)} (${key})">${e(label)}</button>`;
  return (
    `<div class="modes" role="group" aria-label="View">` +
    t('quiz', 'Quiz', 'q') +
    t('possible', 'Possible in full', 'f') +
    t('whole', 'Show the whole process', 'w') +
    `<button type="button" class="tg view-tg" id="${prefix}-tg-view" data-toggle="view" title="Presenter or handout (p)">${prefix === 'p' ? 'Handout' : 'Presenter'}</button>` +
    `</div>`
  );
}

/** Render the self-contained HTML report. */
export async function renderHtmlReport(result: ReplayResult, options: HtmlReportOptions = {}): Promise<string> {
  const data = buildViewerData(result, {
    ...(options.notes ? { notes: true } : {}),
    ...(options.chronology ? { chronology: options.chronology } : {}),
    ...(options.trace ? { trace: options.trace } : {}),
  });
  const diagrams = await diagramsHtml(result, data);
  const first = data.steps[0];
  const heading = result.title ?? result.case;
  const completeness =
    result.coverage.kind === 'summary'
      ? 'a summary (an Ombudsman report, a review): facts it does not state are unknown, so verdicts resting on them are only “possible”'
      : result.coverage.kind === 'record'
        ? 'a full record: a step not recorded did not happen'
        : describeCoverage(result.coverage);
  const options_ = data.steps.map((s, k) => `<option value="${k}">${k + 1}. ${e(s.event)} — ${e(s.dateText)}${s.findings.length ? ` (${s.findings.length} finding${s.findings.length === 1 ? '' : 's'})` : ''}</option>`).join('');
  const initialData = {
    ...packViewerData(data),
    initial: Object.fromEntries(processes().all.map((p) => [p.id, p.initial])),
  };
  const v = version();

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta name="referrer" content="no-referrer">
<title>${e(`${heading} · casepath`)}</title>
<style>${VIEWER_CSS}</style>
</head>
<body>
<svg class="defs" aria-hidden="true" focusable="false" width="0" height="0"><defs>${DIAGRAM_DEFS}${TIMELINE_DEFS}</defs></svg>
<a class="skip" href="#step-text">Skip to the step</a>
<div id="edited-banner" class="edited-banner" role="status" hidden>This page shows a what-if, not the source: facts marked “edited: what-if” were changed here, and the findings are those of the changed case.</div>
<div id="presenter" class="presenter" hidden>
  <nav class="p-bar" aria-label="Step through the case (presenter)">
    <button type="button" id="p-prev" class="p-btn" aria-label="Previous step" title="Previous step (PageUp, ←)">◀</button>
    <p id="p-step" class="p-step" aria-live="polite" aria-atomic="true"></p>
    <button type="button" id="p-next" class="p-btn" aria-label="Next step" title="Next step (PageDown, space, →)">▶</button>
    ${modesHtml('p')}
  </nav>
  <div class="p-grid">
    <section class="p-col p-event" aria-labelledby="p-event-h">
      <h2 id="p-event-h">What happened</h2>
      <div id="p-event"></div>
      <h3 class="p-sub">Clocks running</h3>
      <div id="p-clocks"></div>
    </section>
    <section class="p-col p-findings" aria-labelledby="p-findings-h">
      <h2 id="p-findings-h">What the rules say</h2>
      <div id="p-quiz" class="quiz" hidden></div>
      <div id="p-findings"></div>
      <div id="p-possible"></div>
      <div id="p-previous"></div>
    </section>
    <section class="p-col p-charts" aria-labelledby="p-charts-h">
      <h2 id="p-charts-h">Where the process stands</h2>
      <div id="p-charts"></div>
      <h3 class="p-sub">Where each child stands</h3>
      <ul id="p-states" class="p-states"></ul>
    </section>
  </div>
</div>
<div id="handout">
<header class="report-header">
  <div class="titles">
    <p class="eyebrow">casepath · training viewer</p>
    <h1>${e(heading)}</h1>
    <dl class="meta">
      <div><dt>Case</dt><dd><code>${e(result.case)}</code></dd></div>
      ${data.source ? `<div><dt>Source</dt><dd>${e(data.source)}</dd></div>` : ''}
      <div><dt>As of</dt><dd>${e(data.asOf)}</dd></div>
      <div><dt>Children</dt><dd>${e(data.children.join(', ') || '—')}</dd></div>
      <div><dt>Completeness</dt><dd><strong>${e(result.coverage.kind === 'window' ? 'coverage' : result.coverage.kind)}</strong> — ${e(completeness)}</dd></div>
    </dl>
  </div>
  ${summaryHtml(result)}
</header>
<nav class="stepbar" aria-label="Step through the case">
  <div class="btns">
    <button type="button" id="btn-first" aria-label="First step" title="First step (Home)"><svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M2 2h2v12H2zM14 2v12L5 8z"/></svg> First</button>
    <button type="button" id="btn-prev" aria-label="Previous step" title="Previous step (←)"><svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M12 2v12L3 8z"/></svg> Previous</button>
  </div>
  <p id="step-text" class="step-text" aria-live="polite" aria-atomic="true" tabindex="-1">${first ? e(first.heading) : 'No events'}</p>
  <div class="btns">
    <button type="button" id="btn-next" aria-label="Next step" title="Next step (→)">Next <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4 2v12l9-6z"/></svg></button>
    <button type="button" id="btn-last" aria-label="Last step" title="Last step (End)">Last <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M12 2h2v12h-2zM2 2v12l9-6z"/></svg></button>
  </div>
  ${modesHtml('h')}
</nav>
<section class="timeline-panel screen-only" aria-labelledby="tl-h">
  <div class="tl-head"><h2 id="tl-h">Timeline</h2> <span class="legend"><span class="lg-dot"></span> exact date <span class="lg-bar"></span> vague date (any day in the bar) <span class="lg-dot certain"></span> certain finding <span class="lg-dot possible"></span> possible finding <span class="lg-asof"></span> as of</span>
  <label class="jump"><span>Go to step</span> <select id="jump">${options_}</select></label></div>
  ${timelineSvg(result)}
</section>
<main class="layout">
  <div class="col info">
    <section class="panel" id="event-panel" aria-labelledby="event-h"><h2 id="event-h">What happened</h2><div id="event"></div></section>
    <section class="panel screen-only" id="findings-panel" aria-labelledby="findings-h"><h2 id="findings-h">Findings at this step</h2><div id="quiz" class="quiz" hidden></div><div id="findings"></div></section>
    <section class="panel" id="clocks-panel" aria-labelledby="clocks-h"><h2 id="clocks-h">Statutory clocks at this step</h2><div id="clocks"></div></section>
    <section class="panel screen-only" id="trace-panel" aria-labelledby="trace-h">
      <h2 id="trace-h">Inspection trace</h2>
      <p class="muted">What the machines did at this step, from <code>casepath replay FILE --trace trace.json</code>. The file is read here on this computer; nothing is sent anywhere.</p>
      <label class="file"><span>Load a trace file</span> <input type="file" id="trace-file" accept=".json,application/json"></label>
      <p id="trace-status" role="status"></p>
      <div id="trace"></div>
    </section>
  </div>
  <div class="col diagrams">
    <section class="panel" aria-labelledby="dg-h">
      <h2 id="dg-h">Where each process stands</h2>
      <p class="legend diagram-legend"><span class="lg-state current"></span> now <span class="lg-state previous"></span> before this step <span class="lg-edge taken"></span> step taken <span class="lg-edge broken"></span> broken step (a certain finding) <span class="lg-edge next"></span> possible from here</p>
      <div class="diagram-grid">
${diagrams}
      </div>
      <p class="muted small">Diagrams are drawn from the process machines themselves: by default the path so far and the steps possible from here; “Show the whole process” draws every transition. Hover a state or arrow for its description, source and the events it takes.</p>
    </section>
  </div>
</main>
<section class="all-findings" id="all-findings" aria-labelledby="all-h">
  <h2 id="all-h">All findings, step by step</h2>
${options.printCards ? allFindingsHtml(data) : ''}
</section>
<footer class="report-footer"><p>Generated by casepath${v ? ` ${e(v)}` : ''} from <code>${e(basename(result.file))}</code>. ${data.notes ? 'Free-text notes are included: this file holds children’s data; keep it as you would the case file.' : 'Free-text notes are left out (run with --show-notes to include them).'} Keys: PageDown/PageUp, space, ← → step, Home/End first/last; p presenter/handout, q quiz, r reveal, f possible findings in full, w the whole process.</p></footer>
</div>
<section id="whatif-panel" class="panel" hidden aria-labelledby="whatif-h"></section>
<script type="application/json" id="casepath-data">${jsonForScript(initialData)}</script>
<script>${VIEWER_CLIENT}</script>
${options.whatIf === false ? '' : whatIfScripts(result, options)}
</body>
</html>
`;
}
