import { readFileSync } from 'node:fs';
import { AmqpUrlSchema } from '@commerce-sync/messaging';
import { TrustProxySetting } from '@commerce-sync/service-kit/trust-proxy';
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every variable the payments service reads (names and local defaults in .env.example). */
export const PaymentsConfigSchema = z
  .object({
    HTTP_HOST: z.string().default('127.0.0.1'),
    /** Peers trusted to name the client in X-Forwarded-For (hops or CIDRs; off by default). */
    TRUST_PROXY: TrustProxySetting,
    PAYMENTS_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    AMQP_URL: AmqpUrlSchema,
    MONGO_URL: z.string().min(1),
    PAYMENTS_DB: z.string().default('payments'),
    /** Prefix of exchanges and queues; tests isolate themselves with it. */
    MESSAGING_PREFIX: z.string().default(''),
    STRIPE_API_URL: z.url().default('https://api.stripe.com'),
    STRIPE_SECRET_KEY: z.string().min(1),
    STRIPE_WEBHOOK_SECRET: z.string().min(1),
    /** Per attempt; the policy retries timeouts with the same Idempotency-Key. */
    STRIPE_TIMEOUT_MS: ms(10_000),
    STRIPE_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    /** `fail`: a card that needs 3-D Secure fails the order; `wait`: wait for the customer. */
    PAYMENTS_ON_ACTION_REQUIRED: z.enum(['fail', 'wait']).default('fail'),
    RECONCILE_CRON: z.string().default('20 */5 * * * *'),
    RECONCILE_STALE_MS: ms(10 * 60_000),
    /** Stripe cancels uncaptured authorisations after 7 days; warn a day before. */
    AUTH_EXPIRY_WARNING_MS: ms(6 * 24 * 3_600_000),
    /** Period of the pass that processes webhook events recorded but left unprocessed (crash). */
    WEBHOOK_RECOVERY_MS: ms(60_000),
    ADMIN_JWT_PUBLIC_KEY: z.string().optional(),
    ADMIN_JWT_PUBLIC_KEY_FILE: z.string().optional(),
    ADMIN_JWKS_URL: z.string().optional(),
    ADMIN_JWT_ISSUER: z.string().optional(),
    ADMIN_JWT_AUDIENCE: z.string().optional(),
    SHUTDOWN_DEADLINE_MS: ms(20_000),
  })
  .refine((c) => c.ADMIN_JWT_PUBLIC_KEY || c.ADMIN_JWT_PUBLIC_KEY_FILE || c.ADMIN_JWKS_URL, {
    path: ['ADMIN_JWT_PUBLIC_KEY'],
    message: 'one of ADMIN_JWT_PUBLIC_KEY, ADMIN_JWT_PUBLIC_KEY_FILE or ADMIN_JWKS_URL is required',
  });

export type PaymentsConfig = z.output<typeof PaymentsConfigSchema>;

/** The admin public key from the variable or the file it names. */
export function adminPublicKey(config: PaymentsConfig): string | undefined {
  if (config.ADMIN_JWT_PUBLIC_KEY) return config.ADMIN_JWT_PUBLIC_KEY;
  return config.ADMIN_JWT_PUBLIC_KEY_FILE
    ? readFileSync(config.ADMIN_JWT_PUBLIC_KEY_FILE, 'utf8')
    : undefined;
}
