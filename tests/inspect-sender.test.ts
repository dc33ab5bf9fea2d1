/**
 * The sender of `replay --inspect` (src/cli/inspect-sender.ts), which casepath hands to
 * @statelyai/inspect's `createInspector` in place of the package's WebSocket adapter:
 * it must send what the package's sender sends, and, unlike it, leave nothing running
 * once stopped, whether its socket opened, was refused or never finished connecting.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Server, type Socket, createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInspector, createWebSocketInspector } from '@statelyai/inspect';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { createActor, createMachine } from 'xstate';
import { type InspectRelay, startInspectRelay } from '../src/cli/inspect-relay.js';
import { inspectSender } from '../src/cli/inspect-sender.js';

const relays: InspectRelay[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const r of relays.splice(0)) await r.stop();
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

async function relay(): Promise<InspectRelay> {
  const r = await startInspectRelay({ port: 0 });
  relays.push(r);
  return r;
}

/** A page on the relay: every message it is forwarded, parsed. */
async function page(r: InspectRelay): Promise<unknown[]> {
  const got: unknown[] = [];
  const ws = new WebSocket(r.wsUrl, { headers: { Origin: `http://127.0.0.1:${r.port}` } });
  ws.on('message', (m) => got.push(JSON.parse(String(m))));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return got;
}

async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What differs from run to run (times, random ids, session numbers) left out. */
function normal(m: unknown): unknown {
  return JSON.parse(JSON.stringify(m), (k, v: unknown) => (['createdAt', 'id', 'sessionId', 'rootId', 'parentId', '_sessionid'].includes(k) ? undefined : v));
}

const probe = createMachine({
  id: 'probe',
  initial: 'a',
  context: { n: 0 },
  states: { a: { on: { GO: { target: 'b', actions: () => {} } } }, b: { on: { BACK: 'a' } } },
});

async function sendThrough(inspector: ReturnType<typeof createInspector>, r: InspectRelay): Promise<unknown[]> {
  const got = await page(r);
  const actor = createActor(probe, { inspect: inspector.inspect });
  inspector.start();
  actor.start();
  actor.send({ type: 'GO' });
  actor.send({ type: 'BACK' });
  await until(() => got.filter((m) => (m as { type: string }).type === '@xstate.snapshot').length >= 3);
  actor.stop();
  inspector.stop();
  return got.map(normal);
}

describe('the inspector sender', () => {
  test('sends the page exactly what the package’s own sender sends', async () => {
    const a = await relay();
    const theirs = await sendThrough(createWebSocketInspector({ url: a.wsUrl, autoStart: false }), a);
    const b = await relay();
    const ours = await sendThrough(createInspector(inspectSender(b.wsUrl)), b);
    expect(ours.length).toBeGreaterThanOrEqual(5);
    expect(ours).toEqual(theirs);
  });

  test('holds what it is given until its socket opens, then sends it in order', async () => {
    const r = await relay();
    const got = await page(r);
    const sender = inspectSender(r.wsUrl);
    sender.send({ type: 'first' });
    sender.start();
    sender.send({ type: 'second' });
    expect(sender.state).toBe('connecting');
    await until(() => got.length === 2);
    expect(got).toEqual([{ type: 'first' }, { type: 'second' }]);
    expect(sender.state).toBe('open');
    sender.send({ type: 'third' });
    await until(() => got.length === 3);
    sender.stop();
    expect(sender.state).toBe('ended');
    sender.send({ type: 'after' });
    sender.start();
    expect(sender.state).toBe('ended');
  });

  test('cuts a cycle in what it sends instead of throwing', async () => {
    const r = await relay();
    const got = await page(r);
    const sender = inspectSender(r.wsUrl);
    const loop: Record<string, unknown> = { type: 'loop' };
    loop['self'] = loop;
    sender.start();
    sender.send(loop);
    await until(() => got.length === 1);
    expect(got[0]).toEqual({ type: 'loop', self: '[Circular]' });
    sender.stop();
  });
});

const built = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'inspect-sender.js');

/** A process that starts a sender on `url`, stops it after `stopAfterMs`, and should then end by itself. */
function senderProcess(url: string, stopAfterMs: number): Promise<{ code: number | null; signal: string | null; ms: number }> {
  const script = `
    const { inspectSender } = await import(${JSON.stringify(pathToFileURL(built).href)});
    const s = inspectSender(process.argv[1]);
    s.start();
    s.send({ type: '@xstate.actor' });
    setTimeout(() => s.stop(), Number(process.argv[2]));`;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, url, String(stopAfterMs)], { stdio: 'ignore' });
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, ms: Date.now() - started });
    });
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

// The package's sender, in each of these, would retry every 5 s for ever and keep its process alive.
describe.skipIf(!existsSync(built))('a stopped sender leaves nothing running', () => {
  test('after its connection was refused', async () => {
    const r = await senderProcess(`ws://127.0.0.1:${await freePort()}/`, 300);
    expect(r).toMatchObject({ code: 0, signal: null });
  });

  test('when stopped while the handshake is still pending', async () => {
    // Accepts the connection and never answers the handshake.
    const accepted: Socket[] = [];
    const silent = createServer((socket: Socket) => accepted.push(socket.on('error', () => {})));
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const r = await senderProcess(`ws://127.0.0.1:${(silent.address() as { port: number }).port}/`, 500);
    for (const socket of accepted) socket.destroy();
    expect(accepted).toHaveLength(1);
    expect(r).toMatchObject({ code: 0, signal: null });
  });

  test('after it reached the relay', async () => {
    const relayed = await relay();
    const got = await page(relayed);
    const r = await senderProcess(relayed.wsUrl, 1000);
    expect(got).toEqual([{ type: '@xstate.actor' }]);
    expect(r).toMatchObject({ code: 0, signal: null });
  });
});
