import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IntentSnapshot } from './intent-snapshot.ts';
import { failureReason } from './intent-snapshot.ts';
import { newPayment } from './payment.ts';
import { reconcile } from './reconcile.ts';

const at = new Date('2026-01-01T00:00:00Z');
const opts = { at, source: 'command' as const, onActionRequired: 'fail' as const };
const snap = (over: Partial<IntentSnapshot>): IntentSnapshot => ({
  id: 'pi_1',
  status: 'requires_capture',
  amount: 2599,
  amountCapturable: 2599,
  amountReceived: 0,
  currency: 'USD',
  orderId: 'shop:1',
  created: at,
  ...over,
});
const fresh = () => newPayment({ orderId: 'shop:1', amountMinor: 2599, currency: 'USD' });

describe('reconcile', () => {
  it('when Stripe holds the money, then the payment is authorized and payment.authorized is emitted once', () => {
    const p = fresh();
    const events = reconcile(p, snap({}), opts);
    assert.deepEqual(
      events.map((e) => e.type),
      ['payment.authorized'],
    );
    assert.equal(p.status, 'authorized');
    assert.equal(p.intentId, 'pi_1');
    assert.equal(p.authorizedAt, at);
    assert.deepEqual(reconcile(p, snap({}), { ...opts, source: 'webhook' }), []);
  });

  it('when the card is declined for insufficient funds, then payment.failed carries the reason and the decline code', () => {
    const p = fresh();
    const [event] = reconcile(
      p,
      snap({
        status: 'requires_payment_method',
        lastError: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'no' },
      }),
      opts,
    );
    assert.equal(event?.type, 'payment.failed');
    assert.deepEqual(event?.payload, {
      orderId: 'shop:1',
      paymentIntentId: 'pi_1',
      reason: 'insufficient_funds',
      declineCode: 'insufficient_funds',
      message: 'no',
    });
    assert.equal(p.status, 'failed');
  });

  it('when 3-D Secure is required and the policy is fail, then payment.failed action_required; with wait, no event', () => {
    const p = fresh();
    const [event] = reconcile(p, snap({ status: 'requires_action' }), opts);
    assert.equal(event?.type === 'payment.failed' && event.payload.reason, 'action_required');
    const q = fresh();
    assert.deepEqual(
      reconcile(q, snap({ status: 'requires_action' }), { ...opts, onActionRequired: 'wait' }),
      [],
    );
    assert.equal(q.status, 'action_required');
    assert.deepEqual(
      reconcile(q, snap({}), opts).map((e) => e.type),
      ['payment.authorized'],
    );
  });

  it('when a stale requires_capture arrives after the capture, then nothing moves back and nothing is emitted', () => {
    const p = fresh();
    reconcile(p, snap({}), opts);
    assert.deepEqual(
      reconcile(p, snap({ status: 'succeeded', amountReceived: 2000, amountCapturable: 0 }), opts).map(
        (e) => e.type,
      ),
      ['payment.captured'],
    );
    assert.equal(p.capturedMinor, 2000);
    assert.deepEqual(reconcile(p, snap({}), { ...opts, source: 'webhook' }), []);
    assert.equal(p.status, 'captured');
  });

  it('when an authorised intent is canceled (void or 7-day expiry), then payment.voided', () => {
    const p = fresh();
    reconcile(p, snap({}), opts);
    assert.deepEqual(
      reconcile(p, snap({ status: 'canceled', cancellationReason: 'automatic' }), opts).map((e) => e.type),
      ['payment.voided'],
    );
    assert.equal(p.history.at(-1)?.detail, 'stripe canceled (automatic)');
  });

  it('when the report is about another intent than the recorded one, then it is ignored', () => {
    const p = fresh();
    reconcile(p, snap({}), opts);
    assert.deepEqual(reconcile(p, snap({ id: 'pi_other', status: 'succeeded' }), opts), []);
  });

  it('when an unauthorised intent is canceled, then the payment failed (nothing to void)', () => {
    const p = fresh();
    p.status = 'action_required';
    const [event] = reconcile(p, snap({ status: 'canceled' }), opts);
    assert.equal(event?.type, 'payment.failed');
  });

  it('when mapping Stripe errors, then specific decline codes win over card_declined', () => {
    assert.equal(failureReason({ code: 'card_declined', declineCode: 'generic_decline' }), 'card_declined');
    assert.equal(
      failureReason({ code: 'card_declined', declineCode: 'insufficient_funds' }),
      'insufficient_funds',
    );
    assert.equal(failureReason({ code: 'expired_card', declineCode: 'expired_card' }), 'expired_card');
    assert.equal(failureReason({}), 'card_declined');
  });
});
