import { randomBytes, randomUUID } from 'node:crypto';
import type { MessageType, Payload } from '@commerce-sync/contracts';
import { EXCHANGES } from '@commerce-sync/contracts';
import { infraUrls, waitFor } from '@commerce-sync/test/support/infra';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import mongoose from 'mongoose';
import { type NotificationsConfig, NotificationsConfigSchema } from '../config.ts';
import { type RunningNotifications, startNotifications } from '../service.ts';
import { deleteBrokerObjects } from '@commerce-sync/test/support/broker';

export const TEST_SECRET = 'notifications-test-secret-0123456789-abcdefghij';

/** A test world: its own database and broker prefix; services started in it; all removed on close. */
export interface NotificationsHarness {
  id: string;
  config: NotificationsConfig;
  start(overrides?: Partial<NotificationsConfig>): Promise<RunningNotifications>;
  publish<T extends MessageType>(type: T, payload: Payload<T>, messageId?: string): Promise<string>;
  db: mongoose.Connection;
  close(): Promise<void>;
}

export async function createNotificationsHarness(
  suite: string,
  smtpUrl = infraUrls().smtp,
): Promise<NotificationsHarness> {
  const urls = infraUrls();
  const id = `${suite}_${randomBytes(4).toString('hex')}`;
  const config = NotificationsConfigSchema.parse({
    NOTIFICATIONS_PORT: '0',
    AMQP_URL: urls.amqp,
    MONGO_URL: urls.mongo,
    NOTIFICATIONS_DB: `t_${id}`,
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Commerce Sync Test <orders@commerce-sync.test>',
    TRACKING_TOKEN_SECRET: TEST_SECRET,
    PUBLIC_BASE_URL: 'http://127.0.0.1:3999',
    ADMIN_JWT_PUBLIC_KEY_FILE: 'libs/service-kit/dev-keys/admin-dev.public.pem',
    MESSAGING_PREFIX: `t_${id}.`,
    NOTIFICATIONS_RETRY_TIERS_MS: '300,1000,2000,3000,5000,8000,10000',
    LIVE_POLL_MS: '200',
    SHUTDOWN_DEADLINE_MS: '5000',
  });
  const running: RunningNotifications[] = [];
  const db = await mongoose
    .createConnection(`${urls.mongo.replace(/\/$/, '')}/${config.NOTIFICATIONS_DB}`)
    .asPromise();
  let amqp: ChannelModel | undefined;
  let channel: ConfirmChannel | undefined;
  return {
    id,
    config,
    db,
    async start(overrides = {}) {
      const svc = await startNotifications({ ...config, ...overrides }, { exitOnShutdown: false });
      running.push(svc);
      return svc;
    },
    async publish(type, payload, messageId = randomUUID()) {
      amqp ??= await connect(urls.amqp);
      channel ??= await amqp.createConfirmChannel();
      const exchange = `${config.MESSAGING_PREFIX}${EXCHANGES.events}`;
      await channel.assertExchange(exchange, 'topic', { durable: true });
      const correlationId = (payload as { orderId: string }).orderId;
      channel.publish(exchange, type, Buffer.from(JSON.stringify(payload)), {
        messageId,
        type,
        correlationId,
        contentType: 'application/json',
        persistent: true,
        timestamp: Math.floor(Date.now() / 1000),
      });
      await channel.waitForConfirms();
      return messageId;
    },
    async close() {
      await Promise.all(running.map((s) => s.stop().catch(() => {})));
      await amqp?.close().catch(() => {});
      await db.dropDatabase().catch(() => {});
      await db.close();
      await deleteBrokerObjects(urls.amqpManagement, config.MESSAGING_PREFIX);
    },
  };
}

/**
 * The saga takes several round trips with payments and inventory between order.placed and
 * the first email; a test that publishes them back to back waits for the order's name first.
 */
export async function waitForOrderName(h: NotificationsHarness, orderId: string): Promise<void> {
  await waitFor(() => h.db.collection<{ _id: string }>('tracking_fact_keys').findOne({ _id: orderId }), {
    what: 'the order name recorded',
  });
}
