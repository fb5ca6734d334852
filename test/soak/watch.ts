import { MongoClient } from 'mongodb';
import { TERMINAL } from './invariants.ts';
import type { Probes } from './probes.ts';

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
}

/**
 * Counts orders by status straight from the orders database (one $group): the operator API
 * pages 100 orders at a time, too heavy to call every few seconds on 10 000 orders.
 */
export function createWatch(probes: Probes, mongoUrl: string, ordersDb = 'orders') {
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 3000, socketTimeoutMS: 20_000 });

  async function byStatus(): Promise<Record<string, number>> {
    const rows = await client
      .db(ordersDb)
      .collection('orders')
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }])
      .toArray();
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  return {
    async pulse(): Promise<Pulse> {
      const [sf, queues, statuses, stripe, easypost] = await Promise.all([
        probes.storefrontStats(),
        probes.queues(),
        byStatus(),
        probes.stripeStats(),
        probes.easypostStats(),
      ]);
      const isDlq = (name: string) => name.endsWith('.dlq');
      const sum = (xs: { messages?: number }[]) => xs.reduce((n, q) => n + (q.messages ?? 0), 0);
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
        backlog: sum(queues.filter((q) => !isDlq(q.name))),
        ...(top ? { fullest: `${top.name} ${top.messages}` } : {}),
        dlq: sum(queues.filter((q) => isDlq(q.name))),
        webhooksPending: sf.webhooks.pending + easypost.webhooksPending,
        captures: stripe.captures,
        labels: easypost.labelsBought,
      };
    },
    close: () => client.close(),
  };
}

/** Nothing left to do: every storefront order is an order in a final state, no message or webhook in flight. */
export function isQuiet(p: Pulse): boolean {
  return p.orders >= p.storefrontOrders && p.open === 0 && p.backlog === 0 && p.webhooksPending === 0;
}

export function pulseLine(p: Pulse): string {
  const statuses = Object.entries(p.byStatus)
    .sort(([, a], [, b]) => b - a)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  return `placed ${p.placed}, orders ${p.orders} (${statuses || 'none yet'}), captures ${p.captures}, labels ${p.labels}, queued ${p.backlog}${p.fullest ? ` (${p.fullest})` : ''}, dlq ${p.dlq}, webhooks in flight ${p.webhooksPending}`;
}
