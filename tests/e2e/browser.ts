/**
 * What the end-to-end tests share: Debian's Chromium (never a downloaded browser), launched
 * headless in a throwaway profile, and a page guard that lets only the report's own file
 * load, counting every other request and every console error or CSP message, so each suite
 * can assert that none occurred.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';

function chromiumPath(): string {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  let path = '';
  try {
    path = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim().split('\n')[0] ?? '';
  } catch {
    path = '';
  }
  if (!path) throw new Error("No chromium on the PATH: install Debian's package (apt-get install -y chromium). These tests never download a browser.");
  return path;
}

export interface Browser {
  context: BrowserContext;
  /** The context's first page. */
  page: Page;
  close(): Promise<void>;
}

/** Chromium, headless, in a fresh profile removed by `close()`. */
export async function launch(viewport: { width: number; height: number }): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'casepath-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** What a guarded page did that it must not: requests beyond its own file, console errors, CSP messages. */
export interface Incidents {
  blockedRequests: string[];
  consoleErrors: string[];
  cspMessages: string[];
}

export const incidents = (): Incidents => ({ blockedRequests: [], consoleErrors: [], cspMessages: [] });

/** Let `page` load only `allowed` file URLs (any fragment); record everything else in `into`. */
export async function guard(page: Page, allowed: readonly string[], into: Incidents): Promise<void> {
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed.includes(url.split('#')[0]!)) return route.continue();
    into.blockedRequests.push(url);
    return route.abort();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') into.consoleErrors.push(msg.text());
    if (/Content Security Policy/i.test(msg.text())) into.cspMessages.push(msg.text());
  });
  page.on('pageerror', (err) => into.consoleErrors.push(String(err)));
}
