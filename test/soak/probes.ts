import { CENTRAL_LOCATION_ID } from '../simulators/shopify/catalog.ts';
import type { Stack } from '../support/stack-harness.ts';

/** The part of the orders API's order view (GET /orders) the soak reads. */
export interface OrderSummary {
  id: string;
  source_id: string;
  status: string;
  reason?: string;
  amounts: { total: { minor: number } };
  line_items: { sku: string; quantity: number }[];
  payment: { state: string; intent_id?: string };
  stock: string;
  shipment?: { tracking_code: string };
  waiting_for: { command: string; sent_at: string }[];
  timeline: { at: string; from: string; to: string; event: string; note?: string }[];
}

export interface StorefrontOrder {
  id: number;
  name: string;
  cancelled_at: string | null;
}
export interface Level {
  sku: string | null;
  locationId: string;
  available: number;
  reserved: number;
  committed: number;
  on_hand: number;
}
export interface Intent {
  id: string;
  amount_received: number;
  status: string;
  metadata: Record<string, string>;
}
export interface Refund {
  amount: number;
  payment_intent: string;
  status: string;
}
export interface Email {
  MessageID: string;
  Subject: string;
}
export interface QueueDepth {
  name: string;
  messages: number;
}
export interface DlqMessage {
  queue: string;
  type: string;
  correlationId: string;
  reason: string;
  errorCode?: string;
  errorMessage?: string;
}

async function getJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url.replace(/\?.*/, '')}: ${res.status}`);
  return (await res.json()) as T;
}

/** fetch refuses URLs with credentials: turn `http://user:pass@host` into a base and a header. */
function withBasicAuth(url: string) {
  const u = new URL(url);
  const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString(
    'base64',
  );
  return { base: `${u.protocol}//${u.host}`, headers: { authorization: `Basic ${auth}` } };
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** Read-only views of everything the soak checks: the orders API, the simulators, mailpit, RabbitMQ. */
export function createProbes(stack: Pick<Stack, 'url' | 'infra'>, adminToken: string) {
  const { url } = stack;
  const rabbit = withBasicAuth(stack.infra.urls.amqpManagement);
  const mail = stack.infra.urls.mailpitApi.replace(/\/$/, '');
  const admin = { authorization: `Bearer ${adminToken}` };

  return {
    storefrontOrders: () => getJson<StorefrontOrder[]>(`${url.shopify}/__sim/storefront/orders`),
    storefrontStats: () =>
      getJson<{
        orders: number;
        fulfillments: number;
        webhooks: { pending: number; delivered: number; failed: number };
        generator: { running: boolean; placed: number; cancelled: number; failed: number };
      }>(`${url.shopify}/__sim/storefront/stats`),
    fulfillments: () =>
      getJson<{ orderId: number; fulfillments: { status: string }[] }[]>(
        `${url.shopify}/__sim/storefront/fulfillments`,
      ),
    levels: async () =>
      (await getJson<Level[]>(`${url.shopify}/__sim/inventory/levels`)).filter(
        (l) => l.locationId === CENTRAL_LOCATION_ID,
      ),
    stripeState: () => getJson<{ intents: Intent[]; refunds: Refund[] }>(`${url.stripe}/__sim/state`),
    stripeStats: () =>
      getJson<{ captures: number; capturesByOrder: Record<string, number>; requests: number }>(
        `${url.stripe}/__sim/stats`,
      ),
    easypostStats: () =>
      getJson<{ labelsBought: number; labelsByReference: Record<string, number>; webhooksPending: number }>(
        `${url.easypost}/__sim/stats`,
      ),

    /** Every order through the operator API, newest first, 100 a page. */
    async orders(): Promise<OrderSummary[]> {
      const all: OrderSummary[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page: { items: OrderSummary[]; next_cursor: string | null } = await getJson(
          `${url.orders}/orders?limit=100${q}`,
          { headers: admin },
        );
        all.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return all;
    },

    async emails(): Promise<Email[]> {
      const all: Email[] = [];
      for (let start = 0; ; start += 1000) {
        const page = await getJson<{ total: number; messages: Email[] }>(
          `${mail}/api/v1/messages?start=${start}&limit=1000`,
        );
        all.push(...page.messages);
        if (page.messages.length === 0 || all.length >= page.total) return all;
      }
    },

    async queues(): Promise<QueueDepth[]> {
      return getJson<QueueDepth[]>(`${rabbit.base}/api/queues/%2F?columns=name,messages`, {
        headers: rabbit.headers,
      });
    },

    /** Reads a DLQ without consuming it (requeued), with the reason headers the messaging lib writes. */
    async dlq(queue: string, count: number): Promise<DlqMessage[]> {
      type Got = {
        routing_key: string;
        properties: Record<string, unknown> & { headers?: Record<string, unknown> };
      };
      const got = await getJson<Got[]>(`${rabbit.base}/api/queues/%2F/${encodeURIComponent(queue)}/get`, {
        method: 'POST',
        headers: { ...rabbit.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ count, ackmode: 'ack_requeue_true', encoding: 'auto', truncate: 1000 }),
      });
      return got.map((m) => {
        const h = m.properties.headers ?? {};
        const death = (h['x-death'] as Record<string, unknown>[] | undefined)?.[0];
        return {
          queue,
          type: str(m.properties.type) ?? m.routing_key,
          correlationId: str(m.properties.correlation_id) ?? '',
          reason: str(h['x-dlq-reason']) ?? str(death?.reason) ?? 'unknown',
          errorCode: str(h['x-error-code']),
          errorMessage: str(h['x-error-message'])?.slice(0, 300),
        };
      });
    },
  };
}

export type Probes = ReturnType<typeof createProbes>;
