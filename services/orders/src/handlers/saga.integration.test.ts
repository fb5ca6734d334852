import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import {
  createOrdersWorld,
  labelPurchased as label,
  type OrdersWorld,
  SHOP,
} from '../testing/orders-world.ts';

let world: OrdersWorld;
before(async () => {
  world = await createOrdersWorld();
});
after(async () => {
  await world?.close();
});

interface Fulfillments {
  orderId: number;
  fulfillments: { trackingInfo: { number: string }[]; events: { status: string }[] }[];
}

async function placed(overrides: Record<string, unknown> = {}) {
  const order = world.storefront.placeOrder({
    lines: [{ sku: 'TEE-M', quantity: 1 }],
    paymentMethod: 'pm_card_visa',
    ...overrides,
  });
  const orderId = `${SHOP}:${order.id}`;
  await waitFor(() => world.of(orderId, 'payment.authorize').length > 0, { what: 'payment.authorize' });
  return { order, orderId };
}

describe('the order saga against the other services’ events', () => {
  it('when each service answers, then orders sends the next command and writes the fulfillment back exactly once despite 5xx and 429', async () => {
    const { order, orderId } = await placed();
    await world.publish('payment.authorized', {
      orderId,
      paymentIntentId: 'pi_1',
      amountMinor: 1,
      currency: 'USD',
    });
    await waitFor(() => world.of(orderId, 'stock.reserve').length === 1, { what: 'stock.reserve' });
    await world.publish('stock.reserved', { orderId, lines: [{ sku: 'TEE-M', quantity: 1 }] });
    await waitFor(() => world.of(orderId, 'payment.capture').length === 1, { what: 'payment.capture' });
    await world.publish('payment.captured', {
      orderId,
      paymentIntentId: 'pi_1',
      amountMinor: 1,
      currency: 'USD',
    });
    const create = await waitFor(() => world.of(orderId, 'shipment.create')[0], { what: 'shipment.create' });
    assert.equal((create.payload.to as { country: string }).country, 'US');

    // The storefront answers 503 twice, then 429, before it lets the write through.
    await fetch(`${world.sim}/__sim/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rules: [
          { match: 'POST /admin/api', errorRate: 1, errorStatus: 503, count: 2 },
          { match: 'POST /admin/api', rate429: 1, retryAfterSec: 0, count: 1 },
        ],
      }),
    });
    await world.publish('shipment.label_purchased', label(orderId, 'EZ7000000007'));
    await waitFor(() => world.of(orderId, 'stock.commit').length === 1, { what: 'stock.commit' });
    const view = await waitFor(
      async () => {
        const [o] = (await world.simJson(`/storefront/fulfillments?order=${order.id}`)) as Fulfillments[];
        return o && o.fulfillments.length > 0 && o;
      },
      { what: 'fulfillment in the storefront' },
    );
    assert.equal(view.fulfillments.length, 1);
    assert.equal(view.fulfillments[0]?.trackingInfo[0]?.number, 'EZ7000000007');

    // A redelivered label event and tracking updates: still one fulfillment, one event per status.
    await world.publish('shipment.label_purchased', label(orderId, 'EZ7000000007'));
    const track = (status: string) =>
      world.publish('tracking.updated', {
        orderId,
        trackingCode: 'EZ7000000007',
        status,
        at: new Date().toISOString(),
      });
    const eventsIn = async (n: number) => {
      const [o] = (await world.simJson(`/storefront/fulfillments?order=${order.id}`)) as Fulfillments[];
      return o?.fulfillments[0]?.events.length === n && o;
    };
    await Promise.all([track('in_transit'), track('in_transit')]);
    await waitFor(() => eventsIn(1), { what: 'the IN_TRANSIT event' });
    await track('delivered');
    const done = await waitFor(() => eventsIn(2), { what: 'two fulfillment events' });
    assert.equal(done.fulfillments.length, 1);
    assert.deepEqual(
      done.fulfillments[0]?.events.map((e) => e.status),
      ['IN_TRANSIT', 'DELIVERED'],
    );
    const res = await world.admin(`/orders/${encodeURIComponent(orderId)}`);
    const json = (await res.json()) as {
      status: string;
      shipment: { tracking_code: string };
      timeline: unknown[];
    };
    assert.equal(json.status, 'delivered');
    assert.equal(json.shipment.tracking_code, 'EZ7000000007');
    assert.ok(json.timeline.length >= 6);
    // The probe consumes concurrently: compare the set of changes, not their arrival order.
    // At-least-once delivery may hand the probe a message twice: count distinct messages.
    const changes = await waitFor(() => {
      const byId = new Map(
        world.of(orderId, 'order.status_changed').map((m) => [m.messageId, String(m.payload.to)]),
      );
      return byId.size >= 7 && [...byId.values()];
    });
    assert.deepEqual(changes.sort(), [
      'authorizing',
      'capturing',
      'delivered',
      'fulfilling',
      'in_transit',
      'reserving',
      'shipped',
    ]);
  });

  it('when stock is short, then orders voids the hold and cancels the order out_of_stock', async () => {
    const { orderId } = await placed();
    await world.publish('payment.authorized', {
      orderId,
      paymentIntentId: 'pi_2',
      amountMinor: 1,
      currency: 'USD',
    });
    await waitFor(() => world.of(orderId, 'stock.reserve').length === 1);
    await world.publish('stock.rejected', {
      orderId,
      shortages: [{ sku: 'TEE-M', requested: 1, available: 0 }],
    });
    await waitFor(() => world.of(orderId, 'payment.void').length === 1, { what: 'payment.void' });
    const change = await waitFor(() =>
      world.of(orderId, 'order.status_changed').find((m) => m.payload.to === 'cancelled'),
    );
    assert.equal(change.payload.reason, 'out_of_stock');
    assert.equal(change.payload.money, 'released');
  });

  it('when an operator reads or acts on orders, then admin auth is required and a retry resumes a stuck order', async () => {
    assert.equal((await fetch(`${world.base}/orders`)).status, 401);
    const { orderId } = await placed();
    await world.publish('payment.authorized', {
      orderId,
      paymentIntentId: 'pi_3',
      amountMinor: 1,
      currency: 'USD',
    });
    await waitFor(() => world.of(orderId, 'stock.reserve').length === 1);
    await world.publish('stock.reserved', { orderId, lines: [{ sku: 'TEE-M', quantity: 1 }] });
    await waitFor(() => world.of(orderId, 'payment.capture').length === 1);
    await world.publish('payment.captured', {
      orderId,
      paymentIntentId: 'pi_3',
      amountMinor: 1,
      currency: 'USD',
    });
    await waitFor(() => world.of(orderId, 'shipment.create').length === 1);
    await world.publish('shipment.failed', { orderId, reason: 'no rates for this address' });
    await waitFor(
      async () =>
        ((await (await world.admin(`/orders/${encodeURIComponent(orderId)}`)).json()) as { status: string })
          .status === 'needs_attention',
    );
    const list = (await (await world.admin('/orders?status=needs_attention&limit=1')).json()) as {
      items: { id: string }[];
      next_cursor: string | null;
    };
    assert.equal(list.items.length, 1);
    const stats = (await (await world.admin('/orders/stats')).json()) as {
      total: number;
      byStatus: Record<string, number>;
      latest: { id: string; status: string } | null;
    };
    assert.deepEqual(stats.latest, { id: orderId, status: 'needs_attention' });
    assert.ok((stats.byStatus.needs_attention ?? 0) >= 1, 'stats count the order needing attention');
    assert.equal(
      stats.total,
      Object.values(stats.byStatus).reduce((a, b) => a + b, 0),
    );
    const retried = await world.admin(`/orders/${encodeURIComponent(orderId)}/retry`, { method: 'POST' });
    assert.equal(retried.status, 200);
    await waitFor(() => world.of(orderId, 'shipment.create').length === 2, {
      what: 'second shipment.create',
    });
    const again = await world.admin(`/orders/${encodeURIComponent(orderId)}/retry`, { method: 'POST' });
    assert.equal(again.status, 409);
    const openapi = (await (await fetch(`${world.base}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(openapi.openapi, '3.1.0');
    assert.ok(openapi.paths['/orders/{id}/retry']);
  });
});
