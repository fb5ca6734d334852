import type { Payload } from '@commerce-sync/contracts';
import type { Envelope, HandlerContext } from '@commerce-sync/messaging';
import type { AuthorizeResult } from '../adapters/stripe-gateway.ts';
import type { IntentSnapshot } from '../domain/intent-snapshot.ts';
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
    const result =
      (await adoptExistingIntent(deps, msg, existing?.intentId)) ??
      (await deps.stripe.authorize(msg.payload, `${orderId}:authorize`));
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
 * Stripe forgets an Idempotency-Key after 24 h. A command older than this may have created
 * an intent whose answer never reached the record (crash, DLQ), and the key no longer
 * protects it: look before creating. Younger commands skip the lookup (the key suffices,
 * and Stripe's search is rate-limited and lags recent writes by up to a minute).
 */
export const KEY_TRUST_MS = 23 * 3_600_000;

/** An intent that holds, may hold or has already answered for the order's money. */
function adoptable(pi: IntentSnapshot): boolean {
  if (pi.status === 'canceled') return false;
  return pi.status !== 'requires_payment_method' || Boolean(pi.lastError);
}

async function adoptExistingIntent(
  deps: PaymentDeps,
  msg: Envelope<Payload<'payment.authorize'>>,
  knownIntentId: string | null | undefined,
): Promise<AuthorizeResult | undefined> {
  if (deps.clock().getTime() - msg.timestamp.getTime() < KEY_TRUST_MS) return undefined;
  const { orderId } = msg.payload;
  const candidates = knownIntentId
    ? [await deps.stripe.retrieve(knownIntentId)]
    : await deps.stripe.findByOrder(orderId);
  const intent = candidates.find(adoptable);
  if (!intent) return undefined;
  deps.logger.info({ orderId, intentId: intent.id, status: intent.status }, 'adopted an existing intent');
  return { ok: true, intent };
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
