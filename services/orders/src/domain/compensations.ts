import type { Order, PendingCommandType } from './order.ts';

/**
 * What undoing an order takes, from what is known to have happened: a held payment is
 * voided, a taken one refunded, reserved stock released, a bought (unscanned) label
 * refunded. Committed stock stays committed: the units are recounted by hand.
 */
export function compensationsFor(order: Order): PendingCommandType[] {
  const out: PendingCommandType[] = [];
  if (order.facts.payment === 'authorized') out.push('payment.void');
  if (order.facts.payment === 'captured') out.push('payment.refund');
  const committing = order.pending.some((p) => p.type === 'stock.commit');
  if (order.facts.stock === 'reserved' && !committing) out.push('stock.release');
  if (order.facts.label === 'purchased') out.push('shipment.cancel');
  return out;
}

/** What happened to the customer's money, as the cancellation email tells it. */
export function moneyOutcome(order: Order): 'none' | 'released' | 'refunded' {
  const planned = new Set([order.facts.payment, ...order.pending.map((p) => p.type)]);
  if (planned.has('payment.refund') || planned.has('refunded')) return 'refunded';
  if (planned.has('payment.void') || planned.has('voided')) return 'released';
  return 'none';
}
