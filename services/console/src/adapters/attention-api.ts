import type { ServiceName } from '../config.ts';
import type { AdminAnswer, AdminApi } from './admin-api.ts';

/** What a person can do about an item: the console action that retries it. */
export type RetryKind = 'order' | 'delivery' | 'stripe-event' | 'tracker';

/** One thing that gave up or is stuck, in the words the page shows. */
export interface AttentionItem {
  /** The id the retry acts on (order id, webhook id, Stripe event id). */
  id: string;
  orderId?: string;
  label: string;
  detail: string;
  since: string;
  retry?: RetryKind;
}

export interface AttentionSection {
  key: string;
  title: string;
  service: ServiceName;
  items: AttentionItem[];
  /** Set when the service is not configured or did not answer: the page says so. */
  unavailable?: string;
}

type Row = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));
/** Error texts come from external APIs: a line of them is enough, and keeps pages small. */
const short = (v: unknown) => text(v).slice(0, 160);

interface Source {
  key: string;
  title: string;
  service: ServiceName;
  path: string;
  item(row: Row): AttentionItem;
}

/** Every admin list route of the services that names something waiting for a person. */
const SOURCES: Source[] = [
  {
    key: 'needs-attention',
    title: 'Orders needing attention',
    service: 'orders',
    path: '/orders?status=needs_attention&limit=50',
    item: (o) => ({
      id: text(o.id),
      orderId: text(o.id),
      label: text(o.source_name ?? o.source_id),
      detail: short(o.reason),
      since: text(o.updated_at),
      retry: 'order',
    }),
  },
  {
    key: 'overdue',
    title: 'Orders past their deadline',
    service: 'orders',
    path: '/admin/orders/overdue?limit=50',
    item: (o) => ({
      id: text(o.orderId),
      orderId: text(o.orderId),
      label: text(o.name ?? o.orderId),
      detail: `${text(o.status)}, waiting for ${(o.waitingFor as string[] | undefined)?.join(', ') || 'nothing'}; swept ${text(o.sweepAttempts)}×`,
      since: text(o.deadlineAt),
      retry: 'order',
    }),
  },
  {
    key: 'deliveries',
    title: 'Shopify webhook deliveries abandoned',
    service: 'orders',
    path: '/admin/shopify-deliveries?limit=50',
    item: (d) => ({
      id: text(d.id),
      label: `${text(d.topic)} ${text(d.id)}`,
      detail: `${text(d.attempts)} attempts: ${short(d.lastError)}`,
      since: text(d.receivedAt),
      retry: 'delivery',
    }),
  },
  {
    key: 'write-backs',
    title: 'Storefront write-backs refused',
    service: 'orders',
    path: '/admin/write-backs/refused?limit=50',
    item: (w) => ({
      id: `${text(w.orderId)}/${text(w.id)}`,
      orderId: text(w.orderId),
      label: `${text(w.kind)} of ${text(w.orderId)}`,
      detail: short(w.error),
      since: text(w.updatedAt),
    }),
  },
  {
    key: 'stripe-events',
    title: 'Stripe events failed or unmatched',
    service: 'payments',
    path: '/admin/stripe-events?limit=50',
    item: (e) => ({
      id: text(e.id),
      ...(e.orderId ? { orderId: text(e.orderId) } : {}),
      label: `${text(e.type)} ${text(e.id)}`,
      detail: `${text(e.outcome)}${e.detail ? `: ${short(e.detail)}` : ''}`,
      since: text(e.receivedAt),
      retry: 'stripe-event',
    }),
  },
  {
    key: 'disputes',
    title: 'Disputes',
    service: 'payments',
    path: '/admin/disputes?limit=50',
    item: (p) => {
      const d = (p.dispute ?? {}) as Row;
      return {
        id: text(d.id),
        orderId: text(p.orderId),
        label: `dispute ${text(d.id)}`,
        detail: `${short(d.reason)}, ${text(d.amountMinor)} minor units`,
        since: text(p.updatedAt),
      };
    },
  },
  {
    key: 'label-refunds',
    title: 'Label refunds the courier refused',
    service: 'shipping',
    path: '/admin/label-refunds',
    item: (s) => ({
      id: text(s.orderId),
      orderId: text(s.orderId),
      label: `label ${text(s.easypostShipmentId)}`,
      detail: `${text(s.refundStatus)}: ${short(s.refundError)}`,
      since: text(s.updatedAt),
    }),
  },
  {
    key: 'trackers',
    title: 'Trackers given up',
    service: 'shipping',
    path: '/admin/trackers',
    item: (t) => ({
      id: text(t.orderId),
      orderId: text(t.orderId),
      label: `tracker ${text(t.trackerId)}`,
      detail: `failing since ${text(t.failingSince)}: ${short(t.lastError)}`,
      since: text(t.gaveUpAt),
      retry: 'tracker',
    }),
  },
];

/** The retry routes behind each kind (the services' own, not the console's). */
const RETRY: Record<Exclude<RetryKind, 'order'>, { service: ServiceName; path: (id: string) => string }> = {
  delivery: { service: 'orders', path: (id) => `/admin/shopify-deliveries/${encodeURIComponent(id)}/retry` },
  'stripe-event': {
    service: 'payments',
    path: (id) => `/admin/stripe-events/${encodeURIComponent(id)}/retry`,
  },
  tracker: { service: 'shipping', path: (id) => `/admin/trackers/${encodeURIComponent(id)}/retry` },
};

/** What gave up or is stuck, across the services the console knows, read in parallel. */
export function attentionApi(api: AdminApi) {
  return {
    async sections(who: string): Promise<AttentionSection[]> {
      return Promise.all(
        SOURCES.map(async (s): Promise<AttentionSection> => {
          const head = { key: s.key, title: s.title, service: s.service };
          if (!api.services.includes(s.service)) return { ...head, items: [], unavailable: 'not configured' };
          const answer = await api
            .get<{ items: Row[] }>(s.service, s.path, who)
            .catch(() => ({ ok: false, status: 502, body: null }));
          if (!answer.ok || !Array.isArray(answer.body?.items))
            return { ...head, items: [], unavailable: `did not answer (${answer.status})` };
          return { ...head, items: answer.body.items.map(s.item) };
        }),
      );
    },
    retry(kind: string, id: string, who: string): Promise<AdminAnswer> {
      const route = Object.hasOwn(RETRY, kind) ? RETRY[kind as keyof typeof RETRY] : undefined;
      if (!route || !api.services.includes(route.service))
        return Promise.resolve({ status: 404, ok: false, body: { title: 'no such item' } });
      return api.post(route.service, route.path(id), who);
    },
  };
}
export type AttentionApi = ReturnType<typeof attentionApi>;
