import { setTimeout as sleep } from 'node:timers/promises';
import type { ChannelModel, ConsumeMessage } from 'amqplib';
import { HEADER, republishOptions } from './envelope.ts';
import type { Names } from './names.ts';
import type { Logger } from './options.ts';
import type { ConfirmedPublisher } from './publisher.ts';
import { QueueConsumer } from './queue-consumer.ts';

/** Held messages per tier and replica; the rest wait in the queue, due later than these. */
export const DEFAULT_TIER_PREFETCH = 256;

/**
 * The retry tiers of one work queue, without broker TTLs: a consumer per tier holds each
 * message (unacked) until its `x-retry-due-at`, publishes it back to the work queue with a
 * confirm, then acks the held copy. A process that dies or stops while holding returns its
 * messages to the tier, where another replica (or its restart) takes them and publishes
 * those already due at once; a publish confirmed whose ack was lost arrives twice, and the
 * inbox absorbs the second. Every message of a tier waits the same time, so the queue is in
 * due order and a consumer never holds one due later than those behind it.
 *
 * Why not TTL + dead-lettering (the usual RabbitMQ delay): with RabbitMQ 3.10, a quorum
 * queue whose leader was elected twice in quick succession kept its expired messages
 * without dead-lettering them until a node restart (ARCHITECTURE §2). A tier must also stay
 * below the broker's `consumer_timeout` (30 min by default), or the held delivery is
 * returned and taken again, late by nothing but the wait already spent.
 */
export function createRetryTiers(opts: {
  names: Names;
  tiersMs: number[];
  publisher: ConfirmedPublisher;
  logger: Logger;
  prefetch?: number;
  onChannelLost: () => void;
}) {
  const stopping = new AbortController();
  const prefetch = opts.prefetch ?? DEFAULT_TIER_PREFETCH;
  const consumers = opts.tiersMs.map(
    (tierMs) =>
      new QueueConsumer({
        queue: opts.names.retryQueue(tierMs),
        prefetch,
        concurrency: prefetch,
        logger: opts.logger,
        onChannelLost: opts.onChannelLost,
        process: async (msg) => {
          await dueAt(msg, stopping.signal);
          const { [HEADER.retryDueAt]: _due, ...headers } = msg.properties.headers ?? {};
          await opts.publisher.publish('', opts.names.queue, msg.content, republishOptions(msg, headers));
        },
      }),
  );
  return {
    attach: (model: ChannelModel) => Promise.all(consumers.map((c) => c.attach(model))),
    get consuming() {
      return consumers.every((c) => c.consuming);
    },
    /** Held messages go back to their tier at once: the waits are cut, not awaited. */
    async stop(deadlineMs: number) {
      stopping.abort();
      await Promise.all(consumers.map((c) => c.stop(deadlineMs)));
    },
  };
}

export type RetryTiers = ReturnType<typeof createRetryTiers>;

/** Resolves when the held message is due; rejects when the process stops first. */
function dueAt(msg: ConsumeMessage, signal: AbortSignal): Promise<void> {
  const wait = Number(msg.properties.headers?.[HEADER.retryDueAt] ?? 0) - Date.now();
  signal.throwIfAborted();
  return wait > 0 ? sleep(wait, undefined, { signal }) : Promise.resolve();
}
