import type {
  DlqMessage,
  Email,
  Intent,
  Level,
  OrderSummary,
  QueueDepth,
  Refund,
  StorefrontOrder,
} from './probes.ts';

/** Statuses an order may end a run in. needs_attention is parked for an operator: final, reported apart. */
export const TERMINAL = new Set(['delivered', 'cancelled', 'delivery_exception', 'needs_attention']);

/** Everything read from the system once it is quiet: the input of every check. */
export interface Snapshot {
  shop: string;
  storefrontOrders: StorefrontOrder[];
  orders: OrderSummary[];
  intents: Intent[];
  refunds: Refund[];
  capturesByOrder: Record<string, number>;
  labelsByReference: Record<string, number>;
  levels: Level[];
  /** Central-location units per SKU when the run started. */
  startStock: Record<string, number>;
  emails: Email[];
  dlq: DlqMessage[];
  /** Queues still holding messages (work, retry tiers, DLQs). */
  queues: QueueDepth[];
}

export interface Check {
  name: string;
  ok: boolean;
  value: number | string;
  expected: number | string;
  /** Up to 20 examples or a breakdown, for the report. */
  details: string[];
}

const MAX_DETAILS = 20;
const check = (
  name: string,
  value: number | string,
  expected: number | string,
  details: string[] = [],
): Check => ({
  name,
  ok: value === expected,
  value,
  expected,
  details: details.slice(0, MAX_DETAILS),
});

/** Storefront orders whose webhook the orders service accepted but which never became an order. */
export function lostOrders(s: Snapshot): Check {
  const known = new Set(s.orders.map((o) => o.id));
  const lost = s.storefrontOrders.filter((o) => !known.has(`${s.shop}:${o.id}`));
  return check(
    'orders lost',
    lost.length,
    0,
    lost.map((o) => `${s.shop}:${o.id} (${o.name})`),
  );
}

export function stuckOrders(s: Snapshot): Check {
  const stuck = s.orders.filter((o) => !TERMINAL.has(o.status));
  return check(
    'orders stuck in a non-terminal state',
    stuck.length,
    0,
    stuck.map(
      (o) => `${o.id} ${o.status} waiting for ${o.waiting_for.map((w) => w.command).join(',') || 'nothing'}`,
    ),
  );
}

/** More than one capture of one order, counted by the simulator or visible as two paid intents. */
export function doubleCaptures(s: Snapshot): Check {
  const paidIntents = new Map<string, number>();
  for (const pi of s.intents) {
    const order = pi.metadata.order_id;
    if (order && pi.amount_received > 0) paidIntents.set(order, (paidIntents.get(order) ?? 0) + 1);
  }
  const orders = new Set([...Object.keys(s.capturesByOrder), ...paidIntents.keys()]);
  const doubles = [...orders].filter((o) => (s.capturesByOrder[o] ?? 0) > 1 || (paidIntents.get(o) ?? 0) > 1);
  return check(
    'double captures',
    doubles.length,
    0,
    doubles.map(
      (o) => `${o}: ${s.capturesByOrder[o] ?? 0} captures, ${paidIntents.get(o) ?? 0} paid intents`,
    ),
  );
}

export function doubleLabels(s: Snapshot): Check {
  const doubles = Object.entries(s.labelsByReference).filter(([, n]) => n > 1);
  return check(
    'double labels',
    doubles.length,
    0,
    doubles.map(([ref, n]) => `${ref}: ${n} labels`),
  );
}

/** Every attempt of one (order, kind) carries the same Message-ID: two in the mailbox is a duplicate. */
export function duplicateEmails(s: Snapshot): Check {
  const counts = new Map<string, { n: number; subject: string }>();
  for (const e of s.emails) {
    const c = counts.get(e.MessageID) ?? { n: 0, subject: e.Subject };
    c.n += 1;
    counts.set(e.MessageID, c);
  }
  const dups = [...counts].filter(([, c]) => c.n > 1);
  return check(
    'duplicate emails',
    dups.reduce((n, [, c]) => n + c.n - 1, 0),
    0,
    dups.map(([id, c]) => `${id} "${c.subject}" ×${c.n}`),
  );
}

/** What an order should have cost the customer in the end, in minor units. */
export function expectedNet(o: OrderSummary): number {
  if (o.status === 'cancelled') return 0;
  if (o.status === 'delivered' || o.status === 'delivery_exception') return o.amounts.total.minor;
  // Parked or still moving: taken if the saga got as far as the capture (unpayable: nothing yet).
  return o.payment.state === 'captured' ? o.amounts.total.minor : 0;
}

/** Captured − refunded per order id, from the payment provider's own records. */
export function netByOrder(intents: Intent[], refunds: Refund[]): Map<string, number> {
  const orderOf = new Map(intents.map((pi) => [pi.id, pi.metadata.order_id ?? '(no order)']));
  const net = new Map<string, number>();
  const add = (order: string, amount: number) => net.set(order, (net.get(order) ?? 0) + amount);
  for (const pi of intents) add(orderOf.get(pi.id) as string, pi.amount_received);
  for (const r of refunds) {
    if (r.status === 'succeeded' || r.status === 'pending')
      add(orderOf.get(r.payment_intent) ?? '(unknown intent)', -r.amount);
  }
  return net;
}

export function money(s: Snapshot): Check {
  const net = netByOrder(s.intents, s.refunds);
  const expected = s.orders.reduce((sum, o) => sum + expectedNet(o), 0);
  const actual = [...net.values()].reduce((a, b) => a + b, 0);
  const known = new Set(s.orders.map((o) => o.id));
  const wrong = s.orders
    .filter((o) => (net.get(o.id) ?? 0) !== expectedNet(o))
    .map((o) => `${o.id} ${o.status}: net ${net.get(o.id) ?? 0}, expected ${expectedNet(o)}`);
  const strays = [...net]
    .filter(([id, v]) => !known.has(id) && v !== 0)
    .map(([id, v]) => `${id}: net ${v} on no order`);
  const c = check('money: captured − refunded = value of orders not cancelled', actual, expected, [
    ...wrong,
    ...strays,
  ]);
  c.ok = c.ok && wrong.length === 0 && strays.length === 0;
  if (!c.ok) c.details.unshift(`${wrong.length} orders and ${strays.length} stray payments disagree`);
  return c;
}

/**
 * Stock is conserved per SKU: available + reserved + committed + units shipped (they leave
 * on_hand when the parcel goes) = start; and what is still reserved is held by orders that say so.
 */
export function stock(s: Snapshot): Check {
  const shipped = new Map<string, number>();
  const held = new Map<string, number>();
  for (const o of s.orders) {
    const into = o.stock === 'committed' ? shipped : o.stock === 'reserved' ? held : undefined;
    for (const l of into ? o.line_items : []) into?.set(l.sku, (into.get(l.sku) ?? 0) + l.quantity);
  }
  const bad: string[] = [];
  let drift = 0;
  for (const l of s.levels) {
    const sku = l.sku ?? '?';
    const start = s.startStock[sku] ?? 0;
    const now = l.available + l.reserved + l.committed + (shipped.get(sku) ?? 0);
    if (now !== start || l.reserved !== (held.get(sku) ?? 0)) {
      drift += Math.abs(now - start) + Math.abs(l.reserved - (held.get(sku) ?? 0));
      bad.push(
        `${sku}: start ${start}, available ${l.available} + reserved ${l.reserved} + committed ${l.committed} + shipped ${shipped.get(sku) ?? 0} = ${now}; orders hold ${held.get(sku) ?? 0}`,
      );
    }
  }
  return check('stock: available + reserved + committed + shipped = start (per SKU)', drift, 0, bad);
}

/** Every parked message says what it is and why it is there. */
export function dlqExplained(s: Snapshot): Check {
  const unexplained = s.dlq.filter((m) => !m.type || m.reason === 'unknown');
  return check(
    'DLQ messages without type or reason',
    unexplained.length,
    0,
    unexplained.map((m) => `${m.queue} ${m.type || '(no type)'} ${m.correlationId}`),
  );
}

export function runChecks(s: Snapshot): Check[] {
  return [
    lostOrders,
    stuckOrders,
    doubleCaptures,
    doubleLabels,
    duplicateEmails,
    money,
    stock,
    dlqExplained,
  ].map((f) => f(s));
}
