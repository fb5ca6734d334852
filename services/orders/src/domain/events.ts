import type { OrderStatus } from '@commerce-sync/contracts';
import type { Outgoing } from './commands.ts';
import { moneyOutcome } from './compensations.ts';
import type { Order } from './order.ts';

const WITH_REASON: readonly OrderStatus[] = ['cancelled', 'needs_attention', 'delivery_exception'];

export function orderPlaced(order: Order, _now: Date): Outgoing {
  return {
    type: 'order.placed',
    payload: {
      orderId: order._id,
      shop: order.shop,
      sourceId: order.sourceId,
      ...(order.sourceName ? { sourceName: order.sourceName } : {}),
      customer: order.customer,
      currency: order.currency,
      totalMinor: order.totalMinor,
      lines: order.lines,
      shippingAddress: order.shippingAddress,
      placedAt: order.placedAt,
    },
  };
}

/** The feed notifications and projections follow: enough to email without asking back. */
export function statusChanged(order: Order, from: OrderStatus, now: Date): Outgoing {
  const s = order.shipment;
  return {
    type: 'order.status_changed',
    payload: {
      orderId: order._id,
      shop: order.shop,
      sourceId: order.sourceId,
      ...(order.sourceName ? { orderName: order.sourceName } : {}),
      from,
      to: order.status,
      at: now.toISOString(),
      ...(WITH_REASON.includes(order.status) && order.reason ? { reason: order.reason } : {}),
      ...(order.status === 'cancelled' ? { money: moneyOutcome(order) } : {}),
      customer: order.customer,
      currency: order.currency,
      totalMinor: order.totalMinor,
      lines: order.lines,
      ...(s
        ? {
            shipment: {
              carrier: s.carrier,
              ...(s.service ? { service: s.service } : {}),
              trackingCode: s.trackingCode,
              ...(s.trackingUrl ? { trackingUrl: s.trackingUrl } : {}),
              ...(s.estimatedDeliveryAt ? { estimatedDeliveryAt: s.estimatedDeliveryAt } : {}),
            },
          }
        : {}),
    },
  };
}
