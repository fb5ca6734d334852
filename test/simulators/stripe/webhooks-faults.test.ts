import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import express from 'express';
import Stripe from 'stripe';
import { SIM_WEBHOOK_SECRET, startStripeSim } from './testing.ts';
import { signStripePayload } from './webhooks.ts';

describe('stripe simulator: signed webhooks and faults', () => {
  let h: Awaited<ReturnType<typeof startStripeSim>>;
  let receiver: ReturnType<express.Express['listen']>;
  const received: { event?: Stripe.Event; error?: string }[] = [];
  const verifier = new Stripe('sk_unused');

  before(async () => {
    const app = express();
    app.post('/hook', express.raw({ type: '*/*' }), (req, res) => {
      try {
        const event = verifier.webhooks.constructEvent(
          req.body as Buffer,
          req.get('stripe-signature') ?? '',
          SIM_WEBHOOK_SECRET,
          300,
        );
        received.push({ event });
        res.json({ received: true });
      } catch (err) {
        received.push({ error: (err as Error).constructor.name });
        res.status(400).end();
      }
    });
    receiver = app.listen(0, '127.0.0.1');
    await new Promise((r) => receiver.once('listening', r));
    h = await startStripeSim({
      webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    });
  });
  after(async () => {
    await h.close();
    receiver.closeAllConnections();
    receiver.close();
  });

  const authorize = (orderId: string) =>
    h.stripe.paymentIntents.create(
      {
        amount: 1500,
        currency: 'usd',
        capture_method: 'manual',
        confirm: true,
        payment_method: 'pm_card_visa',
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        metadata: { order_id: orderId },
      },
      { idempotencyKey: `${orderId}:authorize` },
    );

  it('when an intent is authorised and captured, then stripe-node verifies each signed webhook and sees the lifecycle', async () => {
    const pi = await authorize('shop:hooks');
    await h.stripe.paymentIntents.capture(pi.id);
    const events = await waitFor(
      () => {
        const mine = received.filter(
          (r) => (r.event?.data.object as { id?: string } | undefined)?.id === pi.id,
        );
        return mine.length >= 3 && mine;
      },
      { what: 'three webhooks' },
    );
    assert.deepEqual(
      events.map((e) => e.event?.type),
      ['payment_intent.created', 'payment_intent.amount_capturable_updated', 'payment_intent.succeeded'],
    );
    assert.equal(events[1]?.event?.request?.idempotency_key, 'shop:hooks:authorize');
  });

  it('when a payload is signed with another secret, then constructEvent refuses it', () => {
    const body = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: {} },
    });
    assert.throws(
      () =>
        verifier.webhooks.constructEvent(body, signStripePayload(body, 'whsec_wrong'), SIM_WEBHOOK_SECRET),
      Stripe.errors.StripeSignatureVerificationError,
    );
    const old = signStripePayload(body, SIM_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301);
    assert.throws(
      () => verifier.webhooks.constructEvent(body, old, SIM_WEBHOOK_SECRET, 300),
      /Timestamp outside the tolerance zone/,
    );
  });

  it('when a payment is refunded, then a charge.refunded webhook carries amount_refunded', async () => {
    const pi = await authorize('shop:hook-refund');
    await h.stripe.paymentIntents.capture(pi.id);
    await h.stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    const refunded = await waitFor(
      () =>
        received.find(
          (r) =>
            r.event?.type === 'charge.refunded' &&
            (r.event.data.object as Stripe.Charge).payment_intent === pi.id,
        ),
      { what: 'charge.refunded' },
    );
    assert.equal((refunded.event?.data.object as Stripe.Charge | undefined)?.amount_refunded, 500);
  });

  it('when a 503 and a 429 are injected, then stripe-node raises StripeAPIError and StripeRateLimitError with Retry-After', async () => {
    await h.control('PUT', '/faults', {
      rules: [{ match: '^GET /v1/payment_intents$', errorRate: 1, count: 1 }],
    });
    await assert.rejects(h.stripe.paymentIntents.list(), Stripe.errors.StripeAPIError);
    await h.control('PUT', '/faults', {
      rules: [{ match: '^GET /v1/payment_intents$', rate429: 1, retryAfterSec: 7, count: 1 }],
    });
    await assert.rejects(h.stripe.paymentIntents.list(), (err: unknown) => {
      assert.ok(err instanceof Stripe.errors.StripeRateLimitError);
      assert.equal(err.headers?.['retry-after'], '7');
      return true;
    });
    assert.ok(Array.isArray((await h.stripe.paymentIntents.list()).data));
  });

  it('when Stripe is out for a while, then every call is a 503 until the outage ends', async () => {
    await h.control('PUT', '/outage', { seconds: 30 });
    await assert.rejects(h.stripe.customers.list(), Stripe.errors.StripeAPIError);
    await h.control('DELETE', '/outage');
    assert.ok(await h.stripe.customers.list());
  });

  it('when a capture is done but its response is lost, then the client times out and a retry with the same key replays it: one capture', async () => {
    const pi = await authorize('shop:lost');
    await h.control('PUT', '/lost-responses', { match: '/capture$', count: 1, mode: 'hang' });
    await assert.rejects(
      h.stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: 'shop:lost:capture', timeout: 300 }),
      Stripe.errors.StripeConnectionError,
    );
    const retried = await h.stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: 'shop:lost:capture' });
    assert.equal(retried.status, 'succeeded');
    assert.equal(retried.lastResponse.headers['idempotent-replayed'], 'true');
    const stats = await h.control('GET', '/stats');
    assert.equal((stats.capturesByOrder as Record<string, number>)['shop:lost'], 1);
  });
});
