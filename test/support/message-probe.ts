import { randomUUID } from 'node:crypto';
import type { MessageType } from '@commerce-sync/contracts';
import { createMessaging, type Envelope } from '@commerce-sync/messaging';
import mongoose from 'mongoose';

/** Stands in for the other services in a service's integration tests. */
export interface MessageProbe {
  /** Every watched message received, in arrival order. */
  seen: Envelope<Record<string, unknown>>[];
  /** Sends as the service that owns `type` would (outbox → exchange), keyed uniquely. */
  emit(type: MessageType, payload: Record<string, unknown>): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A messaging endpoint named `probe` on the test's prefix, with a database of its own
 * (`t_<id>_probe`), recording the `watch`ed types; short retry tier so a test never waits.
 */
export async function startMessageProbe(opts: {
  urls: { amqp: string; mongo: string };
  id: string;
  prefix: string;
  watch: readonly MessageType[];
}): Promise<MessageProbe> {
  const db = await mongoose
    .createConnection(`${opts.urls.mongo.replace(/\/$/, '')}/t_${opts.id}_probe`)
    .asPromise();
  const seen: Envelope<Record<string, unknown>>[] = [];
  const probe = createMessaging({
    service: 'probe',
    amqpUrl: opts.urls.amqp,
    connection: db,
    prefix: opts.prefix,
    retryTiersMs: [200],
  });
  for (const type of opts.watch)
    probe.handle(type, async (msg) => void seen.push(msg as Envelope<Record<string, unknown>>));
  await probe.start();
  return {
    seen,
    emit: (type, payload) =>
      probe.outbox.enqueue(`${type}:${randomUUID()}`, [
        { type, payload, correlationId: String(payload.orderId) } as never,
      ]),
    async close() {
      await probe.stop({ deadlineMs: 2000 });
      await db.dropDatabase().catch(() => {});
      await db.close();
    },
  };
}
