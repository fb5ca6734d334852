import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { devToken } from '@commerce-sync/service-kit/dev-token';
import { createLogger } from '@commerce-sync/telemetry';
import type mongoose from 'mongoose';
import { createEasyPostCourier } from './adapters/courier.ts';
import { shipmentModel } from './adapters/shipment-model.ts';
import { trackingWatch } from './adapters/tracking-watch.ts';
import { pollSilentTrackers } from './jobs/tracking-poller.ts';
import { createShippingWorld, type ShippingWorld } from './testing/shipping-world.ts';

const HOUR = 3_600_000;

describe('shipping: a tracker whose polls keep failing is given up, listed and retried', () => {
  let w: ShippingWorld;
  let db: mongoose.Connection;
  before(async () => {
    w = await createShippingWorld();
    db = await w.openDb();
  });
  after(() => w.close());

  it('when polls of a tracker fail for TRACKING_GIVE_UP_MS, then it is no longer due, counted and listed, and an operator retry makes it due again', async () => {
    const orderId = `trackers-it.myshopify.com:dead-${Date.now()}`;
    const t0 = new Date();
    const base = { reference: orderId, history: [], createdAt: t0, updatedAt: t0 };
    await db.collection('shipments').insertOne({
      _id: orderId,
      status: 'purchased',
      trackingStatus: 'in_transit',
      trackerId: 'trk_the_courier_never_knew',
      trackingCheckedAt: new Date(t0.getTime() - 24 * HOUR),
      ...base,
    } as never);
    const watch = trackingWatch(db);
    await watch.watch(orderId, 'trk_the_courier_never_knew', t0);
    const deps = {
      model: shipmentModel(db),
      watch,
      courier: createEasyPostCourier({
        apiUrl: w.config.EASYPOST_API_URL,
        apiKey: w.config.EASYPOST_API_KEY,
        webhookSecret: w.config.EASYPOST_WEBHOOK_SECRET,
        timeoutMs: 2_000,
      }),
      recorder: { record: async () => assert.fail('nothing to record from a failing tracker') },
      logger: createLogger({ service: 'shipping', level: 'silent' }),
      silenceMs: 60_000,
      giveUpAfterMs: HOUR,
    };

    assert.deepEqual(await pollSilentTrackers(deps as never, t0), { polled: 1, failed: 1, givenUp: 0 });
    const failing = await watch.model.findById(orderId).lean();
    assert.equal(failing?.failingSince?.getTime(), t0.getTime());
    assert.ok(failing?.lastError, 'the error is kept');
    assert.equal(failing?.gaveUpAt ?? null, null);

    const t1 = new Date(t0.getTime() + HOUR);
    assert.deepEqual(await pollSilentTrackers(deps as never, t1), { polled: 1, failed: 1, givenUp: 1 });
    const farFuture = new Date(t1.getTime() + 365 * 24 * HOUR);
    assert.ok(!(await watch.due(farFuture, 100)).some((e) => e._id === orderId), 'never due again');
    assert.equal(await w.metric('shipping_trackers_given_up_total'), 1);

    const auth = { authorization: `Bearer ${await devToken()}` };
    const listed = await fetch(`${w.baseUrl}/admin/trackers`, { headers: auth });
    assert.equal(listed.status, 200);
    const { items } = (await listed.json()) as { items: Record<string, unknown>[] };
    const item = items.find((i) => i.orderId === orderId);
    assert.equal(item?.trackingStatus, 'in_transit');
    assert.equal(item?.trackerId, 'trk_the_courier_never_knew');
    assert.ok(item?.lastError);

    const retry = `${w.baseUrl}/admin/trackers/${encodeURIComponent(orderId)}/retry`;
    assert.equal((await fetch(retry, { method: 'POST', headers: auth })).status, 202);
    assert.ok(
      (await watch.due(new Date(), 100)).some((e) => e._id === orderId),
      'due again',
    );
    const retried = await watch.model.findById(orderId).lean();
    assert.equal(retried?.gaveUpAt, null);
    assert.equal(retried?.failingSince, null);
    const again = await fetch(retry, { method: 'POST', headers: auth });
    assert.equal(again.status, 404);
    assert.match(again.headers.get('content-type') ?? '', /problem\+json/);
  });

  it('when a poll succeeds after failures, then the run of failures ends', async () => {
    const watch = trackingWatch(db);
    const orderId = `trackers-it.myshopify.com:flaky-${Date.now()}`;
    const t0 = new Date();
    await watch.watch(orderId, 'trk_x', t0);
    const entry = (await watch.model.findById(orderId).lean())!;
    await watch.failed(entry, 'timeout', t0, t0);
    await watch.defer(orderId, new Date(t0.getTime() + 1000), true);
    const after = await watch.model.findById(orderId).lean();
    assert.equal(after?.failingSince, null);
    assert.equal(after?.lastError, null);
  });
});
