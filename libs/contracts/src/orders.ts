import { z } from 'zod';
import { Address, Currency, Customer, LineItem, MinorUnits, OrderId, Timestamp } from './common.ts';
import { event } from './define.ts';
import { CancelReason, OrderStatus } from './order-status.ts';

export const OrderPlaced = event(
  'order.placed',
  z.object({
    orderId: OrderId,
    shop: z.string(),
    sourceId: z.string(),
    sourceName: z.string().optional(),
    customer: Customer,
    currency: Currency,
    totalMinor: MinorUnits,
    lines: z.array(LineItem).min(1),
    shippingAddress: Address,
    placedAt: Timestamp,
  }),
  'orders: a storefront order was accepted and its saga started.',
);

const ShipmentSummary = z.object({
  carrier: z.string(),
  service: z.string().optional(),
  trackingCode: z.string(),
  trackingUrl: z.string().optional(),
  /** The courier's estimate of the delivery day as of the label (tracking.updated moves it). */
  estimatedDeliveryAt: z.string().optional(),
});

export const OrderStatusChanged = event(
  'order.status_changed',
  z.object({
    orderId: OrderId,
    shop: z.string(),
    sourceId: z.string(),
    /** The storefront's name of the order ("#1307"): what the customer knows it by. */
    orderName: z.string().max(100).optional(),
    from: OrderStatus,
    to: OrderStatus,
    at: Timestamp,
    /** Set when `to` is cancelled, needs_attention or delivery_exception. */
    reason: z.union([CancelReason, z.string().max(200)]).optional(),
    /** What the saga did with the money on a cancellation. */
    money: z.enum(['none', 'released', 'refunded']).optional(),
    /** Enough for a customer email without asking the orders service back. */
    customer: Customer,
    currency: Currency,
    totalMinor: MinorUnits,
    lines: z.array(LineItem),
    shipment: ShipmentSummary.optional(),
    /** Signed reference to the tracking page of this order. */
    trackingToken: z.string().optional(),
  }),
  'orders: the saga moved an order to a new status (the feed notifications and projections follow).',
);
