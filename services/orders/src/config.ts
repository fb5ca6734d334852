import { readFileSync } from 'node:fs';
import { AmqpUrlSchema } from '@commerce-sync/messaging';
import { TrustProxySetting } from '@commerce-sync/service-kit/trust-proxy';
import { z } from 'zod';

const intFrom = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/** Every variable the orders service reads (names and local defaults in .env.example). */
export const OrdersConfig = z.object({
  ORDERS_PORT: intFrom(3001),
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** Peers trusted to name the client in X-Forwarded-For (hops or CIDRs; off by default). */
  TRUST_PROXY: TrustProxySetting,
  AMQP_URL: AmqpUrlSchema,
  MONGO_URL: z.string().min(1),
  ORDERS_MONGO_DB: z.string().default('orders'),
  /** Prefix of exchange and queue names (tests run isolated topologies). */
  MESSAGING_PREFIX: z.string().default(''),
  ORDERS_CONCURRENCY: intFrom(16),
  /** Orders this process wrote last kept in memory, so their next step skips a read (0: off). */
  ORDERS_REMEMBERED: intFrom(10_000),
  SHOPIFY_WEBHOOK_SECRET: z.string().min(8),
  SHOPIFY_SHOP_DOMAIN: z.string().min(1),
  SHOPIFY_ADMIN_TOKEN: z.string().min(1),
  /** Extra shops: {"other.myshopify.com":"shpat_…"}. */
  SHOPIFY_ADMIN_TOKENS: z
    .string()
    .default('{}')
    .transform((s, ctx) => {
      const parsed = z.record(z.string(), z.string().min(1)).safeParse(safeJson(s));
      if (!parsed.success) ctx.addIssue({ code: 'custom', message: 'must be a JSON object of shop → token' });
      return parsed.data ?? {};
    }),
  SHOPIFY_API_URL: z.string().default(''),
  SHOPIFY_API_VERSION: z.string().min(7),
  /** The app merchants install through OAuth: client id and secret (Partner Dashboard). */
  SHOPIFY_API_KEY: z.string().min(1).default('commerce_sync_dev_client_id'),
  SHOPIFY_API_SECRET: z.string().min(8).default('commerce_sync_dev_client_secret'),
  /** Public URL of this service: OAuth redirect URI and webhook address are built on it. */
  SHOPIFY_APP_URL: z.url().default('http://127.0.0.1:3001'),
  /** Ask for expiring offline tokens (1 h, with a refresh token) at install; refreshed before expiry. */
  SHOPIFY_EXPIRING_TOKENS: z.enum(['true', 'false']).default('true'),
  /** An expiring token is refreshed once it has less than this left. */
  SHOPIFY_TOKEN_REFRESH_MARGIN_S: intFrom(300),
  /** Encryption at rest (libs/privacy): key ring JSON {id: base64 32 bytes}, active id, blind-index key. */
  DATA_KEYS: z.string().optional(),
  DATA_KEY_ACTIVE: z.string().optional(),
  DATA_INDEX_KEY: z.string().optional(),
  /** Re-wraps records sealed with an old key to DATA_KEY_ACTIVE (also once at start). */
  ORDERS_REWRAP_CRON: z.string().default('17 */10 * * * *'),
  /** A redaction some service has not confirmed after this long is sent again by the sweeper. */
  ORDERS_REDACTION_RESEND_S: intFrom(600),
  NODE_ENV: z.string().optional(),
  SHOPIFY_SCOPES: z
    .string()
    .default('read_orders,write_orders,read_inventory,write_inventory,read_locations,write_fulfillments'),
  /** How often the sweeper looks for stuck orders, unprocessed deliveries and write-backs. */
  ORDERS_SWEEP_CRON: z.string().default('*/15 * * * * *'),
  /** Re-sends of a stuck command before the order needs attention. */
  ORDERS_MAX_SWEEPS: intFrom(3),
  /** Per-state deadlines as JSON, e.g. {"authorizing":60000}; defaults in domain/transition.ts. */
  ORDERS_DEADLINES_MS: z
    .string()
    .default('{}')
    .transform((s) => z.record(z.string(), z.number()).parse(safeJson(s))),
  ADMIN_JWT_PUBLIC_KEY: z.string().optional(),
  ADMIN_JWT_PUBLIC_KEY_FILE: z.string().optional(),
  ADMIN_JWKS_URL: z.string().optional(),
  SHUTDOWN_DEADLINE_MS: intFrom(20_000),
});
export type OrdersConfig = z.output<typeof OrdersConfig>;

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** The admin public key: inline PEM wins over the file (path relative to the working directory). */
export function adminPublicKey(config: OrdersConfig): string | undefined {
  if (config.ADMIN_JWT_PUBLIC_KEY) return config.ADMIN_JWT_PUBLIC_KEY;
  return config.ADMIN_JWT_PUBLIC_KEY_FILE
    ? readFileSync(config.ADMIN_JWT_PUBLIC_KEY_FILE, 'utf8')
    : undefined;
}

/** Admin API token per shop: SHOPIFY_ADMIN_TOKENS plus the default shop. */
export function shopTokens(config: OrdersConfig): Record<string, string> {
  return { ...config.SHOPIFY_ADMIN_TOKENS, [config.SHOPIFY_SHOP_DOMAIN]: config.SHOPIFY_ADMIN_TOKEN };
}
