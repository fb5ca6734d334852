import { RateLimited, toAppError } from '@commerce-sync/errors';
import type { ResilientHttp } from '@commerce-sync/service-kit';
import { createAdminApiClient } from '@shopify/admin-api-client';
import { type CostPacer, createCostPacer } from './shopify-pacer.ts';

export interface ShopifyClientConfig {
  shop: string;
  accessToken: string;
  apiVersion: string;
  /** Base URL of the Admin API; empty = the shop itself (production). */
  apiUrl?: string;
}

interface ThrottleStatus {
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * The official client, reached through our resilience policy. The client always builds
 * `https://<shop>/admin/api/<version>/graphql.json`; with `apiUrl` set (simulator, proxy) the
 * same path is sent to that base URL instead.
 */
export function createShopifyGraphql(
  config: ShopifyClientConfig,
  http: ResilientHttp,
  pacer: CostPacer = createCostPacer(),
) {
  const origin = `https://${config.shop}`;
  const base = config.apiUrl?.replace(/\/$/, '');
  const client = createAdminApiClient({
    storeDomain: config.shop,
    apiVersion: config.apiVersion,
    accessToken: config.accessToken,
    retries: 0, // retries belong to the policy (backoff, breaker, Retry-After)
    customFetchApi: (url, init) => fetch(base ? String(url).replace(origin, base) : url, init),
  });

  /** Runs one operation; every call we make is safe to repeat (a read, or carries @idempotent). */
  return async function request<T>(
    operation: string,
    name: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    // Paced before the policy, not inside it: a wait for the bucket is not a slow attempt.
    await pacer.take(name);
    return http.execute(
      async (signal) => {
        const res = await client.request(operation, { variables, signal });
        pacer.observe(name, res.extensions?.cost);
        if (res.errors) throw classify(res.errors, res.extensions);
        return res.data as T;
      },
      { idempotent: true, operation: name },
    );
  };
}

// THROTTLED arrives as 200 + a GraphQL error; the bucket state says how long until the
// query's cost is back (https://shopify.dev/docs/api/usage/limits#rate-limiting-methods).
function classify(errors: { graphQLErrors?: unknown[] }, extensions?: Record<string, unknown>) {
  const codes = (errors.graphQLErrors ?? []).map(
    (e) => (e as { extensions?: { code?: string } }).extensions?.code,
  );
  if (codes.includes('THROTTLED')) {
    const cost = extensions?.cost as
      | { requestedQueryCost?: number; throttleStatus?: ThrottleStatus }
      | undefined;
    const status = cost?.throttleStatus;
    const missing = (cost?.requestedQueryCost ?? 0) - (status?.currentlyAvailable ?? 0);
    const retryAfterMs = status?.restoreRate
      ? Math.ceil((Math.max(missing, 1) / status.restoreRate) * 1000)
      : 1000;
    return new RateLimited('Shopify throttled the query', {
      api: 'shopify',
      retryAfterMs,
      providerCode: 'THROTTLED',
    });
  }
  return toAppError(errors, { api: 'shopify' });
}

export type ShopifyGraphql = ReturnType<typeof createShopifyGraphql>;
