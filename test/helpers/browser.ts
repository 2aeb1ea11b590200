/**
 * Headless Chromium for the web portal's tests: Debian's `chromium` (`.ci/run` installs it) driven
 * by puppeteer-core, pages opened on the test's desk server, screenshots written under the test's
 * output folder (`.tmp/test-output/web/NAME/`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (see .ci/run)`);
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium refuses to run as root with its sandbox on.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-dev-shm-usage', '--lang=en-GB'],
  });
}

/**
 * A page at 1280×800 in a browser context of its own (its own cookies: one customer each), with the
 * script errors and refused Content-Security-Policy reports it logs.
 */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|WebSocket/.test(m.text())) errors.push(m.text());
  });
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { page, errors };
}

/** The test's output folder. */
export function outputDir(name: string): string {
  const dir = join(process.cwd(), '.tmp', 'test-output', 'web', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// The page's code is given as text: the tests are type-checked without the DOM's types.
const J = JSON.stringify;

/** Waits until an element matching the selector has `text` in its text. */
export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    `Array.from(document.querySelectorAll(${J(selector)})).some((e) => e.textContent.includes(${J(text)}))`,
    { timeout: 15_000 },
  );
}

/** Waits until a JavaScript expression is true in the page. */
export async function waitUntil(page: Page, expression: string): Promise<void> {
  await page.waitForFunction(expression, { timeout: 15_000 });
}

/** The text of every element matching the selector. */
export function texts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`Array.from(document.querySelectorAll(${J(selector)}), (e) => e.textContent)`) as Promise<
    string[]
  >;
}

/** Sets a field's value as typing would (an input event follows). */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.evaluate(
    `(() => { const e = document.querySelector(${J(selector)}); e.value = ${J(value)}; e.dispatchEvent(new Event('input', { bubbles: true })); })()`,
  );
}
