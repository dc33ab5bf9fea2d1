/**
 * Exit codes (spec §4), in one place.
 */
export const EXIT = {
  /** The file is valid, whatever it finds. */
  ok: 0,
  /** `--fail-on` findings exist. */
  findings: 1,
  /** Invalid input (file, options or rules config), with messages naming what is wrong. */
  invalid: 2,
  /** casepath itself failed (a bug): please report it. */
  internal: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** How an executable ends on an error of casepath's own (a bug): one line on stderr, exit 3. */
export function exitOnInternalError(err: unknown): void {
  process.stderr.write(`casepath: internal error: ${(err as Error).message}\n`);
  process.exitCode = EXIT.internal;
}
