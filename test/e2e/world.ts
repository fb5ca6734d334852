import { devToken } from '@commerce-sync/service-kit/dev-token';
import { waitFor } from '../support/infra.ts';
import type { Stack } from '../support/stack-harness.ts';

export interface OrderView {
  id: string;
  status: string;
  reason?: string;
  line_items: { sku: string; quantity: number }[];
  amounts: { total: { minor: number } };
  payment: { intent_id?: string; state: string };
  shipment?: { carrier: string; tracking_code: string; tracking_url?: string; label_url?: string };
  timeline: { at: string; from: string; to: string; event: string; cause: string; trace_id?: string }[];
}

export interface PlacedOrder {
  id: number;
  email: string;
  line_items: { sku: string; quantity: number }[];
}

/** What the end-to-end tests, the benchmark and the soak do to and read from a running stack. */
export class World {
  private token: Promise<string>;
  readonly stack: Stack;
  readonly shop: string;

  constructor(stack: Stack) {
    this.stack = stack;
    this.shop = stack.env.SHOPIFY_SHOP_DOMAIN ?? 'commerce-sync-demo.myshopify.com';
    this.token = devToken('e2e', '4h');
  }

  orderId(sourceId: number | string): string {
    return `${this.shop}:${sourceId}`;
  }

  async json<T>(url: string, init: RequestInit & { admin?: boolean } = {}): Promise<T> {
    const headers = new Headers(init.headers);
    if (init.body) headers.set('content-type', 'application/json');
    if (init.admin) headers.set('authorization', `Bearer ${await this.token}`);
    const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Places an order on the storefront simulator, which sends the signed webhook. */
  place(input: Record<string, unknown>): Promise<PlacedOrder> {
    return this.json(`${this.stack.url.shopify}/__sim/storefront/orders`, {
      method: 'POST',
      body: JSON.stringify(input),
    });
  }

  cancelOnStorefront(sourceId: number): Promise<unknown> {
    return this.json(`${this.stack.url.shopify}/__sim/storefront/orders/${sourceId}/cancel`, {
      method: 'POST',
      body: '{}',
    });
  }

  order(orderId: string): Promise<OrderView> {
    return this.json(`${this.stack.url.orders}/orders/${encodeURIComponent(orderId)}`, { admin: true });
  }

  waitStatus(orderId: string, statuses: string | string[], timeoutMs = 60_000): Promise<OrderView> {
    const want = Array.isArray(statuses) ? statuses : [statuses];
    let last = 'no order yet';
    return waitFor(
      async () => {
        const o = await this.order(orderId).catch(() => undefined);
        if (o) last = `${o.status}${o.reason ? ` (${o.reason})` : ''}`;
        return o && want.includes(o.status) ? o : undefined;
      },
      {
        timeoutMs,
        intervalMs: 200,
        what: `order ${orderId} to reach ${want.join('|')} (last seen: ${last})`,
      },
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last seen: ${last}`);
    });
  }

  stripeStats(): Promise<{
    capturesByOrder: Record<string, number>;
    voidsByOrder: Record<string, number>;
    refundsByOrder: Record<string, number>;
    createsByOrder: Record<string, number>;
    refundedAmountByOrder: Record<string, number>;
  }> {
    return this.json(`${this.stack.url.stripe}/__sim/stats`);
  }

  easypostStats(): Promise<{
    labelsByReference: Record<string, number>;
    refundsByReference: Record<string, number>;
  }> {
    return this.json(`${this.stack.url.easypost}/__sim/stats`);
  }

  fulfillments(sourceId: number): Promise<
    {
      orderId: number;
      fulfillments: {
        trackingInfo: { number?: string; company?: string; url?: string } | { number?: string }[];
        events: unknown[];
      }[];
    }[]
  > {
    return this.json(`${this.stack.url.shopify}/__sim/storefront/fulfillments?order=${sourceId}`);
  }

  forceOutcome(orderId: string, outcome: 'delivered' | 'failure' | 'return_to_sender'): Promise<unknown> {
    return this.json(`${this.stack.url.easypost}/__sim/outcomes/${encodeURIComponent(orderId)}`, {
      method: 'PUT',
      body: JSON.stringify({ outcome }),
    });
  }

  /** Subjects of the emails mailpit holds for one recipient. */
  async emailsTo(address: string): Promise<{ subject: string; id: string; kind: string }[]> {
    const q = encodeURIComponent(`to:"${address}"`);
    const body = await this.json<{ messages: { ID: string; Subject: string; MessageID: string }[] }>(
      `${this.stack.env.MAILPIT_API_URL}/api/v1/search?query=${q}&limit=200`,
    );
    // notifications sets Message-ID to `<kind>.<hash>@domain` (the same for every attempt).
    return body.messages.map((m) => ({
      subject: m.Subject,
      id: m.ID,
      kind: m.MessageID.replace(/^</, '').split('.')[0] ?? '',
    }));
  }

  /** Levels of a SKU at the central location. */
  async central(
    sku: string,
  ): Promise<{ available: number; reserved: number; committed: number; on_hand: number }> {
    const levels = await this.json<unknown>(
      `${this.stack.url.shopify}/__sim/inventory/levels/${encodeURIComponent(sku)}`,
    );
    const list = (Array.isArray(levels) ? levels : [levels]) as {
      locationId?: string;
      available: number;
      reserved: number;
      committed: number;
      on_hand: number;
    }[];
    const found = list.find((l) => !l.locationId || l.locationId.endsWith('/Location/1'));
    if (!found) throw new Error(`no central level for ${sku}: ${JSON.stringify(levels)}`);
    return found;
  }
}
