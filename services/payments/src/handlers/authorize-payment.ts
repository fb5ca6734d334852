import type { Payload } from '@commerce-sync/contracts';
import type { Envelope, HandlerContext } from '@commerce-sync/messaging';
import { newPayment } from '../domain/payment.ts';
import { reconcile, recordDecline } from '../domain/reconcile.ts';
import { settledAuthorize } from '../domain/replies.ts';
import { asState, findPayment, type PaymentDeps } from './deps.ts';

/**
 * payment.authorize → one manual-capture PaymentIntent per order, created and confirmed in
 * one call under the key `<order>:authorize`: a redelivery, a re-sent command or a retry
 * after a timeout gets Stripe's stored answer instead of a second hold.
 */
export function authorizePayment(deps: PaymentDeps) {
  return async (msg: Envelope<Payload<'payment.authorize'>>, ctx: HandlerContext): Promise<void> => {
    const { orderId, amountMinor, currency } = msg.payload;
    const existing = await findPayment(deps, orderId);
    const settled = existing && settledAuthorize(existing);
    if (settled) {
      await ctx.apply(deps.payments, orderId, { mutate: () => [settled] });
      return;
    }
    const result = await deps.stripe.authorize(msg.payload, `${orderId}:authorize`);
    const at = deps.clock();
    const { doc } = await ctx.apply(deps.payments, orderId, {
      create: () => newPayment({ orderId, amountMinor, currency }),
      mutate: (d) => {
        const p = asState(d);
        p.updatedAt = at;
        if (!result.intent) return recordDecline(p, result.ok ? {} : result, at);
        return reconcile(p, result.intent, {
          at,
          source: 'command',
          onActionRequired: deps.onActionRequired,
        });
      },
    });
    await releaseUnwantedHold(deps, orderId, doc?.status, result.intent);
  };
}

/**
 * The order gave up on this payment (3-D Secure under the `fail` policy, or a void that
 * overtook us) while Stripe still holds or may still hold money: cancel the intent.
 */
async function releaseUnwantedHold(
  deps: PaymentDeps,
  orderId: string,
  status: string | undefined,
  intent: { id: string; status: string } | undefined,
): Promise<void> {
  const open = intent && ['requires_capture', 'requires_action'].includes(intent.status);
  if (!open || (status !== 'failed' && status !== 'voided')) return;
  try {
    await deps.stripe.cancel(intent.id, `${orderId}:void`);
  } catch (err) {
    // The reconciliation job finds it again; the hold also expires on its own after 7 days.
    deps.logger.warn({ orderId, intentId: intent.id, err }, 'could not cancel an unwanted hold');
  }
}
