import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createDlqRouter, createMessaging } from '@commerce-sync/messaging';
import { adminAuth, connectMongo, createApp, runService, scheduleJob } from '@commerce-sync/service-kit';
import { createLogger } from '@commerce-sync/telemetry';
import { redactOnRequest } from '@commerce-sync/privacy';
import type { Connection } from 'mongoose';
import { createNotificationLog } from './adapters/notification-log.ts';
import { createPreferencesStore } from './adapters/preferences-store.ts';
import { createMailpitLookup } from './adapters/sent-mail-lookup.ts';
import { createSmtpMailer } from './adapters/smtp-mailer.ts';
import { createTrackingFacts } from './adapters/tracking-facts.ts';
import { type NotificationsConfig, readAdminPublicKey } from './config.ts';
import { createDeliverNotification } from './handlers/deliver-notification.ts';
import { onOrderStatusChanged } from './handlers/on-order-status-changed.ts';
import { onTrackingUpdated } from './handlers/on-tracking-updated.ts';
import { mountAdminRoutes } from './http/admin-routes.ts';
import { openApiDocument } from './http/openapi.ts';
import { createTrackingRoutes } from './http/tracking-routes.ts';
import { mountUnsubscribeRoutes } from './http/unsubscribe-routes.ts';
import { createViewWatcher } from './http/view-watcher.ts';
import { identityFor } from './domain/shop-identity.ts';
import { onOrderPlaced } from './handlers/on-order-placed.ts';

/** Order statuses whose email shows the courier's delivery estimate (compose-email.ts). */
const SHOWS_ESTIMATE: ReadonlySet<string> = new Set(['shipped', 'out_for_delivery']);

export interface RunningNotifications {
  port: number;
  /** The service's own store connection (opened with command monitoring: tests count its round trips). */
  connection: Connection;
  stop(): Promise<void>;
}

/** Builds and starts the whole service from a config object (main.ts, e2e tests, benchmarks). */
export async function startNotifications(
  config: NotificationsConfig,
  opts: { exitOnShutdown?: boolean } = {},
): Promise<RunningNotifications> {
  const logger = createLogger({ service: 'notifications' });
  const now = () => new Date();
  const publicKey = readAdminPublicKey(config.ADMIN_JWT_PUBLIC_KEY_FILE);
  const mongo = await connectMongo(config.MONGO_URL, { dbName: config.NOTIFICATIONS_DB, logger });
  const log = createNotificationLog(mongo.connection);
  const facts = createTrackingFacts(mongo.connection);
  // Unique ids are what makes each email go once: the indexes must exist before consuming.
  await Promise.all([log.init(), facts.init()]);

  const messaging = createMessaging({
    service: 'notifications',
    amqpUrl: config.AMQP_URL,
    connection: mongo.connection,
    prefix: config.MESSAGING_PREFIX,
    ...(config.NOTIFICATIONS_RETRY_TIERS_MS ? { retryTiersMs: config.NOTIFICATIONS_RETRY_TIERS_MS } : {}),
    logger,
  });
  const preferences = createPreferencesStore(mongo.connection);
  const mailer = createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM });
  const watcher = createViewWatcher(facts, {
    intervalMs: config.LIVE_POLL_MS,
    onError: (err) => logger.warn({ err }, 'live update poll failed'),
  });
  const onViewChange = () => watcher.nudge();
  const identity = (shop: string | undefined) => identityFor(config.SHOP_IDENTITIES, shop);
  const deliver = createDeliverNotification({
    log,
    outbox: messaging.outbox,
    preferences,
    mailer,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    now,
    config: {
      secret: config.TRACKING_TOKEN_SECRET,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      mailFrom: config.MAIL_FROM,
      claimLeaseMs: config.CLAIM_LEASE_MS,
    },
    context: async (order) => {
      // The event names the order and carries the label's estimate; the view is read only
      // for what the event lacks: a courier's newer estimate once the parcel moves (out for
      // delivery), or the name (an older orders service).
      const labelEta = order.to === 'shipped' ? order.shipment?.estimatedDeliveryAt : undefined;
      const needsView = !order.orderName || (SHOWS_ESTIMATE.has(order.to) && !labelEta);
      const view = needsView ? (await facts.one(order.orderId))?.view : undefined;
      const orderName = order.orderName ?? view?.name;
      const estimatedDeliveryAt = view?.estimatedDeliveryAt ?? labelEta;
      return {
        identity: identity(order.shop),
        ...(orderName ? { orderName } : {}),
        ...(estimatedDeliveryAt ? { estimatedDeliveryAt } : {}),
      };
    },
    logger,
    ...(config.MAILPIT_API_URL ? { sentLookup: createMailpitLookup(config.MAILPIT_API_URL) } : {}),
  });
  // No inbox read before either handler (nor inbox mark after): each effect is keyed by itself,
  // so a redelivery is absorbed where it lands. A fact goes in once under its key (tracking-facts),
  // an email once per (order, kind) through its log row and claims, its announcement once per
  // outbox key. A duplicate costs a handler run (a few reads and no-op writes) instead of
  // every message paying a read and a mark.
  const keyedByItself = { inboxRead: false } as const;
  messaging.handle(
    'order.status_changed',
    onOrderStatusChanged({ facts, deliver, onViewChange }),
    keyedByItself,
  );
  messaging.handle('order.placed', onOrderPlaced({ facts, onViewChange }), keyedByItself);
  messaging.handle('tracking.updated', onTrackingUpdated({ facts, onViewChange }), keyedByItself);
  // customers/redact and shop/redact (orders records this service's confirmation).
  messaging.handle(
    'customer.redaction_requested',
    redactOnRequest({ service: 'notifications', db: () => mongo.connection.db }),
  );
  await messaging.start();

  const tracking = createTrackingRoutes({
    secret: config.TRACKING_TOKEN_SECRET,
    loadView: (id) => facts.one(id),
    identity,
    watcher,
  });
  const requireAdmin = adminAuth({
    ...(publicKey ? { publicKey } : {}),
    ...(config.ADMIN_JWKS_URL ? { jwksUrl: config.ADMIN_JWKS_URL } : {}),
  });
  const app = createApp({
    service: 'notifications',
    logger,
    trustProxy: config.TRUST_PROXY,
    readiness: [mongo.readiness, { name: 'rabbitmq', check: () => messaging.health() }],
    routes: (r) => {
      r.get('/openapi.json', (_req, res) => void res.json(openApiDocument()));
      tracking.mount(r);
      mountUnsubscribeRoutes(r, { secret: config.TRACKING_TOKEN_SECRET, preferences, now });
      r.use('/admin', requireAdmin);
      mountAdminRoutes(r, log.model);
      r.use('/admin/dlq', createDlqRouter(messaging.dlq));
    },
  });
  const cleanup = scheduleJob({
    name: 'notifications-inbox-cleanup',
    cron: '17 3 * * *',
    connection: mongo.connection,
    logger,
    run: () => messaging.cleanup({ inboxOlderThanMs: 14 * 86_400_000, sentOlderThanMs: 86_400_000 }),
  });
  // Live streams never end by themselves: close them first on SIGTERM so the HTTP server can
  // close at once (browsers reconnect to another replica). Registered before runService's own
  // listener, so it runs first.
  const closeStreams = () => tracking.closeStreams();
  process.once('SIGTERM', closeStreams).once('SIGINT', closeStreams);
  const running = await runService({
    service: 'notifications',
    logger,
    app,
    port: config.NOTIFICATIONS_PORT,
    host: config.HTTP_HOST,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    exit: opts.exitOnShutdown ?? true,
    shutdownHooks: [
      { name: 'live-updates', run: () => watcher.stop() },
      { name: 'cleanup-job', run: () => cleanup.stop() },
      { name: 'messaging', run: () => messaging.stop({ deadlineMs: config.SHUTDOWN_DEADLINE_MS / 2 }) },
      { name: 'smtp', run: () => mailer.close() },
      { name: 'mongo', run: () => mongo.close() },
    ],
  });
  return {
    port: running.port,
    connection: mongo.connection,
    async stop() {
      process.off('SIGTERM', closeStreams).off('SIGINT', closeStreams);
      closeStreams();
      await running.shutdown('stop');
    },
  };
}
