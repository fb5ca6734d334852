import type { Shop, ShopRegistry } from './shop-registry.ts';
import type { TokenGrant } from './shopify-oauth.ts';

export interface RefreshDeps {
  registry: Pick<ShopRegistry, 'find' | 'sealedRefreshToken' | 'replaceTokens'>;
  /** Shopify's refresh (shopify.auth.refreshToken through ShopifyOAuth.refresh). */
  refresh(shop: string, refreshToken: string): Promise<TokenGrant>;
  logger: { warn(o: object, m?: string): void };
}

/**
 * Refreshes a shop's expiring token. Shopify spends a refresh token on use, so one process
 * refreshes a shop once at a time (concurrent callers share the call), and the new tokens are
 * stored only if the refresh token used is still the stored one. When another replica won
 * (its refresh spent ours first, or its write landed first), the stored tokens are theirs: read them.
 */
export function createTokenRefresher(deps: RefreshDeps) {
  const inFlight = new Map<string, Promise<Shop | undefined>>();

  async function refreshOnce(shop: Shop): Promise<Shop | undefined> {
    const guard = await deps.registry.sealedRefreshToken(shop._id);
    if (!guard || !shop.refreshToken) return shop;
    try {
      const { scopes: _scopes, ...next } = await deps.refresh(shop._id, shop.refreshToken);
      if (await deps.registry.replaceTokens(shop._id, guard, next)) return { ...shop, ...next };
    } catch (err) {
      // Never the token in the log: the library's error names the shop and Shopify's answer.
      deps.logger.warn({ shop: shop._id, err: (err as Error).message }, 'token refresh failed; rereading');
    }
    return deps.registry.find(shop._id);
  }

  return (shop: Shop): Promise<Shop | undefined> => {
    const running = inFlight.get(shop._id);
    if (running) return running;
    const p = refreshOnce(shop).finally(() => inFlight.delete(shop._id));
    inFlight.set(shop._id, p);
    return p;
  };
}
export type TokenRefresher = ReturnType<typeof createTokenRefresher>;
