import { type Catalog, catalogEntries, type CatalogEntry } from '../catalog.ts';

/** Quantity names a client may move or adjust (Shopify: the mutable inventory states). */
export const MUTABLE_NAMES = ['available', 'reserved', 'damaged', 'quality_control', 'safety_stock'] as const;
/** Every name `quantities(names:)` answers; on_hand is derived, committed belongs to Shopify orders. */
export const READABLE_NAMES = [...MUTABLE_NAMES, 'committed', 'incoming', 'on_hand'] as const;
export type MutableName = (typeof MUTABLE_NAMES)[number];

export interface Level {
  inventoryItemId: string;
  locationId: string;
  quantities: Record<MutableName | 'committed' | 'incoming', number>;
  updatedAt: string;
}

/** One applied change, as the ledger of moves on the control plane shows it. */
export interface LedgerEntry {
  at: string;
  groupId: string;
  mutation: 'inventoryMoveQuantities' | 'inventoryAdjustQuantities' | 'control-plane';
  reason: string;
  referenceDocumentUri: string | null;
  sku: string;
  locationId: string;
  name: string;
  delta: number;
  quantityAfterChange: number;
  ledgerDocumentUri: string | null;
}

const levelKey = (itemId: string, locationId: string) => `${itemId}|${locationId}`;

/** On hand = every physical state (Shopify: available + committed + reserved + damaged + QC + safety). */
export function onHand(q: Level['quantities']): number {
  return q.available + q.committed + q.reserved + q.damaged + q.quality_control + q.safety_stock;
}

export function quantityOf(level: Level, name: string): number {
  if (name === 'on_hand') return onHand(level.quantities);
  return level.quantities[name as keyof Level['quantities']] ?? 0;
}

/**
 * The in-memory inventory of the simulated shop: one level per (item, location) seeded from
 * the catalog, and the ledger of every change. Mutations validate first and then apply all
 * changes of a request, so a request is atomic as it is on Shopify.
 */
export function createStockState(catalog: Catalog, now: () => Date = () => new Date()) {
  const entries = catalogEntries(catalog);
  const byItem = new Map(entries.map((e) => [e.inventoryItemId, e]));
  const bySku = new Map(entries.map((e) => [e.sku, e]));
  const levels = new Map<string, Level>();
  const ledger: LedgerEntry[] = [];
  let groupSeq = 0;

  function seed(): void {
    levels.clear();
    ledger.length = 0;
    const at = now().toISOString();
    for (const e of entries) {
      for (const [locationId, units] of Object.entries(e.stock)) {
        levels.set(levelKey(e.inventoryItemId, locationId), {
          inventoryItemId: e.inventoryItemId,
          locationId,
          quantities: {
            available: units,
            reserved: 0,
            committed: 0,
            incoming: 0,
            damaged: 0,
            quality_control: 0,
            safety_stock: 0,
          },
          updatedAt: at,
        });
      }
    }
  }
  seed();

  return {
    catalog,
    entries,
    reset: seed,
    item: (id: string): CatalogEntry | undefined => byItem.get(id),
    sku: (sku: string): CatalogEntry | undefined => bySku.get(sku),
    location: (id: string) => catalog.locations.find((l) => l.id === id),
    level: (itemId: string, locationId: string) => levels.get(levelKey(itemId, locationId)),
    levelsAt: (locationId: string) => [...levels.values()].filter((l) => l.locationId === locationId),
    levelsOf: (itemId: string) => [...levels.values()].filter((l) => l.inventoryItemId === itemId),
    ledger: () => ledger,
    nextGroupId: () => `gid://shopify/InventoryAdjustmentGroup/${++groupSeq}`,
    /** Applies a validated delta and records it; returns the quantity after the change. */
    change(
      level: Level,
      name: MutableName,
      delta: number,
      meta: Omit<LedgerEntry, 'at' | 'sku' | 'locationId' | 'name' | 'delta' | 'quantityAfterChange'>,
    ): number {
      level.quantities[name] += delta;
      level.updatedAt = now().toISOString();
      const after = level.quantities[name];
      ledger.push({
        ...meta,
        at: level.updatedAt,
        sku: byItem.get(level.inventoryItemId)?.sku ?? level.inventoryItemId,
        locationId: level.locationId,
        name,
        delta,
        quantityAfterChange: after,
      });
      return after;
    },
  };
}

export type StockState = ReturnType<typeof createStockState>;
