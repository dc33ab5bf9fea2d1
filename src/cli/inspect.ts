/**
 * `casepath replay FILE --inspect`: watch a replay live in the Stately inspector, via
 * `@statelyai/inspect` (the maintained successor of `@xstate/inspect`, which works
 * only with XState v4).
 *
 * In Node the inspector needs a relay between the replay and a browser page that embeds
 * the hosted inspector from stately.ai. The package's own relay (`createInspectorServer`)
 * listens on every network interface without authentication, so casepath uses its own,
 * src/cli/inspect-relay.ts: bound to 127.0.0.1, every request needing a random token
 * that is printed here for the user. The package's `createInspector` turns XState's
 * inspection events into its messages, and casepath's sender (src/cli/inspect-sender.ts,
 * in place of the package's WebSocket adapter, whose reconnecting never ends) sends them
 * to the relay.
 * The inspector UI is a third-party website, so what reaches it leaves this machine.
 * Hence: opt-in only, refused without `--i-understand-data-leaves-this-machine`, a
 * plain statement of what leaves before anything starts, and free-text notes stripped
 * from every event (they never reach the actors at all). Nothing here is sent until
 * the user has opened the inspector and pressed Enter.
 *
 * The actors are the same as in a `--trace` (src/engine/trace.ts): one per child per
 * per-child machine, one per per-case machine, offered the events the replay engine
 * offers them.
 */
import type { AnyEventObject } from 'xstate';
import { createCaseActors } from '../engine/trace.js';
import type { Chronology, ReplayResult } from '../engine/types.js';
import type { DatedEvent } from '../schema/events.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIO } from './main.js';
import { type StepperOptions, parseKeys, runStepper } from './step.js';

export const CONFIRM_FLAG = '--i-understand-data-leaves-this-machine';
export const DEFAULT_INSPECT_PORT = 8080;
export const INSPECTOR_UI = 'https://stately.ai/inspect';

/** What leaves the machine, said plainly. Printed before anything connects, and with the refusal. */
export function inspectWarning(port: number = DEFAULT_INSPECT_PORT): string {
  const where = port === 0 ? 'a free port of 127.0.0.1' : `127.0.0.1:${port}`;
  return `casepath --inspect: what leaves this machine

  --inspect starts a relay on this machine at ${where}: bound to 127.0.0.1 only (not
  reachable from other machines), and token-protected (its page and connections need a
  random token, printed with the page's address when it starts). Once you open that page
  in a browser, it loads the Stately inspector from ${INSPECTOR_UI}, a third-party
  website, and the page then sends it everything casepath sends:
    - the machine definitions (child protection, looked-after care, PLO, complaints),
      with their state names, labels and citations;
    - every event type sent to each machine and every state each machine enters;
    - each event's payload fields (event ids, dates as written, decisions, outcomes,
      agencies, concern kinds and ids, citations) and the actor names, which carry the
      children's ids.
  Free-text notes are stripped from every event before it is sent.

  This is unsuitable for real case data: use synthetic or published, anonymised cases only
  (such as the Ombudsman reports in scenarios/). Records of real children must not be
  inspected this way.
`;
}

/** The message of the refusal when --inspect comes without the confirmation flag. */
export function inspectRefusal(): string {
  return `${inspectWarning()}
casepath: --inspect sends case data to a third-party website, so it runs only when you also
give ${CONFIRM_FLAG}. Nothing was replayed or sent.
`;
}

/** An inspection event's machine event without a free-text note (the actors never see one anyway). */
export function stripNote<T extends AnyEventObject>(event: T): T {
  if (!('note' in event)) return event;
  const { note: _note, ...rest } = event as T & { note?: unknown };
  return rest as T;
}

/** The port from CASEPATH_INSPECT_PORT, or the package's default. */
export function inspectPort(env: Record<string, string | undefined> | undefined): number | undefined {
  const raw = env?.['CASEPATH_INSPECT_PORT'];
  if (raw === undefined || raw === '') return DEFAULT_INSPECT_PORT;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n < 65536 ? n : undefined;
}

type Key = 'next' | 'quit';

/**
 * The user's keys, read for the whole session: a key typed (or piped) while casepath is busy
 * waits in the queue for the next prompt, and the end of input answers every later prompt
 * with q, however early it came. Raw mode on a terminal until `close()`.
 */
function keyReader(io: CliIO): { next(keys: readonly Key[]): Promise<Key>; close(): void } {
  const input = io.stdin as (NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(m: boolean): unknown }) | undefined;
  if (!input) return { next: () => Promise.resolve('next'), close: () => {} };
  const raw = input.isTTY === true && typeof input.setRawMode === 'function';
  const queue: string[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const onData = (chunk: string | Buffer) => {
    queue.push(...parseKeys(String(chunk)));
    wake?.();
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  if (raw) input.setRawMode!(true);
  input.on('data', onData);
  input.once('end', onEnd);
  input.resume();
  return {
    async next(keys) {
      for (;;) {
        while (queue.length) {
          const k = queue.shift()!;
          if ((keys as readonly string[]).includes(k)) return k as Key;
        }
        if (ended) return 'quit';
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    close() {
      input.off('data', onData);
      input.off('end', onEnd);
      if (raw) input.setRawMode!(false);
      input.pause();
    },
  };
}

/** How long the inspector client may take to connect to the relay on loopback. */
const SENDER_TIMEOUT_MS = 10_000;

export interface InspectOptions {
  port: number;
  /** Step through as well (`--step`): each step sends its event to the inspector. */
  step?: StepperOptions;
}

/**
 * Print the warning, start the relay and the inspector, wait for Enter, send the
 * replay (all of it, or step by step), then wait for q before stopping the relay.
 * The caller has already checked the confirmation flag.
 */
export async function runInspect(chronology: Chronology, result: ReplayResult, io: CliIO, options: InspectOptions): Promise<ExitCode> {
  io.stderr(inspectWarning(options.port));
  const { startInspectRelay } = await import('./inspect-relay.js');
  const { createInspector } = await import('@statelyai/inspect');
  const { inspectSender } = await import('./inspect-sender.js');
  let relay: Awaited<ReturnType<typeof startInspectRelay>>;
  try {
    relay = await startInspectRelay({ port: options.port, inspectorUrl: INSPECTOR_UI });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(
      code === 'EADDRINUSE'
        ? `casepath: port ${options.port} is in use; set CASEPATH_INSPECT_PORT to another port.\n`
        : `casepath: cannot start the inspector relay on 127.0.0.1:${options.port}: ${(err as Error).message}\n`,
    );
    return EXIT.invalid;
  }
  let inspector: ReturnType<typeof createInspector> | undefined;
  let actors: ReturnType<typeof createCaseActors> | undefined;
  let keys: ReturnType<typeof keyReader> | undefined;
  try {
    // Connected only once the user asks to send (inspector.start() below). The sender holds
    // every event until its socket is open: nothing is dropped.
    inspector = createInspector(inspectSender(relay.wsUrl), { sanitizeEvent: stripNote });
    io.stderr(
      `\nOpen ${relay.pageUrl} in a browser (it loads the inspector from ${INSPECTOR_UI};\nthe address holds the relay's token: keep it to yourself), then press Enter here to send the\nreplay, or q to stop without sending anything.\n`,
    );
    keys = keyReader(io);
    if ((await keys.next(['next', 'quit'])) === 'quit') {
      io.stderr('Stopped; nothing was sent.\n');
      return EXIT.ok;
    }
    inspector.start();
    // Whether the relay heard from the sender (SENDER_TIMEOUT_MS at most; relay.stop() ends the wait).
    const heard = relay.senderHeard(SENDER_TIMEOUT_MS);
    actors = createCaseActors(chronology, inspector.inspect);
    const a = actors;
    const position = new Map(chronology.events.map((e, i) => [e.id, i]));
    let sentTo = -1;
    const sendUpTo = (k: number) => {
      for (; sentTo < k; ) a.offer(chronology.events[++sentTo]! as DatedEvent);
    };
    if (options.step) {
      // The stepper reads the keys from here on.
      keys.close();
      io.stderr('Each step forward sends its event to the inspector; stepping back shows the earlier frame here only.\n');
      return await runStepper(result, io, {
        ...options.step,
        onShow: (i) => sendUpTo(position.get(result.timeline[i]!.event) ?? -1),
      });
    }
    sendUpTo(chronology.events.length - 1);
    if (!(await heard)) {
      io.stderr(`casepath: the inspector did not reach the relay on 127.0.0.1:${relay.port} within ${SENDER_TIMEOUT_MS / 1000} s.\n`);
      return EXIT.internal;
    }
    io.stderr(`Replayed ${chronology.events.length} events through ${a.actors.size} actors to the inspector (notes stripped). Press q to stop the relay and exit.\n`);
    await keys.next(['quit']);
    return EXIT.ok;
  } finally {
    keys?.close();
    actors?.stop();
    // Ends the sender whatever its state (connecting, open or failed): no timer or socket outlives this.
    inspector?.stop();
    await relay.stop();
  }
}
