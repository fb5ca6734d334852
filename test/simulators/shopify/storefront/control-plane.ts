import express from 'express';
import { z } from 'zod';
import type { StorefrontStore } from './store.ts';
import type { Storefront } from './storefront.ts';
import { SHOP_TOPICS, type ShopTopic, type StorefrontWebhooks } from './webhooks.ts';

const Line = z.object({ sku: z.string().min(1), quantity: z.number().int().positive() });
const PlaceBody = z
  .object({
    lines: z.array(Line).min(1),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    address: z.record(z.string(), z.unknown()),
    paymentMethod: z.string().nullable(),
    stripeCustomer: z.string(),
    locale: z.string(),
    currency: z.string(),
  })
  .partial();
const ShopWebhookBody = z.object({
  topic: z.enum(SHOP_TOPICS),
  /** customers/redact and customers/data_request: the customer; their orders are looked up. */
  email: z.string().optional(),
});
const SHOP_ID = 954_889;

const GenerateBody = z.object({
  count: z.number().int().nonnegative(),
  ratePerSec: z.number().positive(),
  seed: z.number().int().optional(),
  declineShare: z.number().min(0).max(1).optional(),
  cancelShare: z.number().min(0).max(1).optional(),
  cancelAfterMs: z.number().int().nonnegative().optional(),
});

/** `/__sim/storefront/*`: place and cancel orders, drive the generator, inspect fulfillments. */
export function storefrontControlPlane(deps: {
  store: StorefrontStore;
  storefront: Storefront;
  webhooks: StorefrontWebhooks;
  setWebhookUrl: (url: string) => void;
}) {
  const { store, storefront, webhooks } = deps;
  const r = express.Router();
  r.use('/storefront', express.json({ limit: '1mb' }));
  const bad = (res: express.Response, error: z.ZodError) =>
    res.status(400).json({ error: z.prettifyError(error) });

  r.post('/storefront/orders', (req, res) => {
    const body = PlaceBody.safeParse(req.body ?? {});
    if (!body.success) return void bad(res, body.error);
    try {
      res.status(201).json(storefront.placeOrder(body.data as never));
    } catch (err) {
      res.status(400).json({ error: (err as Error).message });
    }
  });
  r.get('/storefront/orders', (_req, res) => {
    res.json(
      [...store.orders.values()].map((o) => ({ id: o.id, name: o.name, cancelled_at: o.cancelled_at })),
    );
  });
  r.get('/storefront/orders/:id', (req, res) => {
    const o = store.orders.get(Number(req.params.id));
    if (!o) return void res.status(404).json({ error: 'Not Found' });
    res.json(o);
  });
  r.post('/storefront/orders/:id/cancel', (req, res) => {
    const o = storefront.cancelOrder(Number(req.params.id), (req.body as { reason?: string })?.reason);
    if (!o) return void res.status(404).json({ error: 'Not Found' });
    res.json(o);
  });
  // What Shopify sends on an uninstall and for the compliance topics, with the payloads of
  // https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance
  r.post('/storefront/shop-webhooks', (req, res) => {
    const body = ShopWebhookBody.safeParse(req.body ?? {});
    if (!body.success) return void bad(res, body.error);
    const { topic, email } = body.data;
    const shop = { shop_id: SHOP_ID, shop_domain: webhooks.shop };
    const theirs = [...store.orders.values()].filter((o) => email && o.email === email);
    const customer = { id: theirs[0]?.customer.id ?? null, email: email ?? null, phone: null };
    const ids = theirs.map((o) => o.id);
    const payloads: Record<ShopTopic, unknown> = {
      'app/uninstalled': {
        id: SHOP_ID,
        name: webhooks.shop.split('.')[0],
        domain: webhooks.shop,
        myshopify_domain: webhooks.shop,
      },
      'customers/redact': { ...shop, customer, orders_to_redact: ids },
      'customers/data_request': {
        ...shop,
        customer,
        orders_requested: ids,
        data_request: { id: store.nextId() },
      },
      'shop/redact': shop,
    };
    res.status(202).json({ topic, webhookId: webhooks.send(topic, payloads[topic]), orders: ids });
  });
  r.post('/storefront/generate', (req, res) => {
    const body = GenerateBody.safeParse(req.body ?? {});
    if (!body.success) return void bad(res, body.error);
    res.status(202).json(storefront.generate(body.data).status());
  });
  r.get('/storefront/generate', (_req, res) =>
    res.json(storefront.generator()?.status() ?? { running: false }),
  );
  r.post('/storefront/generate/stop', (_req, res) => {
    storefront.generator()?.stop();
    res.json(storefront.generator()?.status() ?? { running: false });
  });
  r.get('/storefront/fulfillments', (req, res) => {
    const only = req.query.order ? Number(req.query.order) : undefined;
    const orders = [...store.orders.values()].filter((o) => only === undefined || o.id === only);
    res.json(
      orders.map((o) => ({
        orderId: o.id,
        name: o.name,
        fulfillments: store.fulfillmentsOf(o.id).map((f) => ({
          id: f.id,
          status: f.status,
          trackingInfo: f.trackingInfo,
          notifyCustomer: f.notifyCustomer,
          createdAt: f.createdAt,
          events: f.events,
        })),
      })),
    );
  });
  r.get('/storefront/stats', (_req, res) => res.json(stats(store, webhooks, storefront)));
  r.get('/storefront/webhooks', (_req, res) =>
    res.json({ pending: webhooks.sender.pending(), log: webhooks.sender.log.slice(-200) }),
  );
  r.get('/storefront/webhooks/latency', (_req, res) => res.json({ ms: webhooks.sender.latencies }));
  r.delete('/storefront/webhooks/latency', (_req, res) => {
    webhooks.sender.latencies.length = 0;
    res.json({ ok: true });
  });
  r.put('/storefront/config', (req, res) => {
    const url = (req.body as { webhookUrl?: unknown })?.webhookUrl;
    if (typeof url !== 'string' || !URL.canParse(url))
      return void res.status(400).json({ error: 'webhookUrl must be a URL' });
    deps.setWebhookUrl(url);
    res.json({ webhookUrl: url });
  });
  return r;
}

export function stats(store: StorefrontStore, webhooks: StorefrontWebhooks, storefront: Storefront) {
  const fulfillments = [...store.fulfillments.values()];
  const log = webhooks.sender.log;
  return {
    orders: store.orders.size,
    cancelledOrders: [...store.orders.values()].filter((o) => o.cancelled_at).length,
    fulfillments: fulfillments.length,
    fulfilledOrders: new Set(fulfillments.map((f) => f.orderId)).size,
    fulfillmentEvents: fulfillments.reduce((n, f) => n + f.events.length, 0),
    webhooks: {
      pending: webhooks.sender.pending(),
      delivered: log.filter((l) => l.status !== undefined && l.status < 300).length,
      failed: log.filter((l) => l.status === undefined || l.status >= 300).length,
    },
    generator: storefront.generator()?.status() ?? { running: false },
  };
}
