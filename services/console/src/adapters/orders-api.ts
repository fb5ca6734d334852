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
  name?: string;
  status?: string;
  /** ISO instants: the orders service takes a window of at most 31 days. */
  receivedFrom?: string;
  receivedTo?: string;
  cursor?: string;
  limit: number;
}

const PARAMS: Record<Exclude<keyof OrderQuery, 'limit'>, string> = {
  shop: 'shop',
  sourceId: 'source_id',
  name: 'name',
  status: 'status',
  receivedFrom: 'received_from',
  receivedTo: 'received_to',
  cursor: 'cursor',
};

/** The orders service's admin routes (services/orders/src/http/order-routes.ts). */
export function ordersApi(api: AdminApi) {
  return {
    list(q: OrderQuery, who: string): Promise<AdminAnswer<OrderList>> {
      const p = new URLSearchParams({ limit: String(q.limit) });
      for (const [key, param] of Object.entries(PARAMS) as [keyof typeof PARAMS, string][]) {
        const value = q[key];
        if (value) p.set(param, value);
      }
      return api.get<OrderList>('orders', `/orders?${p}`, who);
    },
    /** Counts by status and the latest order (the orders service answers from a 10 s cache). */
    stats: (who: string) =>
      api.get<{ total: number; byStatus: Record<string, number>; latest?: unknown }>(
        'orders',
        '/orders/stats',
        who,
      ),
    get: (id: string, who: string) => api.get<OrderView>('orders', `/orders/${encodeURIComponent(id)}`, who),
    act: (id: string, action: 'retry' | 'cancel', who: string) =>
      api.post<OrderView>('orders', `/orders/${encodeURIComponent(id)}/${action}`, who),
  };
}
export type OrdersApi = ReturnType<typeof ordersApi>;
