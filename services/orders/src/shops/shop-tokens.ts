import type { ShopRegistry } from './shop-registry.ts';

/** The Admin API token of a shop, or undefined when the shop is unknown. */
export type TokenSource = (shop: string) => Promise<string | undefined>;

// A token is read once per shop and this long: the write-back path stays at its store
// round-trip budget, and a reinstall on another replica is picked up within the minute.
const TTL_MS = 30_000;

/**
 * Installed shops first (the `shops` registry), then the bootstrap tokens from the
 * environment (SHOPIFY_ADMIN_TOKEN / SHOPIFY_ADMIN_TOKENS) for setups from before OAuth.
 */
export function createTokenSource(
  registry: Pick<ShopRegistry, 'find'>,
  bootstrap: Record<string, string>,
  now: () => number = Date.now,
): TokenSource & { forget(shop: string): void } {
  const cache = new Map<string, { token: string | undefined; until: number }>();
  const source = async (shop: string) => {
    const hit = cache.get(shop);
    if (hit && hit.until > now()) return hit.token;
    const token = (await registry.find(shop))?.accessToken ?? bootstrap[shop];
    cache.set(shop, { token, until: now() + TTL_MS });
    return token;
  };
  return Object.assign(source, { forget: (shop: string) => void cache.delete(shop) });
}
