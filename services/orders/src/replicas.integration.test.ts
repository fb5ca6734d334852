import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { MessageType } from '@commerce-sync/contracts';
import { infraUrls, waitFor } from '@commerce-sync/test/support/infra';
import amqp from 'amqplib';
import {
  createOrdersWorld,
  labelPurchased,
  type OrdersWorld,
  orderBody,
  SHOP,
} from './testing/orders-world.ts';

const ORDERS = 20;
const COMMANDS = ['payment.authorize', 'stock.reserve', 'payment.capture', 'shipment.create', 'stock.commit'];

/**
 * Two processes of the orders service on one queue and one database, as two replicas in
 * Kubernetes: every delivery, webhook and answer may land on either, or on both at once.
 */
describe('orders with two replicas', () => {
  let world: OrdersWorld;
  let second: { base: string; service: { handled(): number } };
  let channel: amqp.ConfirmChannel;
  let connection: amqp.ChannelModel;
  before(async () => {
    world = await createOrdersWorld();
    second = await world.startReplica();
    connection = await amqp.connect(infraUrls().amqp);
    channel = await connection.createConfirmChannel();
    // Every command as published, counted raw: no consumer's dedupe hides a second copy.
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const type of COMMANDS) await channel.bindQueue(queue, `${world.prefix}commerce.commands`, type);
    await channel.consume(queue, (m) => {
      if (!m) return;
      const key = `${m.properties.type} ${m.properties.correlationId}`;
      published.set(key, (published.get(key) ?? 0) + 1);
      channel.ack(m);
    });
  });
  const published = new Map<string, number>();
  const copies = (type: string, orderId: string) => published.get(`${type} ${orderId}`) ?? 0;
  after(async () => {
    await connection?.close().catch(() => {});
    await world?.close();
  });

  /** The same delivery (one message id) published `times` times: a redelivery to each replica. */
  async function publishTwice(type: MessageType, payload: Record<string, unknown>, times = 2) {
    const messageId = randomUUID();
    for (let i = 0; i < times; i++)
      channel.publish(`${world.prefix}commerce.events`, type, Buffer.from(JSON.stringify(payload)), {
        messageId,
        type,
        correlationId: String(payload.orderId),
        contentType: 'application/json',
        persistent: true,
        timestamp: Math.floor(Date.now() / 1000),
        headers: { 'x-schema-version': 1 },
      });
    await channel.waitForConfirms();
  }
  const outboxEmpty = async () =>
    (await world.db.collection('orders').countDocuments({ outboxAt: { $ne: null } })) === 0;
  it('when the same Shopify webhook reaches both replicas at once, then one order is made and authorised once', async () => {
    const order = { id: 920001 };
    const body = orderBody(order.id);
    const webhookId = `wh-two-replicas-${Date.now()}`;
    const answers = await Promise.all(
      [world.base, second.base, world.base, second.base].map((to) =>
        world.webhook('orders/create', body, { webhookId, to }),
      ),
    );
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 200, 200],
    );
    const orderId = `${SHOP}:${order.id}`;
    await waitFor(() => world.of(orderId, 'payment.authorize').length > 0, { what: 'payment.authorize' });
    await waitFor(outboxEmpty, { what: 'outbox emptied' });
    assert.equal(await world.db.collection('orders').countDocuments({ _id: orderId } as never), 1);
    assert.equal(copies('payment.authorize', orderId), 1);
    assert.equal(
      await world.db.collection('shopify_deliveries').countDocuments({ _id: webhookId } as never),
      1,
    );
  });

  it(`when ${ORDERS} orders' answers each reach both replicas, then every step applies once, in order, and both replicas work`, async () => {
    const ids = Array.from({ length: ORDERS }, () => {
      const o = world.storefront.placeOrder({
        lines: [{ sku: 'TEE-M', quantity: 1 }],
        paymentMethod: 'pm_card_visa',
      });
      return `${SHOP}:${o.id}`;
    });
    const sentForAll = (type: string) =>
      waitFor(() => ids.every((id) => world.of(id, type).length > 0), { timeoutMs: 60_000, what: type });
    const answerAll = (type: MessageType, body: (id: string) => object) =>
      Promise.all(ids.map((orderId) => publishTwice(type, { orderId, ...body(orderId) })));
    const money = { paymentIntentId: 'pi_1', amountMinor: 1, currency: 'USD' };
    const lines = { lines: [{ sku: 'TEE-M', quantity: 1 }] };

    await sentForAll('payment.authorize');
    await answerAll('payment.authorized', () => money);
    await sentForAll('stock.reserve');
    await answerAll('stock.reserved', () => lines);
    await sentForAll('payment.capture');
    await answerAll('payment.captured', () => money);
    await sentForAll('shipment.create');
    await answerAll('shipment.label_purchased', (id) => labelPurchased(id, `EZ${id.split(':')[1]}`));
    await sentForAll('stock.commit');
    await answerAll('stock.committed', () => lines);
    await waitFor(
      async () =>
        (await world.db.collection('orders').countDocuments({
          _id: { $in: ids as never[] },
          status: 'shipped',
          'facts.stock': 'committed',
        })) === ORDERS,
      { timeoutMs: 60_000, what: 'every order shipped, its stock committed' },
    );
    await waitFor(outboxEmpty, { timeoutMs: 30_000, what: 'outboxes emptied' });

    for (const id of ids) {
      for (const type of COMMANDS) assert.equal(copies(type, id), 1, `${type} of ${id} published once`);
      const order = await world.db.collection('orders').findOne({ _id: id } as never);
      const path = ((order?.timeline ?? []) as { event: string; to: string }[]).map(
        (t) => `${t.event}→${t.to}`,
      );
      assert.deepEqual(
        path,
        [
          'order.placed→authorizing',
          'payment.authorized→reserving',
          'stock.reserved→capturing',
          'payment.captured→fulfilling',
          'shipment.label_purchased→shipped',
          'stock.committed→shipped',
        ],
        id,
      );
    }
    const [first, other] = [world.service.handled(), second.service.handled()];
    console.log(`messages handled: replica 1 ${first}, replica 2 ${other}`);
    assert.ok(first > 0 && other > 0, `both replicas handled messages (${first}, ${other})`);
    // Each replica's /metrics counts its deliveries, as Prometheus scrapes it per pod.
    const metrics = await (await fetch(`${second.base}/metrics`)).text();
    assert.match(metrics, /^messaging_consumed_total\{[^}]*queue="[^"]*orders"/m);
  });
});
