import { createHmac } from 'node:crypto';
import type { FaultInjector } from '../common/faults.ts';
import { createWebhookSender } from '../common/webhook-sender.ts';
import { newId, nowSeconds } from './ids.ts';
import type { StripeEvent } from './objects.ts';
import type { EmitEvent, SimState } from './state.ts';

/**
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme
 * `stripe.webhooks.constructEvent` verifies (https://docs.stripe.com/webhooks#verify-manually).
 */
export function signStripePayload(body: string, secret: string, timestamp = nowSeconds()): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export interface StripeWebhookOptions {
  state: () => SimState;
  faults: FaultInjector;
  url: () => string | undefined;
  secret: string;
  apiVersion: string;
  retryDelaysMs?: number[];
}

/** Turns object changes into Stripe events, keeps them (`/v1/events`) and delivers them signed. */
export function createStripeWebhooks(opts: StripeWebhookOptions) {
  const sender = createWebhookSender({
    url: opts.url,
    faults: opts.faults,
    retryDelaysMs: opts.retryDelaysMs,
  });

  function deliver(event: StripeEvent): void {
    const body = JSON.stringify(event, null, 2);
    sender.send({
      id: event.id,
      body,
      headers: { 'Stripe-Signature': signStripePayload(body, opts.secret) },
    });
  }

  const emit: EmitEvent = (type, object, req, previousAttributes) => {
    const event: StripeEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: opts.apiVersion,
      created: nowSeconds(),
      // A snapshot: later changes to the object must not leak into an event already sent.
      data: {
        object: structuredClone(object),
        ...(previousAttributes ? { previous_attributes: previousAttributes } : {}),
      },
      livemode: false,
      pending_webhooks: opts.url() ? 1 : 0,
      request: { id: req?.requestId ?? null, idempotency_key: req?.idempotencyKey ?? null },
      type,
    };
    opts.state().events.push(event);
    deliver(event);
  };

  return { emit, sender, deliver };
}
