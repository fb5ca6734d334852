import type { AppError } from './app-error.ts';
import { IdempotencyConflict, PaymentDeclined, RateLimited, UpstreamRejected } from './facts.ts';
import { fromHttpStatus } from './from-http-status.ts';
import { classifyNetwork } from './classify-network.ts';
import { parseRetryAfter, readHeader } from './retry-after.ts';

type Loose = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/**
 * stripe-node errors carry `type` = class name (StripeCardError, …) and `statusCode`.
 * https://docs.stripe.com/error-handling — only card errors and idempotency errors need
 * special meaning; the rest follow their HTTP status.
 */
export function classifyStripe(err: Loose): AppError | undefined {
  const type = str(err.type);
  if (!type?.startsWith('Stripe')) return undefined;
  const api = 'stripe';
  const opts = { api, cause: err, upstreamStatus: num(err.statusCode), providerCode: str(err.code) };
  const message = str(err.message);
  switch (type) {
    case 'StripeCardError':
      return new PaymentDeclined(message ?? 'card declined', {
        ...opts,
        providerCode: str(err.decline_code) ?? str(err.code),
      });
    case 'StripeIdempotencyError':
      return new IdempotencyConflict(message, opts);
    case 'StripeRateLimitError':
      return new RateLimited(message, { ...opts, retryAfterMs: retryAfter(err.headers) });
    case 'StripeConnectionError':
      return classifyNetwork(err, api) ?? fromHttpStatus({ status: 503, api, message, cause: err });
    case 'StripeAPIError':
      return fromHttpStatus({ status: Math.max(500, num(err.statusCode) ?? 500), api, message, cause: err });
  }
  const status = num(err.statusCode);
  if (status)
    return fromHttpStatus({
      status,
      api,
      message,
      headers: headersOf(err),
      providerCode: str(err.code),
      cause: err,
    });
  return new UpstreamRejected(message, opts);
}

/** @easypost/api ApiError subclasses expose `statusCode`, `code` and `errors`. */
export function classifyEasyPost(err: Loose): AppError | undefined {
  const status = num(err.statusCode);
  const ctor = (err as { constructor?: { name?: string } }).constructor?.name ?? '';
  const looksEasyPost =
    status !== undefined && typeof err.code === 'string' && Array.isArray(err.errors ?? []);
  if (!looksEasyPost || !/Error$/.test(ctor) || 'type' in err) return undefined;
  return fromHttpStatus({
    status,
    api: 'easypost',
    message: str(err.message),
    providerCode: str(err.code),
    cause: err,
  });
}

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

function headersOf(err: Loose): Loose | undefined {
  return typeof err.headers === 'object' && err.headers !== null ? (err.headers as Loose) : undefined;
}

function retryAfter(headers: unknown): number | undefined {
  return parseRetryAfter(readHeader(headers as Loose | undefined, 'retry-after'));
}
