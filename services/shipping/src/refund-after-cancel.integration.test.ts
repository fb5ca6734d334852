import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { devToken } from '@commerce-sync/service-kit/dev-token';
import { waitFor } from '@commerce-sync/test/support/infra';
import type mongoose from 'mongoose';
import type { ShipmentRecord } from './domain/shipment-record.ts';
import { createBody, createShippingWorld, type ShippingWorld } from './testing/shipping-world.ts';

describe('shipping: a label bought while the shipment was cancelled is refunded, and a failed refund is never dropped', () => {
  let w: ShippingWorld;
  let db: mongoose.Connection;
  before(async () => {
    w = await createShippingWorld();
    db = await w.openDb();
  });
  after(() => w.close());
  const shipments = () => db.collection<ShipmentRecord>('shipments');

  /** shipment.create with a slow buy, during which another replica records the cancel. */
  async function cancelledWhileBuying(orderId: string, refundFault: object) {
    await w.simCall('/faults', 'PUT', {
      rules: [
        { match: '/buy$', latencyMs: 700, count: 1 },
        { match: '/refund$', errorRate: 1, ...refundFault },
      ],
    });
    await w.send('shipment.create', createBody(orderId));
    await waitFor(async () => (await shipments().findOne({ _id: orderId }))?.easypostShipmentId, {
      what: 'courier shipment recorded before the buy',
    });
    // As a shipment.cancel handled by another replica writes it: a version-guarded step.
    await shipments().updateOne({ _id: orderId }, { $set: { status: 'cancelled' }, $inc: { version: 1 } });
  }
  const metric = (line: string) => w.metric(line);

  it('when the refund fails retryably, then it is recorded and counted, and the retry refunds the label', async () => {
    const orderId = `refund-it.myshopify.com:retry-${Date.now()}`;
    await cancelledWhileBuying(orderId, { errorStatus: 503, count: 1 });
    await waitFor(async () => (await metric('shipping_label_refunds_failed_total{retryable="true"}')) >= 1, {
      what: 'failed refund counted',
    });
    const done = await waitFor(
      async () => {
        const r = await shipments().findOne({ _id: orderId });
        return r?.refundStatus === 'submitted' && r;
      },
      { what: 'label refunded on retry' },
    );
    assert.equal(done.refundError, null);
    const [sim] = (await w.simCall(
      `/shipments?reference=${encodeURIComponent(orderId)}`,
      'GET',
    )) as unknown as { refund_status: string }[];
    assert.match(String(sim?.refund_status), /^(submitted|refunded)$/);
    const stats = await w.simCall('/stats', 'GET');
    assert.equal((stats.refundsByReference as Record<string, number>)[orderId], 1);
  });

  it('when the courier refuses the refund for good, then the shipment says why and the operator route lists it', async () => {
    const orderId = `refund-it.myshopify.com:refused-${Date.now()}`;
    await cancelledWhileBuying(orderId, { errorStatus: 422, count: 1 });
    const r = await waitFor(
      async () => {
        const doc = await shipments().findOne({ _id: orderId });
        return doc?.refundError ? doc : undefined;
      },
      { what: 'refund failure recorded' },
    );
    assert.equal(r.status, 'cancelled');
    const res = await fetch(`${w.baseUrl}/admin/label-refunds`, {
      headers: { authorization: `Bearer ${await devToken()}` },
    });
    assert.equal(res.status, 200);
    const { items } = (await res.json()) as { items: { orderId: string; refundError: string }[] };
    assert.ok(items.some((i) => i.orderId === orderId && i.refundError));
    assert.ok((await metric('shipping_label_refunds_failed_total{retryable="false"}')) >= 1);
  });
  it('when a buy times out but went through, and the cancel lands before its retry, then the retry finds the label and refunds it', async () => {
    const orderId = `refund-it.myshopify.com:lost-buy-${Date.now()}`;
    await w.simCall('/faults', 'PUT', { rules: [] });
    await w.simCall('/buy-behaviour', 'PUT', { count: 1 }); // bought, never answered
    await w.send('shipment.create', createBody(orderId));
    await waitFor(async () => (await shipments().findOne({ _id: orderId }))?.easypostShipmentId, {
      what: 'courier shipment recorded before the buy',
    });
    // While the create hangs in its buy: the cancel sees no label yet.
    await w.send('shipment.cancel', { orderId });
    await waitFor(() => w.events('shipment.cancelled', orderId).length > 0, {
      what: 'cancel answered',
      timeoutMs: 20_000,
    });
    const refunded = await waitFor(
      async () => {
        const stats = await w.simCall('/stats', 'GET');
        return (stats.refundsByReference as Record<string, number>)[orderId] === 1 && stats;
      },
      { what: 'label refunded by the retried create', timeoutMs: 20_000 },
    );
    assert.equal((refunded.labelsByReference as Record<string, number>)[orderId], 1);
    // The courier counts the refund before the service records its answer: wait for the record.
    const r = await waitFor(
      async () => {
        const doc = await shipments().findOne({ _id: orderId });
        return doc?.refundStatus ? doc : undefined;
      },
      { what: 'refund recorded on the shipment' },
    );
    assert.equal(r.status, 'cancelled');
    assert.match(String(r.refundStatus), /^(submitted|refunded)$/);
    assert.equal(w.events('shipment.label_purchased', orderId).length, 0);
  });
});
