import { UpstreamRejected } from '@commerce-sync/errors';
import type { ShopifyRequest } from './shopify-graphql.ts';

const ORDER_FULFILLMENT = /* GraphQL */ `
  query OrderFulfillment($id: ID!) {
    order(id: $id) {
      id
      fulfillments(first: 20) { id trackingInfo(first: 5) { number } }
      fulfillmentOrders(first: 20) { nodes { id status } }
    }
  }`;
const FULFILLMENT_CREATE = /* GraphQL */ `
  mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id } userErrors { field message } }
  }`;
// Shopify charges a connection by its `first`: 100 events cost 103 points a check (three per
// order, on a 100 points/s bucket shared with inventory); a fulfillment has a handful.
const FULFILLMENT_EVENTS = /* GraphQL */ `
  query FulfillmentEvents($id: ID!) { fulfillment(id: $id) { id events(first: 20) { nodes { status } } } }`;
const FULFILLMENT_EVENT_CREATE = /* GraphQL */ `
  mutation FulfillmentEventCreate($fulfillmentEvent: FulfillmentEventInput!) {
    fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) { fulfillmentEvent { id } userErrors { field message } }
  }`;

interface OrderView {
  order: {
    fulfillments: { id: string; trackingInfo: { number: string | null }[] }[];
    fulfillmentOrders: { nodes: { id: string; status: string }[] };
  } | null;
}

export interface Tracking {
  number: string;
  company: string;
  url?: string;
}

const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS', 'SCHEDULED']);

/**
 * Fulfillment write-back. Each call first looks at what the storefront already has, so a
 * repeat (after a timeout, a 5xx that committed, a redelivered message) never fulfils twice.
 */
export function createShopifyFulfillments(request: ShopifyRequest) {
  async function findByTracking(shop: string, orderGid: string, number: string) {
    const { order } = await request<OrderView>(shop, ORDER_FULFILLMENT, { id: orderGid });
    if (!order) throw new UpstreamRejected(`order ${orderGid} not found on ${shop}`, { api: 'shopify' });
    const existing = order.fulfillments.find((f) => f.trackingInfo.some((t) => t.number === number));
    return {
      existing: existing?.id,
      open: order.fulfillmentOrders.nodes.filter((f) => FULFILLABLE.has(f.status)),
    };
  }

  return {
    /** The fulfillment carrying this tracking number: found, or created on the open fulfillment orders. */
    async fulfill(shop: string, orderGid: string, tracking: Tracking): Promise<string> {
      const { existing, open } = await findByTracking(shop, orderGid, tracking.number);
      if (existing) return existing;
      if (open.length === 0)
        throw new UpstreamRejected(`order ${orderGid} has no open fulfillment order`, { api: 'shopify' });
      const res = await request<{
        fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: { message: string }[] };
      }>(shop, FULFILLMENT_CREATE, {
        fulfillment: {
          lineItemsByFulfillmentOrder: open.map((f) => ({ fulfillmentOrderId: f.id })),
          trackingInfo: {
            number: tracking.number,
            company: tracking.company,
            ...(tracking.url ? { url: tracking.url } : {}),
          },
          notifyCustomer: false, // our notifications service emails the customer
        },
      });
      const created = res.fulfillmentCreate.fulfillment?.id;
      if (created) return created;
      // A concurrent or earlier attempt may have won the race: its fulfillment is ours.
      const again = await findByTracking(shop, orderGid, tracking.number);
      if (again.existing) return again.existing;
      const why = res.fulfillmentCreate.userErrors.map((e) => e.message).join('; ');
      throw new UpstreamRejected(`fulfillmentCreate refused: ${why}`, { api: 'shopify' });
    },

    /** Adds a tracking event unless the fulfillment already has one with this status. */
    async addEvent(shop: string, fulfillmentId: string, status: string, happenedAt: string): Promise<void> {
      const seen = await request<{ fulfillment: { events: { nodes: { status: string }[] } } | null }>(
        shop,
        FULFILLMENT_EVENTS,
        {
          id: fulfillmentId,
        },
      );
      if (!seen.fulfillment)
        throw new UpstreamRejected(`fulfillment ${fulfillmentId} not found`, { api: 'shopify' });
      if (seen.fulfillment.events.nodes.some((e) => e.status === status)) return;
      const res = await request<{ fulfillmentEventCreate: { userErrors: { message: string }[] } }>(
        shop,
        FULFILLMENT_EVENT_CREATE,
        {
          fulfillmentEvent: { fulfillmentId, status, happenedAt },
        },
      );
      const errors = res.fulfillmentEventCreate.userErrors;
      if (errors.length)
        throw new UpstreamRejected(
          `fulfillmentEventCreate refused: ${errors.map((e) => e.message).join('; ')}`,
          { api: 'shopify' },
        );
    },
  };
}

export type ShopifyFulfillments = ReturnType<typeof createShopifyFulfillments>;
