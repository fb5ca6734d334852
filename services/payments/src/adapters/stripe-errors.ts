import {
  type AppError,
  classifyNetwork,
  fromHttpStatus,
  IdempotencyConflict,
  PaymentDeclined,
  parseRetryAfter,
  RateLimited,
  readHeader,
  toAppError,
  UpstreamRejected,
} from '@commerce-sync/errors';

type Loose = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** Any failure of a Stripe call as one AppError: Stripe's own errors by their type, the rest as usual. */
export function toStripeError(err: unknown): AppError {
  const stripe = typeof err === 'object' && err !== null ? classifyStripe(err as Loose) : undefined;
  return stripe ?? toAppError(err, { api: 'stripe' });
}

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

function headersOf(err: Loose): Loose | undefined {
  return typeof err.headers === 'object' && err.headers !== null ? (err.headers as Loose) : undefined;
}

function retryAfter(headers: unknown): number | undefined {
  return parseRetryAfter(readHeader(headers as Loose | undefined, 'retry-after'));
}
