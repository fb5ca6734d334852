import type { TrackingStatus } from '@commerce-sync/contracts';
import type { TrackingEvent } from './tracking-progress.ts';

/**
 * Where our side of a shipment stands. `created`: the courier shipment exists, no label yet
 * (its id is stored BEFORE buying, so a retry finds it instead of buying another).
 */
export const SHIPMENT_STATES = ['created', 'purchased', 'failed', 'cancelled', 'cancel_refused'] as const;
export type ShipmentState = (typeof SHIPMENT_STATES)[number];

/** The local shipments record, one per order (`_id` = orderId). No address is kept. */
export interface ShipmentRecord {
  _id: string;
  reference: string;
  status: ShipmentState;
  easypostShipmentId?: string;
  carrier?: string;
  service?: string;
  rateMinor?: number;
  currency?: string;
  trackingCode?: string;
  trackerId?: string;
  trackingUrl?: string;
  labelUrl?: string;
  trackingStatus: TrackingStatus;
  trackingStatusDetail?: string;
  estimatedDeliveryAt?: string;
  /** Last time the courier spoke (webhook) or was asked (poll): the poller's clock. */
  trackingCheckedAt?: Date;
  history: (TrackingEvent & { source?: 'webhook' | 'poll' | 'label' })[];
  failureReason?: string;
  failureCode?: string;
  /** The courier's refund status; `failed` while a refund of a label bought after a cancel is still owed. */
  refundStatus?: string;
  /** Why that refund failed (kept until a later attempt succeeds). */
  refundError?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields of a record that did not exist yet. */
export function newRecord(reference: string, status: ShipmentState, now: Date): Partial<ShipmentRecord> {
  return { reference, status, trackingStatus: 'unknown', history: [], createdAt: now, updatedAt: now };
}
