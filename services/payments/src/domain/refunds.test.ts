import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPayment, refundableMinor } from './payment.ts';
import { recordCaptureFailure, recordDispute, recordRefund, refundKey } from './refunds.ts';
import { settledAuthorize, settledCapture, settledRefund, settledVoid } from './replies.ts';
import { canMove, TRANSITIONS } from './transitions.ts';

const at = new Date('2026-01-01T00:00:00Z');
const captured = () => {
  const p = newPayment({ orderId: 'shop:9', amountMinor: 5000, currency: 'EUR' });
  Object.assign(p, { status: 'captured', intentId: 'pi_9', capturedMinor: 5000 });
  return p;
};

describe('refunds, capture failures, disputes and settled replies', () => {
  it('when refunded in part then for the rest, then partially_refunded → refunded with one event each, keyed by sequence', () => {
    const p = captured();
    assert.equal(refundKey(p), 'shop:9:refund:1');
    assert.deepEqual(
      recordRefund(p, { id: 're_1', amountMinor: 1200 }, at, 'command').map((e) => e.type),
      ['payment.refunded'],
    );
    assert.equal(p.status, 'partially_refunded');
    assert.equal(refundableMinor(p), 3800);
    assert.equal(refundKey(p), 'shop:9:refund:2');
    assert.deepEqual(recordRefund(p, { id: 're_1', amountMinor: 1200 }, at, 'webhook'), []);
    recordRefund(p, { id: 're_2', amountMinor: 3800 }, at, 'command');
    assert.equal(p.status, 'refunded');
    assert.equal(p.refundedMinor, 5000);
  });

  it('when fully refunded, then a refund asked again is answered with the last refund and the whole amount; a partial one is not settled', () => {
    const p = captured();
    recordRefund(p, { id: 're_1', amountMinor: 1200 }, at, 'command');
    assert.equal(settledRefund(p), undefined);
    recordRefund(p, { id: 're_2', amountMinor: 3800 }, at, 'command');
    assert.deepEqual(settledRefund(p)?.payload, {
      orderId: 'shop:9',
      paymentIntentId: 'pi_9',
      refundId: 're_2',
      amountMinor: 5000,
      currency: 'EUR',
    });
  });

  it('when a refund is reported for an uncaptured payment, then it is refused by the table', () => {
    const p = newPayment({ orderId: 'shop:9', amountMinor: 5000, currency: 'EUR' });
    p.status = 'authorized';
    assert.deepEqual(recordRefund(p, { id: 're_x', amountMinor: 1 }, at, 'webhook'), []);
    assert.equal(p.refunds.length, 0);
  });

  it('when a capture is refused, then capture_failed once; a void may follow', () => {
    const p = newPayment({ orderId: 'shop:9', amountMinor: 5000, currency: 'EUR' });
    Object.assign(p, { status: 'authorized', intentId: 'pi_9' });
    const [event] = recordCaptureFailure(p, 'payment_intent_unexpected_state', at, 'command');
    assert.deepEqual(event, {
      type: 'payment.capture_failed',
      payload: { orderId: 'shop:9', paymentIntentId: 'pi_9', reason: 'payment_intent_unexpected_state' },
    });
    assert.deepEqual(recordCaptureFailure(p, 'again', at, 'command'), []);
    assert.ok(canMove('capture_failed', 'voided'));
  });

  it('when a dispute arrives twice, then it is recorded once in the history', () => {
    const p = captured();
    assert.ok(recordDispute(p, { id: 'dp_1', reason: 'fraudulent', amountMinor: 5000 }, at));
    assert.ok(!recordDispute(p, { id: 'dp_1', reason: 'fraudulent', amountMinor: 5000 }, at));
    assert.equal(p.history.length, 1);
  });

  it('when a step is already settled, then the reply repeats its outcome; an open step gets none', () => {
    const p = captured();
    assert.equal(settledAuthorize(p)?.type, 'payment.authorized');
    assert.equal(settledCapture(p)?.type, 'payment.captured');
    assert.equal(settledVoid(p), undefined);
    const open = newPayment({ orderId: 'shop:9', amountMinor: 5000, currency: 'EUR' });
    open.status = 'authorized';
    assert.equal(settledCapture(open), undefined);
    assert.equal(settledVoid(open), undefined);
    open.status = 'failed';
    assert.equal(settledVoid(open)?.type, 'payment.voided');
    assert.equal(settledCapture(open)?.type, 'payment.capture_failed');
  });

  it('when reading the table, then terminal statuses lead nowhere and every target is a status', () => {
    for (const s of ['failed', 'voided', 'refunded'] as const) assert.deepEqual(TRANSITIONS[s], []);
    for (const targets of Object.values(TRANSITIONS)) for (const t of targets) assert.ok(t in TRANSITIONS);
  });
});
