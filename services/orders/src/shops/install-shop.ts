import type { ShopifyRequest } from '../adapters/shopify-graphql.ts';
import type { ShopRegistry } from './shop-registry.ts';
import type { TokenGrant } from './shopify-oauth.ts';
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
  grant: TokenGrant & { shop: string },
  now: Date,
): Promise<Installed> {
  const { shop, ...tokens } = grant;
  await deps.registry.save({ _id: shop, ...tokens, installedAt: now });
  deps.forgetToken(grant.shop);
  const webhooks = await subscribeWebhooks(deps.request, grant.shop, deps.webhookUrl);
  return { shop: grant.shop, scopes: grant.scopes, webhooks };
}
