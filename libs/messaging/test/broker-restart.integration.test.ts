import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { Registry } from 'prom-client';
import { type AggregateStore, createMessaging, type Messaging } from '../src/index.ts';
import { authorizeBody, createHarness, type Harness, type Tally, tallyModel } from './harness.ts';
import { privateInfra } from './private-infra.ts';

const ORDERS = 200;
const PER_ORDER = 10;
const PARALLEL = 8;

describe('broker restart under load', () => {
  let h: Harness;
  let producer: Messaging;
  let consumer: Messaging;
  let handlerRuns = 0;
  let producing: Promise<unknown> = Promise.resolve();
  let aborted = false;

  before(async () => {
    await privateInfra.infra('up', 'rabbit', 'mongo');
    h = await createHarness('msgrestart', {
      amqp: privateInfra.amqpUrl,
      amqpManagement: privateInfra.managementUrl,
      mongo: privateInfra.mongoUrl,
    });
    const base = { amqpUrl: h.amqpUrl, connection: h.connection, prefix: h.prefix, registry: new Registry() };
    producer = createMessaging({ ...base, service: 'orders', relay: { pollMs: 50 } });
    consumer = createMessaging({ ...base, service: 'payments', relay: { enabled: false } });
    const tallies = consumer.aggregate(tallyModel(h.connection, 'Payment'));
    consumer.handle('payment.authorize', async (msg, ctx) => {
      handlerRuns++;
      await ctx.apply(tallies, msg.correlationId, {
        create: () => ({ count: 0 }),
        mutate: (doc) => {
          doc.count += 1;
          return undefined;
        },
      });
    });
    await consumer.start();
    await producer.start();
  });

  after(async () => {
    // No write may still be running when the database is dropped.
    aborted = true;
    await producing.catch(() => {});
    await producer?.stop({ deadlineMs: 2_000 });
    await consumer?.stop({ deadlineMs: 2_000 });
    await h?.close();
    await privateInfra.infra('down', 'rabbit', 'mongo');
  });

  /** 2,000 webhook-like writes, each emitting one command, PARALLEL at a time. */
  async function produce(orders: AggregateStore<Tally>) {
    const jobs = Array.from({ length: ORDERS * PER_ORDER }, (_, n) => n);
    const worker = async () => {
      for (let n = jobs.shift(); n !== undefined && !aborted; n = jobs.shift()) {
        const orderId = `shop:${n % ORDERS}`;
        await orders.apply(orderId, {
          key: `webhook:${n}`,
          create: () => ({ count: 0 }),
          mutate: () => [{ type: 'payment.authorize', payload: authorizeBody(orderId) }],
        });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  }

  const effects = async () => {
    const rows = await h.connection
      .collection('payments')
      .find({}, { projection: { count: 1 } })
      .toArray();
    return rows.reduce((sum, r) => sum + (r.count as number), 0);
  };

  it('when RabbitMQ restarts while 2,000 messages flow, then every effect happens exactly once', async () => {
    producing = produce(producer.aggregate(tallyModel(h.connection, 'Order')));
    await waitFor(async () => (await effects()) >= 300, { what: 'flow under way', timeoutMs: 60_000 });
    await privateInfra.infra('rabbit-restart', 'rabbit');
    await producing;
    await waitFor(async () => (await effects()) >= ORDERS * PER_ORDER, {
      what: 'all 2,000 effects',
      timeoutMs: 180_000,
      intervalMs: 500,
    });
    const wrong = await h.connection
      .collection('payments')
      .find({ count: { $ne: PER_ORDER } })
      .toArray();
    assert.deepEqual(wrong, [], 'every order got each of its messages once');
    await waitFor(
      async () => (await h.connection.collection('orders').countDocuments({ outboxAt: { $ne: null } })) === 0,
      {
        what: 'every outbox marked sent',
        timeoutMs: 60_000,
      },
    );
    assert.equal((await consumer.dlq.list()).total, 0);
    await waitFor(() => consumer.health().ok, { what: 'consumer healthy again' });
    console.log(`handler runs ${handlerRuns} for ${ORDERS * PER_ORDER} messages`);
  });
});
