/**
 * Parsing input text (JSON or YAML) into data, with limits, never throwing.
 *
 * - Syntax errors give the line, the column and the kind of problem, never the text
 *   around them (a typo beside a `note` must not print the note). JSON errors are
 *   located by a small scanner of our own, because the engine's message quotes the
 *   input; YAML errors by the `yaml` package's error codes and offsets.
 * - Nesting deeper than {@link MAX_DEPTH} levels is an issue, checked without recursion
 *   before anything recursive (the YAML composer, the schemas) sees the data.
 * - YAML: the core schema only, no custom or YAML 1.1 tags (`!foo`, `!!binary`,
 *   `!!set`, `!!timestamp`); an alias needs an anchor before it, may not sit inside its
 *   own anchor, and at most {@link MAX_ALIASES} alias expansions are allowed (alias
 *   bombs). The package's warnings are never printed.
 * - A byte-order mark at the start is dropped in both formats.
 */
import { Composer, type Document, type ErrorCode, Lexer, LineCounter, Parser, isAlias, isCollection, isNode, visit } from 'yaml';
import type { Issue } from '../issues.js';
import { lineColumn, stripBom } from './read.js';

/** Deepest nesting of lists and objects accepted (a chronology needs about 6). */
export const MAX_DEPTH = 64;
/** Most YAML alias expansions accepted (the `yaml` package's `maxAliasCount`). */
export const MAX_ALIASES = 100;
/** Most parse issues listed for one file. */
const MAX_PARSE_ISSUES = 20;

export type ParseResult = { ok: true; data: unknown } | { ok: false; issues: Issue[] };

export function parseText(text: string, format: 'yaml' | 'json', file: string): ParseResult {
  return format === 'json' ? parseJson(text, file) : parseYaml(text, file);
}

function at(line: number, column: number): string {
  return `line ${line}, column ${column}`;
}

function parseIssue(file: string, message: string): Issue {
  return { code: 'parse-error', file, path: '', message };
}

function tooDeep(file: string, where?: string): Issue {
  return parseIssue(file, `nested more than ${MAX_DEPTH} levels deep${where ? ` (at ${where})` : ''}; a chronology needs only a few levels`);
}

// ---------------------------------------------------------------------------------
// JSON

/** JSON text to data: JSON.parse, with the depth checked first and errors located by us. */
export function parseJson(input: string, file: string): ParseResult {
  const text = stripBom(input);
  const deep = jsonDepthExceeded(text);
  if (deep >= 0) {
    const { line, column } = lineColumn(text, deep);
    return { ok: false, issues: [tooDeep(file, at(line, column))] };
  }
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch {
    const e = locateJsonError(text);
    if (!e) return { ok: false, issues: [parseIssue(file, 'not valid JSON')] };
    const { line, column } = lineColumn(text, e.offset);
    return { ok: false, issues: [parseIssue(file, `not valid JSON: ${e.problem} at ${at(line, column)}`)] };
  }
}

/**
 * JSON text to data with the depth check left to the caller, for the bulk reader: V8's
 * JSON.parse builds nesting of any depth without recursion, so the scan is needed only
 * before something recursive (zod) sees the data, and the loader's one-pass checks, which
 * accept only the schemas' own bounded shapes, make that rare (see `loadUnscannedJson`).
 * Text that is not JSON gets {@link parseJson}'s issue, the depth checked first as there.
 */
export function parseJsonUnscanned(input: string, file: string): ParseResult {
  const text = stripBom(input);
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch {
    return parseJson(text, file);
  }
}

/** {@link parseJson}'s issue for JSON text nested too deep, or undefined. */
export function jsonDepthIssue(input: string, file: string): Issue | undefined {
  const text = stripBom(input);
  const deep = jsonDepthExceeded(text);
  if (deep < 0) return undefined;
  const { line, column } = lineColumn(text, deep);
  return tooDeep(file, at(line, column));
}

/** Offset of the bracket that opens level MAX_DEPTH + 1, or -1. Strings are skipped. */
function jsonDepthExceeded(s: string): number {
  let depth = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      // Skip a string (an unterminated one runs to the end: JSON.parse reports it). indexOf
      // finds the next quote far faster than a loop per character (most of a chronology's
      // text is strings); a quote after an odd run of backslashes is escaped: look further.
      const start = i;
      for (;;) {
        const q = s.indexOf('"', i + 1);
        if (q < 0) {
          i = n;
          break;
        }
        let b = q - 1;
        while (b > start && s.charCodeAt(b) === 92) b--;
        i = q;
        if ((q - 1 - b) % 2 === 0) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

const enum Expect {
  Value,
  ValueOrClose,
  Key,
  KeyOrClose,
  Colon,
  CommaOrClose,
  End,
}

/**
 * Where and why `s` is not JSON (RFC 8259), found without recursion. Only called once
 * JSON.parse has failed; `undefined` if this scanner finds nothing wrong.
 */
export function locateJsonError(s: string): { offset: number; problem: string } | undefined {
  const n = s.length;
  const stack: number[] = []; // 91 '[' or 123 '{'
  let i = 0;
  let expect: Expect = Expect.Value;
  const afterValue = (): Expect => (stack.length ? Expect.CommaOrClose : Expect.End);
  const string = (): { offset: number; problem: string } | undefined => {
    const start = i;
    for (i++; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        i++;
        return undefined;
      }
      if (c < 0x20) return { offset: i, problem: 'a control character (such as a line break or tab) inside a string' };
      if (c === 92) {
        const e = s.charCodeAt(i + 1);
        if (e === 117) {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return { offset: i, problem: 'an invalid \\u escape in a string' };
          i += 5;
        } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) i++;
        else return { offset: i, problem: 'an invalid escape (a backslash) in a string' };
      }
    }
    return { offset: start, problem: 'a string that is never closed' };
  };
  const number = (): { offset: number; problem: string } | undefined => {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    const r = m.exec(s);
    if (!r || r[0] === '-' || r[0].length === 0) return { offset: i, problem: 'an invalid number' };
    const next = s.charCodeAt(i + r[0].length);
    // "01", "1.", "1e": the regex stops early and a digit, "." or "e" follows.
    if ((next >= 48 && next <= 57) || next === 46 || next === 101 || next === 69) return { offset: i, problem: 'an invalid number' };
    i += r[0].length;
    return undefined;
  };
  for (;;) {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
    if (i >= n) return expect === Expect.End ? undefined : { offset: n, problem: 'the input ends before the JSON is complete' };
    const c = s.charCodeAt(i);
    switch (expect) {
      case Expect.Value:
      case Expect.ValueOrClose: {
        if (expect === Expect.ValueOrClose && c === 93) {
          stack.pop();
          i++;
          expect = afterValue();
          break;
        }
        if (c === 123 || c === 91) {
          stack.push(c);
          i++;
          expect = c === 123 ? Expect.KeyOrClose : Expect.ValueOrClose;
          break;
        }
        let e: { offset: number; problem: string } | undefined;
        if (c === 34) e = string();
        else if (c === 45 || (c >= 48 && c <= 57)) e = number();
        else if (s.startsWith('true', i)) i += 4;
        else if (s.startsWith('false', i)) i += 5;
        else if (s.startsWith('null', i)) i += 4;
        else return { offset: i, problem: c === 39 ? 'a single quote where JSON needs a double-quoted string' : 'an unexpected character where a value should be' };
        if (e) return e;
        expect = afterValue();
        break;
      }
      case Expect.Key:
      case Expect.KeyOrClose: {
        if (expect === Expect.KeyOrClose && c === 125) {
          stack.pop();
          i++;
          expect = afterValue();
          break;
        }
        if (c !== 34) return { offset: i, problem: c === 125 ? 'a comma before "}"' : 'an unexpected character where a double-quoted field name should be' };
        const e = string();
        if (e) return e;
        expect = Expect.Colon;
        break;
      }
      case Expect.Colon:
        if (c !== 58) return { offset: i, problem: 'a missing ":" after a field name' };
        i++;
        expect = Expect.Value;
        break;
      case Expect.CommaOrClose: {
        const top = stack[stack.length - 1];
        if (c === 44) {
          i++;
          expect = top === 123 ? Expect.Key : Expect.Value;
        } else if (c === (top === 123 ? 125 : 93)) {
          stack.pop();
          i++;
          expect = afterValue();
        } else return { offset: i, problem: `a missing "," or "${top === 123 ? '}' : ']'}"` };
        break;
      }
      case Expect.End:
        return { offset: i, problem: 'more content after the end of the JSON value' };
    }
  }
}

// ---------------------------------------------------------------------------------
// YAML

/** What each `yaml` error code means, in our words (its own messages quote the input). */
const YAML_PROBLEMS: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'an alias with an anchor or tag of its own',
  BAD_ALIAS: 'a malformed alias',
  BAD_COLLECTION_TYPE: 'a collection of the wrong kind for its tag',
  BAD_DIRECTIVE: 'a malformed % directive',
  BAD_DQ_ESCAPE: 'an invalid escape in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'an anchor or tag in the wrong place',
  BAD_SCALAR_START: 'a plain value starting with a reserved character',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection used as a key',
  BLOCK_IN_FLOW: 'a block collection inside a flow collection ([...] or {...})',
  DUPLICATE_KEY: 'a field given twice in the same mapping',
  IMPOSSIBLE: 'a structure the YAML parser cannot read',
  KEY_OVER_1024_CHARS: 'a key longer than 1,024 characters',
  MISSING_CHAR: 'a missing character (an unclosed bracket or quote, or a missing ":" or ",")',
  MULTILINE_IMPLICIT_KEY: 'a key that runs over more than one line',
  MULTIPLE_ANCHORS: 'a node with more than one anchor',
  MULTIPLE_DOCS: 'more than one YAML document (a "---" separator)',
  MULTIPLE_TAGS: 'a node with more than one tag',
  NON_STRING_KEY: 'a key that is not text',
  TAB_AS_INDENT: 'a tab used for indentation',
  TAG_RESOLVE_FAILED: 'a YAML tag (!...) casepath does not accept: chronologies are plain YAML',
  UNEXPECTED_TOKEN: 'unexpected content',
};

/** Tags a chronology may carry: the YAML 1.2 core schema's. */
const CORE_TAGS = new Set(['map', 'seq', 'str', 'null', 'bool', 'int', 'float'].map((t) => `tag:yaml.org,2002:${t}`));

class DepthExceeded extends Error {
  constructor(readonly offset: number) {
    super('depth');
  }
}

/** CST nesting allowed: the data's limit plus room for the document and block structure. */
const MAX_CST_DEPTH = 2 * MAX_DEPTH + 8;

/** YAML text to data (one document, core schema), or issues with line and column. */
export function parseYaml(input: string, file: string): ParseResult {
  const text = stripBom(input);
  const lines = new LineCounter();
  const pos = (offset: number) => {
    const p = lines.linePos(offset);
    return p.line === 0 ? at(1, offset + 1) : at(p.line, p.col);
  };
  const parser = new Parser(lines.addNewLine);
  // The parser keeps its own stack (no recursion); the composer after it recurses, so
  // the depth is checked token by token before it sees a document.
  function* tokens() {
    lines.addNewLine(0);
    for (const lexeme of new Lexer().lex(text)) {
      yield* parser.next(lexeme);
      if (parser.stack.length > MAX_CST_DEPTH) throw new DepthExceeded(parser.offset);
    }
    yield* parser.end();
  }
  const composer = new Composer({ schema: 'core', version: '1.2', resolveKnownTags: false, merge: false, uniqueKeys: true, logLevel: 'error', prettyErrors: false, strict: true });
  let doc: Document.Parsed | undefined;
  let secondDoc: number | undefined;
  try {
    for (const d of composer.compose(tokens(), true, text.length)) {
      if (!doc) doc = d;
      else {
        secondDoc = d.range[0];
        break;
      }
    }
  } catch (err) {
    if (err instanceof DepthExceeded) return { ok: false, issues: [tooDeep(file, pos(err.offset))] };
    return { ok: false, issues: [parseIssue(file, 'not valid YAML: the YAML parser could not read it')] };
  }
  if (!doc) return { ok: false, issues: [parseIssue(file, 'not valid YAML: the YAML parser could not read it')] };

  const problems: { offset: number; problem: string }[] = [];
  for (const e of doc.errors) problems.push({ offset: e.pos[0], problem: YAML_PROBLEMS[e.code] ?? 'a syntax error' });
  for (const w of doc.warnings) if (w.code === 'TAG_RESOLVE_FAILED') problems.push({ offset: w.pos[0], problem: YAML_PROBLEMS.TAG_RESOLVE_FAILED });
  if (secondDoc !== undefined) problems.push({ offset: secondDoc, problem: YAML_PROBLEMS.MULTIPLE_DOCS });
  if (!problems.length) problems.push(...nodeProblems(doc));
  if (problems.length) {
    const seen = new Set<string>();
    const issues: Issue[] = [];
    for (const p of problems.sort((a, b) => a.offset - b.offset)) {
      const message = `not valid YAML: ${p.problem} at ${pos(p.offset)}`;
      if (seen.has(message)) continue;
      seen.add(message);
      issues.push(parseIssue(file, message));
    }
    if (issues.length > MAX_PARSE_ISSUES) {
      const more = issues.length - MAX_PARSE_ISSUES;
      issues.length = MAX_PARSE_ISSUES;
      issues.push(parseIssue(file, `not valid YAML: ${more.toLocaleString('en-GB')} more problem${more === 1 ? '' : 's'} not listed`));
    }
    return { ok: false, issues };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    const bomb = err instanceof ReferenceError && /excessive alias count/i.test(err.message);
    return {
      ok: false,
      issues: [parseIssue(file, bomb ? `not valid YAML: more than ${MAX_ALIASES} alias expansions (*name); aliases that multiply like this are refused` : 'not valid YAML: its aliases (*name) cannot be resolved')],
    };
  }
  // Aliases can nest a structure inside another: check the expanded data too.
  if (depthExceeded(data)) return { ok: false, issues: [tooDeep(file, 'once its aliases are expanded')] };
  return { ok: true, data };
}

/**
 * Collections nested too deep, aliases with no anchor before them, aliases inside their
 * own anchor, and tags outside the core schema (the CST check keeps this visit's
 * recursion shallow).
 */
function nodeProblems(doc: Document.Parsed): { offset: number; problem: string }[] {
  const out: { offset: number; problem: string }[] = [];
  const anchors = new Map<string, unknown>();
  let deep = false;
  visit(doc, {
    Node(_key, node, path) {
      const offset = node.range?.[0] ?? 0;
      if (!deep && isCollection(node)) {
        let depth = 1;
        for (const p of path) if (isCollection(p)) depth++;
        if (depth > MAX_DEPTH) {
          deep = true;
          out.push({ offset, problem: `nesting more than ${MAX_DEPTH} levels deep` });
        }
      }
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target === undefined) out.push({ offset, problem: 'an alias (*name) with no anchor (&name) before it' });
        else if (path.includes(target as never)) out.push({ offset, problem: 'an alias (*name) inside the node its anchor names (a cycle)' });
        return;
      }
      if (isNode(node)) {
        if (node.anchor) anchors.set(node.anchor, node);
        if (node.tag && !CORE_TAGS.has(node.tag)) out.push({ offset, problem: YAML_PROBLEMS.TAG_RESOLVE_FAILED });
      }
    },
  });
  return out;
}

/**
 * Is `data` nested more than {@link MAX_DEPTH} levels deep? Iterative; a cycle (an
 * object from a caller that contains itself) counts as too deep.
 */
export function depthExceeded(data: unknown): boolean {
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d >= MAX_DEPTH) return true;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x === 'object' && x !== null) stack.push([x, d + 1]);
      }
    } else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        const x = (v as Record<string, unknown>)[k];
        if (typeof x === 'object' && x !== null) stack.push([x, d + 1]);
      }
    }
  }
  return false;
}
