import type { PaymentState } from './payment.ts';
import type { PaymentEvent } from './reconcile.ts';

/**
 * The answer to a command whose step is already settled: the saga may re-send a command
 * (new message id) when it believes it missed the outcome, so we say it again instead of
 * calling Stripe. Undefined means the step is not settled and the call must be made.
 */
export function settledAuthorize(p: PaymentState): PaymentEvent | undefined {
  const { orderId } = p;
  const paymentIntentId = p.intentId ?? '';
  if (['authorized', 'captured', 'capture_failed', 'partially_refunded', 'refunded'].includes(p.status)) {
    return {
      type: 'payment.authorized',
      payload: { orderId, paymentIntentId, amountMinor: p.amountMinor, currency: p.currency },
    };
  }
  if (p.status === 'failed' || p.status === 'voided') {
    const f = p.failure ?? { reason: p.status === 'voided' ? 'canceled' : 'card_declined' };
    return {
      type: 'payment.failed',
      payload: {
        orderId,
        ...(p.intentId ? { paymentIntentId } : {}),
        reason: f.reason,
        ...(f.declineCode ? { declineCode: f.declineCode } : {}),
      },
    };
  }
  return undefined;
}

export function settledCapture(p: PaymentState): PaymentEvent | undefined {
  const { orderId } = p;
  if (['captured', 'partially_refunded', 'refunded'].includes(p.status) && p.intentId) {
    return {
      type: 'payment.captured',
      payload: { orderId, paymentIntentId: p.intentId, amountMinor: p.capturedMinor, currency: p.currency },
    };
  }
  if (['capture_failed', 'voided', 'failed', 'new', 'action_required'].includes(p.status)) {
    const reason = p.status === 'capture_failed' ? 'capture_refused' : `payment_${p.status}`;
    return {
      type: 'payment.capture_failed',
      payload: { orderId, ...(p.intentId ? { paymentIntentId: p.intentId } : {}), reason },
    };
  }
  return undefined;
}

/** Nothing held (never authorised, failed, already voided): the void is done. */
export function settledVoid(p: PaymentState): PaymentEvent | undefined {
  if (['voided', 'failed', 'new'].includes(p.status)) {
    return {
      type: 'payment.voided',
      payload: { orderId: p.orderId, ...(p.intentId ? { paymentIntentId: p.intentId } : {}) },
    };
  }
  return undefined;
}

/**
 * A refund asked for again after the money went back in full (the saga re-sent it under a
 * new message id): say so again — the last refund, and the whole amount refunded.
 */
export function settledRefund(p: PaymentState): PaymentEvent | undefined {
  const last = p.refunds.at(-1);
  if (p.status !== 'refunded' || !last || !p.intentId) return undefined;
  return {
    type: 'payment.refunded',
    payload: {
      orderId: p.orderId,
      paymentIntentId: p.intentId,
      refundId: last.id,
      amountMinor: p.refundedMinor,
      currency: p.currency,
    },
  };
}
