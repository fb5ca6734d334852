import type { AppError } from './app-error.ts';
import { RateLimited, UpstreamRejected } from './facts.ts';
import { fromHttpStatus } from './from-http-status.ts';
import { parseRetryAfter, readHeader } from './retry-after.ts';

type Loose = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

// Until orders and inventory share one Shopify Admin client package, the mapping of its
// `errors` object stays here, where both reach it.

interface GraphQlErrorLike {
  message?: string;
  extensions?: { code?: string };
}

/**
 * @shopify/admin-api-client does not throw: `client.request()` resolves with
 * `{ errors: { networkStatusCode, message, graphQLErrors, response } }`. Pass that `errors`
 * object here. Shopify signals cost throttling as a GraphQL error with code THROTTLED
 * (https://shopify.dev/docs/api/usage/rate-limits), not as HTTP 429.
 */
export function classifyShopify(err: Loose): AppError | undefined {
  const status = num(err.networkStatusCode);
  const gql = Array.isArray(err.graphQLErrors) ? (err.graphQLErrors as GraphQlErrorLike[]) : undefined;
  if (status === undefined && gql === undefined) return undefined;
  const api = 'shopify';
  const headers = (err.response as { headers?: unknown } | undefined)?.headers as Loose | undefined;
  if (gql?.some((e) => e.extensions?.code === 'THROTTLED')) {
    return new RateLimited('shopify throttled the query', {
      api,
      cause: err,
      retryAfterMs: retryAfter(headers) ?? 1000,
    });
  }
  if (status !== undefined && (status < 200 || status >= 300)) {
    return fromHttpStatus({ status, api, headers, message: str(err.message), cause: err });
  }
  const first = gql?.[0];
  const providerCode = first?.extensions?.code;
  return new UpstreamRejected(`shopify GraphQL error: ${first?.message ?? str(err.message) ?? 'unknown'}`, {
    api,
    cause: err,
    upstreamStatus: status,
    providerCode,
  });
}

function retryAfter(headers: unknown): number | undefined {
  return parseRetryAfter(readHeader(headers as Loose | undefined, 'retry-after'));
}
