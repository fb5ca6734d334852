import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { startStripeSim } from './testing.ts';

// Fidelity: the official stripe-node client against the simulator, unchanged.
describe('stripe simulator: payment intents through stripe-node', () => {
  let h: Awaited<ReturnType<typeof startStripeSim>>;
  before(async () => {
    h = await startStripeSim();
  });
  after(() => h.close());

  const authorize = (pm: string, orderId: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
    h.stripe.paymentIntents.create(
      {
        amount: 2599,
        currency: 'usd',
        capture_method: 'manual',
        confirm: true,
        payment_method: pm,
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        metadata: { order_id: orderId },
        ...extra,
      },
      { idempotencyKey: `${orderId}:authorize` },
    );

  it('when a visa is confirmed with manual capture, then the intent waits for capture with a held charge', async () => {
    const pi = await authorize('pm_card_visa', 'shop:1');
    assert.equal(pi.status, 'requires_capture');
    assert.equal(pi.amount_capturable, 2599);
    assert.match(String(pi.latest_charge), /^ch_/);
    assert.equal(pi.metadata.order_id, 'shop:1');
    const again = await h.stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    assert.equal((again.latest_charge as Stripe.Charge).captured, false);
  });

  it('when less than the hold is captured, then the intent succeeds with amount_received and the charge shows amount_captured', async () => {
    const pi = await authorize('pm_card_visa', 'shop:2');
    const captured = await h.stripe.paymentIntents.capture(
      pi.id,
      { amount_to_capture: 2000 },
      { idempotencyKey: 'shop:2:capture' },
    );
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.amount_received, 2000);
    const charge = await h.stripe.charges.retrieve(String(captured.latest_charge));
    assert.equal(charge.amount_captured, 2000);
    await assert.rejects(h.stripe.paymentIntents.capture(pi.id), (err: unknown) => {
      assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(err.code, 'payment_intent_unexpected_state');
      return true;
    });
  });

  for (const [pm, code, decline] of [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
  ] as const) {
    it(`when ${pm} is confirmed, then stripe-node raises StripeCardError ${decline} carrying the failed intent`, async () => {
      await assert.rejects(authorize(pm, `shop:${pm}`), (err: unknown) => {
        assert.ok(err instanceof Stripe.errors.StripeCardError);
        assert.equal(err.code, code);
        assert.equal(err.decline_code, decline);
        assert.equal(err.statusCode, 402);
        assert.equal(err.payment_intent?.status, 'requires_payment_method');
        assert.equal(err.payment_intent?.last_payment_error?.decline_code, decline);
        return true;
      });
    });
  }

  it('when a card needs 3-D Secure, then the intent stops in requires_action with a next_action', async () => {
    const pi = await authorize('pm_card_authenticationRequired', 'shop:3ds');
    assert.equal(pi.status, 'requires_action');
    assert.equal(pi.next_action?.type, 'use_stripe_sdk');
    await h.control('POST', `/payment_intents/${pi.id}/authenticate`, { outcome: 'succeed' });
    assert.equal((await h.stripe.paymentIntents.retrieve(pi.id)).status, 'requires_capture');
  });

  it('when an intent is created then confirmed in two calls, then it walks requires_confirmation → requires_capture', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 900,
      currency: 'eur',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    assert.equal(pi.status, 'requires_confirmation');
    const confirmed = await h.stripe.paymentIntents.confirm(pi.id);
    assert.equal(confirmed.status, 'requires_capture');
  });

  it('when an uncaptured intent is cancelled, then it is canceled and cannot be cancelled twice', async () => {
    const pi = await authorize('pm_card_visa', 'shop:void');
    const canceled = await h.stripe.paymentIntents.cancel(
      pi.id,
      { cancellation_reason: 'abandoned' },
      { idempotencyKey: 'shop:void:void' },
    );
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.cancellation_reason, 'abandoned');
    await assert.rejects(h.stripe.paymentIntents.cancel(pi.id), Stripe.errors.StripeInvalidRequestError);
  });

  it("when searching by metadata order_id, then only that order's intents come back; list pages newest first", async () => {
    await authorize('pm_card_visa', 'shop:search');
    const found = await h.stripe.paymentIntents.search({ query: "metadata['order_id']:'shop:search'" });
    assert.equal(found.data.length, 1);
    assert.equal(found.data[0]?.metadata.order_id, 'shop:search');
    const page = await h.stripe.paymentIntents.list({ limit: 2 });
    assert.equal(page.data.length, 2);
    assert.equal(page.has_more, true);
  });

  it('when the idempotency keys expire, then the same key creates a second intent and search finds both', async () => {
    const first = await authorize('pm_card_visa', 'shop:expired-key');
    assert.equal((await authorize('pm_card_visa', 'shop:expired-key')).id, first.id);
    const { expired } = await h.control('POST', '/idempotency-keys/expire');
    assert.ok(Number(expired) >= 1);
    const second = await authorize('pm_card_visa', 'shop:expired-key');
    assert.notEqual(second.id, first.id);
    const found = await h.stripe.paymentIntents.search({ query: "metadata['order_id']:'shop:expired-key'" });
    assert.deepEqual(
      found.data.map((pi) => pi.id),
      [second.id, first.id],
    );
  });

  it('when the intent is unknown, then StripeInvalidRequestError resource_missing with 404', async () => {
    await assert.rejects(h.stripe.paymentIntents.retrieve('pi_missing'), (err: unknown) => {
      assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(err.code, 'resource_missing');
      assert.equal(err.statusCode, 404);
      return true;
    });
  });

  it("when confirming without a return_url on a dashboard-managed intent, then Stripe's redirect error comes back", async () => {
    await assert.rejects(
      h.stripe.paymentIntents.create({
        amount: 900,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_visa',
      }),
      /return_url/,
    );
  });

  it('when a customer is created and used, then the intent carries it; an unknown customer is refused', async () => {
    const customer = await h.stripe.customers.create({ metadata: { shop: 'x' } });
    const pi = await authorize('pm_card_visa', 'shop:cus', { customer: customer.id });
    assert.equal(pi.customer, customer.id);
    await assert.rejects(
      authorize('pm_card_visa', 'shop:cus2', { customer: 'cus_nope' }),
      /No such customer/,
    );
  });
});
