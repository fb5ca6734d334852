import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import type { OrderDocument } from '../adapters/order-model.ts';
import type { SweepEntry } from '../adapters/sweep-index.ts';
import { SHOP, worldPerFile } from '../testing/orders-world.ts';

const w = worldPerFile();

const orders = () => w().db.collection<OrderDocument>('orders');
const sweeps = () => w().db.collection<SweepEntry>('order_sweeps');

async function authorizing() {
  const order = w().storefront.placeOrder({
    lines: [{ sku: 'TEE-M', quantity: 1 }],
    paymentMethod: 'pm_card_visa',
  });
  const orderId = `${SHOP}:${order.id}`;
  await waitFor(() => w().of(orderId, 'payment.authorize').length > 0, { what: 'payment.authorize' });
  return { order, orderId };
}

describe('the orders sweeper', () => {
  it('when an order waits past its deadline, then a sweep re-sends its command from the sweep index, and the entry goes once nothing is awaited', async () => {
    const { orderId } = await authorizing();
    const entry = await waitFor(() => sweeps().findOne({ _id: orderId }), { what: 'the sweep entry' });
    const order = await orders().findOne({ _id: orderId });
    assert.equal(entry.deadlineAt, order?.deadlineAt);
    await w().sweep(new Date());
    assert.equal(w().of(orderId, 'payment.authorize').length, 1, 'not before the deadline');
    await w().sweep(new Date(Date.parse(entry.deadlineAt ?? '') + 1000));
    await waitFor(() => w().of(orderId, 'payment.authorize').length === 2, {
      what: 'the re-sent payment.authorize',
    });
    await w().publish('payment.failed', {
      orderId,
      reason: 'card_declined',
      declineCode: 'generic_decline',
    });
    await waitFor(async () => (await sweeps().findOne({ _id: orderId })) === null, {
      what: 'the entry removed once the order is cancelled with nothing pending',
    });
  });

  it('when a step moves the deadline later, then the sweep entry keeps the earlier one, and a sweep past it re-syncs the entry without re-sending', async () => {
    const { orderId } = await authorizing();
    const first = await waitFor(() => sweeps().findOne({ _id: orderId }), { what: 'the sweep entry' });
    await w().publish('payment.authorized', {
      orderId,
      paymentIntentId: `pi_${orderId.length}`,
      amountMinor: 2500,
      currency: 'USD',
    });
    await waitFor(() => w().of(orderId, 'stock.reserve').length === 1, { what: 'stock.reserve' });
    const reserving = await waitFor(async () => {
      const o = await orders().findOne({ _id: orderId });
      return o?.status === 'reserving' && o;
    });
    assert.ok(String(reserving.deadlineAt) > String(first.deadlineAt), 'the deadline moved later');
    assert.equal((await sweeps().findOne({ _id: orderId }))?.deadlineAt, first.deadlineAt, 'not rewritten');

    // Past the entry's deadline, before the order's own.
    const between = (Date.parse(first.deadlineAt ?? '') + Date.parse(String(reserving.deadlineAt))) / 2;
    const result = await w().sweep(new Date(Math.floor(between)));
    assert.equal((result as { stuck: number }).stuck, 0, 'nothing re-sent before the order is due');
    assert.equal(w().of(orderId, 'stock.reserve').length, 1);
    assert.equal(w().of(orderId, 'payment.authorize').length, 1);
    assert.equal((await sweeps().findOne({ _id: orderId }))?.deadlineAt, reserving.deadlineAt, 're-synced');
  });

  it('when a webhook was answered but never processed (crash), then a sweep processes it from its marker alone and records the delivery', async () => {
    const { order, orderId } = await authorizing();
    const _id = `wh-marker-only-${order.id}`;
    const body = JSON.stringify({
      ...order,
      cancelled_at: new Date().toISOString(),
      cancel_reason: 'customer',
    });
    const receivedAt = new Date(Date.now() - 10_000);
    await w()
      .db.collection('shopify_deliveries_pending')
      .insertOne({ _id, receivedAt, topic: 'orders/cancelled', shop: SHOP, body } as never);
    await w().sweep(new Date());
    assert.equal((await orders().findOne({ _id: orderId }))?.status, 'cancelled');
    const recorded = await w()
      .db.collection('shopify_deliveries')
      .findOne({ _id } as never);
    assert.equal(recorded?.body, body);
    assert.equal(
      await w()
        .db.collection('shopify_deliveries_pending')
        .findOne({ _id } as never),
      null,
    );
  });

  it('when a webhook delivery was recorded but never processed (crash), then a sweep processes it through its marker', async () => {
    const { order, orderId } = await authorizing();
    const receivedAt = new Date(Date.now() - 10_000);
    const _id = `wh-crashed-${order.id}`;
    await w()
      .db.collection('shopify_deliveries_pending')
      .insertOne({ _id, receivedAt } as never);
    await w()
      .db.collection('shopify_deliveries')
      .insertOne({
        _id,
        topic: 'orders/cancelled',
        shop: SHOP,
        body: JSON.stringify({ ...order, cancelled_at: new Date().toISOString(), cancel_reason: 'customer' }),
        receivedAt,
      } as never);
    await w().sweep(new Date());
    assert.equal((await orders().findOne({ _id: orderId }))?.status, 'cancelled');
    assert.equal(
      await w()
        .db.collection('shopify_deliveries_pending')
        .findOne({ _id } as never),
      null,
    );
  });
});
