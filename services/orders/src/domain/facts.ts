import type { Order } from './order.ts';
import type { SagaEvent } from './saga-event.ts';

/** Records what an accepted event tells us about the money, the stock and the label. */
export function recordFacts(order: Order, event: SagaEvent): void {
  const f = order.facts;
  switch (event.type) {
    case 'payment.authorized':
      f.payment = 'authorized';
      order.paymentIntentId = event.paymentIntentId;
      return;
    case 'payment.captured':
      f.payment = 'captured';
      order.paymentIntentId = event.paymentIntentId;
      return;
    // A failed capture holds nothing worth voiding: the authorisation was refused or expired.
    case 'payment.failed':
    case 'payment.capture_failed':
      f.payment = 'failed';
      return;
    case 'payment.voided':
      f.payment = 'voided';
      return;
    case 'payment.refunded':
      f.payment = 'refunded';
      return;
    case 'stock.reserved':
      f.stock = 'reserved';
      return;
    case 'stock.rejected':
      f.stock = 'rejected';
      return;
    case 'stock.released':
      f.stock = 'released';
      return;
    case 'stock.committed':
      f.stock = 'committed';
      return;
    case 'shipment.label_purchased':
      f.label = 'purchased';
      order.shipment = event.shipment;
      return;
    case 'shipment.cancelled':
      f.label = 'cancelled';
      return;
    case 'tracking.in_transit':
    case 'tracking.out_for_delivery':
    case 'tracking.delivered':
    case 'tracking.exception':
      if (f.label === 'purchased') f.label = 'scanned';
      return;
    default:
      return;
  }
}
