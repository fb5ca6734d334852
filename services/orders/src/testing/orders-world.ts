import { after, before } from 'node:test';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { MessageType } from '@commerce-sync/contracts';
import { devPublicKey, devToken } from '@commerce-sync/service-kit/dev-token';
import { listen } from '@commerce-sync/test/simulators/common/listen';
import { createShopifyApp, type ShopifySimOptions } from '@commerce-sync/test/simulators/shopify/app';
import { createInventoryPart } from '@commerce-sync/test/simulators/shopify/inventory/part';
import { createStorefrontPart } from '@commerce-sync/test/simulators/shopify/storefront/part';
import { infraUrls } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { OrdersConfig } from '../config.ts';
import { type RunningOrders, startOrders } from '../service.ts';
import { deleteBrokerObjects } from '@commerce-sync/test/support/broker';
import { startMessageProbe } from '@commerce-sync/test/support/message-probe';

export const SHOP = 'orders-it.myshopify.com';
const TOKEN = 'shpat_orders_it';
export const SECRET = 'orders_it_webhook_secret';
const WATCHED = [
  'payment.authorize',
  'payment.capture',
  'payment.void',
  'payment.refund',
  'stock.reserve',
  'stock.release',
  'stock.commit',
  'shipment.create',
  'shipment.cancel',
  'order.placed',
  'order.status_changed',
  'customer.redaction_requested',
] as const;

/**
 * An isolated world for the orders service: the Shopify simulator in-process, the service
 * on an ephemeral port (own prefix, own database) and a probe standing in for the other
 * services: it records the commands orders sends and publishes their answers.
 */
export async function createOrdersWorld(
  env: Record<string, string> = {},
  sim: Pick<ShopifySimOptions, 'throttle'> = {},
) {
  const urls = infraUrls();
  const id = `ord_${randomBytes(4).toString('hex')}`;
  const prefix = `t_${id}.`;
  const storefront = createStorefrontPart({ secret: SECRET, shop: SHOP, retryDelaysMs: [50, 100] });
  const { app } = createShopifyApp({
    accessTokens: { [SHOP]: TOKEN },
    parts: [createInventoryPart(), storefront],
    ...sim,
  });
  const simServer = await listen(app, { name: 'shopify-sim', port: 0 });
  const config = OrdersConfig.parse({
    AMQP_URL: urls.amqp,
    MONGO_URL: urls.mongo,
    ORDERS_MONGO_DB: `t_${id}`,
    MESSAGING_PREFIX: prefix,
    ORDERS_PORT: '0',
    SHOPIFY_WEBHOOK_SECRET: SECRET,
    SHOPIFY_SHOP_DOMAIN: SHOP,
    SHOPIFY_ADMIN_TOKEN: TOKEN,
    SHOPIFY_API_URL: simServer.url,
    SHOPIFY_API_VERSION: '2026-07',
    ADMIN_JWT_PUBLIC_KEY: devPublicKey(),
    ORDERS_SWEEP_CRON: '0 0 1 1 *',
    ...env,
  });
  const service: RunningOrders = await startOrders(config, { exitOnStop: false });
  const base = `http://127.0.0.1:${service.port}`;
  storefront.storefront.setWebhookUrl(`${base}/webhooks/shopify`);

  const probe = await startMessageProbe({ urls, id, prefix, watch: WATCHED });
  const { seen } = probe;
  const ordersDb = await mongoose.createConnection(`${urls.mongo.replace(/\/$/, '')}/t_${id}`).asPromise();
  const token = await devToken('orders-it');
  const replicas: RunningOrders[] = [];

  return {
    base,
    service,
    /** The broker prefix of this world's exchanges and queues. */
    prefix,
    /** Another process of the service on the same queue and database (a replica); its URL. */
    async startReplica() {
      const replica = await startOrders(config, { exitOnStop: false });
      replicas.push(replica);
      return { service: replica, base: `http://127.0.0.1:${replica.port}` };
    },
    sim: simServer.url,
    storefront: storefront.storefront,
    seen,
    db: ordersDb,
    /** One sweeper run at `now` (the cron job is off in tests). */
    sweep: (now?: Date) => service.sweep(now),
    of: (orderId: string, type: string) => seen.filter((m) => m.correlationId === orderId && m.type === type),
    /** Publishes an event as the service that owns it would (outbox → events exchange). */
    publish(type: MessageType, payload: Record<string, unknown>) {
      return probe.emit(type, payload);
    },
    /** A webhook as Shopify sends it; `sign` false or a string replaces the HMAC. */
    webhook(
      topic: string,
      body: string,
      opts: { hmac?: string | false; webhookId?: string; shop?: string; to?: string } = {},
    ) {
      const hmac =
        opts.hmac === undefined ? createHmac('sha256', SECRET).update(body).digest('base64') : opts.hmac;
      return fetch(`${opts.to ?? base}/webhooks/shopify`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': topic,
          'x-shopify-shop-domain': opts.shop ?? SHOP,
          'x-shopify-api-version': '2026-07',
          'x-shopify-webhook-id': opts.webhookId ?? randomUUID(),
          ...(hmac === false ? {} : { 'x-shopify-hmac-sha256': hmac }),
        },
        body,
      });
    },
    admin: (path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
      }),
    simJson: (path: string, init?: RequestInit) =>
      fetch(`${simServer.url}/__sim${path}`, init).then((r) => r.json()),
    async close() {
      await storefront.storefront.webhooks.sender.idle();
      await probe.close();
      await Promise.all([service, ...replicas].map((r) => r.stop()));
      simServer.server.close();
      simServer.server.closeAllConnections();
      await ordersDb?.dropDatabase();
      await ordersDb?.close();
      await deleteBrokerObjects(urls.amqpManagement, prefix);
    },
  };
}
export type OrdersWorld = Awaited<ReturnType<typeof createOrdersWorld>>;

/** One world for the whole test file, created before its tests and closed after them. */
export function worldPerFile(): () => OrdersWorld {
  let world: OrdersWorld | undefined;
  before(async () => {
    world = await createOrdersWorld();
  });
  after(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error('the orders world is not started yet');
    return world;
  };
}

/** A shipment.label_purchased payload for `orderId` with this tracking code. */
export const labelPurchased = (orderId: string, trackingCode: string) => ({
  orderId,
  shipmentId: `shp_${trackingCode}`,
  carrier: 'USPS',
  service: 'Priority',
  rateMinor: 795,
  currency: 'USD',
  trackingCode,
  trackingUrl: `https://track.example/${trackingCode}`,
  labelUrl: `https://labels.example/${trackingCode}.png`,
});

/** A storefront orders/create body as Shopify sends it, for order `id` (`#<id>`). */
export function orderBody(id: number, overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    id,
    name: `#${id}`,
    email: 'ada@example.com',
    currency: 'USD',
    total_price: '45.18',
    subtotal_price: '39.98',
    total_tax: '3.20',
    customer_locale: 'en',
    line_items: [
      { sku: 'TEE-M', title: 'Classic Tee', quantity: 2, price: '19.99', grams: 200, variant_id: 2002 },
    ],
    shipping_address: {
      first_name: 'Ada',
      last_name: 'Lovelace',
      address1: '1 Main St',
      city: 'Portland',
      zip: '97201',
      country_code: 'US',
    },
    note_attributes: [{ name: 'stripe_payment_method', value: 'pm_card_visa' }],
    ...overrides,
  });
}
