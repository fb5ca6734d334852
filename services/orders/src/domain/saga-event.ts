import type { Shipment } from './order.ts';

/**
 * What the saga reacts to: the other services' events, the storefront's and operators'
 * requests, and the sweeper's clock. Message handlers translate messages into these.
 */
export type SagaEvent =
  | { type: 'order.placed' }
  | { type: 'order.unpayable'; reason: string }
  | { type: 'payment.authorized'; paymentIntentId: string }
  | { type: 'payment.failed'; reason: string }
  | { type: 'stock.reserved' }
  | { type: 'stock.rejected'; skus: string[] }
  | { type: 'payment.captured'; paymentIntentId: string }
  | { type: 'payment.capture_failed'; reason: string }
  | { type: 'shipment.label_purchased'; shipment: Shipment }
  | { type: 'shipment.failed'; reason: string }
  | { type: TrackingEventType; trackingStatus: string }
  | { type: 'payment.voided' }
  | { type: 'payment.refunded' }
  | { type: 'stock.released' }
  | { type: 'stock.committed' }
  | { type: 'shipment.cancelled' }
  | { type: 'shipment.cancel_refused'; reason: string }
  | { type: 'cancel.requested'; by: 'customer' | 'operator' }
  | { type: 'retry.requested' }
  | { type: 'deadline.passed' };

export type SagaEventType = SagaEvent['type'];

export type TrackingEventType =
  | 'tracking.in_transit'
  | 'tracking.out_for_delivery'
  | 'tracking.delivered'
  | 'tracking.exception';

export const SAGA_EVENT_TYPES = [
  'order.placed',
  'order.unpayable',
  'payment.authorized',
  'payment.failed',
  'stock.reserved',
  'stock.rejected',
  'payment.captured',
  'payment.capture_failed',
  'shipment.label_purchased',
  'shipment.failed',
  'tracking.in_transit',
  'tracking.out_for_delivery',
  'tracking.delivered',
  'tracking.exception',
  'payment.voided',
  'payment.refunded',
  'stock.released',
  'stock.committed',
  'shipment.cancelled',
  'shipment.cancel_refused',
  'cancel.requested',
  'retry.requested',
  'deadline.passed',
] as const satisfies readonly SagaEventType[];

/**
 * EasyPost tracking statuses mapped to saga events; the rest (pre_transit, unknown,
 * available_for_pickup, cancelled) do not move the order.
 */
export function trackingEventType(status: string): TrackingEventType | undefined {
  switch (status) {
    case 'in_transit':
      return 'tracking.in_transit';
    case 'out_for_delivery':
      return 'tracking.out_for_delivery';
    case 'delivered':
      return 'tracking.delivered';
    case 'failure':
    case 'return_to_sender':
    case 'error':
      return 'tracking.exception';
    default:
      return undefined;
  }
}
