import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHOP, worldPerFile } from '../testing/orders-world.ts';

const w = worldPerFile();

describe('orders operator routes: abandoned webhook deliveries', () => {
  it('when a delivery fails its last attempt, then it is counted, listed with the reason, and can be retried by an operator', async () => {
    const id = 'wh-abandoned-1';
    const receivedAt = new Date(Date.now() - 3_600_000);
    // Recorded by an earlier version whose payload this one cannot read: every attempt fails.
    await w()
      .db.collection('shopify_deliveries')
      .insertOne({ _id: id as never, topic: 'orders/create', shop: SHOP, body: '{"id":"x"}', receivedAt });
    await w()
      .db.collection('shopify_deliveries_pending')
      .insertOne({ _id: id as never, receivedAt, attempts: 9 });
    await w().sweep(new Date());

    const metrics = await (await fetch(`${w().base}/metrics`)).text();
    assert.match(metrics, /^orders_webhook_deliveries_abandoned_total\{topic="orders\/create"\} [1-9]/m);
    const list = await w().admin('/admin/shopify-deliveries');
    assert.equal(list.status, 200);
    const { items } = (await list.json()) as { items: Record<string, unknown>[] };
    const item = items.find((i) => i.id === id);
    assert.equal(item?.attempts, 10);
    assert.equal(item?.topic, 'orders/create');
    assert.ok(String(item?.lastError).length > 0);

    const retry = await w().admin(`/admin/shopify-deliveries/${id}/retry`, { method: 'POST' });
    assert.equal(retry.status, 200);
    assert.deepEqual(
      { ...((await retry.json()) as object), lastError: undefined, receivedAt: undefined },
      { id, processed: false, attempts: 1, lastError: undefined, receivedAt: undefined },
    );
    // Back in the sweeper's hands: not an operator's to retry until it is abandoned again.
    assert.equal((await w().admin(`/admin/shopify-deliveries/${id}/retry`, { method: 'POST' })).status, 409);
    assert.equal((await w().admin('/admin/shopify-deliveries/nope/retry', { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${w().base}/admin/shopify-deliveries`)).status, 401);
  });
});
