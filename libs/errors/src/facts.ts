import { AppError, type AppErrorOptions } from './app-error.ts';

// One class per fact, so `catch (e) { if (e instanceof PaymentDeclined) … }` reads like the
// business. Each is a thin name over a catalogue entry; behaviour lives in AppError.

/** Input (HTTP body, message body, config) does not match its schema. */
export class ValidationFailed extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('VALIDATION_FAILED', message, opts);
  }
}
/** The request could not be parsed at all (malformed JSON, operator keys, bad encoding). */
export class MalformedRequest extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('MALFORMED_REQUEST', message, opts);
  }
}
/** No or invalid credentials. */
export class Unauthorized extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('UNAUTHORIZED', message, opts);
  }
}
/** A webhook signature did not verify over the raw body. */
export class SignatureInvalid extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('SIGNATURE_INVALID', message, opts);
  }
}
/** Valid credentials without the needed permission. */
export class Forbidden extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('FORBIDDEN', message, opts);
  }
}
export class NotFound extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('NOT_FOUND', message, opts);
  }
}
/** The path exists, but not for this method (the answer's `Allow` header lists those it has). */
export class MethodNotAllowed extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('METHOD_NOT_ALLOWED', message, opts);
  }
}
export class Conflict extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('CONFLICT', message, opts);
  }
}
/** A unique index rejected a write (MongoDB code 11000): usually a duplicate delivery. */
export class DuplicateKey extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('DUPLICATE_KEY', message, opts);
  }
}
/** A state machine refused a move (e.g. capturing an order that was cancelled). */
export class IllegalTransition extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('ILLEGAL_TRANSITION', message, opts);
  }
}
/** An idempotency key was reused with different parameters (Stripe `idempotency_error`). */
export class IdempotencyConflict extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('IDEMPOTENCY_CONFLICT', message, opts);
  }
}
export class PayloadTooLarge extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('PAYLOAD_TOO_LARGE', message, opts);
  }
}
export class UnsupportedMediaType extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('UNSUPPORTED_MEDIA_TYPE', message, opts);
  }
}
/** The card or payment method was declined; `providerCode` keeps Stripe's `decline_code`. */
export class PaymentDeclined extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('PAYMENT_DECLINED', message, opts);
  }
}
export class StockUnavailable extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('STOCK_UNAVAILABLE', message, opts);
  }
}
/** Too many requests (429 or GraphQL THROTTLED); `retryAfterMs` says when to come back. */
export class RateLimited extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('RATE_LIMITED', message, opts);
  }
}
/** The upstream (API, broker, database) could not be reached or answered 5xx. */
export class UpstreamUnavailable extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('UPSTREAM_UNAVAILABLE', message, opts);
  }
}
/** The upstream did not answer in time; the effect may or may not have happened. */
export class UpstreamTimeout extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('UPSTREAM_TIMEOUT', message, opts);
  }
}
/** The upstream answered 4xx: repeating the same request will not help. */
export class UpstreamRejected extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('UPSTREAM_REJECTED', message, opts);
  }
}
/** The process is draining; the caller should try another replica. */
export class ShuttingDown extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('SHUTTING_DOWN', message, opts);
  }
}
/** Anything unexpected (a bug): 500, details only in the log. */
export class Internal extends AppError {
  constructor(message?: string, opts?: AppErrorOptions) {
    super('INTERNAL', message, opts);
  }
}
