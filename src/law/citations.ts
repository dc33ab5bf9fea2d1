/**
 * Citations as typed values (instrument, provision, url, version), rendered to text
 * only at the edge. Every rule and timescale cites one or more of these; a source that
 * changed edition (Working Together) is dated data, like a timescale, and a finding cites
 * the edition in force on its event's date.
 */
import { parseDay } from '../calendar/day.js';
import { mapped } from '../arrays.js';

export interface Citation {
  instrument: string;
  provision?: string;
  url?: string;
  /** Edition or version of the instrument, e.g. "2023". */
  version?: string;
  /** How sure casepath's sources are (shared/domain/timescales.md): V seen in the text or two sources; P value seen, provision not; U unconfirmed. */
  confidence?: 'V' | 'P' | 'U';
}

/**
 * A source that changed edition over time: each edition with the first and last day it was
 * in force. A finding cites the edition in force on its event's date; where the event's
 * dates straddle a change, both (and says so).
 */
export interface DatedCitation {
  /** What the editions are editions of, for messages ("Working Together to Safeguard Children"). */
  readonly title: string;
  /** In order, earliest first. `from`/`to` are `YYYY-MM-DD`, inclusive; open-ended when left out. */
  readonly editions: readonly { readonly from?: string; readonly to?: string; readonly citation: Citation }[];
}

/** What a rule or timescale cites: one source, one with dated editions, or several. */
export type CitationSpec = Citation | DatedCitation | readonly (Citation | DatedCitation)[];

/**
 * The day of a `YYYY-MM-DD` in the law's own dated data (an edition's or a timescale value's
 * first or last day), parsed once: findings and clocks ask for them per case, and the
 * strings are few (about a hundred in all).
 */
const lawDays = new Map<string, number | undefined>();
export function lawDay(text: string): number | undefined {
  if (lawDays.has(text)) return lawDays.get(text);
  const day = parseDay(text);
  if (lawDays.size < 10_000) lawDays.set(text, day);
  return day;
}

export function isDated(c: Citation | DatedCitation): c is DatedCitation {
  return 'editions' in c;
}

function plainText(one: Citation): string {
  return one.provision ? `${one.instrument}, ${one.provision}` : one.instrument;
}

/**
 * The citation as text. With `at` (the window of the event a finding is about), a dated
 * source cites the edition in force then; where the window straddles a new edition, both,
 * saying so. Without `at` (a rule listing), the current edition, and the earlier ones named.
 */
export function citationText(c: CitationSpec, at?: { earliest: number; latest: number }): string {
  if (Array.isArray(c)) return mapped(c as readonly (Citation | DatedCitation)[], (x) => citationText(x, at)).join('; ');
  const one = c as Citation | DatedCitation;
  if (!isDated(one)) return plainText(one);
  if (!at) {
    const [current, ...earlier] = [...one.editions].reverse();
    if (!current) return one.title;
    return `${plainText(current.citation)}${earlier.length ? ` (earlier editions: ${earlier.map((e) => e.citation.version ?? e.citation.instrument).join(', ')})` : ''}`;
  }
  const inForce = one.editions.filter((e) => (e.from === undefined || (lawDay(e.from) ?? -Infinity) <= at.latest) && (e.to === undefined || (lawDay(e.to) ?? Infinity) >= at.earliest));
  if (inForce.length === 0) {
    const first = one.editions[0]?.from;
    return `${one.title} (an edition before ${first ?? 'those casepath encodes'}; casepath encodes the editions from ${first ?? 'its first'})`;
  }
  if (inForce.length === 1) return plainText(inForce[0]!.citation);
  const changes = mapped(inForce.slice(1), (e) => e.from).filter((d): d is string => d !== undefined);
  return `${mapped(inForce, (e) => plainText(e.citation)).join(' or ')} (the event's dates straddle ${changes.length === 1 ? 'the change of edition on' : 'changes of edition on'} ${changes.join(', ')})`;
}

/** Every edition of a citation, with the days each was in force (for `casepath rules`). */
export function citationEditions(c: CitationSpec): { citation: string; from?: string; to?: string }[] {
  const all = (Array.isArray(c) ? c : [c]) as readonly (Citation | DatedCitation)[];
  return all.flatMap((x) =>
    isDated(x) ? x.editions.map((e) => ({ citation: plainText(e.citation), ...(e.from ? { from: e.from } : {}), ...(e.to ? { to: e.to } : {}) })) : [{ citation: plainText(x) }],
  );
}

const url = {
  wt23: 'https://www.gov.uk/government/publications/working-together-to-safeguard-children--2',
  ca89: 'https://www.legislation.gov.uk/ukpga/1989/41',
  preproc: 'https://www.gov.uk/government/publications/children-act-1989-court-orders--2',
  hra98: 'https://www.legislation.gov.uk/ukpga/1998/42',
  lgsco: 'https://www.lgo.org.uk/',
};

/** The instruments casepath cites, by short key. */
export const SOURCES = {
  WT23: { instrument: 'Working Together to Safeguard Children 2023', url: url.wt23, version: '2023' },
  CA89: { instrument: 'Children Act 1989', url: url.ca89 },
  PREPROC: {
    instrument: 'DfE, Court orders and pre-proceedings for local authorities',
    url: url.preproc,
    version: '2014',
  },
  PLWG: { instrument: 'Public Law Working Group, best practice guidance', version: '2021' },
  HRA98: { instrument: 'Human Rights Act 1998', url: url.hra98 },
  LOCAL: { instrument: 'Local safeguarding children partnership procedures (typical value; set your own)' },
  LGSCO: { instrument: 'LGSCO, Principles of good administrative practice', url: url.lgsco },
} as const satisfies Record<string, Citation>;

/**
 * The editions of Working Together to Safeguard Children casepath encodes, with the days
 * each was in force (law-corrections review, 2026-12): the 2013, 2015 and 2018 editions put
 * assessment, section 47 enquiries and conferences in chapter 1, the 2023 edition in
 * chapter 3. The values casepath uses (1, 45, 15 working days; 3 and 6 months) are the same
 * in all four.
 */
const WT_EDITIONS = [
  { version: '2013', from: '2013-04-15', to: '2015-03-25', chapter: 'ch. 1', url: 'https://www.gov.uk/government/publications/working-together-to-safeguard-children--2' },
  { version: '2015', from: '2015-03-26', to: '2018-07-03', chapter: 'ch. 1', url: 'https://www.gov.uk/government/publications/working-together-to-safeguard-children--2' },
  { version: '2018', from: '2018-07-04', to: '2023-12-14', chapter: 'ch. 1', url: 'https://www.gov.uk/government/publications/working-together-to-safeguard-children--2' },
  { version: '2023', from: '2023-12-15', chapter: 'ch. 3', url: url.wt23 },
] as const;

/**
 * Working Together to Safeguard Children on `topic`, cited in the edition in force on the
 * event's date (`topic` is the subject in brackets: "initial child protection conference
 * within 15 working days").
 */
export function wt(topic?: string, confidence?: Citation['confidence']): DatedCitation {
  return {
    title: 'Working Together to Safeguard Children',
    editions: WT_EDITIONS.map((e) => ({
      from: e.from,
      ...('to' in e ? { to: e.to } : {}),
      citation: {
        instrument: `Working Together to Safeguard Children ${e.version}`,
        provision: topic ? `${e.chapter} (${topic})` : e.chapter,
        url: e.url,
        version: e.version,
        ...(confidence ? { confidence } : {}),
      },
    })),
  };
}

export function cite(source: keyof typeof SOURCES, provision?: string, confidence?: Citation['confidence']): Citation {
  return { ...SOURCES[source], ...(provision ? { provision } : {}), ...(confidence ? { confidence } : {}) };
}

/** A provision of the Care Planning, Placement and Case Review (England) Regulations 2010. */
export function cppcr(provision: string, confidence: Citation['confidence'] = 'V'): Citation {
  return {
    instrument: 'Care Planning, Placement and Case Review (England) Regulations 2010',
    provision,
    url: 'https://www.legislation.gov.uk/uksi/2010/959',
    confidence,
  };
}

/** The Ombudsman's decision on Mrs B's complaint (shared/seeds/003_94809949e2e43d21.txt). */
export function lgsco23016429(provision: string): Citation {
  return {
    instrument: 'LGSCO decision 23 016 429 (Cheshire East Council, 3 July 2025)',
    provision,
    url: 'https://www.lgo.org.uk/',
    confidence: 'V',
  };
}
