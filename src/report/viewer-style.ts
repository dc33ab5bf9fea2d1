/**
 * The viewer's stylesheet, inlined into every report. Written for a projector in a
 * training room: large type, high contrast, few colours (blue: where a child is now;
 * teal: what the process allowed next; red and amber: certain and possible findings),
 * system fonts only (nothing is fetched). The presenter view fits one step on a
 * 1280x720 screen with body text at 18 px. The print rules drop the controls and the
 * presenter view, list every step's findings and keep each diagram on one page.
 */
export const VIEWER_CSS = String.raw`
:root {
  --bg: #f4f5f7; --panel: #ffffff; --ink: #1c2430; --muted: #5b6776; --line: #dde2e8;
  --accent: #1d4ed8; --accent-soft: #dbe6ff; --accent-ink: #112f85;
  --next: #0f766e; --next-soft: #d6f0ec;
  --certain: #b42318; --certain-soft: #fdecea; --possible: #a15c07; --possible-soft: #fff3e0;
  --edge: #c9d1db;
  font-size: 18px;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
h1, h2, h3 { line-height: 1.2; margin: 0; }
h2 { font-size: 1.1rem; font-weight: 650; margin-bottom: 0.6rem; }
.muted { color: var(--muted); }
.small { font-size: 0.85rem; }
svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.4rem 0.8rem; z-index: 10; }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }

/* Header */
.report-header { display: flex; gap: 2rem; justify-content: space-between; align-items: flex-start; padding: 0.8rem 1.6rem 0.7rem; background: var(--panel); border-bottom: 1px solid var(--line); }
.eyebrow { margin: 0 0 0.2rem; color: var(--muted); font-size: 0.8rem; letter-spacing: 0.06em; text-transform: uppercase; }
.report-header h1 { font-size: 1.45rem; font-weight: 700; }
.meta { display: flex; flex-wrap: wrap; gap: 0.1rem 1.4rem; margin: 0.4rem 0 0; font-size: 0.85rem; }
.meta div { display: flex; gap: 0.4rem; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }
.summary { flex: none; font-size: 0.85rem; min-width: 19rem; }
.sev-table { border-collapse: collapse; }
.sev-table caption { text-align: left; font-weight: 650; padding-bottom: 0.3rem; }
.sev-table th, .sev-table td { padding: 0.05rem 0.7rem; text-align: right; border-bottom: 1px solid var(--line); }
.sev-table th[scope=row] { text-align: left; }
.sev-table thead th { color: var(--muted); font-weight: 500; }
.clock-summary { margin: 0.4rem 0 0; color: var(--muted); max-width: 26rem; }

/* Badges */
.badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.6rem; font-size: 0.8rem; font-weight: 650; border: 1px solid transparent; white-space: nowrap; }
.cert-certain { background: var(--certain); color: #fff; }
.cert-possible { background: var(--possible-soft); color: var(--possible); border-color: #f0c583; }
.sev-breach { background: #fff; color: var(--certain); border-color: var(--certain); }
.sev-fault { background: #fff; color: #7a3e00; border-color: #d59a4a; }
.sev-advisory { background: #fff; color: var(--muted); border-color: #b9c2cc; }

/* Step bar */
.stepbar { position: sticky; top: 0; z-index: 5; display: flex; align-items: center; gap: 0.8rem; flex-wrap: wrap; padding: 0.6rem 1.6rem; background: #1c2430; color: #fff; box-shadow: 0 2px 6px rgba(0,0,0,0.15); }
.stepbar .btns { display: flex; gap: 0.4rem; }
.stepbar button svg { width: 0.8em; height: 0.8em; fill: currentColor; vertical-align: -0.05em; }
.stepbar button { font: inherit; font-size: 0.95rem; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #4b5767; background: #2c3644; color: #fff; cursor: pointer; }
.stepbar button:hover:not(:disabled) { background: #3a4657; }
.stepbar button:disabled { opacity: 0.4; cursor: default; }
.step-text { flex: 1 1 24rem; margin: 0; font-size: 1.2rem; font-weight: 600; min-width: 16rem; }
.jump { margin-left: auto; font-size: 0.85rem; color: var(--muted); display: inline-flex; gap: 0.4rem; align-items: center; }
.jump select { font: inherit; max-width: 24rem; padding: 0.25rem 0.4rem; border-radius: 6px; border: 1px solid #b9c2cc; background: #fff; color: var(--ink); }

/* Timeline */
.timeline-panel { padding: 0.7rem 1.6rem 0.4rem; background: var(--panel); border-bottom: 1px solid var(--line); }
.tl-head { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin-bottom: 0.2rem; }
.tl-head h2 { font-size: 0.95rem; margin: 0; }
.legend { font-size: 0.8rem; font-weight: 400; color: var(--muted); display: inline-flex; align-items: center; gap: 0.35rem; flex-wrap: wrap; }
.lg-dot { display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 50%; background: #5b6b80; margin-left: 0.6rem; }
.lg-dot.certain { background: var(--certain); }
.lg-dot.possible { background: #d48a1a; }
.lg-bar { display: inline-block; width: 1.8rem; height: 0.6rem; border-radius: 3px; margin-left: 0.6rem; background: repeating-linear-gradient(45deg, #e4e9f0 0 3px, #8a99ad 3px 5px); }
.lg-asof { display: inline-block; width: 0; height: 0.9rem; border-left: 2px dashed #7c3aed; margin-left: 0.6rem; }
svg.timeline { width: 100%; height: auto; display: block; max-height: 13rem; }
.timeline .axis line { stroke: #b8c1cc; stroke-width: 1; }
.timeline .axis line.year { stroke: #d5dbe2; }
.timeline .axis line.as-of { stroke: #7c3aed; stroke-dasharray: 4 3; stroke-width: 1.5; }
.timeline text { font-size: 12px; fill: var(--muted); font-family: inherit; }
.timeline .year-label { font-weight: 650; fill: var(--ink); }
.tl-event { cursor: pointer; }
.tl-event .hit { fill: transparent; }
.tl-event.exact .mark { fill: #5b6b80; }
.tl-event.vague .mark { fill: url(#tl-hatch); stroke: #8a99ad; stroke-width: 1; }
.tl-event.exact.has-possible .mark { fill: #d48a1a; }
.tl-event.vague.has-possible .mark { fill: url(#tl-hatch-possible); stroke: #b54708; }
.tl-event.exact.has-certain .mark { fill: var(--certain); }
.tl-event.vague.has-certain .mark { fill: url(#tl-hatch-certain); stroke: var(--certain); }
/* Quiz mode: the timeline does not say where findings arise (the step list neither: viewer-client.ts). */
body.quiz-on .tl-event.exact.has-certain .mark, body.quiz-on .tl-event.exact.has-possible .mark { fill: #5b6b80; }
body.quiz-on .tl-event.vague.has-certain .mark, body.quiz-on .tl-event.vague.has-possible .mark { fill: url(#tl-hatch); stroke: #8a99ad; }
.tl-event:hover .mark { stroke: var(--ink); stroke-width: 1.5; }
.tl-event.current .mark { stroke: var(--accent); stroke-width: 3; }
.tl-cursor { fill: rgba(29, 78, 216, 0.07); stroke: rgba(29, 78, 216, 0.4); stroke-width: 1; }

/* Layout */
.layout { display: grid; grid-template-columns: minmax(0, 37fr) minmax(0, 63fr); gap: 1.1rem; padding: 1.1rem 1.6rem 2rem; align-items: start; }
.col { display: flex; flex-direction: column; gap: 1.1rem; min-width: 0; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 1rem 1.2rem; }

/* Event */
.event-line { margin: 0 0 0.4rem; font-size: 1.05rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.9rem; margin: 0 0 0.7rem; font-size: 0.95rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.note { background: #fffbea; border-left: 4px solid #e3b341; padding: 0.4rem 0.7rem; margin: 0 0 0.7rem; font-size: 0.95rem; }
.states { list-style: none; margin: 0.3rem 0 0; padding: 0; display: grid; gap: 0.25rem; }
.states li { display: flex; gap: 0.5rem; align-items: baseline; flex-wrap: wrap; }
.states .who { color: var(--muted); min-width: 11rem; font-size: 0.9rem; }
.state-chip { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 6px; background: #eef1f5; border: 1px solid #cfd6df; font-weight: 600; }
.states li.changed .state-chip { background: var(--accent-soft); border-color: var(--accent); color: var(--accent-ink); }
.was { font-size: 0.85rem; color: var(--muted); }

/* Findings */
.finding { border: 1px solid var(--line); border-left: 6px solid var(--possible); border-radius: 10px; padding: 0.8rem 1rem; margin: 0 0 0.9rem; background: #fff; }
.finding.certain { border-left-color: var(--certain); }
.finding header { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; margin-bottom: 0.35rem; }
.finding .for { color: var(--muted); font-size: 0.9rem; }
.finding h3 { font-size: 1.05rem; margin-bottom: 0.35rem; }
.rule-id { color: var(--muted); font-weight: 400; font-size: 0.8rem; }
.finding .message { margin: 0 0 0.5rem; font-size: 1.02rem; }
.k { display: inline-block; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); margin-right: 0.4rem; }
.citation { margin: 0 0 0.4rem; padding: 0.35rem 0.6rem; background: #f3f0ff; border-radius: 6px; color: #3b2a7a; }
.missing, .events { font-size: 0.92rem; margin: 0 0 0.4rem; }
.missing ul, .events ul { margin: 0.15rem 0 0; padding-left: 1.2rem; }
.cite { font-weight: 600; }
.allowed { margin-top: 0.4rem; border-top: 1px dashed var(--line); padding-top: 0.4rem; font-size: 0.92rem; }
.allowed summary { cursor: pointer; font-weight: 650; color: var(--next); }
.allowed-machine { margin: 0.5rem 0; }
.allowed-machine p { margin: 0 0 0.2rem; }
.verdict.refused { color: var(--certain); }
.moves { list-style: none; padding: 0; margin: 0.2rem 0 0; display: flex; flex-wrap: wrap; gap: 0.3rem; }
.moves li { background: var(--next-soft); color: #0b4f4a; border-radius: 6px; padding: 0.05rem 0.5rem; font-size: 0.85rem; }
.moves li.this-event, .moves-k code.this-event { outline: 2px solid var(--next); border-radius: 4px; }
.moves-k { margin: 0.25rem 0 0; font-size: 0.88rem; color: var(--muted); }
.compliant { background: var(--next-soft); border-radius: 6px; padding: 0.4rem 0.6rem; margin: 0.5rem 0 0.3rem; }
.fires { margin: 0.3rem 0 0; color: var(--muted); }
.none { color: var(--muted); margin: 0; }

/* Clocks */
.clocks { list-style: none; margin: 0; padding: 0; }
.clock { display: flex; gap: 0.8rem; align-items: flex-start; justify-content: space-between; padding: 0.55rem 0; border-bottom: 1px solid var(--line); }
.clock:last-child { border-bottom: 0; }
.clock-body { min-width: 0; }
.clock-title { font-size: 0.95rem; }
.clock-title .for { color: var(--muted); font-size: 0.85rem; }
.clock-dates { color: var(--muted); font-size: 0.82rem; margin-top: 0.1rem; }
.clock-dates .rule { color: #8a96a3; }
.clock-notes { font-size: 0.8rem; color: var(--muted); display: flex; flex-direction: column; }
.clock-left { flex: none; text-align: right; min-width: 7.5rem; }
.clock-left strong { display: block; font-size: 1.05rem; font-variant-numeric: tabular-nums; color: var(--accent-ink); white-space: nowrap; }
.clock-left.maybe-past strong { color: var(--possible); }
.clock-left.past strong { color: var(--certain); }
.clock-left span { font-size: 0.75rem; color: var(--muted); }
.status { display: inline-block; border-radius: 6px; padding: 0 0.45rem; font-size: 0.8rem; font-weight: 650; white-space: nowrap; }
.st-running { background: var(--accent-soft); color: var(--accent-ink); }
.st-overdue { background: var(--certain); color: #fff; }
.st-met { background: var(--next-soft); color: #0b4f4a; }
.st-met-late { background: var(--possible-soft); color: var(--possible); }
.st-closed { background: #eef1f5; color: var(--muted); }
.maybe { color: var(--possible); }
.finished summary { cursor: pointer; color: var(--muted); margin-top: 0.5rem; font-size: 0.9rem; }

/* Trace */
.file { display: inline-flex; gap: 0.6rem; align-items: center; font-size: 0.95rem; }
#trace-status.error { color: var(--certain); font-weight: 600; }
.trace-table { width: 100%; border-collapse: collapse; font-size: 0.85rem; }
.trace-table th, .trace-table td { text-align: left; padding: 0.2rem 0.4rem; border-bottom: 1px solid var(--line); }

/* Diagrams */
.diagram-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 0.9rem; align-items: start; }
.diagram { margin: 0; border: 1px solid var(--line); border-radius: 10px; padding: 0.6rem; background: #fbfcfd; break-inside: avoid; }
.diagram figcaption { display: flex; align-items: center; gap: 0.5rem; flex-wrap: wrap; font-weight: 650; margin-bottom: 0.4rem; font-size: 0.95rem; }
.child-tag { background: var(--ink); color: #fff; border-radius: 6px; padding: 0 0.45rem; font-size: 0.85rem; }
.diagram .now { margin-left: auto; font-weight: 600; color: var(--accent-ink); background: var(--accent-soft); border-radius: 6px; padding: 0 0.5rem; font-size: 0.9rem; }
.chart-wrap { overflow: auto; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.chart .edge { fill: none; stroke: var(--edge); stroke-width: 1.2; marker-end: url(#cp-arrow); }
.chart .edge.next { stroke: var(--next); stroke-width: 2; marker-end: url(#cp-arrow-next); }
.chart .edge.taken { stroke: var(--accent); stroke-width: 3; marker-end: url(#cp-arrow-on); }
.chart .start { fill: #4b5767; }
.chart .state rect { fill: #fff; stroke: #7b8794; stroke-width: 1.4; }
.chart .state text { font-size: 18px; fill: var(--ink); font-family: inherit; }
.chart .state.previous rect { stroke: var(--accent); stroke-dasharray: 5 3; stroke-width: 2; fill: #f5f8ff; }
.chart .state.current rect { fill: var(--accent); stroke: var(--accent-ink); stroke-width: 2.5; }
.chart .state.current text { fill: #fff; font-weight: 700; }
.chart .state.reachable rect { stroke: var(--next); stroke-width: 2; }
.diagram-legend { margin: -0.2rem 0 0.7rem; }
.lg-state { display: inline-block; width: 1.4rem; height: 0.8rem; border-radius: 4px; margin-left: 0.6rem; border: 2px solid var(--accent); }
.lg-state.current { background: var(--accent); }
.lg-state.previous { border-style: dashed; background: #f5f8ff; }
.lg-edge { display: inline-block; width: 1.6rem; height: 0; margin-left: 0.6rem; border-top: 3px solid var(--accent); vertical-align: middle; }
.lg-edge.next { border-top: 2px solid var(--next); }

/* Views: presenter (one screen per step) or handout (this long page) */
body.mode-presenter #handout { display: none; }
.modes { display: inline-flex; gap: 0.35rem; flex-wrap: wrap; }
.tg { font: inherit; font-size: 0.8rem; padding: 0.3rem 0.6rem; border-radius: 999px; border: 1px solid #4b5767; background: #2c3644; color: #fff; cursor: pointer; }
.tg[aria-pressed="true"] { background: #f59e0b; border-color: #f59e0b; color: #1c2430; font-weight: 700; }
.stepbar .modes { margin-left: auto; }
.presenter[hidden] { display: none; }
.presenter { height: 100vh; display: flex; flex-direction: column; overflow: hidden; }
.p-bar { flex: none; display: flex; align-items: center; gap: 0.7rem; padding: 0.45rem 1rem; background: #1c2430; color: #fff; }
.p-btn { font: inherit; font-size: 1rem; width: 2.6rem; height: 2.4rem; border-radius: 8px; border: 1px solid #4b5767; background: #2c3644; color: #fff; cursor: pointer; }
.p-btn:disabled { opacity: 0.35; cursor: default; }
.p-step { flex: 1 1 auto; margin: 0; display: flex; gap: 0.8rem; align-items: baseline; min-width: 0; font-size: 1.3rem; white-space: nowrap; overflow: hidden; }
.p-step .p-count { font-size: 0.95rem; color: #c9d1db; }
.p-step .p-date { font-size: 1rem; color: #dde2e8; font-variant-numeric: tabular-nums; }
.p-grid { flex: 1 1 auto; min-height: 0; display: grid; grid-template-columns: minmax(0, 28fr) minmax(0, 40fr) minmax(0, 32fr); gap: 0.7rem; padding: 0.7rem; }
.p-col { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 0.6rem 0.9rem; min-height: 0; overflow: auto; }
.p-col h2 { font-size: 1.05rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; margin-bottom: 0.4rem; }
.p-sub { font-size: 0.95rem; color: var(--muted); margin: 0.6rem 0 0.25rem; font-weight: 650; }
.p-line { margin: 0 0 0.4rem; }
.p-findings { display: flex; flex-direction: column; overflow: hidden; }
#p-findings { flex: 1 1 auto; min-height: 0; overflow: auto; }
#p-possible, #p-previous { flex: none; }
.p-broken { margin: 0.2rem 0 0; color: var(--certain); font-weight: 700; }
.p-facts { display: grid; grid-template-columns: minmax(5rem, 7.5rem) 1fr; gap: 0.15rem 0.7rem; margin: 0; }
.p-facts dt { color: var(--muted); }
.p-facts dd { margin: 0; font-weight: 600; }
.p-facts .not-recorded, .facts .not-recorded { color: var(--possible); font-weight: 600; }
.p-states { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.2rem; }
.p-states .state-chip.changed { background: var(--accent-soft); border-color: var(--accent); color: var(--accent-ink); }
.p-states .who { color: var(--muted); }
.p-states .was { font-size: 0.85rem; }
.p-clocks { list-style: none; margin: 0; padding: 0; }
.p-clocks li { display: flex; justify-content: space-between; gap: 0.6rem; border-bottom: 1px solid var(--line); padding: 0.1rem 0; }
.p-clocks li strong { white-space: nowrap; color: var(--accent-ink); font-variant-numeric: tabular-nums; }
.p-clocks li.past strong { color: var(--certain); }
.finding.compact { padding: 0.45rem 0.7rem; margin-bottom: 0.5rem; }
.finding.compact h3 { font-size: 1.1rem; margin-bottom: 0.2rem; }
.finding.compact .message { font-size: 1rem; margin-bottom: 0.3rem; }
.finding.compact .citation { font-size: 0.85rem; line-height: 1.3; padding: 0.15rem 0.5rem; margin: 0; }
.finding.compact header { margin-bottom: 0.15rem; }
.finding.compact .missing { font-size: 0.9rem; }
.finding.compact .rule-id { display: none; }
.possible-line { margin: 0.3rem 0 0.5rem; }
.possible-line > summary { cursor: pointer; color: var(--possible); font-weight: 650; }
.p-earlier > summary { cursor: pointer; color: var(--muted); font-weight: 600; }
.p-earlier-list { margin: 0.2rem 0 0; padding-left: 1.2rem; }
.p-earlier-list li.certain { color: var(--certain); }
.p-figure { margin: 0 0 0.5rem; }
.p-figure figcaption { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; font-weight: 650; }
.p-figure .now { margin-left: auto; color: var(--accent-ink); background: var(--accent-soft); border-radius: 6px; padding: 0 0.5rem; }
.crumbs { margin: 0.1rem 0 0.2rem; color: var(--muted); font-size: 0.85rem; }
svg.p-chart { display: block; width: 100%; height: auto; max-height: 17rem; }
.p-charts svg.p-chart.whole-view { max-height: 34rem; }
body.mode-presenter:not(.whatif-open) #whatif-panel { display: none; }
body.mode-handout .whatif-tg { display: none; }
body.mode-presenter #whatif-panel:not([hidden]) { position: fixed; right: 0.7rem; top: 3.6rem; bottom: 0.7rem; width: 30rem; overflow: auto; z-index: 20; box-shadow: 0 6px 24px rgba(0,0,0,0.25); }
body.mode-handout #whatif-panel:not([hidden]) { margin: 0 1.6rem 1.5rem; }

/* Charts: the path so far and the steps possible from here, or the whole process */
.whole-wrap { display: none; }
body.whole-on .whole-wrap { display: block; }
body.whole-on .path-wrap { display: none; }
svg.path-view .off { display: none; }
.chart .edge.path { stroke: #8fa8e8; stroke-width: 2; marker-end: url(#cp-arrow-on); }
.chart .edge.broken { stroke: var(--certain); stroke-width: 3.5; stroke-dasharray: 9 5; marker-end: url(#cp-arrow-broken); }
.chart .state.visited rect { stroke: var(--accent); fill: #f5f8ff; }
.chart .state.broken rect { stroke: var(--certain); stroke-width: 3; stroke-dasharray: 7 4; }
.chart .edge-label rect { fill: #fff; opacity: 0.92; }
.chart .edge-label text { font-size: 15px; fill: var(--muted); font-family: inherit; }
.chart .edge-label.next text { fill: var(--next); font-weight: 600; }
.chart .edge-label.taken text { fill: var(--accent-ink); font-weight: 700; }
.chart .edge-label.broken text { fill: var(--certain); }
.chart .broken-label { fill: var(--certain); font-size: 17px; font-weight: 700; font-family: inherit; }
.lg-edge.broken { border-top: 3px dashed var(--certain); }
body.findings-hidden #findings, body.findings-hidden #p-findings { display: none; }

/* Quiz */
.quiz { margin: 0 0 0.6rem; padding: 0.5rem 0.7rem; border: 2px dashed #f59e0b; border-radius: 10px; background: #fffbeb; }
.q-ask { margin: 0.1rem 0 0.35rem; font-weight: 700; font-size: 1.1rem; }
.q-choices { display: flex; flex-direction: column; gap: 0.3rem; margin-bottom: 0.4rem; }
.q-decide { flex-direction: row; flex-wrap: wrap; }
.q-choice { font: inherit; text-align: left; padding: 0.3rem 0.6rem; border-radius: 8px; border: 1px solid #cfd6df; background: #fff; color: var(--ink); cursor: pointer; }
.q-choice.picked { border-color: var(--accent); background: var(--accent-soft); font-weight: 650; }
.q-choice.right { border: 2px solid #15803d; background: #dcfce7; }
.q-choice.wrong { border: 2px solid var(--certain); background: var(--certain-soft); text-decoration: line-through; }
.q-choice.actual { outline: 3px solid var(--ink); }
.q-choice:disabled { cursor: default; color: var(--ink); }
.q-reveal { font: inherit; font-weight: 700; padding: 0.35rem 0.9rem; border-radius: 8px; border: 0; background: #1c2430; color: #fff; cursor: pointer; }
.q-result.right { color: #15803d; font-weight: 700; margin: 0.2rem 0; }
.q-result.wrong { color: var(--certain); font-weight: 700; margin: 0.2rem 0; }
.q-score { margin: 0.3rem 0 0; color: var(--muted); font-size: 0.9rem; }
.q-replay p { margin: 0.3rem 0; }
.q-compare { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem; }
.q-side ul { margin: 0.2rem 0 0; padding-left: 1.1rem; }

/* What-if marks */
.edited { display: inline-block; margin-left: 0.3rem; padding: 0 0.45rem; border-radius: 6px; background: #7c3aed; color: #fff; font-size: 0.8rem; font-weight: 700; vertical-align: middle; }
.edited-fact { background: #f3e8ff; }
.edited-banner { position: sticky; top: 0; z-index: 30; margin: 0; padding: 0.4rem 1rem; background: #7c3aed; color: #fff; font-weight: 700; text-align: center; }
.edited-banner[hidden] { display: none; }

/* States named by the findings, once (print) */
.state-table dl { margin: 0; }
.state-row { margin: 0 0 0.4rem; break-inside: avoid; }
.state-row dt { font-weight: 650; }
.state-row dd { margin: 0 0 0 1rem; }
.state-row p { margin: 0; }
.state-ref { color: inherit; text-decoration: none; }

.print-heading { display: none; }

/* All findings: the print listing, and the page's templates */
.all-findings { display: none; }
.report-footer { padding: 0 1.6rem 1.5rem; color: var(--muted); font-size: 0.85rem; }

@media (max-width: 1100px) {
  .layout { grid-template-columns: 1fr; }
  .report-header { flex-direction: column; gap: 0.8rem; }
}

@media print {
  :root { font-size: 11pt; }
  #presenter { display: none !important; }
  body #handout { display: block !important; }
  .edited-banner:not([hidden]) { display: block !important; position: static; }
  .modes, #whatif-panel { display: none !important; }
  .quiz { display: none !important; }
  body.findings-hidden #findings { display: block; }
  body { background: #fff; }
  .stepbar, .screen-only, button, input, select, .skip, .diagram-legend { display: none !important; }
  .report-header { border: 0; padding: 0 0 0.6rem; }
  .layout { display: block; padding: 0; }
  .col { display: block; }
  .panel { border: 0; padding: 0; margin: 0 0 0.8rem; }
  .diagram-grid { display: block; }
  .diagram { break-inside: avoid; page-break-inside: avoid; border: 0; margin-bottom: 0.6rem; }
  svg.chart { width: auto; max-width: 100%; max-height: 23cm; }
  .all-findings { display: block; break-before: page; }
  .print-heading { display: block; font-weight: 700; margin: 0 0 0.4rem; }
  .print-step { break-inside: auto; margin-bottom: 0.8rem; }
  .print-step-heading { font-size: 1rem; margin: 0.8rem 0 0.4rem; }
  .finding { break-inside: avoid; border-left-width: 4px; }
  details.allowed > summary { list-style: none; }
}
`;
