import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import type { Browser, BrowserContext } from 'playwright-core';
import { SHOP } from '../../orders/src/testing/orders-world.ts';
import { axeViolations, chromiumMissing, csrfOf, launchBrowser, signIn } from './testing/browser.ts';
import { type ConsoleWorld, createConsoleWorld } from './testing/console-world.ts';
import { parkInOrdersDlq } from './testing/dead-letter.ts';

// Screenshots for the README when CONSOLE_SCREENSHOTS_DIR is set (docs/screenshots), else test-artifacts.
const SHOTS = process.env.CONSOLE_SCREENSHOTS_DIR ?? join(import.meta.dirname, '../../../test-artifacts');

describe('operator console in headless Chromium', { skip: chromiumMissing }, () => {
  let w: ConsoleWorld;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const newContext = async () => {
    const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(c);
    return c;
  };

  /** An order placed on the storefront simulator, once the orders service holds it. */
  async function placedOrder(email: string) {
    const o = w.orders.storefront.placeOrder({
      lines: [{ sku: 'TEE-M', quantity: 1 }],
      paymentMethod: 'pm_card_visa',
      email,
    } as never);
    const id = `${SHOP}:${o.id}`;
    await waitFor(async () => (await w.orders.admin(`/orders/${encodeURIComponent(id)}`)).ok, {
      what: `order ${o.name}`,
    });
    return { id, name: String(o.name) };
  }
  const auditRows = async () =>
    (await w.db.collection('audit').find({}).toArray()).map(
      (e) => `${e.actor} ${e.action} ${e.target} ${e.outcome}`,
    );

  before(async () => {
    w = await createConsoleWorld();
    chrome = await launchBrowser();
    browser = chrome.browser;
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await chrome?.close();
    await w?.close();
  });

  it('when a viewer signs in and searches an order by its name, then its page shows the timeline, a masked email and no Retry button', async () => {
    const order = await placedOrder('ada.viewer@example.com');
    const page = await signIn(await newContext(), w.url, 'viewer');
    assert.match((await page.textContent('header')) ?? '', /Demo Viewer · viewer/);
    await page.locator('#q').fill(order.name);
    await page.locator('#q').press('Enter');
    const link = page.getByRole('link', { name: order.name, exact: true });
    await link.waitFor();
    assert.match((await page.textContent('table')) ?? '', /a•••@example\.com/);
    assert.ok(!(await page.content()).includes('ada.viewer@example.com'), 'the list masks emails');
    assert.deepEqual(await axeViolations(page), [], 'orders page');
    await page.screenshot({ path: join(SHOTS, 'console-orders.png'), fullPage: true });

    await link.click();
    await page.locator('h1', { hasText: `Order ${order.name}` }).waitFor();
    assert.ok((await page.locator('#timeline tbody tr').count()) >= 1, 'a timeline row');
    assert.match(
      (await page.textContent('#timeline')) ?? '',
      /webhook|shopify/i,
      'the cause of the first move',
    );
    assert.equal(await page.locator('#actions').count(), 0, 'no actions for a viewer');
    assert.equal(await page.getByRole('button', { name: /Retry/ }).count(), 0);
    assert.equal(await page.textContent('#customer'), 'a•••@example.com');
    assert.deepEqual(await axeViolations(page), [], 'order page');

    // Keyboard: the first Tab reaches the skip link, the next ones the navigation.
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').getAttribute('href'), '#main');
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').getAttribute('href'), '/overview');

    const confirm = await page.request.get(
      `${w.url}/orders/${encodeURIComponent(order.id)}/confirm?action=cancel`,
    );
    assert.equal(confirm.status(), 403, 'no confirmation page for a viewer');
    // A direct POST with a genuine CSRF token is refused: the role decides, not the button.
    const refused = await page.request.post(`${w.url}/orders/${encodeURIComponent(order.id)}/cancel`, {
      form: { _csrf: await csrfOf(page) },
      maxRedirects: 0,
    });
    assert.equal(refused.status(), 403);
    const after = (await (await w.orders.admin(`/orders/${encodeURIComponent(order.id)}`)).json()) as {
      status: string;
    };
    assert.notEqual(after.status, 'cancelled');
    assert.notEqual(after.status, 'cancelling');
    assert.ok(
      (await auditRows()).includes(`viewer order.cancel order ${order.id} refused (403 not an operator)`),
    );
  });

  it('when an operator cancels an order after confirming, then the order is cancelled with compensation and the audit log lists it', async () => {
    const order = await placedOrder('bob.operator@example.com');
    // The card is authorised (payments' answer), so a cancellation has money to release.
    await waitFor(() => w.orders.of(order.id, 'payment.authorize').length > 0, { what: 'payment.authorize' });
    await w.orders.publish('payment.authorized', {
      orderId: order.id,
      paymentIntentId: 'pi_console',
      amountMinor: 2659,
      currency: 'USD',
    });
    await waitFor(() => w.orders.of(order.id, 'stock.reserve').length > 0, { what: 'stock.reserve' });
    const page = await signIn(
      await newContext(),
      w.url,
      'operator',
      `/orders/${encodeURIComponent(order.id)}`,
    );
    assert.match(
      (await page.textContent('#summary')) ?? '',
      /bob\.operator@example\.com/,
      'operators see the full email on the page',
    );
    await page.screenshot({ path: join(SHOTS, 'console-order.png'), fullPage: true });
    await page.getByRole('button', { name: 'Cancel order…' }).click();
    await page.locator('h1', { hasText: 'Confirm' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'confirmation page');
    await page.locator('#confirm').click();
    await page.waitForURL((u) => u.pathname === `/orders/${encodeURIComponent(order.id)}`);
    assert.match((await page.textContent('main')) ?? '', /Cancellation requested\./);
    const status = (await page.textContent('#status')) ?? '';
    assert.match(status, /^cancel/, status);
    // Cancelled at once, with the compensation still to do: the held payment is voided.
    assert.match(status, /^cancelled/, status);
    assert.match((await page.textContent('#waiting')) ?? '', /payment\.void since/);
    await waitFor(() => w.orders.of(order.id, 'payment.void').length > 0, { what: 'payment.void' });
    await w.orders.publish('payment.voided', { orderId: order.id, paymentIntentId: 'pi_console' });
    await waitFor(
      async () => {
        const o = (await (await w.orders.admin(`/orders/${encodeURIComponent(order.id)}`)).json()) as {
          waiting_for: unknown[];
        };
        return o.waiting_for.length === 0;
      },
      { what: 'the compensation finished' },
    );
    await page.reload();
    assert.match((await page.textContent('#status')) ?? '', /^cancelled/);
    assert.match((await page.textContent('#payment')) ?? '', /^voided/);
    assert.equal(await page.textContent('#waiting'), 'nothing');
    assert.ok((await auditRows()).includes(`operator order.cancel order ${order.id} ok`));

    await page.getByRole('link', { name: 'Audit log' }).click();
    const audit = (await page.textContent('#audit')) ?? '';
    assert.match(audit, new RegExp(`order\\.cancel\\s*order ${order.id.replace(/[.]/g, '\\.')}\\s*ok`));
    assert.ok(!audit.includes('@example.com'), 'no personal data in the audit log');
  });

  it('when an operator replays a dead letter and then discards it, then the service takes it back, it is gone after the discard, and the audit log lists both', async () => {
    const correlation = `${SHOP}:dlq-${Date.now()}`;
    const body = { orderId: correlation, customer: { email: 'carol.dlq@example.com' }, bogus: true };
    const messageId = await parkInOrdersDlq(w.orders, 'payment.authorized', body);
    const parked = await waitFor(
      async () => {
        const list = (await (await w.orders.admin('/admin/dlq')).json()) as {
          entries: { messageId: string }[];
        };
        return list.entries.find((e) => e.messageId === messageId);
      },
      { what: 'the dead letter parked' },
    );

    const page = await signIn(await newContext(), w.url, 'operator', '/dlq');
    const row = page.locator('tr', { hasText: parked.messageId });
    await row.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'dead letters page');
    await page.screenshot({ path: join(SHOTS, 'console-dlq.png'), fullPage: true });
    await page.getByRole('link', { name: parked.messageId }).click();
    const shownBody = (await page.textContent('#body')) ?? '';
    assert.match(shownBody, /bogus/);
    assert.ok(!(await page.content()).includes('carol.dlq@example.com'), 'the body is shown redacted');
    await page.getByRole('button', { name: `Replay ${parked.messageId}` }).click();
    await page.locator('#confirm').click();
    await page.waitForURL((u) => u.pathname === '/dlq/orders');
    assert.match((await page.textContent('main')) ?? '', /Replayed\./);
    assert.ok(
      (await auditRows()).includes(`operator dlq.replay orders.dlq message ${parked.messageId} ok (1)`),
    );
    // Taken back by the service: consumed again (it fails again, so it is parked anew with a replay count).
    await waitFor(
      async () => {
        const shown = await w.orders.admin(`/admin/dlq/${encodeURIComponent(parked.messageId)}`);
        if (!shown.ok) return false;
        const e = (await shown.json()) as { headers: Record<string, unknown> };
        return Number(e.headers['x-replay-count']) === 1;
      },
      { what: 'the replayed message consumed again' },
    );

    // Parked again: this time an operator discards it for good.
    await page.goto(`${w.url}/dlq/orders/${encodeURIComponent(parked.messageId)}`);
    await page.getByRole('button', { name: `Discard ${parked.messageId}` }).click();
    await page.locator('#confirm').click();
    await page.waitForURL((u) => u.pathname === '/dlq/orders');
    assert.match((await page.textContent('main')) ?? '', /Discarded\./);
    assert.equal((await w.orders.admin(`/admin/dlq/${encodeURIComponent(parked.messageId)}`)).status, 404);
    assert.ok(
      (await auditRows()).includes(`operator dlq.discard orders.dlq message ${parked.messageId} ok (1)`),
    );
  });

  it('when a person signs out, then the console and the provider sessions end and the back button shows nothing', async () => {
    const context = await newContext();
    const page = await signIn(context, w.url, 'operator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider asks to confirm the end of its own session.
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((u) => u.href === `${w.url}/signed-out`);
    // Back through the provider's pages to the console's: no-store pages are fetched again, without a session.
    for (let step = 0; step < 3 && (await page.goBack()); step++)
      assert.ok(
        !(await page.content()).includes('Demo Operator'),
        `back ${step + 1}: no signed-in page (${page.url()})`,
      );
    // A new visit goes to the provider's sign-in form again: its session ended too.
    await page.goto(`${w.url}/orders`);
    await page.locator('input[name=login]').waitFor();
    assert.ok((await auditRows()).some((r) => r === 'operator sign-out console ok'));
  });

  it('when JavaScript is off, then a viewer signs in, searches by name and reads the order', async () => {
    const order = await placedOrder('dan.nojs@example.com');
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const page = await signIn(context, w.url, 'viewer', `/orders?q=${encodeURIComponent(order.name)}`);
    await page.getByRole('link', { name: order.name, exact: true }).click();
    await page.locator('h1', { hasText: `Order ${order.name}` }).waitFor();
    assert.ok((await page.locator('#timeline tbody tr').count()) >= 1);
  });

  it('when the console ran these flows, then its logs hold no secret, token or email', () => {
    const logs = w.logLines.join('\n');
    assert.ok(!logs.includes('@example.com'));
    assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(logs), 'no JWT in the logs');
  });
});
