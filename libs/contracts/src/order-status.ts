import { z } from 'zod';

/** Every state of the order saga (DESIGN §3). */
export const ORDER_STATUSES = [
  'received',
  'authorizing',
  'reserving',
  'capturing',
  'fulfilling',
  'shipped',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'cancelled',
  'needs_attention',
  'delivery_exception',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Why an order was cancelled, in machine words; notifications turn them into customer words. */
export const CANCEL_REASONS = [
  'payment_declined',
  'out_of_stock',
  'capture_failed',
  'customer_cancelled',
  'operator_cancelled',
] as const;
export const CancelReason = z.enum(CANCEL_REASONS);
export type CancelReason = z.infer<typeof CancelReason>;

/** Courier tracking statuses as EasyPost reports them. */
export const TRACKING_STATUSES = [
  'unknown',
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delivered',
  'return_to_sender',
  'failure',
  'cancelled',
  'error',
] as const;
export const TrackingStatus = z.enum(TRACKING_STATUSES);
export type TrackingStatus = z.infer<typeof TrackingStatus>;
