import { readFileSync } from 'node:fs';
import { AmqpUrlSchema } from '@commerce-sync/messaging';
import { TrustProxySetting } from '@commerce-sync/service-kit/trust-proxy';
import { z } from 'zod';

const intFrom = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/** Every variable the inventory service reads (names and local defaults in .env.example). */
export const InventoryConfig = z.object({
  INVENTORY_PORT: intFrom(3003),
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** Peers trusted to name the client in X-Forwarded-For (hops or CIDRs; off by default). */
  TRUST_PROXY: TrustProxySetting,
  AMQP_URL: AmqpUrlSchema,
  MONGO_URL: z.string().min(1),
  INVENTORY_MONGO_DB: z.string().default('inventory'),
  /** Prefix of exchange and queue names (tests run isolated topologies). */
  MESSAGING_PREFIX: z.string().default(''),
  INVENTORY_CONCURRENCY: intFrom(16),
  SHOPIFY_SHOP_DOMAIN: z.string().min(1),
  SHOPIFY_ADMIN_TOKEN: z.string().min(1),
  SHOPIFY_API_URL: z.string().default(''),
  SHOPIFY_API_VERSION: z.string().min(7),
  SHOPIFY_LOCATION_ID: z.string().startsWith('gid://shopify/Location/'),
  LOW_STOCK_THRESHOLD: intFrom(5),
  STOCK_SYNC_CRON: z.string().default('*/30 * * * * *'),
  STALE_RESERVATION_CRON: z.string().default('50 7 * * * *'),
  /** A reservation with no commit or release after this long is released (default 3 days). */
  RESERVATION_MAX_AGE_MS: intFrom(3 * 86_400_000),
  ADMIN_JWT_PUBLIC_KEY: z.string().optional(),
  ADMIN_JWT_PUBLIC_KEY_FILE: z.string().optional(),
  ADMIN_JWKS_URL: z.string().optional(),
  SHUTDOWN_DEADLINE_MS: intFrom(20_000),
});
export type InventoryConfig = z.output<typeof InventoryConfig>;

/** The admin public key: inline PEM wins over the file (path relative to the working directory). */
export function adminPublicKey(config: InventoryConfig): string | undefined {
  if (config.ADMIN_JWT_PUBLIC_KEY) return config.ADMIN_JWT_PUBLIC_KEY;
  return config.ADMIN_JWT_PUBLIC_KEY_FILE
    ? readFileSync(config.ADMIN_JWT_PUBLIC_KEY_FILE, 'utf8')
    : undefined;
}
