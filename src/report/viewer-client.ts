/**
 * The viewer page's script, as a string inlined into every report: plain ES2020, no
 * modules, no libraries, no network. It reads the JSON the report embeds
 * (src/report/viewer-data.ts) and renders the selected step: the step text (in an
 * aria-live region), the timeline and diagram highlights, what happened, the findings
 * (built from the data, certain first, the possible ones on one line unless shown in
 * full), the statutory clocks and the inspection trace entries of that step; in the
 * presenter view the same on one screen, with the charts cropped to the step. Quiz
 * mode hides a step's findings until revealed and keeps a score in memory.
 *
 * Interfaces: `window.casepathViewer` (`data`, `setData`, `current`, `go`, `onStep`), the
 * what-if client's hook; `window.casepath` (`steps`, `step`, `findings`), the page API
 * (README, "Embedding the viewer / page API"); the what-if client adds `edit` and `reset`.
 *
 * Safety: the script never uses innerHTML; every piece of case data reaches the page
 * through textContent or setAttribute. A trace loaded from disk is read with
 * FileReader and checked against the same rules as src/report/viewer-trace.ts before
 * it is shown; a file that does not match gets a clear message naming the field.
 *
 * Kept as a string (not compiled TypeScript) because the page has no bundler; it must
 * contain neither backticks nor the template-substitution sequence.
 */
import { DOM_HELPERS } from './viewer-dom.js';

/**
 * The clocks of step `k`, derived from the clock table (`data.clocks`, written once)
 * exactly as viewer-data.ts once listed them in every step: each clock from its start
 * step on, in table order, with its phase's status, `endsHere` at its end step, and
 * while it runs the working days left from the step's working-day marks (one
 * subtraction; see `WorkingDayMark`). Plain ES2020; inlined into the page script and
 * evaluated by the tests, so the page and the tests run the same code.
 */
export const CLOCKS_AT_STEP = String.raw`
function clocksAtStep(data, k) {
  var s = data.steps[k], out = [];
  function between(f, t) { return t[0] >= f[0] ? Math.max(0, t[2] - f[1] - 1) : Math.min(0, t[1] - f[2] + 1); }
  if (!s) return out;
  (data.clocks || []).forEach(function (c, i) {
    if (k < c.startStep) return;
    var ph = c.phases[0];
    for (var j = 1; j < c.phases.length && c.phases[j].from <= k; j++) ph = c.phases[j];
    var at = { clock: i, status: ph.status };
    if (c.endStep !== undefined && k >= c.endStep) {
      if (k === c.endStep) at.endsHere = true;
      out.push(at);
      return;
    }
    if (ph.mayBeOverdue) at.mayBeOverdue = true;
    if (c.dueDays) at.daysLeft = [between(s.days[1], c.dueDays[0]), between(s.days[0], c.dueDays[1])];
    out.push(at);
  });
  return out;
}
`;

/**
 * Undo `packViewerData` (viewer-data.ts): the page embeds its data with repeated parts
 * in tables; this gives back the ViewerData `buildViewerData` made. Plain ES2020; the page
 * and the tests run this same code. Data that is not packed is returned as it is.
 */
export const INFLATE_VIEWER_DATA = String.raw`
function inflateViewerData(d) {
  if (!d || !d.packed) return d;
  var pk = d.packed, out = {};
  Object.keys(d).forEach(function (k) { if (k !== 'packed') out[k] = d[k]; });
  out.findings = d.findings.map(function (f) {
    var g = {};
    Object.keys(f).forEach(function (k) { g[k] = f[k]; });
    g.title = d.rules[f.rule];
    if (pk.firesWhen[f.rule] !== undefined) g.firesWhen = pk.firesWhen[f.rule];
    g.allowed = f.allowed.map(function (a) {
      var st = pk.states[a.s], v = {};
      Object.keys(st).forEach(function (k) { v[k] = st[k]; });
      if (a.children) v.children = a.children;
      v.handlesEvent = a.handlesEvent;
      v.eventAllowed = a.eventAllowed;
      return v;
    });
    return g;
  });
  out.steps = d.steps.map(function (s) {
    var t = {}, labels = {};
    Object.keys(s).forEach(function (k) { t[k] = s[k]; });
    (d.processInfo || []).forEach(function (p) {
      var st = s.states[p.key], table = pk.labels[p.id] || {};
      if (p.scope === 'child') {
        var m = {};
        Object.keys(st || {}).forEach(function (c) { m[c] = table[st[c]]; });
        labels[p.key] = m;
      } else if (typeof st === 'string') labels[p.key] = table[st];
    });
    t.labels = labels;
    return t;
  });
  return out;
}
`;

export const VIEWER_CLIENT =
  String.raw`
(function () {
  'use strict';
` +
  DOM_HELPERS +
  CLOCKS_AT_STEP +
  INFLATE_VIEWER_DATA +
  String.raw`
  var dataEl = document.getElementById('casepath-data');
  if (!dataEl) return;
  var data, steps, n, PROC, INITIAL;
  var current = 0;
  var trace = null;
  var TRACE_KINDS = ['@xstate.actor', '@xstate.event', '@xstate.snapshot', '@xstate.microstep'];
  var START_EVENT = '(start)';
  var DECIDE = ['strategy.held', 'conference.held', 'legal.planning-meeting'];
  var listeners = [];
  var prefs = { view: 'handout', quiz: false, possible: false, whole: false };
  // Quiz state: for this session only, in memory; nothing leaves the page.
  var quiz = { picks: {}, decide: {}, revealed: {}, outcome: {}, replay: {}, asked: 0, right: 0 };

  function adopt(d) {
    data = d;
    steps = data.steps || [];
    n = steps.length;
    PROC = {};
    (data.processInfo || []).forEach(function (p) { PROC[p.id] = p; });
    if (!data.initial) {
      data.initial = {};
      (data.processInfo || []).forEach(function (p) { data.initial[p.id] = p.initial; });
    }
    INITIAL = data.initial;
  }
  adopt(inflateViewerData(JSON.parse(dataEl.textContent || '{}')));

  function plural(k, word) { return k + ' ' + word + (k === 1 ? '' : 's'); }
  function titleOf(rule) { return (data.rules && data.rules[rule]) || rule; }

  function stateOf(states, proc, child) {
    if (!states) return INITIAL ? INITIAL[proc] : undefined;
    var v = states[PROC[proc].key];
    return PROC[proc].scope === 'child' ? (v || {})[child] : v;
  }
  function labelOf(step, proc, child) {
    var v = step.labels[PROC[proc].key];
    return PROC[proc].scope === 'child' ? (v || {})[child] : v;
  }
  function editedFields(s) { return (data.edited && data.edited[s.event]) || null; }
  function editedMark() { return h('span', { class: 'edited' }, ['edited: what-if']); }
  function isEdited() { return !!data.edited && Object.keys(data.edited).some(function (k) { return (data.edited[k] || []).length > 0; }); }

  /* ---------- step control ---------- */
  function go(k) {
    if (!n) return;
    k = Math.max(0, Math.min(n - 1, k));
    current = k;
    render();
  }

  function hidden() { return prefs.quiz && !quiz.revealed[current]; }

  function render() {
    var s = steps[current];
    var st = $('step-text');
    st.textContent = s.heading;
    if (editedFields(s)) { st.appendChild(document.createTextNode(' ')); st.appendChild(editedMark()); }
    $('btn-first').disabled = current === 0;
    $('btn-prev').disabled = current === 0;
    $('btn-next').disabled = current === n - 1;
    $('btn-last').disabled = current === n - 1;
    $('p-prev').disabled = current === 0;
    $('p-next').disabled = current === n - 1;
    $('jump').value = String(current);
    var cursor = document.querySelector('.tl-cursor');
    document.querySelectorAll('.tl-event').forEach(function (el) {
      var on = el.getAttribute('data-step') === String(current);
      el.classList.toggle('current', on);
      if (on) {
        el.setAttribute('aria-current', 'step');
        if (cursor) {
          var x1 = Number(el.getAttribute('data-x1')), x2 = Number(el.getAttribute('data-x2'));
          cursor.setAttribute('x', String(x1 - 3));
          cursor.setAttribute('width', String(Math.max(6, x2 - x1 + 6)));
        }
      } else el.removeAttribute('aria-current');
    });
    $('edited-banner').hidden = !isEdited();
    document.body.classList.toggle('findings-hidden', hidden());
    renderDiagrams(s);
    renderEvent(s);
    renderFindings(s);
    renderClocks(s);
    renderTrace(s);
    renderQuiz(s);
    if (prefs.view === 'presenter') renderPresenter(s);
    try { history.replaceState(null, '', '#step=' + (current + 1)); } catch (e) { /* file:// may refuse; the step still shows */ }
    listeners.forEach(function (fn) { try { fn(current); } catch (e) { /* a listener's error is its own */ } });
  }

  /* ---------- diagrams ---------- */
  // The findings of step k that are about this chart's machine (and child): a broken step.
  function brokenAt(k, proc, child) {
    var s = steps[k], out = [];
    if (!s) return out;
    s.findings.forEach(function (i) {
      var f = data.findings[i];
      if (!f || f.certainty !== 'certain') return;
      var about = (f.allowed || []).some(function (a) {
        return a.process === proc && a.handlesEvent && (!a.children || child === null || a.children.indexOf(child) >= 0);
      });
      if (about && out.indexOf(f.rule) < 0) out.push(f.rule);
    });
    return out;
  }
  function chartPath(proc, child) {
    var seq = [INITIAL[proc]];
    for (var j = 0; j <= current; j++) {
      var x = stateOf(steps[j].states, proc, child);
      if (x !== undefined && x !== seq[seq.length - 1]) seq.push(x);
    }
    return seq;
  }
  function translateOf(el) {
    var m = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(el.getAttribute('transform') || '');
    return m ? [Number(m[1]), Number(m[2])] : [0, 0];
  }
  function markSvg(svg, now, before, seq, broken) {
    var visited = {}, pathEdges = {};
    seq.forEach(function (x, i) { visited[x] = true; if (i > 0) pathEdges[seq[i - 1] + '>' + x] = true; });
    var next = {};
    svg.querySelectorAll('.edge[data-from]').forEach(function (p) { if (p.getAttribute('data-from') === now) next[p.getAttribute('data-to')] = true; });
    var moved = before !== now;
    svg.querySelectorAll('.state').forEach(function (g) {
      var key = g.getAttribute('data-state');
      g.classList.toggle('current', key === now);
      g.classList.toggle('previous', key === before && moved);
      g.classList.toggle('visited', !!visited[key] && key !== now);
      g.classList.toggle('reachable', !!next[key] && key !== now);
      g.classList.toggle('off', !visited[key] && !next[key] && key !== now);
      g.classList.toggle('broken', key === now && !moved && broken.length > 0);
    });
    var takenEl = null;
    function edgeClass(p) {
      var from = p.getAttribute('data-from'), to = p.getAttribute('data-to');
      var taken = moved && from === before && to === now;
      var onPath = !!pathEdges[from + '>' + to];
      var isNext = !taken && from === now;
      p.classList.toggle('taken', taken);
      p.classList.toggle('path', onPath && !taken);
      p.classList.toggle('next', isNext);
      p.classList.toggle('off', !taken && !onPath && !isNext);
      p.classList.toggle('broken', taken && broken.length > 0);
      return taken;
    }
    svg.querySelectorAll('.edge[data-from]').forEach(function (p) { if (edgeClass(p)) takenEl = p; });
    var takenLabel = null;
    svg.querySelectorAll('.edge-label').forEach(function (g) { if (edgeClass(g)) takenLabel = g; });
    var edges = svg.querySelector('.edges');
    if (edges) {
      svg.querySelectorAll('.edge.next').forEach(function (p) { edges.appendChild(p); });
      svg.querySelectorAll('.edge.path').forEach(function (p) { edges.appendChild(p); });
      svg.querySelectorAll('.edge.taken').forEach(function (p) { edges.appendChild(p); });
    }
    svg.querySelectorAll('.broken-label').forEach(function (el) { el.parentNode.removeChild(el); });
    if (!broken.length) return;
    var text = '\u2716 ' + titleOf(broken[0]) + (broken.length > 1 ? ' +' + (broken.length - 1) : '');
    var x = 0, y = 0;
    if (takenLabel) {
      var t = translateOf(takenLabel), r = takenLabel.querySelector('rect');
      x = t[0] + (r ? Number(r.getAttribute('width')) : 0) + 6; y = t[1] + (r ? Number(r.getAttribute('height')) / 2 : 0);
    } else if (takenEl && takenEl.getTotalLength) {
      var len = takenEl.getTotalLength(), pt = takenEl.getPointAtLength(len / 2);
      x = pt.x + 8; y = pt.y;
    } else {
      var cur = svg.querySelector('.state.current');
      if (!cur) return;
      var tc = translateOf(cur), rc = cur.querySelector('rect');
      x = tc[0] + (rc ? Number(rc.getAttribute('width')) : 0) + 8; y = tc[1] + (rc ? Number(rc.getAttribute('height')) / 2 : 0);
    }
    var label = document.createElementNS(svg.namespaceURI, 'text');
    label.setAttribute('class', 'broken-label');
    label.setAttribute('x', String(x));
    label.setAttribute('y', String(y));
    label.setAttribute('dominant-baseline', 'central');
    label.textContent = text;
    svg.appendChild(label);
  }
  function renderDiagrams(s) {
    var prevStates = current > 0 ? steps[current - 1].states : null;
    document.querySelectorAll('#handout figure.diagram').forEach(function (fig) {
      var proc = fig.getAttribute('data-process');
      var child = fig.getAttribute('data-child');
      if (!PROC[proc]) return;
      var now = stateOf(s.states, proc, child);
      var before = stateOf(prevStates, proc, child);
      var seq = chartPath(proc, child);
      var broken = hidden() ? [] : brokenAt(current, proc, child);
      fig.querySelectorAll('svg.chart').forEach(function (svg) { markSvg(svg, now, before, seq, broken); });
      var pv = fig.querySelector('svg.path-view');
      if (pv && prefs.view !== 'presenter' && !prefs.whole) cropTo(pv, '.state:not(.off), .edge[data-from]:not(.off), .edge-label:not(.off), .broken-label', true);
      var nowEl = fig.querySelector('[data-now]');
      if (nowEl) nowEl.textContent = labelOf(s, proc, child) || now || '';
    });
  }

  /* ---------- what happened ---------- */
  function factsList(s, cls) {
    var ed = editedFields(s) || [];
    var dl = h('dl', { class: cls }, []);
    (s.facts || []).forEach(function (f) {
      var isEd = ed.some(function (p) { return p === f.field || p.indexOf(f.field + '.') === 0 || p.indexOf(f.field + '/') === 0; });
      dl.appendChild(h('dt', null, [f.label]));
      dl.appendChild(h('dd', { class: isEd ? 'edited-fact' : '' }, [f.text, isEd ? ' ' : null, isEd ? editedMark() : null]));
    });
    if (s.notRecorded && s.notRecorded.length) {
      dl.appendChild(h('dt', { class: 'not-recorded' }, ['Not recorded']));
      dl.appendChild(h('dd', { class: 'not-recorded' }, [s.notRecorded.join(', ')]));
    }
    return dl;
  }
  function standings(s) {
    var prev = current > 0 ? steps[current - 1] : null;
    var rows = [];
    var procs = data.processes || [];
    (data.processInfo || []).forEach(function (p) {
      var proc = p.id;
      if (procs.indexOf(proc) < 0) return;
      (p.scope === 'child' ? data.children : [null]).forEach(function (c) {
        var now = stateOf(s.states, proc, c);
        if (p.show === 'once-begun' && now === INITIAL[proc] && (!prev || stateOf(prev.states, proc, c) === now)) return;
        var before = prev ? stateOf(prev.states, proc, c) : INITIAL[proc];
        rows.push({ proc: proc, child: c, name: PROC[proc].name, label: labelOf(s, proc, c), changed: before !== undefined && before !== now, was: prev ? labelOf(prev, proc, c) : '' });
      });
    });
    return rows;
  }
  function renderEvent(s) {
    var box = $('event');
    clear(box);
    var vague = s.earliest !== s.latest;
    box.appendChild(h('p', { class: 'event-line' }, [h('strong', null, [s.name || s.type]), ' \u00b7 ', h('code', null, [s.type]), ' \u00b7 ', h('code', null, [s.event]),
      s.children.length ? ' \u00b7 for ' + s.children.join(', ') : '', editedFields(s) ? ' ' : null, editedFields(s) ? editedMark() : null]));
    var facts = h('dl', { class: 'facts' }, [
      h('dt', null, ['Date']), h('dd', null, [s.dateText, vague ? h('span', { class: 'muted' }, [' (the source allows any day in this range)']) : '']),
      h('dt', null, ['Source']), h('dd', null, [s.cite ? s.cite : h('span', { class: 'muted' }, ['no paragraph given'])])
    ]);
    box.appendChild(facts);
    if ((s.facts && s.facts.length) || (s.notRecorded && s.notRecorded.length)) box.appendChild(factsList(s, 'facts event-facts'));
    box.insertBefore(h('p', { class: 'print-heading' }, [s.heading]), box.firstChild);
    if (data.notes && s.note) box.appendChild(h('p', { class: 'note' }, [h('span', { class: 'k' }, ['Note']), s.note]));
    box.appendChild(h('h3', { class: 'small muted' }, ['Where each process stands after this step']));
    var list = h('ul', { class: 'states' }, []);
    standings(s).forEach(function (r) {
      list.appendChild(h('li', { class: r.changed ? 'changed' : '' }, [
        h('span', { class: 'who' }, [r.name + (r.child ? ' \u00b7 ' + r.child : '')]),
        h('span', { class: 'state-chip' }, [r.label]),
        r.changed && r.was ? h('span', { class: 'was' }, ['was ' + r.was]) : null
      ]));
    });
    box.appendChild(list);
  }

  /* ---------- findings ---------- */
  function cardEl(f, i, compact) {
    var cert = f.certainty === 'certain' ? '\u2716 certain' : '? possible';
    var card = h('article', { class: 'finding ' + f.certainty + (compact ? ' compact' : ''), 'data-finding': i, 'data-rule': f.rule, 'data-step': f.step }, [
      h('header', null, [h('span', { class: 'badge cert-' + f.certainty }, [cert]), h('span', { class: 'badge sev-' + f.severity }, [f.severity]),
        h('span', { class: 'for' }, [f.children.length ? 'for ' + f.children.join(', ') : 'the case'])]),
      h('h3', null, [f.title + ' ', h('code', { class: 'rule-id' }, [f.rule])]),
      h('p', { class: 'message' }, [f.message]),
      h('p', { class: 'citation' }, [h('span', { class: 'k' }, ['Source']), f.citation])
    ]);
    if (f.missing && f.missing.length) card.appendChild(h('div', { class: 'missing' }, [h('span', { class: 'k' }, ['Would settle it']), h('ul', null, f.missing.map(function (m) { return h('li', null, [m]); }))]));
    if (compact) return card;
    card.appendChild(h('div', { class: 'events' }, [h('span', { class: 'k' }, ['Events and where the source says so']), h('ul', null, f.events.map(function (ev) {
      return h('li', null, [h('code', null, [ev.id]), ev.dateText ? ' ' : null, ev.dateText ? h('span', { class: 'muted' }, [ev.dateText]) : null,
        ev.cite ? ' \u2014 ' : null, ev.cite ? h('span', { class: 'cite' }, [ev.cite]) : h('span', { class: 'muted' }, [' \u2014 no source paragraph given'])]);
    }))]));
    var det = h('details', { class: 'allowed' }, [h('summary', null, ['What the process allowed here'])]);
    (f.allowed || []).forEach(function (a) {
      var who = a.processLabel + (a.children && a.children.length ? ' \u00b7 ' + a.children.join(', ') : '');
      var moving = a.allowed.filter(function (t) { return t.to.length; });
      var staying = a.allowed.filter(function (t) { return !t.to.length; });
      var verdict = !a.handlesEvent
        ? h('p', { class: 'verdict muted' }, ['This machine does not step on ', h('code', null, [f.eventType || '']), '; shown for where the case stood.'])
        : a.eventAllowed
          ? h('p', { class: 'verdict' }, ['The chart allowed ', h('code', null, [f.eventType || '']), ' here: the finding is about how or when it was done, not that it happened.'])
          : h('p', { class: 'verdict refused' }, ['The chart did ', h('strong', null, ['not']), ' allow ', h('code', null, [f.eventType || '']), ' from this state.']);
      det.appendChild(h('div', { class: 'allowed-machine' }, [
        h('p', null, [h('strong', null, [who]), ' stood at ', h('span', { class: 'state-chip' }, [a.stateLabel]), a.stateDescription ? ' ' : null, a.stateDescription ? h('span', { class: 'muted' }, [a.stateDescription]) : null]),
        verdict,
        moving.length ? h('p', { class: 'moves-k' }, ['Steps that move ' + (a.children && a.children.length > 1 ? 'the children' : a.children ? 'the child' : 'the case') + ' on:']) : null,
        moving.length ? h('ul', { class: 'moves' }, moving.map(function (t) { return h('li', { class: t.event === f.eventType ? 'this-event' : '' }, [h('code', null, [t.event]), ' \u2192 ' + t.to.join(' or ')]); })) : null,
        staying.length ? h('p', { class: 'moves-k' }, ['Recorded without a move: ' + staying.map(function (t) { return t.event; }).join(', ')]) : null
      ]));
    });
    if (f.compliant) det.appendChild(h('p', { class: 'compliant' }, [h('span', { class: 'k' }, ['A compliant step']), f.compliant]));
    if (f.firesWhen) det.appendChild(h('p', { class: 'fires' }, [h('span', { class: 'k' }, ['The rule fires on']), f.firesWhen]));
    card.appendChild(det);
    return card;
  }
  // "3 possible: parent-not-informed ×3 — what would settle them", expanding on demand.
  function possibleLine(list, compact) {
    var counts = {}, order = [];
    list.forEach(function (x) { if (!counts[x.f.rule]) { counts[x.f.rule] = 0; order.push(x.f.rule); } counts[x.f.rule]++; });
    var text = list.length + ' possible: ' + order.map(function (r) { return r + (counts[r] > 1 ? ' \u00d7' + counts[r] : ''); }).join(', ') + ' \u2014 what would settle them';
    var det = h('details', { class: 'possible-line' }, [h('summary', null, [text])]);
    list.forEach(function (x) { det.appendChild(cardEl(x.f, x.i, compact)); });
    return det;
  }
  function findingsInto(box, s, compact, possibleBox) {
    clear(box);
    if (possibleBox) clear(possibleBox);
    if (!s.findings.length) {
      box.appendChild(h('p', { class: 'none' }, ['No findings arise at this step.']));
      return;
    }
    var certain = [], possible = [];
    s.findings.forEach(function (i) {
      var f = data.findings[i];
      if (f) (f.certainty === 'certain' ? certain : possible).push({ f: f, i: i });
    });
    certain.forEach(function (x) { box.appendChild(cardEl(x.f, x.i, compact)); });
    if (!possible.length) return;
    if (prefs.possible) possible.forEach(function (x) { box.appendChild(cardEl(x.f, x.i, compact)); });
    else (possibleBox || box).appendChild(possibleLine(possible, compact));
  }
  function renderFindings(s) {
    $('findings-h').textContent = hidden() ? 'Findings at this step (hidden: quiz)' : s.findings.length ? 'Findings at this step (' + s.findings.length + ')' : 'Findings at this step';
    findingsInto($('findings'), s, false);
  }

  /* ---------- clocks ---------- */
  var STATUS_TEXT = { running: 'running', overdue: 'overdue', met: 'met in time', 'met-late': 'met late', closed: 'closed' };
  function daysText(r) {
    if (!r) return '';
    var a = r[0], b = r[1];
    function one(x) { return x >= 0 ? x + ' left' : (-x) + ' past due'; }
    if (a === b) return one(a);
    if (a >= 0) return a + '\u2013' + b + ' left';
    if (b < 0) return (-b) + '\u2013' + (-a) + ' past due';
    return one(a) + ' \u2013 ' + one(b);
  }
  function clockItem(at) {
    var c = data.clocks[at.clock];
    var live = at.status === 'running' || at.status === 'overdue';
    var notes = [];
    if (at.endsHere && c.endedBy) notes.push(h('span', null, [(at.status === 'closed' ? 'closed by ' : 'met by ') + c.endedBy + ' at this step']));
    if (at.mayBeOverdue) notes.push(h('span', { class: 'maybe' }, ['may be overdue: the dates allow it']));
    if ((at.status === 'overdue' || at.status === 'met-late') && c.certainty === 'possible') notes.push(h('span', { class: 'maybe' }, ['a possible finding, not a certain one: see its finding for what would settle it']));
    var left = live && at.daysLeft
      ? h('div', { class: 'clock-left' + (at.daysLeft[1] < 0 ? ' past' : at.daysLeft[0] < 0 ? ' maybe-past' : '') }, [h('strong', null, [daysText(at.daysLeft)]), h('span', null, ['working days'])])
      : live ? h('div', { class: 'clock-left none' }, [h('span', null, ['no fixed due date'])]) : null;
    return h('li', { class: 'clock', 'data-rule': c.rule }, [
      h('div', { class: 'clock-body' }, [
        h('div', { class: 'clock-title' }, [h('span', { class: 'status st-' + at.status }, [STATUS_TEXT[at.status] || at.status]), ' ',
          h('strong', null, [c.label]), ' ', h('span', { class: 'for' }, [c.children.length ? 'for ' + c.children.join(', ') : 'the case'])]),
        h('div', { class: 'clock-dates' }, ['started ' + c.started + ' (' + c.startedBy + ')', c.due ? ' \u00b7 due ' + c.due : ' \u00b7 no fixed due date',
          h('span', { class: 'rule' }, [' \u00b7 ' + c.rule])]),
        notes.length ? h('div', { class: 'clock-notes' }, notes) : null
      ]),
      left
    ]);
  }
  function clockList(items) {
    return h('ul', { class: 'clocks' }, items.map(clockItem));
  }
  function liveClocks() {
    var at = clocksAtStep(data, current);
    var live = at.filter(function (c) { return c.status === 'running' || c.status === 'overdue' || c.endsHere; });
    var done = at.filter(function (c) { return !(c.status === 'running' || c.status === 'overdue' || c.endsHere); });
    live.sort(function (x, y) {
      var ex = x.endsHere ? 1 : 0, ey = y.endsHere ? 1 : 0;
      if (ex !== ey) return ex - ey;
      var dx = x.daysLeft ? x.daysLeft[0] : 1e9, dy = y.daysLeft ? y.daysLeft[0] : 1e9;
      return dx - dy;
    });
    return { live: live, done: done };
  }
  function renderClocks(s) {
    var box = $('clocks');
    clear(box);
    var c = liveClocks();
    if (c.live.length) box.appendChild(clockList(c.live));
    else box.appendChild(h('p', { class: 'none' }, ['No statutory clock is running at this step.']));
    if (c.done.length) {
      box.appendChild(h('details', { class: 'finished' }, [h('summary', null, [plural(c.done.length, 'clock') + ' finished earlier']), clockList(c.done)]));
    }
    box.appendChild(h('p', { class: 'muted small' }, ['Working days on the England and Wales calendar (weekends and bank holidays excluded), from this step\u2019s date to the due date; a range when either date is vague.']));
  }

  /* ---------- presenter ---------- */
  function renderPresenter(s) {
    var ps = $('p-step');
    clear(ps);
    ps.appendChild(h('span', { class: 'p-count' }, ['Step ' + (current + 1) + ' of ' + n]));
    ps.appendChild(h('strong', null, [s.name || s.type]));
    ps.appendChild(h('span', { class: 'p-date' }, [s.dateText]));
    if (editedFields(s)) ps.appendChild(editedMark());

    var ev = $('p-event');
    clear(ev);
    ev.appendChild(h('p', { class: 'p-line' }, [h('code', null, [s.event]), s.children.length ? ' \u00b7 for ' + s.children.join(', ') : '',
      ' \u00b7 ', s.cite ? 'source ' + s.cite : h('span', { class: 'muted' }, ['no source paragraph'])]));
    if ((s.facts && s.facts.length) || (s.notRecorded && s.notRecorded.length)) ev.appendChild(factsList(s, 'p-facts'));
    else ev.appendChild(h('p', { class: 'none' }, ['No further facts recorded for this event.']));
    if (data.notes && s.note) ev.appendChild(h('p', { class: 'note' }, [h('span', { class: 'k' }, ['Note']), s.note]));

    var list = $('p-states');
    clear(list);
    var byWho = {}, order = [];
    standings(s).forEach(function (r) {
      var who = r.child !== null ? r.child : (PROC[r.proc].label || r.name);
      if (!byWho[who]) { byWho[who] = []; order.push(who); }
      byWho[who].push(r);
    });
    order.forEach(function (who) {
      var li = h('li', null, [h('span', { class: 'who' }, [who + ': '])]);
      byWho[who].forEach(function (r, i) {
        if (i) li.appendChild(document.createTextNode(' \u00b7 '));
        li.appendChild(h('span', { class: 'state-chip' + (r.changed ? ' changed' : '') }, [r.label]));
        if (r.changed && r.was) li.appendChild(h('span', { class: 'was' }, [' was ' + r.was]));
      });
      list.appendChild(li);
    });

    var cl = $('p-clocks');
    clear(cl);
    var c = liveClocks();
    var running = c.live.filter(function (x) { return !x.endsHere; });
    var ended = c.live.filter(function (x) { return x.endsHere; });
    var lines = running.concat(ended);
    if (!lines.length) cl.appendChild(h('p', { class: 'none' }, ['None running.']));
    var ul = h('ul', { class: 'p-clocks' }, []);
    lines.slice(0, 3).forEach(function (at) {
      var k = data.clocks[at.clock];
      var right = at.endsHere ? (STATUS_TEXT[at.status] || at.status) : at.daysLeft ? daysText(at.daysLeft) : 'no fixed date';
      ul.appendChild(h('li', { class: 'st-line' + (at.status === 'overdue' || (at.daysLeft && at.daysLeft[1] < 0) ? ' past' : '') }, [h('span', null, [k.label + (k.children.length ? ' (' + k.children.join(', ') + ')' : '')]), h('strong', null, [right])]));
    });
    cl.appendChild(ul);
    if (lines.length > 3) {
      var more = h('details', { class: 'p-more' }, [h('summary', null, ['+' + (lines.length - 3) + ' more'])]);
      more.appendChild(clockList(lines.slice(3)));
      cl.appendChild(more);
    }

    $('p-findings-h').textContent = hidden() ? 'What went wrong here?' : s.findings.length ? 'What the rules say (' + s.findings.length + ')' : 'What the rules say';
    findingsInto($('p-findings'), s, true, $('p-possible'));
    $('p-possible').hidden = hidden();

    var prevBox = $('p-previous');
    clear(prevBox);
    var earlier = data.findings.map(function (f, i) { return { f: f, i: i }; }).filter(function (x) { return x.f.step < current; });
    if (earlier.length) {
      var certainN = earlier.filter(function (x) { return x.f.certainty === 'certain'; }).length;
      var det = h('details', { class: 'p-earlier' }, [h('summary', null, [plural(earlier.length, 'earlier finding') + ' (' + certainN + ' certain)'])]);
      var ol = h('ul', { class: 'p-earlier-list' }, []);
      earlier.forEach(function (x) {
        ol.appendChild(h('li', { class: x.f.certainty }, [h('span', { class: 'muted' }, ['step ' + (x.f.step + 1) + ' \u00b7 ']), x.f.title, x.f.certainty === 'possible' ? h('span', { class: 'muted' }, [' (possible)']) : null]));
      });
      det.appendChild(ol);
      prevBox.appendChild(det);
    } else prevBox.appendChild(h('p', { class: 'muted small' }, ['No earlier findings.']));

    renderPresenterCharts(s);
  }
  function boxOf(el) {
    var b;
    try { b = el.getBBox(); } catch (e) { return null; }
    var t = translateOf(el);
    return { x: b.x + t[0], y: b.y + t[1], w: b.width, hh: b.height };
  }
  // Fit an SVG's viewBox to some of its parts (the path so far and what may follow).
  function cropTo(svg, selector, resize) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    svg.querySelectorAll(selector).forEach(function (el) {
      var b = boxOf(el);
      if (!b || (!b.w && !b.hh)) return;
      x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.hh);
    });
    if (!isFinite(x0)) return;
    var w = x1 - x0 + 24, hh = y1 - y0 + 24;
    svg.setAttribute('viewBox', (x0 - 12) + ' ' + (y0 - 12) + ' ' + w + ' ' + hh);
    if (resize) { svg.setAttribute('width', String(Math.round(w))); svg.setAttribute('height', String(Math.round(hh))); }
  }
  function renderPresenterCharts(s) {
    var box = $('p-charts');
    clear(box);
    var prevStates = current > 0 ? steps[current - 1].states : null;
    var shown = [], seen = {};
    var figs = Array.prototype.slice.call(document.querySelectorAll('#handout figure.diagram'));
    function wanted(fig) {
      var proc = fig.getAttribute('data-process'), child = fig.getAttribute('data-child');
      if (!PROC[proc]) return false;
      return stateOf(s.states, proc, child) !== stateOf(prevStates, proc, child) || brokenAt(current, proc, child).length > 0;
    }
    var pick = figs.filter(wanted);
    if (!pick.length) pick = figs.filter(function (f) { return f.getAttribute('data-process') === (data.processes || [])[0]; });
    pick.forEach(function (fig) {
      var proc = fig.getAttribute('data-process'), child = fig.getAttribute('data-child');
      // Children who stand and moved alike share one chart.
      var key = proc + '|' + stateOf(prevStates, proc, child) + '|' + stateOf(s.states, proc, child);
      if (seen[key]) { if (child) seen[key].children.push(child); return; }
      seen[key] = { fig: fig, proc: proc, children: child ? [child] : [] };
      shown.push(seen[key]);
    });
    shown.slice(0, 3).forEach(function (x) {
      var src = x.fig.querySelector(prefs.whole ? 'svg.whole-view' : 'svg.path-view') || x.fig.querySelector('svg.chart');
      if (!src) return;
      var svg = src.cloneNode(true);
      svg.removeAttribute('width');
      svg.removeAttribute('height');
      svg.removeAttribute('aria-labelledby');
      svg.querySelectorAll('[id]').forEach(function (el) { el.removeAttribute('id'); });
      svg.setAttribute('aria-label', PROC[x.proc].name + (x.children.length ? ' \u2014 ' + x.children.join(', ') : ''));
      svg.classList.add('p-chart');
      var child0 = x.children.length ? x.children[0] : null;
      var seq = chartPath(x.proc, child0);
      var crumbs = seq.map(function (k) { var t = svg.querySelector('.state[data-state="' + String(k).replace(/["\\]/g, '') + '"] text'); return t ? t.textContent : k; });
      var brokenSvg = svg.querySelector('.broken-label');
      var brokenText = brokenSvg ? brokenSvg.textContent : '';
      if (brokenSvg) brokenSvg.parentNode.removeChild(brokenSvg);
      var fig = h('figure', { class: 'p-figure', 'data-process': x.proc, 'data-children': x.children.join(',') }, [
        h('figcaption', null, [h('span', { class: 'proc' }, [PROC[x.proc].name]), x.children.length ? h('span', { class: 'child-tag' }, [x.children.join(', ')]) : null,
          h('span', { class: 'now' }, [labelOf(s, x.proc, child0) || ''])]),
        h('p', { class: 'crumbs' }, [(crumbs.length > 5 ? '\u2026 ' : '') + crumbs.slice(-5).join(' \u2192 ')]),
        svg,
        brokenText ? h('p', { class: 'p-broken' }, ['Broken step: ' + brokenText]) : null
      ]);
      box.appendChild(fig);
      if (prefs.whole) return;
      // Crop to what this step is about: before, now, the steps possible from here.
      cropTo(svg, '.state.current, .state.previous, .state.reachable, .edge.taken, .edge-label.taken, .edge-label.next', false);
    });
    if (shown.length > 3) box.appendChild(h('p', { class: 'muted small' }, ['+' + (shown.length - 3) + ' more charts in the handout']));
  }

  /* ---------- quiz ---------- */
  function rightSet(s) {
    var r = {};
    s.findings.forEach(function (i) { var f = data.findings[i]; if (f) r[f.rule] = true; });
    return r;
  }
  function decideOptions(s) {
    return DECIDE.indexOf(s.type) >= 0 && data.decisions ? data.decisions[s.type] : null;
  }
  var DECISION_WORDS = { plan: 'a child protection plan', 'no-plan': 'no plan', 'continue-plan': 'continue the plan', 'end-plan': 'end the plan', s47: 'section 47 enquiries',
    'no-s47': 'no section 47 enquiries', 'convene-icpc': 'convene a conference', 'further-strategy': 'a further strategy discussion', 'no-further-action': 'no further action',
    'pre-proceedings': 'pre-proceedings (PLO)', 'issue-proceedings': 'issue care proceedings', 'no-action': 'no action' };
  function words(d) { return DECISION_WORDS[d] || d; }
  function titlesOf(list) {
    return (list || []).map(function (f) { return f.title || titleOf(f.rule); });
  }
  function quizBox(s) {
    var k = current;
    var box = h('div', null, []);
    var right = rightSet(s);
    var picks = quiz.picks[k] || (quiz.picks[k] = {});
    var revealed = !!quiz.revealed[k];
    box.appendChild(h('p', { class: 'q-ask' }, ['What went wrong here?']));
    var choices = h('div', { class: 'q-choices', role: 'group', 'aria-label': 'Choices' }, []);
    (s.quiz || []).forEach(function (rule) {
      var isRight = rule === '' ? s.findings.length === 0 : !!right[rule];
      var cls = 'q-choice' + (picks[rule] ? ' picked' : '') + (revealed ? (isRight ? ' right' : picks[rule] ? ' wrong' : '') : '');
      var b = h('button', { type: 'button', class: cls, 'data-choice': rule, 'aria-pressed': picks[rule] ? 'true' : 'false', disabled: revealed }, [rule === '' ? 'Nothing went wrong here' : titleOf(rule)]);
      b.addEventListener('click', function () { picks[rule] = !picks[rule]; render(); });
      choices.appendChild(b);
    });
    box.appendChild(choices);
    var opts = decideOptions(s);
    if (opts && opts.length) {
      box.appendChild(h('p', { class: 'q-ask' }, ['What would you decide?']));
      var dec = h('div', { class: 'q-choices q-decide', role: 'group', 'aria-label': 'Decision' }, []);
      opts.forEach(function (d) {
        var on = quiz.decide[k] === d;
        var b = h('button', { type: 'button', class: 'q-choice' + (on ? ' picked' : '') + (revealed && d === s.decision ? ' actual' : ''), 'data-decide': d, 'aria-pressed': on ? 'true' : 'false', disabled: revealed }, [words(d)]);
        b.addEventListener('click', function () { quiz.decide[k] = on ? undefined : d; render(); });
        dec.appendChild(b);
      });
      box.appendChild(dec);
    }
    if (!revealed) {
      var rb = h('button', { type: 'button', class: 'q-reveal', id: 'q-reveal-' + (box === null ? '' : k) }, ['Reveal (r)']);
      rb.addEventListener('click', reveal);
      box.appendChild(rb);
    } else {
      box.appendChild(h('p', { class: 'q-result ' + (quiz.outcome[k] ? 'right' : 'wrong') }, [quiz.outcome[k] ? 'Right: the room named what the rules find here.' : 'Not quite: the right answers are marked.']));
      var rp = quiz.replay[k];
      if (rp) box.appendChild(rp.el);
    }
    box.appendChild(h('p', { class: 'q-score' }, ['Score this session: ' + quiz.right + ' of ' + plural(quiz.asked, 'step') + ' right']));
    return box;
  }
  function renderQuiz(s) {
    var on = prefs.quiz;
    ['quiz', 'p-quiz'].forEach(function (id) {
      var el = $(id);
      if (!el) return;
      clear(el);
      el.hidden = !on;
      if (on) el.appendChild(quizBox(s));
    });
  }
  function replayBox(k, text, children) {
    return { el: h('div', { class: 'q-replay' }, [h('p', null, [text])].concat(children || [])) };
  }
  function reveal() {
    if (!prefs.quiz || quiz.revealed[current]) return;
    var k = current, s = steps[k];
    var right = rightSet(s), picks = quiz.picks[k] || {};
    var ok = true;
    (s.quiz || []).forEach(function (rule) {
      var isRight = rule === '' ? s.findings.length === 0 : !!right[rule];
      if (!!picks[rule] !== isRight) ok = false;
    });
    quiz.revealed[k] = true;
    quiz.outcome[k] = ok;
    quiz.asked++;
    if (ok) quiz.right++;
    var d = quiz.decide[k];
    var actual = titlesOf(s.findings.map(function (i) { return data.findings[i]; }));
    var actualEl = h('div', { class: 'q-side' }, [h('strong', null, ['What actually happened: ' + (s.decision ? words(s.decision) : 'the decision is not recorded')]),
      h('ul', null, actual.length ? actual.map(function (t) { return h('li', null, [t]); }) : [h('li', null, ['no findings'])])]);
    if (d !== undefined && d !== s.decision) {
      var api = window.casepath;
      if (api && typeof api.edit === 'function') {
        quiz.replay[k] = replayBox(k, 'Replaying the room\u2019s decision (' + words(d) + ') as a what-if\u2026');
        var eventId = s.event;
        Promise.resolve().then(function () { return api.edit(eventId, { decision: d }); }).then(function (res) {
          var gone = titlesOf(res && res.disappeared), came = titlesOf(res && res.appeared);
          quiz.replay[k] = replayBox(k, 'What the rules say of the room\u2019s decision, beside what actually happened:', [h('div', { class: 'q-compare' }, [
            h('div', { class: 'q-side' }, [h('strong', null, ['The room: ' + words(d)]),
              h('ul', null, [h('li', null, ['would not arise: ' + (gone.length ? gone.join('; ') : 'none')]), h('li', null, ['would arise: ' + (came.length ? came.join('; ') : 'none')])])]),
            actualEl])]);
          if (typeof api.reset === 'function') return api.reset();
        }).catch(function (err) {
          quiz.replay[k] = replayBox(k, 'The room\u2019s decision could not be replayed: ' + (err && err.message ? err.message : String(err)));
        }).then(function () { if (current === k) render(); });
      } else {
        quiz.replay[k] = replayBox(k, 'The room decided ' + words(d) + '. The what-if engine is not in this page, so that decision cannot be replayed here.', [actualEl]);
      }
    } else if (d !== undefined) {
      quiz.replay[k] = replayBox(k, 'The room decided as the meeting did (' + words(d) + ').', [actualEl]);
    }
    render();
  }

  /* ---------- views and toggles ---------- */
  function applyPrefs() {
    var b = document.body;
    b.classList.toggle('mode-presenter', prefs.view === 'presenter');
    b.classList.toggle('mode-handout', prefs.view !== 'presenter');
    b.classList.toggle('quiz-on', prefs.quiz);
    b.classList.toggle('possible-on', prefs.possible);
    b.classList.toggle('whole-on', prefs.whole);
    $('presenter').hidden = prefs.view !== 'presenter';
    document.querySelectorAll('.tg[data-toggle]').forEach(function (btn) {
      var t = btn.getAttribute('data-toggle');
      if (t === 'view') return;
      btn.setAttribute('aria-pressed', prefs[t] ? 'true' : 'false');
    });
    stepLabels();
  }
  /* The step list and the timeline name each step's findings; in quiz mode they do not, so
     neither gives away where something went wrong (the timeline's colours go too: CSS). */
  function jumpLabel(s, k) {
    return (k + 1) + '. ' + s.event + ' \u2014 ' + s.dateText + (!prefs.quiz && s.findings.length ? ' (' + plural(s.findings.length, 'finding') + ')' : '');
  }
  function stepLabels() {
    var jump = $('jump');
    if (jump) Array.prototype.forEach.call(jump.options, function (o, k) { if (steps[k]) o.textContent = jumpLabel(steps[k], k); });
    document.querySelectorAll('.tl-event').forEach(function (el) {
      var k = Number(el.getAttribute('data-step')), s = steps[k];
      if (!s) return;
      var label = 'Step ' + (k + 1) + ': ' + s.event + ' (' + s.type + '), ' + s.dateText + (!prefs.quiz && s.findings.length ? ', ' + plural(s.findings.length, 'finding') : '');
      el.setAttribute('aria-label', label);
      var t = el.querySelector('title');
      if (t) t.textContent = label;
    });
  }
  function toggle(name) {
    if (name === 'view') prefs.view = prefs.view === 'presenter' ? 'handout' : 'presenter';
    else prefs[name] = !prefs[name];
    applyPrefs();
    render();
  }

  /* ---------- trace ---------- */
  function checkTrace(t) {
    var problems = [];
    function isObj(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }
    if (!isObj(t)) return ['(top level): expected an object'];
    if (t.format !== 'casepath-trace') problems.push('format: expected "casepath-trace"');
    if (t.version !== 1) problems.push('version: expected 1');
    if (typeof t.case !== 'string') problems.push('case: expected a string');
    if (!Array.isArray(t.entries)) problems.push('entries: expected an array');
    else {
      for (var i = 0; i < t.entries.length && problems.length < 10; i++) {
        var e = t.entries[i];
        var p = 'entries.' + i;
        if (!isObj(e)) { problems.push(p + ': expected an object'); continue; }
        if (typeof e.seq !== 'number') problems.push(p + '.seq: expected a number');
        if (typeof e.event !== 'string') problems.push(p + '.event: expected a string');
        if (typeof e.actor !== 'string') problems.push(p + '.actor: expected a string');
        if (TRACE_KINDS.indexOf(e.kind) < 0) problems.push(p + '.kind: expected one of ' + TRACE_KINDS.join(', '));
        if (e.eventType !== undefined && typeof e.eventType !== 'string') problems.push(p + '.eventType: expected a string');
        if (e.state !== undefined && typeof e.state !== 'string') problems.push(p + '.state: expected a string');
      }
    }
    if (!problems.length && t.case !== data.case) problems.push('case: this trace is for case "' + t.case + '", but this report is for "' + data.case + '"');
    return problems;
  }
  function setTraceStatus(text, isError) {
    var st = $('trace-status');
    st.textContent = text;
    st.classList.toggle('error', !!isError);
  }
  function useTrace(t, from) {
    var problems = checkTrace(t);
    if (problems.length) {
      trace = null;
      setTraceStatus('This file is not a casepath inspection trace (' + from + '): ' + problems.join('; '), true);
    } else {
      trace = t;
      var known = {};
      steps.forEach(function (s) { known[s.event] = true; });
      var stray = t.entries.filter(function (e) { return !known[e.event] && e.event !== START_EVENT; }).length;
      setTraceStatus('Trace loaded (' + from + '): ' + t.entries.length + (t.entries.length === 1 ? ' entry' : ' entries') +
        (stray ? '; ' + stray + ' belong to no step of this timeline' : '') + '.', false);
    }
    renderTrace(steps[current]);
  }
  function renderTrace(s) {
    var box = $('trace');
    clear(box);
    if (!trace) return;
    // Entries recorded while the actors were created belong before the first step.
    var rows = trace.entries.filter(function (e) { return e.event === s.event || (current === 0 && e.event === START_EVENT); }).slice().sort(function (a, b) { return a.seq - b.seq; });
    if (!rows.length) {
      box.appendChild(h('p', { class: 'none' }, ['No trace entries for ' + s.event + '.']));
      return;
    }
    box.appendChild(h('table', { class: 'trace-table' }, [
      h('thead', null, [h('tr', null, ['#', 'Actor', 'Kind', 'Event', 'State'].map(function (t) { return h('th', { scope: 'col' }, [t]); }))]),
      h('tbody', null, rows.map(function (e) {
        return h('tr', null, [h('td', null, [String(e.seq)]), h('td', null, [h('code', null, [e.actor])]),
          h('td', null, [String(e.kind).replace('@xstate.', '')]), h('td', null, [e.eventType || '']), h('td', null, [e.state || ''])]);
      }))
    ]));
  }
  var input = $('trace-file');
  if (input) {
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var parsed;
        try { parsed = JSON.parse(String(reader.result)); }
        catch (err) { trace = null; setTraceStatus('This file is not valid JSON (' + file.name + '): ' + err.message, true); renderTrace(steps[current]); return; }
        useTrace(parsed, file.name);
      };
      reader.onerror = function () { setTraceStatus('Could not read ' + file.name + '.', true); };
      reader.readAsText(file);
    });
  }


  /* ---------- data from outside (what-if) ---------- */
  function rebuildFromData() {
    var jump = $('jump');
    clear(jump);
    steps.forEach(function (s, k) {
      jump.appendChild(h('option', { value: String(k) }, [jumpLabel(s, k)]));
    });
    document.querySelectorAll('.tl-event').forEach(function (el) {
      var s = steps[Number(el.getAttribute('data-step'))];
      var kinds = s ? s.findings.map(function (i) { return data.findings[i] ? data.findings[i].certainty : ''; }) : [];
      el.classList.toggle('has-certain', kinds.indexOf('certain') >= 0);
      el.classList.toggle('has-possible', kinds.indexOf('certain') < 0 && kinds.indexOf('possible') >= 0);
    });
    var all = $('all-findings');
    if (all) {
      var head = all.querySelector('h2');
      clear(all);
      if (head) all.appendChild(head);
      steps.forEach(function (s, k) {
        if (!s.findings.length) return;
        var sec = h('section', { class: 'print-step', 'data-step': k }, [h('h3', { class: 'print-step-heading' }, [s.heading, editedFields(s) ? ' ' : null, editedFields(s) ? editedMark() : null])]);
        data.findings.forEach(function (f, i) { if (f.step === k) sec.appendChild(cardEl(f, i, false)); });
        all.appendChild(sec);
      });
      if (!data.findings.length) all.appendChild(h('p', null, ['No findings.']));
    }
    var total = data.findings.length, certain = data.findings.filter(function (f) { return f.certainty === 'certain'; }).length;
    var cap = $('sev-caption');
    if (cap) cap.textContent = total + ' findings: ' + certain + ' certain, ' + (total - certain) + ' possible';
    document.querySelectorAll('[data-count]').forEach(function (td) {
      var parts = td.getAttribute('data-count').split('-');
      td.textContent = String(data.findings.filter(function (f) { return f.severity === parts[0] && f.certainty === parts[1]; }).length);
    });
  }

  window.casepathViewer = {
    data: function () { return data; },
    setData: function (d) {
      adopt(d);
      current = Math.max(0, Math.min(n - 1, current));
      rebuildFromData();
      if (n) render();
    },
    current: function () { return current; },
    go: go,
    onStep: function (fn) { if (typeof fn === 'function') listeners.push(fn); }
  };
  var api = window.casepath || {};
  function stepObj(s, i) { return { index: i, id: s.event, type: s.type, date: { earliest: s.earliest, latest: s.latest } }; }
  api.steps = function () { return steps.map(stepObj); };
  api.step = function (i) { go(Number(i)); return n ? stepObj(steps[current], current) : undefined; };
  api.findings = function () {
    return data.findings.map(function (f) {
      var s = steps[f.step];
      return { rule: f.rule, title: f.title, severity: f.severity, certainty: f.certainty, step: f.step, eventId: s ? s.event : (f.events[0] || {}).id };
    });
  };
  window.casepath = api;

  /* ---------- wiring ---------- */
  $('btn-first').addEventListener('click', function () { go(0); });
  $('btn-prev').addEventListener('click', function () { go(current - 1); });
  $('btn-next').addEventListener('click', function () { go(current + 1); });
  $('btn-last').addEventListener('click', function () { go(n - 1); });
  $('p-prev').addEventListener('click', function () { go(current - 1); });
  $('p-next').addEventListener('click', function () { go(current + 1); });
  $('jump').addEventListener('change', function () { go(Number($('jump').value)); });
  document.querySelectorAll('.tg[data-toggle]').forEach(function (btn) {
    btn.addEventListener('click', function () { toggle(btn.getAttribute('data-toggle')); });
  });
  document.querySelectorAll('.tl-event').forEach(function (el) {
    var k = Number(el.getAttribute('data-step'));
    el.addEventListener('click', function () { go(k); });
    el.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); ev.stopPropagation(); go(k); }
    });
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.defaultPrevented) return;
    var t = ev.target;
    var tag = t && t.tagName ? t.tagName.toLowerCase() : '';
    if (tag === 'input' || tag === 'select' || tag === 'textarea' || (t && t.isContentEditable)) return;
    var k = ev.key;
    if (k === 'ArrowRight' || k === 'PageDown' || (k === ' ' && !ev.shiftKey && tag !== 'button' && tag !== 'summary')) { ev.preventDefault(); go(current + 1); }
    else if (k === 'ArrowLeft' || k === 'PageUp' || (k === ' ' && ev.shiftKey && tag !== 'button' && tag !== 'summary')) { ev.preventDefault(); go(current - 1); }
    else if (k === 'Home') { ev.preventDefault(); go(0); }
    else if (k === 'End') { ev.preventDefault(); go(n - 1); }
    else if (k === 'q' || k === 'Q') { ev.preventDefault(); toggle('quiz'); }
    else if (k === 'r' || k === 'R') { ev.preventDefault(); reveal(); }
    else if (k === 'f' || k === 'F') { ev.preventDefault(); toggle('possible'); }
    else if (k === 'w' || k === 'W') { ev.preventDefault(); toggle('whole'); }
    else if (k === 'p' || k === 'P') { ev.preventDefault(); toggle('view'); }
  });
  window.addEventListener('resize', function () { if (prefs.view === 'presenter' && n) renderPresenterCharts(steps[current]); });

  // The print listing is built from the data (the file holds no copy of the cards).
  if (!document.querySelector('#all-findings .print-step')) rebuildFromData();
  if (data.trace) useTrace(data.trace, 'embedded in this report');
  var hv = /view=(presenter|handout)/.exec(location.hash || '');
  prefs.view = hv ? hv[1] : (window.innerWidth >= 1280 ? 'presenter' : 'handout');
  applyPrefs();
  var m = /step=(\d+)/.exec(location.hash || '');
  if (n) go(m ? Number(m[1]) - 1 : 0);
  else $('p-step').textContent = 'No events';
})();
`;
