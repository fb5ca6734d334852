import type { CatalogEntry } from '../catalog.ts';
import { type Level, quantityOf, READABLE_NAMES, type StockState } from './stock-state.ts';

// GraphQL objects are plain objects; a field with arguments is a method, which graphql-js's
// default resolver calls with (args, context, info).

const MAX_PAGE = 250;

/** A Shopify connection (nodes + pageInfo) over an in-memory list, cursor = index. */
export function connection<T, V>(list: T[], args: { first?: unknown; after?: unknown }, view: (t: T) => V) {
  const first = Math.min(typeof args.first === 'number' ? args.first : 50, MAX_PAGE);
  const start =
    typeof args.after === 'string' ? Number(Buffer.from(args.after, 'base64url').toString()) + 1 : 0;
  const page = list.slice(start, start + first);
  const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
  return {
    nodes: page.map(view),
    pageInfo: {
      hasNextPage: start + first < list.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursor(start) : null,
      endCursor: page.length ? cursor(start + page.length - 1) : null,
    },
  };
}

/** Shopify search syntax, the part we need: `sku:ABC`, `sku:'A B'`, `sku:"A B"`. */
export function skuFromQuery(query: unknown): string | undefined {
  if (typeof query !== 'string') return undefined;
  const m = /(?:^|\s)sku:(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(query);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

export function createViews(state: StockState) {
  function location(id: string) {
    const loc = state.location(id);
    if (!loc) return null;
    return {
      id: loc.id,
      name: loc.name,
      inventoryLevels: (args: { first?: unknown; after?: unknown; query?: unknown }) => {
        const sku = skuFromQuery(args.query);
        const list = state.levelsAt(loc.id).filter((l) => !sku || state.item(l.inventoryItemId)?.sku === sku);
        return connection(list, args, level);
      },
    };
  }

  function level(l: Level): unknown {
    return {
      id: `gid://shopify/InventoryLevel/${l.inventoryItemId.split('/').pop()}?inventory_item_id=${l.inventoryItemId.split('/').pop()}&location=${l.locationId.split('/').pop()}`,
      item: () => item(state.item(l.inventoryItemId) as CatalogEntry),
      location: () => location(l.locationId),
      updatedAt: l.updatedAt,
      quantities: ({ names }: { names: string[] }) =>
        names
          .filter((n) => (READABLE_NAMES as readonly string[]).includes(n))
          .map((name) => ({
            id: `gid://shopify/InventoryQuantity/${l.inventoryItemId.split('/').pop()}?name=${name}`,
            name,
            quantity: quantityOf(l, name),
            updatedAt: l.updatedAt,
          })),
    };
  }

  function item(e: CatalogEntry): unknown {
    return {
      id: e.inventoryItemId,
      sku: e.sku,
      tracked: true,
      variant: () => variant(e),
      inventoryLevel: ({ locationId }: { locationId: string }) => {
        const l = state.level(e.inventoryItemId, locationId);
        return l ? level(l) : null;
      },
      inventoryLevels: (args: { first?: unknown; after?: unknown }) =>
        connection(state.levelsOf(e.inventoryItemId), args, level),
    };
  }

  function variant(e: CatalogEntry): unknown {
    return { id: e.id, sku: e.sku, title: e.title, price: e.price, inventoryItem: () => item(e) };
  }

  return { location, level, item, variant };
}
