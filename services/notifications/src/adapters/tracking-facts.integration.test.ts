import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { infraUrls } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { trackingUpdated } from '../testing/order-events.ts';
import { createTrackingFacts, type TrackingFacts } from './tracking-facts.ts';

describe('notifications: tracking facts, one write each', () => {
  let db: mongoose.Connection;
  let facts: TrackingFacts;
  before(async () => {
    const name = `t_notif_facts_${randomBytes(4).toString('hex')}`;
    db = await mongoose.createConnection(`${infraUrls().mongo.replace(/\/$/, '')}/${name}`).asPromise();
    facts = createTrackingFacts(db);
    await facts.init();
  });
  after(async () => {
    await db.dropDatabase().catch(() => {});
    await db.close();
  });

  it('when a fact comes again, then it is kept once and the second record says so', async () => {
    const orderId = 'facts.test:1';
    const fact = { kind: 'tracking' as const, fact: trackingUpdated('in_transit', { orderId }) };
    assert.equal(await facts.record(fact), true);
    assert.equal(await facts.record(fact), false);
    assert.equal((await facts.versions([orderId])).get(orderId), 1);
    assert.equal((await facts.one(orderId))?.version, 1);
  });

  it('when the first facts of an order arrive together, then every one is kept', async () => {
    const orderId = 'facts.test:2';
    const all = Array.from({ length: 8 }, (_, i) => ({
      kind: 'tracking' as const,
      fact: trackingUpdated('in_transit', { orderId, at: `2026-03-02T08:00:0${i}.000Z` }),
    }));
    const results = await Promise.all([...all, ...all].map((f) => facts.record(f)));
    assert.equal(results.filter(Boolean).length, 8, 'each new once');
    assert.equal((await facts.one(orderId))?.version, 8);
  });

  it('when an order has facts recorded before they were kept on its document, then the view has both', async () => {
    const orderId = 'facts.test:3';
    const earlier = trackingUpdated('in_transit', { orderId, at: '2026-03-02T08:00:00.000Z' });
    const key = `${orderId}|tracking|in_transit|${earlier.at}|`;
    // What the earlier version wrote: a fact document, and its key on the order's document.
    await db.collection<Record<string, unknown> & { _id: string }>('tracking_facts').insertOne({
      _id: key,
      orderId,
      at: earlier.at,
      fact: { kind: 'tracking', fact: earlier },
    });
    await db
      .collection<Record<string, unknown> & { _id: string }>('tracking_fact_keys')
      .insertOne({ _id: orderId, keys: [key] });
    assert.equal(await facts.record({ kind: 'tracking', fact: earlier }), false, 'known already');
    const later = trackingUpdated('out_for_delivery', { orderId, at: '2026-03-03T07:00:00.000Z' });
    assert.equal(await facts.record({ kind: 'tracking', fact: later }), true);
    const view = await facts.one(orderId);
    assert.equal(view?.version, 2);
    assert.equal((await facts.versions([orderId])).get(orderId), 2);
  });
});
