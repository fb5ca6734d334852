import type { OrderStatus, TrackingStatus } from '@commerce-sync/contracts';

/** What the customer sees: the saga's internal steps collapse into a few words. */
export const DISPLAY_STATUSES = [
  'processing',
  'preparing',
  'shipped',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'problem',
  'delivered',
  'cancelled',
] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

const FROM_ORDER: Record<OrderStatus, DisplayStatus> = {
  received: 'processing',
  authorizing: 'processing',
  reserving: 'processing',
  capturing: 'processing',
  fulfilling: 'preparing',
  // An operator is on it; the customer only needs to know it is being prepared.
  needs_attention: 'preparing',
  shipped: 'shipped',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  delivery_exception: 'problem',
  cancelled: 'cancelled',
};

const FROM_TRACKING: Record<TrackingStatus, DisplayStatus | undefined> = {
  unknown: undefined,
  pre_transit: 'shipped',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  available_for_pickup: 'available_for_pickup',
  delivered: 'delivered',
  return_to_sender: 'problem',
  failure: 'problem',
  error: 'problem',
  // The label was voided: the order's own cancellation says more; keep the last status.
  cancelled: undefined,
};

export function displayOfOrder(status: OrderStatus): DisplayStatus {
  return FROM_ORDER[status];
}

export function displayOfTracking(status: TrackingStatus): DisplayStatus | undefined {
  return FROM_TRACKING[status];
}

const RANK: Record<DisplayStatus, number> = {
  processing: 0,
  preparing: 1,
  shipped: 2,
  in_transit: 3,
  out_for_delivery: 4,
  available_for_pickup: 4,
  problem: 5,
  delivered: 6,
  cancelled: 7,
};

/** How far along the customer's journey a status is (problem and cancelled rank after). */
export function rankOf(status: DisplayStatus): number {
  return RANK[status];
}

const FINAL: ReadonlySet<DisplayStatus> = new Set(['delivered', 'cancelled']);

/**
 * Updates arrive late, twice or out of order: the status only moves forward. Same rank goes
 * by time; a delivery problem may be followed by newer courier progress (the courier retried).
 */
export function supersedes(
  next: { status: DisplayStatus; at: string },
  current: { status: DisplayStatus; at: string },
): boolean {
  if (FINAL.has(current.status)) return false;
  if (RANK[next.status] > RANK[current.status]) return true;
  const newer = Date.parse(next.at) >= Date.parse(current.at);
  if (current.status === 'problem') return newer && RANK[next.status] >= RANK.shipped;
  return newer && RANK[next.status] === RANK[current.status];
}
