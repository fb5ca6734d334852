import { RateLimited, toAppError } from '@commerce-sync/errors';
import type { ResilientHttp } from '@commerce-sync/service-kit';
import { type AdminApiClient, createAdminApiClient } from '@shopify/admin-api-client';

export interface ShopifyApiConfig {
  /** Admin API access token per shop domain: a fixed map, or a lookup (the shop registry). */
  tokens: Record<string, string> | ((shop: string) => Promise<string | undefined>);
  apiVersion: string;
  /** Base URL of the Admin API; empty = the shop itself (production). */
  apiUrl?: string;
}

export type ShopifyRequest = <T>(
  shop: string,
  query: string,
  variables: Record<string, unknown>,
) => Promise<T>;

/**
 * The official client per shop. It always builds `https://<shop>/admin/api/<v>/graphql.json`;
 * with `apiUrl` set (simulator, proxy) the same path goes to that base URL instead. Errors
 * (HTTP, GraphQL, THROTTLED) come back as AppErrors the resilience policy can retry.
 */
export function createShopifyRequest(config: ShopifyApiConfig): ShopifyRequest {
  const clients = new Map<string, AdminApiClient>();
  const base = config.apiUrl?.replace(/\/$/, '');
  const { tokens } = config;
  const tokenOf = async (shop: string) => (typeof tokens === 'function' ? tokens(shop) : tokens[shop]);
  const clientFor = async (shop: string) => {
    const token = await tokenOf(shop);
    if (!token)
      throw toAppError(Object.assign(new Error(`no Admin API token for ${shop}`), { status: 401 }), {
        api: 'shopify',
      });
    // Keyed by token too: a reinstall issues a new token, and the old client must not be reused.
    const key = `${shop} ${token}`;
    let client = clients.get(key);
    if (!client) {
      const origin = `https://${shop}`;
      client = createAdminApiClient({
        storeDomain: shop,
        apiVersion: config.apiVersion,
        accessToken: token,
        retries: 0, // retries belong to the resilience policy (backoff, breaker, Retry-After)
        customFetchApi: (url, init) => fetch(base ? String(url).replace(origin, base) : url, init),
      });
      for (const k of clients.keys()) if (k.startsWith(`${shop} `)) clients.delete(k);
      clients.set(key, client);
    }
    return client;
  };
  return async (shop, query, variables) => {
    const res = await (await clientFor(shop)).request(query, { variables });
    if (res.errors) throw classify(res.errors, res.extensions);
    return res.data as never;
  };
}

/** Runs a unit of Shopify work (lookups + write) under the policy; the unit must be safe to repeat. */
export function withPolicy(http: ResilientHttp) {
  return <T>(operation: string, work: () => Promise<T>) =>
    http.execute(() => work(), { idempotent: true, operation });
}

// THROTTLED arrives as 200 + a GraphQL error; the bucket state says when the cost is back
// (https://shopify.dev/docs/api/usage/limits#rate-limiting-methods).
function classify(errors: { graphQLErrors?: unknown[] }, extensions?: Record<string, unknown>) {
  const codes = (errors.graphQLErrors ?? []).map(
    (e) => (e as { extensions?: { code?: string } }).extensions?.code,
  );
  if (!codes.includes('THROTTLED')) return toAppError(errors, { api: 'shopify' });
  const cost = extensions?.cost as
    | { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable: number; restoreRate: number } }
    | undefined;
  const s = cost?.throttleStatus;
  const missing = (cost?.requestedQueryCost ?? 0) - (s?.currentlyAvailable ?? 0);
  const retryAfterMs = s?.restoreRate ? Math.ceil((Math.max(missing, 1) / s.restoreRate) * 1000) : 1000;
  return new RateLimited('Shopify throttled the query', {
    api: 'shopify',
    retryAfterMs,
    providerCode: 'THROTTLED',
  });
}
