import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { Registry } from 'prom-client';
import { createMessaging, type Envelope, type Messaging } from '../src/index.ts';
import { authorizeBody, createHarness, type Harness, rawPublishCommand, tallyModel } from './harness.ts';

describe('outbox → relay → consumer', () => {
  let h: Harness;
  let producer: Messaging;
  let consumer: Messaging;
  const registry = new Registry();
  const seen: Envelope[] = [];

  before(async () => {
    h = await createHarness('msgflow');
    const base = { amqpUrl: h.amqpUrl, connection: h.connection, prefix: h.prefix, registry };
    producer = createMessaging({ ...base, service: 'orders', relay: { pollMs: 50 } });
    consumer = createMessaging({ ...base, service: 'payments', relay: { pollMs: 50 } });
    const payments = consumer.aggregate(tallyModel(h.connection, 'Payment'));
    consumer.handle('payment.authorize', async (msg, ctx) => {
      seen.push(msg);
      await ctx.apply(payments, msg.payload.orderId, {
        create: () => ({ count: 0 }),
        mutate: (doc) => {
          doc.count += 1;
          return [
            {
              type: 'payment.authorized',
              payload: {
                orderId: msg.payload.orderId,
                paymentIntentId: 'pi_1',
                amountMinor: 1999,
                currency: 'EUR',
              },
            },
          ];
        },
      });
    });
    await consumer.start();
    await producer.start();
  });

  after(async () => {
    await producer?.stop({ deadlineMs: 2_000 });
    await consumer?.stop({ deadlineMs: 2_000 });
    await h?.close();
  });

  it('when an aggregate emits a command, then the handler gets a validated envelope and its effect and event are stored', async () => {
    const orders = producer.aggregate(tallyModel(h.connection, 'Order'));
    await orders.apply('shop:1001', {
      key: 'webhook:1001',
      create: () => ({ count: 0 }),
      mutate: () => [{ type: 'payment.authorize', payload: authorizeBody('shop:1001') }],
    });
    const payment = await waitFor(
      () => h.connection.collection('payments').findOne({ _id: 'shop:1001' as never }),
      {
        what: 'payment aggregate',
      },
    );
    assert.equal(payment.count, 1);
    const msg = seen.find((m) => m.correlationId === 'shop:1001')!;
    assert.equal(msg.type, 'payment.authorize');
    assert.equal(msg.attempt, 1);
    assert.deepEqual(msg.payload, authorizeBody('shop:1001'));
    // The relay of the consumer publishes payment.authorized and empties the outbox.
    await waitFor(
      async () => {
        const doc = await h.connection.collection('payments').findOne({ _id: 'shop:1001' as never });
        return doc?.outbox.length === 0 && doc.outboxAt === null;
      },
      { what: 'payment outbox drained' },
    );
    const order = await h.connection.collection('orders').findOne({ _id: 'shop:1001' as never });
    assert.deepEqual(order?.outbox, []);
  });

  it('when the same message is delivered twice, then its effect happens once and the duplicate is counted', async () => {
    await producer.outbox.enqueue(
      'dup-test',
      [{ type: 'payment.authorize', payload: authorizeBody('shop:2002') }],
      {
        correlationId: 'shop:2002',
      },
    );
    await waitFor(() => seen.some((m) => m.correlationId === 'shop:2002'), { what: 'first delivery' });
    const first = seen.find((m) => m.correlationId === 'shop:2002')!;
    // Re-publish the very same logical message, as a relay crashing before "mark sent" would.
    const body = JSON.stringify(authorizeBody('shop:2002'));
    await rawPublishCommand(h, 'payment.authorize', body, {
      messageId: first.messageId,
      correlationId: 'shop:2002',
    });
    await waitFor(
      async () => {
        const metric = await registry.getSingleMetric('messaging_duplicates_skipped_total')?.get();
        return metric?.values.some((v) => v.labels.type === 'payment.authorize' && v.value >= 1);
      },
      { what: 'duplicate skipped' },
    );
    const payment = await h.connection.collection('payments').findOne({ _id: 'shop:2002' as never });
    assert.equal(payment?.count, 1);
    // The handler ran again, but its apply found the key in the aggregate: no second effect.
    // (At least twice: publishing is at-least-once, so the relay may add a copy of its own.)
    assert.ok(seen.filter((m) => m.correlationId === 'shop:2002').length >= 2);
  });

  it('when the service is healthy, then health says connected, to which node, and consuming', () => {
    const { node, ...health } = consumer.health();
    assert.deepEqual(health, { ok: true, connected: true, consuming: true, relay: { running: true } });
    assert.match(node ?? '', /^[\w.-]+:\d+$/, 'the node as host:port, without credentials');
  });
});
