import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { MessageType } from '@commerce-sync/contracts';
import { devPublicKey } from '@commerce-sync/service-kit/dev-token';
import { infraUrls } from '@commerce-sync/test/support/infra';
import { listen } from '@commerce-sync/test/simulators/common/listen';
import { createShopifyApp } from '@commerce-sync/test/simulators/shopify/app';
import { createInventoryPart } from '@commerce-sync/test/simulators/shopify/inventory/part';
import amqp from 'amqplib';
import mongoose from 'mongoose';
import { InventoryConfig } from '../config.ts';
import { type RunningInventory, startInventory } from '../service.ts';
import { deleteBrokerObjects } from '@commerce-sync/test/support/broker';
import { startMessageProbe } from '@commerce-sync/test/support/message-probe';

const SHOP = 'inventory-it.myshopify.com';
const TOKEN = 'shpat_inventory_it';
const EVENTS = [
  'stock.reserved',
  'stock.rejected',
  'stock.released',
  'stock.committed',
  'stock.low',
] as const;

/**
 * One isolated world for an integration suite: the Shopify simulator in-process, `replicas`
 * inventory services on one queue (own prefix, own database), and a probe that sends
 * commands through the messaging lib and records every stock event.
 */
export async function createInventoryWorld(opts: { replicas?: number; env?: Record<string, string> } = {}) {
  const urls = infraUrls();
  const id = `inv_${randomBytes(4).toString('hex')}`;
  const prefix = `t_${id}.`;
  const { app } = createShopifyApp({ accessTokens: { [SHOP]: TOKEN }, parts: [createInventoryPart()] });
  const sim = await listen(app, { name: 'shopify-sim', port: 0 });
  const env = {
    AMQP_URL: urls.amqp,
    MONGO_URL: urls.mongo,
    INVENTORY_MONGO_DB: `t_${id}`,
    MESSAGING_PREFIX: prefix,
    INVENTORY_PORT: '0',
    SHOPIFY_SHOP_DOMAIN: SHOP,
    SHOPIFY_ADMIN_TOKEN: TOKEN,
    SHOPIFY_API_URL: sim.url,
    SHOPIFY_API_VERSION: '2026-07',
    SHOPIFY_LOCATION_ID: 'gid://shopify/Location/1',
    ADMIN_JWT_PUBLIC_KEY: devPublicKey(),
    STOCK_SYNC_CRON: '0 0 1 1 *',
    STALE_RESERVATION_CRON: '0 0 1 1 *',
    ...opts.env,
  };
  const services: RunningInventory[] = [];
  for (let i = 0; i < (opts.replicas ?? 1); i++)
    services.push(await startInventory(InventoryConfig.parse(env), { exitOnStop: false }));

  const probe = await startMessageProbe({ urls, id, prefix, watch: EVENTS });
  const { seen } = probe;

  const simJson = (path: string, init?: RequestInit) =>
    fetch(`${sim.url}/__sim${path}`, init).then((r) => r.json());
  return {
    sim: sim.url,
    services,
    simJson,
    simPut: (path: string, body: unknown) =>
      simJson(path, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    /** Sends a command as the orders service would (outbox → commands exchange). */
    send(type: 'stock.reserve' | 'stock.release' | 'stock.commit', payload: Record<string, unknown>) {
      return probe.emit(type, payload);
    },
    /** The same delivery (same messageId) published `times` times straight onto the exchange. */
    async publishDuplicates(type: MessageType, payload: Record<string, unknown>, times: number) {
      const conn = await amqp.connect(urls.amqp);
      const ch = await conn.createConfirmChannel();
      const messageId = randomUUID();
      for (let i = 0; i < times; i++) {
        ch.publish(`${prefix}commerce.commands`, type, Buffer.from(JSON.stringify(payload)), {
          messageId,
          type,
          correlationId: String(payload.orderId),
          contentType: 'application/json',
          persistent: true,
          headers: { 'x-schema-version': 1 },
        });
      }
      await ch.waitForConfirms();
      await conn.close();
    },
    events: (type?: string, orderId?: string) =>
      seen.filter((m) => (!type || m.type === type) && (!orderId || m.correlationId === orderId)),
    async level(sku: string) {
      const [central] = (await simJson(`/inventory/levels/${sku}`)) as {
        available: number;
        reserved: number;
        on_hand: number;
      }[];
      return central as { available: number; reserved: number; on_hand: number };
    },
    async close() {
      await Promise.all(services.map((s) => s.stop()));
      await probe.close();
      const db = mongoose.createConnection(`${urls.mongo.replace(/\/$/, '')}/t_${id}`);
      await db
        .asPromise()
        .then(() => db.dropDatabase())
        .catch(() => {});
      await db.close();
      (sim.server as Server).closeAllConnections();
      sim.server.close();
      await deleteBrokerObjects(urls.amqpManagement, prefix);
    },
  };
}

export type InventoryWorld = Awaited<ReturnType<typeof createInventoryWorld>>;
