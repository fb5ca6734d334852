import { UpstreamRejected } from '@commerce-sync/errors';
import type { ShopifyRequest } from '../adapters/shopify-graphql.ts';

/** Topics the orders service takes from an installed shop (GraphQL enum names). */
export const WEBHOOK_TOPICS = ['ORDERS_CREATE', 'ORDERS_CANCELLED', 'APP_UNINSTALLED'] as const;

const EXISTING = /* GraphQL */ `
  query subscriptions($topics: [WebhookSubscriptionTopic!], $uri: String) {
    webhookSubscriptions(first: 50, topics: $topics, uri: $uri) { nodes { id topic uri } }
  }
`;
const CREATE = /* GraphQL */ `
  mutation subscribe($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
      webhookSubscription { id topic uri }
      userErrors { field message }
    }
  }
`;
// Shopify refuses a second subscription to the same topic and address with this user error;
// a replica or a reinstall that lost the race finds the subscription it wanted already there.
const TAKEN = /already been taken/i;

export interface Subscribed {
  topic: string;
  id: string;
  created: boolean;
}

/**
 * Subscribes the shop's webhooks to `uri`, once per topic: the ones already there are kept,
 * the missing ones created (https://shopify.dev/docs/api/admin-graphql/latest/mutations/webhookSubscriptionCreate).
 */
export async function subscribeWebhooks(request: ShopifyRequest, shop: string, uri: string) {
  const topics = [...WEBHOOK_TOPICS];
  const found = await request<{ webhookSubscriptions: { nodes: { id: string; topic: string }[] } }>(
    shop,
    EXISTING,
    { topics, uri },
  );
  const existing = new Map(found.webhookSubscriptions.nodes.map((n) => [n.topic, n.id]));
  const out: Subscribed[] = [];
  for (const topic of topics) {
    const id = existing.get(topic);
    out.push(id ? { topic, id, created: false } : await create(request, shop, topic, uri));
  }
  return out;
}

async function create(
  request: ShopifyRequest,
  shop: string,
  topic: string,
  uri: string,
): Promise<Subscribed> {
  type Payload = {
    webhookSubscriptionCreate: {
      webhookSubscription: { id: string } | null;
      userErrors: { message: string }[];
    };
  };
  const { webhookSubscriptionCreate: r } = await request<Payload>(shop, CREATE, {
    topic,
    webhookSubscription: { uri, format: 'JSON' },
  });
  if (r.webhookSubscription) return { topic, id: r.webhookSubscription.id, created: true };
  if (r.userErrors.every((e) => TAKEN.test(e.message))) return { topic, id: '(existing)', created: false };
  throw new UpstreamRejected(
    `webhookSubscriptionCreate ${topic}: ${r.userErrors.map((e) => e.message).join('; ')}`,
    {
      api: 'shopify',
      help: 'Installing again retries the missing subscriptions.',
    },
  );
}
