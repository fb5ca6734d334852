import { type AppError, fromHttpStatus, toAppError, UpstreamUnavailable } from '@commerce-sync/errors';

interface EasyPostApiError {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
}

/**
 * EasyPost failures as AppErrors. The client's error classes are minified in its bundle, so
 * the status and code decide, not class names. 400/404/422 (bad address, bad parcel, postage
 * exists…) are final for this request; 401/402/403 (key revoked, balance empty) are our
 * configuration, not the order's fault, so they stay retryable until an operator fixes them.
 */
export function toCourierError(err: unknown): AppError {
  const e = (err ?? {}) as EasyPostApiError;
  if (typeof e.statusCode !== 'number' || e.statusCode < 400) return toAppError(err, { api: 'easypost' });
  const status = e.statusCode;
  const message = typeof e.message === 'string' ? e.message : undefined;
  const providerCode = typeof e.code === 'string' ? e.code : undefined;
  if (status === 401 || status === 402 || status === 403) {
    return new UpstreamUnavailable(`easypost refused our account (${status}): ${message ?? ''}`, {
      api: 'easypost',
      upstreamStatus: status,
      providerCode,
      cause: err,
      help: 'Check EASYPOST_API_KEY and the EasyPost balance, then replay the DLQ.',
    });
  }
  return fromHttpStatus({ status, api: 'easypost', message, providerCode, cause: err });
}
