import type { ShopifyContext } from '../part.ts';

export const webhookSubscriptionTypeDefs = /* GraphQL */ `
  scalar URL
  scalar DateTime
  enum WebhookSubscriptionTopic {
    APP_UNINSTALLED
    ORDERS_CREATE
    ORDERS_CANCELLED
    ORDERS_UPDATED
    INVENTORY_LEVELS_UPDATE
    INVENTORY_ITEMS_UPDATE
  }
  enum WebhookSubscriptionFormat { JSON, XML }
  input WebhookSubscriptionInput {
    callbackUrl: URL
    uri: String
    format: WebhookSubscriptionFormat
    includeFields: [String!]
    filter: String
  }
  type WebhookHttpEndpoint { callbackUrl: URL! }
  union WebhookSubscriptionEndpoint = WebhookHttpEndpoint
  type WebhookSubscription {
    id: ID!
    topic: WebhookSubscriptionTopic!
    uri: String!
    callbackUrl: URL!
    endpoint: WebhookSubscriptionEndpoint!
    format: WebhookSubscriptionFormat!
    includeFields: [String!]!
    filter: String
    createdAt: DateTime!
  }
  type WebhookSubscriptionEdge { node: WebhookSubscription!, cursor: String! }
  type WebhookSubscriptionConnection {
    edges: [WebhookSubscriptionEdge!]!
    nodes: [WebhookSubscription!]!
    pageInfo: PageInfo!
  }
  type WebhookSubscriptionCreatePayload { webhookSubscription: WebhookSubscription, userErrors: [UserError!]! }
  extend type Query {
    webhookSubscriptions(
      first: Int
      after: String
      topics: [WebhookSubscriptionTopic!]
      callbackUrl: URL
      uri: String
    ): WebhookSubscriptionConnection!
  }
  extend type Mutation {
    webhookSubscriptionCreate(
      topic: WebhookSubscriptionTopic!
      webhookSubscription: WebhookSubscriptionInput!
    ): WebhookSubscriptionCreatePayload!
  }
`;

interface Subscription {
  id: string;
  shop: string;
  topic: string;
  uri: string;
  format: string;
  includeFields: string[];
  filter: string | null;
  createdAt: string;
}
type Input = {
  callbackUrl?: string;
  uri?: string;
  format?: string;
  includeFields?: string[];
  filter?: string;
};

/**
 * A shop's webhook subscriptions (Admin GraphQL). As Shopify does, a second subscription to
 * the same topic and address is refused with a user error rather than duplicated.
 */
export function createWebhookSubscriptions(now: () => Date = () => new Date()) {
  let subs: Subscription[] = [];
  let nextId = 1;
  const view = (s: Subscription) => ({
    ...s,
    callbackUrl: s.uri,
    endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: s.uri },
  });

  const root = {
    webhookSubscriptions(args: Record<string, unknown>, ctx: ShopifyContext) {
      const topics = args.topics as string[] | undefined;
      const address = (args.uri ?? args.callbackUrl) as string | undefined;
      const after = Number(args.after ?? 0);
      const first = Number(args.first ?? 50);
      const all = subs.filter(
        (s) =>
          s.shop === ctx.shop &&
          (!topics?.length || topics.includes(s.topic)) &&
          (!address || s.uri === address),
      );
      const page = all.filter((_s, i) => i >= after).slice(0, first);
      const end = after + page.length;
      return {
        nodes: page.map(view),
        edges: page.map((s, i) => ({ node: view(s), cursor: String(after + i + 1) })),
        pageInfo: {
          hasNextPage: end < all.length,
          hasPreviousPage: after > 0,
          startCursor: page.length ? String(after + 1) : null,
          endCursor: page.length ? String(end) : null,
        },
      };
    },
    webhookSubscriptionCreate(args: Record<string, unknown>, ctx: ShopifyContext) {
      const topic = String(args.topic);
      const input = args.webhookSubscription as Input;
      const uri = input.uri ?? input.callbackUrl;
      const field = ['webhookSubscription', input.uri ? 'uri' : 'callbackUrl'];
      if (!uri || !/^https?:\/\//.test(uri))
        return { webhookSubscription: null, userErrors: [{ field, message: 'Address is invalid' }] };
      if (subs.some((s) => s.shop === ctx.shop && s.topic === topic && s.uri === uri))
        return {
          webhookSubscription: null,
          userErrors: [{ field, message: 'Address for this topic has already been taken' }],
        };
      const sub: Subscription = {
        id: `gid://shopify/WebhookSubscription/${nextId++}`,
        shop: ctx.shop,
        topic,
        uri,
        format: input.format ?? 'JSON',
        includeFields: input.includeFields ?? [],
        filter: input.filter ?? null,
        createdAt: now().toISOString(),
      };
      subs.push(sub);
      return { webhookSubscription: view(sub), userErrors: [] };
    },
  };
  return {
    root,
    /** Subscriptions of one shop (all shops without an argument). */
    list: (shop?: string) => subs.filter((s) => !shop || s.shop === shop),
    reset() {
      subs = [];
      nextId = 1;
    },
  };
}
