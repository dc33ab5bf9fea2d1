/**
 * The what-if panel's script (issue 13 items 4 and 5), inlined into the page after the
 * viewer's own script and the engine bundle (src/report/whatif-page.ts): plain ES2020,
 * no modules, no network, no innerHTML (every piece of case data reaches the page
 * through textContent or setAttribute).
 *
 * The trainer picks an event, changes a fact (the fields offered depend on the event
 * type, spec §2: a conference's decision or reasons, whether an absence was explained,
 * whether a letter was explained, a date…) or writes a JSON merge patch for any other
 * field, and the case is replayed in the page by `casepathEngine` (the real engine,
 * bundled). The panel lists the findings that disappear and appear against the source
 * (replayed by the same engine: a page made with a local rules config, which the engine
 * here does not have, gets a notice saying so);
 * "Back to the source" restores it. Edits pile up until then. The data passed to
 * `casepathViewer.setData` carries `edited` (event id → field paths), which the viewer
 * marks wherever those facts show (contract seam 4).
 *
 * The page API (seam 5) gains `casepath.edit(eventId, patch)`, resolving to
 * `{ findings, appeared, disappeared }` (findings as `casepath.findings()` gives them;
 * appeared and disappeared against the source), or rejecting with an Error naming the
 * event, the field and the problem (the page unchanged), and `casepath.reset()`.
 *
 * Kept as a string (not compiled TypeScript) because the page has no bundler; it must
 * contain neither backticks nor the template-substitution sequence.
 */
import { DOM_HELPERS } from './viewer-dom.js';


/**
 * The panel's pure logic: merge patches, the fields offered per event type, and the
 * comparison of findings. Plain ES2020; inlined into the panel script and evaluated by
 * tests/whatif-client.test.ts, so the page and the tests run the same code.
 */
export const WHATIF_LOGIC = String.raw`
function isPlainObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
function clone(v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); }
/* RFC 7386 JSON merge patch: null removes a field, objects merge, anything else replaces. */
function mergePatch(target, patch) {
  if (!isPlainObject(patch)) return clone(patch);
  var out = isPlainObject(target) ? clone(target) : {};
  Object.keys(patch).forEach(function (k) {
    if (patch[k] === null) delete out[k];
    else out[k] = mergePatch(out[k], patch[k]);
  });
  return out;
}
/* The field paths a merge patch touches ("decision", "reasons", "at.between"). */
function patchPaths(patch, prefix) {
  var out = [];
  Object.keys(patch).forEach(function (k) {
    var p = prefix ? prefix + '.' + k : k;
    if (isPlainObject(patch[k]) && Object.keys(patch[k]).length) out = out.concat(patchPaths(patch[k], p));
    else out.push(p);
  });
  return out;
}
var PLANS = ['plan', 'no-plan', 'continue-plan', 'end-plan'];
var YES_NO = [true, false];
/* Fields the panel offers per event type (spec §2), beside the date and the raw patch box. */
var EVENT_FIELDS = {
  'conference.held': [
    { name: 'decision', label: 'Decision', values: PLANS },
    { name: 'decidedBy', label: 'Decided by', values: ['consensus', 'majority', 'chair'] },
    { name: 'reasons', label: 'Reasons', reasons: true },
    { name: 'proportionality', label: 'Article 8 impact (proportionality) recorded', values: YES_NO },
    { name: 'advocate', label: 'Advocate or supporter for the parent', values: ['offered', 'declined', 'not-offered'] }
  ],
  'strategy.held': [
    { name: 'decision', label: 'Decision', values: ['s47', 'no-s47', 'convene-icpc', 'further-strategy', 'no-further-action'] },
    { name: 'reasons', label: 'Reasons', reasons: true },
    { name: 'multiAgency', label: 'The source calls it multi-agency', values: YES_NO }
  ],
  'legal.planning-meeting': [
    { name: 'decision', label: 'Decision', values: ['pre-proceedings', 'issue-proceedings', 'no-action'] },
    { name: 'thresholdMet', label: 'Threshold met', values: YES_NO },
    { name: 'proportionality', label: 'Article 8 impact (proportionality) recorded', values: YES_NO }
  ],
  'threshold.considered': [{ name: 'met', label: 'Threshold met', values: YES_NO }],
  'appointment.missed': [
    { name: 'reason', label: 'Reason given for the absence (empty: none given)', text: true },
    { name: 'notified', label: 'Notified in advance', values: YES_NO }
  ],
  'plo.letter-sent': [
    { name: 'explained', label: 'The letter explained the concerns', values: YES_NO },
    { name: 'legalAidInfo', label: 'Legal-aid information given', values: YES_NO },
    { name: 'meetingInvite', label: 'Invitation to a meeting', values: YES_NO }
  ],
  'reports.shared': [{ name: 'complete', label: 'All reports shared', values: YES_NO }],
  'concern.raised': [{ name: 'basis', label: 'How the source knows it', values: ['observed', 'reported', 'hearsay', 'assumption'] }],
  'concern.assessed': [{ name: 'finding', label: 'Finding', values: ['substantiated', 'unsubstantiated', 'inconclusive'] }],
  'referral.decided': [{ name: 'outcome', label: 'Outcome', values: ['no-further-action', 'early-help', 'assessment', 'strategy-discussion'] }],
  's47.completed': [{ name: 'outcome', label: 'Outcome', values: ['not-substantiated', 'substantiated-no-continuing-risk', 'no-continuing-risk', 'continuing-risk'] }],
  'correspondence.received': [{ name: 'recorded', label: 'Recorded', values: YES_NO }],
  'complaint.responded': [
    { name: 'outcome', label: 'Outcome', values: ['upheld', 'partly-upheld', 'not-upheld', 'declined'] },
    { name: 'remedyConsidered', label: 'Remedy considered', values: YES_NO },
    { name: 'apology', label: 'Apology', values: YES_NO }
  ]
};
function fieldsFor(type) { return EVENT_FIELDS[type] || []; }
/* Reason presets for a decision: the concerns raised before the event, procedural status alone, or none stated. */
function reasonPresets(doc, eventId) {
  var concerns = [];
  var events = (doc && doc.events) || [];
  for (var i = 0; i < events.length && events[i].id !== eventId; i++) {
    if (events[i].type === 'concern.raised' && typeof events[i].concern === 'string' && concerns.indexOf(events[i].concern) < 0) concerns.push(events[i].concern);
  }
  var out = [];
  if (concerns.length) out.push({ id: 'concerns', label: 'the concerns raised so far (' + concerns.join(', ') + ')', value: concerns.map(function (c) { return { basis: 'concern', concern: c }; }) });
  out.push({ id: 'plo', label: 'procedural status alone: the PLO is in place', value: [{ basis: 'procedural-status', status: 'plo' }] });
  out.push({ id: 'existing-plan', label: 'procedural status alone: an existing plan', value: [{ basis: 'procedural-status', status: 'existing-plan' }] });
  out.push({ id: 'none', label: 'none stated', value: null });
  return out;
}
/* A finding as the page API gives it (seam 5). */
function findingOut(data, f) {
  var s = data.steps[f.step];
  return { rule: f.rule, title: f.title, severity: f.severity, certainty: f.certainty, step: f.step, eventId: s ? s.event : (f.events[0] && f.events[0].id) };
}
function findingKey(data, f) {
  var o = findingOut(data, f);
  return o.rule + '|' + o.eventId + '|' + (f.children || []).join(',') + '|' + o.certainty;
}
/* Findings of 'after' not in 'before' (appeared) and of 'before' not in 'after' (disappeared). */
function diffFindings(before, after) {
  function keyed(data) {
    var m = {};
    data.findings.forEach(function (f) { var k = findingKey(data, f); (m[k] = m[k] || []).push(findingOut(data, f)); });
    return m;
  }
  var a = keyed(before), b = keyed(after), appeared = [], disappeared = [];
  Object.keys(b).forEach(function (k) { var extra = b[k].length - (a[k] ? a[k].length : 0); for (var i = 0; i < extra; i++) appeared.push(b[k][b[k].length - 1 - i]); });
  Object.keys(a).forEach(function (k) { var gone = a[k].length - (b[k] ? b[k].length : 0); for (var i = 0; i < gone; i++) disappeared.push(a[k][a[k].length - 1 - i]); });
  return { appeared: appeared, disappeared: disappeared };
}
/* Apply the edits (event id -> merge patch) to a copy of the source document. */
function applyEdits(source, edits) {
  var doc = clone(source);
  Object.keys(edits).forEach(function (id) {
    var i = doc.events.findIndex(function (e) { return e && e.id === id; });
    if (i >= 0) doc.events[i] = mergePatch(doc.events[i], edits[id]);
  });
  return doc;
}
/* Why a patch cannot be applied to that event, or '' (the engine checks the values themselves). */
function patchProblem(doc, eventId, patch) {
  var events = (doc && doc.events) || [];
  if (typeof eventId !== 'string' || !events.some(function (e) { return e && e.id === eventId; })) return 'event ' + String(eventId) + ': there is no event with this id in the case';
  if (!isPlainObject(patch)) return 'event ' + eventId + ': the patch must be a JSON object of fields, such as {"decision": "no-plan"}';
  if (!Object.keys(patch).length) return 'event ' + eventId + ': the patch changes nothing';
  if ('id' in patch) return 'event ' + eventId + ', field id: an edit cannot rename the event (other events refer to it)';
  return '';
}
`;

export const WHATIF_CLIENT =
  String.raw`
(function () {
  'use strict';
` +
  DOM_HELPERS +
  WHATIF_LOGIC +
  String.raw`
  var srcEl = document.getElementById('casepath-source');
  var engine = window.casepathEngine;
  if (!srcEl || !engine || typeof engine.replay !== 'function') return;
  var source = JSON.parse(srcEl.textContent || '{}');
  if (!source || !Array.isArray(source.events)) return;
  var replayOptions = { asOf: srcEl.getAttribute('data-as-of') || undefined, notes: srcEl.getAttribute('data-notes') === 'true', file: srcEl.getAttribute('data-file') || undefined };
  var viewer = window.casepathViewer;
  function pageData() {
    if (viewer && typeof viewer.data === 'function') return viewer.data();
    var el = document.getElementById('casepath-data');
    return el ? JSON.parse(el.textContent || '{}') : { steps: [], findings: [] };
  }
  var sourceData = pageData();
  var edits = {};
  var busy = false;
  /* The source as the page's engine replays it: what the edits are compared with. It differs
     from the page's own findings only when the page was made with settings the engine here
     does not have (a local rules config); the panel then says so. */
  var baseline = null;
  var baselineDiffers = false;
  function baselineData() {
    if (!baseline) {
      baseline = engine.replay(clone(source), replayOptions);
      var d = diffFindings(sourceData, baseline);
      baselineDiffers = d.appeared.length + d.disappeared.length > 0;
    }
    return baseline;
  }


  /* The data to show for the current edits: the source's own data when there are none. */
  function replayEdits(nextEdits) {
    var data = engine.replay(applyEdits(source, nextEdits), replayOptions);
    var edited = {};
    Object.keys(nextEdits).forEach(function (id) { edited[id] = patchPaths(nextEdits[id], ''); });
    data.edited = edited;
    /* Keys the report adds beside the viewer data (the machines' initial states) carry over; the trace was of the source and does not. */
    Object.keys(sourceData).forEach(function (k) { if (!(k in data) && k !== 'trace' && k !== 'edited') data[k] = sourceData[k]; });
    return data;
  }
  function show(data) {
    if (viewer && typeof viewer.setData === 'function') viewer.setData(data);
    currentData = data;
  }
  var currentData = sourceData;
  function findingsNow() { return currentData.findings.map(function (f) { return findingOut(currentData, f); }); }

  /* ---------- the panel ---------- */
  var panel = $('whatif-panel');
  if (!panel) {
    /* A page without the viewer's container (an older layout): the panel goes at the end of the main column. */
    panel = h('section', { id: 'whatif-panel', class: 'panel', hidden: 'hidden', 'aria-labelledby': 'whatif-h' }, []);
    var host = document.querySelector('main .col.info') || document.querySelector('main') || document.body;
    host.appendChild(panel);
  }
  clear(panel);
  /* The panel's few rules, beside the viewer's stylesheet (inline styles are what the CSP allows). */
  var style = document.createElement('style');
  style.textContent = '#whatif-panel select, #whatif-panel input, #whatif-panel textarea, #whatif-panel button { font: inherit; max-width: 100%; }' +
    ' #whatif-panel .whatif-field { margin: 0.35em 0; } #whatif-panel .whatif-field label { display: block; }' +
    ' #whatif-panel textarea { width: 100%; box-sizing: border-box; font-family: monospace; }' +
    ' #whatif-panel .whatif-error { color: #a4001d; font-weight: bold; white-space: pre-wrap; }' +
    ' #whatif-panel .edited-mark { font-size: 0.85em; padding: 0 0.3em; border: 1px solid currentColor; border-radius: 3px; }';
  document.head.appendChild(style);
  var eventSel = h('select', { id: 'whatif-event' }, []);
  source.events.forEach(function (e) {
    if (!e || typeof e.id !== 'string') return;
    eventSel.appendChild(h('option', { value: e.id }, [e.id + ' — ' + String(e.type)]));
  });
  var fieldsBox = h('div', { id: 'whatif-fields', class: 'whatif-fields' }, []);
  var rawBox = h('textarea', { id: 'whatif-patch', rows: '3', spellcheck: 'false', placeholder: '{"decision": "no-plan"}', 'aria-describedby': 'whatif-patch-help' }, []);
  var applyBtn = h('button', { type: 'submit', id: 'whatif-apply' }, ['Replay with this change']);
  var resetBtn = h('button', { type: 'button', id: 'whatif-reset', disabled: 'disabled' }, ['Back to the source']);
  var status = h('p', { id: 'whatif-status', role: 'status', 'aria-live': 'polite' }, []);
  var errorBox = h('p', { id: 'whatif-error', class: 'whatif-error', role: 'alert', hidden: 'hidden' }, []);
  var results = h('div', { id: 'whatif-results' }, []);
  var editsList = h('ul', { id: 'whatif-edits' }, []);
  var form = h('form', { id: 'whatif-form', novalidate: 'novalidate' }, [
    h('label', { class: 'whatif-row', for: 'whatif-event' }, [h('span', {}, ['Event']), ' ']),
    eventSel,
    fieldsBox,
    h('label', { class: 'whatif-row', for: 'whatif-patch' }, [h('span', {}, ['Any other field, as a JSON merge patch'])]),
    rawBox,
    h('p', { id: 'whatif-patch-help', class: 'muted small' }, ['Fields as the chronology format names them; null removes a field (the source then does not say). The change is replayed here, on this computer; nothing is sent anywhere.']),
    h('div', { class: 'btns' }, [applyBtn, ' ', resetBtn])
  ]);
  panel.appendChild(h('h2', { id: 'whatif-h' }, ['What if…']));
  panel.appendChild(h('p', { class: 'muted' }, ['Change a fact of the case and replay it with casepath’s own engine, to see which findings disappear and which appear. The page shows the changed case until you go back to the source.']));
  panel.appendChild(form);
  panel.appendChild(errorBox);
  panel.appendChild(status);
  panel.appendChild(results);
  panel.appendChild(h('h3', { class: 'whatif-edits-h' }, ['Changed facts']));
  panel.appendChild(editsList);
  panel.hidden = false;

  /* In the presenter view the panel is a drawer over the step, closed until the trainer opens
     it (a button beside the view toggles, or the key e; Escape closes it), so the room's
     screen stays the step's. In the handout it sits in the page. */
  var toggles = [];
  function setOpen(open) {
    document.body.classList.toggle('whatif-open', open);
    toggles.forEach(function (b) { b.setAttribute('aria-expanded', open ? 'true' : 'false'); });
    if (open && document.body.classList.contains('mode-presenter')) eventSel.focus();
  }
  document.querySelectorAll('.modes').forEach(function (group) {
    var b = h('button', { type: 'button', class: 'tg whatif-tg', 'aria-controls': 'whatif-panel', 'aria-expanded': 'false', title: 'Change a fact and replay the case (e)' }, ['What if…']);
    b.addEventListener('click', function () { setOpen(!document.body.classList.contains('whatif-open')); });
    group.insertBefore(b, group.lastElementChild);
    toggles.push(b);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.defaultPrevented) return;
    var t = ev.target, tag = t && t.tagName ? t.tagName.toLowerCase() : '';
    if (tag === 'input' || tag === 'select' || tag === 'textarea' || (t && t.isContentEditable)) return;
    if (ev.key === 'e') { setOpen(!document.body.classList.contains('whatif-open')); ev.preventDefault(); }
    else if (ev.key === 'Escape' && document.body.classList.contains('whatif-open')) setOpen(false);
  });

  function eventOf(doc, id) { for (var i = 0; i < doc.events.length; i++) if (doc.events[i] && doc.events[i].id === id) return doc.events[i]; return null; }
  function shown(v) { return v === undefined ? 'not stated' : typeof v === 'string' ? v : JSON.stringify(v); }

  /* The controls of the chosen event: each starts at "unchanged" and shows the value it has now. */
  function renderFields() {
    clear(fieldsBox);
    var id = eventSel.value;
    var doc = applyEdits(source, edits);
    var ev = eventOf(doc, id);
    if (!ev) return;
    var list = fieldsFor(ev.type).slice();
    if (ev.type !== 'omission') list.unshift({ name: 'at', label: 'Date (an exact day)', date: true });
    list.forEach(function (f, i) {
      var ctlId = 'whatif-f-' + f.name;
      var now = ev[f.name];
      var ctl;
      if (f.date) {
        ctl = h('input', { type: 'date', id: ctlId, 'data-field': f.name, min: '1900-01-01', max: '2200-12-31' }, []);
      } else if (f.text) {
        ctl = h('input', { type: 'text', id: ctlId, 'data-field': f.name, 'data-text': 'true', placeholder: 'unchanged' }, []);
        ctl.setAttribute('data-touched', 'false');
        ctl.addEventListener('input', function () { ctl.setAttribute('data-touched', 'true'); });
      } else {
        ctl = h('select', { id: ctlId, 'data-field': f.name }, [h('option', { value: '' }, ['unchanged'])]);
        var choices = f.reasons ? reasonPresets(doc, id) : f.values.map(function (v) { return { id: JSON.stringify(v), label: v === true ? 'yes' : v === false ? 'no' : String(v), value: v }; });
        choices.forEach(function (c) { ctl.appendChild(h('option', { value: c.id }, [c.label])); });
        if (!f.reasons) ctl.appendChild(h('option', { value: 'null' }, ['not stated']));
        ctl.choices = choices;
      }
      var nowText = shown(now);
      if (f.name === 'at') {
        /* The date as replayed (the window the constraints leave), beside the form it is written in. */
        var st = (currentData.steps || []).find(function (x) { return x.event === id; });
        if (st) nowText = st.dateText + (typeof now === 'string' && now === st.dateText ? '' : ' (written ' + shown(now) + ')');
      }
      fieldsBox.appendChild(h('div', { class: 'whatif-field' }, [
        h('label', { for: ctlId }, [f.label]), ' ', ctl, ' ',
        h('span', { class: 'muted small whatif-now' }, ['now: ' + nowText + (edits[id] && patchPaths(edits[id], '').indexOf(f.name) >= 0 ? ' (edited: what-if)' : '')])
      ]));
      if (i === 0) ctl.setAttribute('data-first', 'true');
    });
  }

  /* The patch the form describes: the chosen fields, then the raw JSON over them. */
  function formPatch() {
    var patch = {};
    var ctls = fieldsBox.querySelectorAll('[data-field]');
    for (var i = 0; i < ctls.length; i++) {
      var c = ctls[i], name = c.getAttribute('data-field');
      if (c.type === 'date') { if (c.value) patch[name] = c.value; continue; }
      if (c.getAttribute('data-text') === 'true') {
        if (c.getAttribute('data-touched') === 'true') patch[name] = c.value.trim() ? c.value.trim() : null;
        continue;
      }
      if (!c.value) continue;
      if (c.value === 'null') { patch[name] = null; continue; }
      var choice = (c.choices || []).find(function (x) { return x.id === c.value; });
      if (choice) patch[name] = choice.value;
    }
    var raw = rawBox.value.trim();
    if (raw) {
      var extra;
      try { extra = JSON.parse(raw); } catch (err) { throw new Error('event ' + eventSel.value + ': the JSON patch is not valid JSON (' + String(err && err.message || err) + ')'); }
      if (!isPlainObject(extra)) throw new Error('event ' + eventSel.value + ': the JSON patch must be an object of fields, such as {"decision": "no-plan"}');
      Object.keys(extra).forEach(function (k) { patch[k] = extra[k]; });
    }
    return patch;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }
  function findingItem(f) {
    return h('li', {}, [h('strong', {}, [f.title]), ' ', h('code', {}, [f.rule]), ' — ' + f.certainty + ' ' + f.severity + ', at ', h('code', {}, [f.eventId])]);
  }
  function renderResults(diff) {
    clear(results);
    clear(editsList);
    var ids = Object.keys(edits);
    resetBtn.disabled = !ids.length;
    ids.forEach(function (id) {
      patchPaths(edits[id], '').forEach(function (p) {
        var v = p.split('.').reduce(function (o, k) { return o && o[k]; }, edits[id]);
        editsList.appendChild(h('li', { class: 'edited' }, [h('code', {}, [id]), ' ' + p + ' → ' + JSON.stringify(v) + ' ', h('span', { class: 'edited-mark' }, ['edited: what-if'])]));
      });
    });
    if (!ids.length) { editsList.appendChild(h('li', { class: 'muted' }, ['None: the page shows the source.'])); return; }
    if (baselineDiffers) {
      results.appendChild(h('p', { id: 'whatif-settings', class: 'whatif-error' }, ['This page was made with settings the page cannot replay (a local rules config, or another casepath version): the what-if uses the national timescales and rules, and is compared with the source replayed the same way, not with the findings the page first showed.']));
    }
    results.appendChild(h('h3', {}, ['Findings that disappear (' + diff.disappeared.length + ')']));
    var gone = h('ul', { id: 'whatif-disappeared' }, []);
    diff.disappeared.forEach(function (f) { gone.appendChild(findingItem(f)); });
    if (!diff.disappeared.length) gone.appendChild(h('li', { class: 'muted' }, ['none']));
    results.appendChild(gone);
    results.appendChild(h('h3', {}, ['Findings that appear (' + diff.appeared.length + ')']));
    var added = h('ul', { id: 'whatif-appeared' }, []);
    diff.appeared.forEach(function (f) { added.appendChild(findingItem(f)); });
    if (!diff.appeared.length) added.appendChild(h('li', { class: 'muted' }, ['none']));
    results.appendChild(added);
  }

  /* Apply a patch on top of the edits so far; throws (the page unchanged) when it cannot. */
  function applyPatch(eventId, patch) {
    var problem = patchProblem(source, eventId, patch);
    if (problem) throw new Error(problem);
    var next = clone(edits);
    next[eventId] = mergePatch(next[eventId] || {}, patch);
    /* A field patched back to null stays in the edit: "not stated" is itself a what-if. */
    var data;
    try {
      data = replayEdits(next);
    } catch (err) {
      throw new Error(String(err && err.message || err));
    }
    var base = baselineData();
    edits = next;
    show(data);
    var diff = diffFindings(base, data);
    renderResults(diff);
    renderFields();
    return { findings: findingsNow(), appeared: diff.appeared, disappeared: diff.disappeared };
  }

  function edit(eventId, patch) {
    return new Promise(function (resolve, reject) {
      setTimeout(function () {
        try {
          var out = applyPatch(eventId, patch);
          showError('');
          status.textContent = 'Replayed with the change: ' + out.disappeared.length + ' finding(s) disappear, ' + out.appeared.length + ' appear.';
          resolve(out);
        } catch (err) {
          showError(String(err && err.message || err));
          status.textContent = 'Not replayed: the page still shows ' + (Object.keys(edits).length ? 'the earlier what-if.' : 'the source.');
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }, 0);
    });
  }
  function reset() {
    return new Promise(function (resolve) {
      setTimeout(function () {
        edits = {};
        show(sourceData);
        showError('');
        renderResults({ appeared: [], disappeared: [] });
        renderFields();
        status.textContent = 'Back to the source.';
        resolve({ findings: findingsNow(), appeared: [], disappeared: [] });
      }, 0);
    });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (busy) return;
    var patch;
    try {
      patch = formPatch();
    } catch (err) {
      showError(String(err && err.message || err));
      return;
    }
    if (!Object.keys(patch).length) { showError('event ' + eventSel.value + ': choose a change first (a field above, or a JSON patch)'); return; }
    busy = true;
    applyBtn.disabled = true;
    status.textContent = 'Replaying…';
    edit(eventSel.value, patch).then(function () { rawBox.value = ''; }, function () {}).then(function () { busy = false; applyBtn.disabled = false; });
  });
  resetBtn.addEventListener('click', function () { reset(); });
  eventSel.addEventListener('change', renderFields);
  /* Typing in the panel's fields is not the presenter's keys (seam 6): keys stop at the panel. */
  panel.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (ev.key === 'Escape') { setOpen(false); if (toggles[0] && document.body.classList.contains('mode-presenter')) toggles[0].focus(); return; }
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) ev.stopPropagation();
  });

  /* The event of the viewer's current step is the one offered, until the trainer picks another. */
  var picked = false;
  eventSel.addEventListener('change', function () { picked = true; });
  function follow(k) {
    if (picked) return;
    var s = currentData.steps && currentData.steps[k];
    if (s && eventOf(source, s.event)) { eventSel.value = s.event; renderFields(); }
  }
  if (viewer && typeof viewer.onStep === 'function') viewer.onStep(follow);
  follow(viewer && typeof viewer.current === 'function' ? viewer.current() : 0);
  renderFields();
  renderResults({ appeared: [], disappeared: [] });

  var api = window.casepath || (window.casepath = {});
  api.edit = edit;
  api.reset = reset;
  if (typeof api.findings !== 'function') api.findings = findingsNow;
})();
`;
