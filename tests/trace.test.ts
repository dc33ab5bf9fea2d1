/**
 * The XState inspection trace (`--trace`) and the live inspector's safeguards
 * (`--inspect`). The inspector package is mocked: nothing connects anywhere. casepath's
 * own relay (src/cli/inspect-relay.ts) really starts, on a free port of 127.0.0.1 only,
 * wrapped so the tests see when it starts and stops; the package's relay
 * (`@statelyai/inspect/server`) is mocked too, to show it is never used.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';

const calls: string[] = [];
const inspected: { type: string; event?: Record<string, unknown> }[] = [];
vi.mock('@statelyai/inspect', async () => ({
  // casepath hands createInspector its own sender (src/cli/inspect-sender.ts), which really
  // connects to the relay once started (casepath starts it at Enter).
  createInspector: vi.fn((sender: { start(): void; stop(): void; send(e: unknown): void }) => {
    calls.push('createInspector');
    return {
      inspect: (e: { type: string; event?: Record<string, unknown> }) => void inspected.push(e),
      start: () => {
        calls.push('inspector.start');
        sender.start();
        // The real inspector sends an actor's creation first; the sender holds it until its socket opens.
        sender.send({ type: '@xstate.actor' });
      },
      stop: () => {
        calls.push('inspector.stop');
        sender.stop();
      },
    };
  }),
  createWebSocketInspector: vi.fn(() => calls.push('createWebSocketInspector')),
  createSkyInspector: vi.fn(() => calls.push('createSkyInspector')),
  createBrowserInspector: vi.fn(() => calls.push('createBrowserInspector')),
}));
vi.mock('@statelyai/inspect/server', () => ({
  createInspectorServer: vi.fn(() => {
    calls.push('createInspectorServer');
    return { stop: () => calls.push('server.stop') };
  }),
}));
const relayPorts: number[] = [];
vi.mock('../src/cli/inspect-relay.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/cli/inspect-relay.js')>();
  return {
    ...real,
    startInspectRelay: vi.fn(async (options: Parameters<typeof real.startInspectRelay>[0]) => {
      calls.push('startInspectRelay');
      const relay = await real.startInspectRelay(options);
      relayPorts.push(relay.port);
      return Object.assign(Object.create(relay) as typeof relay, {
        stop: async () => {
          calls.push('relay.stop');
          await relay.stop();
        },
      });
    }),
  };
});

/** Whether anything still accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

const { main } = await import('../src/cli/main.js');
const { CONFIRM_FLAG } = await import('../src/cli/inspect.js');
const { defaultConfig } = await import('../src/config.js');
const { processes } = await import('../src/engine/processes.js');
const { replayChronology } = await import('../src/engine/replay.js');
const { actorName, finalTraceStates, traceReplay, traceSchema } = await import('../src/engine/trace.js');
const { loadChronologyOrThrow } = await import('../src/load.js');

const root = join(import.meta.dirname, '..');
const missX = join(root, 'scenarios', 'lgsco-24-009-262.yaml');
const mrsB = join(root, 'scenarios', 'lgsco-23-016-429.yaml');
const procs = processes();

function replayFile(file: string) {
  const config = defaultConfig();
  const chronology = loadChronologyOrThrow(file);
  return { chronology, result: replayChronology(chronology, { rules: config.rules, params: config.params, timescales: config.timescales }) };
}

/** The replay's machine states as the trace names its actors (every process of the registry). */
function asActors(states: Record<string, string | Record<string, string>>) {
  const out: Record<string, string> = {};
  for (const p of procs.all) {
    const s = states[p.key]!;
    if (typeof s === 'string') out[actorName(p)] = s;
    else for (const [c, v] of Object.entries(s)) out[actorName(p, c)] = v;
  }
  return out;
}

async function cli(argv: string[], stdin?: PassThrough, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, ...(stdin ? { stdin } : {}) });
  return { code, stdout, stderr };
}

describe('traceReplay', () => {
  for (const [name, file] of [
    ['Miss X', missX],
    ['Mrs B (looked after)', mrsB],
  ] as const) {
    test(`${name}: the last snapshot of each actor is the replay's final state, and every step agrees`, () => {
      const { chronology, result } = replayFile(file);
      const trace = traceReplay(chronology);
      expect(traceSchema.parse(trace)).toEqual(trace);
      expect(trace.case).toBe(chronology.case);
      expect(finalTraceStates(trace)).toEqual(asActors(result.timeline.at(-1)!.states));

      // Step by step: after each chronology event's entries, the actors stand where the timeline says.
      const now: Record<string, string> = {};
      const byEvent = new Map<string, typeof trace.entries>();
      for (const e of trace.entries) byEvent.set(e.event, [...(byEvent.get(e.event) ?? []), e]);
      for (const e of byEvent.get('(start)')!) if (e.kind === '@xstate.snapshot') now[e.actor] = e.state!;
      for (const t of result.timeline) {
        for (const e of byEvent.get(t.event) ?? []) if (e.kind === '@xstate.snapshot') now[e.actor] = e.state!;
        expect(now, `after ${t.event}`).toEqual(asActors(t.states));
      }
    });
  }

  test('has an @xstate.event entry for every event a machine handles, for each actor the engine offers it to, and none for the rest', () => {
    const { chronology, result } = replayFile(missX);
    const trace = traceReplay(chronology);
    let handled = 0;
    for (const t of result.timeline) {
      const expected = [
        ...procs.perChild.filter((p) => p.handles.has(t.type)).flatMap((p) => t.children.map((c) => actorName(p, c))),
        ...procs.perCase.filter((p) => p.handles.has(t.type)).map((p) => actorName(p)),
      ];
      const got = trace.entries.filter((e) => e.event === t.event && e.kind === '@xstate.event');
      expect(got.map((e) => e.actor).sort(), t.event).toEqual(expected.sort());
      for (const e of got) expect(e.eventType).toBe(t.type);
      if (expected.length) handled++;
    }
    expect(handled).toBeGreaterThan(10); // not vacuous: most of the 33 events reach a machine
    // Actor creation comes first, tagged "(start)": one actor per child per per-child machine, one per per-case machine.
    const actors = trace.entries.filter((e) => e.kind === '@xstate.actor');
    expect(actors.every((e) => e.event === '(start)')).toBe(true);
    const expectedActors = [...procs.perChild.flatMap((p) => ['B', 'C'].map((c) => actorName(p, c))), ...procs.perCase.map((p) => actorName(p))];
    expect(expectedActors).toContain('cinPlan:B');
    expect(actors.map((e) => e.actor)).toEqual(expectedActors);
    expect(trace.entries.map((e) => e.seq)).toEqual(trace.entries.map((_, i) => i));
    expect(trace.entries.some((e) => e.kind === '@xstate.microstep' && e.event === 'icpc' && e.state === 'plan')).toBe(true);
  });

  test('holds no free-text notes', () => {
    const { chronology } = replayFile(missX);
    const text = JSON.stringify(traceReplay(chronology));
    expect(chronology.events.some((e) => e.note?.includes('contagious infections'))).toBe(true);
    expect(text).not.toContain('contagious');
    expect(text).not.toContain('"note"');
  });

  test('the schema rejects a trace of another format or with unknown fields', () => {
    const { chronology } = replayFile(missX);
    const trace = traceReplay(chronology);
    expect(traceSchema.safeParse({ ...trace, version: 2 }).success).toBe(false);
    expect(traceSchema.safeParse({ ...trace, entries: [{ ...trace.entries[0], note: 'x' }] }).success).toBe(false);
  });
});

describe('casepath replay --trace', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'casepath-trace-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('writes a valid trace file (and no temporary file) after the replay', async () => {
    const dir = tempDir();
    const file = join(dir, 'trace.json');
    const r = await cli(['replay', missX, '--trace', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Summary');
    const trace = traceSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(trace.case).toBe('lgsco-24-009-262');
    expect(readdirSync(dir)).toEqual(['trace.json']);
  });

  test('writes nothing for an invalid chronology, and exits 2 when the file cannot be written', async () => {
    const dir = tempDir();
    const bad = await cli(['replay', join(root, 'tests', 'fixtures', 'invalid', 'many-problems.json'), '--trace', join(dir, 't.json')]);
    expect(bad.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    const unwritable = await cli(['replay', missX, '--trace', join(dir, 'no-such-dir', 't.json')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/cannot write the trace/);
    expect(unwritable.stdout).toBe('');
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });
});

describe('casepath replay --inspect', () => {
  beforeEach(() => {
    calls.length = 0;
    inspected.length = 0;
    relayPorts.length = 0;
  });

  test('without the confirmation it refuses (exit 2), says what would leave the machine, and connects nothing', async () => {
    const r = await cli(['replay', missX, '--inspect'], new PassThrough());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(CONFIRM_FLAG);
    expect(r.stderr).toMatch(/third-party website/);
    expect(r.stderr).toMatch(/machine definitions/);
    expect(r.stderr).toMatch(/every event type/);
    expect(r.stderr).toMatch(/payload fields/);
    expect(r.stderr).toMatch(/notes are stripped/);
    expect(r.stderr).toMatch(/unsuitable for real case data/);
    expect(r.stderr).toMatch(/synthetic or published, anonymised cases only/);
    expect(r.stderr).toMatch(/Nothing was replayed or sent/);
    // The relay it would start is described as it is: loopback only, with a token.
    expect(r.stderr).toMatch(/bound to 127\.0\.0\.1 only/);
    expect(r.stderr).toMatch(/token-protected/);
    expect(r.stderr).toMatch(/the page then sends it everything casepath sends/);
    expect(r.stderr).not.toMatch(/every network interface/);
    expect(r.stderr).not.toMatch(/localhost/);
    expect(calls).toEqual([]);
  });

  test('is refused before the file is even read', async () => {
    const r = await cli(['replay', join(root, 'no-such-file.yaml'), '--inspect'], new PassThrough());
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/no such file/i);
    expect(calls).toEqual([]);
  });

  test('with the confirmation (inspector mocked): the warning comes first, q before Enter sends nothing', async () => {
    const stdin = new PassThrough();
    let warnedBeforeRelay = false;
    let stderr = '';
    const done = main(['replay', missX, '--inspect', CONFIRM_FLAG], {
      stdout: () => {},
      stderr: (t) => {
        stderr += t;
        if (t.includes('what leaves this machine') && !calls.includes('startInspectRelay')) warnedBeforeRelay = true;
      },
      env: { CASEPATH_INSPECT_PORT: '0' },
      stdin,
    });
    stdin.write('q');
    expect(await done).toBe(0);
    expect(warnedBeforeRelay).toBe(true);
    expect(inspected).toEqual([]);
    expect(calls).toEqual(['startInspectRelay', 'createInspector', 'inspector.stop', 'relay.stop']);
    // The user is given the page's address on 127.0.0.1 with the relay's token, and the relay is gone afterwards.
    expect(relayPorts).toHaveLength(1);
    const port = relayPorts[0]!;
    expect(stderr).toMatch(new RegExp(`Open http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{43} in a browser`));
    expect(stderr).toMatch(/Stopped; nothing was sent/);
    expect(await listening(port)).toBe(false);
  });

  test('with the confirmation: a port already in use is refused (exit 2) and nothing is sent', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen({ port: 0, host: '127.0.0.1' }, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await cli(['replay', missX, '--inspect', CONFIRM_FLAG], new PassThrough(), { CASEPATH_INSPECT_PORT: String(port) });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} is in use`);
      expect(calls).toEqual(['startInspectRelay']);
      expect(inspected).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('with the confirmation (inspector mocked): Enter sends the replay with every note stripped', async () => {
    const { chronology } = replayFile(missX);
    const stdin = new PassThrough();
    const done = cli(['replay', missX, '--inspect', CONFIRM_FLAG], stdin, { CASEPATH_INSPECT_PORT: '0' });
    stdin.write('\r');
    await vi.waitFor(() => expect(inspected.length).toBeGreaterThan(0));
    stdin.write('q');
    const r = await done;
    expect(r.code).toBe(0);
    const sent = inspected.filter((e) => e.type === '@xstate.event').map((e) => e.event!);
    const withNotes = new Set(chronology.events.filter((e) => e.note).map((e) => e.id));
    // Some events the machines receive do carry a note in the file; none reaches the inspector.
    expect(sent.some((e) => withNotes.has(e['id'] as string))).toBe(true);
    expect(sent.every((e) => !('note' in e))).toBe(true);
    expect(calls).toEqual(['startInspectRelay', 'createInspector', 'inspector.start', 'inspector.stop', 'relay.stop']);
    expect(await listening(relayPorts[0]!)).toBe(false);
  });
});
