import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { type Browser, chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium from PATH (package `chromium`), or CHROMIUM_PATH. */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'chromium'))
    .find((file) => existsSync(file));
export const chromiumMissing = !CHROMIUM && 'chromium is not installed (apt-get install chromium)';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's chromium, headless; one context per person so cookies never mix. */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** Opens `path` on the console, signs in through the provider's form, lands back on `path`. */
export async function signIn(
  context: BrowserContext,
  consoleUrl: string,
  login: string,
  path = '/orders',
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${consoleUrl}${path}`);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(login);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.href.startsWith(consoleUrl) && u.pathname === path.split('?')[0]);
  return page;
}

/** axe-core's WCAG 2.x A/AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Playwright's evaluate runs outside the page's CSP: axe goes in that way.
  await page.evaluate(AXE);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[]; passes: unknown[] };
  assert.ok(result.passes.length > 5, 'axe checked the page');
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** The CSRF token of the page's sign-out form: what a same-session script could read. */
export const csrfOf = (page: Page) => page.locator('input[name=_csrf]').first().inputValue();
