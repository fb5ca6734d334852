import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { startPaymentsHarness } from './testing/payments-harness.ts';

const authorize = (orderId: string, paymentMethod = 'pm_card_visa', amountMinor = 2599) => ({
  orderId,
  amountMinor,
  currency: 'USD',
  paymentMethod,
});

describe('payments service against the Stripe simulator, RabbitMQ and Mongo', () => {
  let h: Awaited<ReturnType<typeof startPaymentsHarness>>;
  before(async () => {
    h = await startPaymentsHarness();
  });
  after(() => h.close());

  it('when a visa is authorised, then payment.authorized with the intent and the amount', async () => {
    await h.send('payment.authorize', authorize('shop:ok'));
    const { body } = await h.expectEvent('payment.authorized', 'shop:ok');
    assert.match(String(body.paymentIntentId), /^pi_/);
    assert.equal(body.amountMinor, 2599);
  });

  for (const [pm, reason, declineCode] of [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds', 'insufficient_funds'],
    ['pm_card_authenticationRequired', 'action_required', undefined],
  ] as const) {
    it(`when ${pm} is used, then payment.failed ${reason}`, async () => {
      const orderId = `shop:${pm}`;
      await h.send('payment.authorize', authorize(orderId, pm));
      const { body } = await h.expectEvent('payment.failed', orderId);
      assert.equal(body.reason, reason);
      assert.equal(body.declineCode, declineCode);
    });
  }

  it('when 3-D Secure fails the order, then the open intent is cancelled so no hold can appear later', async () => {
    await h.expectEvent('payment.failed', 'shop:pm_card_authenticationRequired');
    await waitFor(async () => (await h.stats()).voidsByOrder?.['shop:pm_card_authenticationRequired'] === 1, {
      what: 'cancel',
    });
  });

  it('when authorised then captured for less, then payment.captured with the captured amount', async () => {
    await h.send('payment.authorize', authorize('shop:cap'));
    await h.expectEvent('payment.authorized', 'shop:cap');
    await h.send('payment.capture', { orderId: 'shop:cap', amountMinor: 2000 });
    const { body } = await h.expectEvent('payment.captured', 'shop:cap');
    assert.equal(body.amountMinor, 2000);
  });

  it('when voided, then payment.voided and Stripe counted one void', async () => {
    await h.send('payment.authorize', authorize('shop:void'));
    await h.expectEvent('payment.authorized', 'shop:void');
    await h.send('payment.void', { orderId: 'shop:void' });
    await h.expectEvent('payment.voided', 'shop:void');
    assert.equal((await h.stats()).voidsByOrder?.['shop:void'], 1);
  });

  it('when a void reaches a payment already captured (a cancel that lost the race), then it is handled without effect and nothing is parked', async () => {
    await h.send('payment.authorize', authorize('shop:late-void'));
    await h.expectEvent('payment.authorized', 'shop:late-void');
    await h.send('payment.capture', { orderId: 'shop:late-void' });
    await h.expectEvent('payment.captured', 'shop:late-void');
    // The queue label carries the test's prefix: match the series by type and outcome.
    const handled = () => h.metricSum('messaging_consumed_total', 'type="payment.void"', 'outcome="handled"');
    const before = await handled();
    await h.send('payment.void', { orderId: 'shop:late-void', reason: 'customer_cancelled' });
    await waitFor(async () => (await handled()) > before, { what: 'void handled' });
    assert.deepEqual(h.events('shop:late-void'), ['payment.authorized', 'payment.captured']);
    assert.equal(await h.metricSum('messaging_dead_lettered_total', 'type="payment.void"'), 0);
    const stats = await h.stats();
    assert.equal(stats.voidsByOrder?.['shop:late-void'] ?? 0, 0);
    assert.equal(stats.refundsByOrder?.['shop:late-void'] ?? 0, 0);
  });

  it('when refunded in part then in full, then two payment.refunded and the record is refunded', async () => {
    await h.send('payment.authorize', authorize('shop:ref'));
    await h.expectEvent('payment.authorized', 'shop:ref');
    await h.send('payment.capture', { orderId: 'shop:ref' });
    await h.expectEvent('payment.captured', 'shop:ref');
    await h.send('payment.refund', { orderId: 'shop:ref', amountMinor: 599 });
    assert.equal((await h.expectEvent('payment.refunded', 'shop:ref')).body.amountMinor, 599);
    await h.send('payment.refund', { orderId: 'shop:ref' });
    assert.equal((await h.expectEvent('payment.refunded', 'shop:ref', 2)).body.amountMinor, 2000);
    assert.equal((await h.stats()).refundedAmountByOrder?.['shop:ref'], 2599);
  });

  it('when another replica captured a payment this process remembers as authorised, then a refund reads the stored payment and refunds (the soak with 2 replicas parked it)', async () => {
    const orderId = 'shop:stale-copy';
    await h.send('payment.authorize', authorize(orderId));
    const { body } = await h.expectEvent('payment.authorized', orderId);
    // What another replica's capture leaves: the money captured at Stripe, the stored
    // payment captured with its version moved on. This process still remembers it authorised
    // (Stripe's webhook, which would refresh its copy, is held back: in the soak it was late).
    await h.sim.control('PUT', '/webhook-url', { url: 'http://127.0.0.1:9/held-back' });
    await h.sim.stripe.paymentIntents.capture(
      String(body.paymentIntentId),
      {},
      { idempotencyKey: `${orderId}:capture` },
    );
    const moved = await h.db
      .collection('payments')
      .updateOne(
        { _id: orderId as never },
        { $set: { status: 'captured', capturedMinor: 2599 }, $inc: { version: 1 } },
      );
    assert.equal(moved.modifiedCount, 1);

    try {
      await h.send('payment.refund', { orderId });
      assert.equal((await h.expectEvent('payment.refunded', orderId)).body.amountMinor, 2599);
      assert.equal((await h.stats()).refundedAmountByOrder?.[orderId], 2599);
    } finally {
      await h.sim.control('PUT', '/webhook-url', { url: `${h.url}/webhooks/stripe` });
    }
  });

  it('when a refund is re-sent under a new message id after the full refund, then payment.refunded again and no money moves', async () => {
    await h.expectEvent('payment.refunded', 'shop:ref', 2);
    await h.send('payment.refund', { orderId: 'shop:ref' });
    const { body } = await h.expectEvent('payment.refunded', 'shop:ref', 3);
    assert.equal(body.amountMinor, 2599);
    const stats = await h.stats();
    assert.equal(stats.refundedAmountByOrder?.['shop:ref'], 2599);
    assert.equal(stats.refundsByOrder?.['shop:ref'], 2);
  });

  it('when the same commands are delivered 5 times, then one PaymentIntent and one capture', async () => {
    const id = 'shop:five';
    // Every delivery is settled (handled or skipped as a duplicate) once the counters say so.
    const settledCount = async (type: string) => {
      const text = await (await fetch(`${h.url}/metrics`)).text();
      return text
        .split('\n')
        .filter(
          (l) =>
            /^messaging_(consumed_total|duplicates_skipped_total)\{/.test(l) && l.includes(`type="${type}"`),
        )
        .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    };
    const deliverFive = async (type: string, payload: { orderId: string } & Record<string, unknown>) => {
      const before = await settledCount(type);
      await Promise.all(
        [0, 1, 2, 3, 4].map((i) => h.send(type, payload, i < 3 ? `${type}:${id}:same` : undefined)),
      );
      await waitFor(async () => (await settledCount(type)) >= before + 5, { what: `five ${type} settled` });
    };
    await deliverFive('payment.authorize', authorize(id));
    await h.expectEvent('payment.authorized', id);
    await deliverFive('payment.capture', { orderId: id });
    await h.expectEvent('payment.captured', id);
    const stats = await h.stats();
    assert.equal(stats.createsByOrder?.[id], 1);
    assert.equal(stats.capturesByOrder?.[id], 1);
  });

  it('when a day-old authorize is replayed after Stripe forgot its key, then the intent Stripe already made is adopted, not doubled', async () => {
    const orderId = 'shop:late-replay';
    // The first attempt created the intent; the record write was lost (crash), then a day passed.
    const pi = await h.intentBehindOurBack(orderId);
    await h.sim.control('POST', '/idempotency-keys/expire');
    await h.send('payment.authorize', authorize(orderId), undefined, new Date(Date.now() - 25 * 3_600_000));
    const { body } = await h.expectEvent('payment.authorized', orderId);
    assert.equal(body.paymentIntentId, pi.id);
    assert.equal((await h.stats()).createsByOrder?.[orderId], 1);
  });

  it('when a capture is done but its answer is lost, then the retry with the same key captures once', async () => {
    await h.send('payment.authorize', authorize('shop:lost'));
    await h.expectEvent('payment.authorized', 'shop:lost');
    await h.sim.control('PUT', '/lost-responses', { match: '/capture$', count: 1, mode: 'hang' });
    await h.send('payment.capture', { orderId: 'shop:lost' });
    await h.expectEvent('payment.captured', 'shop:lost');
    const stats = await h.stats();
    assert.equal(stats.capturesByOrder?.['shop:lost'], 1);
    assert.ok((stats as unknown as { idempotentReplays: number }).idempotentReplays >= 1);
  });

  it('when a webhook is forged, then 400 and nothing is recorded', async () => {
    const body = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: 1,
      data: { object: { id: 'pi_x', object: 'payment_intent' } },
    });
    const res = await fetch(`${h.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef' },
      body,
    });
    assert.equal(res.status, 400);
    assert.equal(await h.db.collection('stripe_events').countDocuments({ _id: 'evt_forged' as never }), 0);
  });

  it('when Stripe sends a webhook about an intent we do not know, then it is recorded as unmatched and the service keeps working', async () => {
    const pi = await h.intentBehindOurBack();
    const events = h.db.collection('stripe_events');
    await waitFor(() => events.findOne({ intentId: pi.id, outcome: 'unmatched' }), {
      what: 'unmatched event',
    });
    const health = await fetch(`${h.url}/healthz`);
    assert.equal(health.status, 200);
  });

  it('when Stripe cancels an authorisation behind our back, then the reconciliation job corrects the record and reports it', async () => {
    await h.send('payment.authorize', authorize('shop:drift'));
    const { body } = await h.expectEvent('payment.authorized', 'shop:drift');
    await h.sim.control('PUT', '/webhook-url', { url: '' }); // the webhook is lost
    await h.sim.control('POST', `/payment_intents/${body.paymentIntentId}/expire`);
    const result = await h.service.reconcileNow(new Date(Date.now() + 3_600_000));
    assert.ok(result.corrected >= 1);
    await h.expectEvent('payment.voided', 'shop:drift');
    await h.sim.control('PUT', '/webhook-url', { url: `${h.url}/webhooks/stripe` });
  });
});
