import type { Payload } from '@commerce-sync/contracts';
import { type AppError, isAppError, NotFound } from '@commerce-sync/errors';
import type { Envelope, HandlerContext } from '@commerce-sync/messaging';
import type { IntentSnapshot } from '../domain/intent-snapshot.ts';
import { reconcile } from '../domain/reconcile.ts';
import { recordCaptureFailure } from '../domain/refunds.ts';
import { settledCapture } from '../domain/replies.ts';
import { asState, findPayment, type PaymentDeps } from './deps.ts';

/**
 * payment.capture → capture the held amount (or `amount_to_capture` when the order asks for
 * less) under the key `<order>:capture`. A capture Stripe refuses for good is looked up:
 * already captured (a lost answer) → payment.captured; expired or canceled → capture_failed.
 */
export function capturePayment(deps: PaymentDeps) {
  return async (msg: Envelope<Payload<'payment.capture'>>, ctx: HandlerContext): Promise<void> => {
    const { orderId, amountMinor } = msg.payload;
    const payment = await findPayment(deps, orderId);
    if (!payment?.intentId) throw new NotFound(`no authorised payment for order ${orderId}`);
    const settled = settledCapture(payment);
    if (settled) {
      await ctx.apply(deps.payments, orderId, { mutate: () => [settled] });
      return;
    }
    const intentId = payment.intentId;
    const partial =
      amountMinor !== undefined && amountMinor !== payment.amountMinor ? amountMinor : undefined;
    let snapshot: IntentSnapshot;
    let refusal: AppError | undefined;
    try {
      snapshot = await deps.stripe.capture(intentId, partial, `${orderId}:capture`);
    } catch (err) {
      if (!isAppError(err) || err.retryable) throw err; // retry tier, same key next time
      refusal = err;
      snapshot = await deps.stripe.retrieve(intentId);
    }
    const at = deps.clock();
    await ctx.apply(deps.payments, orderId, {
      mutate: (d) => {
        const p = asState(d);
        p.updatedAt = at;
        const events = reconcile(p, snapshot, {
          at,
          source: 'command',
          onActionRequired: deps.onActionRequired,
        });
        if (p.status === 'captured' || !refusal) return events;
        const reason = refusal.providerCode ?? refusal.code.toLowerCase();
        const failed = recordCaptureFailure(p, reason, at, 'command');
        // Already voided or expired: the saga still waits for the capture's answer.
        return failed.length
          ? [...events, ...failed]
          : [...events, ...captureFailedEvent(orderId, intentId, reason)];
      },
    });
  };
}

function captureFailedEvent(orderId: string, paymentIntentId: string, reason: string) {
  return [{ type: 'payment.capture_failed' as const, payload: { orderId, paymentIntentId, reason } }];
}
