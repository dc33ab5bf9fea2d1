/**
 * The database drivers are optional peer dependencies, loaded only by `casepath serve`:
 * `import 'casepath'` loads no part of the service (checked on the built package with a
 * module hook that records what is resolved), and `serve` without its driver exits 2
 * naming the package and the npm command (the driver hidden by a module hook that
 * answers as Node does for a package that is not installed). Needs `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DRIVERS, installCommand } from '../../src/server/drivers.js';
import { BIN, ROOT, TOKEN, builtCli, tempDir } from './support.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

describe('optional database drivers', () => {
  it('are optional peer dependencies (kept as dev dependencies for the tests), with the ranges the service names', () => {
    for (const [kind, d] of Object.entries(DRIVERS)) {
      expect(pkg.dependencies[d.package], kind).toBeUndefined();
      expect(pkg.peerDependencies[d.package], kind).toBe(d.range);
      expect(pkg.peerDependenciesMeta[d.package]?.optional, kind).toBe(true);
      expect(pkg.devDependencies[d.package], kind).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(installCommand('sqlite')).toBe('npm install better-sqlite3@12');
    expect(installCommand('postgres')).toBe('npm install pg@8');
  });

  it("relies on Node's wording for a package that is not installed (code and quoted name)", async () => {
    const err = (await import('no-such-package-casepath-probe' as string).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(err.code).toBe('ERR_MODULE_NOT_FOUND');
    expect(err.message).toContain("'no-such-package-casepath-probe'");
  });
});

const built = builtCli();
if (!built) console.info('tests/server/drivers.test.ts: process checks skipped: run `npm run build` first');

(built ? describe : describe.skip)('the built package', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  const hook = (name: string, body: string) => {
    writeFileSync(join(tmp.dir, `${name}.mjs`), body);
    writeFileSync(join(tmp.dir, `${name}-register.mjs`), `import { register } from 'node:module';\nregister(${JSON.stringify(`./${name}.mjs`)}, import.meta.url);\n`);
    return join(tmp.dir, `${name}-register.mjs`);
  };

  it("import 'casepath' loads none of hono, @hono/*, better-sqlite3, pg, ws, pino or pino-pretty", () => {
    const record = hook(
      'record',
      `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(r.url);
  if (m) process.stderr.write('LOADED ' + m[1] + '\\n');
  return r;
}`,
    );
    for (const entry of ['casepath', 'casepath/testing']) {
      const r = spawnSync(process.execPath, ['--import', record, '--input-type=module', '-e', `await import(${JSON.stringify(entry)});`], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const loaded = new Set([...r.stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]!));
      expect(loaded.size, `${entry}: the hook saw the packages it loads`).toBeGreaterThan(0);
      for (const p of ['hono', '@hono/node-server', '@hono/zod-openapi', 'better-sqlite3', 'pg', 'ws', 'pino', 'pino-pretty']) expect(loaded.has(p), `${entry} loads ${p}`).toBe(false);
    }
  });

  const hide = (name: string) =>
    hook(
      `hide-${name}`,
      `export async function resolve(specifier, context, next) {
  if (specifier === ${JSON.stringify(name)}) {
    const e = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL);
    e.code = 'ERR_MODULE_NOT_FOUND';
    throw e;
  }
  return next(specifier, context);
}`,
    );

  it('serve without better-sqlite3 exits 2, naming the package and the command that installs it', () => {
    const r = spawnSync(process.execPath, ['--import', hide('better-sqlite3'), BIN, 'serve', '--port', '0', '--token', TOKEN, '--db', join(tmp.dir, 'x.db')], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the package better-sqlite3 is not installed; it is needed for the SQLite store \(--db FILE, the default\)\. Install it with: npm install better-sqlite3@12/);
  });

  it('serve --database without pg exits 2 the same way, before connecting', () => {
    const r = spawnSync(process.execPath, ['--import', hide('pg'), BIN, 'serve', '--port', '0', '--token', TOKEN, '--database', 'postgres://u:p@127.0.0.1:1/none'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the package pg is not installed; .*Install it with: npm install pg@8/);
    expect(r.stderr).not.toMatch(/u:p@/);
  });
});
