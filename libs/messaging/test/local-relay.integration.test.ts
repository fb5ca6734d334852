import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { Registry } from 'prom-client';
import type { Messaging } from '../src/index.ts';
import { authorizeBody, createHarness, type Harness, tallyModel } from './harness.ts';

const published = async (registry: Registry) => {
  const metric = await registry.getSingleMetric('messaging_published_total')?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
};

describe('relay of this process’s own writes', () => {
  let h: Harness;
  let consumer: Messaging;
  const stopped: Messaging[] = [];
  const received: number[] = [];

  before(async () => {
    h = await createHarness('msglocal');
    consumer = h.messaging({
      registry: new Registry(),
      service: 'payments',
      prefetch: 1,
      concurrency: 1, // one at a time, so arrival order is publish order
      relay: { enabled: false },
    });
    consumer.handle('payment.authorize', async (msg) => {
      received.push(msg.payload.amountMinor);
    });
    await consumer.start();
  });

  after(async () => {
    for (const m of stopped) await m.stop({ deadlineMs: 2_000 });
    await consumer?.stop({ deadlineMs: 2_000 });
    await h?.close();
  });

  const producerOf = (registry: Registry, relay: { enabled?: boolean; pollMs?: number }) => {
    const m = h.messaging({ registry, service: 'orders', relay });
    stopped.push(m);
    return m;
  };

  it('when one aggregate is written 200 times while the relay publishes, then each message goes out once, in order, and the outbox ends empty', async () => {
    const registry = new Registry();
    const producer = producerOf(registry, { pollMs: 50 });
    const orders = producer.aggregate(tallyModel(h.connection, 'HotOrder'));
    await producer.start();
    const n = 200;
    // Bursts of concurrent writes to ONE document race the relay's publish-then-empty.
    for (let burst = 0; burst < n / 20; burst++) {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          orders.apply('shop:hot', {
            create: () => ({ count: 0 }),
            mutate: (doc) => {
              doc.count += 1;
              return [
                {
                  type: 'payment.authorize',
                  payload: { ...authorizeBody('shop:hot'), amountMinor: doc.count },
                },
              ];
            },
          }),
        ),
      );
    }
    await waitFor(() => received.length >= n, { what: `${n} deliveries`, timeoutMs: 60_000 });
    assert.deepEqual(
      received,
      Array.from({ length: n }, (_, i) => i + 1),
    );
    // No message was published twice (the inbox would hide a copy; the counter does not).
    assert.equal(await published(registry), n);
    const doc = await h.connection.collection('hotorders').findOne({ _id: 'shop:hot' as never });
    assert.deepEqual(doc?.outbox, []);
    assert.equal(doc?.outboxAt, null);
  });

  it('when the writing process runs no relay, then its write leaves a marker that another process’s relay publishes', async () => {
    received.length = 0;
    const writer = producerOf(new Registry(), { enabled: false });
    const relayer = producerOf(new Registry(), { pollMs: 50 });
    const model = tallyModel(h.connection, 'ColdOrder');
    const orders = writer.aggregate(model);
    relayer.aggregate(model);
    await writer.start();
    await relayer.start();
    await orders.apply('shop:cold', {
      create: () => ({ count: 0 }),
      mutate: () => [
        { type: 'payment.authorize', payload: { ...authorizeBody('shop:cold'), amountMinor: 7 } },
      ],
    });
    assert.equal(
      (await h.connection.collection('outbox_pending').countDocuments({ id: 'shop:cold' })) <= 1,
      true,
    );
    await waitFor(() => received.includes(7), { what: 'the marked message' });
    await waitFor(
      async () =>
        (await h.connection.collection('coldorders').findOne({ _id: 'shop:cold' as never }))?.outboxAt ===
        null,
      { what: 'cold outbox emptied' },
    );
  });
});
