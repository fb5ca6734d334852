// Test support: the orders service and the Shopify simulator with its OAuth part.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { devPublicKey, devToken } from '@commerce-sync/service-kit/dev-token';
import { listen } from '@commerce-sync/test/simulators/common/listen';
import { createShopifyApp } from '@commerce-sync/test/simulators/shopify/app';
import { createInventoryPart } from '@commerce-sync/test/simulators/shopify/inventory/part';
import { createOAuthPart } from '@commerce-sync/test/simulators/shopify/oauth/part';
import { createStorefrontPart } from '@commerce-sync/test/simulators/shopify/storefront/part';
import { deleteBrokerObjects } from '@commerce-sync/test/support/broker';
import { infraUrls } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { OrdersConfig } from '../config.ts';
import { type RunningOrders, startOrders } from '../service.ts';
import { cookieBrowser } from './cookie-browser.ts';
import type { Shop } from './shop-registry.ts';

export const API_KEY = 'install_it_client_id';
export const API_SECRET = 'install_it_client_secret';
export const WEBHOOK_SECRET = 'install_it_webhook_secret';

// The redirect URI and the webhook address are built on SHOPIFY_APP_URL, so the port must be
// known before the service starts.
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const address = s.address();
  await new Promise((resolve) => s.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** The orders service and a Shopify simulator on which any *.myshopify.com shop can install it. */
export interface InstallWorldOptions {
  /** Extra service config (keys, token settings). */
  env?: Record<string, string>;
  /** Lifetimes of the simulator's expiring tokens. */
  lifetimes?: { accessS: number; refreshS: number };
}

export async function createInstallWorld(opts: InstallWorldOptions = {}) {
  const urls = infraUrls();
  const id = `shp_${randomBytes(4).toString('hex')}`;
  const prefix = `t_${id}.`;
  // The redirect URL allowed is set once the service's port is known (the app object is live).
  const redirectUrls: string[] = [];
  const oauthPart = createOAuthPart({
    apps: [{ clientId: API_KEY, clientSecret: API_SECRET, redirectUrls }],
    lifetimes: opts.lifetimes,
  });
  const { app } = createShopifyApp({
    accessTokens: { 'bootstrap-it.myshopify.com': 'shpat_bootstrap_it' },
    parts: [createInventoryPart(), createStorefrontPart({ secret: WEBHOOK_SECRET }), oauthPart],
  });
  const sim = await listen(app, { name: 'shopify-sim', port: 0 });
  const closeSim = () => {
    sim.server.close();
    sim.server.closeAllConnections();
  };
  const start = async (port: number, env: Record<string, string> = opts.env ?? {}) => {
    const config = OrdersConfig.parse({
      AMQP_URL: urls.amqp,
      MONGO_URL: urls.mongo,
      ORDERS_MONGO_DB: `t_${id}`,
      MESSAGING_PREFIX: prefix,
      ORDERS_PORT: String(port),
      SHOPIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SHOPIFY_SHOP_DOMAIN: 'bootstrap-it.myshopify.com',
      SHOPIFY_ADMIN_TOKEN: 'shpat_bootstrap_it',
      SHOPIFY_API_URL: sim.url,
      SHOPIFY_API_VERSION: '2026-07',
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      ADMIN_JWT_PUBLIC_KEY: devPublicKey(),
      ORDERS_SWEEP_CRON: '0 0 1 1 *',
      ORDERS_REWRAP_CRON: '0 0 1 1 *',
      ...env,
    });
    return startOrders(config, { exitOnStop: false });
  };
  let service: RunningOrders | undefined;
  // Another process can take the free port before the service binds it: try another.
  for (let attempt = 1; !service; attempt++) {
    try {
      service = await start(await freePort());
    } catch (err) {
      if (attempt < 3 && (err as { code?: string }).code === 'EADDRINUSE') continue;
      closeSim();
      throw err;
    }
  }
  const base = `http://127.0.0.1:${service.port}`;
  redirectUrls.push(`${base}/shopify/callback`);
  const db = await mongoose.createConnection(`${urls.mongo.replace(/\/$/, '')}/t_${id}`).asPromise();
  const adminToken = await devToken('orders-install-it');

  return {
    base,
    sim: sim.url,
    /** The simulator's grants and webhook subscriptions. */
    shopify: oauthPart.oauth,
    db,
    browser: () => cookieBrowser(),
    installUrl: (shop: string) => `${base}/shopify/install?shop=${encodeURIComponent(shop)}`,
    /** The stored shops, read with the driver (not the model). */
    storedShops: () => db.collection<Shop>('shops').find({}).toArray(),
    /** The running service (rewrap, sweep). */
    service: () => service as RunningOrders,
    /** Stops the service and starts it again on the same port and database with `env` instead. */
    async restart(env: Record<string, string>) {
      await service?.stop();
      service = await start(Number(new URL(base).port), env);
    },
    admin: (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${adminToken}` } }),
    async close() {
      await service?.stop();
      closeSim();
      await db.dropDatabase();
      await db.close();
      await deleteBrokerObjects(urls.amqpManagement, prefix);
    },
  };
}
export type InstallWorld = Awaited<ReturnType<typeof createInstallWorld>>;
