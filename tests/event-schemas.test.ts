/**
 * The event schemas are built on first use, one type at a time (src/schema/events.ts): a
 * command that reads a chronology builds the schemas of the types in it, not all of them.
 * The per-type schemas and the union (`chronologyEvent`, public) must be the same objects,
 * in the order of `EVENT_TYPES`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { chronologyEvent, chronologyFile } from '../src/index.js';
import { EVENT_TYPES, eventSchema } from '../src/schema/events.js';

const root = join(import.meta.dirname, '..');
const built = existsSync(join(root, 'dist', 'src', 'schema', 'events.js'));

describe('event schemas built on first use', () => {
  test('each type’s schema is the union’s option for it, in the order of EVENT_TYPES', () => {
    const options = chronologyEvent.options;
    expect(options.map((o) => o.shape.type.value)).toEqual([...EVENT_TYPES]);
    for (const [i, type] of EVENT_TYPES.entries()) expect(eventSchema(type), type).toBe(options[i]);
    expect(eventSchema('referral.recieved')).toBeUndefined();
  });

  test('the file schema’s events are the public event schema', () => {
    expect(chronologyFile.shape.events.element).toBe(chronologyEvent);
  });

  test.skipIf(!built)('loading a chronology builds the schemas of its event types only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-schemas-'));
    try {
      const file = join(dir, 'two.json');
      const events = [
        { id: 'r1', type: 'referral.received', at: '2024-01-10', children: ['A'] },
        { id: 'd1', type: 'referral.decided', at: '2024-01-11', children: ['A'] },
        { id: 'r2', type: 'referral.received', at: '2024-02-10', children: ['A'] },
      ];
      writeFileSync(file, JSON.stringify({ case: 'two', asOf: '2024-03-01', children: [{ id: 'A' }], events }));
      const script = `
        const { loadChronologyFile } = await import(${JSON.stringify(join(root, 'dist', 'src', 'load.js'))});
        const { builtEventTypes } = await import(${JSON.stringify(join(root, 'dist', 'src', 'schema', 'events.js'))});
        const before = builtEventTypes();
        const r = loadChronologyFile(${JSON.stringify(file)});
        console.log(JSON.stringify({ ok: r.ok, before, after: builtEventTypes() }));`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { ok: boolean; before: string[]; after: string[] };
      expect(out.ok).toBe(true);
      expect(out.before).toEqual([]);
      expect([...out.after].sort()).toEqual(['referral.decided', 'referral.received']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
