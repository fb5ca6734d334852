import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { Registry } from 'prom-client';
import { createMessaging, type Messaging } from '../src/index.ts';
import {
  authorizeBody,
  createHarness,
  type Harness,
  rawPublishCommand,
  startWorker,
  tallyModel,
} from './harness.ts';

const tally = (h: Harness, id: string) => h.connection.collection('payments').findOne({ _id: id as never });
const runsOf = (h: Harness, orderId: string) => h.connection.collection('runs').countDocuments({ orderId });

describe('crashes', () => {
  let h: Harness;
  let admin: Messaging;

  before(async () => {
    h = await createHarness('msgcrash');
    // Declares the payments topology (delivery limit 2) and lets the test read the DLQ.
    admin = createMessaging({
      service: 'payments',
      amqpUrl: h.amqpUrl,
      connection: h.connection,
      prefix: h.prefix,
      deliveryLimit: 2,
      registry: new Registry(),
      relay: { enabled: false },
    });
    admin.handle('payment.authorize', async () => {
      throw new Error('the test process never consumes');
    });
    await admin.start();
    await admin.stop({ deadlineMs: 1_000 });
  });

  after(() => h?.close());

  it('when the consumer is SIGKILLed after its effect and before the ack, then the redelivery is absorbed', async () => {
    const first = await startWorker(h, { ROLE: 'consumer', HANG: 'after-apply', DELIVERY_LIMIT: '2' });
    await rawPublishCommand(h, 'payment.authorize', JSON.stringify(authorizeBody('shop:kill')), {
      correlationId: 'shop:kill',
    });
    await waitFor(async () => (await tally(h, 'shop:kill'))?.count === 1, { what: 'effect before the kill' });
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startWorker(h, { ROLE: 'consumer', DELIVERY_LIMIT: '2' });
    try {
      await waitFor(async () => (await runsOf(h, 'shop:kill')) === 2, { what: 'redelivery handled' });
      assert.equal((await tally(h, 'shop:kill'))?.count, 1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('when a message crashes its consumer every time, then it is parked after the delivery limit', async () => {
    await rawPublishCommand(h, 'payment.authorize', JSON.stringify(authorizeBody('shop:poison')), {
      correlationId: 'shop:poison',
    });
    const parked = async () =>
      (await admin.dlq.list()).entries.find((e) => e.correlationId === 'shop:poison') ?? false;
    for (let restart = 0; restart < 6 && !(await parked()); restart++) {
      const worker = await startWorker(h, { ROLE: 'consumer', POISON: '1', DELIVERY_LIMIT: '2' }).catch(
        () => null,
      );
      if (worker) await Promise.race([worker.exited, waitFor(parked, { timeoutMs: 5_000 }).catch(() => {})]);
      worker?.child.kill('SIGKILL');
    }
    const entry = await waitFor(parked, { what: 'poison parked' });
    assert.equal(entry.reason, 'delivery_limit');
    assert.ok((await runsOf(h, 'shop:poison')) >= 2);
  });

  it('when the relay is killed after publishing and before marking sent, then the re-publish is absorbed', async () => {
    const producer = createMessaging({
      service: 'orders',
      amqpUrl: h.amqpUrl,
      connection: h.connection,
      prefix: h.prefix,
      registry: new Registry(),
      relay: { enabled: false },
    });
    const orders = producer.aggregate(tallyModel(h.connection, 'Order'));
    await orders.apply('shop:relay', {
      key: 'webhook:relay',
      create: () => ({ count: 0 }),
      mutate: () => [{ type: 'payment.authorize', payload: authorizeBody('shop:relay') }],
    });
    const consumer = await startWorker(h, { ROLE: 'consumer', DELIVERY_LIMIT: '2' });
    const doomed = await startWorker(h, { ROLE: 'relay', KILL_BEFORE_MARK: '1' });
    await doomed.exited;
    const order = await h.connection.collection('orders').findOne({ _id: 'shop:relay' as never });
    assert.equal(order?.outbox.length, 1, 'still unmarked after the kill');
    const relay = await startWorker(h, { ROLE: 'relay' });
    try {
      await waitFor(
        async () =>
          (await h.connection.collection('orders').findOne({ _id: 'shop:relay' as never }))?.outboxAt ===
          null,
        { what: 'outbox marked sent by the restarted relay' },
      );
      await waitFor(() => consumer.output().includes('duplicate skipped'), { what: 'duplicate absorbed' });
    } finally {
      relay.child.kill('SIGTERM');
      await relay.exited;
      consumer.child.kill('SIGTERM');
      await consumer.exited;
    }
    assert.match(consumer.output(), /duplicates=1/);
    assert.equal(await runsOf(h, 'shop:relay'), 2, 'the handler saw the duplicate');
    assert.equal((await tally(h, 'shop:relay'))?.count, 1);
  });
});
