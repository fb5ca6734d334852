import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { type BrowserContext, chromium } from 'playwright-core';
import { trackingToken } from '../domain/tracking-token.ts';
import { createNotificationsHarness, type NotificationsHarness, TEST_SECRET } from '../testing/harness.ts';
import { SHIPMENT, statusChanged, trackingUpdated } from '../testing/order-events.ts';

const CHROMIUM = '/usr/bin/chromium';

const ARTIFACTS = join(import.meta.dirname, '../../../../test-artifacts');

describe('tracking page in headless Chromium', {
  skip: !existsSync(CHROMIUM) && `${CHROMIUM} is not installed`,
}, () => {
  let h: NotificationsHarness;
  let base: string;
  let browser: BrowserContext;
  let profile: string;
  const orderId = `shop.test:${randomBytes(4).toString('hex')}`;
  const customer = {
    email: `page-${randomBytes(4).toString('hex')}@example.test`,
    name: 'Ada',
    locale: 'en',
  };

  before(async () => {
    h = await createNotificationsHarness('notif_page');
    // The emails of this order go to the shared mailpit; the address is unique to this run.
    base = `http://127.0.0.1:${(await h.start()).port}`;
    profile = mkdtempSync(join(tmpdir(), 'notif-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await h?.close();
  });

  it('when the parcel moves, then the page shows the timeline and the new status without a reload', async () => {
    await h.publish(
      'order.status_changed',
      statusChanged('fulfilling', { orderId, customer, at: '2026-03-01T10:00:00Z' }),
    );
    await h.publish(
      'order.status_changed',
      statusChanged('shipped', { orderId, customer, shipment: SHIPMENT, at: '2026-03-01T12:00:00Z' }),
    );
    await h.publish(
      'tracking.updated',
      trackingUpdated('in_transit', {
        orderId,
        at: '2026-03-02T08:00:00Z',
        location: 'Memphis, TN',
        statusDetail: 'Arrived at hub',
        estimatedDeliveryAt: '2026-03-04T18:00:00Z',
      }),
    );
    const url = `${base}/track/${trackingToken(orderId, TEST_SECRET)}`;
    await waitFor(async () => (await (await fetch(url)).text()).includes('Memphis'), {
      what: 'the projection',
    });

    const page = await browser.newPage();
    await page.goto(url);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal((await page.textContent('#status'))?.trim(), 'In transit');
    assert.deepEqual(
      (await page.locator('#timeline li').allTextContents()).map((t) =>
        t.replace(/\s+/g, ' ').trim().split(' UTC')[1]?.trim(),
      ),
      ['In transit Memphis, TN · Arrived at hub', 'Shipped', 'Being prepared'],
    );
    assert.equal(await page.textContent('#shipment a'), SHIPMENT.trackingCode);
    assert.match((await page.textContent('main')) ?? '', /2 × Blue mug/);
    await page.locator('body[data-version]').waitFor({ state: 'attached' }); // live stream connected

    await h.publish(
      'tracking.updated',
      trackingUpdated('out_for_delivery', { orderId, at: '2026-03-03T07:00:00Z', location: 'Portland, OR' }),
    );
    // Locators wait from Playwright's own world: the page's strict CSP forbids eval-based polling.
    await page.locator('#status', { hasText: 'Out for delivery' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#timeline li').count(), 4);
    assert.match(
      (await page.locator('#timeline li').first().textContent()) ?? '',
      /Out for delivery.*Portland, OR/,
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'tracking-page.png'), fullPage: true });

    // Keyboard: the tracking link is reachable with Tab.
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').textContent(), SHIPMENT.trackingCode);
    await page.close();
  });

  it('when the token is tampered with, then a plain 404 page says nothing about any order', async () => {
    const token = trackingToken(orderId, TEST_SECRET);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const page = await browser.newPage();
    const res = await page.goto(`${base}/track/${tampered}`);
    assert.equal(res?.status(), 404);
    assert.equal(await page.textContent('h1'), 'Page not found');
    assert.ok(!(await page.content()).includes('Blue mug'));
    const events = await fetch(`${base}/track/${tampered}/events`);
    assert.equal(events.status, 404);
    await page.close();
  });
});
