import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmqpUrlSchema } from '@commerce-sync/messaging';
import { TrustProxySetting } from '@commerce-sync/service-kit/trust-proxy';
import { z } from 'zod';
import { ShopIdentitiesSchema } from './domain/shop-identity.ts';

const optional = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));

/** Every variable the service reads (names and local defaults in .env.example). */
export const NotificationsConfigSchema = z.object({
  NOTIFICATIONS_PORT: z.coerce.number().int().min(0).max(65_535).default(3005),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Peers trusted to name the client in X-Forwarded-For (hops or CIDRs; off by default). */
  TRUST_PROXY: TrustProxySetting,
  AMQP_URL: AmqpUrlSchema,
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// URL'),
  NOTIFICATIONS_DB: z.string().min(1).default('notifications'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'an smtp:// URL'),
  MAIL_FROM: z.string().min(3),
  TRACKING_TOKEN_SECRET: z.string().min(32, 'at least 32 characters'),
  PUBLIC_BASE_URL: z.url(),
  ADMIN_JWT_PUBLIC_KEY_FILE: optional,
  ADMIN_JWKS_URL: optional,
  SHUTDOWN_DEADLINE_MS: z.coerce.number().int().positive().default(20_000),
  /** Prefix of exchanges and queues (tests and shared brokers). */
  MESSAGING_PREFIX: z.string().default(''),
  /** Comma-separated retry delays; empty means the messaging defaults (1 s, 10 s, 1 min, 10 min). */
  NOTIFICATIONS_RETRY_TIERS_MS: optional.transform((v) => v?.split(',').map((s) => Number(s.trim()))),
  /** How often each replica looks for changes of the orders its live viewers watch. */
  LIVE_POLL_MS: z.coerce.number().int().positive().default(1_000),
  /**
   * mailpit's HTTP API: asked whether an email whose sender died mid-send was accepted, so it is
   * not sent twice. Production SMTP relays have no such search; unset, such an email is re-sent.
   */
  MAILPIT_API_URL: optional.pipe(z.url().optional()),
  /** How long a consumer holds a notification while sending (beyond the SMTP timeouts). */
  CLAIM_LEASE_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * Per shop, how it presents itself to customers: JSON `{ "<shop domain>": { "name": "Blue
   * Mugs", "senderName"?, "supportEmail"?, "supportUrl"?, "logoUrl"? (https), "accentColour"?
   * (#rrggbb, 4.5:1 on white), "timeZone"? } }`. A shop absent here gets a name from its domain.
   */
  SHOP_IDENTITIES: optional
    .transform((v, ctx) => {
      try {
        return v ? (JSON.parse(v) as unknown) : {};
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(ShopIdentitiesSchema),
});
export type NotificationsConfig = z.output<typeof NotificationsConfigSchema>;

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The admin public key: the file path may be relative to the working directory or the repository. */
export function readAdminPublicKey(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const candidates = isAbsolute(file) ? [file] : [resolve(file), resolve(REPO_ROOT, file)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`config error: ADMIN_JWT_PUBLIC_KEY_FILE: file not found`);
  return readFileSync(found, 'utf8');
}
