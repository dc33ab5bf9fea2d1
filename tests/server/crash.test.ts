/**
 * "Nothing acknowledged is ever lost": the server process on a temp SQLite file gets
 * a stream of appends (300 events across 4 cases, one POST each) and is SIGKILLed
 * at a random point, twice, mid-request. After each restart on the same file every
 * acknowledged event is there exactly once, in order; the unacknowledged rest is
 * sent again (the one in flight at the kill may or may not have been committed: a
 * resend is then a duplicate, a no-op). At the end each case equals a fresh replay
 * of all its events. The seed is in the test's name; CASEPATH_CRASH_SEED replays a run.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replay } from '../../src/index.js';
import { findingJson } from '../../src/server/cases.js';
import { TOKEN, type Server, builtCli, eventStream, startServer, tempDir } from './support.js';

const built = builtCli();
if (!built) console.info('tests/server/crash.test.ts skipped: run `npm run build` first (dist/src/server is missing)');

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CASES = ['k0', 'k1', 'k2', 'k3'];
const PER_CASE = 75;
const AS_OF = '2024-04-30';

(built ? describe : describe.skip)('crash safety of casepath serve on SQLite', () => {
  const tmp = tempDir();
  const db = join(tmp.dir, 'crash.db');
  afterAll(() => tmp.remove());

  const seed = Number(process.env['CASEPATH_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
  const random = rng(seed);

  it(`keeps every acknowledged append exactly once across SIGKILLs (seed ${seed})`, async () => {
    const byCase = new Map(CASES.map((c) => [c, eventStream(c, PER_CASE)]));
    // Round-robin over the cases: k0-0, k1-0, k2-0, k3-0, k0-1, ...
    const sends: { case: string; event: Record<string, unknown> }[] = [];
    for (let i = 0; i < PER_CASE; i++) for (const c of CASES) sends.push({ case: c, event: byCase.get(c)![i]! });

    const acked = new Set<string>();
    const key = (s: { case: string; event: Record<string, unknown> }) => `${s.case}/${String(s.event['id'])}`;
    const post = (server: Server, s: (typeof sends)[number]) =>
      fetch(`${server.url}/cases/${s.case}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(s.event),
      });
    const storedIds = async (server: Server, c: string): Promise<string[]> => {
      const res = await fetch(`${server.url}/cases/${c}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { events: { id: string }[] }).events.map((e) => e.id);
    };

    const kills = 2;
    let server = await startServer(['--db', db, '--token', TOKEN]);
    for (const c of CASES) {
      const res = await fetch(`${server.url}/cases/${c}`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ children: [{ id: 'A' }] }) });
      expect(res.status).toBe(201);
    }

    for (let round = 0; round <= kills; round++) {
      const pending = sends.filter((s) => !acked.has(key(s)));
      // Kill somewhere in the middle of what is left (never in the last round).
      const killAt = round < kills ? Math.floor(pending.length * (0.1 + 0.4 * random())) : -1;
      let killedMidRequest = false;
      for (const [i, s] of pending.entries()) {
        if (i === killAt) {
          const inFlight = post(server, s).then(
            (r) => r.status,
            () => 0,
          );
          await new Promise((r) => setTimeout(r, Math.floor(random() * 4)));
          server.proc.kill('SIGKILL');
          const status = await inFlight;
          if (status >= 200 && status < 300) acked.add(key(s));
          else killedMidRequest = true;
          break;
        }
        const res = await post(server, s);
        expect([200, 201], `${key(s)}: ${res.status}`).toContain(res.status);
        await res.arrayBuffer();
        acked.add(key(s));
      }
      if (round === kills) break;
      expect(await server.exited).toBe('SIGKILL');
      server = await startServer(['--db', db, '--token', TOKEN]);

      // Every acknowledged event is there exactly once, in the order sent; at most the one in flight besides.
      for (const c of CASES) {
        const ids = await storedIds(server, c);
        expect(new Set(ids).size, `${c}: no duplicates`).toBe(ids.length);
        const sent = byCase.get(c)!.map((e) => String(e['id']));
        expect(ids, `${c}: a prefix of what was sent`).toEqual(sent.slice(0, ids.length));
        const ackedHere = sent.filter((id) => acked.has(`${c}/${id}`));
        expect(ids.slice(0, ackedHere.length)).toEqual(ackedHere);
        expect(ids.length - ackedHere.length).toBeLessThanOrEqual(killedMidRequest ? 1 : 0);
      }
    }

    // All sent: each case equals a fresh replay of its events.
    expect(acked.size).toBe(sends.length);
    for (const c of CASES) {
      const events = byCase.get(c)!;
      const res = await fetch(`${server.url}/cases/${c}?asOf=${AS_OF}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const view = (await res.json()) as { events: Record<string, unknown>[]; findings: unknown[]; states: unknown };
      expect(view.events).toEqual(events);
      const fresh = replay({ case: c, completeness: 'record', children: [{ id: 'A' }], events }, { asOf: AS_OF });
      expect(view.findings).toEqual(fresh.findings.map(findingJson));
      expect(view.states).toEqual(fresh.timeline.at(-1)!.states);
      expect(fresh.findings.length).toBeGreaterThan(0);
    }
    // The deadlines table, written in the same transactions, holds exactly the open clocks of a fresh replay.
    const table = (await (await fetch(`${server.url}/deadlines?within=3650d&asOf=2024-01-01`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
      deadlines: { case: string; rule: string; clock: string; startedBy: string }[];
    };
    const rows = (list: { rule: string; clock: string; startedBy: string }[], c: string) => list.map((d) => `${c}:${d.rule}:${d.clock}:${d.startedBy}`).sort();
    for (const c of CASES) {
      const fresh = replay({ case: c, completeness: 'record', children: [{ id: 'A' }], events: byCase.get(c)! }, { asOf: AS_OF });
      const open = fresh.deadlines.filter((d) => (d.status === 'open' || d.status === 'overdue') && d.due);
      expect(open.length).toBeGreaterThan(0);
      expect(rows(table.deadlines.filter((d) => d.case === c), c)).toEqual(rows(open, c));
    }
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 180_000);
});
