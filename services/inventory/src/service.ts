import { createDlqRouter, createMessaging, KeyedLock } from '@commerce-sync/messaging';
import {
  adminAuth,
  connectMongo,
  createApp,
  createResilientHttp,
  runService,
  scheduleJob,
} from '@commerce-sync/service-kit';
import { createLogger } from '@commerce-sync/telemetry';
import { redactOnRequest } from '@commerce-sync/privacy';
import { reservationModel } from './adapters/reservation-model.ts';
import { createShopifyGraphql } from './adapters/shopify-client.ts';
import { createShopifyInventory } from './adapters/shopify-inventory.ts';
import { stockLevelModel } from './adapters/stock-level-model.ts';
import { createStockProjection } from './adapters/stock-projection.ts';
import { adminPublicKey, type InventoryConfig } from './config.ts';
import { commitStock } from './handlers/commit-stock.ts';
import { releaseStock } from './handlers/release-stock.ts';
import { reserveStock } from './handlers/reserve-stock.ts';
import { stockRoutes } from './http/stock-routes.ts';
import { openApiDocument } from './http/openapi.ts';
import { releaseStale } from './jobs/release-stale.ts';
import { syncLevels } from './jobs/sync-levels.ts';
import type { Connection } from 'mongoose';

export interface RunningInventory {
  port: number;
  /** The service's own store connection (tests count its commands). */
  connection: Connection;
  stop(): Promise<void>;
}

/** Builds and starts the inventory service from a config object (main.ts, e2e, bench). */
export async function startInventory(
  config: InventoryConfig,
  opts: { exitOnStop?: boolean } = {},
): Promise<RunningInventory> {
  const logger = createLogger({ service: 'inventory' });
  const mongo = await connectMongo(config.MONGO_URL, { dbName: config.INVENTORY_MONGO_DB, logger });
  const { connection } = mongo;
  const messaging = createMessaging({
    service: 'inventory',
    amqpUrl: config.AMQP_URL,
    connection,
    prefix: config.MESSAGING_PREFIX,
    concurrency: config.INVENTORY_CONCURRENCY,
    logger,
  });

  const http = createResilientHttp({ api: 'shopify', timeoutMs: 10_000, retries: 4, logger });
  const request = createShopifyGraphql(
    {
      shop: config.SHOPIFY_SHOP_DOMAIN,
      accessToken: config.SHOPIFY_ADMIN_TOKEN,
      apiVersion: config.SHOPIFY_API_VERSION,
      apiUrl: config.SHOPIFY_API_URL,
    },
    http,
  );
  const shopify = createShopifyInventory(request, config.SHOPIFY_LOCATION_ID);
  const reservations = messaging.aggregate(reservationModel(connection), { remember: true });
  const projection = createStockProjection({
    model: stockLevelModel(connection),
    outbox: messaging.outbox,
    locationId: config.SHOPIFY_LOCATION_ID,
    threshold: config.LOW_STOCK_THRESHOLD,
  });
  const deps = { shopify, reservations, projection, skuLock: new KeyedLock(), logger };

  // Every effect is keyed or guarded: Shopify's moves by their idempotency keys, the
  // reservation's progress by its lines' states, the answer by the message (apply). So no
  // inbox read before a command (a round trip each); a duplicate replays instead.
  const keyed = { inboxRead: false };
  messaging.handle('stock.reserve', reserveStock(deps), keyed);
  messaging.handle('stock.release', releaseStock(deps), keyed);
  messaging.handle('stock.commit', commitStock(deps), keyed);
  // customers/redact and shop/redact (orders records this service's confirmation).
  messaging.handle(
    'customer.redaction_requested',
    redactOnRequest({ service: 'inventory', db: () => mongo.connection.db }),
  );
  await messaging.start();

  const jobs = [
    scheduleJob({
      name: 'inventory-sync-levels',
      cron: config.STOCK_SYNC_CRON,
      connection,
      logger,
      run: ({ date }) => syncLevels(deps, date),
    }),
    scheduleJob({
      name: 'inventory-release-stale',
      cron: config.STALE_RESERVATION_CRON,
      connection,
      logger,
      run: ({ date }) => releaseStale({ ...deps, maxAgeMs: config.RESERVATION_MAX_AGE_MS }, date),
    }),
  ];

  const requireAdmin = adminAuth({
    publicKey: adminPublicKey(config),
    jwksUrl: config.ADMIN_JWKS_URL || undefined,
  });
  const app = createApp({
    service: 'inventory',
    logger,
    trustProxy: config.TRUST_PROXY,
    readiness: [mongo.readiness, { name: 'rabbitmq', check: () => messaging.health() }],
    routes: (r) => {
      r.get('/openapi.json', (_req, res) => void res.json(openApiDocument()));
      stockRoutes(r, { projection, requireAdmin });
      r.use('/admin/dlq', requireAdmin, createDlqRouter(messaging.dlq));
    },
  });
  const running = await runService({
    service: 'inventory',
    logger,
    app,
    port: config.INVENTORY_PORT,
    host: config.HTTP_HOST,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    exit: opts.exitOnStop ?? true,
    shutdownHooks: [
      { name: 'jobs', run: () => Promise.all(jobs.map((j) => j.stop())) },
      { name: 'messaging', run: () => messaging.stop({ deadlineMs: config.SHUTDOWN_DEADLINE_MS / 2 }) },
      { name: 'mongo', run: () => mongo.close() },
    ],
  });
  return { port: running.port, connection, stop: () => running.shutdown('stop') };
}
