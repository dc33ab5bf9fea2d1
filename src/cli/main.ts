/**
 * The command line. `main(argv, io)` parses its own arguments and returns an exit
 * code, so it is testable without a process; bin.ts only calls it. Nothing is
 * written until a command has finished its work: invalid input never leaves half a
 * report behind.
 */
import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { INPUT_YEARS, isInputDay, parseDay } from '../calendar/day.js';
import { checkRegularFile, parseSize } from '../input/read.js';
import { type ResolvedConfig, defaultConfig, loadConfigFile, replayOptionsOf } from '../config.js';
import { replayChronology } from '../engine/replay.js';
import type { EngineKind } from '../engine/processes.js';
import { type Issue, formatIssue } from '../issues.js';
import { citationText } from '../law/citations.js';
import { describeValue, timescale } from '../law/timescales.js';
import { loadChronologyFile } from '../load.js';
import { toFindingsDocument } from '../report/json.js';
import { renderTerminal } from '../report/terminal.js';
import { RULES } from '../rules/index.js';
import { chronologySchemaJson } from '../schema/json-schema.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { renderAggregate } from '../report/aggregate.js';
import { replayNdjson } from '../bulk/stream.js';
import { generateCase } from '../testing/corpus.js';
import { version } from '../version.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour and width apply only on a terminal. */
  isTTY?: boolean;
  columns?: number;
  env?: Record<string, string | undefined>;
  /** For streaming commands: standard input, standard output as a stream, and whether stderr is a terminal (progress bar). */
  stdin?: Readable;
  out?: Writable;
  stderrIsTTY?: boolean;
}

const USAGE = `casepath — replay child-protection and care-proceedings chronologies against England's process rules

Usage:
  casepath replay FILE [options]   timeline, findings with citations, summary
  casepath check FILE [--json]     validate only (exit 2 with every problem found)
  casepath rules [--json|--markdown] every rule: severity, parameters, timescales, citation
  casepath generate --cases N [--seed S]   a synthetic corpus as NDJSON (one chronology a line)
  casepath replay --ndjson FILE|- [--workers N] [--json]   replay a corpus in bounded memory: aggregate
  casepath schema                  JSON Schema of the chronology file
  casepath report FILE -o OUT.html [--trace T] [--show-notes]   the training viewer: one self-contained page
  casepath serve --token T [--port N] [--db FILE | --database postgres://...] [--mode audit|enforce]
                                   the HTTP service for case-management systems (127.0.0.1)
  casepath --help | --version      (COMMAND --help for a command's own options)

Replay options:
  --json                 print the findings document (spec §4) instead of the timeline
  --as-of DATE           judge open deadlines at DATE (YYYY-MM-DD) instead of the file's asOf
  --fail-on LEVEL        exit 1 when there are findings of LEVEL: certain, or possible (includes certain)
  --only certain         show only certain findings in the timeline (the summary still counts all)
  --rules-config FILE    a local authority's timescales and rule parameters (YAML or JSON)
  --engine KIND          compiled (default) or xstate: same results, XState's own transition()
  --show-notes           include free-text notes (off by default: chronologies hold children's data)
  --max-file-size SIZE   largest file accepted (default 16MiB; e.g. 64MiB); with --ndjson, the longest line
  --no-color             plain text
  --step                 step through the replay one event at a time (keys: → space n Enter next,
                         ← p b back, Home/End first/last, q quit); not with --json
  --trace FILE           also write XState's inspection events of the replay to FILE (JSON, local)
  --inspect              watch the replay live in the Stately inspector (@statelyai/inspect). This
                         sends machine definitions, events (notes stripped) and states to a
                         third-party website: synthetic or published, anonymised cases only.
                         Refused unless --i-understand-data-leaves-this-machine is also given.

Exit status: 0 valid (whatever it finds); 1 --fail-on findings; 2 invalid input; 3 internal error.
`;

class UsageError extends Error {}

/** Returns a promise only for the streaming commands (`generate`, `replay --ndjson`). */
export function main(argv: readonly string[], io: CliIO): ExitCode | Promise<ExitCode> {
  try {
    const code = run(argv, io);
    return typeof code === 'number' ? code : code.catch((err: unknown) => failure(err, io));
  } catch (err) {
    return failure(err, io);
  }
}

function failure(err: unknown, io: CliIO): ExitCode {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`casepath: ${(err as Error).message}\nRun "casepath --help" for usage.\n`);
    return EXIT.invalid;
  }
  const debug = io.env?.['CASEPATH_DEBUG'];
  io.stderr(`casepath: internal error: ${(err as Error).message}\n${debug ? `${(err as Error).stack}\n` : 'Set CASEPATH_DEBUG=1 for details, and please report it.\n'}`);
  return EXIT.internal;
}

function run(argv: readonly string[], io: CliIO): ExitCode | Promise<ExitCode> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? EXIT.invalid : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${version()}\n`);
    return EXIT.ok;
  }
  switch (command) {
    case 'replay':
      return replayCommand(rest, io);
    case 'check':
      return checkCommand(rest, io);
    case 'rules':
      return rulesCommand(rest, io);
    case 'generate':
      return generateCommand(rest, io);
    case 'report':
      return import('./report-command.js').then((m) => m.reportCommand(rest, io));
    case 'serve':
      return import('./serve-command.js').then((m) => m.serveCommand(rest, io));
    case 'schema':
      parse(rest, {}, 0);
      io.stdout(`${JSON.stringify(chronologySchemaJson(), null, 2)}\n`);
      return EXIT.ok;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse(args: readonly string[], options: Options, positionals: number) {
  const parsed = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (parsed.values['help']) return { ...parsed, help: true as const };
  if (parsed.positionals.length !== positionals) {
    throw new UsageError(positionals === 1 ? 'expected one chronology FILE' : `unexpected argument "${parsed.positionals[0]}"`);
  }
  return { ...parsed, help: false as const };
}

function printIssues(io: CliIO, issues: readonly Issue[], json: boolean): ExitCode {
  if (json) io.stdout(`${JSON.stringify({ valid: false, issues }, null, 2)}\n`);
  else io.stderr(`${issues.map(formatIssue).join('\n')}\n${issues.length} problem${issues.length === 1 ? '' : 's'} found; nothing was replayed.\n`);
  return EXIT.invalid;
}

function replayCommand(args: readonly string[], io: CliIO): ExitCode | Promise<ExitCode> {
  if (args.includes('--ndjson')) return bulkReplayCommand(args, io);
  const p = parse(
    args,
    {
      json: { type: 'boolean' },
      'as-of': { type: 'string' },
      'fail-on': { type: 'string' },
      only: { type: 'string' },
      'rules-config': { type: 'string' },
      engine: { type: 'string' },
      'show-notes': { type: 'boolean' },
      'no-color': { type: 'boolean' },
      step: { type: 'boolean' },
      trace: { type: 'string' },
      inspect: { type: 'boolean' },
      'i-understand-data-leaves-this-machine': { type: 'boolean' },
      'max-file-size': { type: 'string' },
    },
    1,
  );
  if (p.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const v = p.values as Record<string, string | boolean | undefined>;
  const step = v['step'] === true;
  const inspect = v['inspect'] === true;
  if (step && v['json'] === true) throw new UsageError('--step and --json do not go together: --step is for a terminal');
  if (v['trace'] === '') throw new UsageError('--trace takes a FILE to write');
  if (inspect && v['i-understand-data-leaves-this-machine'] !== true) {
    // Refused before anything is read, replayed or connected.
    return import('./inspect.js').then((m) => {
      io.stderr(m.inspectRefusal());
      return EXIT.invalid;
    });
  }
  if ((step || inspect) && !io.stdin) throw new UsageError(`${step ? '--step' : '--inspect'} needs standard input to read keys from`);
  const failOn = v['fail-on'] as string | undefined;
  if (failOn !== undefined && failOn !== 'certain' && failOn !== 'possible') throw new UsageError('--fail-on takes "certain" or "possible"');
  const only = v['only'] as string | undefined;
  if (only !== undefined && only !== 'certain' && only !== 'possible') throw new UsageError('--only takes "certain" or "possible"');
  const engine = (v['engine'] as string | undefined) ?? 'compiled';
  if (engine !== 'compiled' && engine !== 'xstate') throw new UsageError('--engine takes "compiled" or "xstate"');
  const asOf = asOfOption(v['as-of']);
  const maxFileSize = maxFileSizeOption(v['max-file-size']);
  const json = v['json'] === true;

  let config: ResolvedConfig;
  if (typeof v['rules-config'] === 'string') {
    const loaded = loadConfigFile(v['rules-config'], maxFileSize !== undefined ? { maxFileSize } : {});
    if (!loaded.config) return printIssues(io, loaded.issues, json);
    config = loaded.config;
  } else config = defaultConfig();

  const loaded = loadChronologyFile(p.positionals[0]!, { ...(asOf !== undefined ? { asOf } : {}), ...(maxFileSize !== undefined ? { maxFileSize } : {}) });
  if (!loaded.ok) return printIssues(io, loaded.issues, json);
  const result = replayChronology(loaded.chronology, replayOptionsOf(config, { engine: engine as EngineKind, ...(asOf !== undefined ? { asOf } : {}) }));
  const notes = v['show-notes'] === true;
  const exitFor = (code: ExitCode): ExitCode =>
    code === EXIT.ok && failOn && result.findings.some((f) => failOn === 'possible' || f.certainty === 'certain') ? EXIT.findings : code;
  const color = io.isTTY === true && v['no-color'] !== true && !io.env?.['NO_COLOR'];
  const report = () => {
    if (json) io.stdout(`${JSON.stringify(toFindingsDocument(result, { notes }), null, 2)}\n`);
    else io.stdout(renderTerminal(result, { color, notes, ...(only ? { only: only as 'certain' } : {}), ...(io.columns ? { width: io.columns } : {}) }));
  };
  const tracePath = v['trace'] as string | undefined;
  if (tracePath === undefined && !step && !inspect) {
    report();
    return exitFor(EXIT.ok);
  }
  // --trace, --step, --inspect: their modules load only when asked for.
  return (async (): Promise<ExitCode> => {
    if (tracePath !== undefined) {
      // Written only after a successful replay, and before anything is printed.
      const { traceReplay, writeTraceFile } = await import('../engine/trace.js');
      const problem = writeTraceFile(tracePath, traceReplay(loaded.chronology));
      if (problem) {
        io.stderr(`casepath: cannot write the trace to ${tracePath}: ${problem}\n`);
        return EXIT.invalid;
      }
    }
    if (!step && !inspect) {
      report();
      return exitFor(EXIT.ok);
    }
    const stepOptions = { color, notes, ...(only ? { only: only as 'certain' } : {}) };
    if (!step) report();
    if (inspect) {
      const m = await import('./inspect.js');
      const port = m.inspectPort(io.env);
      if (port === undefined) throw new UsageError(`CASEPATH_INSPECT_PORT "${io.env?.['CASEPATH_INSPECT_PORT']}" is not a port number`);
      return exitFor(await m.runInspect(loaded.chronology, result, io, { port, ...(step ? { step: stepOptions } : {}) }));
    }
    const { runStepper } = await import('./step.js');
    return exitFor(await runStepper(result, io, stepOptions));
  })();
}

/** `--as-of DATE`: a day inside INPUT_YEARS, or a usage error (exit 2). */
function asOfOption(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const asOf = parseDay(value);
  if (asOf === undefined) throw new UsageError(`--as-of "${value.slice(0, 40)}" is not a date (YYYY-MM-DD)`);
  if (!isInputDay(asOf)) throw new UsageError(`--as-of ${value} is outside the years ${INPUT_YEARS.first}–${INPUT_YEARS.last}, the dates casepath accepts`);
  return asOf;
}

/** `--max-file-size SIZE`: bytes, or with K, M or G (KiB, MiB, GiB). */
function maxFileSizeOption(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const n = parseSize(value);
  if (n === undefined) throw new UsageError('--max-file-size takes a size in bytes, or with K, M or G (e.g. 64MiB)');
  return n;
}

function checkCommand(args: readonly string[], io: CliIO): ExitCode {
  const p = parse(args, { json: { type: 'boolean' }, 'max-file-size': { type: 'string' } }, 1);
  if (p.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const json = (p.values as Record<string, unknown>)['json'] === true;
  const maxFileSize = maxFileSizeOption((p.values as Record<string, unknown>)['max-file-size']);
  const loaded = loadChronologyFile(p.positionals[0]!, maxFileSize !== undefined ? { maxFileSize } : {});
  if (!loaded.ok) return printIssues(io, loaded.issues, json);
  const ch = loaded.chronology;
  const summary = { valid: true, case: ch.case, events: ch.events.length, omissions: ch.omissions.length, children: ch.children, exactDates: ch.dates.exact };
  if (json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else
    io.stdout(
      `${p.positionals[0]}: valid — case ${ch.case}, ${ch.events.length} events${ch.omissions.length ? ` and ${ch.omissions.length} stated omissions` : ''}, children ${ch.children.join(', ')}; dates ${ch.dates.exact ? 'all exact' : 'resolved to ranges'}.\n`,
    );
  return EXIT.ok;
}

function rulesCommand(args: readonly string[], io: CliIO): ExitCode {
  const p = parse(args, { json: { type: 'boolean' }, markdown: { type: 'boolean' }, 'rules-config': { type: 'string' } }, 0);
  if (p.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const values = p.values as Record<string, unknown>;
  let config = defaultConfig();
  const cfgPath = values['rules-config'];
  if (typeof cfgPath === 'string') {
    const loaded = loadConfigFile(cfgPath);
    if (!loaded.config) return printIssues(io, loaded.issues, values['json'] === true);
    config = loaded.config;
  }
  const rows = RULES.map((rule) => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    enabled: config.rules.includes(rule),
    enforceable: rule.enforceable === true,
    firesWhen: rule.firesWhen,
    notEncoded: rule.notEncoded,
    citation: citationText(rule.citation),
    parameters: config.params.get(rule.id) as Record<string, unknown>,
    timescales: (rule.timescales ?? []).map((id) => {
      const t = timescale(id);
      const values = config.timescales.get(id) ?? t.values;
      return { id, unit: t.unit, values, kind: t.kind, source: citationText(t.source), confidence: t.source.confidence ?? null, overridden: config.timescales.has(id) };
    }),
  }));
  if (values['json'] === true) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  if (values['markdown'] === true) {
    io.stdout(rulesMarkdown(rows));
    return EXIT.ok;
  }
  const out: string[] = [`${rows.length} rules (severity: breach = statutory duty or timescale; fault = practice the Ombudsman finds fault; advisory)\n`];
  for (const r of rows) {
    out.push(`${r.id}  [${r.severity}${r.enforceable ? ', enforceable' : ''}${r.enabled ? '' : ', DISABLED'}]`);
    out.push(`  fires when: ${r.firesWhen}`);
    for (const t of r.timescales) {
      const def = timescale(t.id);
      const vals = t.values.map((x) => `${describeValue(def, x.value)}${x.from ? ` from ${x.from}` : ''}`).join(', ');
      out.push(`  timescale ${t.id}: ${vals}${t.overridden ? ' (local override)' : ''} — ${def.kind}, ${t.source}${t.confidence ? ` [confidence ${t.confidence}]` : ''}`);
    }
    const params = Object.entries(r.parameters ?? {});
    if (params.length) out.push(`  parameters: ${params.map(([k, val]) => `${k} = ${JSON.stringify(val)}`).join('; ')}`);
    out.push(`  citation: ${r.citation}`);
    out.push(`  not encoded: ${r.notEncoded}`);
    out.push('');
  }
  io.stdout(out.join('\n'));
  return EXIT.ok;
}

type RuleRow = {
  id: string;
  title: string;
  severity: string;
  enforceable: boolean;
  firesWhen: string;
  notEncoded: string;
  citation: string;
  parameters: Record<string, unknown>;
  timescales: { id: string; values: readonly { from?: string; value: number }[]; source: string; confidence: string | null }[];
};

/** docs/rules.md: generated from the rules' own metadata, in one fixed shape. */
function rulesMarkdown(rows: readonly RuleRow[]): string {
  const out = [
    '# Rules',
    '',
    'Generated by `casepath rules --markdown` from each rule\'s own metadata (src/rules/<id>.ts); do not edit by hand.',
    'Tests keep this file in step with the code. Severity: breach = a statutory duty or timescale; fault = practice the',
    'Ombudsman has found to be fault; advisory. Confidence of a timescale\'s source: V seen in the text or two sources;',
    'P value seen, provision not; U unconfirmed (set it locally).',
    '',
  ];
  for (const r of rows) {
    out.push(`## \`${r.id}\` — ${r.title}`, '');
    out.push(`- **Severity:** ${r.severity}${r.enforceable ? ' (enforceable: a live system may refuse the step)' : ''}`);
    out.push(`- **Fires when:** ${r.firesWhen}`);
    for (const t of r.timescales) {
      const def = timescale(t.id);
      out.push(`- **Timescale \`${t.id}\`:** ${t.values.map((x) => `${describeValue(def, x.value)}${x.from ? ` from ${x.from}` : ''}`).join(', ')} — ${def.requires}, from ${def.startsFrom} (${def.kind}; ${t.source}${t.confidence ? `; confidence ${t.confidence}` : ''})`);
    }
    const params = Object.entries(r.parameters ?? {});
    if (params.length) out.push(`- **Parameters:** ${params.map(([k, v]) => `\`${k}\` = \`${JSON.stringify(v)}\``).join('; ')}`);
    out.push(`- **Source:** ${r.citation}`);
    out.push(`- **Not encoded:** ${r.notEncoded}`);
    out.push(`- **Code and tests:** [src/rules/${r.id}.ts](../src/rules/${r.id}.ts), [tests/rules/${r.id}.test.ts](../tests/rules/${r.id}.test.ts)`);
    out.push('');
  }
  return out.join('\n');
}

function positiveInt(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} takes a whole number`);
  return n;
}

async function generateCommand(args: readonly string[], io: CliIO): Promise<ExitCode> {
  const p = parse(args, { cases: { type: 'string' }, seed: { type: 'string' } }, 0);
  if (p.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const v = p.values as Record<string, unknown>;
  const cases = positiveInt(v['cases'], '--cases', 1000);
  const seed = positiveInt(v['seed'], '--seed', 20261124);
  const out = io.out;
  if (!out) throw new Error('generate needs a stream to write to');
  // Written in chunks, waiting for the stream to drain: memory stays flat for any --cases.
  let chunk = '';
  for (let i = 0; i < cases; i++) {
    chunk += `${JSON.stringify(generateCase(seed, i))}\n`;
    if (chunk.length > 1 << 16 || i === cases - 1) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      chunk = '';
    }
  }
  return EXIT.ok;
}

async function bulkReplayCommand(args: readonly string[], io: CliIO): Promise<ExitCode> {
  const p = parse(
    args,
    {
      ndjson: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'boolean' },
      'as-of': { type: 'string' },
      'fail-on': { type: 'string' },
      'rules-config': { type: 'string' },
      'no-color': { type: 'boolean' },
      'max-file-size': { type: 'string' },
    },
    0,
  );
  if (p.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const v = p.values as Record<string, string | boolean | undefined>;
  const file = v['ndjson'] as string;
  const workers = positiveInt(v['workers'], '--workers', 1) || 1;
  const failOn = v['fail-on'] as string | undefined;
  if (failOn !== undefined && failOn !== 'certain' && failOn !== 'possible') throw new UsageError('--fail-on takes "certain" or "possible"');
  const asOf = asOfOption(v['as-of']);
  const maxLineSize = maxFileSizeOption(v['max-file-size']);
  const configPath = v['rules-config'] as string | undefined;
  if (configPath) {
    const loaded = loadConfigFile(configPath);
    if (!loaded.config) return printIssues(io, loaded.issues, v['json'] === true);
  }
  let input: Readable;
  if (file === '-') {
    if (!io.stdin) throw new UsageError('no standard input to read');
    input = io.stdin;
  } else {
    // A regular file only (a FIFO or device is refused, never read until it ends).
    const notFile = checkRegularFile(file);
    if (notFile) return printIssues(io, [notFile], v['json'] === true);
    input = createReadStream(file);
  }
  const showProgress = io.stderrIsTTY === true && v['json'] !== true;
  const result = await replayNdjson(input, {
    workers,
    source: file === '-' ? 'stdin' : file,
    ...(asOf !== undefined ? { asOf } : {}),
    ...(maxLineSize !== undefined ? { maxLineSize } : {}),
    ...(configPath ? { configPath } : {}),
    ...(showProgress
      ? {
          onProgress: (pr) =>
            io.stderr(`\r  ${pr.cases.toLocaleString('en-GB')} cases · ${pr.events.toLocaleString('en-GB')} events · ${Math.round(pr.events / Math.max(pr.elapsedMs / 1000, 0.001)).toLocaleString('en-GB')} events/s   `),
        }
      : {}),
  });
  if (showProgress) io.stderr('\n');
  const agg = result.aggregate;
  if (v['json'] === true) io.stdout(`${JSON.stringify({ ...agg, elapsedMs: Math.round(result.elapsedMs), workers: result.workers, eventsPerSecond: Math.round(agg.events / (result.elapsedMs / 1000)) }, null, 2)}\n`);
  else io.stdout(renderAggregate(result));
  if (agg.invalidCases > 0) {
    io.stderr(`${agg.invalidSamples.flatMap((s) => s.issues).join('\n')}\n${agg.invalidCases} invalid line${agg.invalidCases === 1 ? '' : 's'}${agg.invalidCases > agg.invalidSamples.length ? ` (the first ${agg.invalidSamples.length} shown)` : ''}.\n`);
    return EXIT.invalid;
  }
  const certain = Object.values(agg.findings).reduce((n, f) => n + f.certain, 0);
  const possible = Object.values(agg.findings).reduce((n, f) => n + f.possible, 0);
  if (failOn === 'certain' && certain > 0) return EXIT.findings;
  if (failOn === 'possible' && certain + possible > 0) return EXIT.findings;
  return EXIT.ok;
}
