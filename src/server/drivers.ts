/**
 * The database drivers are optional peer dependencies: `import 'casepath'` needs
 * neither, and only `casepath serve` loads one, on demand, with `import()`. When the
 * one it needs is not installed (or its native part did not build), the service says
 * which package and the exact command, and `serve` exits 2.
 */

export type DriverKind = 'sqlite' | 'postgres';

/** The peer dependency behind each store; `range` matches package.json's peerDependencies. */
export const DRIVERS: Record<DriverKind, { package: string; range: string; for: string }> = {
  sqlite: { package: 'better-sqlite3', range: '^12.11.1', for: 'the SQLite store (--db FILE, the default)' },
  postgres: { package: 'pg', range: '^8.23.1', for: 'the PostgreSQL store (--database postgres://...)' },
};

/** The command that installs a driver (the major version of its peer range). */
export function installCommand(kind: DriverKind): string {
  const d = DRIVERS[kind];
  return `npm install ${d.package}@${/\d+/.exec(d.range)![0]}`;
}

/** A driver is not installed, or is installed but cannot be loaded. */
export class DriverError extends Error {
  constructor(
    readonly kind: DriverKind,
    readonly missing: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'DriverError';
  }
}

export function missingDriver(kind: DriverKind): DriverError {
  const d = DRIVERS[kind];
  return new DriverError(kind, true, `the package ${d.package} is not installed; it is needed for ${d.for}. Install it with: ${installCommand(kind)}`);
}

export function brokenDriver(kind: DriverKind, detail: string): DriverError {
  const d = DRIVERS[kind];
  return new DriverError(
    kind,
    false,
    `the package ${d.package} is installed but cannot be loaded (${detail}); reinstall it with: npm rebuild ${d.package} (or ${installCommand(kind)})`,
  );
}

const isMissing = (err: unknown, pkg: string) => {
  const e = err as NodeJS.ErrnoException;
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && typeof e.message === 'string' && e.message.includes(`'${pkg}'`);
};

/** `import()` the driver's package, turning "not installed" into a {@link DriverError}. */
export async function loadDriver<T>(kind: DriverKind): Promise<T> {
  const pkg = DRIVERS[kind].package;
  try {
    return (await import(pkg)) as T;
  } catch (err) {
    if (isMissing(err, pkg)) throw missingDriver(kind);
    throw brokenDriver(kind, (err as Error)?.name ?? 'unknown error');
  }
}
