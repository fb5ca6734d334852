import express from 'express';
import { createFaultInjector, type FaultConfig, seededRandom } from '../common/faults.ts';
import { createWebhookSender } from '../common/webhook-sender.ts';
import type { SimContext, SimSettings } from './context.ts';
import { controlRoutes } from './control-routes.ts';
import { sendError } from './errors.ts';
import { shipmentRoutes } from './shipment-routes.ts';
import { emptyState } from './sim-state.ts';
import { createTrackerBook } from './tracker-book.ts';
import { trackerRoutes } from './tracker-routes.ts';
import { easypostJson, signBody, trackerUpdatedEvent } from './webhook-events.ts';

export interface EasyPostSimOptions {
  apiKey: string;
  webhookSecret: string;
  webhookUrl?: string;
  faults?: FaultConfig;
  /** Seed for fault rolls and delivery outcomes (reproducible runs). */
  seed?: number;
  settings?: Partial<SimSettings>;
  /** Webhook retry delays (defaults to the common sender's). */
  webhookRetryDelaysMs?: number[];
}

/** Basic auth with the API key as user name (how the client sends it), or a bearer token. */
function apiKeyOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.split(' ');
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() !== 'basic') return undefined;
  return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
}

/**
 * The EasyPost simulator: the v2 REST API under `/v2` (Basic auth with the API key),
 * trackers that move on accelerated time and announce each step with a signed
 * `tracker.updated` webhook, and the control plane under `/__sim`.
 */
export function createEasyPostSimulator(opts: EasyPostSimOptions) {
  const random = opts.seed === undefined ? Math.random : seededRandom(opts.seed);
  const faults = createFaultInjector(opts.faults, random);
  const settings: SimSettings = {
    trackerStepMs: 1500,
    failureRate: 0,
    returnRate: 0,
    publicTrackingBaseUrl: 'https://track.easypost.com',
    labelBaseUrl: 'https://easypost-files.s3.us-west-2.amazonaws.com/files/postage_label',
    webhookUrl: opts.webhookUrl,
    ...opts.settings,
  };
  const sender = createWebhookSender({
    url: () => settings.webhookUrl,
    faults,
    retryDelaysMs: opts.webhookRetryDelaysMs,
  });
  const trackers = createTrackerBook({
    stepMs: () => settings.trackerStepMs,
    onUpdate: (tracker, previous) => {
      if (!settings.webhookUrl) return;
      const event = trackerUpdatedEvent(tracker, previous, Date.now());
      const body = easypostJson(event);
      ctx.state.stats.webhooksQueued += 1;
      sender.send({
        id: event.id,
        body,
        headers: { 'X-Hmac-Signature': signBody(body, opts.webhookSecret) },
      });
    },
  });
  const ctx: SimContext = { state: emptyState(), trackers, settings, random, now: Date.now };
  const reset = () => {
    trackers.clear();
    ctx.state = emptyState();
    faults.set({ rules: [], webhooks: {} });
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(faults.middleware());
  const api = express.Router();
  api.use((req, res, next) => {
    const key = apiKeyOf(req.get('authorization'));
    if (!key) return sendError(res, 401, 'APIKEY.REQUIRED', 'No API key found. Please provide your API key.');
    if (key !== opts.apiKey)
      return sendError(res, 401, 'APIKEY.INACTIVE', 'This API key is no longer active.');
    next();
  });
  api.use(express.json({ limit: '1mb' }));
  api.use(shipmentRoutes(ctx), trackerRoutes(ctx));
  api.use((_req, res) => sendError(res, 404, 'NOT_FOUND', 'The requested resource could not be found.'));
  app.use('/v2', api);
  const sim = express.Router();
  sim.use(faults.router());
  sim.use(controlRoutes(ctx, sender, reset));
  app.use('/__sim', sim);

  return {
    app,
    faults,
    sender,
    trackers,
    settings,
    get stats() {
      return ctx.state.stats;
    },
    reset,
    close: async () => {
      trackers.clear();
      await sender.idle();
    },
  };
}

export type EasyPostSimulator = ReturnType<typeof createEasyPostSimulator>;
