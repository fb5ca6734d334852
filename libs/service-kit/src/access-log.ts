import { currentTraceId, type Logger } from '@commerce-sync/telemetry';
import type { RequestHandler } from 'express';

/**
 * One log line per request: method, route pattern, status, duration, trace and request id.
 * The pattern (`/track/:token`), never the URL: paths carry tracking and unsubscribe tokens
 * and query strings carry anything. No client address, headers or bodies either (personal
 * data). Logged on `close`, which also fires when the client goes away first (an SSE stream
 * ends that way): `aborted` tells those apart.
 */
export function accessLog(logger: Logger): RequestHandler {
  const log = logger.child({ module: 'access' });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Read now: the request's span is active while its middleware runs, not in `close`.
    const traceId = currentTraceId();
    res.once('close', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      log.info(
        {
          method: req.method,
          route,
          status: res.statusCode,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
          ...(traceId ? { trace_id: traceId } : {}),
          requestId: req.id,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
    next();
  };
}
