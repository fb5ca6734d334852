import { createDlqRouter, createMessaging } from '@commerce-sync/messaging';
import { adminAuth, connectMongo, createApp, runService, scheduleJob } from '@commerce-sync/service-kit';
import { createLogger, type Logger } from '@commerce-sync/telemetry';
import { redactOnRequest } from '@commerce-sync/privacy';
import type { Connection } from 'mongoose';
import { adminPublicKey, type ShippingConfig } from './config.ts';
import { createEasyPostCourier } from './adapters/courier.ts';
import { shipmentModel } from './adapters/shipment-model.ts';
import { shipmentRefs } from './adapters/shipment-refs.ts';
import { trackingWatch } from './adapters/tracking-watch.ts';
import { cancelShipment } from './handlers/cancel-shipment.ts';
import { createShipment } from './handlers/create-shipment.ts';
import { createTrackingRecorder } from './handlers/tracking-recorder.ts';
import { easypostWebhook } from './http/easypost-webhook.ts';
import { openApiDocument } from './http/openapi.ts';
import { failedLabelRefunds, getShipment, givenUpTrackers, retryTracker } from './http/shipment-routes.ts';
import { pollSilentTrackers } from './jobs/tracking-poller.ts';

export interface RunningShipping {
  port: number;
  /** The service's own store connection (tests count its commands). */
  connection: Connection;
  stop(): Promise<void>;
}

/**
 * Builds and starts the shipping service from a config object: MongoDB, messaging with the
 * two command handlers, the EasyPost webhook, the admin routes and the tracking poller.
 * `exit: false` keeps the process alive on stop (tests, in-process stacks).
 */
export async function startShipping(
  config: ShippingConfig,
  opts: { logger?: Logger; exit?: boolean } = {},
): Promise<RunningShipping> {
  const logger = opts.logger ?? createLogger({ service: 'shipping' });
  const mongo = await connectMongo(config.MONGO_URL, { dbName: config.MONGO_DB, logger });
  const messaging = createMessaging({
    service: 'shipping',
    amqpUrl: config.AMQP_URL,
    connection: mongo.connection,
    prefix: config.MESSAGING_PREFIX,
    retryTiersMs: config.RETRY_TIERS_MS,
    logger,
  });
  const model = shipmentModel(mongo.connection);
  await model.syncIndexes();
  const shipments = messaging.aggregate(model, { remember: true });
  const refs = shipmentRefs(mongo.connection, model);
  const watch = trackingWatch(mongo.connection);
  const watched = await watch.backfill(model, new Date());
  if (watched > 0) logger.info({ watched }, 'parcels labelled before the tracking watch added to it');
  const courier = createEasyPostCourier({
    apiUrl: config.EASYPOST_API_URL,
    apiKey: config.EASYPOST_API_KEY,
    webhookSecret: config.EASYPOST_WEBHOOK_SECRET,
    timeoutMs: config.EASYPOST_TIMEOUT_MS,
    logger,
  });
  const recorder = createTrackingRecorder({ shipments });
  const label = {
    shipments,
    courier,
    refs,
    shipFrom: config.SHIP_FROM,
    boxes: config.PACKAGING,
  };
  // Writers of one order's record (create, cancel, the tracking recorder) may run at once, in
  // this process or on another replica: each write is version-guarded (commit.ts).
  const create = createShipment({
    ...label,
    policy: config.RATE_POLICY,
    allowlist: config.CARRIER_ALLOWLIST,
    watch,
    logger,
  });
  // No inbox read or mark: the handler's final write carries its key on the record, every
  // step before it is idempotent (courier id recorded before buying, buy-once, keyed writes),
  // and a redelivery of a command that failed for good is absorbed by that key (create-shipment.ts).
  messaging.handle('shipment.create', create, { inboxRead: false });
  messaging.handle('shipment.cancel', cancelShipment({ shipments, courier }));
  // customers/redact and shop/redact (orders records this service's confirmation).
  messaging.handle(
    'customer.redaction_requested',
    redactOnRequest({ service: 'shipping', db: () => mongo.connection.db }),
  );
  await messaging.start();

  const requireAdmin = adminAuth({
    publicKey: adminPublicKey(config),
    jwksUrl: config.ADMIN_JWKS_URL || undefined,
  });
  const app = createApp({
    service: 'shipping',
    logger,
    trustProxy: config.TRUST_PROXY,
    readiness: [mongo.readiness, { name: 'rabbitmq', check: () => messaging.health() }],
    routes: (r) => {
      r.get('/openapi.json', (_req, res) => void res.json(openApiDocument()));
      r.post('/webhooks/easypost', easypostWebhook({ courier, recorder, refs, logger }));
      r.get('/shipments/:orderId', requireAdmin, getShipment(model));
      r.get('/admin/label-refunds', requireAdmin, failedLabelRefunds(model));
      r.get('/admin/trackers', requireAdmin, givenUpTrackers(watch, model));
      r.post('/admin/trackers/:orderId/retry', requireAdmin, retryTracker(watch));
      r.use('/admin/dlq', requireAdmin, createDlqRouter(messaging.dlq));
    },
  });
  const poller = scheduleJob({
    name: 'shipping-tracking-poller',
    cron: config.TRACKING_POLL_CRON,
    connection: mongo.connection,
    logger,
    run: ({ date }) =>
      pollSilentTrackers(
        {
          model,
          watch,
          courier,
          recorder,
          logger,
          silenceMs: config.TRACKING_SILENCE_MS,
          giveUpAfterMs: config.TRACKING_GIVE_UP_MS,
        },
        date,
      ),
  });
  const cleanup = scheduleJob({
    name: 'shipping-messaging-cleanup',
    cron: '0 17 3 * * *',
    connection: mongo.connection,
    logger,
    run: () => messaging.cleanup({ inboxOlderThanMs: 14 * 86_400_000, sentOlderThanMs: 86_400_000 }),
  });
  const running = await runService({
    service: 'shipping',
    logger,
    app,
    port: config.SHIPPING_PORT,
    host: config.HTTP_HOST,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    exit: opts.exit,
    shutdownHooks: [
      { name: 'cron', run: () => Promise.all([poller.stop(), cleanup.stop()]) },
      { name: 'messaging', run: () => messaging.stop({ deadlineMs: config.SHUTDOWN_DEADLINE_MS / 2 }) },
      { name: 'mongo', run: () => mongo.close() },
    ],
  });
  return { port: running.port, connection: mongo.connection, stop: () => running.shutdown('stop') };
}
