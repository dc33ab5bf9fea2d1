/**
 * The what-if part of the page (issue 13 item 4; the seams with the viewer are in
 * /work/briefs/contract-page-whatif.md, seam 3): the chronology document the page was
 * made from, the engine bundle and the what-if panel's script, as three `<script>`
 * blocks that src/report/html.ts places after the viewer's own script.
 *
 * The document is the one the chronology was read from (src/load.ts
 * `sourceDocumentOf`), with the free-text `note` of every event taken out unless the
 * page was made with notes (spec §2: `note` is the free-text field; the `note` event
 * type carries nothing else). A chronology that did not come from a file or text (an
 * object from a caller) has no document kept, and its page has no what-if panel.
 */
import { basename } from 'node:path';
import { formatDay } from '../calendar/day.js';
import type { Chronology, ReplayResult } from '../engine/types.js';
import { sourceDocumentOf } from '../load.js';
import { engineBundleSource } from './engine-bundle.js';
import { jsonForScript } from './viewer-escape.js';
import { WHATIF_CLIENT } from './viewer-whatif-client.js';

/** The document with every event's (and omission's) free-text `note` removed. */
export function withoutNotes(doc: unknown): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  const copy: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  delete copy['note'];
  if (Array.isArray(copy['events'])) {
    copy['events'] = (copy['events'] as unknown[]).map((e) => {
      if (e === null || typeof e !== 'object' || Array.isArray(e)) return e;
      const { note: _note, ...rest } = e as Record<string, unknown>;
      return rest;
    });
  }
  return copy;
}

/** The three script blocks, or '' when the chronology's document is not known. */
export function whatIfScripts(result: ReplayResult, options: { notes?: boolean; chronology?: Chronology }): string {
  const doc = options.chronology ? sourceDocumentOf(options.chronology) : undefined;
  if (doc === undefined) return '';
  const source = options.notes ? doc : withoutNotes(doc);
  const engine = engineBundleSource();
  if (/<\/script|<!--/i.test(engine)) throw new Error('casepath: the engine bundle contains "</script" or "<!--" and cannot be inlined');
  return (
    `<script type="application/json" id="casepath-source" data-as-of="${formatDay(result.asOf)}" data-notes="${options.notes ? 'true' : 'false'}"` +
    ` data-file="${escapeAttr(basename(result.file))}">${noAddresses(jsonForScript(source))}</script>\n` +
    `<script id="casepath-engine">${engine}</script>\n` +
    `<script>${WHATIF_CLIENT}</script>`
  );
}

/** The page holds no address as text (a source's url): "https:\/\/…" in JSON is the same string. */
function noAddresses(json: string): string {
  return json.replace(/(https?):\/\//gi, '$1:\\/\\/');
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
