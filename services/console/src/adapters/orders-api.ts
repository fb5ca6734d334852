import type { AdminApi, AdminAnswer } from './admin-api.ts';

/** The parts of the orders service's `Order` view (GET /orders/:id) the console shows. */
export interface OrderView {
  id: string;
  shop: string;
  source_id: string;
  source_name?: string;
  status: string;
  reason?: string;
  currency: string;
  amounts: { total: { amount: string } };
  customer: { email: string; name?: string };
  shipping_address: Record<string, unknown>;
  line_items: { sku: string; title: string; quantity: number; unit_price: { amount: string } }[];
  payment: { method?: string; intent_id?: string; state: string };
  stock: string;
  shipment?: { carrier: string; service?: string; tracking_code: string; tracking_url?: string };
  waiting_for: { command: string; sent_at: string }[];
  deadline_at: string | null;
  write_backs: { id: string; done: boolean; error?: string }[];
  timeline: {
    at: string;
    from: string;
    to: string;
    event: string;
    cause: string;
    trace_id?: string;
    note?: string;
  }[];
  placed_at: string;
  updated_at: string;
}
export interface OrderList {
  items: OrderView[];
  next_cursor: string | null;
}

export interface OrderQuery {
  shop?: string;
  sourceId?: string;
  status?: string;
  cursor?: string;
  limit: number;
}

/** How many of the newest orders a search by name reads (the orders API has no name filter). */
export const NAME_SCAN_LIMIT = 1_000;

/** The orders service's admin routes (services/orders/src/http/order-routes.ts). */
export function ordersApi(api: AdminApi) {
  const list = (q: OrderQuery, who: string): Promise<AdminAnswer<OrderList>> => {
    const p = new URLSearchParams({ limit: String(q.limit) });
    if (q.shop) p.set('shop', q.shop);
    if (q.sourceId) p.set('source_id', q.sourceId);
    if (q.status) p.set('status', q.status);
    if (q.cursor) p.set('cursor', q.cursor);
    return api.get<OrderList>('orders', `/orders?${p}`, who);
  };
  return {
    list,
    get: (id: string, who: string) => api.get<OrderView>('orders', `/orders/${encodeURIComponent(id)}`, who),
    act: (id: string, action: 'retry' | 'cancel', who: string) =>
      api.post<OrderView>('orders', `/orders/${encodeURIComponent(id)}/${action}`, who),
    /**
     * Newest first, pages of 100, until `name` is found or NAME_SCAN_LIMIT orders were read.
     * A stopgap: an indexed `source_name` filter on GET /orders is what makes this one read.
     */
    async findByName(name: string, q: Omit<OrderQuery, 'limit' | 'cursor' | 'sourceId'>, who: string) {
      let cursor: string | undefined;
      const found: OrderView[] = [];
      for (let read = 0; read < NAME_SCAN_LIMIT; read += 100) {
        const page = await list({ ...q, limit: 100, ...(cursor ? { cursor } : {}) }, who);
        if (!page.ok || !page.body) return { status: page.status, items: found, complete: false };
        found.push(...page.body.items.filter((o) => o.source_name === name));
        if (found.length > 0 || !page.body.next_cursor) return { status: 200, items: found, complete: true };
        cursor = page.body.next_cursor;
      }
      return { status: 200, items: found, complete: false };
    },
  };
}
export type OrdersApi = ReturnType<typeof ordersApi>;
