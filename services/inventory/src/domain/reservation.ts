import type { StockLine } from '@commerce-sync/contracts';

/** Where an order's reservation stands. Final states never move back to `reserving`. */
export const RESERVATION_STATUSES = ['reserving', 'reserved', 'rejected', 'released', 'committed'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** One SKU of the order: `held` units sit in Shopify's `reserved` state under the order's ledger document. */
export const LINE_STATES = ['pending', 'held', 'undone', 'released', 'committed'] as const;
export type LineState = (typeof LINE_STATES)[number];

/**
 * The compare-and-swap attempt a line is on: the idempotency key is derived from `attempt`,
 * and `changeFrom` is the `available` it was based on. Stored BEFORE the call, so a crash
 * after Shopify applied the move replays the very same request (same key, same parameters)
 * instead of moving a second time.
 */
export interface MoveIntent {
  attempt: number;
  changeFrom: number;
}

export interface ReservationLine {
  sku: string;
  quantity: number;
  state: LineState;
  intent?: MoveIntent | null;
}

export interface Shortage {
  sku: string;
  requested: number;
  available: number;
}

/** Lines of one SKU are merged: one move per SKU, one key per SKU and step. */
export function mergeLines(lines: readonly StockLine[]): ReservationLine[] {
  const bySku = new Map<string, number>();
  for (const l of lines) bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.quantity);
  return [...bySku.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sku, quantity]) => ({ sku, quantity, state: 'pending' as const, intent: null }));
}

/** The order as a ledger document: a non-Shopify URI, as Shopify requires for `reserved`. */
export function ledgerDocumentUri(orderId: string): string {
  return `gid://commerce-sync/Order/${encodeURIComponent(orderId)}`;
}

/** Idempotency key of one step on one SKU; `attempt` only for compare-and-swap steps. */
export function stepKey(
  orderId: string,
  step: 'reserve' | 'undo' | 'release' | 'commit',
  sku: string,
  attempt?: number,
): string {
  return [orderId, step, sku, attempt].filter((p) => p !== undefined).join(':');
}

/** What to do with one line given what Shopify says is available now. */
export function decideReserve(line: Pick<ReservationLine, 'quantity'>, available: number): 'move' | 'short' {
  return available >= line.quantity ? 'move' : 'short';
}

/**
 * A reservation outlives its order when it is still held (or half-made) after `maxAgeMs`
 * with no commit or release: the order was cancelled or is stuck.
 */
export function isStale(
  r: { status: ReservationStatus; updatedAt: Date },
  now: Date,
  maxAgeMs: number,
): boolean {
  return (
    (r.status === 'reserved' || r.status === 'reserving') && now.getTime() - r.updatedAt.getTime() > maxAgeMs
  );
}
