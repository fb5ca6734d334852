import type { Snapshot } from './invariants.ts';
import type { OrderSummary } from './probes.ts';

/** The figures beside the checks: how the orders ended and why, and what sits in the DLQs. */
export interface Summary {
  storefrontOrders: number;
  orders: number;
  byStatus: Record<string, number>;
  cancelledByReason: Record<string, number>;
  exceptionsByReason: Record<string, number>;
  /** Parked for an operator: not lost, but each one explained. */
  needsAttention: { id: string; reason: string; lastEvent: string; payment: string; stock: string }[];
  /** Cancelled on the storefront, but the parcel was already moving: refused, delivered anyway. */
  storefrontCancelsRefused: number;
  emails: number;
  dlq: { queue: string; type: string; reason: string; errorCode?: string; count: number; example: string }[];
  /** Messages still queued when the checks ran (retry tiers included): work not yet done. */
  queued: Record<string, number>;
  labels: number;
  capturedMinor: number;
  refundedMinor: number;
}

export function tally<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([, a], [, b]) => b - a));
}

function lastNote(o: OrderSummary): string {
  const t = o.timeline.at(-1);
  return t ? `${t.event}${t.note ? `: ${t.note}` : ''}` : '';
}

function dlqGroups(s: Snapshot): Summary['dlq'] {
  const groups = new Map<string, Summary['dlq'][number]>();
  for (const m of s.dlq) {
    const k = [m.queue, m.type, m.reason, m.errorCode].join('|');
    const g = groups.get(k) ?? {
      queue: m.queue,
      type: m.type,
      reason: m.reason,
      ...(m.errorCode ? { errorCode: m.errorCode } : {}),
      count: 0,
      example: `${m.correlationId}: ${m.errorMessage ?? ''}`,
    };
    g.count += 1;
    groups.set(k, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function summarise(s: Snapshot): Summary {
  const cancelledOnStorefront = new Set(
    s.storefrontOrders.filter((o) => o.cancelled_at).map((o) => `${s.shop}:${o.id}`),
  );
  const refunded = s.refunds.filter((r) => r.status === 'succeeded' || r.status === 'pending');
  return {
    storefrontOrders: s.storefrontOrders.length,
    orders: s.orders.length,
    byStatus: tally(s.orders, (o) => o.status),
    cancelledByReason: tally(
      s.orders.filter((o) => o.status === 'cancelled'),
      (o) => o.reason ?? '(none)',
    ),
    exceptionsByReason: tally(
      s.orders.filter((o) => o.status === 'delivery_exception'),
      (o) => o.reason ?? '(none)',
    ),
    needsAttention: s.orders
      .filter((o) => o.status === 'needs_attention')
      .map((o) => ({
        id: o.id,
        reason: o.reason ?? '(none)',
        lastEvent: lastNote(o),
        payment: o.payment.state,
        stock: o.stock,
      })),
    storefrontCancelsRefused: s.orders.filter(
      (o) => cancelledOnStorefront.has(o.id) && o.status !== 'cancelled',
    ).length,
    emails: s.emails.length,
    dlq: dlqGroups(s),
    queued: Object.fromEntries(s.queues.map((q) => [q.name, q.messages])),
    labels: Object.values(s.labelsByReference).reduce((a, b) => a + b, 0),
    capturedMinor: s.intents.reduce((a, pi) => a + pi.amount_received, 0),
    refundedMinor: refunded.reduce((a, r) => a + r.amount, 0),
  };
}
