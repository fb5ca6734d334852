import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import type { OrderDocument } from '../adapters/order-model.ts';
import type { SweepEntry } from '../adapters/sweep-index.ts';
import { labelPurchased, SHOP, worldPerFile } from '../testing/orders-world.ts';

const w = worldPerFile();

const orders = () => w().db.collection<OrderDocument>('orders');
const sweeps = () => w().db.collection<SweepEntry>('order_sweeps');

/** A placed order driven to `fulfilling` with faults set on the storefront, then shipped. */
async function shippedUnder(faults: object[], trackingCode: string) {
  const order = w().storefront.placeOrder({
    lines: [{ sku: 'TEE-M', quantity: 1 }],
    paymentMethod: 'pm_card_visa',
  });
  const orderId = `${SHOP}:${order.id}`;
  const money = { orderId, paymentIntentId: `pi_${order.id}`, amountMinor: 1, currency: 'USD' };
  await waitFor(() => w().of(orderId, 'payment.authorize').length > 0, { what: 'payment.authorize' });
  await w().publish('payment.authorized', money);
  await waitFor(() => w().of(orderId, 'stock.reserve').length > 0, { what: 'stock.reserve' });
  await w().publish('stock.reserved', { orderId, lines: [{ sku: 'TEE-M', quantity: 1 }] });
  await waitFor(() => w().of(orderId, 'payment.capture').length > 0, { what: 'payment.capture' });
  await w().publish('payment.captured', money);
  await waitFor(() => w().of(orderId, 'shipment.create').length > 0, { what: 'shipment.create' });
  await setFaults(faults);
  await w().publish('shipment.label_purchased', labelPurchased(orderId, trackingCode));

  await waitFor(() => w().of(orderId, 'stock.commit').length > 0, { what: 'stock.commit' });
  const track = (status: string) =>
    w().publish('tracking.updated', { orderId, trackingCode, status, at: new Date().toISOString() });
  return { order, orderId, track };
}

function setFaults(rules: object[]) {
  return fetch(`${w().sim}/__sim/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
}

const fulfillmentsOf = async (sourceId: number) => {
  const [o] = (await w().simJson(`/storefront/fulfillments?order=${sourceId}`)) as {
    fulfillments: { events: { status: string }[] }[];
  }[];
  return o?.fulfillments ?? [];
};

describe('storefront write-back', () => {
  it('when the storefront throttles every call, then the saga moves on and the write-back waits for Retry-After, then lands once', async () => {
    const throttled = [{ match: 'POST /admin/api', rate429: 1, retryAfterSec: 60 }];
    const { order, orderId, track } = await shippedUnder(throttled, 'EZ7100000001');
    await track('in_transit');
    await waitFor(async () => (await orders().findOne({ _id: orderId }))?.status === 'in_transit', {
      what: 'the order in transit while the storefront throttles',
    });
    const entry = await waitFor(
      async () => {
        const e = await sweeps().findOne({ _id: orderId });
        return (e?.writeBackAttempts ?? 0) >= 1 && e;
      },
      { what: 'a postponed write-back' },
    );
    assert.ok((entry.writeBackAt?.getTime() ?? 0) >= Date.now() + 45_000, 'Retry-After (60 s) is honoured');
    await setFaults([]);
    await w().sweep(new Date());
    assert.equal((await fulfillmentsOf(order.id)).length, 0, 'not retried before it is due');
    await w().sweep(new Date(Date.now() + 11 * 60_000));
    const [f, ...more] = await fulfillmentsOf(order.id);
    assert.equal(more.length, 0);
    assert.deepEqual(
      f?.events.map((e) => e.status),
      ['IN_TRANSIT'],
    );
    assert.equal(await sweeps().findOne({ _id: orderId }), null, 'nothing left for the sweeper');
  });

  it('when the storefront refused the fulfillment, then a tracking event write-back is refused saying why', async () => {
    const refused = [{ match: 'POST /admin/api', errorRate: 1, errorStatus: 404, count: 1 }];
    const { orderId, track } = await shippedUnder(refused, 'EZ7100000002');
    await waitFor(async () => (await orders().findOne({ _id: orderId }))?.writeBacks[0]?.done, {
      what: 'the refused fulfillment write-back',
    });
    await track('in_transit');
    const event = await waitFor(
      async () => {
        const o = await orders().findOne({ _id: orderId });
        return o?.writeBacks.find((w) => w.id === 'event:IN_TRANSIT' && w.done);
      },
      { what: 'the refused event write-back' },
    );
    assert.match(event.error ?? '', /no storefront fulfillment/);

    const res = await w().admin('/admin/write-backs/refused');
    assert.equal(res.status, 200);
    const { items } = (await res.json()) as { items: { orderId: string; id: string; error: string }[] };
    assert.deepEqual(
      items
        .filter((i) => i.orderId === orderId)
        .map((i) => i.id)
        .sort(),
      ['event:IN_TRANSIT', 'fulfillment'],
    );
    const metrics = await (await fetch(`${w().base}/metrics`)).text();
    assert.match(metrics, /^orders_writebacks_refused_total\{kind="fulfillment"\} [1-9]/m);
    assert.match(metrics, /^orders_writebacks_refused_total\{kind="fulfillment_event"\} [1-9]/m);
  });
});
