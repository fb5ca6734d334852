import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Payload } from '@commerce-sync/contracts';
import { waitFor } from '@commerce-sync/test/support/infra';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { composeEmail } from '../domain/compose-email.ts';
import { identityFor } from '../domain/shop-identity.ts';
import { trackingToken } from '../domain/tracking-token.ts';
import { createNotificationsHarness, type NotificationsHarness, TEST_SECRET } from '../testing/harness.ts';
import { SHIPMENT, statusChanged, trackingUpdated } from '../testing/order-events.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '../../../../test-artifacts');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOP = 'shop.test';
const SHOPS = {
  [SHOP]: { name: 'Blue Mugs', supportEmail: 'help@bluemugs.test', accentColour: '#7c2d12' },
};

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

/** axe-core's WCAG 2.x A/AA rules (and best practices) on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  // Playwright's evaluate runs outside the page's CSP (no eval there): axe goes in the same way.
  await page.evaluate(AXE);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as AxeResult;
  assert.ok(result.passes.length > 10, 'axe checked the page');
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe('tracking page in headless Chromium', {
  skip: !existsSync(CHROMIUM) && `${CHROMIUM} is not installed`,
}, () => {
  let h: NotificationsHarness;
  let base: string;
  let browser: BrowserContext;
  let profile: string;
  const run = randomBytes(4).toString('hex');
  const customer = { email: `page-${run}@example.test`, name: 'Ada', locale: 'en' };

  /** A new order of this run: placed as "#<n>", then the given events; resolves its page URL. */
  async function order(
    n: number,
    events: ((orderId: string) => { type: 'order.status_changed' | 'tracking.updated'; payload: object })[],
    expect: string,
  ): Promise<string> {
    const orderId = `${SHOP}:${run}${n}`;
    const placed: Payload<'order.placed'> = {
      orderId,
      shop: SHOP,
      sourceId: `${run}${n}`,
      sourceName: `#${n}`,
      customer,
      currency: 'USD',
      totalMinor: 4998,
      lines: [{ sku: 'MUG-1', title: 'Blue mug', quantity: 2, unitPriceMinor: 2499, grams: 300 }],
      shippingAddress: { name: 'Ada', street1: '1 Main St', city: 'Portland', zip: '97201', country: 'US' },
      placedAt: '2026-03-01T09:00:00Z',
    };
    await h.publish('order.placed', placed);
    for (const e of events) {
      const { type, payload } = e(orderId);
      await h.publish(type, payload as never);
    }
    const url = `${base}/track/${trackingToken(orderId, TEST_SECRET)}`;
    await waitFor(async () => (await (await fetch(url)).text()).includes(expect), {
      what: `order ${n}: ${expect}`,
    });
    return url;
  }

  const status =
    (to: Parameters<typeof statusChanged>[0], over: Parameters<typeof statusChanged>[1] = {}) =>
    (orderId: string) => ({
      type: 'order.status_changed' as const,
      payload: statusChanged(to, {
        orderId,
        shop: SHOP,
        sourceId: orderId.split(':')[1] ?? '',
        customer,
        currency: 'USD',
        ...over,
      }),
    });
  const scan =
    (s: Parameters<typeof trackingUpdated>[0], over: Parameters<typeof trackingUpdated>[1] = {}) =>
    (orderId: string) => ({
      type: 'tracking.updated' as const,
      payload: trackingUpdated(s, { orderId, ...over }),
    });

  const shipped = [
    status('fulfilling', { at: '2026-03-01T10:00:00Z' }),
    status('shipped', { shipment: SHIPMENT, at: '2026-03-01T12:00:00Z' }),
    scan('in_transit', {
      at: '2026-03-02T08:00:00Z',
      location: 'Memphis, TN',
      statusDetail: 'arrived_at_facility',
      estimatedDeliveryAt: '2026-03-04T18:00:00Z',
    }),
    status('in_transit', { shipment: SHIPMENT, at: '2026-03-02T08:00:01Z' }),
  ];

  before(async () => {
    h = await createNotificationsHarness('notif_page');
    // The emails of these orders go to the shared mailpit; the address is unique to this run.
    base = `http://127.0.0.1:${(await h.start({ SHOP_IDENTITIES: SHOPS })).port}`;
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
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await h?.close();
  });

  it('when a shipped order is open and the courier delivers, then the page shows name, step, estimate, carrier link, one row per event, and moves to Delivered by itself', async () => {
    const url = await order(1307, shipped, 'Memphis');
    const page = await browser.newPage();
    await page.goto(url);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.title(), 'Order #1307 · In transit · Blue Mugs');
    assert.equal(await page.textContent('h1'), 'Order #1307');
    assert.ok(!(await page.content()).includes(`${run}1307`), 'the internal id is not on the page');
    assert.equal(await page.textContent('#steps [aria-current="step"]'), '●Shipped (current step)');
    assert.equal((await page.textContent('#status'))?.trim(), 'In transit');
    assert.match((await page.textContent('#eta')) ?? '', /Estimated delivery: Wednesday 4 March/);
    assert.equal(await page.getAttribute('#shipment a', 'href'), SHIPMENT.trackingUrl);
    assert.deepEqual(await page.locator('#timeline li strong').allTextContents(), [
      'In transit',
      'Shipped',
      'Being prepared',
    ]);
    assert.match(
      (await page.textContent('#timeline li')) ?? '',
      /Arrived at a courier facility · Memphis, TN/,
    );
    assert.deepEqual(await axeViolations(page), [], 'shipped');
    await page.screenshot({ path: join(ARTIFACTS, 'tracking-page-desktop.png'), fullPage: true });
    await page.locator('body[data-version]').waitFor({ state: 'attached' }); // live stream connected

    await h.publish(
      'tracking.updated',
      trackingUpdated('delivered', {
        orderId: `${SHOP}:${run}1307`,
        at: '2026-03-03T15:00:00Z',
        location: 'Portland, OR',
        statusDetail: 'arrived_at_destination',
      }),
    );
    // Locators wait from Playwright's own world: the page's strict CSP forbids eval-based polling.
    await page.locator('#status', { hasText: 'Delivered' }).waitFor({ timeout: 15_000 });
    await page.locator('#steps [aria-current="step"]', { hasText: 'Delivered' }).waitFor();
    assert.equal(await page.locator('#eta').isHidden(), true, 'no estimate once delivered');
    assert.match((await page.locator('#timeline li').first().textContent()) ?? '', /Delivered.*Portland, OR/);
    assert.deepEqual(await axeViolations(page), [], 'delivered');

    // Keyboard: the carrier link is reachable with Tab.
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').getAttribute('href'), SHIPMENT.trackingUrl);
    await page.close();
  });

  it('when viewed 375 px wide, then nothing scrolls sideways', async () => {
    const url = await order(1308, shipped, 'Memphis');
    const page = await browser.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(url);
    const [scrollWidth, innerWidth] = (await page.evaluate(
      '[document.documentElement.scrollWidth, window.innerWidth]',
    )) as [number, number];
    assert.equal(innerWidth, 375);
    assert.ok(scrollWidth <= innerWidth, `scrollWidth ${scrollWidth} > ${innerWidth}`);
    assert.deepEqual(await axeViolations(page), [], 'mobile');
    await page.screenshot({ path: join(ARTIFACTS, 'tracking-page-mobile.png'), fullPage: true });
    await page.close();
  });

  it('when the order is processing, cancelled for each reason or stopped by a delivery problem, then axe finds nothing and the page explains', async () => {
    const cases = [
      { n: 1, events: [status('capturing')], expect: 'data-status="processing"', says: /Order received/ },
      {
        n: 2,
        events: [
          status('cancelled', { reason: 'payment_declined', money: 'none', at: '2026-03-01T09:30:00Z' }),
        ],
        expect: 'data-status="cancelled"',
        says: /not been charged\. You can order again/,
      },
      {
        n: 3,
        events: [
          status('cancelled', { reason: 'out_of_stock', money: 'released', at: '2026-03-01T09:30:00Z' }),
        ],
        expect: 'data-status="cancelled"',
        says: /Any hold on your card has been released/,
      },
      {
        n: 4,
        events: [
          status('fulfilling'),
          status('cancelled', {
            reason: 'customer_cancelled',
            money: 'refunded',
            at: '2026-03-01T11:00:00Z',
          }),
        ],
        expect: 'data-status="cancelled"',
        says: /A refund of \$49\.98 is on its way/,
      },
      {
        n: 5,
        events: [
          ...shipped,
          scan('failure', { at: '2026-03-03T10:00:00Z', statusDetail: 'address_not_found' }),
        ],
        expect: 'data-status="problem"',
        says: /problem delivering your parcel.*Contact us/,
      },
    ];
    const page = await browser.newPage();
    for (const c of cases) {
      await page.goto(await order(c.n, c.events, c.expect));
      assert.match((await page.textContent('main')) ?? '', c.says, `#${c.n}`);
      assert.deepEqual(await axeViolations(page), [], `#${c.n}`);
    }
    await page.close();
  });

  it('when a shipped email is opened, then it renders for a screenshot', async () => {
    const mail = composeEmail(
      'shipped',
      statusChanged('shipped', { shipment: SHIPMENT, currency: 'USD', customer }),
      { trackingPageUrl: `${base}/track/…` },
      { identity: identityFor(SHOPS, SHOP), orderName: '#1307', estimatedDeliveryAt: '2026-03-04T18:00:00Z' },
    );
    const page = await browser.newPage();
    await page.setViewportSize({ width: 640, height: 900 });
    await page.setContent(mail.html);
    assert.equal(await page.textContent('h1'), 'Your parcel has left our warehouse');
    await page.screenshot({ path: join(ARTIFACTS, 'shipped-email.png'), fullPage: true });
    await page.close();
  });

  it('when the token is tampered with, then a plain 404 page says nothing about any order', async () => {
    const token = trackingToken(`${SHOP}:${run}1307`, TEST_SECRET);
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
