import express from 'express';
import { createFaultInjector, emptyFaults, type FaultConfig } from '../common/faults.ts';
import { controlRoutes } from './control.ts';
import { customerRoutes } from './customer-routes.ts';
import { notFound } from './errors.ts';
import { intentRoutes } from './intent-routes.ts';
import { refundRoutes } from './refund-routes.ts';
import { createRouteKit } from './sim-route.ts';
import { emptyState, listPage, type SimState } from './state.ts';
import { intParam, stringParam } from './params.ts';
import { createStripeWebhooks } from './webhooks.ts';

export interface StripeSimOptions {
  secretKey: string;
  webhookSecret: string;
  /** Where signed events go; unset → kept in /v1/events only. Changeable via PUT /__sim/webhook-url. */
  webhookUrl?: string;
  faults?: FaultConfig;
  /** Seedable randomness for the fault rolls. */
  random?: () => number;
  apiVersion?: string;
  webhookRetryDelaysMs?: number[];
}

const mask = (key: string) => (key.length > 8 ? `${key.slice(0, 8)}****${key.slice(-4)}` : '****');

/**
 * A Stripe API simulator that the official `stripe` package talks to unchanged
 * (`new Stripe(key, { host, port, protocol: 'http' })`): PaymentIntents with manual capture,
 * refunds, customers, events, idempotent requests, signed webhooks, faults and a control plane.
 */
export function createStripeSimulator(opts: StripeSimOptions) {
  let state: SimState = emptyState();
  const faults = createFaultInjector(opts.faults ?? emptyFaults(), opts.random);
  const kit = createRouteKit(() => state);
  const outage = { until: 0 };
  const webhookUrl = { value: opts.webhookUrl };
  const webhooks = createStripeWebhooks({
    state: () => state,
    faults,
    url: () => webhookUrl.value,
    secret: opts.webhookSecret,
    apiVersion: opts.apiVersion ?? '2026-10-28.endive',
    retryDelaysMs: opts.webhookRetryDelaysMs,
  });
  const deps = { state: () => state, emit: webhooks.emit, route: kit.route };
  const reset = () => {
    state = emptyState();
    kit.reset();
    outage.until = 0;
    faults.set(emptyFaults());
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(faults.middleware());
  const sim = express.Router();
  sim.use(faults.router());
  sim.use(
    controlRoutes({
      ...deps,
      reset,
      lostRules: kit.lostRules,
      expireKeys: kit.expireKeys,
      outage,
      webhookUrl,
      webhookLog: () => ({ pending: webhooks.sender.pending(), deliveries: webhooks.sender.log }),
      redeliver: (id) => {
        const event = state.events.find((e) => e.id === id);
        if (event) webhooks.deliver(event);
        return Boolean(event);
      },
    }),
  );
  app.use('/__sim', sim);

  app.use('/v1', (req, res, next) => {
    if (Date.now() < outage.until) {
      res
        .status(503)
        .json({ error: { type: 'api_error', message: 'Stripe is unavailable (simulated outage).' } });
      return;
    }
    const auth = req.get('Authorization') ?? '';
    const key = auth.startsWith('Bearer ')
      ? auth.slice(7)
      : auth.startsWith('Basic ')
        ? Buffer.from(auth.slice(6), 'base64').toString().split(':')[0]
        : '';
    if (key === opts.secretKey) return next();
    res.status(401).json({
      error: {
        type: 'invalid_request_error',
        message: key
          ? `Invalid API Key provided: ${mask(key)}`
          : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      },
    });
  });
  app.use('/v1', express.urlencoded({ extended: true, limit: '1mb' }));
  app.use(intentRoutes(deps), refundRoutes(deps), customerRoutes(deps));
  app.get(
    '/v1/events',
    kit.route((p) =>
      listPage(
        state.events.filter((e) => !p.type || e.type === p.type),
        { limit: intParam(p, 'limit'), startingAfter: stringParam(p, 'starting_after'), url: '/v1/events' },
      ),
    ),
  );
  app.get(
    '/v1/events/:id',
    kit.route((_p, _i, req) => {
      const event = state.events.find((e) => e.id === req.params.id);
      if (!event) throw notFound('event', String(req.params.id));
      return event;
    }),
  );
  app.use('/v1', (req, res) => {
    res.status(404).json({
      error: {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${req.method}: ${req.originalUrl.split('?')[0]}).`,
      },
    });
  });
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    res.status(status).json({
      error: {
        type: status < 500 ? 'invalid_request_error' : 'api_error',
        message: err instanceof Error ? err.message : 'error',
      },
    });
  });

  return {
    app,
    faults,
    webhooks,
    state: () => state,
    stats: () => state.stats,
    reset,
    async close() {
      kit.close();
      await webhooks.sender.idle();
    },
  };
}

export type StripeSimulator = ReturnType<typeof createStripeSimulator>;
