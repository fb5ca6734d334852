import { MongoClient } from 'mongodb';
import type { OrderDocument } from '../../services/orders/src/adapters/order-model.ts';
import { toOrderView } from '../../services/orders/src/http/order-view.ts';
import { TERMINAL } from './invariants.ts';
import type { OrderSummary, Probes } from './probes.ts';

/** A cheap look at the system for progress lines and the quiescence test. */
export interface Pulse {
  placed: number;
  storefrontOrders: number;
  byStatus: Record<string, number>;
  orders: number;
  open: number;
  backlog: number;
  /** The fullest work or retry queue, when any holds messages. */
  fullest?: string;
  dlq: number;
  webhooksPending: number;
  captures: number;
  labels: number;
  /** Seconds since `byStatus` was read (it is read only now and then: see createWatch). */
  statusAgeS: number;
}

/** The status count may use at most this share of the database's time (5 %). */
const STATUS_DUTY = 20;
const STATUS_MIN_INTERVAL_MS = 30_000;

/**
 * Counts orders by status straight from the orders database (one $group): the operator API
 * pages 100 orders at a time, too heavy to call every few seconds on 10 000 orders.
 *
 * Even the $group reads every order on the MongoDB-wire server here (about 2 ms an order
 * under load: 4 s at 2,000 orders), so counting every progress line would make the harness
 * the database's biggest client and slow the system it measures. The count is refreshed when
 * the cheap signals say the system may be idle (no queued message, no webhook in flight:
 * needed for the quiescence test), otherwise at most once per 20 × its last duration.
 */
export function createWatch(probes: Probes, mongoUrl: string, ordersDb = 'orders') {
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 3000, socketTimeoutMS: 600_000 });

  async function byStatus(): Promise<Record<string, number>> {
    const rows = await client
      .db(ordersDb)
      .collection('orders')
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }])
      .toArray();
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  let statuses: Record<string, number> = {};
  let statusesAt = 0;
  let nextStatusesAt = 0;
  async function refreshStatuses(): Promise<void> {
    const started = Date.now();
    statuses = await byStatus();
    statusesAt = Date.now();
    nextStatusesAt = statusesAt + Math.max(STATUS_MIN_INTERVAL_MS, (statusesAt - started) * STATUS_DUTY);
  }

  return {
    /**
     * Every order in the operator API's shape, read in one pass of the orders collection. The
     * API pages 100 orders at a time and each page is a sorted read of the whole collection
     * here: at 10,000 orders that is 100 reads of 10,000 and timed out the first full soak.
     */
    async orders(): Promise<OrderSummary[]> {
      const docs = await client.db(ordersDb).collection('orders').find({}, { timeoutMS: 600_000 }).toArray();
      return docs.map((d) => toOrderView(d as unknown as OrderDocument) as unknown as OrderSummary);
    },
    async pulse(): Promise<Pulse> {
      const [sf, queues, stripe, easypost] = await Promise.all([
        probes.storefrontStats(),
        probes.queues(),
        probes.stripeStats(),
        probes.easypostStats(),
      ]);
      const isDlq = (name: string) => name.endsWith('.dlq');
      const sum = (xs: { messages?: number }[]) => xs.reduce((n, q) => n + (q.messages ?? 0), 0);
      const backlog = sum(queues.filter((q) => !isDlq(q.name)));
      const webhooksPending = sf.webhooks.pending + easypost.webhooksPending;
      if ((backlog === 0 && webhooksPending === 0) || Date.now() >= nextStatusesAt) await refreshStatuses();
      const top = queues
        .filter((q) => !isDlq(q.name) && q.messages > 0)
        .sort((a, b) => b.messages - a.messages)[0];
      const orders = Object.values(statuses).reduce((a, b) => a + b, 0);
      return {
        placed: sf.generator.placed,
        storefrontOrders: sf.orders,
        byStatus: statuses,
        orders,
        open: Object.entries(statuses)
          .filter(([s]) => !TERMINAL.has(s))
          .reduce((n, [, c]) => n + c, 0),
        backlog,
        ...(top ? { fullest: `${top.name} ${top.messages}` } : {}),
        dlq: sum(queues.filter((q) => isDlq(q.name))),
        webhooksPending,
        captures: stripe.captures,
        labels: easypost.labelsBought,
        statusAgeS: statusesAt ? Math.round((Date.now() - statusesAt) / 1000) : -1,
      };
    },
    close: () => client.close(),
  };
}

/** Nothing left to do: every storefront order is an order in a final state, no message or webhook in flight. */
export function isQuiet(p: Pulse): boolean {
  // With nothing queued the pulse has just counted the statuses: `open` is fresh.
  return p.orders >= p.storefrontOrders && p.open === 0 && p.backlog === 0 && p.webhooksPending === 0;
}

export function pulseLine(p: Pulse): string {
  const statuses = Object.entries(p.byStatus)
    .sort(([, a], [, b]) => b - a)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  const age = p.statusAgeS > 0 ? `, ${p.statusAgeS} s ago` : '';
  return `placed ${p.placed}, orders ${p.orders} (${statuses || 'none yet'}${age}), captures ${p.captures}, labels ${p.labels}, queued ${p.backlog}${p.fullest ? ` (${p.fullest})` : ''}, dlq ${p.dlq}, webhooks in flight ${p.webhooksPending}`;
}
