/**
 * The sending end of `replay --inspect`: XState inspection events, over one WebSocket, to
 * casepath's own relay on 127.0.0.1 (src/cli/inspect-relay.ts). It is the adapter handed
 * to @statelyai/inspect's `createInspector`, in place of the package's WebSocket adapter.
 *
 * Why not the package's: after any error on its socket (refused, cut, or closed while
 * still connecting) it waits 5 s and connects again, for ever, and `stop()` does not end
 * that loop. When the relay never heard from it, casepath gave up (exit 3) but the
 * process stayed alive on the retry timer. This sender connects once: an error or a close
 * ends it, and `stop()` ends it in whatever state it is, so nothing is left running.
 *
 * What it sends is what the package's adapter sends: each event as JSON, written by
 * safe-stable-stringify with the same depth limit (10), so a cycle in a snapshot is cut
 * rather than thrown. Events given before the socket opens are held and sent, in order,
 * when it opens; after the end they are dropped.
 */
import { configure } from 'safe-stable-stringify';
import { WebSocket } from 'ws';

/** What @statelyai/inspect's `createInspector` calls on its adapter. */
export interface InspectSender {
  start(): void;
  stop(): void;
  send(event: unknown): void;
  /** `idle` until started; `ended` after an error, a close or `stop()`, for good. */
  readonly state: 'idle' | 'connecting' | 'open' | 'ended';
}

/** The package's default `serializationDepthLimit`. */
export const DEPTH_LIMIT = 10;

export function inspectSender(url: string, options: { depthLimit?: number } = {}): InspectSender {
  const stringify = configure({ maximumDepth: options.depthLimit ?? DEPTH_LIMIT });
  let socket: WebSocket | undefined;
  let state: InspectSender['state'] = 'idle';
  let held: string[] = [];
  const end = () => {
    state = 'ended';
    held = [];
  };
  return {
    get state() {
      return state;
    },
    start() {
      if (state !== 'idle') return;
      state = 'connecting';
      const ws = new WebSocket(url);
      socket = ws;
      ws.on('open', () => {
        if (state !== 'connecting') return;
        state = 'open';
        for (const text of held) ws.send(text);
        held = [];
      });
      // No retry: the relay is on this machine and was started for this client.
      ws.on('error', end);
      ws.on('close', end);
    },
    stop() {
      const ws = socket;
      end();
      if (!ws) return;
      // Still connecting: abandon the handshake (ws emits an error, handled above); open: close it properly.
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    },
    send(event) {
      if (state === 'ended') return;
      const text = stringify(event);
      if (text === undefined) return;
      if (state === 'open') socket!.send(text);
      else held.push(text);
    },
  };
}
