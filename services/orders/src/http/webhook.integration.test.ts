import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createOrdersWorld, type OrdersWorld, orderBody, SHOP } from '../testing/orders-world.ts';

let world: OrdersWorld;
before(async () => {
  world = await createOrdersWorld();
});
after(async () => {
  await world?.close();
});

const orders = () => world.db.collection('orders');
const deliveries = () => world.db.collection('shopify_deliveries');
const pending = () => world.db.collection('shopify_deliveries_pending');

describe('POST /webhooks/shopify', () => {
  it('when one signed delivery arrives 5 times concurrently, then exactly one order and one authorisation exist', async () => {
    const body = orderBody(910001);
    const webhookId = 'wh-five-times';
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => world.webhook('orders/create', body, { webhookId })),
    );
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 200, 200, 200],
    );
    const orderId = `${SHOP}:910001`;
    await waitFor(() => world.of(orderId, 'payment.authorize').length === 1, { what: 'payment.authorize' });
    // Another delivery of the same order (a new webhook id) is absorbed by the saga too.
    assert.equal((await world.webhook('orders/create', body)).status, 200);
    await waitFor(
      async () => (await deliveries().countDocuments()) >= 2 && (await pending().countDocuments()) === 0,
    );
    assert.equal(await orders().countDocuments({ _id: orderId } as never), 1);
    assert.equal(world.of(orderId, 'payment.authorize').length, 1);
    const auth = world.of(orderId, 'payment.authorize')[0]?.payload;
    assert.deepEqual(
      { ...auth, description: undefined },
      { orderId, amountMinor: 4518, currency: 'USD', paymentMethod: 'pm_card_visa', description: undefined },
    );
  });

  it('when a delivery is answered 200, then its order is stored already, its record follows, no marker was written; its repeat is answered duplicate', async () => {
    const body = orderBody(910011);
    const webhookId = 'wh-applied-first';
    const res = await world.webhook('orders/create', body, { webhookId });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { received: true });
    // Read at once: the answer came after the step, not before.
    const order = await orders().findOne({ _id: `${SHOP}:910011` } as never);
    assert.equal(order?.status, 'authorizing');
    await waitFor(async () => (await deliveries().countDocuments({ _id: webhookId } as never)) === 1, {
      what: 'the delivery recorded',
    });
    assert.equal(await pending().countDocuments({ _id: webhookId } as never), 0);
    const again = await world.webhook('orders/create', body, { webhookId });
    assert.deepEqual(await again.json(), { received: true, duplicate: true });
  });

  it('when the signature is forged, missing or from another body, then 401 and nothing is stored', async () => {
    const body = orderBody(910002);
    const stale = (await import('node:crypto'))
      .createHmac('sha256', 'orders_it_webhook_secret')
      .update(orderBody(910000))
      .digest('base64');
    for (const hmac of ['Zm9yZ2Vk', false as const, stale]) {
      const res = await world.webhook('orders/create', body, { hmac, webhookId: `wh-bad-${String(hmac)}` });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    }
    assert.equal(await deliveries().countDocuments({ _id: { $regex: '^wh-bad' } } as never), 0);
    assert.equal(await orders().countDocuments({ sourceId: '910002' }), 0);
  });

  it('when the body is malformed, of the wrong shape, too large or carries operators, then 4xx problems and the service stays up', async () => {
    const malformed = await world.webhook('orders/create', '{"id": 1,');
    assert.equal(malformed.status, 400);
    const wrong = await world.webhook(
      'orders/create',
      orderBody(910003, { line_items: [], total_price: 12 }),
    );
    assert.equal(wrong.status, 400);
    const problem = (await wrong.json()) as { errors: { field: string }[] };
    assert.deepEqual(problem.errors.map((e) => e.field).sort(), ['line_items', 'total_price']);
    const huge = await world.webhook(
      'orders/create',
      orderBody(910004, { note: 'x'.repeat(2 * 1024 * 1024) }),
    );
    assert.equal(huge.status, 413);
    const injection = await world.webhook(
      'orders/create',
      orderBody(910005, { email: { $ne: null }, customer: { $where: 'sleep(1000)' } }),
    );
    assert.equal(injection.status, 400);
    const noTopic = await fetch(`${world.base}/webhooks/shopify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': 'x' },
      body: '{}',
    });
    assert.equal(noTopic.status, 401);
    assert.equal((await fetch(`${world.base}/healthz`)).status, 200);
    assert.equal(await orders().countDocuments({ sourceId: { $in: ['910003', '910004', '910005'] } }), 0);
  });

  it('when an order has no payment details, then it is recorded and needs attention', async () => {
    await world.webhook('orders/create', orderBody(910006, { note_attributes: [] }));
    const orderId = `${SHOP}:910006`;
    const order = await waitFor(() => orders().findOne({ _id: orderId, status: 'needs_attention' } as never));
    assert.equal(order.reason, 'missing_payment_method');
    assert.equal(world.of(orderId, 'payment.authorize').length, 0);
  });

  it('when a cancellation arrives before its create, then the order is cancelled and the late create starts nothing', async () => {
    const body = orderBody(910007, { cancelled_at: new Date().toISOString() });
    await world.webhook('orders/cancelled', body);
    const orderId = `${SHOP}:910007`;
    await waitFor(() => orders().findOne({ _id: orderId, status: 'cancelled' } as never), {
      what: 'cancelled order',
    });
    await world.webhook('orders/create', orderBody(910007));
    await waitFor(async () => (await pending().countDocuments()) === 0, {
      what: 'all processed',
    });
    const order = await orders().findOne({ _id: orderId } as never);
    assert.equal(order?.status, 'cancelled');
    assert.equal(order?.reason, 'customer_cancelled');
    assert.equal(world.of(orderId, 'payment.authorize').length, 0);
  });
});
