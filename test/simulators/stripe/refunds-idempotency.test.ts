import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { startStripeSim } from './testing.ts';

describe('stripe simulator: refunds, idempotency and errors through stripe-node', () => {
  let h: Awaited<ReturnType<typeof startStripeSim>>;
  before(async () => {
    h = await startStripeSim();
  });
  after(() => h.close());

  const capturedIntent = async (orderId: string, amount = 5000) => {
    const pi = await h.stripe.paymentIntents.create({
      amount,
      currency: 'usd',
      capture_method: 'manual',
      confirm: true,
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      metadata: { order_id: orderId },
    });
    return h.stripe.paymentIntents.capture(pi.id);
  };

  it('when a captured payment is refunded in part then in full, then the charge shows refunded and a third refund is refused', async () => {
    const pi = await capturedIntent('shop:refund');
    const partial = await h.stripe.refunds.create({
      payment_intent: pi.id,
      amount: 1200,
      reason: 'requested_by_customer',
    });
    assert.equal(partial.status, 'succeeded');
    assert.equal(partial.amount, 1200);
    const rest = await h.stripe.refunds.create({ payment_intent: pi.id });
    assert.equal(rest.amount, 3800);
    const charge = await h.stripe.charges.retrieve(String(pi.latest_charge));
    assert.equal(charge.amount_refunded, 5000);
    assert.equal(charge.refunded, true);
    const listed = await h.stripe.refunds.list({ payment_intent: pi.id });
    assert.deepEqual(
      listed.data.map((r) => r.amount),
      [3800, 1200],
    );
    await assert.rejects(h.stripe.refunds.create({ payment_intent: pi.id }), (err: unknown) => {
      assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(err.code, 'charge_already_refunded');
      return true;
    });
    const stats = await h.control('GET', '/stats');
    assert.deepEqual((stats.refundedAmountByOrder as Record<string, number>)['shop:refund'], 5000);
  });

  it('when a refund exceeds what is left, then amount_too_large; an uncaptured intent cannot be refunded', async () => {
    const pi = await capturedIntent('shop:over', 1000);
    await assert.rejects(
      h.stripe.refunds.create({ payment_intent: pi.id, amount: 1001 }),
      /greater than unrefunded/,
    );
    const held = await h.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      capture_method: 'manual',
      confirm: true,
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    await assert.rejects(
      h.stripe.refunds.create({ payment_intent: held.id }),
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it('when the same Idempotency-Key and params come twice, then the stored response is replayed with Idempotent-Replayed and one capture happens', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      capture_method: 'manual',
      confirm: true,
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      metadata: { order_id: 'shop:idem' },
    });
    const first = await h.stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: 'shop:idem:capture' });
    const second = await h.stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: 'shop:idem:capture' });
    assert.equal(second.id, first.id);
    assert.equal(second.lastResponse.headers['idempotent-replayed'], 'true');
    assert.equal(second.lastResponse.requestId, first.lastResponse.requestId);
    const stats = await h.control('GET', '/stats');
    assert.equal((stats.capturesByOrder as Record<string, number>)['shop:idem'], 1);
  });

  it('when a declined create is retried with its key, then the same 402 is replayed and no second intent exists', async () => {
    const params = {
      amount: 700,
      currency: 'usd',
      capture_method: 'manual' as const,
      confirm: true,
      payment_method: 'pm_card_chargeDeclined',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      metadata: { order_id: 'shop:declined-twice' },
    };
    const ids: (string | undefined)[] = [];
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        h.stripe.paymentIntents.create(params, { idempotencyKey: 'shop:declined-twice:authorize' }),
        (err: unknown) => {
          assert.ok(err instanceof Stripe.errors.StripeCardError);
          ids.push(err.payment_intent?.id);
          return true;
        },
      );
    }
    assert.equal(ids[0], ids[1]);
    const stats = await h.control('GET', '/stats');
    assert.equal((stats.createsByOrder as Record<string, number>)['shop:declined-twice'], 1);
  });

  it('when a key is reused with different params, then StripeIdempotencyError', async () => {
    await h.stripe.customers.create({ description: 'a' }, { idempotencyKey: 'reuse-1' });
    await assert.rejects(
      h.stripe.customers.create({ description: 'b' }, { idempotencyKey: 'reuse-1' }),
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it('when a parameter is unknown, then 400 parameter_unknown naming it, and the key stays usable', async () => {
    const bad = { amount: 700, currency: 'usd', amuont: 1 } as unknown as Stripe.PaymentIntentCreateParams;
    await assert.rejects(h.stripe.paymentIntents.create(bad, { idempotencyKey: 'typo' }), (err: unknown) => {
      assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(err.code, 'parameter_unknown');
      assert.equal(err.param, 'amuont');
      return true;
    });
    const ok = await h.stripe.paymentIntents.create(
      { amount: 700, currency: 'usd' },
      { idempotencyKey: 'typo' },
    );
    assert.equal(ok.status, 'requires_payment_method');
  });

  it('when the secret key is wrong or missing, then StripeAuthenticationError (401)', async () => {
    const wrong = new Stripe('sk_test_wrong_key_123', {
      host: '127.0.0.1',
      port: h.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await assert.rejects(wrong.paymentIntents.list(), (err: unknown) => {
      assert.ok(err instanceof Stripe.errors.StripeAuthenticationError);
      assert.equal(err.statusCode, 401);
      return true;
    });
    const res = await fetch(`${h.url}/v1/payment_intents`);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  });
});
