import type { PaymentState, RefundRecord, Source } from './payment.ts';
import type { PaymentEvent } from './reconcile.ts';
import { move } from './transitions.ts';

/**
 * Records a refund Stripe confirmed (our command's answer, or one listed after a
 * charge.refunded webhook). A refund already known by id changes nothing.
 */
export function recordRefund(
  p: PaymentState,
  refund: RefundRecord,
  at: Date,
  source: Source,
): PaymentEvent[] {
  if (p.refunds.some((r) => r.id === refund.id)) return [];
  const refunded = p.refundedMinor + refund.amountMinor;
  const to = refunded >= p.capturedMinor ? 'refunded' : 'partially_refunded';
  if (!move(p, to, at, source, `refund ${refund.id} of ${refund.amountMinor}`)) return [];
  p.refunds.push(refund);
  p.refundedMinor = refunded;
  return [
    {
      type: 'payment.refunded',
      payload: {
        orderId: p.orderId,
        paymentIntentId: p.intentId ?? '',
        refundId: refund.id,
        amountMinor: refund.amountMinor,
        currency: p.currency,
      },
    },
  ];
}

/**
 * The Idempotency-Key of a refund command: the n-th refund of the order. Two deliveries of
 * one refund (even under different message ids) compute the same n and so refund once;
 * a later, different refund sees n+1.
 */
export function refundKey(p: PaymentState): string {
  return `${p.orderId}:refund:${p.refunds.length + 1}`;
}

/** Capture refused for good (intent expired, canceled or in the wrong state). */
export function recordCaptureFailure(
  p: PaymentState,
  reason: string,
  at: Date,
  source: Source,
): PaymentEvent[] {
  if (!move(p, 'capture_failed', at, source, reason)) return [];
  return [
    {
      type: 'payment.capture_failed',
      payload: { orderId: p.orderId, ...(p.intentId ? { paymentIntentId: p.intentId } : {}), reason },
    },
  ];
}

/** A chargeback: no saga step follows, but operators must see it on the record. */
export function recordDispute(
  p: PaymentState,
  dispute: { id: string; reason: string; amountMinor: number },
  at: Date,
): boolean {
  if (p.dispute?.id === dispute.id) return false;
  p.dispute = dispute;
  p.history.push({
    at,
    from: p.status,
    to: p.status,
    source: 'webhook',
    detail: `dispute ${dispute.id}: ${dispute.reason}`,
  });
  return true;
}
