/**
 * Reading the DfE CIN census XML (data-formats.md §1.1) with saxes, one `<Child>` at a
 * time, into small records of raw strings: memory stays bounded whatever the file size.
 *
 * Only the elements the importer maps keep their text (`KEPT`); every other element
 * (UPN, FormerUPN, dates of birth and death, sex, ethnicity, disabilities, ...) is
 * passed over without its text ever being held, so it cannot reach a chronology,
 * a diagnostic or an error. Element names are matched without a namespace prefix.
 */
import { SaxesParser } from 'saxes';
import { ImportError } from './common.js';

/** The census header, as read. */
export interface CinHeader {
  referenceDate?: string;
  lea?: string;
  year?: string;
  collection?: string;
}

/** One `<Child>`, as read: raw strings, in document order. */
export interface CinChildRecord {
  /** 1-based position of the child in the file. */
  position: number;
  /** 1-based line of the `<Child>` start tag. */
  line: number;
  laChildId?: string;
  episodes: CinEpisodeRecord[];
}

export interface CinEpisodeRecord {
  referralDate?: string;
  closureDate?: string;
  dateOfInitialCPC?: string;
  referralNFA?: string;
  assessments: { start?: string; review?: string; auth?: string }[];
  cinPlans: { start?: string; end?: string }[];
  section47: { start?: string; target?: string; icpc?: string; notRequired?: string }[];
  cpps: { start?: string; end?: string; initialCategory?: string; reviews: string[]; reviewGroups: number }[];
  preProceedings: {
    ppStart?: string;
    lbpSent?: string;
    fgdmOffer?: string;
    fgdmFac?: string;
    initialMeeting?: string;
    reviewCount?: string;
    stepDecision?: string;
    outcome?: string;
    courtApp?: string;
    letterInit?: string;
  }[];
}

/** Elements whose text the importer reads; the text of any other element is never kept. */
const KEPT = new Set([
  'ReferenceDate',
  'LEA',
  'Year',
  'Collection',
  'LAchildID',
  'CINreferralDate',
  'CINclosureDate',
  'DateOfInitialCPC',
  'ReferralNFA',
  'AssessmentActualStartDate',
  'AssessmentInternalReviewDate',
  'AssessmentAuthorisationDate',
  'CINPlanStartDate',
  'CINPlanEndDate',
  'S47ActualStartDate',
  'InitialCPCtarget',
  'ICPCnotRequired',
  'CPPstartDate',
  'CPPendDate',
  'InitialCategoryOfAbuse',
  'CPPreviewDate',
  'PPStartDate',
  'LBPSentDate',
  'FGDMMeetingOffer',
  'FGDMMeetingFac',
  'InitialPPMeetingDate',
  'ReviewMeetingsCount',
  'StepDecisionDate',
  'PPOutcome',
  'CourtAppDate',
  'LetterInitCPDate',
]);

/** Longest kept text (dates, flags and codes are short): anything longer is read as invalid. */
const MAX_TEXT = 64;
/** Most elements inside one `<Child>`: a runaway child is an error, not unbounded memory. */
const MAX_ELEMENTS_PER_CHILD = 200_000;

interface XNode {
  name: string;
  kids: XNode[];
  text?: string;
}

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function kid(node: XNode, name: string): XNode | undefined {
  for (const k of node.kids) if (k.name === name) return k;
  return undefined;
}

function text(node: XNode | undefined, name: string): string | undefined {
  const k = node ? kid(node, name) : undefined;
  const t = k?.text?.trim();
  return t === undefined || t === '' ? undefined : t;
}

function all(node: XNode, name: string): XNode[] {
  return node.kids.filter((k) => k.name === name);
}

function toChild(node: XNode, position: number, line: number): CinChildRecord {
  const ids = kid(node, 'ChildIdentifiers');
  const laChildId = text(ids, 'LAchildID');
  return {
    position,
    line,
    ...(laChildId !== undefined ? { laChildId } : {}),
    episodes: all(node, 'CINdetails').map((ep) => {
      const s = (name: string) => text(ep, name);
      return clean({
        referralDate: s('CINreferralDate'),
        closureDate: s('CINclosureDate'),
        dateOfInitialCPC: s('DateOfInitialCPC'),
        referralNFA: s('ReferralNFA'),
        assessments: all(ep, 'Assessments').map((a) =>
          clean({ start: text(a, 'AssessmentActualStartDate'), review: text(a, 'AssessmentInternalReviewDate'), auth: text(a, 'AssessmentAuthorisationDate') }),
        ),
        cinPlans: all(ep, 'CINPlanDates').map((p) => clean({ start: text(p, 'CINPlanStartDate'), end: text(p, 'CINPlanEndDate') })),
        section47: all(ep, 'Section47').map((x) =>
          clean({ start: text(x, 'S47ActualStartDate'), target: text(x, 'InitialCPCtarget'), icpc: text(x, 'DateOfInitialCPC'), notRequired: text(x, 'ICPCnotRequired') }),
        ),
        cpps: all(ep, 'ChildProtectionPlans').map((p) => {
          // Both shapes: one <Reviews> with many <CPPreviewDate>, or many <Reviews> (data-formats.md §1.1).
          const groups = all(p, 'Reviews');
          const reviews = groups.flatMap((g) => all(g, 'CPPreviewDate').map((r) => r.text?.trim() ?? '')).filter((t) => t !== '');
          return { ...clean({ start: text(p, 'CPPstartDate'), end: text(p, 'CPPendDate'), initialCategory: text(p, 'InitialCategoryOfAbuse') }), reviews, reviewGroups: groups.length };
        }),
        preProceedings: all(ep, 'PreProceedingsandFGDM').map((p) =>
          clean({
            ppStart: text(p, 'PPStartDate'),
            lbpSent: text(p, 'LBPSentDate'),
            fgdmOffer: text(p, 'FGDMMeetingOffer'),
            fgdmFac: text(p, 'FGDMMeetingFac'),
            initialMeeting: text(p, 'InitialPPMeetingDate'),
            reviewCount: text(p, 'ReviewMeetingsCount'),
            stepDecision: text(p, 'StepDecisionDate'),
            outcome: text(p, 'PPOutcome'),
            courtApp: text(p, 'CourtAppDate'),
            letterInit: text(p, 'LetterInitCPDate'),
          }),
        ),
      });
    }),
  };
}

/** Drop keys whose value is undefined (exactOptionalPropertyTypes-friendly records). */
function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** A saxes message without anything after a colon (which could quote the document). */
function safeMessage(err: unknown): string {
  const m = String((err as Error).message ?? err);
  // saxes prefixes "file:line:col: "; keep the description, never quoted content.
  const body = m.replace(/^[^:]*:\d+:\d+:\s*/, '');
  return body.split(':')[0]!.slice(0, 80).replace(/[^\x20-\x7e]/g, '?');
}

/** What the reader yields: the header (once, before any child), then each child as it closes. */
export type CinItem = { kind: 'header'; header: CinHeader } | { kind: 'child'; child: CinChildRecord } | { kind: 'bytes'; bytes: number };

/**
 * Stream `input` (bytes or text): the header once it is read, then each `<Child>` as it
 * closes, and the bytes read after each chunk. Throws {@link ImportError} on input that
 * is not a CIN census (not well-formed XML, no `<Message>`, children before a header
 * with a ReferenceDate).
 */
export async function* readCinXml(input: AsyncIterable<Uint8Array | string>, file: string): AsyncGenerator<CinItem> {
  const parser = new SaxesParser({ position: true });
  const decoder = new TextDecoder('utf-8');
  const header: CinHeader = {};
  const path: string[] = [];
  let headerDone = false;
  let stack: XNode[] = [];
  let childLine = 0;
  let elements = 0;
  let position = 0;
  let sawRoot = false;
  const ready: CinItem[] = [];
  let textTarget: XNode | undefined;

  const finishHeader = (line: number) => {
    if (header.referenceDate === undefined) throw new ImportError(file, 'invalid-field', 'the header has no CollectionDetails/ReferenceDate (it must come before the children)', line);
    headerDone = true;
    ready.push({ kind: 'header', header: { ...header } });
  };

  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (path.length === 0) {
      if (name !== 'Message') throw new ImportError(file, 'unsupported-format', `the root element is <${name}>, not <Message>: not a CIN census file`, parser.line);
      sawRoot = true;
    }
    path.push(name);
    textTarget = undefined;
    if (path.length === 3 && path[1] === 'Children' && name === 'Child') {
      if (!headerDone) finishHeader(parser.line);
      stack = [{ name, kids: [] }];
      childLine = parser.line;
      elements = 0;
      return;
    }
    if (stack.length) {
      if (++elements > MAX_ELEMENTS_PER_CHILD) throw new ImportError(file, 'invalid-field', `a <Child> holds more than ${MAX_ELEMENTS_PER_CHILD} elements`, parser.line);
      const node: XNode = { name, kids: [] };
      stack[stack.length - 1]!.kids.push(node);
      stack.push(node);
      if (KEPT.has(name)) textTarget = node;
    } else if (path[1] === 'Header' && KEPT.has(name)) {
      textTarget = { name, kids: [] };
    }
  });
  const onText = (t: string) => {
    if (!textTarget) return;
    const next = (textTarget.text ?? '') + t;
    // Over-long text is kept as a marker that reads as invalid, never in full.
    textTarget.text = next.length > MAX_TEXT ? '\u0000too-long' : next;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    if (path[1] === 'Header' && textTarget && !stack.length) {
      const t = textTarget.text?.trim();
      if (t) {
        if (name === 'ReferenceDate') header.referenceDate = t;
        else if (name === 'LEA') header.lea = t;
        else if (name === 'Year') header.year = t;
        else if (name === 'Collection') header.collection = t;
      }
    }
    textTarget = undefined;
    path.pop();
    if (stack.length) {
      const node = stack.pop()!;
      if (stack.length === 0) ready.push({ kind: 'child', child: toChild(node, ++position, childLine) });
    }
    if (path.length === 1 && name === 'Header' && !headerDone) finishHeader(parser.line);
  });

  const feed = (chunk: string) => {
    try {
      parser.write(chunk);
    } catch (err) {
      if (err instanceof ImportError) throw err;
      throw new ImportError(file, 'parse-error', `not well-formed XML (${safeMessage(err)})`, parser.line);
    }
  };

  let bytes = 0;
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk);
      feed(chunk);
    } else {
      bytes += chunk.length;
      feed(decoder.decode(chunk, { stream: true }));
    }
    yield* ready.splice(0);
    yield { kind: 'bytes', bytes };
  }
  feed(decoder.decode());
  try {
    parser.close();
  } catch (err) {
    throw new ImportError(file, 'parse-error', `not well-formed XML (${safeMessage(err)})`, parser.line);
  }
  if (!sawRoot) throw new ImportError(file, 'parse-error', 'no XML document found (empty input?)');
  if (!headerDone) finishHeader(parser.line);
  yield* ready.splice(0);
}
