import { ERROR_CATALOGUE, type ErrorCode } from './catalogue.ts';

/** One failing input field, rendered in problem+json `errors` and in DLQ reasons. */
export interface FieldError {
  /** Dotted path of the field, e.g. `lineItems.0.sku`. */
  field: string;
  message: string;
}

export interface AppErrorOptions {
  cause?: unknown;
  /** Hint for the operator or caller on what to do next. */
  help?: string;
  /** How long to wait before retrying (from Retry-After or a circuit breaker). */
  retryAfterMs?: number;
  /** Failing fields for validation errors. */
  fields?: FieldError[];
  /** Which external API (stripe, shopify, easypost, smtp, mongo, …) failed, for upstream errors. */
  api?: string;
  /** Status the upstream answered with, when there was one. */
  upstreamStatus?: number;
  /** Provider's own error code (Stripe `decline_code`, EasyPost `code`, …); never personal data. */
  providerCode?: string;
  /** Overrides the catalogue's retryability (e.g. a 4xx that is safe to retry). */
  retryable?: boolean;
}

/**
 * Base of every error the services raise or classify. `code` is stable (see the catalogue),
 * `retryable` tells messaging whether a retry tier can help, `httpStatus` drives problem+json.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly httpStatus: number;
  readonly title: string;
  readonly help: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly fields: FieldError[] | undefined;
  readonly api: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly providerCode: string | undefined;

  constructor(code: ErrorCode, message?: string, opts: AppErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(message ?? entry.title, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = opts.retryable ?? entry.retryable;
    this.httpStatus = entry.httpStatus;
    this.title = entry.title;
    this.help = opts.help;
    this.retryAfterMs = opts.retryAfterMs;
    this.fields = opts.fields;
    this.api = opts.api;
    this.upstreamStatus = opts.upstreamStatus;
    this.providerCode = opts.providerCode;
  }

  /** A log/DLQ-safe summary: no stack, no cause, no request data. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      httpStatus: this.httpStatus,
      help: this.help,
      retryAfterMs: this.retryAfterMs,
      fields: this.fields,
      api: this.api,
      upstreamStatus: this.upstreamStatus,
      providerCode: this.providerCode,
    };
  }
}

/** True for any AppError, also one created by another copy of this package. */
export function isAppError(err: unknown): err is AppError {
  return (
    err instanceof AppError ||
    (typeof err === 'object' &&
      err !== null &&
      typeof (err as AppError).code === 'string' &&
      (err as AppError).code in ERROR_CATALOGUE &&
      typeof (err as AppError).retryable === 'boolean' &&
      typeof (err as AppError).httpStatus === 'number')
  );
}
