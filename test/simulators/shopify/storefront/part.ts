import type { ShopifySimPart } from '../part.ts';

/** Storefront orders, webhooks, generator and fulfillments (placeholder until the storefront slice lands). */
export function createStorefrontPart(_opts: { webhookUrl?: string; secret?: string } = {}): ShopifySimPart {
  return {
    name: 'storefront',
    typeDefs: 'extend type Query { _storefront: Boolean }',
    root: {},
    reset() {},
    state: () => ({}),
  };
}
