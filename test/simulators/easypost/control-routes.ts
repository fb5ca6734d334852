import express from 'express';
import type { WebhookSender } from '../common/webhook-sender.ts';
import type { SimContext, SimSettings } from './context.ts';
import { notFound } from './errors.ts';
import type { Json, Outcome } from './objects.ts';

const OUTCOMES: Outcome[] = ['delivered', 'failure', 'return_to_sender'];

/**
 * `/__sim/*` besides faults: inspection the e2e tests assert on (labels per reference,
 * refunds), forced outcomes, slow buys, and manual tracker steps for deterministic tests.
 */
export function controlRoutes(ctx: SimContext, sender: WebhookSender, reset: () => void): express.Router {
  const r = express.Router();
  r.use(express.json());
  r.get('/stats', (_req, res) => res.json({ ...ctx.state.stats, webhooksPending: sender.pending() }));
  r.get('/state', (_req, res) => {
    res.json({
      settings: ctx.settings,
      stats: ctx.state.stats,
      shipments: [...ctx.state.shipments.values()].map((s) => ({
        id: s.id,
        reference: s.reference,
        trackingCode: s.tracking_code,
        trackerStatus: s.tracker ? ctx.trackers.get(s.tracker.id)?.status : undefined,
        refundStatus: s.refund_status,
        plannedOutcome: ctx.state.plannedOutcome.get(s.id),
      })),
      buyBehaviour: ctx.state.buyBehaviour ?? null,
      outcomes: Object.fromEntries(ctx.state.outcomes),
    });
  });
  r.post('/reset', (_req, res) => {
    reset();
    res.json({ ok: true });
  });
  r.put('/settings', (req, res) => {
    Object.assign(ctx.settings, req.body as Partial<SimSettings>);
    res.json(ctx.settings);
  });
  r.put('/outcomes/:reference', (req, res) => {
    const outcome = (req.body as Json).outcome as Outcome;
    if (!OUTCOMES.includes(outcome))
      return void res.status(400).json({ error: `outcome must be one of ${OUTCOMES}` });
    ctx.state.outcomes.set(req.params.reference, outcome);
    res.json({ reference: req.params.reference, outcome });
  });
  r.put('/buy-behaviour', (req, res) => {
    const b = req.body as { count?: number; delayMs?: number };
    ctx.state.buyBehaviour = { count: b.count ?? 1, delayMs: b.delayMs };
    res.json(ctx.state.buyBehaviour);
  });
  r.delete('/buy-behaviour', (_req, res) => {
    ctx.state.buyBehaviour = undefined;
    res.json({ ok: true });
  });
  // `:code` is a tracking code or a tracker id; body `{ status }` jumps straight to that status.
  r.post('/trackers/:code/advance', (req, res) => {
    const t = ctx.trackers.byCode(req.params.code) ?? ctx.trackers.get(req.params.code);
    if (!t) return notFound(res, 'tracker');
    const status = (req.body as Json | undefined)?.status;
    res.json(ctx.trackers.advance(t.id, typeof status === 'string' ? status : undefined));
  });
  r.get('/shipments', (req, res) => {
    const ref = req.query.reference;
    res.json([...ctx.state.shipments.values()].filter((s) => ref === undefined || s.reference === ref));
  });
  r.get('/webhooks', (_req, res) => res.json({ pending: sender.pending(), log: sender.log.slice(-500) }));
  return r;
}
