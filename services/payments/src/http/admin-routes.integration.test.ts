import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { devToken } from '@commerce-sync/service-kit/dev-token';
import { waitFor } from '@commerce-sync/test/support/infra';
import { startPaymentsHarness } from '../testing/payments-harness.ts';

type Item = Record<string, unknown>;

describe('payments operator routes: failed and unmatched webhook events, disputes, metrics', () => {
  let h: Awaited<ReturnType<typeof startPaymentsHarness>>;
  let auth: { authorization: string };
  before(async () => {
    h = await startPaymentsHarness();
    auth = { authorization: `Bearer ${await devToken()}` };
  });
  after(() => h.close());

  const get = async (path: string) => {
    const res = await fetch(`${h.url}${path}`, { headers: auth });
    assert.equal(res.status, 200, path);
    return ((await res.json()) as { items: Item[] }).items;
  };
  const metric = (line: string) => h.metric(line);
  const authorize = (orderId: string) => ({
    orderId,
    amountMinor: 2599,
    currency: 'USD',
    paymentMethod: 'pm_card_visa',
  });

  it('when a captured payment is disputed, then GET /admin/disputes lists it and payments_disputes_total counts it', async () => {
    await h.send('payment.authorize', authorize('shop:disputed'));
    const { body } = await h.expectEvent('payment.authorized', 'shop:disputed');
    await h.send('payment.capture', { orderId: 'shop:disputed' });
    await h.expectEvent('payment.captured', 'shop:disputed');
    await h.sim.control('POST', `/payment_intents/${body.paymentIntentId}/dispute`);
    const listed = await waitFor(
      async () => (await get('/admin/disputes')).find((d) => d.orderId === 'shop:disputed'),
      { what: 'listed dispute' },
    );
    assert.equal((listed.dispute as Item).reason, 'fraudulent');
    await waitFor(async () => (await metric('payments_disputes_total')) >= 1, { what: 'dispute counted' });
    assert.equal((await fetch(`${h.url}/admin/disputes`)).status, 401);
  });

  it('when an event names an intent we did not know yet, then it is listed as unmatched, counted, and a retry processes it once the payment exists', async () => {
    const orderId = 'shop:known-later';
    // An intent Stripe made for the order while our record of it was lost; its events match nothing.
    const pi = await h.intentBehindOurBack(orderId);
    const unmatched = await waitFor(
      async () => (await get('/admin/stripe-events?outcome=unmatched')).find((e) => e.intentId === pi.id),
      { what: 'unmatched event listed' },
    );
    // The count follows the stored outcome by a moment (the processor records, then counts).
    await waitFor(async () => (await metric('payments_stripe_events_total{outcome="unmatched"}')) >= 1, {
      what: 'unmatched events counted',
    });
    // A day later the authorisation is replayed: the intent is adopted, the record now names it.
    await h.send('payment.authorize', authorize(orderId), undefined, new Date(Date.now() - 25 * 3_600_000));
    await h.expectEvent('payment.authorized', orderId);
    const retried = await fetch(`${h.url}/admin/stripe-events/${unmatched.id}/retry`, {
      method: 'POST',
      headers: auth,
    });
    assert.equal(retried.status, 200);
    await waitFor(
      async () =>
        (await h.db.collection('stripe_events').findOne({ _id: unmatched.id as never }))?.outcome ===
        'processed',
      { what: 'retried event processed' },
    );
    const again = await fetch(`${h.url}/admin/stripe-events/${unmatched.id}/retry`, {
      method: 'POST',
      headers: auth,
    });
    assert.equal(again.status, 409);
    const missing = await fetch(`${h.url}/admin/stripe-events/evt_missing/retry`, {
      method: 'POST',
      headers: auth,
    });
    assert.equal(missing.status, 404);
  });

  it('when the query is invalid, then 400 problem+json', async () => {
    const res = await fetch(`${h.url}/admin/stripe-events?outcome=processed`, { headers: auth });
    assert.equal(res.status, 400);
    assert.match(String(res.headers.get('content-type')), /problem\+json/);
  });
});
