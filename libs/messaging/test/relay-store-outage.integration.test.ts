import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Collection } from 'mongodb';
import { Registry } from 'prom-client';
import { createMetrics } from '../src/metrics.ts';
import { namesFor } from '../src/names.ts';
import { relayDefaults, silentLogger } from '../src/options.ts';
import { OutboxRelay, type RelayDeps } from '../src/outbox-relay.ts';
import { toOutboxRecord } from '../src/outbox-record.ts';
import type { PendingMarkers } from '../src/pending-markers.ts';
import { authorizeBody, createHarness, type Harness } from './harness.ts';

/**
 * The relay's round when the store goes away between taking this process's writes from
 * memory and polling the markers (a database restart under load, as the soak does).
 */
describe('outbox relay across a store outage', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness('msgoutage');
  });
  after(() => h?.close());

  it('when the marker poll fails, then the writes the round took go back to memory and the next round publishes them', async () => {
    const orders = h.connection.collection('orders') as unknown as Collection;
    const record = toOutboxRecord(
      { type: 'payment.authorize', payload: authorizeBody('shop:outage') },
      { correlationId: 'shop:outage' },
    );
    await orders.insertOne({
      _id: 'shop:outage' as never,
      version: 1,
      outbox: [record],
      outboxAt: new Date(),
    });

    const published: string[] = [];
    let storeAway = true;
    const markers = {
      // Polled while the store is away, as the relay's first round after the write does.
      oldest: async () => {
        if (storeAway) throw new Error('connect ECONNREFUSED (the store is restarting)');
        return [];
      },
      remove: async () => {},
      mark: async () => {
        throw new Error('connect ECONNREFUSED (the store is restarting)');
      },
    } as unknown as PendingMarkers;
    const relay = new OutboxRelay({
      publisher: {
        publish: async (_exchange: string, type: string) => void published.push(type),
      } as unknown as RelayDeps['publisher'],
      names: namesFor('orders', h.prefix),
      options: relayDefaults({}),
      metrics: createMetrics(new Registry()),
      logger: silentLogger,
      markers,
      relays: h.connection.collection('outbox_relays') as unknown as RelayDeps['relays'],
    });
    relay.add(orders);
    relay.noteWrite(orders, 'shop:outage');

    await assert.rejects(relay.flushOnce(), /ECONNREFUSED/);
    assert.deepEqual(published, []);
    storeAway = false;
    assert.equal(await relay.flushOnce(), 1);
    assert.deepEqual(published, ['payment.authorize']);
    const doc = await orders.findOne({ _id: 'shop:outage' as never });
    assert.deepEqual(doc?.outbox, []);
  });
});
