import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { type CommandTally, tallyCommands } from '@commerce-sync/test/support/store-commands';
import mongoose, { type Connection } from 'mongoose';
import { Registry } from 'prom-client';
import { createMessaging, type Messaging } from '../src/index.ts';
import { authorizeBody, createHarness, type Harness, tallyModel } from './harness.ts';

const ORDERS = 200;

/**
 * The store round trips a consumed message costs, counted by the driver's command events
 * on the consumer's own connection: two of its own (read the aggregate; write state, key
 * and outbox in one update), and a share of the relay's one bulk write per round that
 * empties the outboxes it published. Each message here emits one event, as a saga step does.
 */
describe('store round trips per consumed message', () => {
  let h: Harness;
  let consumerDb: Connection;
  let producer: Messaging;
  let consumer: Messaging;
  let handled = 0;
  let tally: CommandTally;

  before(async () => {
    h = await createHarness('msgtrips');
    consumerDb = await mongoose.createConnection(h.mongoUrl, { monitorCommands: true }).asPromise();
    tally = tallyCommands(consumerDb.getClient());
    producer = h.messaging({ registry: new Registry(), service: 'orders' });
    // The consumer on a connection of its own: only its commands are counted.
    consumer = createMessaging({
      service: 'payments',
      amqpUrl: h.amqpUrl,
      connection: consumerDb,
      prefix: h.prefix,
      registry: new Registry(),
    });
    const payments = consumer.aggregate(tallyModel(consumerDb, 'Payment'));
    consumer.handle(
      'payment.authorize',
      async (msg, ctx) => {
        await ctx.apply(payments, msg.payload.orderId, {
          create: () => ({ count: 0 }),
          mutate: (doc) => {
            doc.count += 1;
            const { orderId, amountMinor, currency } = msg.payload;
            return [
              {
                type: 'payment.authorized',
                payload: { orderId, paymentIntentId: 'pi_1', amountMinor, currency },
              },
            ];
          },
        });
        handled++;
      },
      { inboxRead: false },
    );
    await consumer.start();
    await producer.start();
  });

  after(async () => {
    await producer?.stop({ deadlineMs: 2_000 });
    await consumer?.stop({ deadlineMs: 2_000 });
    tally?.close();
    await consumerDb?.close();
    await h?.close();
  });

  it('when 200 messages each change an aggregate and emit an event, then each costs at most 2 store round trips', async () => {
    // Warm up (indexes, the relay's start sweep and heartbeat), then count.
    await producer.outbox.enqueue(
      'warm',
      [{ type: 'payment.authorize', payload: authorizeBody('shop:warm') }],
      {
        correlationId: 'shop:warm',
      },
    );
    await waitFor(() => handled === 1, { what: 'the warm-up message' });
    tally.start();
    const orders = producer.aggregate(tallyModel(h.connection, 'Order'));
    await Promise.all(
      Array.from({ length: ORDERS }, (_, i) =>
        orders.apply(`shop:${i}`, {
          key: `webhook:${i}`,
          create: () => ({ count: 0 }),
          mutate: () => [{ type: 'payment.authorize', payload: authorizeBody(`shop:${i}`) }],
        }),
      ),
    );
    await waitFor(() => handled === ORDERS + 1, { timeoutMs: 60_000, what: 'every message handled' });
    await waitFor(
      async () => (await consumerDb.collection('payments').countDocuments({ outboxAt: { $ne: null } })) === 0,
      { timeoutMs: 30_000, what: 'every emitted event published and its outbox emptied' },
    );
    tally.stop();
    // The check above (a count, sent as `aggregate`) is the test's own command.
    const single = tally.own((kind) => kind.startsWith('aggregate '));
    const batched = tally.relayRounds();
    assert.ok(
      single / ORDERS <= 2,
      `${(single / ORDERS).toFixed(2)} round trips of its own per message: ${tally.describe()}`,
    );
    // The outboxes of a relay round are emptied together: a small share per message.
    assert.ok(
      batched / ORDERS <= 0.25,
      `${batched} relay-round writes for ${ORDERS} messages: ${tally.describe()}`,
    );
  });
});
