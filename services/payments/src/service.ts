import { createDlqRouter, createMessaging } from '@commerce-sync/messaging';
import {
  adminAuth,
  connectMongo,
  createApp,
  createResilientHttp,
  runService,
  scheduleJob,
} from '@commerce-sync/service-kit';
import { createLogger, type Logger } from '@commerce-sync/telemetry';
import { redactOnRequest } from '@commerce-sync/privacy';
import { intentRefs } from './adapters/intent-refs.ts';
import { paymentModel } from './adapters/payment-model.ts';
import { pendingStripeEventModel, stripeEventModel } from './adapters/stripe-event-model.ts';
import { createStripeGateway } from './adapters/stripe-gateway.ts';
import { adminPublicKey, type PaymentsConfig } from './config.ts';
import { authorizePayment } from './handlers/authorize-payment.ts';
import { capturePayment } from './handlers/capture-payment.ts';
import type { PaymentDeps } from './handlers/deps.ts';
import { createReconciler } from './handlers/reconcile-payments.ts';
import { refundPayment } from './handlers/refund-payment.ts';
import { createStripeEventProcessor } from './handlers/stripe-event-processor.ts';
import { voidPayment } from './handlers/void-payment.ts';
import { paymentAdminRoutes } from './http/admin-routes.ts';
import { openApiDocument } from './http/openapi.ts';
import { getPaymentRoute } from './http/payments-route.ts';
import { stripeWebhookRoute } from './http/stripe-webhook-route.ts';
import type { Connection } from 'mongoose';

export interface RunningPayments {
  port: number;
  /** The service's own store connection (tests count its commands). */
  connection: Connection;
  /** Runs one reconciliation pass now (tests, operators). */
  reconcileNow(now?: Date): Promise<{ checked: number; corrected: number; nearExpiry: number }>;
  /** Runs one pass over webhook events recorded but not processed; the number processed. */
  recoverStripeEventsNow(now?: Date): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Builds and starts the payments service from a config object: Mongo, messaging, Stripe
 * gateway, handlers, webhook intake and processor, reconciliation cron, HTTP.
 */
export async function startPayments(
  config: PaymentsConfig,
  opts: { logger?: Logger; exitOnShutdown?: boolean } = {},
): Promise<RunningPayments> {
  const logger = opts.logger ?? createLogger({ service: 'payments' });
  const mongo = await connectMongo(config.MONGO_URL, { dbName: config.PAYMENTS_DB, logger });
  const messaging = createMessaging({
    service: 'payments',
    amqpUrl: config.AMQP_URL,
    connection: mongo.connection,
    prefix: config.MESSAGING_PREFIX,
    logger,
  });
  const Payments = paymentModel(mongo.connection);
  const Events = stripeEventModel(mongo.connection);
  const Pending = pendingStripeEventModel(mongo.connection);
  const intents = intentRefs(mongo.connection);
  await Promise.all([Payments.init(), Events.init(), Pending.init(), intents.model.init()]);
  const http = createResilientHttp({
    api: 'stripe',
    timeoutMs: config.STRIPE_TIMEOUT_MS,
    retries: config.STRIPE_RETRIES,
    logger,
    operationOf: (url, init) =>
      `${init.method ?? 'GET'} ${new URL(url).pathname.replace(/\/(pi|re|ch|cus)_[A-Za-z0-9]+/g, '/:id')}`,
  });
  const stripe = createStripeGateway({
    apiUrl: config.STRIPE_API_URL,
    secretKey: config.STRIPE_SECRET_KEY,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET,
    http,
  });
  const deps: PaymentDeps = {
    payments: messaging.aggregate(Payments, { remember: true }),
    stripe,
    clock: () => new Date(),
    onActionRequired: config.PAYMENTS_ON_ACTION_REQUIRED,
    logger,
  };

  // Every effect of a payment command is keyed: the payment's write by the message (apply),
  // Stripe's by the idempotency key. So no inbox read before a command (a round trip each).
  const keyed = { inboxRead: false };
  messaging.handle('payment.authorize', authorizePayment(deps), keyed);
  messaging.handle('payment.capture', capturePayment(deps), keyed);
  messaging.handle('payment.void', voidPayment(deps), keyed);
  messaging.handle('payment.refund', refundPayment(deps), keyed);
  // customers/redact and shop/redact (orders records this service's confirmation).
  messaging.handle(
    'customer.redaction_requested',
    redactOnRequest({ service: 'payments', db: () => mongo.connection.db }),
  );
  const processor = createStripeEventProcessor({
    ...deps,
    intents,
    events: Events,
    pending: Pending,
    recoveryMs: config.WEBHOOK_RECOVERY_MS,
  });
  const reconcileNow = createReconciler(deps, {
    staleMs: config.RECONCILE_STALE_MS,
    expiryWarningMs: config.AUTH_EXPIRY_WARNING_MS,
  });

  const requireAdmin = adminAuth({
    publicKey: adminPublicKey(config),
    jwksUrl: config.ADMIN_JWKS_URL || undefined,
    issuer: config.ADMIN_JWT_ISSUER,
    audience: config.ADMIN_JWT_AUDIENCE,
  });
  const app = createApp({
    service: 'payments',
    logger,
    trustProxy: config.TRUST_PROXY,
    readiness: [mongo.readiness, { name: 'rabbitmq', check: () => messaging.health() }],
    routes: (r) => {
      r.get('/openapi.json', (_req, res) => void res.json(openApiDocument()));
      r.post(
        '/webhooks/stripe',
        stripeWebhookRoute({
          events: Events,
          verify: stripe.verifyWebhook,
          settle: processor.settleNew,
          settleRepeat: processor.settleMarked,
          onIgnored: processor.countIgnored,
          logger,
        }),
      );
      r.get('/payments/:orderId', requireAdmin, getPaymentRoute(Payments));
      paymentAdminRoutes(r, {
        events: Events,
        pending: Pending,
        payments: Payments,
        intents,
        requireAdmin,
        onRequeued: (event) =>
          processor
            .settleMarked(event)
            .catch((err: unknown) =>
              logger.error({ eventId: event._id, err }, 'retried stripe event not settled'),
            ),
      });
      r.use('/admin/dlq', requireAdmin, createDlqRouter(messaging.dlq));
    },
  });

  await messaging.start();
  processor.start();
  const job = scheduleJob({
    name: 'payments-reconcile',
    cron: config.RECONCILE_CRON,
    connection: mongo.connection,
    logger,
    run: ({ date }) => reconcileNow(date),
  });
  const cleanup = scheduleJob({
    name: 'payments-inbox-cleanup',
    cron: '0 17 3 * * *',
    connection: mongo.connection,
    logger,
    run: () => messaging.cleanup({ inboxOlderThanMs: 14 * 86_400_000, sentOlderThanMs: 86_400_000 }),
  });
  const running = await runService({
    service: 'payments',
    logger,
    app,
    port: config.PAYMENTS_PORT,
    host: config.HTTP_HOST,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    exit: opts.exitOnShutdown ?? true,
    shutdownHooks: [
      { name: 'cron', run: () => Promise.all([job.stop(), cleanup.stop()]) },
      { name: 'webhook-processor', run: () => processor.stop() },
      { name: 'messaging', run: () => messaging.stop({ deadlineMs: config.SHUTDOWN_DEADLINE_MS / 2 }) },
      { name: 'mongo', run: () => mongo.close() },
    ],
  });
  return {
    port: running.port,
    connection: mongo.connection,
    reconcileNow: (now = new Date()) => reconcileNow(now),
    recoverStripeEventsNow: (now = new Date()) => processor.recover(now),
    stop: () => running.shutdown('stop()'),
  };
}
