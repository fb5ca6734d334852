import type { MessageType, Payload } from '@commerce-sync/contracts';
import type { Order, PendingCommand, PendingCommandType } from './order.ts';

/** A message the saga wants sent (the outbox stamps ids and correlation). */
export type Outgoing = { [T in MessageType]: { type: T; payload: Payload<T> } }[MessageType];

/** The answers that settle each command; the sweeper re-sends a command until one arrives. */
export const ANSWERED_BY: Record<PendingCommandType, readonly string[]> = {
  'payment.authorize': ['payment.authorized', 'payment.failed'],
  'stock.reserve': ['stock.reserved', 'stock.rejected'],
  'payment.capture': ['payment.captured', 'payment.capture_failed'],
  'shipment.create': ['shipment.label_purchased', 'shipment.failed'],
  // A capture that won the race with a cancel answers the void too: payments refuses to
  // void captured money, and the saga refunds it on payment.captured instead.
  'payment.void': ['payment.voided', 'payment.captured'],
  'payment.refund': ['payment.refunded'],
  'stock.release': ['stock.released'],
  'stock.commit': ['stock.committed'],
  'shipment.cancel': ['shipment.cancelled', 'shipment.cancel_refused'],
};

/** Same SKU on two lines reserves once with the summed quantity. */
function stockLines(order: Order) {
  const bySku = new Map<string, number>();
  for (const l of order.lines) bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

/** The body of each command the saga sends, built from the order alone. */
export function commandFor(order: Order, type: PendingCommandType): Outgoing {
  const orderId = order._id;
  switch (type) {
    case 'payment.authorize':
      return {
        type,
        payload: {
          orderId,
          amountMinor: order.totalMinor,
          currency: order.currency,
          paymentMethod: order.paymentMethod ?? '',
          ...(order.stripeCustomer ? { customer: order.stripeCustomer } : {}),
          description: `Order ${order.sourceName ?? order.sourceId} on ${order.shop}`,
        },
      };
    case 'stock.reserve':
      return { type, payload: { orderId, lines: stockLines(order) } };
    case 'payment.capture':
      return { type, payload: { orderId, amountMinor: order.totalMinor } };
    case 'shipment.create':
      return {
        type,
        payload: {
          orderId,
          reference: orderId,
          to: order.shippingAddress,
          lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, grams: l.grams })),
        },
      };
    case 'payment.void':
      return { type, payload: { orderId, reason: order.reason ?? 'cancelled' } };
    case 'payment.refund':
      return { type, payload: { orderId, reason: order.reason ?? 'cancelled' } };
    default:
      return { type, payload: { orderId } };
  }
}

export function pendingFor(order: Order, type: PendingCommandType, now: Date): PendingCommand {
  return {
    type,
    payload: commandFor(order, type).payload as Record<string, unknown>,
    sentAt: now.toISOString(),
  };
}

/** The message to (re-)send for a pending command. */
export function toOutgoing(p: PendingCommand): Outgoing {
  return { type: p.type, payload: p.payload } as Outgoing;
}
