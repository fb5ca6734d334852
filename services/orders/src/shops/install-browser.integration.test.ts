import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type BrowserContext, chromium } from 'playwright-core';
import { createInstallWorld, type InstallWorld } from './install-world.ts';

// CHROMIUM_PATH, else the first `chromium` on PATH.
const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'chromium'))
    .find((file) => existsSync(file));
// Headless Chromium names itself HeadlessChrome, which the library refuses as a bot; the
// merchant's browser is a plain Chrome.
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('installing the app from a real browser', () => {
  let w: InstallWorld;
  let browser: BrowserContext;
  let profile: string;
  before(async () => {
    assert.ok(CHROMIUM, 'no chromium on PATH (or set CHROMIUM_PATH)');
    w = await createInstallWorld();
    profile = mkdtempSync(join(tmpdir(), 'orders-install-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      userAgent: USER_AGENT,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await w?.close();
  });

  it('when the merchant opens the install link in Chromium, then the connected page lists the webhooks, once per topic after a reinstall', async () => {
    const shop = 'chromium-install.myshopify.com';
    const page = await browser.newPage();
    for (const expected of ['subscribed', 'already subscribed']) {
      const res = await page.goto(w.installUrl(shop));
      assert.equal(res?.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/shopify/callback');
      assert.equal(await page.locator('h1').textContent(), `${shop} is connected`);
      const items = await page.locator('#webhooks li').allTextContents();
      assert.deepEqual(items, [
        `ORDERS_CREATE ${expected}`,
        `ORDERS_CANCELLED ${expected}`,
        `APP_UNINSTALLED ${expected}`,
      ]);
    }
    assert.equal((await w.storedShops()).filter((s) => s._id === shop).length, 1);
    assert.equal(w.shopify.subscriptions.list(shop).length, 3);
    // The state cookie is spent: going back to the callback URL is refused.
    const replay = await page.goto(page.url());
    assert.equal(replay?.status(), 403);
  });
});
