/**
 * Hostile input (issue 11): every reproduction that once gave an internal error (exit 3),
 * a crash, a hang or a child's notes in an error message now gives an issue — exit 2
 * from the CLI, an issue list from the loader, InvalidChronologyError from `replay` and
 * the monitor — whose message names the problem and quotes no free text.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { replayNdjson } from '../src/bulk/stream.js';
import { parseDay } from '../src/calendar/day.js';
import { main } from '../src/cli/main.js';
import {
  InvalidChronologyError,
  type Issue,
  createCaseMonitor,
  loadChronologyData,
  loadChronologyFile,
  loadChronologyText,
  loadConfigFile,
  replay,
} from '../src/index.js';
import { MAX_DEPTH } from '../src/input/parse.js';
import { named, quotable } from '../src/input/quote.js';

/** The planted free text: a note no message may ever print. */
const NOTE = 'Zq the child said something private 7731';
const dir = mkdtempSync(join(tmpdir(), 'casepath-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  if (typeof code !== 'number') throw new Error('expected a synchronous command');
  return { code, stdout, stderr };
}

/** The CLI's verdict on a file, with and without --json: exit 2, no stack trace, the note nowhere. */
function refused(path: string, ...extra: string[]): { stderr: string; issues: Issue[] } {
  const plain = cli('check', path, ...extra);
  const json = cli('check', path, '--json', ...extra);
  const replayed = cli('replay', path, ...extra);
  for (const r of [plain, json, replayed]) {
    expect(r.code).toBe(2);
    expect(`${r.stdout}${r.stderr}`).not.toContain(NOTE);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/internal error|\n\s+at .*:\d+:\d+/);
  }
  expect(plain.stdout).toBe('');
  return { stderr: plain.stderr, issues: (JSON.parse(json.stdout) as { issues: Issue[] }).issues };
}

function issuesOf(r: ReturnType<typeof loadChronologyText>): Issue[] {
  if (r.ok) throw new Error('expected issues');
  for (const i of r.issues) expect(JSON.stringify(i)).not.toContain(NOTE);
  return r.issues;
}

function thrown(f: () => unknown): InvalidChronologyError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidChronologyError);
    expect((err as Error).message).not.toContain(NOTE);
    return err as InvalidChronologyError;
  }
  throw new Error('expected InvalidChronologyError');
}

const header = (asOf = '2024-12-31') => `case: hostile\nasOf: ${asOf}\nchildren: [{ id: A }]\nevents:\n`;
const strategy = (at: string) =>
  `  - { id: ref, type: referral.received, at: 2024-01-02, note: "${NOTE}" }\n  - { id: s, type: strategy.held, at: ${at}, decision: s47, participants: [social-care, police, health] }\n`;
const yaml = (text: string) => loadChronologyText(text, 'x.yaml', 'yaml');
const json = (value: unknown) => loadChronologyText(JSON.stringify(value), 'x.json', 'json');
const object = (events: unknown[], extra: Record<string, unknown> = {}) => ({ case: 'hostile', asOf: '2024-12-31', children: [{ id: 'A' }], events, ...extra });

describe('YAML that once crashed the loader', () => {
  test('an alias with no anchor is a parse issue with its line and column', () => {
    const { stderr, issues } = refused(file('alias.yaml', `case: *x\nchildren: [{ id: A, note: "${NOTE}" }]\nevents: []\n`));
    expect(issues).toEqual([expect.objectContaining({ code: 'parse-error', message: 'not valid YAML: an alias (*name) with no anchor (&name) before it at line 1, column 7' })]);
    expect(stderr).not.toContain('*x');
  });

  test('an alias bomb is refused once it passes the alias limit', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f'].entries()) levels.push(`${name}: &${name} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`);
    const { issues } = refused(file('bomb.yaml', `${levels.join('\n')}\n`));
    expect(issues[0]!.message).toMatch(/more than 100 alias expansions/);
  });

  test('an alias inside the node its anchor names (a cycle) is a parse issue', () => {
    const issues = issuesOf(yaml(`${header()}  - &e { id: ref, type: referral.received, at: 2024-01-02, children: [*e] }\n`));
    expect(issues[0]!.message).toMatch(/^not valid YAML: an alias \(\*name\) inside the node its anchor names \(a cycle\) at line 5/);
  });

  test('YAML nested 900 levels deep is refused before the parser recurses', () => {
    const deep = `${header()}  - { id: ref, type: referral.received, at: 2024-01-02, note: ${'['.repeat(900)}${']'.repeat(900)} }\n`;
    const { issues } = refused(file('deep.yaml', deep));
    expect(issues[0]!.message).toMatch(/^nested more than 64 levels deep \(at line 5, column \d+\)/);
    const blocks = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(issuesOf(yaml(blocks))[0]!.message).toMatch(/more than 64 levels deep/);
  });

  test('nesting just inside the limit still parses (and fails only on the schema)', () => {
    const ok = yaml(`${header()}  - { id: ref, type: referral.received, at: 2024-01-02, cite: ${'['.repeat(MAX_DEPTH - 3)}${']'.repeat(MAX_DEPTH - 3)} }\n`);
    expect(issuesOf(ok).map((i) => i.code)).toEqual(['invalid-field']);
  });

  test('custom and YAML 1.1 tags are refused; the core tags are not', () => {
    for (const tag of ['!secret', '!!binary', '!!timestamp', '!!set']) {
      const issues = issuesOf(yaml(`${header()}  - { id: ref, type: referral.received, at: 2024-01-02, note: ${tag} aGVsbG8= }\n`));
      expect(issues[0]!.message).toMatch(/^not valid YAML: a YAML tag \(!\.\.\.\) casepath does not accept.* at line 5, column \d+$/);
    }
    expect(yaml(`${header()}  - { id: ref, type: !!str referral.received, at: 2024-01-02 }\n`).ok).toBe(true);
  });

  test('more than one document is a parse issue', () => {
    expect(issuesOf(yaml(`${header()}  - { id: ref, type: referral.received, at: 2024-01-02 }\n---\nnote: ${NOTE}\n`))[0]!.message).toMatch(/more than one YAML document/);
  });
});

describe('dates outside INPUT_YEARS (1900–2899) are issues, not calendar crashes', () => {
  test('a strategy discussion on 2999-12-30 (its ICPC would fall due in 3000) exits 2 naming event and field', () => {
    const { issues } = refused(file('y2999.yaml', `${header()}${strategy('2999-12-30')}`));
    expect(issues).toEqual([expect.objectContaining({ code: 'bad-date', eventId: 's', path: 'at', message: '"2999-12-30" is outside the years 1900–2899, the dates casepath accepts' })]);
  });

  test('the last day of the range still replays, its deadline counted', () => {
    const r = replay(file('edge.yaml', `${header('2899-12-31')}${strategy('2899-12-30').replace('2024-01-02', '2899-12-29')}`));
    expect(r.deadlines.find((d) => d.rule === 'icpc-late')?.status).toBe('open');
  });

  test('years before 1900, and years 0–99 (which Date.UTC reads as 19xx), are refused', () => {
    for (const at of ['1899-12-31', '1899', '"0050"', '"0050-03"', '3000']) {
      const issues = issuesOf(yaml(`${header()}${strategy(at)}`));
      expect(issues).toEqual([expect.objectContaining({ code: 'bad-date', eventId: 's', path: 'at' })]);
      expect(issues[0]!.message).toMatch(/is outside the years 1900–2899/);
    }
  });

  test('an offset or tolerance longer than 100 years is refused, however large', () => {
    for (const [spec, field] of [
      ['{ after: ref, offset: P10000000000D }', 'offset'],
      ['{ after: ref, offset: P99999999999999999999Y }', 'offset'],
      ['{ after: ref, offset: P1D, tolerance: P101Y }', 'tolerance'],
      ['{ before: ref, offset: P1201M }', 'offset'],
    ] as const) {
      const issues = issuesOf(yaml(`${header()}${strategy(spec)}`));
      expect(issues[0]).toMatchObject({ code: 'bad-date', eventId: 's', path: 'at' });
      expect(issues[0]!.message, field).toMatch(/is longer than 100 years/);
    }
    expect(yaml(`${header('2130-01-01')}${strategy('{ after: ref, offset: P100Y }')}`).ok).toBe(true);
  });

  test('a relative date whose solved window leaves the range is an issue naming the event', () => {
    const issues = issuesOf(yaml(`${header()}${strategy('{ after: ref, offset: P99Y }').replace('2024-01-02', '2850-06-01')}`));
    expect(issues).toEqual([expect.objectContaining({ code: 'bad-date', eventId: 's', path: 'at' })]);
    expect(issues[0]!.message).toBe('s: its date (P99Y after ref) works out to 2949-05-31..2949-06-02, which is outside the years 1900–2899, the dates casepath accepts');
    // A due date within an event is solved too.
    const due = issuesOf(json(object([{ id: 'c', type: 'commitment.made', at: '2880-01-01', due: 'P50Y' }])));
    expect(due[0]).toMatchObject({ code: 'bad-date', eventId: 'c', path: 'due' });
  });

  test('asOf outside the range: in the file, as a CLI option, as a library option, in the monitor', () => {
    expect(issuesOf(yaml(`${header('3000-01-01')}${strategy('2024-01-03')}`))).toEqual([expect.objectContaining({ code: 'bad-date', path: 'asOf' })]);
    const ok = file('ok.yaml', `${header()}${strategy('2024-01-03')}`);
    const r = cli('replay', ok, '--as-of', '3000-01-01');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as-of 3000-01-01 is outside the years 1900–2899');
    const e = thrown(() => replay(ok, { asOf: '3000-01-01' }));
    expect(e.issues).toEqual([expect.objectContaining({ code: 'bad-date', path: 'asOf', message: 'asOf 3000-01-01 is outside the years 1900–2899, the dates casepath accepts' })]);
    expect(thrown(() => replay(object([]), { asOf: 'tomorrow' })).issues[0]).toMatchObject({ code: 'bad-date', path: 'asOf' });
    expect(issuesOf(loadChronologyFile(ok, { asOf: parseDay('1899-12-31')! }))[0]).toMatchObject({ code: 'bad-date', path: 'asOf' });

    const monitor = createCaseMonitor({ case: 'hostile', children: [{ id: 'A' }] });
    monitor.record({ id: 'ref', type: 'referral.received', at: '2024-01-02', note: NOTE });
    expect(thrown(() => monitor.deadlines('3000-01-01')).issues[0]).toMatchObject({ code: 'bad-date', path: 'asOf' });
    expect(thrown(() => monitor.findings('1899-12-31')).issues[0]).toMatchObject({ code: 'bad-date', path: 'asOf' });
    expect(thrown(() => monitor.check({ id: 's', type: 'strategy.held', at: '2999-12-30', decision: 's47' })).issues[0]).toMatchObject({ code: 'bad-date', eventId: 's', path: 'at' });
    expect(thrown(() => monitor.record({ id: 's', type: 'note', at: { after: 'ref', offset: 'P10000000000D' } })).issues[0]).toMatchObject({ code: 'bad-date', eventId: 's' });
    expect(monitor.events()).toHaveLength(1);
  });
});

describe('syntax errors give line, column and kind, never the text around them', () => {
  test('JSON: a typo beside a note prints neither the note nor the excerpt', () => {
    const text = `{"case":"c","children":[{"id":"A"}],\n "events":[{"id":"r","type":"note","at":"2024-01-02","note":x"${NOTE}"}]}`;
    const { stderr, issues } = refused(file('typo.json', text));
    expect(issues).toEqual([{ code: 'parse-error', file: expect.any(String), path: '', message: 'not valid JSON: an unexpected character where a value should be at line 2, column 61' }]);
    expect(stderr).not.toContain('note":x');
    expect(issuesOf(loadChronologyText(text, 'typo.json', 'json'))[0]!.message).not.toContain('Zq');
  });

  test('JSON errors of every kind are located', () => {
    const cases: [string, string][] = [
      ['{"a":1,}', 'a comma before "}" at line 1, column 8'],
      ['{"a":1', 'the input ends before the JSON is complete at line 1, column 7'],
      [`{"a":"${NOTE}`, 'a string that is never closed at line 1, column 6'],
      [`{"a":"line\nbreak ${NOTE}"}`, 'a control character (such as a line break or tab) inside a string at line 1, column 11'],
      ["{'a':1}", 'an unexpected character where a double-quoted field name should be at line 1, column 2'],
      ['{"a" 1}', 'a missing ":" after a field name at line 1, column 6'],
      ['{"a":01}', 'an invalid number at line 1, column 6'],
      ['[1] x', 'more content after the end of the JSON value at line 1, column 5'],
      ['{"a":"\\x"}', 'an invalid escape (a backslash) in a string at line 1, column 7'],
      ['[1 2]', 'a missing "," or "]" at line 1, column 4'],
    ];
    for (const [text, problem] of cases) expect(issuesOf(loadChronologyText(text, 'x.json', 'json'))[0]!.message).toBe(`not valid JSON: ${problem}`);
  });

  test('YAML: a file whose first line is indented does not print the next scalar', () => {
    const { stderr, issues } = refused(file('indented.yaml', `  case: c\nnote: ${NOTE}\n`));
    expect(issues.length).toBeGreaterThan(0);
    for (const i of issues) expect(i.message).toMatch(/^not valid YAML: .* at line \d+, column \d+$/);
    expect(stderr).not.toMatch(/Zq|private/);
  });

  test('JSON nested 100,000 levels deep, and a library object that contains itself, are issues', () => {
    expect(issuesOf(loadChronologyText(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'x.json', 'json'))[0]!.message).toMatch(/^nested more than 64 levels deep \(at line 1, column 65\)/);
    const cyclic: Record<string, unknown> = object([]);
    (cyclic['events'] as unknown[]).push(cyclic);
    expect(issuesOf(loadChronologyData(cyclic, '(object)'))[0]!.message).toMatch(/more than 64 levels deep \(or it contains itself\)/);
    expect(thrown(() => replay(cyclic)).issues).toHaveLength(1);
  });
});

describe('free text in structured fields is described, not echoed', () => {
  test('a 1 MB event type is rejected with its length, without a did-you-mean', () => {
    const type = 'x'.repeat(1_048_576);
    const issues = issuesOf(json(object([{ id: 'r', type, at: '2024-01-02' }])));
    expect(issues).toEqual([expect.objectContaining({ code: 'unknown-event-type', eventId: 'r', path: 'type', message: 'an unknown event type of 1,048,576 characters' })]);
    // A short near miss is still quoted, with its suggestion.
    expect(issuesOf(json(object([{ id: 'r', type: 'referral.recieved', at: '2024-01-02' }])))[0]!.message).toBe('unknown event type "referral.recieved"; did you mean "referral.received"?');
    // A sentence as a type: described, and the suggestion names only our own vocabulary.
    expect(issuesOf(json(object([{ id: 'r', type: NOTE, at: '2024-01-02' }])))[0]!.message).toBe(`an unknown event type of ${NOTE.length} characters`);
  });

  test('an unknown key is described by its length', () => {
    const key = `${NOTE} `.repeat(10).slice(0, 300);
    const issues = issuesOf(json(object([{ id: 'r', type: 'note', at: '2024-01-02', [key]: 1 }])));
    expect(issues).toEqual([expect.objectContaining({ code: 'invalid-field', eventId: 'r', message: 'an unknown field of 300 characters' })]);
    const several = issuesOf(json(object([{ id: 'r', type: 'note', at: '2024-01-02', colour: 1, [NOTE]: 2 }])));
    expect(several[0]!.message).toBe(`unknown fields "colour", (a key of ${NOTE.length} characters)`);
    const top = issuesOf(json({ ...object([]), [NOTE]: 1 }));
    expect(top[0]!.message).toBe(`an unknown field of ${NOTE.length} characters`);
  });

  test('an id that is free text is never echoed: the event is named by its position', () => {
    const issues = issuesOf(json(object([{ id: 'ref', type: 'referral.received', at: '2024-01-02' }, { id: NOTE, type: 'note', at: '2024-01-02' }, { id: NOTE, type: 'nope' }])));
    // The same free-text id twice is a duplicate too, reported in the same run, described not quoted.
    expect(issues).toEqual([
      expect.objectContaining({ code: 'invalid-field', eventIndex: 1, path: 'id' }),
      expect.objectContaining({ code: 'duplicate-id', eventIndex: 1, message: 'the id (an id of 40 characters) is used by more than one event (events #2 and #3)' }),
      expect.objectContaining({ code: 'unknown-event-type', eventIndex: 2 }),
    ]);
    expect(issues.every((i) => i.eventId === undefined)).toBe(true);
    expect(cli('check', file('id.json', JSON.stringify(object([{ id: NOTE, type: 'note', at: '2024-01-02' }])))).stderr).toMatch(/: event #1, field id: ids use letters/);
    // A valid id longer than 40 characters is named by position too.
    const long = 'a'.repeat(60);
    const dup = issuesOf(json(object([{ id: long, type: 'note', at: '2024-01-02' }, { id: long, type: 'note', at: '2024-01-03' }])));
    expect(dup[0]).toMatchObject({ code: 'duplicate-id', eventIndex: 0, message: 'the id (an id of 60 characters) is used by more than one event (events #1 and #2)' });
    expect(dup[0]!.eventId).toBeUndefined();
  });

  test('references and children that are free text are described', () => {
    const issues = issuesOf(
      json(
        object([
          { id: 'ref', type: 'referral.received', at: '2024-01-02', children: [NOTE] },
          { id: 'told', type: 'outcome.shared', at: '2024-01-03', of: NOTE, with: 'parent' },
        ]),
      ),
    );
    expect(issues.map((i) => i.message)).toEqual([
      `an unknown child of ${NOTE.length} characters (the file's children are A)`,
      `no event or concern has the id (an id of ${NOTE.length} characters)`,
    ]);
    const anchor = issuesOf(json(object([{ id: 'ref', type: 'referral.received', at: '2024-01-02' }, { id: 'later', type: 'note', at: { after: NOTE, offset: 'P1W' } }])));
    expect(anchor.map((i) => i.message)).toEqual([`later is dated after (an id of ${NOTE.length} characters), but no event has that id`]);
    // The file's own children list, when a child id is free text, is described too.
    const children = issuesOf(json({ ...object([{ id: 'ref', type: 'referral.received', at: '2024-01-02', children: ['B'] }]), children: [{ id: NOTE }] }));
    expect(children[0]!.message).toBe(`unknown child "B" (the file's children are (an id of ${NOTE.length} characters))`);
  });

  test('a date that is free text is described', () => {
    const issues = issuesOf(json(object([{ id: 'r', type: 'note', at: NOTE }])));
    expect(issues[0]!.message).toMatch(new RegExp(`^\\(a date of ${NOTE.length} characters\\) is not a date`));
  });

  test('__proto__ and constructor keys are unknown fields, and pollute nothing', () => {
    const text = `{"case":"c","children":[{"id":"A"}],"events":[{"id":"r","type":"note","at":"2024-01-02","__proto__":{"polluted":1},"constructor":2}]}`;
    expect(issuesOf(loadChronologyText(text, 'x.json', 'json'))[0]!.message).toBe('unknown fields "__proto__", "constructor"');
    expect(issuesOf(yaml(`${header()}  - { id: r, type: note, at: 2024-01-02, __proto__: { polluted: 1 } }\n`))[0]!.message).toBe('unknown field "__proto__"');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('what may be quoted: short, id-like text only', () => {
    expect(['icpc', '2024-13-01', 'referral.received', 'P1W', 'a:b_c-d.e']).toSatisfy((xs: string[]) => xs.every(quotable));
    expect([NOTE, 'x'.repeat(41), 'late 2022', '31/01/2024', '', 'a"b', 42]).toSatisfy((xs: unknown[]) => xs.every((x) => !quotable(x)));
    expect(named('unknown field', 'x'.repeat(300))).toBe('an unknown field of 300 characters');
    expect(named('unknown child', 42)).toBe('an unknown child that is a number');
  });
});

describe('files that are not regular files, too large or not UTF-8', () => {
  const hasMkfifo = (() => {
    try {
      execFileSync('mkfifo', [join(dir, 'probe.fifo')]);
      return true;
    } catch {
      return false;
    }
  })();

  test.skipIf(!hasMkfifo)('a FIFO is refused at once, never read (it would block forever)', async () => {
    const fifo = join(dir, 'case.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(refused(fifo).issues).toEqual([expect.objectContaining({ code: 'not-a-file', message: 'this is a FIFO (named pipe), not a regular file; casepath reads only regular files' })]);
    expect(loadConfigFile(fifo).issues[0]!.code).toBe('not-a-file');
    const fifoNdjson = join(dir, 'corpus.ndjson');
    execFileSync('mkfifo', [fifoNdjson]);
    let stderr = '';
    const code = await main(['replay', '--ndjson', fifoNdjson], { stdout: () => undefined, stderr: (t) => (stderr += t), env: {} });
    expect(code).toBe(2);
    expect(stderr).toContain('not a regular file');
  });

  test('a device and a directory are refused', () => {
    const zero = join(dir, 'zero.yaml');
    execFileSync('ln', ['-s', '/dev/zero', zero]);
    expect(refused(zero).issues[0]).toMatchObject({ code: 'not-a-file', message: expect.stringContaining('a character device') });
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    expect(refused(folder).issues[0]).toMatchObject({ code: 'not-a-file', message: expect.stringContaining('a directory') });
  });

  test('a file over the size limit names the limit and how to raise it', () => {
    const path = file('big.yaml', `${header()}${strategy('2024-01-03')}`);
    const small = refused(path, '--max-file-size', '100');
    expect(small.issues).toEqual([expect.objectContaining({ code: 'too-large', message: expect.stringMatching(/^the file \(\d+ bytes\) is larger than the limit of 100 bytes; raise it with --max-file-size or the maxFileSize option$/) })]);
    expect(cli('check', path, '--max-file-size', '1KiB').code).toBe(0);
    expect(issuesOf(loadChronologyFile(path, { maxFileSize: 64 }))[0]!.code).toBe('too-large');
    expect(issuesOf(loadChronologyText('x'.repeat(2000), 'x.yaml', 'yaml', { maxFileSize: 1000 }))[0]!.message).toMatch(/larger than the limit of 1,000 bytes|larger than the limit of 1000 bytes/);
    expect(cli('check', path, '--max-file-size', 'lots').code).toBe(2);
    const big = 'a'.repeat(17 * 1024 * 1024);
    expect(issuesOf(loadChronologyText(big, 'x.json', 'json'))[0]!.message).toMatch(/larger than the limit of 16 MiB/);
  });

  test('a UTF-8 byte-order mark is accepted in JSON and in YAML', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const jsonFile = file('bom.json', Buffer.concat([bom, Buffer.from(JSON.stringify(object([{ id: 'r', type: 'referral.received', at: '2024-01-02' }])))]));
    const yamlFile = file('bom.yaml', Buffer.concat([bom, Buffer.from(`${header()}${strategy('2024-01-03')}`)]));
    expect(cli('check', jsonFile).code).toBe(0);
    expect(cli('check', yamlFile).code).toBe(0);
    expect(loadChronologyText(`\ufeff${JSON.stringify(object([]))}`, 'x.json', 'json').ok).toBe(true);
  });

  test('text that is not UTF-8 is an issue with its position', () => {
    const latin1 = file('latin1.json', Buffer.concat([Buffer.from('{"case":"caf'), Buffer.from([0xe9]), Buffer.from(`", "note": "${NOTE}"}`)]));
    expect(refused(latin1).issues).toEqual([expect.objectContaining({ code: 'bad-encoding', message: 'the file is not UTF-8: byte 13 (line 1, column 13) is not part of a UTF-8 character; save it as UTF-8' })]);
    const utf16 = file('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header()}`, 'utf16le')]));
    expect(refused(utf16).issues[0]).toMatchObject({ code: 'bad-encoding', message: expect.stringContaining('UTF-16') });
  });
});

describe('the rules config and bulk NDJSON follow the same rules', () => {
  test('a trace given to report: a file that is not a trace quotes nothing, a directory is refused', async () => {
    const chronology = file('traced.yaml', `${header()}${strategy('2024-01-03')}`);
    const trace = file('trace.json', `{"format":"casepath-trace","note":x"${NOTE}"}`);
    let stderr = '';
    const io = { stdout: () => undefined, stderr: (t: string) => (stderr += t), env: {} };
    expect(await main(['report', chronology, '-o', join(dir, 'r.html'), '--trace', trace], io)).toBe(2);
    expect(stderr).toContain('not a casepath inspection trace: not valid JSON: an unexpected character where a value should be at line 1, column 35');
    expect(stderr).not.toContain('Zq');
    stderr = '';
    expect(await main(['report', chronology, '-o', join(dir, 'r.html'), '--trace', dir], io)).toBe(2);
    expect(stderr).toContain('this is a directory, not a regular file');
  });

  test('a config: syntax errors located, unknown names described, impossible timescales refused', () => {
    const typo = loadConfigFile(file('la.json', `{"timescales": {"icpc": x"${NOTE}"}}`));
    expect(typo.issues[0]!.message).toBe('not valid JSON: an unexpected character where a value should be at line 1, column 25');
    const unknown = loadConfigFile(file('la.yaml', `timescales:\n  "${NOTE}": 3\nrules:\n  "${NOTE}": {}\n`));
    expect(unknown.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(new RegExp(`^an unknown timescale of ${NOTE.length} characters \\(known: `)),
      `an unknown rule of ${NOTE.length} characters`,
    ]);
    expect(unknown.issues.map((i) => i.path)).toEqual([`timescales.(a key of ${NOTE.length} characters)`, `rules.(a key of ${NOTE.length} characters)`]);
    for (const value of ['1.5', '100000000', '[{ from: 3000-01-01, value: 3 }]']) {
      const r = loadConfigFile(file('t.yaml', `timescales:\n  icpc: ${value}\n`));
      expect(r.config, value).toBeUndefined();
      expect(r.issues[0]!.code).toBe('invalid-config');
    }
    const param = loadConfigFile(file('p.yaml', `rules:\n  plo-overdue: { "${NOTE}": 1 }\n`));
    expect(param.issues[0]!.message).toBe(`an unknown field of ${NOTE.length} characters`);
  });

  test('NDJSON: bad lines are reported by number without their text; long and non-UTF-8 lines too', async () => {
    const good = JSON.stringify(object([{ id: 'r', type: 'referral.received', at: '2024-01-02' }]));
    const lines = [
      Buffer.from(`\ufeff${good}\n`),
      Buffer.from(`{"case":"c","note":x"${NOTE}"}\n`),
      Buffer.from(`{"case":"${'y'.repeat(5000)}"}\n`),
      Buffer.concat([Buffer.from('{"case":"caf'), Buffer.from([0xe9]), Buffer.from('"}\r\n')]),
      Buffer.from(`${'['.repeat(200)}${']'.repeat(200)}\n`),
      Buffer.from(`${good}\r\n`),
    ];
    const { aggregate } = await replayNdjson(Readable.from(lines), { source: 'corpus.ndjson', maxLineSize: 4096 });
    expect(aggregate.cases).toBe(2);
    expect(aggregate.invalidCases).toBe(4);
    const samples = [...aggregate.invalidSamples].sort((a, b) => a.line - b.line);
    expect(samples.map((s) => s.line)).toEqual([2, 3, 4, 5]);
    expect(samples[0]!.issues[0]).toBe('corpus.ndjson:2: not valid JSON: an unexpected character where a value should be at line 1, column 20 [parse-error]');
    expect(samples[1]!.issues[0]).toMatch(/^corpus\.ndjson:3: the input is larger than the limit of 4 KiB/);
    expect(samples[2]!.issues[0]).toMatch(/^corpus\.ndjson:4: the line is not UTF-8: byte 13 of it/);
    expect(samples[3]!.issues[0]).toMatch(/^corpus\.ndjson:5: nested more than 64 levels deep/);
    expect(JSON.stringify(aggregate)).not.toContain('Zq');
  });
});
