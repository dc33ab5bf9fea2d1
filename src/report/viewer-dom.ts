/**
 * The few DOM helpers both page scripts use (the viewer, src/report/viewer-client.ts, and
 * the what-if panel, src/report/viewer-whatif-client.ts): plain ES2020 function
 * declarations, inlined at the top of each script's closure. `h` builds an element from
 * attributes and children, setting text through text nodes only: neither script uses
 * innerHTML. Kept as a string for the same reason as the scripts (no bundler for the page's
 * own code); it contains neither backticks nor the template-substitution sequence.
 */
export const DOM_HELPERS = String.raw`
  function $(id) { return document.getElementById(id); }
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'class') el.className = v;
      else el.setAttribute(k, String(v));
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
`;
