import type { NotificationKind, OrderStatus } from '@commerce-sync/contracts';

/** Which customer email an order status announces; statuses absent here are silent. */
const KIND_BY_STATUS: Partial<Record<OrderStatus, NotificationKind>> = {
  // capturing → fulfilling: the money is taken, the order is really on its way.
  fulfilling: 'order_confirmed',
  shipped: 'shipped',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  delivery_exception: 'delivery_problem',
  cancelled: 'cancelled',
};

export function notificationKindFor(to: OrderStatus): NotificationKind | undefined {
  return KIND_BY_STATUS[to];
}

/**
 * Emails a customer cannot opt out of: they concern money or need an action (shipped carries
 * the tracking number). The rest are progress updates that honour the unsubscribe link.
 */
const ESSENTIAL: ReadonlySet<NotificationKind> = new Set([
  'order_confirmed',
  'shipped',
  'delivery_problem',
  'cancelled',
]);

export function isEssential(kind: NotificationKind): boolean {
  return ESSENTIAL.has(kind);
}
