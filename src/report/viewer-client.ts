/**
 * The viewer page's script, as a string inlined into every report: plain ES2020, no
 * modules, no libraries, no network. It reads the JSON the report embeds
 * (src/report/viewer-data.ts) and renders the selected step: the step text (in an
 * aria-live region), the timeline and diagram highlights, what happened, the findings
 * (cloned from the escaped cards the report renders once), the statutory clocks and
 * the inspection trace entries of that step.
 *
 * Safety: the script never uses innerHTML; every piece of case data reaches the page
 * through textContent or setAttribute. A trace loaded from disk is read with
 * FileReader and checked against the same rules as src/report/viewer-trace.ts before
 * it is shown; a file that does not match gets a clear message naming the field.
 *
 * Kept as a string (not compiled TypeScript) because the page has no bundler; it must
 * contain neither backticks nor the template-substitution sequence.
 */
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

export const VIEWER_CLIENT =
  String.raw`
(function () {
  'use strict';
` +
  CLOCKS_AT_STEP +
  String.raw`
  var dataEl = document.getElementById('casepath-data');
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  var steps = data.steps || [];
  var n = steps.length;
  var current = 0;
  var trace = null;
  var TRACE_KINDS = ['@xstate.actor', '@xstate.event', '@xstate.snapshot', '@xstate.microstep'];
  var START_EVENT = '(start)';

  function $(id) { return document.getElementById(id); }
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k === 'class') el.className = v;
        else el.setAttribute(k, String(v));
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function plural(k, word) { return k + ' ' + word + (k === 1 ? '' : 's'); }

  // The process registry, as the page received it: id, key in a step's states, scope, name.
  var PROC = {};
  (data.processInfo || []).forEach(function (p) { PROC[p.id] = p; });

  function stateOf(states, proc, child) {
    if (!states) return data.initial ? data.initial[proc] : undefined;
    var v = states[PROC[proc].key];
    return PROC[proc].scope === 'child' ? (v || {})[child] : v;
  }
  function labelOf(step, proc, child) {
    var v = step.labels[PROC[proc].key];
    return PROC[proc].scope === 'child' ? (v || {})[child] : v;
  }
  function attrSel(name, value) {
    return '[' + name + '="' + String(value).replace(/["\\]/g, '\\$&') + '"]';
  }

  /* ---------- step control ---------- */
  function go(k) {
    if (!n) return;
    k = Math.max(0, Math.min(n - 1, k));
    current = k;
    render();
  }

  function render() {
    var s = steps[current];
    $('step-text').textContent = s.heading;
    $('btn-first').disabled = current === 0;
    $('btn-prev').disabled = current === 0;
    $('btn-next').disabled = current === n - 1;
    $('btn-last').disabled = current === n - 1;
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
    renderDiagrams(s);
    renderEvent(s);
    renderFindings(s);
    renderClocks(s);
    renderTrace(s);
    try { history.replaceState(null, '', '#step=' + (current + 1)); } catch (e) { /* file:// may refuse; the step still shows */ }
  }

  /* ---------- diagrams ---------- */
  function renderDiagrams(s) {
    var prevStates = current > 0 ? steps[current - 1].states : null;
    document.querySelectorAll('figure.diagram').forEach(function (fig) {
      var proc = fig.getAttribute('data-process');
      var child = fig.getAttribute('data-child');
      var svg = fig.querySelector('svg.chart');
      if (!svg) return;
      var now = stateOf(s.states, proc, child);
      var before = stateOf(prevStates, proc, child);
      svg.querySelectorAll('.state').forEach(function (g) {
        var key = g.getAttribute('data-state');
        g.classList.toggle('current', key === now);
        g.classList.toggle('previous', key === before && before !== now);
      });
      svg.querySelectorAll('.edge[data-from]').forEach(function (p) {
        var from = p.getAttribute('data-from');
        var to = p.getAttribute('data-to');
        var taken = before !== now && from === before && to === now;
        p.classList.toggle('taken', taken);
        p.classList.toggle('next', !taken && from === now);
      });
      // Draw highlighted edges last so they sit on top of the grey ones.
      var edges = svg.querySelector('.edges');
      if (edges) {
        svg.querySelectorAll('.edge.next').forEach(function (p) { edges.appendChild(p); });
        svg.querySelectorAll('.edge.taken').forEach(function (p) { edges.appendChild(p); });
      }
      var nowEl = fig.querySelector('[data-now]');
      if (nowEl) nowEl.textContent = labelOf(s, proc, child) || now || '';
    });
  }

  /* ---------- what happened ---------- */
  function renderEvent(s) {
    var box = $('event');
    clear(box);
    var vague = s.earliest !== s.latest;
    box.appendChild(h('p', { class: 'event-line' }, [h('strong', null, [s.type]), ' · ', h('code', null, [s.event]),
      s.children.length ? ' · for ' + s.children.join(', ') : '']));
    var facts = h('dl', { class: 'facts' }, [
      h('dt', null, ['Date']), h('dd', null, [s.dateText, vague ? h('span', { class: 'muted' }, [' (the source allows any day in this range)']) : '']),
      h('dt', null, ['Source']), h('dd', null, [s.cite ? s.cite : h('span', { class: 'muted' }, ['no paragraph given'])])
    ]);
    box.appendChild(facts);
    box.insertBefore(h('p', { class: 'print-heading' }, [s.heading]), box.firstChild);
    if (data.notes && s.note) box.appendChild(h('p', { class: 'note' }, [h('span', { class: 'k' }, ['Note']), s.note]));
    box.appendChild(h('h3', { class: 'small muted' }, ['Where each process stands after this step']));
    var prev = current > 0 ? steps[current - 1] : null;
    var list = h('ul', { class: 'states' }, []);
    var procs = data.processes || [];
    function row(proc, child, label, before, beforeLabel) {
      var changed = before !== undefined && before !== stateOf(s.states, proc, child);
      list.appendChild(h('li', { class: changed ? 'changed' : '' }, [
        h('span', { class: 'who' }, [PROC[proc].name + (child ? ' · ' + child : '')]),
        h('span', { class: 'state-chip' }, [label]),
        changed && beforeLabel ? h('span', { class: 'was' }, ['was ' + beforeLabel]) : null
      ]));
    }
    (data.processInfo || []).forEach(function (p) {
      var proc = p.id;
      if (procs.indexOf(proc) < 0) return;
      (p.scope === 'child' ? data.children : [null]).forEach(function (c) {
        var now = stateOf(s.states, proc, c);
        // A process shown "once begun" (looked-after care, complaints) only once it has left its initial state.
        if (p.show === 'once-begun' && now === data.initial[proc] && (!prev || stateOf(prev.states, proc, c) === now)) return;
        row(proc, c, labelOf(s, proc, c), prev ? stateOf(prev.states, proc, c) : data.initial[proc], prev ? labelOf(prev, proc, c) : '');
      });
    });
    box.appendChild(list);
  }

  /* ---------- findings ---------- */
  function renderFindings(s) {
    var box = $('findings');
    clear(box);
    $('findings-h').textContent = s.findings.length ? 'Findings at this step (' + s.findings.length + ')' : 'Findings at this step';
    if (!s.findings.length) {
      box.appendChild(h('p', { class: 'none' }, ['No findings arise at this step.']));
      return;
    }
    s.findings.forEach(function (i) {
      var tpl = document.querySelector('#all-findings article.finding' + attrSel('data-finding', i));
      if (!tpl) return;
      var card = tpl.cloneNode(true);
      var d = card.querySelector('details.allowed');
      if (d) d.removeAttribute('open');
      box.appendChild(card);
    });
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
  function renderClocks(s) {
    var box = $('clocks');
    clear(box);
    var at = clocksAtStep(data, current);
    var live = at.filter(function (c) { return c.status === 'running' || c.status === 'overdue' || c.endsHere; });
    var done = at.filter(function (c) { return !(c.status === 'running' || c.status === 'overdue' || c.endsHere); });
    live.sort(function (x, y) {
      var ex = x.endsHere ? 1 : 0, ey = y.endsHere ? 1 : 0;
      if (ex !== ey) return ex - ey;
      var dx = x.daysLeft ? x.daysLeft[0] : 1e9, dy = y.daysLeft ? y.daysLeft[0] : 1e9;
      return dx - dy;
    });
    if (live.length) box.appendChild(clockList(live));
    else box.appendChild(h('p', { class: 'none' }, ['No statutory clock is running at this step.']));
    if (done.length) {
      box.appendChild(h('details', { class: 'finished' }, [h('summary', null, [plural(done.length, 'clock') + ' finished earlier']), clockList(done)]));
    }
    box.appendChild(h('p', { class: 'muted small' }, ['Working days on the England and Wales calendar (weekends and bank holidays excluded), from this step\u2019s date to the due date; a range when either date is vague.']));
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

  /* ---------- wiring ---------- */
  $('btn-first').addEventListener('click', function () { go(0); });
  $('btn-prev').addEventListener('click', function () { go(current - 1); });
  $('btn-next').addEventListener('click', function () { go(current + 1); });
  $('btn-last').addEventListener('click', function () { go(n - 1); });
  $('jump').addEventListener('change', function () { go(Number($('jump').value)); });
  document.querySelectorAll('.tl-event').forEach(function (el) {
    var k = Number(el.getAttribute('data-step'));
    el.addEventListener('click', function () { go(k); });
    el.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); go(k); }
    });
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    var tag = t && t.tagName ? t.tagName.toLowerCase() : '';
    if (tag === 'input' || tag === 'select' || tag === 'textarea') return;
    if (ev.key === 'ArrowRight') { ev.preventDefault(); go(current + 1); }
    else if (ev.key === 'ArrowLeft') { ev.preventDefault(); go(current - 1); }
    else if (ev.key === 'Home') { ev.preventDefault(); go(0); }
    else if (ev.key === 'End') { ev.preventDefault(); go(n - 1); }
  });

  if (data.trace) useTrace(data.trace, 'embedded in this report');
  var m = /step=(\d+)/.exec(location.hash || '');
  go(m ? Number(m[1]) - 1 : 0);
})();
`;
