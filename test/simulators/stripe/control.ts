import express from 'express';
import { StripeSimError } from './errors.ts';
import { newId, nowSeconds } from './ids.ts';
import {
  cancelIntent,
  declineIntent,
  getIntent,
  type IntentContext,
  succeedCharge,
} from './intent-machine.ts';
import type { LostResponseRule } from './sim-route.ts';
import type { EmitEvent, SimState } from './state.ts';

export interface ControlDeps {
  state: () => SimState;
  emit: EmitEvent;
  reset: () => void;
  lostRules: LostResponseRule[];
  expireKeys: () => number;
  outage: { until: number };
  webhookUrl: { value: string | undefined };
  webhookLog: () => unknown;
  redeliver: (eventId: string) => boolean;
}

/**
 * Stripe-specific control plane under /__sim: inspection, the counters the e2e tests assert
 * on, and the things only time or a customer would do (auth expiry, 3-D Secure, disputes).
 */
export function controlRoutes(deps: ControlDeps): express.Router {
  const r = express.Router();
  r.use(express.json());
  const ctx = (): IntentContext => ({ state: deps.state(), emit: deps.emit, req: null });
  const act =
    (fn: (id: string, body: Record<string, unknown>) => unknown): express.RequestHandler =>
    (req, res) => {
      try {
        res.json(fn(String(req.params.id), (req.body ?? {}) as Record<string, unknown>));
      } catch (err) {
        if (!(err instanceof StripeSimError)) throw err;
        res.status(err.status).json({ error: err.body });
      }
    };

  r.get('/state', (_req, res) => {
    const s = deps.state();
    res.json({
      intents: [...s.intents.values()],
      charges: [...s.charges.values()],
      refunds: [...s.refunds.values()],
      customers: [...s.customers.values()],
      events: s.events.length,
    });
  });
  r.get('/stats', (_req, res) => res.json(deps.state().stats));
  r.post('/reset', (_req, res) => {
    deps.reset();
    res.json({ ok: true });
  });
  r.get('/outage', (_req, res) =>
    res.json({ until: deps.outage.until, active: Date.now() < deps.outage.until }),
  );
  r.put('/outage', (req, res) => {
    deps.outage.until = Date.now() + Number((req.body as { seconds?: number })?.seconds ?? 0) * 1000;
    res.json({ until: deps.outage.until });
  });
  r.delete('/outage', (_req, res) => {
    deps.outage.until = 0;
    res.json({ until: 0 });
  });
  // A day passed: Stripe no longer remembers any Idempotency-Key (objects stay).
  r.post('/idempotency-keys/expire', (_req, res) => res.json({ expired: deps.expireKeys() }));
  r.get('/lost-responses', (_req, res) => res.json(deps.lostRules));
  r.put('/lost-responses', (req, res) => {
    const b = req.body as Partial<LostResponseRule>;
    deps.lostRules.push({
      match: String(b.match ?? '.*'),
      count: Number(b.count ?? 1),
      mode: b.mode === 'reset' ? 'reset' : 'hang',
    });
    res.json(deps.lostRules);
  });
  r.delete('/lost-responses', (_req, res) => {
    deps.lostRules.splice(0);
    res.json([]);
  });
  r.put('/webhook-url', (req, res) => {
    deps.webhookUrl.value = (req.body as { url?: string })?.url || undefined;
    res.json({ url: deps.webhookUrl.value ?? null });
  });
  r.get('/webhooks', (_req, res) => res.json(deps.webhookLog()));
  r.get('/events', (_req, res) => res.json(deps.state().events));
  r.post('/events/:id/resend', (req, res) =>
    res.status(deps.redeliver(String(req.params.id)) ? 200 : 404).json({}),
  );
  // What Stripe does to an authorisation nobody captured within 7 days.
  r.post(
    '/payment_intents/:id/expire',
    act((id) => {
      const pi = getIntent(deps.state(), id);
      cancelIntent(ctx(), pi, 'automatic');
      return pi;
    }),
  );
  // The customer finished (or failed) 3-D Secure for an intent in requires_action.
  r.post(
    '/payment_intents/:id/authenticate',
    act((id, body) => {
      const pi = getIntent(deps.state(), id);
      if (pi.status !== 'requires_action' || !pi.payment_method) return pi;
      if (body.outcome === 'fail') {
        try {
          declineIntent(
            ctx(),
            pi,
            pi.payment_method,
            'card_declined',
            'authentication_required',
            'The customer failed authentication.',
          );
        } catch {
          // the 402 is for an API caller; here only the state change and the event matter
        }
      } else succeedCharge(ctx(), pi, pi.payment_method);
      return pi;
    }),
  );
  r.post(
    '/payment_intents/:id/dispute',
    act((id) => {
      const pi = getIntent(deps.state(), id);
      const dispute = {
        id: newId('dp'),
        object: 'dispute',
        amount: pi.amount_received,
        currency: pi.currency,
        charge: pi.latest_charge,
        payment_intent: pi.id,
        reason: 'fraudulent',
        status: 'needs_response',
        created: nowSeconds(),
        livemode: false,
      };
      const charge = pi.latest_charge ? deps.state().charges.get(pi.latest_charge) : undefined;
      if (charge) charge.disputed = true;
      deps.emit('charge.dispute.created', dispute, null);
      return dispute;
    }),
  );
  return r;
}
