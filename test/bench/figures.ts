import type { OrderView, World } from '../e2e/world.ts';
import { percentile } from './rss.ts';

export interface Phase {
  placed: { orderId: string; at: number }[];
}

/** Reads the given orders back from the orders API, page by page. */
export async function collectOrders(world: World, ids: Set<string>): Promise<OrderView[]> {
  const found: OrderView[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: OrderView[]; next_cursor: string | null } = await world.json(
      `${world.stack.url.orders}/orders?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { admin: true },
    );
    for (const o of page.items) if (ids.has(o.id)) found.push(o);
    cursor = page.next_cursor;
  } while (cursor);
  return found;
}

const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
};

/** Throughput to `shipped` and the latency distributions of one bench phase. */
export function phaseFigures(input: {
  placed: Phase['placed'];
  orders: OrderView[];
  webhookMs: number[];
  startedAt: number;
}) {
  const placedAt = new Map(input.placed.map((p) => [p.orderId, p.at]));
  const labelMs: number[] = [];
  let lastShipped = input.startedAt;
  for (const o of input.orders) {
    const shipped = o.timeline.find((t) => t.to === 'shipped');
    const at = placedAt.get(o.id);
    if (!shipped || at === undefined) continue;
    const t = Date.parse(shipped.at);
    labelMs.push(t - at);
    lastShipped = Math.max(lastShipped, t);
  }
  const seconds = (lastShipped - input.startedAt) / 1000;
  return {
    ordersPerSecToShipped: seconds > 0 ? labelMs.length / seconds : 0,
    webhookMs: summary(input.webhookMs),
    placedToLabelMs: summary(labelMs),
    notShipped: input.placed.length - labelMs.length,
    hopsMs: hopFigures(input.orders, placedAt),
    slowest: slowestOrders(input.orders, placedAt, 10),
  };
}

/** The time from the previous step (placement for the first) to each saga state of one order. */
function hopTimes(o: OrderView, placed: number | undefined): Partial<Record<(typeof HOPS)[number], number>> {
  const out: Partial<Record<(typeof HOPS)[number], number>> = {};
  let previous = placed;
  for (const hop of HOPS) {
    const entry = o.timeline.find((t) => t.to === hop);
    if (!entry || previous === undefined) break;
    const at = Date.parse(entry.at);
    out[hop] = at - previous;
    previous = at;
  }
  return out;
}

/**
 * The orders that took longest from placement to label, with when they were placed and where
 * the time went: orders placed within seconds of each other and slow in the same hop are one
 * stall of that service, not a spread.
 */
export function slowestOrders(orders: OrderView[], placedAt: Map<string, number>, n: number) {
  return orders
    .flatMap((o) => {
      const placed = placedAt.get(o.id);
      const hops = hopTimes(o, placed);
      if (placed === undefined || hops.shipped === undefined) return [];
      const totalMs = Object.values(hops).reduce((a, b) => a + b, 0);
      return [{ orderId: o.id, placedAt: new Date(placed).toISOString(), totalMs, hopsMs: hops }];
    })
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, n);
}

/** Saga states from webhook to label, in order: the time spent reaching each one. */
const HOPS = ['authorizing', 'reserving', 'capturing', 'fulfilling', 'shipped'] as const;

/**
 * Where placed → label goes: p50/p99 of the time from the previous step (placement for the
 * first) to each saga state, read from the orders' timelines.
 */
export function hopFigures(orders: OrderView[], placedAt: Map<string, number>) {
  const byHop = new Map<string, number[]>(HOPS.map((h) => [h, []]));
  for (const o of orders)
    for (const [hop, ms] of Object.entries(hopTimes(o, placedAt.get(o.id)))) byHop.get(hop)?.push(ms);
  return Object.fromEntries(
    [...byHop].map(([hop, ms]) => {
      const s = summary(ms);
      return [hop, { p50: s.p50, p99: s.p99 }];
    }),
  );
}
