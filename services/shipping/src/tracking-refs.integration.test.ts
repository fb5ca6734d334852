import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { infraUrls, waitFor } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { easypostJson, signBody } from '@commerce-sync/test/simulators/easypost/webhook-events';
import { shipmentModel } from './adapters/shipment-model.ts';
import { trackingWatch } from './adapters/tracking-watch.ts';
import { createBody, createShippingWorld, type ShippingWorld } from './testing/shipping-world.ts';

describe('shipping: webhooks and the poller find parcels by _id', () => {
  let w: ShippingWorld;
  let db: mongoose.Connection;
  before(async () => {
    w = await createShippingWorld({
      env: { TRACKING_POLL_CRON: '* * * * * *', TRACKING_SILENCE_MS: '1500' },
    });
    db = await w.openDb();
  });
  after(() => w.close());

  const order = (name: string) => `refs-it.myshopify.com:${name}-${Date.now()}`;
  const refs = () => db.collection<{ _id: string; orderId: string | null }>('shipment_refs');
  const watch = () => db.collection<{ _id: string; trackerId: string }>('tracking_watch');
  const statuses = (id: string) => w.events('tracking.updated', id).map((m) => m.payload.status);
  const fallbacks = (found: 'yes' | 'no') =>
    w.metric(`shipping_tracking_ref_fallbacks_total{found="${found}"}`);
  async function labelled(id: string) {
    await w.send('shipment.create', createBody(id));
    await waitFor(() => w.events('shipment.label_purchased', id).length > 0, { what: 'label' });
    const shipment = await db
      .collection<{ _id: string; easypostShipmentId?: string }>('shipments')
      .findOne({ _id: id });
    return {
      code: String(w.events('shipment.label_purchased', id)[0]?.payload.trackingCode),
      shipmentId: String(shipment?.easypostShipmentId),
    };
  }
  const advance = (code: string, status?: string) =>
    w.simCall(`/trackers/${code}/advance`, 'POST', status ? { status } : {});

  it('when a tracking webhook names a shipment, then the order is found by its ref, without scanning', async () => {
    const id = order('ref');
    const { code, shipmentId } = await labelled(id);
    assert.deepEqual(await refs().findOne({ _id: shipmentId }), { _id: shipmentId, orderId: id });
    const before = await fallbacks('yes');
    await advance(code, 'in_transit');
    await waitFor(() => statuses(id).includes('in_transit'), { what: 'in_transit' });
    assert.equal(await fallbacks('yes'), before);
  });

  it('when the ref is missing (a shipment older than refs), then the fallback finds the order, counts it and writes the ref', async () => {
    const id = order('legacy');
    // The label's first tracker webhook is dropped: this process never reads the ref (and
    // keeps it, shipment-refs.ts) before it is deleted, as for a shipment older than refs.
    w.sim.faults.set({ webhooks: { dropRate: 1 } });
    let labels: Awaited<ReturnType<typeof labelled>>;
    try {
      labels = await labelled(id);
      await w.sim.sender.idle();
    } finally {
      w.sim.faults.set({ webhooks: {} });
    }
    const { code, shipmentId } = labels;
    await refs().deleteOne({ _id: shipmentId });
    const before = await fallbacks('yes');
    await advance(code, 'in_transit');
    await waitFor(() => statuses(id).includes('in_transit'), { what: 'in_transit' });
    assert.equal(await fallbacks('yes'), before + 1);
    assert.deepEqual(await refs().findOne({ _id: shipmentId }), { _id: shipmentId, orderId: id });
  });

  it('when a tracker is not ours, then its webhooks are ignored and the shipments scanned once', async () => {
    const before = await fallbacks('no');
    const shipmentRef = `shp_foreign_${Date.now()}`;
    const event = (n: number) =>
      easypostJson({
        id: `evt_foreign_${n}_${Date.now()}`,
        description: 'tracker.updated',
        result: {
          id: 'trk_foreign',
          shipment_id: shipmentRef,
          tracking_code: '9400000',
          status: 'in_transit',
        },
      });
    for (const n of [1, 2]) {
      const body = event(n);
      const res = await fetch(`${w.baseUrl}/webhooks/easypost`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hmac-signature': signBody(body, w.config.EASYPOST_WEBHOOK_SECRET),
        },
        body,
      });
      assert.deepEqual(await res.json(), { received: true, ignored: 'unknown shipment' });
    }
    assert.equal(await fallbacks('no'), before + 1);
    assert.deepEqual(await refs().findOne({ _id: shipmentRef }), { _id: shipmentRef, orderId: null });
  });

  it('when a label is bought, then the poller follows the parcel from the watch and drops it once delivered', async () => {
    const id = order('watched');
    const { code } = await labelled(id);
    assert.ok(await watch().findOne({ _id: id }), 'watched from the label on');
    w.sim.faults.set({ webhooks: { dropRate: 1 } });
    try {
      await advance(code, 'delivered');
      await waitFor(() => statuses(id).includes('delivered'), {
        what: 'delivered by poll',
        timeoutMs: 15_000,
      });
      assert.equal(w.events('tracking.updated', id).at(-1)?.payload.source, 'poll');
    } finally {
      w.sim.faults.set({ webhooks: {} });
    }
    await waitFor(async () => !(await watch().findOne({ _id: id })), { what: 'watch entry dropped' });
  });

  it('when parcels were labelled before the watch existed, then the first start adds the live ones, once', async () => {
    const scratch = await mongoose
      .createConnection(`${infraUrls().mongo.replace(/\/$/, '')}/t_watch_${randomBytes(4).toString('hex')}`)
      .asPromise();
    try {
      const at = new Date();
      const base = { reference: 'r', history: [], createdAt: at, updatedAt: at, trackingCheckedAt: at };
      await scratch.collection('shipments').insertMany([
        { _id: 'live', status: 'purchased', trackingStatus: 'in_transit', trackerId: 'trk_1', ...base },
        { _id: 'done', status: 'purchased', trackingStatus: 'delivered', trackerId: 'trk_2', ...base },
        { _id: 'gone', status: 'cancelled', trackingStatus: 'unknown', trackerId: 'trk_3', ...base },
      ] as never[]);
      const watched = trackingWatch(scratch);
      assert.equal(await watched.backfill(shipmentModel(scratch), at), 1);
      assert.equal(await watched.backfill(shipmentModel(scratch), at), 0, 'runs once');
      assert.deepEqual(
        (await watched.due(at, 10)).map((e) => [e._id, e.trackerId]),
        [['live', 'trk_1']],
      );
    } finally {
      await scratch.dropDatabase().catch(() => {});
      await scratch.close();
    }
  });
});
