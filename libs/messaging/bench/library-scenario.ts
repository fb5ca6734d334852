import type { Connection, Model } from 'mongoose';
import type { Registry } from 'prom-client';
import { createMessaging } from '../src/index.ts';
import { authorizeBody, type Tally } from '../test/harness.ts';
import { pool, type Result, until } from './bench-support.ts';

/**
 * (c) A webhook-like write creates an aggregate emitting `payment.authorize` (state + outbox
 * in one write), the relay publishes with confirms and marks it sent, the consumer's inbox
 * records the message, the handler runs.
 */
export async function libraryScenario(opts: {
  amqpUrl: string;
  connection: Connection;
  prefix: string;
  messages: number;
  parallel: number;
  prefetch: number;
  concurrency: number;
  batchSize: number;
  registry: Registry;
  model: Model<Tally>;
}): Promise<Result> {
  const base = {
    amqpUrl: opts.amqpUrl,
    connection: opts.connection,
    prefix: opts.prefix,
    registry: opts.registry,
  };
  const producer = createMessaging({
    ...base,
    service: 'orders',
    relay: { pollMs: 50, batchSize: opts.batchSize },
  });
  const consumer = createMessaging({
    ...base,
    service: 'payments',
    prefetch: opts.prefetch,
    concurrency: opts.concurrency,
    relay: { enabled: false },
  });
  const started = new Map<string, number>();
  const latencies: number[] = [];
  consumer.handle('payment.authorize', async (msg) => {
    latencies.push(performance.now() - started.get(msg.correlationId)!);
  });
  await consumer.start();
  await producer.start();
  const orders = producer.aggregate(opts.model);
  const t0 = performance.now();
  await pool(
    opts.messages,
    opts.parallel,
    async (i) => {
      const orderId = `bench:${i}`;
      started.set(orderId, performance.now());
      await orders.apply(orderId, {
        key: `webhook:${i}`,
        create: () => ({ count: 0 }),
        mutate: () => [{ type: 'payment.authorize', payload: authorizeBody(orderId) }],
      });
    },
    'library produce',
  );
  await until(() => latencies.length, opts.messages, 'library consume');
  const seconds = (performance.now() - t0) / 1000;
  await producer.stop({ deadlineMs: 5_000 });
  await consumer.stop({ deadlineMs: 5_000 });
  return {
    name: '(c) @commerce-sync/messaging end to end',
    messages: opts.messages,
    seconds,
    latenciesMs: latencies,
  };
}
