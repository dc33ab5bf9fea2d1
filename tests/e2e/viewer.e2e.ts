/**
 * The HTML viewer in a real browser: the built CLI writes the Miss X report, Debian's
 * Chromium opens it from file:// with every request other than the file itself
 * refused and counted, and the test steps through it with the keyboard as a trainer
 * would. The handout (the long page, `#view=handout`): at the initial child protection
 * conference both children must stand "on a plan" in their own diagrams, and the
 * procedural-status finding must be on screen with its source; one step back it must be
 * gone. The presenter view (the default at 1280 px and wider), at 1280x720: the ICPC
 * step fits one screen with 18 px text, its facts, the finding and the chart's current
 * state in view, the broken step drawn red; quiz mode hides and reveals; the keys of a
 * presenter clicker work; the page API answers. Screenshots go to test-results/ and
 * those of the presenter view, the quiz and the charts to docs/screenshots/ for the README.
 *
 * Run with `npm run test:e2e` (it builds first). Needs `chromium` on the PATH; it
 * never downloads a browser.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { type Browser, guard, incidents, launch } from './browser.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { childProtectionMachine } from '../../machines/child-protection.js';
import { replay } from '../../src/index.js';

const root = join(import.meta.dirname, '..', '..');
const missXFindings = replay(join(root, 'scenarios', 'lgsco-24-009-262.yaml')).findings.length;
const results = join(root, 'test-results');
const reportFile = join(results, 'miss-x.html');
const fileUrl = pathToFileURL(reportFile).href;
const shots = join(root, 'docs', 'screenshots');

/** The chart's own id for "on a child protection plan", read from the machine. */
const planState = Object.entries(childProtectionMachine.root.states).find(([, node]) => (node.meta as { label?: string } | undefined)?.label === 'on a plan')?.[0];


let browser: Browser;
let context: BrowserContext;
let page: Page;
const seen = incidents();
const { consoleErrors, blockedRequests } = seen;

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
  const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
  if (!existsSync(bin)) throw new Error('dist/ is missing: run "npm run build" first (npm run test:e2e does).');
  mkdirSync(results, { recursive: true });
  rmSync(reportFile, { force: true });
  execFileSync(process.execPath, [bin, 'report', 'scenarios/lgsco-24-009-262.yaml', '-o', 'test-results/miss-x.html'], { cwd: root, stdio: 'pipe' });
  expect(existsSync(reportFile)).toBe(true);

  browser = await launch({ width: 1600, height: 1200 });
  ({ context, page } = browser);
  await guard(page, [fileUrl], seen);
  await page.goto(`${fileUrl}#view=handout`);
});

afterAll(async () => {
  await browser?.close();
});

describe('the Miss X viewer in Chromium', () => {
  test('opens at step 1 with its controls', async () => {
    expect(planState).toBe('plan');
    expect(await stepText()).toMatch(/^Step 1 of 33: birth \(note\), /);
    expect(await page.isDisabled('#btn-prev')).toBe(true);
    expect(await page.getAttribute('#step-text', 'aria-live')).toBe('polite');
    // Child protection for B and C, the PLO and the complaint: the processes the case uses
    // (none of the looked-after or child-in-need charts, which Miss X never begins).
    expect(await page.locator('#handout svg.chart.path-view').count()).toBe(4);
    expect(await page.locator('#handout svg.chart.whole-view').count()).toBe(4);
    expect(await page.isVisible('#presenter')).toBe(false);
    await page.screenshot({ path: join(results, 'viewer-start.png') });
  });

  test('at the ICPC both children stand on a plan, and the procedural-status finding shows with its source', async () => {
    await stepTo('icpc');
    expect(await stepText()).toMatch(/^Step \d+ of 33: icpc \(conference\.held\), 2023-03-30\.\.2023-05-05, cite: paras 35, 39, 92, 93, 109$/);
    for (const child of ['B', 'C']) {
      const chart = page.locator(`#handout svg.chart.path-view[data-process="child-protection"][data-child="${child}"]`);
      const current = chart.locator('g.state.current');
      expect(await current.count()).toBe(1);
      expect(await current.getAttribute('data-state')).toBe(planState);
      expect(await current.locator('text').textContent()).toBe('on a plan');
      await expect.poll(() => current.isVisible()).toBe(true);
      // The step just taken, from the state before, is marked too.
      expect(await chart.locator(`path.edge.taken[data-to="${planState}"]`).count()).toBe(1);
      // A step a certain finding is about: drawn broken, with the rule's title beside it.
      expect(await chart.locator(`path.edge.taken.broken[data-to="${planState}"]`).count()).toBe(1);
      expect(await chart.locator('text.broken-label').textContent()).toContain('Conference decision on procedural status alone');
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

    await page.screenshot({ path: join(results, 'viewer-icpc.png') });
  });

  test('one step back (←) the finding is no longer shown', async () => {
    await page.keyboard.press('ArrowLeft');
    expect(await stepText()).not.toContain(': icpc (');
    expect(await page.locator('#findings article[data-rule="decision-on-procedural-status"]').count()).toBe(0);
    // And the children are back where they stood before the conference.
    const current = await page.locator('#handout svg.chart.path-view[data-process="child-protection"][data-child="B"] g.state.current').getAttribute('data-state');
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
});

describe('the presenter view at 1280x720 (a projector)', () => {
  let p: Page;
  const k = () => p.evaluate(() => (window as unknown as { casepathViewer: { current(): number } }).casepathViewer.current());
  let icpcIndex = -1;

  beforeAll(async () => {
    p = await context.newPage();
    await p.setViewportSize({ width: 1280, height: 720 });
    await guard(p, [fileUrl], seen);
    await p.goto(fileUrl);
    mkdirSync(shots, { recursive: true });
  });

  test('is the default at 1280 wide; the page API lists the steps', async () => {
    expect(await p.evaluate(() => document.body.classList.contains('mode-presenter'))).toBe(true);
    expect(await p.isVisible('#presenter')).toBe(true);
    expect(await p.isVisible('#handout')).toBe(false);
    const steps = await p.evaluate(() => (window as unknown as { casepath: { steps(): { index: number; id: string; type: string; date: { earliest: string; latest: string } }[] } }).casepath.steps());
    expect(steps).toHaveLength(33);
    icpcIndex = steps.findIndex((s) => s.id === 'icpc');
    expect(steps[icpcIndex]).toEqual({ index: icpcIndex, id: 'icpc', type: 'conference.held', date: { earliest: '2023-03-30', latest: '2023-05-05' } });
    expect(steps[0]).toMatchObject({ index: 0, id: 'birth', type: 'note' });
  });

  test('a presenter clicker’s keys step through: PageDown, PageUp, space, arrows, Home, End', async () => {
    await p.keyboard.press('Home');
    expect(await k()).toBe(0);
    await p.keyboard.press('PageDown');
    expect(await k()).toBe(1);
    await p.keyboard.press('Space');
    expect(await k()).toBe(2);
    await p.keyboard.press('ArrowRight');
    expect(await k()).toBe(3);
    await p.keyboard.press('PageUp');
    expect(await k()).toBe(2);
    await p.keyboard.press('ArrowLeft');
    expect(await k()).toBe(1);
    await p.keyboard.press('End');
    expect(await k()).toBe(32);
    expect(await p.textContent('#p-step')).toContain('Step 33 of 33');
    await p.keyboard.press('Home');
    for (let i = 0; i < icpcIndex; i++) await p.keyboard.press('PageDown');
    expect(await k()).toBe(icpcIndex);
  });

  test('the ICPC fits one screen: 18 px text, its facts, the procedural-status finding and the chart’s current state in view', async () => {
    expect(await p.textContent('#p-step')).toMatch(/Step 14 of 33\s*conference held\s*2023-03-30\.\.2023-05-05/);
    expect(await p.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThanOrEqual(720);
    expect(parseFloat(await p.evaluate(() => getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(18);
    expect(parseFloat(await p.locator('#p-findings .finding .message').first().evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(18);
    const facts = (await p.textContent('#p-event')) ?? '';
    for (const t of ['school said no plan', 'the chair alone', 'procedural status: the PLO is in place', 'not considered', 'Not recorded']) expect(facts).toContain(t);

    const inView = async (selector: string) => {
      const box = await p.locator(selector).first().boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(720);
      expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
    };
    const finding = '#p-findings article[data-rule="decision-on-procedural-status"]';
    expect(await p.isVisible(finding)).toBe(true);
    await inView(`${finding} h3`);
    await inView(`${finding} .message`);
    expect(await p.textContent(finding)).toContain('Working Together to Safeguard Children 2018');
    // Certain first: every card before the possible line is certain.
    expect(await p.locator('#p-findings article.possible').count()).toBe(0);
    expect(await p.textContent('#p-possible summary')).toMatch(/^4 possible: .*— what would settle them$/);

    // The chart: the children's current state, on a plan, and the broken step drawn red.
    const current = '#p-charts svg g.state.current';
    expect(await p.locator(current).first().getAttribute('data-state')).toBe(planState);
    await inView(current);
    const broken = p.locator('#p-charts svg path.edge.broken').first();
    expect(await broken.getAttribute('data-to')).toBe(planState);
    expect(await broken.evaluate((el) => getComputedStyle(el).stroke)).toBe('rgb(180, 35, 24)');
    expect(await broken.evaluate((el) => getComputedStyle(el).strokeDasharray)).not.toBe('none');
    expect(await p.textContent('#p-charts .p-broken')).toContain('Conference decision on procedural status alone');
    // Edge labels in words, not only event ids.
    expect(await p.locator('#p-charts svg .edge-label.taken text').first().textContent()).toBe('conference held');
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await p.screenshot({ path: join(shots, 'presenter-icpc.png') });
  });

  test('possible findings expand on demand; the toggle shows them in full', async () => {
    await p.click('#p-possible summary');
    expect(await p.locator('#p-possible article.possible').count()).toBe(4);
    await p.click('#p-possible summary');
    await p.keyboard.press('f');
    expect(await p.locator('#p-findings article.possible').count()).toBe(4);
    expect(await p.locator('#p-possible details').count()).toBe(0);
    await p.keyboard.press('f');
    expect(await p.locator('#p-findings article.possible').count()).toBe(0);
  });

  test('earlier findings are a count, and a list on demand', async () => {
    const earlier = await p.evaluate((i) => (window as unknown as { casepath: { findings(): { step: number }[] } }).casepath.findings().filter((f) => f.step < i).length, icpcIndex);
    expect(await p.textContent('#p-previous summary')).toMatch(new RegExp(`^${earlier} earlier findings`));
    await p.click('#p-previous summary');
    expect(await p.locator('#p-previous li').count()).toBe(earlier);
    await p.click('#p-previous summary');
  });

  test('quiz mode hides the findings until revealed, asks what went wrong, and keeps score', async () => {
    await p.keyboard.press('q');
    expect(await p.isVisible('#p-quiz')).toBe(true);
    expect(await p.isVisible('#p-findings')).toBe(false);
    expect(await p.isVisible('#p-findings article[data-rule="decision-on-procedural-status"]')).toBe(false);
    // The broken step would give it away: not drawn until revealed.
    expect(await p.locator('#p-charts svg path.edge.broken').count()).toBe(0);
    expect(await p.textContent('#p-quiz')).toContain('What went wrong here?');
    // Nor do the step list and the timeline say where findings arise.
    const giveaways = await p.evaluate(() => {
      const opts = Array.from(document.querySelectorAll('#jump option')).map((o) => o.textContent ?? '');
      const fill = (sel: string) => { const el = document.querySelector(sel); return el ? getComputedStyle(el).fill + ' ' + getComputedStyle(el).stroke : null; };
      return { opts: opts.filter((t) => /finding/.test(t)).length, labels: Array.from(document.querySelectorAll('.tl-event')).filter((g) => /finding/.test(g.getAttribute('aria-label') ?? '')).length, marks: (['exact', 'vague'] as const).map((k) => [fill(`.tl-event.${k}.has-certain .mark`) ?? fill(`.tl-event.${k}.has-possible .mark`), fill(`.tl-event.${k}:not(.has-certain):not(.has-possible) .mark`)]) };
    });
    expect(giveaways.opts).toBe(0);
    expect(giveaways.labels).toBe(0);
    const compared = giveaways.marks.filter(([withFinding, plain]) => withFinding !== null && plain !== null);
    expect(compared.length).toBeGreaterThan(0);
    for (const [withFinding, plain] of compared) expect(withFinding).toBe(plain);
    const { choices, right } = await p.evaluate((i) => {
      const d = (window as unknown as { casepathViewer: { data(): { steps: { quiz: string[]; findings: number[] }[]; findings: { rule: string }[] } } }).casepathViewer.data();
      const s = d.steps[i]!;
      const r = new Set(s.findings.map((f) => d.findings[f]!.rule));
      return { choices: s.quiz, right: s.quiz.filter((q) => r.has(q)) };
    }, icpcIndex);
    expect(right).toContain('decision-on-procedural-status');
    expect(await p.locator('#p-quiz button[data-choice]').count()).toBe(choices.length);
    for (const rule of right) await p.click(`#p-quiz button[data-choice="${rule}"]`);
    // The decide variant: the room picks the conference's decision before it is revealed.
    await p.click('#p-quiz button[data-decide="no-plan"]');
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await p.screenshot({ path: join(shots, 'quiz-icpc.png') });
    await p.keyboard.press('r');
    // Revealing replays the room's decision as a what-if, then goes back to the source: wait for it.
    await p.waitForFunction(() => !(document.querySelector('#p-quiz .q-replay')?.textContent ?? '').includes('Replaying'));
    expect(await p.isVisible('#p-findings article[data-rule="decision-on-procedural-status"]')).toBe(true);
    expect(await p.locator('#p-quiz .q-choice.right').count()).toBeGreaterThanOrEqual(right.length);
    expect(await p.textContent('#p-quiz .q-result')).toMatch(/^Right/);
    expect(await p.textContent('#p-quiz .q-score')).toBe('Score this session: 1 of 1 step right');
    const hasEdit = await p.evaluate(() => typeof (window as unknown as { casepath: { edit?: unknown } }).casepath.edit === 'function');
    if (hasEdit) {
      await expect.poll(() => p.textContent('#p-quiz .q-replay')).toContain('would not arise');
      expect(await p.textContent('#p-quiz .q-replay')).toContain('Conference decision on procedural status alone');
    } else {
      expect(await p.textContent('#p-quiz .q-replay')).toContain('The what-if engine is not in this page');
    }
    // The next step is hidden again until revealed; quiz off shows it.
    await p.keyboard.press('PageDown');
    expect(await p.isVisible('#p-findings')).toBe(false);
    await p.keyboard.press('q');
    expect(await p.isVisible('#p-findings')).toBe(true);
    expect(await p.isVisible('#p-quiz')).toBe(false);
    await p.keyboard.press('PageUp');
    expect(await k()).toBe(icpcIndex);
  });

  test('"Show the whole process" reveals every transition; the path view hides what is not on the path or next', async () => {
    const offBefore = await p.locator('#p-charts svg.path-view .state.off').count();
    expect(offBefore).toBeGreaterThan(0);
    expect(await p.locator('#p-charts svg.path-view .state.off').first().isVisible()).toBe(false);
    await p.keyboard.press('w');
    expect(await p.locator('#p-charts svg.whole-view').count()).toBeGreaterThan(0);
    const all = await p.locator('#p-charts svg.whole-view').first().locator('g.state').count();
    expect(await p.locator('#p-charts svg.whole-view').first().locator('g.state:visible').count()).toBe(all);
    expect(await p.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThanOrEqual(720);
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await p.screenshot({ path: join(shots, 'chart-whole.png') });
    await p.keyboard.press('w');
    expect(await p.locator('#p-charts svg.whole-view').count()).toBe(0);
  });

  test('the handout (toggle) shows the path charts with labels in words', async () => {
    await p.keyboard.press('p');
    expect(await p.isVisible('#handout')).toBe(true);
    expect(await p.isVisible('#presenter')).toBe(false);
    await p.locator('#handout .diagram-grid').scrollIntoViewIfNeeded();
    await p.evaluate(() => {
      const g = document.querySelector('#handout .diagrams') as HTMLElement;
      window.scrollTo(0, g.getBoundingClientRect().top + window.scrollY - 70);
    });
    await p.screenshot({ path: join(shots, 'chart-path.png') });
    await p.keyboard.press('p');
    expect(await p.isVisible('#presenter')).toBe(true);
  });

  test('window.casepath.findings() and casepathViewer.setData: an edited case re-renders, marked as a what-if', async () => {
    const found = await p.evaluate(() => (window as unknown as { casepath: { findings(): { rule: string; certainty: string; eventId: string; step: number; title: string; severity: string }[] } }).casepath.findings());
    expect(found).toHaveLength(missXFindings);
    expect(found).toContainEqual({ rule: 'decision-on-procedural-status', title: 'Conference decision on procedural status alone', severity: 'fault', certainty: 'certain', step: icpcIndex, eventId: 'icpc' });
    const step = await p.evaluate(() => (window as unknown as { casepath: { step(i: number): { id: string } } }).casepath.step(0));
    expect(step.id).toBe('birth');
    expect(await k()).toBe(0);
    await p.evaluate((i) => (window as unknown as { casepath: { step(i: number): unknown } }).casepath.step(i), icpcIndex);

    // Hand the viewer a copy without the procedural-status finding, its decision marked edited.
    const after = await p.evaluate(() => {
      type D = { steps: { event: string; findings: number[] }[]; findings: { rule: string; step: number }[]; edited?: Record<string, string[]> };
      const v = (window as unknown as { casepathViewer: { data(): D; setData(d: D): void } }).casepathViewer;
      const d = JSON.parse(JSON.stringify(v.data())) as D;
      const drop = d.findings.findIndex((f) => f.rule === 'decision-on-procedural-status');
      d.findings.splice(drop, 1);
      d.steps.forEach((s) => (s.findings = s.findings.filter((i) => i !== drop).map((i) => (i > drop ? i - 1 : i))));
      d.edited = { icpc: ['decision'] };
      (window as unknown as { __source: unknown }).__source = v.data();
      v.setData(d);
      return (window as unknown as { casepath: { findings(): { rule: string }[] } }).casepath.findings().map((f) => f.rule);
    });
    expect(after).not.toContain('decision-on-procedural-status');
    expect(await k()).toBe(icpcIndex);
    expect(await p.locator('#p-findings article[data-rule="decision-on-procedural-status"]').count()).toBe(0);
    expect(await p.isVisible('#edited-banner')).toBe(true);
    expect(await p.textContent('#p-step .edited')).toBe('edited: what-if');
    expect(await p.textContent('#p-event .edited-fact')).toContain('a child protection plan');
    await p.evaluate(() => {
      const w = window as unknown as { casepathViewer: { setData(d: unknown): void }; __source: unknown };
      w.casepathViewer.setData(w.__source);
    });
    expect(await p.isVisible('#edited-banner')).toBe(false);
    expect(await p.locator('#p-findings article[data-rule="decision-on-procedural-status"]').count()).toBe(1);
  });

  test('the what-if panel is a drawer, closed until asked for (e), so the step keeps the screen', async () => {
    expect(await p.locator('section#whatif-panel.panel').count()).toBe(1);
    expect(await p.isVisible('#whatif-panel')).toBe(false);
    await p.keyboard.press('e');
    expect(await p.isVisible('#whatif-panel')).toBe(true);
    expect(await p.getAttribute('#p-charts ~ * .whatif-tg, .whatif-tg >> nth=0', 'aria-expanded')).toBe('true');
    await p.keyboard.press('Escape');
    expect(await p.isVisible('#whatif-panel')).toBe(false);
  });
});

describe('the whole session', () => {
  test('made no network request and logged no console error', () => {
    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
