import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createAdminApiClient } from '@shopify/admin-api-client';
import { createShopifyApp } from '../app.ts';
import { createInventoryPart } from '../inventory/part.ts';
import { createStorefrontPart } from './part.ts';

const SHOP = 'fidelity-shop.myshopify.com';
const TOKEN = 'shpat_fidelity';
const SECRET = 'fidelity_webhook_secret';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

const received: Received[] = [];
const servers: Server[] = [];
let base = '';
let admin: ReturnType<typeof createAdminApiClient>;
let part: ReturnType<typeof createStorefrontPart>;

async function listen(handler: Parameters<typeof createServer>[1]) {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** Shopify's documented check, computed here independently of the simulator's code. */
function verifies(raw: string, hmac: string | undefined, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(raw, 'utf8').digest();
  const given = Buffer.from(hmac ?? '', 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function sim(path: string, body?: unknown) {
  const res = await fetch(`${base}/__sim${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & unknown[] };
}

const FO_QUERY = `query($id: ID!) { order(id: $id) { id name fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 50) { nodes { id remainingQuantity lineItem { sku } } } } } } }`;
const CREATE = `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id status trackingInfo(first: 1) { number company url } } userErrors { field message } } }`;
const EVENT = `mutation($e: FulfillmentEventInput!) { fulfillmentEventCreate(fulfillmentEvent: $e) { fulfillmentEvent { id status } userErrors { field message } } }`;

before(async () => {
  const hook = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  part = createStorefrontPart({ webhookUrl: hook, secret: SECRET, shop: SHOP });
  const { app } = createShopifyApp({ accessTokens: { [SHOP]: TOKEN }, parts: [createInventoryPart(), part] });
  base = await listen(app);
  admin = createAdminApiClient({
    storeDomain: SHOP,
    apiVersion: '2026-10',
    accessToken: TOKEN,
    // The client always speaks https to the shop's domain; the simulator is plain http on loopback.
    customFetchApi: (url, init) => fetch(String(url).replace(`https://${SHOP}`, base), init),
  });
});

after(async () => {
  await part.storefront.generate({ count: 0, ratePerSec: 1 }).done;
  await part.storefront.webhooks.sender.idle();
  for (const s of servers) {
    s.close();
    s.closeAllConnections();
  }
});

describe('Shopify storefront simulator', () => {
  it('when an order is placed, then a signed orders/create webhook with every Shopify header arrives', async () => {
    const { status, json: order } = await sim('/storefront/orders', {
      lines: [{ sku: 'TEE-M', quantity: 2 }],
      paymentMethod: 'pm_card_visa',
      stripeCustomer: 'cus_123',
    });
    assert.equal(status, 201);
    const hook = await waitFor(() => received.find((r) => JSON.parse(r.raw).id === order.id), {
      what: 'webhook',
    });
    const h = hook.headers;
    assert.equal(h['x-shopify-topic'], 'orders/create');
    assert.equal(h['x-shopify-shop-domain'], SHOP);
    assert.equal(h['x-shopify-api-version'], process.env.SHOPIFY_API_VERSION ?? '2026-10');
    for (const name of ['x-shopify-webhook-id', 'x-shopify-event-id', 'x-shopify-triggered-at'])
      assert.ok(h[name], `${name} is sent`);
    assert.ok(verifies(hook.raw, String(h['x-shopify-hmac-sha256']), SECRET), 'HMAC verifies');
    assert.ok(
      !verifies(hook.raw.replace('TEE-M', 'TEE-L'), String(h['x-shopify-hmac-sha256']), SECRET),
      'forged body fails',
    );
    assert.ok(
      !verifies(hook.raw, String(h['x-shopify-hmac-sha256']), 'another_secret'),
      'other secret fails',
    );
    const body = JSON.parse(hook.raw);
    assert.match(body.name, /^#\d{4,}$/);
    assert.equal(body.admin_graphql_api_id, `gid://shopify/Order/${body.id}`);
    assert.equal(body.line_items[0].sku, 'TEE-M');
    assert.equal(body.line_items[0].price, '19.99');
    assert.equal(body.subtotal_price, '39.98');
    assert.equal(typeof body.total_price, 'string');
    assert.deepEqual(body.note_attributes, [
      { name: 'stripe_payment_method', value: 'pm_card_visa' },
      { name: 'stripe_customer', value: 'cus_123' },
    ]);
  });

  it('when fulfilled through the official client, then exactly one fulfillment exists and a second is a userError', async () => {
    const { json: order } = await sim('/storefront/orders', { lines: [{ sku: 'TEE-S', quantity: 1 }] });
    const gid = String(order.admin_graphql_api_id);
    const q = await admin.request(FO_QUERY, { variables: { id: gid } });
    assert.equal(q.errors, undefined);
    const fo = q.data.order.fulfillmentOrders.nodes[0];
    assert.equal(fo.status, 'OPEN');
    assert.equal(fo.lineItems.nodes[0].lineItem.sku, 'TEE-S');
    const input = {
      lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }],
      trackingInfo: { number: 'EZ4000000004', company: 'USPS', url: 'https://track.example/EZ4000000004' },
      notifyCustomer: true,
    };
    const first = await admin.request(CREATE, { variables: { f: input } });
    assert.deepEqual(first.data.fulfillmentCreate.userErrors, []);
    assert.deepEqual(first.data.fulfillmentCreate.fulfillment.trackingInfo[0], input.trackingInfo);
    const second = await admin.request(CREATE, { variables: { f: input } });
    assert.equal(second.data.fulfillmentCreate.fulfillment, null);
    assert.match(second.data.fulfillmentCreate.userErrors[0].message, /unfulfillable status= closed/);

    const fid = first.data.fulfillmentCreate.fulfillment.id;
    const ev = await admin.request(EVENT, { variables: { e: { fulfillmentId: fid, status: 'IN_TRANSIT' } } });
    assert.equal(ev.data.fulfillmentEventCreate.fulfillmentEvent.status, 'IN_TRANSIT');
    const bad = await admin.request(EVENT, {
      variables: { e: { fulfillmentId: fid, status: 'TELEPORTED' } },
    });
    assert.ok(bad.errors, 'an unknown status is a GraphQL error');

    const view = await sim(`/storefront/fulfillments?order=${order.id}`);
    const fulfillments = (
      view.json[0] as { fulfillments: { trackingInfo: { number: string }[]; events: unknown[] }[] }
    ).fulfillments;
    assert.equal(fulfillments.length, 1);
    assert.equal(fulfillments[0]?.trackingInfo[0]?.number, 'EZ4000000004');
    assert.equal(fulfillments[0]?.events.length, 1);
  });

  it('when an order is cancelled, then orders/cancelled is sent and its fulfillment order cannot be fulfilled', async () => {
    const { json: order } = await sim('/storefront/orders', {});
    const { json: cancelled } = await sim(`/storefront/orders/${order.id}/cancel`, {});
    assert.ok(cancelled.cancelled_at);
    const hook = await waitFor(
      () =>
        received.find(
          (r) => r.headers['x-shopify-topic'] === 'orders/cancelled' && JSON.parse(r.raw).id === order.id,
        ),
      { what: 'cancel webhook' },
    );
    assert.equal(JSON.parse(hook.raw).cancel_reason, 'customer');
    const q = await admin.request(FO_QUERY, { variables: { id: String(order.admin_graphql_api_id) } });
    assert.equal(q.data.order.fulfillmentOrders.nodes[0].status, 'CANCELLED');
  });

  it('when /__sim/faults asks for duplicate webhooks, then the same delivery arrives twice', async () => {
    const put = (body: unknown) =>
      fetch(`${base}/__sim/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await put({ webhooks: { duplicateRate: 1 } });
    const { json: order } = await sim('/storefront/orders', {});
    const copies = await waitFor(() => {
      const mine = received.filter((r) => JSON.parse(r.raw).id === order.id);
      return mine.length === 2 && mine;
    });
    assert.equal(copies[0]?.headers['x-shopify-webhook-id'], copies[1]?.headers['x-shopify-webhook-id']);
    await put({ webhooks: {} });
  });

  it('when a request carries a wrong token, then the official client sees a 401', async () => {
    const wrong = createAdminApiClient({
      storeDomain: SHOP,
      apiVersion: '2026-10',
      accessToken: 'shpat_wrong',
      customFetchApi: (url, init) => fetch(String(url).replace(`https://${SHOP}`, base), init),
    });
    const res = await wrong.request(FO_QUERY, { variables: { id: 'gid://shopify/Order/1' } });
    assert.equal(res.errors?.networkStatusCode, 401);
  });

  it('when the generator runs with a seed, then it places the requested orders with declines and cancellations', async () => {
    const before = received.length;
    const started = await sim('/storefront/generate', {
      count: 20,
      ratePerSec: 200,
      seed: 7,
      declineShare: 0.5,
      cancelShare: 0.3,
      cancelAfterMs: 10,
    });
    assert.equal(started.status, 202);
    await waitFor(
      async () => {
        const s = (await sim('/storefront/generate')).json as unknown as { running: boolean; placed: number };
        return !s.running && s.placed === 20;
      },
      { what: 'generator done' },
    );
    const hooks = await waitFor(() => {
      const mine = received.slice(before);
      return mine.filter((r) => r.headers['x-shopify-topic'] === 'orders/create').length === 20 && mine;
    });
    const pms = hooks.map((r) => JSON.parse(r.raw).note_attributes?.[0]?.value as string);
    assert.ok(
      pms.some((p) => p?.startsWith('pm_card_chargeDeclined')),
      'some declined cards',
    );
    assert.ok(
      pms.some((p) => p && !p.startsWith('pm_card_chargeDeclined')),
      'some good cards',
    );
    await waitFor(
      () => received.slice(before).some((r) => r.headers['x-shopify-topic'] === 'orders/cancelled'),
      {
        what: 'a cancellation',
      },
    );
  });
});
