import type { OrderPayload } from './order-payload.ts';

export interface FulfillmentOrderLine {
  id: string;
  lineItemId: string;
  sku: string;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface SimFulfillmentOrder {
  id: string;
  orderId: number;
  status: 'OPEN' | 'CLOSED' | 'CANCELLED';
  lines: FulfillmentOrderLine[];
}

export interface SimFulfillmentEvent {
  id: string;
  status: string;
  happenedAt: string;
  message?: string;
}

export interface SimFulfillment {
  id: string;
  orderId: number;
  fulfillmentOrderIds: string[];
  status: 'SUCCESS' | 'CANCELLED';
  trackingInfo: { number: string | null; company: string | null; url: string | null }[];
  notifyCustomer: boolean;
  createdAt: string;
  events: SimFulfillmentEvent[];
}

/** In-memory storefront: orders as sent in webhooks, their fulfillment orders and fulfillments. */
export function createStorefrontStore() {
  const orders = new Map<number, OrderPayload>();
  const fulfillmentOrders = new Map<string, SimFulfillmentOrder>();
  const fulfillments = new Map<string, SimFulfillment>();
  // Ids start from the clock so a restarted simulator never reuses the ids of an earlier
  // run whose orders are still in the services' databases (room for 1,000 ids a second).
  let seq = (Math.floor(Date.now() / 1000) - 1_700_000_000) * 1000;
  const next = () => ++seq;
  let orderNumber = 1000;

  return {
    orders,
    fulfillmentOrders,
    fulfillments,
    nextId: next,
    /** Ids look like Shopify's: large integers, increasing. */
    nextOrderIds(lineCount: number) {
      orderNumber += 1;
      const base = 5_000_000_000_000 + next() * 1000;
      return {
        id: base,
        number: orderNumber,
        customerId: 7_000_000_000_000 + next(),
        lineItemIds: Array.from({ length: lineCount }, (_, i) => base + 100 + i),
      };
    },
    addOrder(order: OrderPayload) {
      orders.set(order.id, order);
      const fo: SimFulfillmentOrder = {
        id: `gid://shopify/FulfillmentOrder/${order.id + 1}`,
        orderId: order.id,
        status: 'OPEN',
        lines: order.line_items.map((l) => ({
          id: `gid://shopify/FulfillmentOrderLineItem/${l.id + 50}`,
          lineItemId: l.admin_graphql_api_id,
          sku: l.sku,
          totalQuantity: l.quantity,
          remainingQuantity: l.quantity,
        })),
      };
      fulfillmentOrders.set(fo.id, fo);
    },
    fulfillmentOrdersOf(orderId: number) {
      return [...fulfillmentOrders.values()].filter((f) => f.orderId === orderId);
    },
    fulfillmentsOf(orderId: number) {
      return [...fulfillments.values()].filter((f) => f.orderId === orderId);
    },
    reset() {
      orders.clear();
      fulfillmentOrders.clear();
      fulfillments.clear();
    },
  };
}

export type StorefrontStore = ReturnType<typeof createStorefrontStore>;

/** `gid://shopify/Order/123` or `123` → 123. */
export function numericId(gid: unknown): number {
  return Number(String(gid).split('/').pop());
}
