import { createDlqRouter, createMessaging } from '@commerce-sync/messaging';
import {
  adminAuth,
  connectMongo,
  insertUnlessPresent,
  createApp,
  createResilientHttp,
  runService,
  scheduleJob,
} from '@commerce-sync/service-kit';
import { NotFound } from '@commerce-sync/errors';
import { createEnvelope, keyRingFromEnv, redactOnRequest } from '@commerce-sync/privacy';
import { createLogger } from '@commerce-sync/telemetry';
import { deliveryModel, pendingDeliveryModel } from './adapters/delivery-model.ts';
import { orderModel } from './adapters/order-model.ts';
import { createShopifyFulfillments } from './adapters/shopify-fulfillments.ts';
import { createShopifyRequest, withPolicy } from './adapters/shopify-graphql.ts';
import { sweepIndex } from './adapters/sweep-index.ts';
import { adminPublicKey, type OrdersConfig, shopTokens } from './config.ts';
import { createDeliveryProcessor } from './handlers/process-delivery.ts';
import { registerSagaHandlers } from './handlers/saga-messages.ts';
import { createWriteBack } from './handlers/write-back.ts';
import { openApiDocument } from './http/openapi.ts';
import { operatorRoutes } from './http/operator-routes.ts';
import { orderRoutes } from './http/order-routes.ts';
import { shopifyWebhookRoute } from './http/shopify-webhook.ts';
import { sweep } from './jobs/sweep.ts';
import { COMPLIANCE_COLLECTION, createCompliance } from './shops/compliance.ts';
import { installRoutes } from './shops/install-routes.ts';
import { createShopRegistry } from './shops/shop-registry.ts';
import { createTokenSource } from './shops/shop-tokens.ts';
import { createShopifyOAuth } from './shops/shopify-oauth.ts';
import { createTokenRefresher } from './shops/token-refresh.ts';
import type { Connection } from 'mongoose';

export interface RunningOrders {
  port: number;
  /** The service's own store connection (round-trip tests count its commands). */
  connection: Connection;
  /** Deliveries this process handled (tests of replicas: did each do work?). */
  handled(): number;
  /** One sweep now, as the cron job runs it (tests, operators' tooling). */
  sweep(now?: Date): Promise<unknown>;
  /** One rotation pass now (tests): how many records were re-wrapped to the active key. */
  rewrap(): Promise<number>;
  stop(): Promise<void>;
}

/** Builds and starts the orders service from a config object (main.ts, e2e, bench, soak). */
export async function startOrders(
  config: OrdersConfig,
  opts: { exitOnStop?: boolean } = {},
): Promise<RunningOrders> {
  const logger = createLogger({ service: 'orders' });
  const mongo = await connectMongo(config.MONGO_URL, { dbName: config.ORDERS_MONGO_DB, logger });
  const { connection } = mongo;
  const messaging = createMessaging({
    service: 'orders',
    amqpUrl: config.AMQP_URL,
    connection,
    prefix: config.MESSAGING_PREFIX,
    concurrency: config.ORDERS_CONCURRENCY,
    logger,
  });
  const model = orderModel(connection);
  const deliveries = deliveryModel(connection);
  const pendingDeliveries = pendingDeliveryModel(connection);
  const index = sweepIndex(connection);
  const saga = {
    // Orders are written through the saga's apply alone: the next step on an order this
    // process just wrote skips the read (libs/messaging known-documents.ts).
    orders: messaging.aggregate(model, { remember: config.ORDERS_REMEMBERED }),
    index,
    maxSweeps: config.ORDERS_MAX_SWEEPS,
    deadlinesMs: config.ORDERS_DEADLINES_MS,
    logger,
  };

  const http = createResilientHttp({ api: 'shopify', timeoutMs: 10_000, retries: 4, logger });
  const keyRing = keyRingFromEnv(config);
  if (keyRing.devKeys) logger.warn('DATA_KEYS not set: secrets are sealed with the public development keys');
  const shops = createShopRegistry(connection, createEnvelope(keyRing));
  const oauth = createShopifyOAuth({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    scopes: config.SHOPIFY_SCOPES.split(',').filter(Boolean),
    appUrl: config.SHOPIFY_APP_URL,
    apiUrl: config.SHOPIFY_API_URL,
    expiringTokens: config.SHOPIFY_EXPIRING_TOKENS === 'true',
    logger,
  });
  // Installed shops first, then the bootstrap tokens from the environment.
  const tokens = createTokenSource(shops, shopTokens(config), {
    refresh: createTokenRefresher({ registry: shops, refresh: oauth.refresh, logger }),
    marginMs: config.SHOPIFY_TOKEN_REFRESH_MARGIN_S * 1000,
  });
  const request = createShopifyRequest({
    tokens,
    apiVersion: config.SHOPIFY_API_VERSION,
    apiUrl: config.SHOPIFY_API_URL,
  });
  const policy = withPolicy(http);
  // The policy wraps each whole unit (look up, then write): a retry looks again before writing.
  const shopify = createShopifyFulfillments(request);
  const fulfillments = {
    fulfill: (...a: Parameters<typeof shopify.fulfill>) =>
      policy('fulfillmentCreate', () => shopify.fulfill(...a)),
    addEvent: (...a: Parameters<typeof shopify.addEvent>) =>
      policy('fulfillmentEventCreate', () => shopify.addEvent(...a)),
  };
  const writeBack = createWriteBack({ orders: saga.orders, shopify: fulfillments, index, logger });
  const deliveryProcessor = createDeliveryProcessor({ ...saga, deliveries, pendingDeliveries, logger });
  const processDelivery = deliveryProcessor.processMarked;

  registerSagaHandlers(messaging, { ...saga, writeBack });
  const compliance = createCompliance({
    connection,
    registry: shops,
    outbox: messaging.outbox,
    logger,
    onUninstalled: tokens.forget,
    resendAfterMs: config.ORDERS_REDACTION_RESEND_S * 1000,
  });
  // The orders service forgets like every other (its orders, deliveries, outbox copies), and
  // keeps the record of each service's confirmation.
  messaging.handle(
    'customer.redaction_requested',
    redactOnRequest({
      service: 'orders',
      db: () => connection.db,
      skip: [COMPLIANCE_COLLECTION],
      // A shop's deliveries taken after its uninstall made no order: the scan cannot find them by one.
      also: async (r) => {
        if (r.scope !== 'shop') return 0;
        const gone = await Promise.all([
          deliveries.deleteMany({ shop: r.shop }),
          pendingDeliveries.deleteMany({ shop: r.shop }),
        ]);
        return gone.reduce((n, g) => n + g.deletedCount, 0);
      },
    }),
  );
  messaging.handle('customer.redacted', (msg) => compliance.confirm(msg.payload));
  await messaging.start();

  // Rotation: records sealed with an older key move to DATA_KEY_ACTIVE in the background.
  const rewrap = async () => {
    const moved = await shops.rewrapAll().catch((err: unknown) => logger.warn({ err }, 'rewrap failed'));
    if (moved) logger.info({ moved, key: keyRing.activeId }, 'shop tokens re-wrapped to the active key');
    return moved ?? 0;
  };
  const sweepDeps = { ...saga, model, deliveries, pendingDeliveries, processDelivery, writeBack, logger };
  const sweepNow = async (date = new Date()) => {
    const swept = await sweep(sweepDeps, date);
    await compliance.resendStalled(date);
    return swept;
  };
  const jobs = [
    scheduleJob({
      name: 'orders-sweeper',
      cron: config.ORDERS_SWEEP_CRON,
      connection,
      logger,
      run: ({ date }) => sweepNow(date),
    }),
    scheduleJob({ name: 'orders-rewrap', cron: config.ORDERS_REWRAP_CRON, connection, logger, run: rewrap }),
  ];
  void rewrap();

  const requireAdmin = adminAuth({
    publicKey: adminPublicKey(config),
    jwksUrl: config.ADMIN_JWKS_URL || undefined,
  });
  const app = createApp({
    service: 'orders',
    logger,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: '512kb',
    readiness: [mongo.readiness, { name: 'rabbitmq', check: () => messaging.health() }],
    routes: (r) => {
      r.get('/openapi.json', (_req, res) => void res.json(openApiDocument()));
      shopifyWebhookRoute(r, {
        secret: config.SHOPIFY_WEBHOOK_SECRET,
        receive: deliveryProcessor.receive,
        compliance,
        recordSkipped: async (d) => void (await insertUnlessPresent(deliveries.collection, d)),
      });
      r.get('/admin/compliance/:id', requireAdmin, async (req, res) => {
        const found = await compliance.exportOf(String(req.params.id));
        if (!found) throw new NotFound(`no compliance request ${String(req.params.id)}`);
        res.json(found);
      });
      installRoutes(r, {
        oauth,
        registry: shops,
        request,
        forgetToken: tokens.forget,
        webhookUrl: `${config.SHOPIFY_APP_URL.replace(/\/$/, '')}/webhooks/shopify`,
      });
      orderRoutes(r, { model, saga, requireAdmin });
      operatorRoutes(r, { model, deliveries, pendingDeliveries, processDelivery, requireAdmin });
      r.use('/admin/dlq', requireAdmin, createDlqRouter(messaging.dlq));
    },
  });
  const running = await runService({
    service: 'orders',
    logger,
    app,
    port: config.ORDERS_PORT,
    host: config.HTTP_HOST,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    exit: opts.exitOnStop ?? true,
    shutdownHooks: [
      { name: 'jobs', run: () => Promise.all(jobs.map((j) => j.stop())) },
      { name: 'messaging', run: () => messaging.stop({ deadlineMs: config.SHUTDOWN_DEADLINE_MS / 2 }) },
      { name: 'write-backs', run: () => writeBack.idle() },
      { name: 'mongo', run: () => mongo.close() },
    ],
  });
  return {
    port: running.port,
    connection,
    handled: () => messaging.handled(),
    sweep: sweepNow,
    rewrap,
    stop: () => running.shutdown('stop'),
  };
}
