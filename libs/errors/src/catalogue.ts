/**
 * The one catalogue of stable error codes (fastify `lib/errors.js` style). Codes are part of
 * the public contract: problem+json bodies, DLQ records and dashboards key on them, so a
 * code is never renamed or reused; add a new one instead.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { httpStatus: 400, retryable: false, title: 'Validation failed' },
  MALFORMED_REQUEST: { httpStatus: 400, retryable: false, title: 'Malformed request' },
  UNAUTHORIZED: { httpStatus: 401, retryable: false, title: 'Unauthorized' },
  SIGNATURE_INVALID: { httpStatus: 401, retryable: false, title: 'Signature invalid' },
  FORBIDDEN: { httpStatus: 403, retryable: false, title: 'Forbidden' },
  NOT_FOUND: { httpStatus: 404, retryable: false, title: 'Not found' },
  METHOD_NOT_ALLOWED: { httpStatus: 405, retryable: false, title: 'Method not allowed' },
  CONFLICT: { httpStatus: 409, retryable: false, title: 'Conflict' },
  DUPLICATE_KEY: { httpStatus: 409, retryable: false, title: 'Duplicate key' },
  ILLEGAL_TRANSITION: { httpStatus: 409, retryable: false, title: 'Illegal state transition' },
  IDEMPOTENCY_CONFLICT: { httpStatus: 409, retryable: false, title: 'Idempotency key reused' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, retryable: false, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, retryable: false, title: 'Unsupported media type' },
  PAYMENT_DECLINED: { httpStatus: 402, retryable: false, title: 'Payment declined' },
  STOCK_UNAVAILABLE: { httpStatus: 409, retryable: false, title: 'Stock unavailable' },
  RATE_LIMITED: { httpStatus: 429, retryable: true, title: 'Rate limited' },
  UPSTREAM_UNAVAILABLE: { httpStatus: 503, retryable: true, title: 'Upstream unavailable' },
  UPSTREAM_TIMEOUT: { httpStatus: 504, retryable: true, title: 'Upstream timeout' },
  UPSTREAM_REJECTED: { httpStatus: 502, retryable: false, title: 'Upstream rejected the request' },
  SHUTTING_DOWN: { httpStatus: 503, retryable: true, title: 'Service shutting down' },
  INTERNAL: { httpStatus: 500, retryable: false, title: 'Internal error' },
} as const satisfies Record<string, { httpStatus: number; retryable: boolean; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Every code as a constant, so callers compare `err.code === ErrorCodes.RATE_LIMITED`. */
export const ErrorCodes = Object.fromEntries(Object.keys(ERROR_CATALOGUE).map((c) => [c, c])) as {
  readonly [K in ErrorCode]: K;
};
