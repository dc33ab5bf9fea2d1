/**
 * Problems with an input file, as data.
 *
 * One issue type, keyed on `code`; every issue names the file, the event (when
 * there is one), the field path and a message. The same issues feed the terminal,
 * the JSON output and (later) the HTML report. Only the CLI turns them into exit
 * status 2. Messages never quote free-text fields (notes) or the text around a
 * syntax error; a value from the input is quoted only when it is short and looks like
 * an id, a date or an enum value (src/input/quote.ts), otherwise it is described.
 */
import { idText } from './input/quote.js';

export type IssueCode =
  | 'file-not-found'
  /** The path names a directory, FIFO, device or socket, not a regular file. */
  | 'not-a-file'
  /** The file (or text, or NDJSON line) is over the size limit. */
  | 'too-large'
  /** The file is not UTF-8. */
  | 'bad-encoding'
  | 'unsupported-format'
  | 'parse-error'
  | 'invalid-field'
  | 'unknown-event-type'
  | 'duplicate-id'
  | 'unknown-reference'
  | 'unknown-child'
  | 'bad-date'
  | 'contradictory-dates'
  | 'invalid-config';

export interface Issue {
  code: IssueCode;
  file: string;
  /** Id of the event concerned, when there is one. */
  eventId?: string;
  /** Index of the event in `events` (0-based), useful when the id itself is missing. */
  eventIndex?: number;
  /** Field path inside the event or file, e.g. `at.between.1` or `children`. */
  path: string;
  message: string;
  /** Other events involved (e.g. the events whose dates contradict each other). */
  related?: string[];
}

/** Thrown by loaders when a file cannot be used; carries every issue found. */
export class InvalidChronologyError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InvalidChronologyError';
    this.issues = issues;
  }
}

/** `file: event X, field Y: message` — one line, no stack trace. */
export function formatIssue(issue: Issue): string {
  const where: string[] = [];
  if (issue.eventId !== undefined) where.push(`event ${idText(issue.eventId)}`);
  else if (issue.eventIndex !== undefined) where.push(`event #${issue.eventIndex + 1}`);
  if (issue.path) where.push(`field ${issue.path}`);
  const loc = where.length ? ` ${where.join(', ')}:` : '';
  const related = issue.related?.length ? ` (events involved: ${issue.related.join(', ')})` : '';
  return `${issue.file}:${loc} ${issue.message}${related} [${issue.code}]`;
}
