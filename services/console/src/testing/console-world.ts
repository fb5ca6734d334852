import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { memoryLogger } from '@commerce-sync/service-kit/test-logger';
import { infraUrls } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { createOrdersWorld, type OrdersWorld } from '../../../orders/src/testing/orders-world.ts';
import { ConsoleConfig } from '../config.ts';
import { type RunningConsole, startConsole } from '../console.ts';
import { type RunningDevProvider, startDevProvider } from '../dev-provider/provider.ts';
import { DEV_SIGNING_KEY_FILE } from './dev-key.ts';

export const CLIENT_ID = 'console-it';
export const CLIENT_SECRET = `console_it_secret_${randomBytes(8).toString('hex')}`;

/** A port nobody listens on now: the provider must know the console's redirect URI before either starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The console against real neighbours: an orders world (service, Shopify simulator, probe),
 * the development OpenID provider, and the console on its own database.
 */
export async function createConsoleWorld(opts: { orders?: OrdersWorld; metricsUrl?: string } = {}) {
  const orders = opts.orders ?? (await createOrdersWorld());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const provider: RunningDevProvider = await startDevProvider({
    port: 0,
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUris: [`${url}/auth/callback`],
        postLogoutRedirectUris: [`${url}/signed-out`],
      },
    ],
  });
  const dbName = `t_console_${randomBytes(4).toString('hex')}`;
  const { logger, lines } = memoryLogger('console');
  const config = consoleConfig({
    port,
    issuer: provider.issuer,
    dbName,
    ordersUrl: orders.base,
    ...(opts.metricsUrl ? { metricsUrl: opts.metricsUrl } : {}),
  });
  const running: RunningConsole = await startConsole(config, logger);
  const db = await mongoose.createConnection(`${infraUrls().mongo.replace(/\/$/, '')}/${dbName}`).asPromise();
  return {
    url,
    orders,
    provider,
    console: running,
    db,
    logLines: lines,
    async close() {
      await running.stop();
      await provider.close();
      await db.dropDatabase();
      await db.close();
      if (!opts.orders) await orders.close();
    },
  };
}
export type ConsoleWorld = Awaited<ReturnType<typeof createConsoleWorld>>;

export function consoleConfig(o: {
  port: number;
  issuer: string;
  dbName: string;
  ordersUrl?: string;
  metricsUrl?: string;
}) {
  return ConsoleConfig.parse({
    CONSOLE_PORT: String(o.port),
    CONSOLE_PUBLIC_URL: `http://127.0.0.1:${o.port}`,
    OIDC_ISSUER_URL: o.issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    MONGO_URL: infraUrls().mongo,
    CONSOLE_MONGO_DB: o.dbName,
    CONSOLE_ADMIN_SIGNING_KEY_FILE: DEV_SIGNING_KEY_FILE,
    ...(o.ordersUrl ? { ORDERS_URL: o.ordersUrl } : {}),
    ...(o.metricsUrl ? { METRICS_URL: o.metricsUrl } : {}),
  });
}
