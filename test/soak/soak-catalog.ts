import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CENTRAL_LOCATION_ID, type Catalog, loadCatalog } from '../simulators/shopify/catalog.ts';

/**
 * Units one generated order takes of one SKU, on average: 1–3 distinct SKUs of the 20,
 * 1–3 units each (see the storefront generator) ≈ 4 units over 20 SKUs.
 */
const UNITS_PER_ORDER_PER_SKU = 0.2;

/**
 * The seed catalog with the central stock scaled to the run (~1.5× the expected demand), so
 * most orders can be served, while the seed's zero-stock SKU stays at zero: the ~10 % of
 * orders that ask for it keep the out_of_stock path (void, cancel) busy all run long.
 */
export function soakCatalog(orders: number): Catalog {
  const catalog = loadCatalog();
  const demand = Math.ceil(orders * UNITS_PER_ORDER_PER_SKU * 1.5);
  for (const v of catalog.products.flatMap((p) => p.variants)) {
    const seed = v.stock[CENTRAL_LOCATION_ID] ?? 0;
    if (seed > 0) v.stock[CENTRAL_LOCATION_ID] = Math.max(seed, demand);
  }
  return catalog;
}

export function writeCatalog(catalog: Catalog, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(catalog, null, 2)}\n`);
}

/** Central-location stock per SKU: the start of the stock invariant. */
export function startStock(catalog: Catalog): Map<string, number> {
  return new Map(
    catalog.products.flatMap((p) => p.variants).map((v) => [v.sku, v.stock[CENTRAL_LOCATION_ID] ?? 0]),
  );
}
