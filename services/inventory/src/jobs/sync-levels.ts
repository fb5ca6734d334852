import type { ShopifyInventory } from '../adapters/shopify-inventory.ts';
import type { StockProjection } from '../adapters/stock-projection.ts';

/**
 * Brings the projection in line with Shopify (changes made in the Shopify admin, by other
 * apps, or our own writes that arrived out of order). Runs on one replica per tick (lease).
 */
export async function syncLevels(
  deps: { shopify: ShopifyInventory; projection: StockProjection },
  now = new Date(),
) {
  let count = 0;
  for await (const page of deps.shopify.levels()) {
    for (const level of page) {
      await deps.projection.record(level.sku, level.inventoryItemId, level, now);
      count++;
    }
  }
  return { levels: count };
}
