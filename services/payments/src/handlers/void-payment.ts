import type { Payload } from '@commerce-sync/contracts';
import { IllegalTransition, isAppError } from '@commerce-sync/errors';
import type { Envelope, HandlerContext } from '@commerce-sync/messaging';
import type { IntentSnapshot } from '../domain/intent-snapshot.ts';
import { newPayment } from '../domain/payment.ts';
import { reconcile } from '../domain/reconcile.ts';
import { settledVoid } from '../domain/replies.ts';
import { move } from '../domain/transitions.ts';
import { asState, findPayment, type PaymentDeps } from './deps.ts';

const CAPTURED = new Set(['captured', 'partially_refunded', 'refunded']);

/**
 * payment.void → cancel the uncaptured PaymentIntent (key `<order>:void`). Nothing held
 * (never authorised, declined) is already void. A void that overtakes its authorisation
 * leaves a `voided` record, so the late authorisation releases its hold at once. A void
 * that finds the money captured (the capture won the race with a cancel) does nothing: the
 * saga refunds on payment.captured.
 */
export function voidPayment(deps: PaymentDeps) {
  return async (msg: Envelope<Payload<'payment.void'>>, ctx: HandlerContext): Promise<void> => {
    const { orderId } = msg.payload;
    const payment = await findPayment(deps, orderId);
    const at = deps.clock();
    if (!payment?.intentId) {
      await ctx.apply(deps.payments, orderId, {
        create: () => newPayment({ orderId, amountMinor: 0, currency: 'XXX' }),
        mutate: (d) => {
          const p = asState(d);
          p.updatedAt = at;
          move(p, 'voided', at, 'command', 'void before any authorisation');
          return [{ type: 'payment.voided', payload: { orderId } }];
        },
      });
      return;
    }
    const settled = settledVoid(payment);
    if (settled) {
      await ctx.apply(deps.payments, orderId, { mutate: () => [settled] });
      return;
    }
    let snapshot: IntentSnapshot;
    try {
      snapshot = await deps.stripe.cancel(payment.intentId, `${orderId}:void`);
    } catch (err) {
      if (!isAppError(err) || err.retryable) throw err;
      snapshot = await deps.stripe.retrieve(payment.intentId); // already canceled, or captured
    }
    const { doc } = await ctx.apply(deps.payments, orderId, {
      mutate: (d) => {
        const p = asState(d);
        p.updatedAt = at;
        return reconcile(p, snapshot, { at, source: 'command', onActionRequired: deps.onActionRequired });
      },
    });
    if (doc && CAPTURED.has(doc.status)) {
      // A cancel that lost the race with the capture: the saga takes payment.captured as the
      // answer to this void and refunds. Nothing to do here, and nothing for an operator.
      deps.logger.info(
        { orderId, status: doc.status },
        'void of a captured payment skipped: the saga refunds it',
      );
      return;
    }
    if (doc?.status !== 'voided' && doc?.status !== 'failed') {
      throw new IllegalTransition(`cannot void the payment of ${orderId}: it is ${doc?.status}`, {
        help: 'The money was captured: refund it (payment.refund) instead of voiding.',
      });
    }
  };
}
