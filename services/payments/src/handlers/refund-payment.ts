import type { Payload } from '@commerce-sync/contracts';
import { AppError, IllegalTransition, isAppError, NotFound } from '@commerce-sync/errors';
import type { Envelope, HandlerContext } from '@commerce-sync/messaging';
import { refundableMinor } from '../domain/payment.ts';
import { recordRefund, refundKey } from '../domain/refunds.ts';
import { settledRefund } from '../domain/replies.ts';
import { asState, type PaymentDeps, paymentWhere } from './deps.ts';

/**
 * payment.refund → refund captured money, in full (no amount) or in part. The key is the
 * order's n-th refund, so the same refund delivered twice — even re-sent under a new
 * message id — refunds once, and a later refund gets a key of its own.
 */
export function refundPayment(deps: PaymentDeps) {
  return async (msg: Envelope<Payload<'payment.refund'>>, ctx: HandlerContext): Promise<void> => {
    const { orderId } = msg.payload;
    // The remembered copy serves only when it shows money to refund: one that shows none may
    // be older than the capture another replica recorded (found by the soak with 2 replicas).
    const payment = await paymentWhere(
      deps.payments,
      orderId,
      (p) => Boolean(p.intentId) && refundableMinor(p) > 0,
    );
    if (!payment?.intentId) throw new NotFound(`no payment for order ${orderId}`);
    const intentId = payment.intentId;
    const done = payment.refunds.find((r) => r.messageId === msg.messageId);
    if (done) {
      const payload = {
        orderId,
        paymentIntentId: intentId,
        refundId: done.id,
        amountMinor: done.amountMinor,
        currency: payment.currency,
      };
      await ctx.apply(deps.payments, orderId, { mutate: () => [{ type: 'payment.refunded', payload }] });
      return;
    }
    const settled = settledRefund(payment);
    if (settled) {
      await ctx.apply(deps.payments, orderId, { mutate: () => [settled] });
      return;
    }
    const refundable = refundableMinor(payment);
    const amount = msg.payload.amountMinor ?? refundable;
    if (refundable === 0 || amount > refundable || amount === 0) {
      throw new IllegalTransition(
        `cannot refund ${amount} of order ${orderId}: ${refundable} refundable (${payment.status})`,
        {
          help: 'Only captured money can be refunded, at most what is left.',
        },
      );
    }
    let refund: { id: string; amountMinor: number };
    try {
      refund = await deps.stripe.refund(intentId, amount, refundKey(payment));
    } catch (err) {
      // Another refund of this order took key n a moment ago: retry, we will use n+1.
      if (isAppError(err) && err.code === 'IDEMPOTENCY_CONFLICT') {
        throw new AppError('CONFLICT', 'a concurrent refund used the same sequence number', {
          cause: err,
          retryable: true,
        });
      }
      throw err;
    }
    const at = deps.clock();
    await ctx.apply(deps.payments, orderId, {
      mutate: (d) => {
        const p = asState(d);
        p.updatedAt = at;
        return recordRefund(p, { ...refund, messageId: msg.messageId }, at, 'command');
      },
    });
  };
}
