import { randomBytes } from 'node:crypto';
import type { Payload } from '@commerce-sync/contracts';
import { devPublicKey } from '@commerce-sync/service-kit/dev-token';
import { createLogger } from '@commerce-sync/telemetry';
import { deleteBrokerObjects } from '@commerce-sync/test/support/broker';
import { startMessageProbe } from '@commerce-sync/test/support/message-probe';
import { infraUrls } from '@commerce-sync/test/support/infra';
import { listen } from '@commerce-sync/test/simulators/common/listen';
import { createEasyPostSimulator } from '@commerce-sync/test/simulators/easypost/app';
import mongoose from 'mongoose';
import { ShippingConfig } from '../config.ts';
import { startShipping } from '../service.ts';

const EVENTS = [
  'shipment.label_purchased',
  'shipment.failed',
  'shipment.cancelled',
  'shipment.cancel_refused',
  'tracking.updated',
] as const;
const KEY = 'EZTK_shipping_it';
const SECRET = 'easypost_shipping_it_secret';

/** A valid shipment.create body for `orderId`. */
export function createBody(orderId: string, to: Partial<Payload<'shipment.create'>['to']> = {}) {
  return {
    orderId,
    reference: orderId,
    to: {
      name: 'Ada Buyer',
      street1: '417 Montgomery St',
      city: 'San Francisco',
      province: 'CA',
      zip: '94104',
      country: 'US',
      ...to,
    },
    lines: [{ sku: 'MUG-1', quantity: 2, grams: 350 }],
  };
}

/**
 * An isolated world for a shipping suite: the EasyPost simulator in-process (manual tracker
 * steps), the shipping service on its own prefix and database, and a probe standing in for
 * the orders saga: it sends commands through the messaging lib and records every event.
 */
export async function createShippingWorld(
  opts: { env?: Record<string, string>; sim?: { trackerStepMs?: number } } = {},
) {
  const urls = infraUrls();
  const id = `ship_${randomBytes(4).toString('hex')}`;
  const prefix = `t_${id}.`;
  const sim = createEasyPostSimulator({
    apiKey: KEY,
    webhookSecret: SECRET,
    settings: { trackerStepMs: opts.sim?.trackerStepMs ?? 0 },
    webhookRetryDelaysMs: [100, 300],
  });
  const simServer = await listen(sim.app, { name: 'easypost-sim', port: 0 });
  const config = ShippingConfig.parse({
    AMQP_URL: urls.amqp,
    MONGO_URL: urls.mongo,
    MONGO_DB: `t_${id}`,
    MESSAGING_PREFIX: prefix,
    RETRY_TIERS_MS: '300,600,1000,2000',
    SHIPPING_PORT: '0',
    EASYPOST_API_URL: `${simServer.url}/v2`,
    EASYPOST_API_KEY: KEY,
    EASYPOST_WEBHOOK_SECRET: SECRET,
    EASYPOST_TIMEOUT_MS: '1000',
    SHIP_FROM: JSON.stringify({
      name: 'Warehouse',
      street1: '1 Dock Road',
      city: 'Portland',
      province: 'OR',
      zip: '97201',
      country: 'US',
    }),
    ADMIN_JWT_PUBLIC_KEY: devPublicKey(),
    TRACKING_POLL_CRON: '0 0 1 1 *',
    ...opts.env,
  });
  const service = await startShipping(config, {
    exit: false,
    logger: createLogger({ service: 'shipping', level: 'warn' }),
  });
  const baseUrl = `http://127.0.0.1:${service.port}`;
  sim.settings.webhookUrl = `${baseUrl}/webhooks/easypost`;

  let ownDb: Promise<mongoose.Connection> | undefined;
  const probe = await startMessageProbe({ urls, id, prefix, watch: EVENTS });
  const { seen } = probe;

  return {
    sim,
    simUrl: simServer.url,
    baseUrl,
    config,
    /** The service's own store connection (opened with command monitoring). */
    connection: service.connection,
    /** Sends a command as the orders saga would: a new message id each time. */
    send(type: 'shipment.create' | 'shipment.cancel', payload: Record<string, unknown>) {
      return probe.emit(type, payload);
    },
    /** A connection to the service's own database, to look at what it wrote (closed by close()). */
    openDb: () => {
      ownDb ??= mongoose.createConnection(`${urls.mongo.replace(/\/$/, '')}/t_${id}`).asPromise();
      return ownDb;
    },
    /** The value of one `/metrics` line, e.g. `name{label="x"}` (0 when absent). */
    async metric(line: string) {
      const text = await (await fetch(`${baseUrl}/metrics`)).text();
      return Number(
        text
          .split('\n')
          .find((l) => l.startsWith(line))
          ?.split(' ')
          .at(-1) ?? 0,
      );
    },
    events: (type?: string, orderId?: string) =>
      seen.filter((m) => (!type || m.type === type) && (!orderId || m.correlationId === orderId)),
    simCall: (path: string, method = 'POST', body?: unknown) =>
      fetch(`${simServer.url}/__sim${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, unknown>>),
    async close() {
      if (ownDb) await (await ownDb).close();
      await service.stop();
      await probe.close();
      await sim.close();
      simServer.server.closeAllConnections();
      simServer.server.close();
      const db = await mongoose.createConnection(`${urls.mongo.replace(/\/$/, '')}/t_${id}`).asPromise();
      await db.dropDatabase().catch(() => {});
      await db.close();
      await deleteBrokerObjects(urls.amqpManagement, prefix);
    },
  };
}

export type ShippingWorld = Awaited<ReturnType<typeof createShippingWorld>>;
