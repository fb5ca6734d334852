import type { ShopRegistry } from './shop-registry.ts';
import type { TokenRefresher } from './token-refresh.ts';

/** The Admin API token of a shop, or undefined when the shop is unknown or uninstalled. */
export type TokenSource = (shop: string) => Promise<string | undefined>;

// A token is read once per shop and this long: the write-back path stays at its store
// round-trip budget, and a reinstall on another replica is picked up within the minute.
const TTL_MS = 30_000;

export interface TokenSourceOptions {
  now?: () => number;
  /** Refreshes an expiring token; without it, tokens are used until they expire. */
  refresh?: TokenRefresher;
  /** An expiring token is refreshed once it has less than this left (default 5 min). */
  marginMs?: number;
}

/**
 * Installed shops first (the `shops` registry), then the bootstrap tokens from the
 * environment (SHOPIFY_ADMIN_TOKEN / SHOPIFY_ADMIN_TOKENS) for setups from before OAuth;
 * a shop that uninstalled has none. An expiring token is refreshed before it expires.
 */
export function createTokenSource(
  registry: Pick<ShopRegistry, 'find'>,
  bootstrap: Record<string, string>,
  opts: TokenSourceOptions = {},
): TokenSource & { forget(shop: string): void } {
  const now = opts.now ?? Date.now;
  const margin = opts.marginMs ?? 300_000;
  const cache = new Map<string, { token: string | undefined; until: number }>();
  const source = async (shop: string) => {
    const hit = cache.get(shop);
    if (hit && hit.until > now()) return hit.token;
    let found = await registry.find(shop);
    const expiresAt = () => found?.accessTokenExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
    if (found?.accessToken && opts.refresh && expiresAt() - now() < margin) found = await opts.refresh(found);
    const token = found ? found.accessToken : bootstrap[shop];
    cache.set(shop, { token, until: Math.min(now() + TTL_MS, expiresAt() - margin) });
    return token;
  };
  return Object.assign(source, { forget: (shop: string) => void cache.delete(shop) });
}
