import { randomBytes, randomUUID } from 'node:crypto';
import { startStripeSim } from '@commerce-sync/test/simulators/stripe/testing';
import { infraUrls, waitFor } from '@commerce-sync/test/support/infra';
import { devPublicKey } from '@commerce-sync/service-kit/dev-token';
import { createLogger } from '@commerce-sync/telemetry';
import { connect } from 'amqplib';
import mongoose from 'mongoose';
import { type PaymentsConfig, PaymentsConfigSchema } from '../config.ts';
import { startPayments } from '../service.ts';
import { deleteBrokerObjects } from '@commerce-sync/test/support/broker';

export interface SeenMessage {
  type: string;
  messageId: string;
  body: Record<string, unknown>;
}

/**
 * The payments service against the Stripe simulator, real RabbitMQ and the real Mongo-wire
 * server, isolated by a database name and a broker prefix; everything is removed by close().
 */
export async function startPaymentsHarness(overrides: Partial<PaymentsConfig> = {}) {
  const id = randomBytes(4).toString('hex');
  const urls = infraUrls();
  const prefix = `t_pay_${id}.`;
  const sim = await startStripeSim({ webhookRetryDelaysMs: [100, 300] });
  const config = PaymentsConfigSchema.parse({
    AMQP_URL: urls.amqp,
    MONGO_URL: urls.mongo,
    PAYMENTS_DB: `t_payments_${id}`,
    MESSAGING_PREFIX: prefix,
    PAYMENTS_PORT: '0',
    STRIPE_API_URL: sim.url,
    STRIPE_SECRET_KEY: 'sk_test_sim_fidelity',
    STRIPE_WEBHOOK_SECRET: 'whsec_sim_fidelity',
    STRIPE_TIMEOUT_MS: '400',
    ADMIN_JWT_PUBLIC_KEY: devPublicKey(),
    RECONCILE_CRON: '0 0 0 1 1 *',
    ...overrides,
  });
  const logger = createLogger({ service: 'payments-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const service = await startPayments(config, { logger, exitOnShutdown: false });
  await sim.control('PUT', '/webhook-url', { url: `http://127.0.0.1:${service.port}/webhooks/stripe` });

  const amqp = await connect(urls.amqp);
  const ch = await amqp.createConfirmChannel();
  const seen: SeenMessage[] = [];
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(queue, `${prefix}commerce.events`, 'payment.#');
  await ch.consume(queue, (m) => {
    if (!m) return;
    seen.push({
      type: String(m.properties.type),
      messageId: String(m.properties.messageId),
      body: JSON.parse(m.content.toString()),
    });
    ch.ack(m);
  });
  const db = await mongoose
    .createConnection(`${urls.mongo.replace(/\/$/, '')}/${config.PAYMENTS_DB}`)
    .asPromise();

  return {
    sim,
    service,
    config,
    seen,
    url: `http://127.0.0.1:${service.port}`,
    db,
    /** Publishes a command as the orders service would (its outbox relay). */
    async send(
      type: string,
      payload: { orderId: string } & Record<string, unknown>,
      messageId: string = randomUUID(),
      /** When the command was first sent (an old one stands for a late DLQ replay). */
      sentAt: Date = new Date(),
    ) {
      ch.publish(`${prefix}commerce.commands`, type, Buffer.from(JSON.stringify(payload)), {
        messageId,
        type,
        correlationId: payload.orderId,
        contentType: 'application/json',
        persistent: true,
        timestamp: Math.floor(sentAt.getTime() / 1000),
        headers: { 'x-schema-version': 1 },
      });
      await ch.waitForConfirms();
      return messageId;
    },
    /** Waits for the n-th event of `type` about `orderId`. */
    expectEvent(type: string, orderId: string, count = 1) {
      return waitFor(
        () => {
          const mine = seen.filter((s) => s.type === type && s.body.orderId === orderId);
          return mine.length >= count && mine[count - 1];
        },
        { what: `${type} for ${orderId}`, timeoutMs: 20_000 },
      );
    },
    /**
     * An intent Stripe holds that our records do not name (an earlier attempt whose record
     * write was lost, or one made by hand), created with the key our authorize would use.
     */
    intentBehindOurBack(orderId?: string) {
      return sim.stripe.paymentIntents.create(
        {
          amount: 2599,
          currency: 'usd',
          capture_method: 'manual',
          confirm: true,
          payment_method: 'pm_card_visa',
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          ...(orderId ? { metadata: { order_id: orderId } } : {}),
        },
        orderId ? { idempotencyKey: `${orderId}:authorize` } : {},
      );
    },
    events: (orderId: string) => seen.filter((s) => s.body.orderId === orderId).map((s) => s.type),
    /** The value of one /metrics line, e.g. `payments_stripe_events_total{outcome="unmatched"}` (0 when absent). */
    async metric(line: string) {
      const text = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
      const found = text.split('\n').find((l) => l.startsWith(line));
      return Number(found?.split(' ').at(-1) ?? 0);
    },
    /** The sum of a metric's series whose labels contain every fragment, e.g. `type="payment.void"`. */
    async metricSum(name: string, ...fragments: string[]) {
      const text = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`) && fragments.every((f) => l.includes(f)))
        .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    },
    stats: () => sim.control('GET', '/stats') as Promise<Record<string, Record<string, number>>>,
    async close() {
      await service.stop();
      await amqp.close().catch(() => {});
      await db.dropDatabase().catch(() => {});
      await db.close();
      await sim.close();
      await deleteBrokerObjects(urls.amqpManagement, prefix);
    },
  };
}
