import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { metricsEngineBin, startMetricsEngine } from '@commerce-sync/test/support/metrics-engine';
import type { Browser } from 'playwright-core';
import {
  createOrdersWorld,
  labelPurchased,
  type OrdersWorld,
  SHOP,
} from '../../orders/src/testing/orders-world.ts';
import { freePort } from './testing/console-world.ts';
import { axeViolations, chromiumMissing, launchBrowser, signIn } from './testing/browser.ts';
import { type ConsoleWorld, createConsoleWorld } from './testing/console-world.ts';
import { QUERIES } from './http/overview-page.ts';

const SHOTS = process.env.CONSOLE_SCREENSHOTS_DIR ?? join(import.meta.dirname, '../../../test-artifacts');
const skip =
  chromiumMissing || (metricsEngineBin() ? false : 'VictoriaMetrics is not built (infra.sh up metrics)');

describe('the overview, from the services’ metrics through PromQL', { skip }, () => {
  let orders: OrdersWorld;
  let engine: Awaited<ReturnType<typeof startMetricsEngine>>;
  let w: ConsoleWorld;
  let blind: ConsoleWorld;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;

  /** An order driven to shipped by the other services' answers (the label is bought). */
  async function shipped(n: number) {
    const o = orders.storefront.placeOrder({
      lines: [{ sku: 'TEE-M', quantity: 1 }],
      paymentMethod: 'pm_card_visa',
      email: `overview.${n}@example.com`,
    } as never);
    const orderId = `${SHOP}:${o.id}`;
    const money = { orderId, paymentIntentId: `pi_ov_${n}`, amountMinor: 1, currency: 'USD' };
    await waitFor(() => orders.of(orderId, 'payment.authorize').length === 1, { what: 'authorize' });
    await orders.publish('payment.authorized', money);
    await waitFor(() => orders.of(orderId, 'stock.reserve').length === 1, { what: 'reserve' });
    await orders.publish('stock.reserved', { orderId, lines: [{ sku: 'TEE-M', quantity: 1 }] });
    await waitFor(() => orders.of(orderId, 'payment.capture').length === 1, { what: 'capture' });
    await orders.publish('payment.captured', money);
    await waitFor(() => orders.of(orderId, 'shipment.create').length === 1, { what: 'shipment.create' });
    await orders.publish('shipment.label_purchased', labelPurchased(orderId, `EZOV${n}`));
    return orderId;
  }

  before(async () => {
    orders = await createOrdersWorld();
    engine = await startMetricsEngine([new URL(orders.base).host]);
    w = await createConsoleWorld({ orders, metricsUrl: engine.url });
    // The same console with its metrics engine away (a port nobody listens on).
    blind = await createConsoleWorld({ orders, metricsUrl: `http://127.0.0.1:${await freePort()}` });
    chrome = await launchBrowser();
    browser = chrome.browser;
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await chrome?.close();
    await blind?.close();
    await w?.close();
    await engine?.stop();
    await orders?.close();
  });

  it('when orders flow, then the overview charts them from the engine: counts by status, orders per minute, placed → label, the storefront API', async () => {
    for (let n = 1; n <= 3; n++) await shipped(n);
    // What the charts read: the engine has scraped the counters and the latency histogram.
    await waitFor(
      async () => ((await engine.value('sum(orders_status_entered_total{status="shipped"})')) ?? 0) >= 3,
      {
        what: 'three shipped orders scraped',
        timeoutMs: 30_000,
      },
    );
    await waitFor(async () => (await engine.value(QUERIES.labelP99)) !== undefined, {
      what: 'a placed → label quantile',
      timeoutMs: 30_000,
    });
    await waitFor(
      async () => (await engine.value('sum(outbound_calls_total{api="shopify"})')) !== undefined,
      {
        what: 'the storefront write-back calls scraped',
        timeoutMs: 30_000,
      },
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await signIn(context, w.url, 'operator', '/overview');
    await page.locator('h1', { hasText: 'Overview' }).waitFor();
    assert.equal(await page.locator('#metrics-down').count(), 0, 'the engine answered');
    assert.ok(Number(await page.textContent('#orders-total')) >= 3);
    const perMinute = page.getByRole('img', { name: /^Per minute: received: now/ });
    assert.equal(await perMinute.count(), 1, 'the orders-per-minute chart has data');
    assert.ok((await perMinute.locator('polyline').count()) >= 1);
    const latency = await page
      .getByRole('img', { name: /^Placed → label: p50: now/ })
      .getAttribute('aria-label');
    assert.match(latency ?? '', /p99: now [\d.]+ s/);
    assert.equal(await page.locator('#apis tr[data-api="shopify"]').count(), 1, 'the storefront API row');
    assert.match((await page.textContent('#apis tr[data-api="shopify"]')) ?? '', /closed/);
    assert.equal(await page.locator('td[data-queue="orders"]').textContent(), '0');
    assert.deepEqual(await axeViolations(page), [], 'overview page');
    await page.screenshot({ path: join(SHOTS, 'console-overview.png'), fullPage: true });

    // The landing page after sign-in is the overview, first in the navigation.
    await page.goto(`${w.url}/`);
    assert.equal(new URL(page.url()).pathname, '/overview');
    assert.equal(await page.locator('nav a').first().getAttribute('href'), '/overview');
    await context.close();
  });

  it('when the metrics engine is away, then the overview still answers with the services’ counts and says the charts are missing', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, blind.url, 'viewer', '/overview');
    assert.match((await page.textContent('#metrics-down')) ?? '', /metrics engine did not answer/);
    assert.ok(
      Number(await page.textContent('#orders-total')) >= 3,
      'the counts come from the orders service',
    );
    assert.equal(await page.getByRole('img', { name: /^Per minute/ }).count(), 0);
    await context.close();
  });
});
