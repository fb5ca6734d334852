import type express from 'express';
import type { GraphQLResolveInfo } from 'graphql';
import type { FaultInjector } from '../common/faults.ts';

/** What a GraphQL resolver of the simulator receives as context. */
export interface ShopifyContext {
  shop: string;
  apiVersion: string;
}

export type RootResolver = (
  args: Record<string, unknown>,
  ctx: ShopifyContext,
  info: GraphQLResolveInfo,
) => unknown;

/**
 * One slice of the Shopify simulator (inventory ledger, storefront + fulfillments).
 * Parts add SDL (use `extend type Query` / `extend type Mutation`), root fields, and
 * their own control-plane routes under /__sim.
 */
export interface ShopifySimPart {
  name: string;
  typeDefs: string;
  root: Record<string, RootResolver>;
  /** Mounted at /__sim (add your own sub-paths, e.g. /__sim/inventory). */
  simRouter?: express.Router;
  /** Mounted at the root, for Shopify's own non-GraphQL routes (e.g. /admin/oauth/…). */
  publicRouter?: express.Router;
  /** The shop a token this part issued belongs to (tokens from an OAuth install). */
  shopForToken?(token: string): string | undefined;
  reset(): void;
  state(): unknown;
  /** Receives the app's fault injector (so /__sim/faults webhook faults reach the part's webhooks). */
  useFaults?(faults: FaultInjector): void;
  close?(): Promise<void>;
}
