import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createEnvelope, keyRingFromEnv } from '@commerce-sync/privacy';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createShopifyRequest } from '../adapters/shopify-graphql.ts';
import { orderBody } from '../testing/orders-world.ts';
import { createShopRegistry } from './shop-registry.ts';
import { createTokenSource } from './shop-tokens.ts';
import { createInstallWorld, type InstallWorld, WEBHOOK_SECRET } from './install-world.ts';

const isCallback = (url: string) => new URL(url).pathname === '/shopify/callback';

describe('installing the app on a shop (OAuth)', () => {
  let w: InstallWorld;
  before(async () => {
    w = await createInstallWorld();
  });
  after(async () => {
    await w?.close();
  });

  const shopDoc = async (shop: string) => (await w.storedShops()).find((s) => s._id === shop);
  const subscriptionsOf = (shop: string) => w.shopify.subscriptions.list(shop);
  /** Starts an install in `browser` and stops at the callback URL Shopify redirects to. */
  const approve = async (browser: ReturnType<InstallWorld['browser']>, shop: string) => {
    const { stoppedAt } = await browser.follow(w.installUrl(shop), isCallback);
    assert.ok(stoppedAt, 'Shopify redirects back to the callback');
    return stoppedAt;
  };

  it('when a merchant installs a new shop, then its token is stored, its webhooks subscribed, and the page says so', async () => {
    const shop = 'first-install.myshopify.com';
    const { hops, res } = await w.browser().follow(w.installUrl(shop));
    assert.deepEqual(
      hops.map((h) => [new URL(h.url).pathname, h.status]),
      [
        ['/shopify/install', 302],
        ['/admin/oauth/authorize', 302],
        ['/shopify/callback', 200],
      ],
    );
    const page = await res?.text();
    assert.match(String(page), /first-install\.myshopify\.com is connected/);
    for (const topic of ['ORDERS_CREATE', 'ORDERS_CANCELLED', 'APP_UNINSTALLED'])
      assert.match(String(page), new RegExp(`<code>${topic}</code> subscribed`));

    const stored = await shopDoc(shop);
    assert.ok(stored, 'the shop is in the registry');
    // Sealed at rest (libs/privacy); shop-secrets.integration.test.ts opens it.
    assert.match(String(stored.accessToken), /^enc1\.dev\./);
    assert.match(String(stored.refreshToken), /^enc1\.dev\./);
    assert.ok(stored.accessTokenExpiresAt instanceof Date);
    // Shopify answers the granted scopes without those another implies (write_orders → read_orders).
    assert.equal(stored.scopes, 'write_orders,write_inventory,read_locations,write_fulfillments');
    assert.ok(stored.installedAt instanceof Date);
    assert.deepEqual(
      subscriptionsOf(shop)
        .map((s) => [s.topic, s.uri])
        .sort(),
      [
        ['APP_UNINSTALLED', `${w.base}/webhooks/shopify`],
        ['ORDERS_CANCELLED', `${w.base}/webhooks/shopify`],
        ['ORDERS_CREATE', `${w.base}/webhooks/shopify`],
      ],
    );
  });

  it('when a shop installs twice, then each topic is still subscribed once and the newest token is kept', async () => {
    const shop = 'twice.myshopify.com';
    await w.browser().follow(w.installUrl(shop));
    const first = await shopDoc(shop);
    const { res } = await w.browser().follow(w.installUrl(shop));
    assert.equal(res?.status, 200);
    assert.match(String(await res?.text()), /<code>ORDERS_CREATE<\/code> already subscribed/);
    const second = await shopDoc(shop);
    assert.notEqual(second?.accessToken, first?.accessToken);
    assert.equal((await w.storedShops()).filter((s) => s._id === shop).length, 1);
    const topics = subscriptionsOf(shop)
      .map((s) => s.topic)
      .sort();
    assert.deepEqual(topics, ['APP_UNINSTALLED', 'ORDERS_CANCELLED', 'ORDERS_CREATE']);
  });

  it('when a shop is installed, then its stored token is the one the Admin API takes for it', async () => {
    const shop = 'token-source.myshopify.com';
    await w.browser().follow(w.installUrl(shop));
    const request = createShopifyRequest({
      tokens: createTokenSource(createShopRegistry(w.db, createEnvelope(keyRingFromEnv({}))), {}),
      apiVersion: '2026-07',
      apiUrl: w.sim,
    });
    const data = await request<{ shop: { myshopifyDomain: string } }>(
      shop,
      '{ shop { myshopifyDomain } }',
      {},
    );
    assert.equal(data.shop.myshopifyDomain, shop);
  });

  it('when an installed shop sends orders/create, then the order is made', async () => {
    const shop = 'orders-from-oauth.myshopify.com';
    await w.browser().follow(w.installUrl(shop));
    const body = orderBody(424242);
    const res = await fetch(`${w.base}/webhooks/shopify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'orders/create',
        'x-shopify-shop-domain': shop,
        'x-shopify-api-version': '2026-07',
        'x-shopify-webhook-id': randomUUID(),
        'x-shopify-hmac-sha256': createHmac('sha256', WEBHOOK_SECRET).update(body).digest('base64'),
      },
      body,
    });
    assert.equal(res.status, 200);
    const order = await waitFor(async () => {
      const r = await w.admin(`/orders/${encodeURIComponent(`${shop}:424242`)}`);
      return r.status === 200 ? ((await r.json()) as { id?: string; _id?: string }) : undefined;
    });
    assert.ok(order);
  });

  describe('refusals: a 4xx problem and nothing stored', () => {
    const problem = async (res: Response | undefined, status: number) => {
      assert.equal(res?.status, status);
      assert.match(String(res?.headers.get('content-type')), /application\/problem\+json/);
      return (await res?.json()) as { code?: string };
    };
    const grants = (shop: string) => w.shopify.grants.issued().filter((g) => g.shop === shop).length;

    it('when the shop is not a *.myshopify.com domain, then install and callback answer 400', async () => {
      for (const shop of ['evil.example.com', 'x.shopify.com', 'a.myshopify.com.evil.com', '']) {
        const res = await w.browser().get(w.installUrl(shop));
        await problem(res, 400);
      }
      // A callback whose shop was swapped for a foreign domain: refused before any exchange.
      const callback = new URL(await approve(w.browser(), 'good-shop.myshopify.com'));
      callback.searchParams.set('shop', 'evil.example.com');
      await problem(await w.browser().get(callback.toString()), 400);
      assert.equal(
        (await w.storedShops()).filter((s) => !String(s._id).endsWith('.myshopify.com')).length,
        0,
      );
      assert.equal(await shopDoc('good-shop.myshopify.com'), undefined);
      assert.equal(grants('good-shop.myshopify.com'), 0);
    });

    it('when the callback HMAC is forged, then 401 and the code is never exchanged', async () => {
      const shop = 'forged-hmac.myshopify.com';
      const browser = w.browser();
      const callback = new URL(await approve(browser, shop));
      callback.searchParams.set('hmac', createHmac('sha256', 'not-the-secret').update('x').digest('hex'));
      await problem(await browser.get(callback.toString()), 401);
      assert.equal(await shopDoc(shop), undefined);
      assert.equal(grants(shop), 0);
      assert.equal(subscriptionsOf(shop).length, 0);
    });

    it('when the callback carries another browser’s state, then 401 and nothing stored', async () => {
      const shop = 'wrong-state.myshopify.com';
      const victim = w.browser();
      await approve(victim, shop);
      const attackers = await approve(w.browser(), shop); // validly signed, but its own state
      await problem(await victim.get(attackers), 401);
      assert.equal(await shopDoc(shop), undefined);
      assert.equal(grants(shop), 0);
    });

    it('when the callback comes without the state cookie, then 403 and nothing stored', async () => {
      const shop = 'no-cookie.myshopify.com';
      const callback = await approve(w.browser(), shop);
      await problem(await w.browser().get(callback), 403);
      assert.equal(await shopDoc(shop), undefined);
    });

    it('when a used callback is replayed with its cookie, then 403 and the stored token is unchanged', async () => {
      const shop = 'replayed.myshopify.com';
      const browser = w.browser();
      const callback = await approve(browser, shop);
      const replayer = browser.fork(); // keeps the state cookie the first callback deletes
      assert.equal((await browser.get(callback)).status, 200);
      const installed = await shopDoc(shop);
      const body = await problem(await replayer.get(callback), 403);
      assert.equal(body.code, 'FORBIDDEN');
      assert.deepEqual(await shopDoc(shop), installed);
      assert.equal(grants(shop), 1);
      assert.equal(subscriptionsOf(shop).length, 3);
    });
  });
});
