import { trace } from '@opentelemetry/api';
import type { ErrorRequestHandler, Request } from 'express';
import { toAppError } from './to-app-error.ts';
import { PROBLEM_CONTENT_TYPE, toProblemDetails } from './problem-details.ts';

/** The slice of a pino logger the handler needs. */
export interface ErrorLogger {
  error(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

export interface ProblemJsonHandlerOptions {
  logger?: ErrorLogger;
  /** Defaults to the active OpenTelemetry span's trace id. */
  getTraceId?: (req: Request) => string | undefined;
}

const activeTraceId = (): string | undefined => {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && ctx.traceId !== '00000000000000000000000000000000' ? ctx.traceId : undefined;
};

/**
 * Express error handler rendering every error as RFC 9457 problem+json. Server errors are
 * logged once with their cause chain and answered with a generic detail (no stack, no
 * internals); client errors are logged at info without request data.
 */
export function problemJsonHandler(opts: ProblemJsonHandlerOptions = {}): ErrorRequestHandler {
  const getTraceId = opts.getTraceId ?? activeTraceId;
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const appError = toAppError(err);
    const traceId = safe(() => getTraceId(req));
    const problem = toProblemDetails(appError, { instance: req.originalUrl.split('?')[0], traceId });
    if (appError.httpStatus >= 500) {
      opts.logger?.error({ err: appError.cause ?? appError, code: appError.code }, 'request failed');
    } else {
      opts.logger?.info({ code: appError.code, status: appError.httpStatus }, 'request rejected');
    }
    if (appError.retryAfterMs !== undefined) {
      res.setHeader('Retry-After', String(Math.ceil(appError.retryAfterMs / 1000)));
    }
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  };
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
