import { loadCatalog } from '../catalog.ts';
import type { RootResolver, ShopifySimPart } from '../part.ts';
import { inventoryControlPlane } from './control-plane.ts';
import { createIdempotencyStore, idempotencyKey } from './idempotency.ts';
import {
  type AdjustInput,
  adjustQuantities,
  type MoveInput,
  moveQuantities,
  type Outcome,
} from './mutations.ts';
import { inventoryTypeDefs } from './schema.ts';
import { createStockState } from './stock-state.ts';
import { connection as connectionOf, createViews, skuFromQuery } from './views.ts';

export interface InventoryPartOptions {
  /** Path of a catalog JSON (SIM_SHOPIFY_CATALOG); the seed catalog otherwise. */
  catalogPath?: string;
  /**
   * Refuse a move that would take its source state below zero (default true). Set false to
   * behave like a shop that allows overselling: then only the client's compare-and-swap
   * (changeFromQuantity) keeps stock from going negative.
   */
  refuseNegativeMoves?: boolean;
}

/** Inventory ledger of the shop's locations: the Admin GraphQL inventory API plus /__sim/inventory. */
export function createInventoryPart(opts: InventoryPartOptions = {}): ShopifySimPart {
  const state = createStockState(loadCatalog(opts.catalogPath));
  const views = createViews(state);
  const idempotency = createIdempotencyStore();
  const config = { refuseNegativeMoves: opts.refuseNegativeMoves ?? true };
  const reset = () => {
    state.reset();
    idempotency.clear();
    config.refuseNegativeMoves = opts.refuseNegativeMoves ?? true;
  };

  const payload = (o: Outcome) => ({
    userErrors: o.userErrors,
    inventoryAdjustmentGroup: o.group && {
      ...o.group,
      changes: o.group.changes.map((c) => ({
        ...c,
        item: () => {
          const e = state.item(c.inventoryItemId);
          return e ? views.item(e) : null;
        },
        location: () => views.location(c.locationId),
      })),
    },
  });

  const root: Record<string, RootResolver> = {
    location: ({ id }) => views.location(String(id)),
    locations: (args) => ({ ...connectionOfLocations(args) }),
    productVariants: (args) => {
      const sku = skuFromQuery(args.query);
      return connectionOf(
        state.entries.filter((e) => !sku || e.sku === sku),
        args,
        views.variant,
      );
    },
    inventoryItems: (args) => {
      const sku = skuFromQuery(args.query);
      return connectionOf(
        state.entries.filter((e) => !sku || e.sku === sku),
        args,
        views.item,
      );
    },
    inventoryItem: ({ id }) => {
      const e = state.item(String(id));
      return e ? views.item(e) : null;
    },
    inventoryLevel: ({ id }) => {
      const m = /InventoryLevel\/(\d+)\?inventory_item_id=\d+&location=(\d+)/.exec(String(id));
      const l = m && state.level(`gid://shopify/InventoryItem/${m[1]}`, `gid://shopify/Location/${m[2]}`);
      return l ? views.level(l) : null;
    },
    inventoryMoveQuantities: ({ input }, _ctx, info) =>
      payload(
        idempotency.run('move', idempotencyKey(info), input, () =>
          moveQuantities(state, input as MoveInput, { refuseNegative: () => config.refuseNegativeMoves }),
        ),
      ),
    inventoryAdjustQuantities: ({ input }, _ctx, info) =>
      payload(
        idempotency.run('adjust', idempotencyKey(info), input, () =>
          adjustQuantities(state, input as AdjustInput),
        ),
      ),
  };

  function connectionOfLocations(args: Record<string, unknown>) {
    return connectionOf(state.catalog.locations, args, (l) => views.location(l.id));
  }

  return {
    name: 'inventory',
    typeDefs: inventoryTypeDefs,
    root,
    simRouter: inventoryControlPlane({ state, reset, config }),
    reset,
    state: () => ({
      levels: state.entries.length,
      ledgerEntries: state.ledger().length,
      idempotencyKeys: idempotency.size(),
      config,
    }),
  };
}
