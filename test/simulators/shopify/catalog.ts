import { readFileSync } from 'node:fs';

/** The central stock location every service reserves from. */
export const CENTRAL_LOCATION_ID = 'gid://shopify/Location/1';

export interface CatalogLocation {
  id: string;
  name: string;
}

export interface CatalogVariant {
  id: string;
  inventoryItemId: string;
  sku: string;
  title: string;
  /** Money as Shopify sends it: a decimal string in the shop currency. */
  price: string;
  grams: number;
  /** On-hand units per location id. */
  stock: Record<string, number>;
}

export interface CatalogProduct {
  id: string;
  title: string;
  variants: CatalogVariant[];
}

export interface Catalog {
  currency: string;
  locations: CatalogLocation[];
  products: CatalogProduct[];
}

/** A variant with its product title, as an order line needs it. */
export interface CatalogEntry extends CatalogVariant {
  productId: string;
  productTitle: string;
}

const DEFAULT_PATH = new URL('./catalog.json', import.meta.url);

/**
 * The seed catalog both Shopify simulator parts use (inventory levels, order lines).
 * `path` points at another catalog of the same shape (SIM_SHOPIFY_CATALOG).
 */
export function loadCatalog(path?: string): Catalog {
  const catalog = JSON.parse(readFileSync(path ?? DEFAULT_PATH, 'utf8')) as Catalog;
  const skus = new Set<string>();
  for (const v of catalog.products.flatMap((p) => p.variants)) {
    if (skus.has(v.sku)) throw new Error(`catalog: duplicate sku ${v.sku}`);
    skus.add(v.sku);
  }
  return catalog;
}

/** Every variant of the catalog, flattened with its product. */
export function catalogEntries(catalog: Catalog): CatalogEntry[] {
  return catalog.products.flatMap((p) =>
    p.variants.map((v) => ({ ...v, productId: p.id, productTitle: p.title })),
  );
}
