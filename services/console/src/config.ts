import { readFileSync } from 'node:fs';
import { z } from 'zod';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const optionalUrl = z.union([z.literal(''), z.url()]).optional();

/** Every console setting; `loadConfig` exits naming a bad variable. */
export const ConsoleConfig = z
  .object({
    CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(3006),
    HTTP_HOST: z.string().default('127.0.0.1'),
    /** Where browsers reach the console; http only on loopback (cookies are Secure elsewhere). */
    CONSOLE_PUBLIC_URL: z.url().default('http://127.0.0.1:3006'),
    OIDC_ISSUER_URL: z.url(),
    OIDC_CLIENT_ID: z.string().min(1),
    OIDC_CLIENT_SECRET: z.string().min(16),
    OIDC_SCOPES: z.string().default('openid profile roles'),
    /** Claim holding the roles (an array or a space-separated string), e.g. `groups`. */
    OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
    /** Provider role values that make a console viewer / operator. */
    CONSOLE_VIEWER_ROLE: z.string().min(1).default('viewer'),
    CONSOLE_OPERATOR_ROLE: z.string().min(1).default('operator'),
    CONSOLE_SESSION_IDLE_MS: z.coerce
      .number()
      .int()
      .min(60_000)
      .default(30 * 60_000),
    CONSOLE_SESSION_MAX_MS: z.coerce
      .number()
      .int()
      .min(60_000)
      .default(12 * 3_600_000),
    MONGO_URL: z.string().min(1),
    CONSOLE_MONGO_DB: z.string().min(1).default('console'),
    /** PKCS#8 PEM (ES256) the console signs admin tokens with; its public half is what services trust. */
    CONSOLE_ADMIN_SIGNING_KEY: z.string().optional(),
    CONSOLE_ADMIN_SIGNING_KEY_FILE: z.string().optional(),
    CONSOLE_ADMIN_TOKEN_ISSUER: z.string().min(1).default('commerce-sync-console'),
    CONSOLE_ADMIN_TOKEN_AUDIENCE: z.string().min(1).default('commerce-sync-admin'),
    CONSOLE_ADMIN_TOKEN_TTL_S: z.coerce.number().int().min(10).max(900).default(60),
    ORDERS_URL: optionalUrl,
    PAYMENTS_URL: optionalUrl,
    INVENTORY_URL: optionalUrl,
    SHIPPING_URL: optionalUrl,
    NOTIFICATIONS_URL: optionalUrl,
    ORDERS_PORT: z.string().optional(),
    PAYMENTS_PORT: z.string().optional(),
    INVENTORY_PORT: z.string().optional(),
    SHIPPING_PORT: z.string().optional(),
    NOTIFICATIONS_PORT: z.string().optional(),
    /** The time-series engine's Prometheus HTTP API (VictoriaMetrics locally, Prometheus in Kubernetes). */
    METRICS_URL: optionalUrl.default('http://127.0.0.1:8428'),
    /** Links trace ids to a trace UI: `{traceId}` is replaced, e.g. http://127.0.0.1:16686/trace/{traceId} (Jaeger). */
    TRACE_UI_URL: z
      .string()
      .refine((v) => v === '' || (URL.canParse(v.replace('{traceId}', 'x')) && v.includes('{traceId}')), {
        message: 'an http(s) URL holding {traceId}',
      })
      .default(''),
    /** How often a page with live updates (overview, needs attention) fetches itself again. */
    CONSOLE_LIVE_INTERVAL_MS: z.coerce.number().int().min(500).default(10_000),
    LOG_LEVEL: z.string().default('info'),
  })
  .refine((c) => c.CONSOLE_ADMIN_SIGNING_KEY || c.CONSOLE_ADMIN_SIGNING_KEY_FILE, {
    path: ['CONSOLE_ADMIN_SIGNING_KEY_FILE'],
    message: 'set CONSOLE_ADMIN_SIGNING_KEY_FILE or CONSOLE_ADMIN_SIGNING_KEY',
  })
  .refine((c) => new URL(c.CONSOLE_PUBLIC_URL).protocol === 'https:' || isLoopback(c.CONSOLE_PUBLIC_URL), {
    path: ['CONSOLE_PUBLIC_URL'],
    message: 'must be https outside localhost (session cookies are Secure there)',
  });
export type ConsoleConfig = z.output<typeof ConsoleConfig>;

export function isLoopback(url: string): boolean {
  return LOOPBACK.has(new URL(url).hostname);
}

export const SERVICE_NAMES = ['orders', 'payments', 'inventory', 'shipping', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Base URL of each service the console reaches: `<NAME>_URL`, else loopback on `<NAME>_PORT`. */
export function serviceUrls(c: ConsoleConfig): Partial<Record<ServiceName, string>> {
  const out: Partial<Record<ServiceName, string>> = {};
  for (const name of SERVICE_NAMES) {
    const upper = name.toUpperCase() as Uppercase<ServiceName>;
    const url = c[`${upper}_URL`];
    const port = c[`${upper}_PORT`];
    if (url) out[name] = url.replace(/\/$/, '');
    else if (url === undefined && port) out[name] = `http://127.0.0.1:${port}`;
  }
  return out;
}

export function signingKeyPem(c: ConsoleConfig): string {
  if (c.CONSOLE_ADMIN_SIGNING_KEY) return c.CONSOLE_ADMIN_SIGNING_KEY.replaceAll('\\n', '\n');
  return readFileSync(c.CONSOLE_ADMIN_SIGNING_KEY_FILE ?? '', 'utf8');
}
