import { Conflict, UpstreamRejected } from '@commerce-sync/errors';
import type { AggregateStore, KeyedLock } from '@commerce-sync/messaging';
import type { Reservation } from '../adapters/reservation-model.ts';
import {
  type ChangeResult,
  RETRY_WITH_FRESH_READ,
  type ShopifyInventory,
} from '../adapters/shopify-inventory.ts';
import type { StockProjection } from '../adapters/stock-projection.ts';
import { decideReserve, ledgerDocumentUri, type ReservationLine, stepKey } from '../domain/reservation.ts';

export interface StockDeps {
  shopify: ShopifyInventory;
  reservations: AggregateStore<Reservation>;
  projection: StockProjection;
  skuLock: KeyedLock;
  /** CAS rounds before giving up to a retry tier (contention on one SKU). */
  maxCasAttempts?: number;
}

export type LineOutcome = { held: true } | { held: false; available: number };

const lineOf = (r: Reservation | null | undefined, sku: string) => r?.lines.find((l) => l.sku === sku);

/**
 * Holds one line: read available, move available → reserved guarded by changeFromQuantity,
 * and on CHANGE_FROM_QUANTITY_STALE read again. The attempt is written to the reservation
 * before each call (see MoveIntent) so a redelivery after a crash replays, never repeats.
 */
export async function reserveLine(deps: StockDeps, orderId: string, sku: string): Promise<LineOutcome> {
  const itemId = await deps.shopify.itemIdOf(sku);
  return deps.skuLock.run(sku, async () => {
    // The reservation as our own last write left it, so a round after it need not read it
    // (the first round neither: the reserve just wrote it). An older copy than the stored
    // one only replays a move under its key, or misses a guard and follows the fresh state.
    let written: Reservation | null | undefined = deps.reservations.remembered(orderId);
    for (let round = 0; round < (deps.maxCasAttempts ?? 50); round++) {
      const doc = written ?? (await deps.reservations.read(orderId));
      written = null;
      const line = lineOf(doc, sku);
      if (!line) throw new Conflict(`reservation ${orderId} has no line ${sku}`);
      if (line.state === 'held') return { held: true };
      if (line.intent) {
        const result = await moveToReserved(deps, orderId, itemId, line);
        if (result.ok) {
          await setLine(deps, orderId, sku, (l) => l.intent?.attempt === line.intent?.attempt, {
            state: 'held',
          });
          await deps.projection.record(sku, itemId, result.after);
          return { held: true };
        }
        if (result.code === 'IDEMPOTENCY_CONCURRENT_REQUEST') {
          throw new Conflict(`a duplicate is moving ${sku} for ${orderId} right now`, { retryable: true });
        }
        if (!RETRY_WITH_FRESH_READ.has(result.code)) throw rejected(result, sku);
      }
      const { available } = await deps.shopify.quantities(itemId);
      if (decideReserve(line, available) === 'short') return { held: false, available };
      const intent = { attempt: (line.intent?.attempt ?? 0) + 1, changeFrom: available };
      written = await setLine(
        deps,
        orderId,
        sku,
        (l) => (l.intent?.attempt ?? 0) === intent.attempt - 1 && l.state === 'pending',
        { intent },
      );
    }
    throw new Conflict(`stock of ${sku} kept changing under reservation ${orderId}`, { retryable: true });
  });
}

function moveToReserved(
  deps: StockDeps,
  orderId: string,
  itemId: string,
  line: ReservationLine,
): Promise<ChangeResult> {
  const intent = line.intent as NonNullable<ReservationLine['intent']>;
  return deps.shopify.move({
    key: stepKey(orderId, 'reserve', line.sku, intent.attempt),
    itemId,
    quantity: line.quantity,
    from: 'available',
    to: 'reserved',
    changeFrom: intent.changeFrom,
    documentUri: ledgerDocumentUri(orderId),
    reason: 'reservation_created',
  });
}

/**
 * Whether a line's units sit in `reserved` for the order. A pending line with an intent may
 * have been moved by a crashed or concurrent attempt: replaying the intent (same key, same
 * parameters) tells, and never moves twice.
 */
export async function isHeld(deps: StockDeps, orderId: string, line: ReservationLine): Promise<boolean> {
  if (line.state === 'held') return true;
  if (line.state !== 'pending' || !line.intent) return false;
  const result = await moveToReserved(deps, orderId, await deps.shopify.itemIdOf(line.sku), line);
  return result.ok;
}

/** Gives a held line back (reserved → available): undo of a rejected order, or a release. */
export async function returnLine(
  deps: StockDeps,
  orderId: string,
  line: ReservationLine,
  step: 'undo' | 'release',
): Promise<void> {
  const itemId = await deps.shopify.itemIdOf(line.sku);
  const result = await deps.shopify.move({
    key: stepKey(orderId, step, line.sku),
    itemId,
    quantity: line.quantity,
    from: 'reserved',
    to: 'available',
    changeFrom: null, // the units are ours: no race to guard against, the key makes it once-only
    documentUri: ledgerDocumentUri(orderId),
    reason: 'reservation_deleted',
  });
  if (!result.ok) throw rejected(result, line.sku);
  await deps.projection.record(line.sku, itemId, result.after);
}

/** The parcel left: the held units leave reserved, and with it on_hand. */
export async function removeLine(deps: StockDeps, orderId: string, line: ReservationLine): Promise<void> {
  const itemId = await deps.shopify.itemIdOf(line.sku);
  const result = await deps.shopify.removeReserved({
    key: stepKey(orderId, 'commit', line.sku),
    itemId,
    quantity: line.quantity,
    documentUri: ledgerDocumentUri(orderId),
  });
  if (!result.ok) throw rejected(result, line.sku);
  await deps.projection.record(line.sku, itemId, result.after);
}

async function setLine(
  deps: StockDeps,
  orderId: string,
  sku: string,
  when: (l: ReservationLine) => boolean,
  patch: Partial<ReservationLine>,
): Promise<Reservation | null> {
  // No idempotency key: progress writes are guarded by the line's own state instead, so a
  // concurrent duplicate that got there first simply wins and we follow its state.
  const { doc } = await deps.reservations.apply(orderId, {
    mutate: (doc) => {
      const line = doc.lines.find((l) => l.sku === sku);
      if (!line || !when(line)) return [];
      Object.assign(line, patch);
      doc.updatedAt = new Date();
      return [];
    },
  });
  return doc ? (doc.toObject() as Reservation) : null;
}

function rejected(result: Extract<ChangeResult, { ok: false }>, sku: string) {
  return new UpstreamRejected(`Shopify refused the change of ${sku}: ${result.code}`, {
    api: 'shopify',
    providerCode: result.code,
    help: 'compare the level in Shopify admin with the reservation document, fix it, then replay the message from the DLQ',
  });
}
