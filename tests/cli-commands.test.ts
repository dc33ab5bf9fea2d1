/**
 * The command line's parsing, help and input handling, through `main(argv, io)`: each
 * command's own --help, did-you-mean, unknown options and missing arguments (exit 2,
 * saying how to get help), `-` for standard input, --only, colour, and how a new
 * command module is registered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { CliCommand } from '../src/cli/command.js';
import { UsageError } from '../src/cli/common.js';
import { EXIT } from '../src/cli/exit-codes.js';
import type { CliIO } from '../src/cli/io.js';
import { COMMANDS, createProgram, main } from '../src/cli/main.js';
import { version } from '../src/version.js';
import { replay } from '../src/index.js';

const root = join(import.meta.dirname, '..');
const missX = join(root, 'scenarios', 'lgsco-24-009-262.yaml');
const missXText = readFileSync(missX, 'utf8');
const invalid = (name: string) => join(root, 'tests', 'fixtures', 'invalid', name);

async function cli(argv: string[], io: Partial<CliIO> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, ...io });
  return { code, stdout, stderr };
}

const stdin = (text: string) => Readable.from([text]);

describe('help', () => {
  test.each(COMMANDS.map((c) => c.name))('casepath %s --help shows that command, its options and examples', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: casepath ${name} `));
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ casepath ${name}`);
    // Not the global help, and never the command's output.
    expect(r.stdout).not.toContain('Commands:');
    expect(r.stdout.length).toBeLessThan(8000);
    expect(await cli(['help', name])).toEqual(r);
  });

  test('casepath --help lists every command and the exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c.name} `, 'm'));
    expect(r.stdout).toContain('Exit status: 0 valid');
  });

  test('no command prints the usage on stderr and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: casepath');
  });

  test('--version and -v print the version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${version()}\n`, stderr: '' });
    expect((await cli(['-v'])).stdout).toBe(`${version()}\n`);
  });
});

describe('usage errors exit 2, name the problem and say where help is', () => {
  test('an unknown command suggests the nearest', async () => {
    const r = await cli(['replya', missX]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`casepath: Unknown command 'replya'\n(Did you mean replay?)\nRun "casepath --help" for usage.\n`);
  });

  test('an unknown option suggests the nearest, and points to the command’s help', async () => {
    const r = await cli(['replay', missX, '--jsn']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`casepath replay: Unknown option '--jsn'\n(Did you mean --json?)\nRun "casepath replay --help" for its options, or "casepath --help" for every command.\n`);
    expect((await cli(['serve', '--prot', '1'])).stderr).toContain('(Did you mean --port?)');
    expect((await cli(['replay', '--ndjson', '-', '--worker', '2'])).stderr).toContain('(Did you mean --workers?)');
  });

  // Commander reports a missing required option before an unknown one: give report its -o.
  const required: Record<string, string[]> = { report: [missX, '-o', '-'] };
  test.each(COMMANDS.map((c) => c.name))('casepath %s refuses an unknown option', async (name) => {
    const r = await cli([name, ...(required[name] ?? []), '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("Unknown option '--frobnicate'");
    expect(r.stderr).toContain(`Run "casepath ${name} --help"`);
  });

  test('a missing argument is named', async () => {
    expect((await cli(['check'])).stderr).toContain("casepath check: Missing required argument 'file'");
    expect((await cli(['replay'])).stderr).toContain("casepath replay: Missing required argument 'file'");
    expect((await cli(['report', missX])).stderr).toContain("Required option '-o, --output <file>' not specified");
    expect((await cli(['replay', missX, '--as-of'])).stderr).toContain("Option '--as-of <date>' argument missing");
    for (const argv of [['check'], ['replay'], ['report', missX]]) expect((await cli(argv)).code).toBe(2);
  });

  test('a value outside the choices lists them', async () => {
    const r = await cli(['replay', missX, '--only', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'sometimes' is invalid. Allowed choices are certain, possible.");
    expect((await cli(['replay', missX, '--engine', 'v4'])).code).toBe(2);
    expect((await cli(['serve', '--mode', 'strict'])).code).toBe(2);
  });

  test('too many arguments, bad numbers and options that do not go together', async () => {
    expect((await cli(['replay', missX, missX])).stderr).toContain('Too many arguments');
    expect((await cli(['generate', '--cases', 'many'])).stderr).toContain('--cases takes a whole number');
    expect((await cli(['replay', '--ndjson', '-', '--workers', '0'])).stderr).toContain('--workers takes a whole number of at least 1');
    expect((await cli(['replay', '--ndjson', '-', '--only', 'certain'])).stderr).toContain("Option '--ndjson <file>' cannot be used with option '--only <certainty>'");
    expect((await cli(['replay', missX, '--workers', '2'])).stderr).toContain('--workers is for bulk replay');
    expect((await cli(['rules', '--json', '--markdown'])).code).toBe(2);
    const step = await cli(['replay', '-', '--step'], { stdin: stdin(missXText) });
    expect(step.code).toBe(2);
    expect(step.stderr).toContain('--step reads keys from standard input, so the chronology cannot come from it');
  });
});

describe('"-" reads the chronology from standard input', () => {
  test('replay - prints what replay FILE prints', async () => {
    const fromFile = await cli(['replay', missX, '--json']);
    const fromStdin = await cli(['replay', '-', '--json'], { stdin: stdin(missXText) });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    const text = await cli(['replay', '-'], { stdin: stdin(missXText) });
    expect(text.stdout).toBe((await cli(['replay', missX])).stdout);
  });

  test('JSON on standard input: read as YAML by default (YAML includes JSON), or with --format json', async () => {
    const json = JSON.stringify({ case: 'json-in', asOf: '2024-06-30', completeness: 'record', children: [{ id: 'A' }], events: [{ id: 'ref', type: 'referral.received', at: '2024-03-04' }] });
    for (const extra of [[], ['--format', 'json']]) {
      const r = await cli(['check', '-', ...extra], { stdin: stdin(json) });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('stdin: valid — case json-in, 1 events, children A; dates all exact.\n');
    }
    // --format json holds the text to JSON: YAML is then a parse error, named as stdin's.
    const yaml = await cli(['check', '-', '--format', 'json'], { stdin: stdin(missXText) });
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/^stdin: not valid JSON/);
  });

  test('problems in a chronology on standard input are reported as stdin’s', async () => {
    const r = await cli(['replay', '-'], { stdin: stdin(readFileSync(invalid('duplicate-ids.yaml'), 'utf8')) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^stdin: event meeting, field id: the id "meeting" is used by more than one event/);
  });

  test('report - -o - writes the page to standard output', async () => {
    const r = await cli(['report', '-', '-o', '-'], { stdin: stdin(missXText) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/i);
    const mx = replay(join(root, 'scenarios', 'lgsco-24-009-262.yaml'));
    expect(r.stderr).toBe(`casepath: report for lgsco-24-009-262 written to standard output (${mx.timeline.length} steps, ${mx.findings.length} findings).\n`);
  });

  test('--format is for standard input only; "-" with no standard input is a usage error', async () => {
    const r = await cli(['replay', missX, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format is for a chronology on standard input (-)');
    const none = await main(['check', '-'], { stdout: () => {}, stderr: () => {}, env: {} });
    expect(none).toBe(2);
  });
});

describe('--only', () => {
  const marks = (out: string) => ({ certain: (out.match(/✖ certain/g) ?? []).length, possible: (out.match(/\? possible/g) ?? []).length });

  test('certain or possible shows only findings of that certainty; the summary still counts all', async () => {
    const all = marks((await cli(['replay', missX, '--possible', 'full'])).stdout);
    expect(all.certain).toBeGreaterThan(0);
    expect(all.possible).toBeGreaterThan(0);
    const certain = await cli(['replay', missX, '--only', 'certain']);
    const possible = await cli(['replay', missX, '--only', 'possible']);
    expect(marks(certain.stdout)).toEqual({ certain: all.certain, possible: 0 });
    expect(marks(possible.stdout)).toEqual({ certain: 0, possible: all.possible });
    const counts = /(\d+) events · (\d+) certain · (\d+) possible findings/;
    expect(possible.stdout.match(counts)?.slice(1)).toEqual(certain.stdout.match(counts)?.slice(1));
    expect(possible.stdout.match(counts)?.[2]).toBe(String(all.certain));
  });
});

describe('colour', () => {
  test('on a terminal, unless NO_COLOR or --no-color', async () => {
    const esc = /\u001b\[/;
    expect((await cli(['replay', missX], { isTTY: true })).stdout).toMatch(esc);
    expect((await cli(['replay', missX], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(esc);
    expect((await cli(['replay', missX, '--no-color'], { isTTY: true })).stdout).not.toMatch(esc);
    expect((await cli(['replay', missX])).stdout).not.toMatch(esc);
  });
});

describe('a closed output', () => {
  test('generate stops writing once the reader has gone, and exits 0', async () => {
    const closed = new AbortController();
    let chunks = 0;
    const out = new Writable({
      write(_chunk, _enc, done) {
        if (++chunks === 2) closed.abort();
        done();
      },
    });
    const code = await main(['generate', '--cases', '5000'], { stdout: () => {}, stderr: () => {}, env: {}, out, outputClosed: closed.signal });
    expect(code).toBe(0);
    // 5,000 cases are dozens of 64 KB chunks; it stopped after the second.
    expect(chunks).toBe(2);
  });

  test('report -o - prints no "written" line when the page could not be written', async () => {
    let stderr = '';
    const out = new Writable({
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    out.on('error', () => {});
    const code = await main(['report', missX, '-o', '-'], { stdout: () => {}, stderr: (t) => (stderr += t), env: {}, out });
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('command modules', () => {
  test('a module added to the list gets help, did-you-mean, unknown-option refusal and its exit code', async () => {
    const seen: unknown[] = [];
    const hello: CliCommand = {
      name: 'hello',
      define: (c) => c.summary('say hello').argument('<who>').option('--loud', 'shout'),
      run: ([who], options, io) => {
        seen.push({ who, options });
        if (who === 'nobody') throw new UsageError('hello needs somebody');
        io.stdout(`hello ${who}\n`);
        return EXIT.ok;
      },
    };
    const run = (argv: string[]) => {
      let out = '';
      let err = '';
      const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t) };
      let result: unknown;
      let thrown: unknown;
      try {
        createProgram(io, [...COMMANDS, hello], (_name, r) => (result = r())).parse(argv, { from: 'user' });
      } catch (e) {
        thrown = e;
      }
      return { out, err, result, thrown };
    };
    expect(run(['hello', 'world', '--loud'])).toMatchObject({ out: 'hello world\n', result: 0 });
    expect(seen).toEqual([{ who: 'world', options: { loud: true } }]);
    expect(run(['--help']).out).toMatch(/^ {2}hello \[options\] <who> +say hello$/m);
    expect((run(['hallo', 'x']).thrown as Error).message).toContain('(Did you mean hello?)');
    expect((run(['hello', 'x', '--lod']).thrown as Error).message).toContain('(Did you mean --loud?)');
    expect(run(['hello', 'nobody']).thrown).toBeInstanceOf(UsageError);
  });

  test('every command module has a distinct name', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['replay', 'check', 'rules', 'schema', 'generate', 'report', 'serve']));
  });
});

test('a PassThrough standard input that ends with nothing is an empty chronology: exit 2, never a hang', async () => {
  const input = new PassThrough();
  input.end();
  const r = await cli(['check', '-'], { stdin: input });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^stdin: /);
});
