import { NotFound, UpstreamRejected } from '@commerce-sync/errors';
import {
  ADJUST_QUANTITIES,
  ITEM_BY_SKU,
  LEVEL_QUANTITIES,
  LOCATION_LEVELS,
  MOVE_QUANTITIES,
} from './shopify-documents.ts';
import type { ShopifyGraphql } from './shopify-client.ts';

export interface Quantities {
  available: number;
  reserved: number;
  committed: number;
  on_hand: number;
}

export interface LevelSnapshot extends Quantities {
  sku: string;
  inventoryItemId: string;
}

interface UserError {
  field?: string[];
  message: string;
  code?: string;
}
type Change = { name: string; delta: number; quantityAfterChange: number | null };
type MutationPayload = {
  inventoryAdjustmentGroup: { id: string; changes: Change[] } | null;
  userErrors: UserError[];
};

/** A move or adjust either applied (quantities after it) or refused with Shopify's code. */
export type ChangeResult =
  | { ok: true; after: Partial<Quantities> }
  | { ok: false; code: string; message: string };

/** Codes that mean "your view of the stock is out of date: read again and retry with a new key". */
export const RETRY_WITH_FRESH_READ = new Set([
  'CHANGE_FROM_QUANTITY_STALE',
  'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
  'INVALID_QUANTITY_NEGATIVE',
]);

const toQuantities = (list: { name: string; quantity: number }[]): Quantities =>
  Object.assign(
    { available: 0, reserved: 0, committed: 0, on_hand: 0 },
    Object.fromEntries(list.map((q) => [q.name, q.quantity])),
  );

/** The central location's stock in Shopify, in the words of our domain. */
export function createShopifyInventory(request: ShopifyGraphql, locationId: string) {
  const itemIds = new Map<string, string>(); // SKU → inventory item never changes: cache for the process

  function outcome(payload: MutationPayload | undefined): ChangeResult {
    const error = payload?.userErrors[0];
    if (error || !payload?.inventoryAdjustmentGroup) {
      return { ok: false, code: error?.code ?? 'UNKNOWN', message: error?.message ?? 'no adjustment group' };
    }
    const after: Partial<Quantities> = {};
    for (const c of payload.inventoryAdjustmentGroup.changes) {
      if (c.quantityAfterChange !== null) after[c.name as keyof Quantities] = c.quantityAfterChange;
    }
    return { ok: true, after };
  }

  return {
    locationId,
    async itemIdOf(sku: string): Promise<string> {
      const cached = itemIds.get(sku);
      if (cached) return cached;
      const data = await request<{ inventoryItems: { nodes: { id: string; sku: string }[] } }>(
        ITEM_BY_SKU,
        'inventoryItems',
        {
          query: `sku:'${sku.replaceAll("'", "\\'")}'`,
        },
      );
      const id = data.inventoryItems.nodes.find((n) => n.sku === sku)?.id;
      if (!id)
        throw new NotFound(`no inventory item for SKU ${sku}`, { help: 'check the SKU exists in Shopify' });
      itemIds.set(sku, id);
      return id;
    },

    async quantities(itemId: string): Promise<Quantities> {
      type Data = {
        inventoryItem: { inventoryLevel: { quantities: { name: string; quantity: number }[] } | null } | null;
      };
      const data = await request<Data>(LEVEL_QUANTITIES, 'inventoryLevel', { id: itemId, locationId });
      const level = data.inventoryItem?.inventoryLevel;
      if (!level)
        throw new UpstreamRejected(`item ${itemId} is not stocked at ${locationId}`, { api: 'shopify' });
      return toQuantities(level.quantities);
    },

    /** Moves `quantity` between two states of the location; `changeFrom` guards the source (CAS). */
    async move(m: {
      key: string;
      itemId: string;
      quantity: number;
      from: 'available' | 'reserved';
      to: 'available' | 'reserved';
      changeFrom: number | null;
      documentUri: string;
      reason: 'reservation_created' | 'reservation_deleted';
    }): Promise<ChangeResult> {
      const terminal = (name: string, changeFromQuantity: number | null) => ({
        locationId,
        name,
        changeFromQuantity,
        // Shopify: `available` takes no ledger document, every other state needs one.
        ...(name === 'available' ? {} : { ledgerDocumentUri: m.documentUri }),
      });
      const input = {
        reason: m.reason,
        referenceDocumentUri: m.documentUri,
        changes: [
          {
            inventoryItemId: m.itemId,
            quantity: m.quantity,
            from: terminal(m.from, m.changeFrom),
            to: terminal(m.to, null),
          },
        ],
      };
      const data = await request<{ inventoryMoveQuantities: MutationPayload }>(
        MOVE_QUANTITIES,
        'inventoryMoveQuantities',
        { input, key: m.key },
      );
      return outcome(data.inventoryMoveQuantities);
    },

    /** Takes shipped units out of `reserved` (and so out of on_hand) for good. */
    async removeReserved(m: {
      key: string;
      itemId: string;
      quantity: number;
      documentUri: string;
    }): Promise<ChangeResult> {
      const input = {
        reason: 'correction',
        name: 'reserved',
        referenceDocumentUri: m.documentUri,
        changes: [
          {
            inventoryItemId: m.itemId,
            locationId,
            delta: -m.quantity,
            changeFromQuantity: null,
            ledgerDocumentUri: m.documentUri,
          },
        ],
      };
      const data = await request<{ inventoryAdjustQuantities: MutationPayload }>(
        ADJUST_QUANTITIES,
        'inventoryAdjustQuantities',
        { input, key: m.key },
      );
      return outcome(data.inventoryAdjustQuantities);
    },

    /** Every level of the location, page by page (the sync job). */
    async *levels(pageSize = 100): AsyncGenerator<LevelSnapshot[]> {
      let after: string | null = null;
      do {
        type Node = {
          item: { id: string; sku: string | null };
          quantities: { name: string; quantity: number }[];
        };
        type Data = {
          location: {
            inventoryLevels: { nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
          } | null;
        };
        const data: Data = await request<Data>(LOCATION_LEVELS, 'inventoryLevels', {
          locationId,
          first: pageSize,
          after,
        });
        const page = data.location?.inventoryLevels;
        if (!page) throw new UpstreamRejected(`location ${locationId} not found`, { api: 'shopify' });
        yield page.nodes
          .filter((n) => n.item.sku)
          .map((n) => ({
            sku: n.item.sku as string,
            inventoryItemId: n.item.id,
            ...toQuantities(n.quantities),
          }));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
    },
  };
}

export type ShopifyInventory = ReturnType<typeof createShopifyInventory>;
