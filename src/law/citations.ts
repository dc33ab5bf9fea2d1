/**
 * Citations as typed values (instrument, provision, url, version), rendered to text
 * only at the edge. Every rule and timescale cites one or more of these.
 */
export interface Citation {
  instrument: string;
  provision?: string;
  url?: string;
  /** Edition or version of the instrument, e.g. "2023". */
  version?: string;
  /** How sure casepath's sources are (shared/domain/timescales.md): V seen in the text or two sources; P value seen, provision not; U unconfirmed. */
  confidence?: 'V' | 'P' | 'U';
}

export function citationText(c: Citation | readonly Citation[]): string {
  if (Array.isArray(c)) return (c as readonly Citation[]).map((x) => citationText(x)).join('; ');
  const one = c as Citation;
  return one.provision ? `${one.instrument}, ${one.provision}` : one.instrument;
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
