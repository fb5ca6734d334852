import { NotFound, problemJsonHandler, RateLimited } from '@commerce-sync/errors';
import { currentTraceId, httpMetrics, type Logger, metricsRegistry } from '@commerce-sync/telemetry';
import express, { type Express, type Request, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { accessLog } from './access-log.ts';
import { mountApiDocs } from './api-docs.ts';
import { rejectOperatorKeys, requireJsonBody } from './body-guards.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { evaluateReadiness, type ReadinessCheck } from './readiness.ts';
import { requestId } from './request-id.ts';
import type { TrustProxy } from './trust-proxy.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Exact bytes of a JSON body, for webhook signature checks. */
    rawBody?: Buffer;
    id?: string;
  }
}

export interface CreateAppOptions {
  service: string;
  logger: Logger;
  readiness?: ReadinessCheck[];
  /** JSON body limit (bytes or `'256kb'`); larger → 413. */
  bodyLimit?: number | string;
  /**
   * Per-client limit on every route but the probes and `/webhooks/*`; `false` disables it.
   * Webhooks are exempt: a provider delivers from a few addresses, so a per-client limit
   * throttles the shop's own traffic at peak, while a forged flood costs one HMAC and a 401.
   */
  rateLimit?: { windowMs: number; limit: number } | false;
  /**
   * Peers trusted to name the client in `X-Forwarded-For` (`TRUST_PROXY`, see trust-proxy.ts):
   * behind an ingress, without it every customer shares the ingress pod's rate-limit bucket.
   */
  trustProxy?: TrustProxy;
  /** Mounts the service's routes; runs before the 404 and error handlers are added. */
  routes?: (router: Router) => void;
}

export interface ServiceApp {
  app: Express;
  router: Router;
  /** Forces /readyz to 503 (shutdown) or back to evaluating the checks. */
  setReady(ready: boolean): void;
  isReady(): Promise<boolean>;
}

/** Builds the express 5 app every service runs: probes, metrics, guards, routes, problem+json. */
export function createApp(opts: CreateAppOptions): ServiceApp {
  const app = express();
  const router = express.Router();
  const checks = opts.readiness ?? [];
  let accepting = true;
  const isReady = async () => accepting && (await evaluateReadiness(checks)).ready;

  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? false);
  app.set('query parser', 'simple');
  app.use(requestId(), helmet());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'alive', service: opts.service });
  });
  app.get('/readyz', async (_req, res) => {
    const report = await evaluateReadiness(checks);
    const ready = accepting && report.ready;
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', accepting, checks: report.checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  // After the probes and /metrics: a kubelet probing every few seconds is not a caller.
  app.use(httpMetrics(), accessLog(opts.logger));
  if (opts.rateLimit !== false) app.use(clientRateLimit(opts.rateLimit ?? { windowMs: 60_000, limit: 600 }));
  app.use(requireJsonBody());
  app.use(
    express.json({
      limit: opts.bodyLimit ?? '256kb',
      type: ['application/json', 'application/*+json'],
      // Keeps the exact bytes: signatures are computed over them, not over re-serialised JSON.
      verify: (req, _res, buf) => {
        (req as Request).rawBody = buf;
      },
    }),
  );
  app.use(rejectOperatorKeys());
  mountApiDocs(app, opts.service);
  opts.routes?.(router);
  app.use(router);
  app.use(methodNotAllowed(app));
  app.use((req, _res, next) => next(new NotFound(`no route for ${req.method} ${req.path}`)));
  app.use(problemJsonHandler({ logger: opts.logger, getTraceId: () => currentTraceId() }));
  const setReady = (ready: boolean) => {
    accepting = ready;
  };
  return { app, router, setReady, isReady };
}

function clientRateLimit(cfg: { windowMs: number; limit: number }) {
  return rateLimit({
    windowMs: cfg.windowMs,
    limit: cfg.limit,
    skip: (req) => req.path.startsWith('/webhooks/'),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, _res, next, options) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfterMs = resetTime ? Math.max(0, resetTime.getTime() - Date.now()) : options.windowMs;
      next(new RateLimited('too many requests from this client', { retryAfterMs }));
    },
  });
}
