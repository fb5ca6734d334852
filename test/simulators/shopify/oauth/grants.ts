import { createHmac, randomBytes } from 'node:crypto';

/** An app as registered in the Partner Dashboard: its client credentials and allowed redirect URLs. */
export interface SimApp {
  clientId: string;
  clientSecret: string;
  /** Allowed redirect URLs (prefix match, as the dashboard's list); any when empty. */
  redirectUrls?: string[];
}

interface Code {
  shop: string;
  clientId: string;
  scope: string;
  expiresAt: number;
}
export interface Grant {
  shop: string;
  clientId: string;
  scope: string;
  issuedAt: string;
}

// Shopify's authorization codes are short-lived and single-use.
const CODE_TTL_MS = 60_000;

/**
 * Authorization codes and the offline access tokens exchanged for them, per shop and app.
 * Tokens stay valid until reset (no expiring tokens in this slice).
 */
export function createGrants(apps: SimApp[], now: () => number = Date.now) {
  const codes = new Map<string, Code>();
  const tokens = new Map<string, Grant>();
  const appOf = (clientId: string) => apps.find((a) => a.clientId === clientId);

  return {
    appOf,
    issueCode(shop: string, clientId: string, scope: string) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { shop, clientId, scope, expiresAt: now() + CODE_TTL_MS });
      return code;
    },
    /** code → token, once; undefined for an unknown, expired, used or foreign code. */
    exchange(code: string, clientId: string, clientSecret: string) {
      const app = appOf(clientId);
      if (!app || app.clientSecret !== clientSecret) return { error: 'invalid_client' as const };
      const grant = codes.get(code);
      codes.delete(code); // single-use even when the exchange fails
      if (!grant || grant.clientId !== clientId || grant.expiresAt < now())
        return { error: 'invalid_grant' as const };
      const token = `shpua_${randomBytes(16).toString('hex')}`;
      tokens.set(token, {
        shop: grant.shop,
        clientId,
        scope: grant.scope,
        issuedAt: new Date(now()).toISOString(),
      });
      return { token, scope: grant.scope };
    },
    shopForToken: (token: string) => tokens.get(token)?.shop,
    /** Tokens issued, without their values (the control plane never shows secrets). */
    issued: () => [...tokens.values()],
    reset() {
      codes.clear();
      tokens.clear();
    },
  };
}
export type Grants = ReturnType<typeof createGrants>;

/**
 * The query HMAC Shopify puts on redirects to the app: hex HMAC-SHA256, with the client
 * secret, of the other parameters sorted by name and form-encoded
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-1-verify-the-installation-request).
 */
export function signQuery(params: Record<string, string>, secret: string): string {
  const sorted = new URLSearchParams(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHmac('sha256', secret).update(sorted.toString()).digest('hex');
}
