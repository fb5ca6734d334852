import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { infraUrls } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { deliveryModel, pendingDeliveryModel } from '../adapters/delivery-model.ts';
import { MAX_DELIVERY_ATTEMPTS, unprocessedDeliveries } from './process-delivery.ts';

/** Documents of `collection` the server sent back to find/getMore since the last reset. */
function readCounter(connection: mongoose.Connection, collection: string) {
  let read = 0;
  connection.getClient().on('commandSucceeded', (e) => {
    const reply = e.reply as { cursor?: { ns?: string; firstBatch?: unknown[]; nextBatch?: unknown[] } };
    if (!reply.cursor?.ns?.endsWith(`.${collection}`)) return;
    read += (reply.cursor.firstBatch ?? reply.cursor.nextBatch ?? []).length;
  });
  return { read: () => read };
}

describe('orders: the unprocessed-delivery sweep reads one batch', () => {
  let db: mongoose.Connection;
  before(async () => {
    const name = `t_ord_pending_${randomBytes(4).toString('hex')}`;
    db = await mongoose
      .createConnection(`${infraUrls().mongo.replace(/\/$/, '')}/${name}`, { monitorCommands: true })
      .asPromise();
  });
  after(async () => {
    await db.dropDatabase().catch(() => {});
    await db.close();
  });

  it('when 300 deliveries are pending behind given-up ones, then one sweep takes the 100 oldest live ones and reads only those', async () => {
    const t0 = Date.now() - 3_600_000;
    const marker = (i: number, attempts?: number) => ({
      _id: `wh-${String(i).padStart(4, '0')}`,
      receivedAt: new Date(t0 + i * 1000),
      topic: 'orders/create',
      shop: 'pending-it.myshopify.com',
      body: JSON.stringify({ id: i, note: 'x'.repeat(2000) }),
      ...(attempts === undefined ? {} : { attempts }),
    });
    const abandoned = Array.from({ length: 5 }, (_, i) => marker(i, MAX_DELIVERY_ATTEMPTS));
    const failedOnce = [marker(5, 1)];
    const pending = Array.from({ length: 299 }, (_, i) => marker(i + 6));
    const young = { ...marker(9999), receivedAt: new Date() };
    await db
      .collection('shopify_deliveries_pending')
      .insertMany([...pending, young, ...abandoned, ...failedOnce] as never[]);
    const deps = { deliveries: deliveryModel(db), pendingDeliveries: pendingDeliveryModel(db) };
    const counter = readCounter(db, 'shopify_deliveries_pending');

    const batch = await unprocessedDeliveries(deps, new Date(Date.now() - 60_000), 100);

    assert.deepEqual(
      batch.map((d) => d._id),
      Array.from({ length: 100 }, (_, i) => `wh-${String(i + 5).padStart(4, '0')}`),
      'the 100 oldest not given up, oldest first',
    );
    assert.equal(counter.read(), 100, 'the server sent only the batch');
  });
});
