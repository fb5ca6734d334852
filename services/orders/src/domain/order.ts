import type { Address, CancelReason, Customer, LineItem, OrderStatus } from '@commerce-sync/contracts';

/** A command the saga sent and whose answer it still waits for (re-sent by the sweeper). */
export interface PendingCommand {
  type: PendingCommandType;
  payload: Record<string, unknown>;
  sentAt: string;
}

export type PendingCommandType =
  | 'payment.authorize'
  | 'payment.capture'
  | 'payment.void'
  | 'payment.refund'
  | 'stock.reserve'
  | 'stock.release'
  | 'stock.commit'
  | 'shipment.create'
  | 'shipment.cancel';

/** What the saga knows for certain about the money, the stock and the label (drives compensations). */
export interface OrderFacts {
  payment: 'none' | 'authorized' | 'captured' | 'voided' | 'refunded' | 'failed';
  stock: 'none' | 'reserved' | 'released' | 'committed' | 'rejected';
  /** `scanned`: the courier has the parcel, the label can no longer be refunded. */
  label: 'none' | 'purchased' | 'scanned' | 'cancelled';
}

export interface Shipment {
  shipmentId: string;
  carrier: string;
  service?: string;
  trackingCode: string;
  trackingUrl?: string;
  labelUrl?: string;
  /** The courier's estimate when the label was bought. */
  estimatedDeliveryAt?: string;
}

/** A storefront write-back the saga decided on; the handler performs it after the write. */
export interface WriteBack {
  id: string;
  kind: 'fulfillment' | 'fulfillment_event';
  /** Shopify FulfillmentEventStatus for `fulfillment_event`. */
  status?: 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'FAILURE' | 'ATTEMPTED_DELIVERY';
  done: boolean;
  /** Why the storefront refused it (done without effect). */
  error?: string;
}

export interface TimelineEntry {
  at: string;
  from: OrderStatus;
  to: OrderStatus;
  /** The saga event that caused the entry (`payment.authorized`, `cancel.requested`, …). */
  event: string;
  /** Message id, webhook id or operator subject that caused it. */
  cause: string;
  traceId?: string;
  note?: string;
}

/** The order as the saga sees it; the mongoose model stores exactly this plus messaging fields. */
export interface Order {
  _id: string;
  shop: string;
  sourceId: string;
  sourceName?: string;
  status: OrderStatus;
  customer: Customer;
  currency: string;
  totalMinor: number;
  subtotalMinor?: number;
  taxMinor?: number;
  lines: LineItem[];
  shippingAddress: Address;
  paymentMethod?: string;
  stripeCustomer?: string;
  placedAt: string;
  facts: OrderFacts;
  paymentIntentId?: string;
  shipment?: Shipment;
  fulfillmentId?: string;
  /** Why the order is cancelled, needs attention or had a delivery exception. */
  reason?: CancelReason | string;
  /** Set while a cancellation waits for the label to be refunded. */
  cancelRequested?: CancelReason;
  /** The state to resume from when an operator retries a needs_attention order. */
  resumeFrom?: OrderStatus;
  pending: PendingCommand[];
  deadlineAt?: string | null;
  sweepAttempts: number;
  writeBacks: WriteBack[];
  timeline: TimelineEntry[];
}

export function initialFacts(): OrderFacts {
  return { payment: 'none', stock: 'none', label: 'none' };
}
