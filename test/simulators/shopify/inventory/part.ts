import type { ShopifySimPart } from '../part.ts';

/** Inventory ledger of the central stock location (placeholder until the inventory slice lands). */
export function createInventoryPart(_opts: { catalogPath?: string } = {}): ShopifySimPart {
  return {
    name: 'inventory',
    typeDefs: 'extend type Query { _inventory: Boolean }',
    root: {},
    reset() {},
    state: () => ({}),
  };
}
