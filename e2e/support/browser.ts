import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import { root } from './server.js';

/** Screenshots for people to look at (test-results/ is git-ignored). */
export const shotsDir = path.join(root, 'test-results', 'e2e');

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = fs.existsSync(chromiumPath);
/** GUILDHALL_E2E_REQUIRE=1 (set by the test script under CI) turns a missing browser into a failure. */
export const requireBrowser = /^(1|true|yes)$/i.test(process.env.GUILDHALL_E2E_REQUIRE ?? '');

/** Launches Debian's Chromium headless; never downloads a browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs axe (WCAG 2.0–2.2 A and AA rules) on the page as it is now and fails with a readable list. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const problems = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`,
  );
  expect(problems, `axe violations on ${label}`).toEqual([]);
}

/** Fails when the page is wider than its viewport, naming the outermost elements that stick out. */
export async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
    const wide = (el: Element | null) => !!el && el.getBoundingClientRect().right > width + 1;
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => wide(el) && !wide(el.parentElement))
      .slice(0, 5)
      .map((el) => `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, culprits };
  });
  expect(scrollWidth, `${label}: page is ${scrollWidth}px wide in a ${clientWidth}px viewport; sticking out: ${culprits.join(', ')}`).toBeLessThanOrEqual(clientWidth);
}

/** Fails unless the focused element shows a focus indicator (an outline or a box shadow). */
export async function expectVisibleFocus(page: Page, label: string): Promise<void> {
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { what: 'nothing focused', visible: false };
    const st = getComputedStyle(el);
    const outline = st.outlineStyle !== 'none' && Number.parseFloat(st.outlineWidth) >= 2;
    return { what: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`, visible: outline || st.boxShadow !== 'none' };
  });
  expect(focus.visible, `${label}: ${focus.what} has no visible focus indicator`).toBe(true);
}

/** Collects CSP violations and uncaught page errors, which a strict CSP turns into silent breakage. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  return problems;
}

/**
 * A page in a fresh browser context (axe needs one), collecting CSP problems; if the running test
 * fails, a screenshot and the main text are kept for the report. Close the context when done.
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1280, height: 900 },
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ viewport, baseURL, ...options });
  const page = await context.newPage();
  const problems = watchConsole(page);
  onTestFailed(async ({ task }) => {
    fs.mkdirSync(shotsDir, { recursive: true });
    const file = path.join(shotsDir, `failed-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText gives the text as shown, which is what a failure report needs.
    const main = await page.locator('main').innerText().catch(() => '(no main)');
    console.error(`Failed at ${page.url()} (screenshot ${path.relative(root, file)}):\n${main.slice(0, 1500)}`);
  });
  return { page, context, problems };
}

/**
 * Waits for the page's h1 to read `name`, then for the page's first load to finish: pages draw their
 * heading at once and their data after it, behind a ".loading" note, and a journey that reads the page
 * straight after the heading would otherwise race the fetch; a page the server rendered, until the app
 * has taken it over (as hydrated() does).
 */
export async function heading1(page: Page, name: string) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.waitForFunction(() => {
    if (document.querySelector('main .loading')) return false;
    // A page the server rendered for the app (decision 0019) shows before it works: wait for the app too.
    if (!document.getElementById('server-data')) return true;
    const h1 = document.querySelector('main h1');
    return !!h1 && Object.keys(h1).some((k) => k.startsWith('__reactFiber$'));
  });
}

/**
 * Waits until the app has hydrated a page the server rendered (React marks each element it has taken
 * over), so that a form submitted next runs in the app rather than as the plain HTML form it also is.
 */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const h1 = document.querySelector('main h1');
    return !!h1 && Object.keys(h1).some((k) => k.startsWith('__reactFiber$'));
  });
}
