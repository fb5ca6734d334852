import { z } from 'zod';
import { Address, Currency, MinorUnits, OrderId, Sku, Timestamp } from './common.ts';
import { command, event } from './define.ts';
import { TrackingStatus } from './order-status.ts';

export const ShipmentCreate = command(
  'shipment.create',
  z.object({
    orderId: OrderId,
    /** Printed on the label and used to find an earlier shipment of the same order. */
    reference: z.string().min(1),
    to: Address,
    lines: z.array(
      z.object({ sku: Sku, quantity: z.number().int().positive(), grams: z.number().int().nonnegative() }),
    ),
  }),
  'orders → shipping: buy a label for the order.',
);

export const ShipmentLabelPurchased = event(
  'shipment.label_purchased',
  z.object({
    orderId: OrderId,
    shipmentId: z.string(),
    carrier: z.string(),
    service: z.string(),
    rateMinor: MinorUnits,
    currency: Currency,
    trackingCode: z.string(),
    trackingUrl: z.string(),
    labelUrl: z.string(),
    /** The courier's first estimate of the delivery day, when it gives one. */
    estimatedDeliveryAt: Timestamp.optional(),
  }),
  'shipping: a label is bought; the parcel can leave.',
);

export const ShipmentFailed = event(
  'shipment.failed',
  z.object({ orderId: OrderId, reason: z.string(), code: z.string().optional() }),
  'shipping: no label could be bought (bad address, no rate…) after retries.',
);

export const ShipmentCancel = command(
  'shipment.cancel',
  z.object({ orderId: OrderId }),
  'orders → shipping: refund the label unless the parcel was scanned.',
);

export const ShipmentCancelled = event(
  'shipment.cancelled',
  z.object({ orderId: OrderId, shipmentId: z.string().optional(), refundStatus: z.string().optional() }),
  'shipping: the label is refunded (or there was none).',
);

export const ShipmentCancelRefused = event(
  'shipment.cancel_refused',
  z.object({ orderId: OrderId, reason: z.string() }),
  'shipping: the parcel is already moving; the label cannot be refunded.',
);

export const TrackingUpdated = event(
  'tracking.updated',
  z.object({
    orderId: OrderId,
    trackingCode: z.string(),
    status: TrackingStatus,
    statusDetail: z.string().optional(),
    location: z.string().optional(),
    at: Timestamp,
    estimatedDeliveryAt: Timestamp.optional(),
    /** Where the update came from: the webhook or the poller. */
    source: z.enum(['webhook', 'poll']).optional(),
  }),
  'shipping: the courier reported a newer tracking status (never a regression).',
);
