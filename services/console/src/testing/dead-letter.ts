import { randomUUID } from 'node:crypto';
import { namesFor } from '@commerce-sync/messaging';
import { infraUrls } from '@commerce-sync/test/support/infra';
import amqp from 'amqplib';
import type { OrdersWorld } from '../../../orders/src/testing/orders-world.ts';

/**
 * Puts a message the orders service cannot read (a body outside its contract) straight on
 * its queue: the consumer parks it in orders.dlq as SCHEMA_INVALID. The world's queues carry
 * the prefix its database is named after (orders-world.ts).
 */
export async function parkInOrdersDlq(world: OrdersWorld, type: string, body: object): Promise<string> {
  const { queue } = namesFor('orders', `${world.db.name}.`);
  const connection = await amqp.connect(infraUrls().amqp);
  try {
    const channel = await connection.createConfirmChannel();
    const messageId = randomUUID();
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(body)), {
      messageId,
      type,
      correlationId: String((body as { orderId?: string }).orderId ?? ''),
      contentType: 'application/json',
      persistent: true,
    });
    await channel.waitForConfirms();
    return messageId;
  } finally {
    await connection.close();
  }
}
