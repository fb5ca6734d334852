import type { RootResolver } from '../part.ts';
import { numericId, type SimFulfillment, type SimFulfillmentOrder, type StorefrontStore } from './store.ts';

interface FulfillmentInput {
  lineItemsByFulfillmentOrder: { fulfillmentOrderId: string }[];
  trackingInfo?: { number?: string; numbers?: string[]; company?: string; url?: string; urls?: string[] };
  notifyCustomer?: boolean;
}

const userError = (field: string[], message: string) => ({ field, message });

/** GraphQL views: nested fields are functions graphql-js calls with their arguments. */
export function createViews(store: StorefrontStore) {
  const fulfillment = (f: SimFulfillment) => ({
    id: f.id,
    status: f.status,
    createdAt: f.createdAt,
    trackingInfo: () => f.trackingInfo,
    events: () => ({ nodes: f.events }),
  });
  const fulfillmentOrder = (fo: SimFulfillmentOrder) => ({
    id: fo.id,
    status: fo.status,
    orderId: `gid://shopify/Order/${fo.orderId}`,
    lineItems: () => ({
      nodes: fo.lines.map((l) => ({
        id: l.id,
        totalQuantity: l.totalQuantity,
        remainingQuantity: l.remainingQuantity,
        lineItem: { id: l.lineItemId, sku: l.sku, name: l.sku, quantity: l.totalQuantity },
      })),
    }),
    fulfillments: () => ({
      nodes: [...store.fulfillments.values()]
        .filter((f) => f.fulfillmentOrderIds.includes(fo.id))
        .map(fulfillment),
    }),
  });
  const order = (id: number) => {
    const o = store.orders.get(id);
    if (!o) return null;
    const fos = store.fulfillmentOrdersOf(id);
    const done = store.fulfillmentsOf(id).length > 0;
    return {
      id: o.admin_graphql_api_id,
      name: o.name,
      email: o.email,
      cancelledAt: o.cancelled_at,
      displayFulfillmentStatus: done ? 'FULFILLED' : 'UNFULFILLED',
      fulfillmentOrders: () => {
        const nodes = fos.map(fulfillmentOrder);
        return {
          nodes,
          edges: nodes.map((node) => ({ node, cursor: Buffer.from(node.id).toString('base64') })),
        };
      },
      fulfillments: () => store.fulfillmentsOf(id).map(fulfillment),
    };
  };
  return { fulfillment, fulfillmentOrder, order };
}

function createFulfillment(
  store: StorefrontStore,
  input: FulfillmentInput,
  views: ReturnType<typeof createViews>,
) {
  const fos: SimFulfillmentOrder[] = [];
  for (const [i, item] of input.lineItemsByFulfillmentOrder.entries()) {
    const fo = store.fulfillmentOrders.get(item.fulfillmentOrderId);
    const field = ['fulfillment', 'lineItemsByFulfillmentOrder', String(i), 'fulfillmentOrderId'];
    if (!fo)
      return { fulfillment: null, userErrors: [userError(field, 'Fulfillment order does not exist.')] };
    if (fo.status !== 'OPEN') {
      const msg = `Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status.toLowerCase()}.`;
      return { fulfillment: null, userErrors: [userError(field, msg)] };
    }
    fos.push(fo);
  }
  if (fos.length === 0)
    return { fulfillment: null, userErrors: [userError(['fulfillment'], 'No line items.')] };
  const t = input.trackingInfo ?? {};
  const numbers = t.numbers ?? (t.number ? [t.number] : []);
  const f: SimFulfillment = {
    id: `gid://shopify/Fulfillment/${store.nextId() + 9_000_000}`,
    orderId: fos[0]?.orderId ?? 0,
    fulfillmentOrderIds: fos.map((fo) => fo.id),
    status: 'SUCCESS',
    trackingInfo: (numbers.length ? numbers : [null]).map((number, i) => ({
      number,
      company: t.company ?? null,
      url: t.urls?.[i] ?? t.url ?? null,
    })),
    notifyCustomer: input.notifyCustomer ?? false,
    createdAt: new Date().toISOString(),
    events: [],
  };
  for (const fo of fos) {
    fo.status = 'CLOSED';
    for (const l of fo.lines) l.remainingQuantity = 0;
  }
  store.fulfillments.set(f.id, f);
  return { fulfillment: views.fulfillment(f), userErrors: [] };
}

export function createRootResolvers(store: StorefrontStore): Record<string, RootResolver> {
  const views = createViews(store);
  return {
    order: ({ id }) => views.order(numericId(id)),
    fulfillmentOrder: ({ id }) => {
      const fo = store.fulfillmentOrders.get(String(id));
      return fo ? views.fulfillmentOrder(fo) : null;
    },
    fulfillment: ({ id }) => {
      const f = store.fulfillments.get(String(id));
      return f ? views.fulfillment(f) : null;
    },
    fulfillmentCreate: ({ fulfillment }) => createFulfillment(store, fulfillment as FulfillmentInput, views),
    fulfillmentEventCreate: ({ fulfillmentEvent }) => {
      const input = fulfillmentEvent as {
        fulfillmentId: string;
        status: string;
        happenedAt?: string;
        message?: string;
      };
      const f = store.fulfillments.get(input.fulfillmentId);
      if (!f)
        return {
          fulfillmentEvent: null,
          userErrors: [userError(['fulfillmentEvent', 'fulfillmentId'], 'Fulfillment does not exist.')],
        };
      const event = {
        id: `gid://shopify/FulfillmentEvent/${store.nextId() + 8_000_000}`,
        status: input.status,
        happenedAt: input.happenedAt ?? new Date().toISOString(),
        ...(input.message ? { message: input.message } : {}),
      };
      f.events.push(event);
      return { fulfillmentEvent: event, userErrors: [] };
    },
  };
}
