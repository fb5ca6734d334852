import type { AppError } from './app-error.ts';
import { RateLimited, UpstreamRejected, UpstreamTimeout, UpstreamUnavailable } from './facts.ts';
import { type HeaderSource, parseRetryAfter, readHeader } from './retry-after.ts';

export interface HttpFailure {
  status: number;
  headers?: HeaderSource;
  /** Which API answered (stripe, shopify, easypost, …). */
  api?: string;
  message?: string;
  providerCode?: string;
  cause?: unknown;
}

/**
 * Classifies an upstream HTTP answer that is not 2xx: 429 → RateLimited with Retry-After,
 * 408/504 → UpstreamTimeout, other 5xx → UpstreamUnavailable (all retryable); any other
 * 4xx → UpstreamRejected (not retryable: the same request will fail the same way).
 * Use it where `fetch` resolves with `!res.ok` instead of throwing.
 */
export function fromHttpStatus(failure: HttpFailure): AppError {
  const { status, api, providerCode, cause } = failure;
  const opts = { api, upstreamStatus: status, providerCode, cause };
  const label = `${api ?? 'upstream'} answered ${status}`;
  const message = failure.message ? `${label}: ${failure.message}` : label;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(readHeader(failure.headers, 'retry-after'));
    return new RateLimited(message, { ...opts, retryAfterMs });
  }
  if (status === 408 || status === 504) return new UpstreamTimeout(message, opts);
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(readHeader(failure.headers, 'retry-after'));
    return new UpstreamUnavailable(message, { ...opts, retryAfterMs });
  }
  return new UpstreamRejected(message, opts);
}
