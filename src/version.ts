/**
 * casepath's own version, read once from package.json (the CLI's --version, the
 * viewer's footer and the service's /health and OpenAPI document all show this one).
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function version(): string {
  if (cached !== undefined) return cached;
  // package.json is one level above src/, two above dist/src/ and three above dist/cli/chunks/ (the bundled executable).
  for (const path of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'casepath' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // not here: try the next level
    }
  }
  return (cached = '0.0.0');
}
