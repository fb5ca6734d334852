import { readFileSync } from 'node:fs';
import { Address } from '@commerce-sync/contracts';
import { AmqpUrlSchema } from '@commerce-sync/messaging';
import { TrustProxySetting } from '@commerce-sync/service-kit/trust-proxy';
import { z } from 'zod';
import { DEFAULT_BOXES } from './domain/parcel.ts';
import { parseRatePolicy } from './domain/rate-policy.ts';

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const Box = z.object({
  name: z.string().min(1),
  length: z.number().positive(),
  width: z.number().positive(),
  height: z.number().positive(),
  tareGrams: z.number().nonnegative(),
  maxGrams: z.number().positive(),
});

/** Every variable the shipping service reads (names and local defaults in .env.example). */
export const ShippingConfig = z.object({
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** Peers trusted to name the client in X-Forwarded-For (hops or CIDRs; off by default). */
  TRUST_PROXY: TrustProxySetting,
  SHIPPING_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  MONGO_URL: z.string().min(1),
  MONGO_DB: z.string().default('shipping'),
  AMQP_URL: AmqpUrlSchema,
  /** Prefix of exchanges and queues (tests and side-by-side stacks). */
  MESSAGING_PREFIX: z.string().default(''),
  /** Comma-separated retry tiers in ms (default: the messaging lib's 1 s, 10 s, 1 min, 10 min). */
  RETRY_TIERS_MS: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map(Number) : undefined)),
  EASYPOST_API_URL: z.url(),
  EASYPOST_API_KEY: z.string().min(1),
  EASYPOST_WEBHOOK_SECRET: z.string().min(1),
  EASYPOST_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  RATE_POLICY: z
    .string()
    .default('cheapest')
    .transform((s, ctx) => {
      const policy = parseRatePolicy(s);
      if (!policy) ctx.addIssue({ code: 'custom', message: 'cheapest | fastest | cheapest_within_days:<n>' });
      return policy ?? z.NEVER;
    }),
  CARRIER_ALLOWLIST: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  SHIP_FROM: json(Address),
  /** Boxes of the packaging rule, lightest first (JSON array); default small/medium/large. */
  PACKAGING: json(z.array(Box).min(1))
    .optional()
    .transform((b) => b ?? [...DEFAULT_BOXES]),
  /** node-cron expression of the tracking poller (6 fields: seconds first). */
  TRACKING_POLL_CRON: z.string().default('*/15 * * * * *'),
  /** A tracker silent this long is fetched by the poller. */
  TRACKING_SILENCE_MS: z.coerce.number().int().positive().default(120_000),
  /** Polls of one tracker failing for this long: given up, counted and listed (default 3 days). */
  TRACKING_GIVE_UP_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(3 * 86_400_000),
  ADMIN_JWT_PUBLIC_KEY_FILE: z.string().optional(),
  ADMIN_JWT_PUBLIC_KEY: z.string().optional(),
  ADMIN_JWKS_URL: z.string().optional(),
  SHUTDOWN_DEADLINE_MS: z.coerce.number().int().positive().default(20_000),
});
export type ShippingConfig = z.output<typeof ShippingConfig>;

/** The admin public key: inline PEM, else the file (relative to the working directory). */
export function adminPublicKey(c: ShippingConfig): string | undefined {
  if (c.ADMIN_JWT_PUBLIC_KEY) return c.ADMIN_JWT_PUBLIC_KEY;
  return c.ADMIN_JWT_PUBLIC_KEY_FILE ? readFileSync(c.ADMIN_JWT_PUBLIC_KEY_FILE, 'utf8') : undefined;
}
