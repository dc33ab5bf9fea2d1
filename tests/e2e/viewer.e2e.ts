/**
 * The HTML viewer in a real browser: the built CLI writes the Miss X report, Debian's
 * Chromium opens it from file:// with every request other than the file itself
 * refused and counted, and the test steps through it with the keyboard as a trainer
 * would. At the initial child protection conference both children must stand "on a
 * plan" in their own diagrams, and the procedural-status finding must be on screen
 * with its source; one step back it must be gone. Screenshots go to test-results/
 * (the ICPC one also to docs/img/ for the README).
 *
 * Run with `npm run test:e2e` (it builds first). Needs `chromium` on the PATH; it
 * never downloads a browser.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { childProtectionMachine } from '../../machines/child-protection.js';
import { replay } from '../../src/index.js';

const root = join(import.meta.dirname, '..', '..');
const missXFindings = replay(join(root, 'scenarios', 'lgsco-24-009-262.yaml')).findings.length;
const results = join(root, 'test-results');
const reportFile = join(results, 'miss-x.html');
const fileUrl = pathToFileURL(reportFile).href;

/** The chart's own id for "on a child protection plan", read from the machine. */
const planState = Object.entries(childProtectionMachine.root.states).find(([, node]) => (node.meta as { label?: string } | undefined)?.label === 'on a plan')?.[0];

function chromiumPath(): string {
  let path = '';
  try {
    path = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim().split('\n')[0] ?? '';
  } catch {
    path = '';
  }
  if (!path) throw new Error('No chromium on the PATH: install Debian\'s package (apt-get install -y chromium). These tests never download a browser.');
  return path;
}

let context: BrowserContext;
let page: Page;
let userDataDir: string;
const consoleErrors: string[] = [];
const blockedRequests: string[] = [];

async function stepText(): Promise<string> {
  return (await page.textContent('#step-text')) ?? '';
}

/** Press → until the step is the one for `event` (at most once per step). */
async function stepTo(event: string): Promise<void> {
  const total = Number(/ of (\d+):/.exec(await stepText())?.[1] ?? '0');
  for (let i = 0; i < total && !(await stepText()).includes(`: ${event} (`); i++) await page.keyboard.press('ArrowRight');
  expect(await stepText()).toContain(`: ${event} (`);
}

beforeAll(async () => {
  const executablePath = chromiumPath();
  const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
  if (!existsSync(bin)) throw new Error('dist/ is missing: run "npm run build" first (npm run test:e2e does).');
  mkdirSync(results, { recursive: true });
  rmSync(reportFile, { force: true });
  execFileSync(process.execPath, [bin, 'report', 'scenarios/lgsco-24-009-262.yaml', '-o', 'test-results/miss-x.html'], { cwd: root, stdio: 'pipe' });
  expect(existsSync(reportFile)).toBe(true);

  userDataDir = mkdtempSync(join(tmpdir(), 'casepath-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1600, height: 1200 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.split('#')[0] === fileUrl) return route.continue();
    blockedRequests.push(url);
    return route.abort();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  await page.goto(fileUrl);
});

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe('the Miss X viewer in Chromium', () => {
  test('opens at step 1 with its controls', async () => {
    expect(planState).toBe('plan');
    expect(await stepText()).toMatch(/^Step 1 of 33: birth \(note\), /);
    expect(await page.isDisabled('#btn-prev')).toBe(true);
    expect(await page.getAttribute('#step-text', 'aria-live')).toBe('polite');
    // Child protection for B and C, the PLO and the complaint: the processes the case uses
    // (none of the looked-after or child-in-need charts, which Miss X never begins).
    expect(await page.locator('svg.chart').count()).toBe(4);
    await page.screenshot({ path: join(results, 'viewer-start.png') });
  });

  test('at the ICPC both children stand on a plan, and the procedural-status finding shows with its source', async () => {
    await stepTo('icpc');
    expect(await stepText()).toMatch(/^Step \d+ of 33: icpc \(conference\.held\), 2023-03-30\.\.2023-05-05, cite: paras 35, 39, 92, 93, 109$/);
    for (const child of ['B', 'C']) {
      const chart = page.locator(`svg.chart[data-process="child-protection"][data-child="${child}"]`);
      const current = chart.locator('g.state.current');
      expect(await current.count()).toBe(1);
      expect(await current.getAttribute('data-state')).toBe(planState);
      expect(await current.locator('text').textContent()).toBe('on a plan');
      await expect.poll(() => current.isVisible()).toBe(true);
      // The step just taken, from the state before, is marked too.
      expect(await chart.locator(`path.edge.taken[data-to="${planState}"]`).count()).toBe(1);
    }
    const finding = page.locator('#findings article[data-rule="decision-on-procedural-status"]');
    expect(await finding.count()).toBe(1);
    expect(await finding.isVisible()).toBe(true);
    const text = (await finding.textContent()) ?? '';
    // The conference sat in 2023, before Working Together 2023 came into force: the 2018 edition.
    expect(text).toContain('Working Together to Safeguard Children 2018, ch. 1 (conference decision: likely significant harm)');
    expect(text).toContain('paras 35, 39, 92, 93, 109');
    expect(text).toContain('certain');

    // "What the process allowed here" opens on a click and names the state before.
    await finding.locator('details.allowed > summary').click();
    expect(await finding.locator('details.allowed').getAttribute('open')).not.toBeNull();
    expect(await finding.locator('.allowed-machine').first().textContent()).toMatch(/Child protection · B, C stood at ICPC due/);

    const clocks = page.locator('#clocks li.clock');
    expect(await clocks.count()).toBeGreaterThan(0);
    const left = await page.locator('#clocks .clock-left strong').allTextContents();
    expect(left.some((t) => /^\d+(–\d+)? left$|past due/.test(t))).toBe(true);

    // The screenshot for the README: the step bar, what happened, the findings, both diagrams.
    await page.evaluate(() => {
      const bar = document.querySelector('.stepbar') as HTMLElement;
      const layout = document.querySelector('.layout') as HTMLElement;
      window.scrollTo(0, layout.getBoundingClientRect().top + window.scrollY - bar.offsetHeight);
    });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const shot = join(results, 'viewer-icpc.png');
    await page.screenshot({ path: shot });
    mkdirSync(join(root, 'docs', 'img'), { recursive: true });
    copyFileSync(shot, join(root, 'docs', 'img', 'viewer-icpc.png'));
  });

  test('one step back (←) the finding is no longer shown', async () => {
    await page.keyboard.press('ArrowLeft');
    expect(await stepText()).not.toContain(': icpc (');
    expect(await page.locator('#findings article[data-rule="decision-on-procedural-status"]').count()).toBe(0);
    // And the children are back where they stood before the conference.
    const current = await page.locator('svg.chart[data-process="child-protection"][data-child="B"] g.state.current').getAttribute('data-state');
    expect(current).not.toBe(planState);
    await page.keyboard.press('ArrowRight');
    expect(await stepText()).toContain(': icpc (');
  });

  test('the timeline jumps to a step; End and Home go to the ends', async () => {
    await page.keyboard.press('End');
    expect(await stepText()).toMatch(/^Step 33 of 33: /);
    expect(await page.isDisabled('#btn-next')).toBe(true);
    await page.keyboard.press('Home');
    expect(await stepText()).toMatch(/^Step 1 of 33: /);
    await page.locator('g.tl-event[data-step="13"]').click();
    expect(await stepText()).toMatch(/^Step 14 of 33: icpc /);
    expect(await page.getAttribute('g.tl-event[data-step="13"]', 'aria-current')).toBe('step');
    await page.click('#btn-next');
    expect(await stepText()).toMatch(/^Step 15 of 33: /);
    await page.click('#btn-prev');
    expect(await stepText()).toMatch(/^Step 14 of 33: icpc /);
  });

  test('loads an inspection trace from disk and shows this step’s entries; refuses a file that is not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casepath-trace-'));
    try {
      const good = join(dir, 'trace.json');
      writeFileSync(
        good,
        JSON.stringify({
          format: 'casepath-trace',
          version: 1,
          case: 'lgsco-24-009-262',
          entries: [
            { seq: 1, event: 'strategy-2', actor: 'childProtection:B', kind: '@xstate.event', eventType: 'strategy.held' },
            { seq: 2, event: 'icpc', actor: 'childProtection:B', kind: '@xstate.event', eventType: 'conference.held' },
            { seq: 3, event: 'icpc', actor: 'childProtection:B', kind: '@xstate.snapshot', state: 'plan' },
          ],
        }),
      );
      await page.setInputFiles('#trace-file', good);
      await expect.poll(() => page.textContent('#trace-status')).toMatch(/Trace loaded \(trace\.json\): 3 entries/);
      const rows = page.locator('#trace tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(1).textContent()).toContain('plan');

      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ format: 'casepath-trace', version: 1, case: 'lgsco-24-009-262', entries: [{ seq: 'one', event: 'icpc', actor: 'plo', kind: 'guess' }] }));
      await page.setInputFiles('#trace-file', bad);
      await expect.poll(() => page.textContent('#trace-status')).toMatch(/not a casepath inspection trace \(bad\.json\): entries\.0\.seq: expected a number; entries\.0\.kind: expected one of/);
      expect(await page.locator('#trace tbody tr').count()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('prints every step’s findings without the controls', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.isVisible('#all-findings')).toBe(true);
      expect(await page.isVisible('.stepbar')).toBe(false);
      expect(await page.locator('#all-findings article.finding').count()).toBe(missXFindings);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  test('made no network request and logged no console error', () => {
    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
