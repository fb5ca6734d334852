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
  /** Expiring offline tokens only (ISO). */
  expiresAt?: string;
}

interface Refresh {
  shop: string;
  clientId: string;
  scope: string;
  expiresAt: number;
}

/** Lifetimes of expiring offline tokens (Shopify: 1 hour and 90 days). */
export interface TokenLifetimes {
  accessS: number;
  refreshS: number;
}
const SHOPIFY_LIFETIMES: TokenLifetimes = { accessS: 3600, refreshS: 90 * 86_400 };

// Shopify's authorization codes are short-lived and single-use.
const CODE_TTL_MS = 60_000;

/**
 * Authorization codes and the offline access tokens exchanged for them, per shop and app.
 * A non-expiring token stays valid until reset; an expiring one (asked with `expiring=1`)
 * stops working after `lifetimes.accessS` and comes with a single-use refresh token
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens).
 */
export function createGrants(
  apps: SimApp[],
  now: () => number = Date.now,
  lifetimes: TokenLifetimes = SHOPIFY_LIFETIMES,
) {
  const codes = new Map<string, Code>();
  const tokens = new Map<string, Grant>();
  const refreshes = new Map<string, Refresh>();
  const appOf = (clientId: string) => apps.find((a) => a.clientId === clientId);
  const clientOk = (clientId: string, clientSecret: string) => {
    const app = appOf(clientId);
    return Boolean(app && app.clientSecret === clientSecret);
  };
  const issue = (g: { shop: string; clientId: string; scope: string }, expiring: boolean) => {
    const token = `shpua_${randomBytes(16).toString('hex')}`;
    const issuedAt = new Date(now()).toISOString();
    if (!expiring) {
      tokens.set(token, { ...g, issuedAt });
      return { token, scope: g.scope };
    }
    const refresh = `shprt_${randomBytes(16).toString('hex')}`;
    const expiresAt = new Date(now() + lifetimes.accessS * 1000).toISOString();
    tokens.set(token, { ...g, issuedAt, expiresAt });
    refreshes.set(refresh, { ...g, expiresAt: now() + lifetimes.refreshS * 1000 });
    return {
      token,
      scope: g.scope,
      expiresIn: lifetimes.accessS,
      refreshToken: refresh,
      refreshTokenExpiresIn: lifetimes.refreshS,
    };
  };

  return {
    appOf,
    issueCode(shop: string, clientId: string, scope: string) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { shop, clientId, scope, expiresAt: now() + CODE_TTL_MS });
      return code;
    },
    /** code → token, once; undefined for an unknown, expired, used or foreign code. */
    exchange(code: string, clientId: string, clientSecret: string, expiring = false) {
      if (!clientOk(clientId, clientSecret)) return { error: 'invalid_client' as const };
      const grant = codes.get(code);
      codes.delete(code); // single-use even when the exchange fails
      if (!grant || grant.clientId !== clientId || grant.expiresAt < now())
        return { error: 'invalid_grant' as const };
      return issue(grant, expiring);
    },
    /** refresh token → a new expiring token and refresh token; the used refresh token is spent. */
    refresh(refreshToken: string, clientId: string, clientSecret: string) {
      if (!clientOk(clientId, clientSecret)) return { error: 'invalid_client' as const };
      const grant = refreshes.get(refreshToken);
      refreshes.delete(refreshToken);
      if (!grant || grant.clientId !== clientId || grant.expiresAt < now())
        return { error: 'invalid_grant' as const };
      return issue(grant, true);
    },
    shopForToken(token: string) {
      const t = tokens.get(token);
      if (!t || (t.expiresAt && Date.parse(t.expiresAt) <= now())) return undefined;
      return t.shop;
    },
    /** Tokens issued, without their values (the control plane never shows secrets). */
    issued: () => [...tokens.values()],
    reset() {
      codes.clear();
      tokens.clear();
      refreshes.clear();
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
