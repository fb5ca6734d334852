import type { ShopifyRequest } from '../adapters/shopify-graphql.ts';
import type { ShopRegistry } from './shop-registry.ts';
import { type Subscribed, subscribeWebhooks } from './subscribe-webhooks.ts';

export interface InstallDeps {
  registry: Pick<ShopRegistry, 'save'>;
  /** Admin GraphQL as the shop's token source sees it (the registry first). */
  request: ShopifyRequest;
  /** Forgets a cached token, so the new one is used at once. */
  forgetToken(shop: string): void;
  webhookUrl: string;
}

export interface Installed {
  shop: string;
  scopes: string;
  webhooks: Subscribed[];
}

/** The merchant approved: keep the offline token, then subscribe the shop's webhooks. */
export async function installShop(
  deps: InstallDeps,
  grant: { shop: string; accessToken: string; scopes: string },
  now: Date,
): Promise<Installed> {
  await deps.registry.save({
    _id: grant.shop,
    accessToken: grant.accessToken,
    scopes: grant.scopes,
    installedAt: now,
  });
  deps.forgetToken(grant.shop);
  const webhooks = await subscribeWebhooks(deps.request, grant.shop, deps.webhookUrl);
  return { shop: grant.shop, scopes: grant.scopes, webhooks };
}
