import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import type Stripe from 'stripe';
import { stripeEventRecord } from '../http/stripe-webhook-route.ts';
import { startPaymentsHarness } from '../testing/payments-harness.ts';

type SimEvent = Stripe.Event & { data: { object: { id: string } } };
type Doc = Record<string, unknown> & { inbox?: { key: string }[] };

describe('payments: Stripe webhook events processed in-process, recovered after a crash, found by id', () => {
  let h: Awaited<ReturnType<typeof startPaymentsHarness>>;
  before(async () => {
    h = await startPaymentsHarness();
  });
  after(() => h.close());

  const authorized = async (orderId: string) => {
    await h.send('payment.authorize', {
      orderId,
      amountMinor: 2599,
      currency: 'USD',
      paymentMethod: 'pm_card_visa',
    });
    const { body } = await h.expectEvent('payment.authorized', orderId);
    return String(body.paymentIntentId);
  };
  const webhooks = (on: boolean) =>
    h.sim.control('PUT', '/webhook-url', { url: on ? `${h.url}/webhooks/stripe` : '' });
  const simEvent = async (intentId: string, type: string) => {
    const events = (await h.sim.control('GET', '/events')) as unknown as SimEvent[];
    const found = events.find((e) => e.type === type && e.data.object.id === intentId);
    assert.ok(found, `${type} for ${intentId}`);
    return found;
  };
  /** An authorised order whose hold Stripe cancelled while its webhook did not reach us. */
  const canceledUnheard = async (orderId: string) => {
    const intentId = await authorized(orderId);
    await webhooks(false);
    await h.sim.control('POST', `/payment_intents/${intentId}/expire`);
    const canceled = await simEvent(intentId, 'payment_intent.canceled');
    await webhooks(true);
    return canceled;
  };
  const events = () => h.db.collection('stripe_events');
  const markers = () => h.db.collection('stripe_events_pending');
  const payment = (orderId: string) =>
    h.db.collection('payments').findOne({ _id: orderId as never }) as Promise<Doc>;
  const metric = (line: string) => h.metric(line);
  const settled = (intentId: string) =>
    waitFor(
      async () => {
        const mine = await events().find({ intentId }).toArray();
        return mine.length > 0 && mine.every((e) => e.outcome !== 'pending') && mine;
      },
      { what: `events of ${intentId} settled` },
    );

  it('when the process dies after recording a webhook and before processing it, then the recovery pass processes it once', async () => {
    const orderId = 'shop:crashed';
    const canceled = await canceledUnheard(orderId);
    // What the webhook leaves behind when the process dies right after answering 200.
    const record = stripeEventRecord(canceled);
    await events().insertOne(record as never);
    await markers().insertOne({ _id: record._id as never, receivedAt: record.receivedAt });

    assert.equal(await h.service.recoverStripeEventsNow(new Date(Date.now() + 60_000)), 1);
    await h.expectEvent('payment.voided', orderId);
    const stored = await events().findOne({ _id: record._id as never });
    assert.equal(stored?.outcome, 'processed');
    assert.equal(await markers().countDocuments({ _id: record._id as never }), 0);
    assert.ok((await payment(orderId)).inbox?.some((m) => m.key === `stripe-event:${record._id}`));

    assert.equal(await h.service.recoverStripeEventsNow(new Date(Date.now() + 60_000)), 0);
    await waitFor(async () => ((await payment(orderId)).outbox as unknown[]).length === 0, {
      what: 'relayed',
    });
    assert.equal(h.events(orderId).filter((t) => t === 'payment.voided').length, 1);
  });

  it('when a webhook is answered 200, then its event is already settled and no marker was written', async () => {
    const orderId = 'shop:settled-first';
    const canceled = await canceledUnheard(orderId);
    await webhooks(false);
    const payload = JSON.stringify(canceled);
    const signature = h.sim.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: h.config.STRIPE_WEBHOOK_SECRET,
    });
    const res = await fetch(`${h.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
    await webhooks(true);
    assert.equal(res.status, 200);
    // Read at once: the answer came after the outcome was stored, not before.
    assert.equal((await events().findOne({ _id: canceled.id as never }))?.outcome, 'processed');
    assert.equal(await markers().countDocuments({ _id: canceled.id as never }), 0);
    await h.expectEvent('payment.voided', orderId);
  });

  it('when the process died after recording the event and before settling it, then Stripe’s retry is answered duplicate and processes it', async () => {
    const orderId = 'shop:half-recorded';
    const canceled = await canceledUnheard(orderId);
    await events().insertOne(stripeEventRecord(canceled) as never);

    await h.sim.control('POST', `/events/${canceled.id}/resend`);
    await h.expectEvent('payment.voided', orderId);
    await waitFor(
      async () => (await events().findOne({ _id: canceled.id as never }))?.outcome === 'processed',
      {
        what: 'processed',
      },
    );
  });

  it('when an intent’s metadata names the order, then the payment is found by id, not by a scan', async () => {
    const byId = await metric('payments_stripe_event_lookups_total{by="order_id"}');
    const scans = await metric('payments_stripe_event_lookups_total{by="intent_scan"}');
    const intentId = await authorized('shop:by-id');
    const mine = await settled(intentId);
    assert.ok(mine.every((e) => e.outcome === 'processed'));
    assert.ok((await metric('payments_stripe_event_lookups_total{by="order_id"}')) > byId);
    assert.equal(await metric('payments_stripe_event_lookups_total{by="intent_scan"}'), scans);
  });

  it('when an intent carries no metadata, then the payment naming it is found by a scan, counted', async () => {
    const orderId = 'shop:no-metadata';
    await webhooks(false);
    const pi = await h.intentBehindOurBack();
    const now = new Date();
    await h.db.collection('payments').insertOne({
      ...{
        _id: orderId as never,
        orderId,
        status: 'new',
        intentId: pi.id,
        amountMinor: 2599,
        currency: 'USD',
      },
      ...{ capturedMinor: 0, refundedMinor: 0, refunds: [], history: [], updatedAt: now },
      ...{ version: 1, outbox: [], outboxAt: null, inbox: [] },
    });
    await webhooks(true);
    const scans = await metric('payments_stripe_event_lookups_total{by="intent_scan"}');
    const held = await simEvent(pi.id, 'payment_intent.amount_capturable_updated');
    await h.sim.control('POST', `/events/${held.id}/resend`);
    await h.expectEvent('payment.authorized', orderId);
    assert.ok((await metric('payments_stripe_event_lookups_total{by="intent_scan"}')) > scans);
  });

  it('when a webhook reports what the command’s answer already recorded, then the payment is not written again', async () => {
    const orderId = 'shop:already-known';
    const intentId = await authorized(orderId);
    const [held] = (await settled(intentId)).filter(
      (e) => e.type === 'payment_intent.amount_capturable_updated',
    );
    assert.ok(held, 'amount_capturable_updated recorded');
    assert.equal(held.outcome, 'processed');
    assert.equal(held.detail, 'no change');
    const p = await payment(orderId);
    assert.equal(p.version, 1);
    assert.ok(!p.inbox?.some((m) => m.key === `stripe-event:${held._id}`));
  });

  it('when Stripe sends a type nothing here acts on, then it is answered and counted but not stored', async () => {
    const ignored = await metric('payments_stripe_events_total{outcome="ignored"}');
    const intentId = await authorized('shop:created-ignored');
    const created = await simEvent(intentId, 'payment_intent.created');
    await waitFor(async () => (await metric('payments_stripe_events_total{outcome="ignored"}')) > ignored, {
      what: 'ignored counted',
    });
    assert.equal(await events().countDocuments({ _id: created.id as never }), 0);
  });
});
