import type { Channel } from 'amqplib';
import type { Names } from './names.ts';

export interface TopologySpec {
  names: Names;
  retryTiersMs: number[];
  deliveryLimit: number;
  /** Types this consumer handles, by the exchange they arrive on. */
  commandTypes: string[];
  eventTypes: string[];
}

/**
 * Quorum queues dead-letter at-least-once only with `reject-publish` overflow; otherwise a
 * broker crash between "expire/limit" and "arrive in the target" could drop the message.
 * https://www.rabbitmq.com/docs/quorum-queues#dead-lettering
 */
function deadLetterTo(queue: string): Record<string, unknown> {
  return {
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': queue,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/** Declares exchanges, work queue, retry tiers and DLQ. Idempotent: run on every (re)connect. */
export async function declareTopology(ch: Channel, spec: TopologySpec): Promise<void> {
  const { names } = spec;
  await ch.assertExchange(names.events, 'topic', { durable: true });
  await ch.assertExchange(names.commands, 'direct', { durable: true });
  if (spec.commandTypes.length + spec.eventTypes.length === 0) return; // a publisher only
  await ch.assertQueue(names.dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await ch.assertQueue(names.queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      // A message that kills its consumer every time is parked after this many deliveries.
      'x-delivery-limit': spec.deliveryLimit,
      ...deadLetterTo(names.dlq),
    },
  });
  // No TTL and no dead-lettering on the retry tiers: the library's own consumer holds each
  // message until it is due and publishes it back (retry-tier.ts). RabbitMQ 3.10 could leave
  // expired messages of a quorum queue undelivered after two leader elections.
  for (const tierMs of spec.retryTiersMs) {
    await ch.assertQueue(names.retryQueue(tierMs), {
      durable: true,
      arguments: { 'x-queue-type': 'quorum' },
    });
  }
  for (const type of spec.commandTypes) await ch.bindQueue(names.queue, names.commands, type);
  for (const type of spec.eventTypes) await ch.bindQueue(names.queue, names.events, type);
}
