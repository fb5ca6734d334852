/**
 * Database operations of the payments service per order: authorise, capture, and every
 * Stripe webhook they cause settled. Counts each call by collection and by whether its filter
 * is served by an index on the local store (mongo-java-server: a lone `_id`, or the version
 * guard `{ _id, version }` with its unique index) or not (a scan of the collection there).
 *
 *   npx node services/payments/src/testing/db-ops-bench.ts --orders 100 --concurrency 4
 *
 * Figures only, no assertions; the harness isolates it like a test (own database, prefix).
 */
import { parseArgs } from 'node:util';
import { waitFor } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { startPaymentsHarness } from './payments-harness.ts';

const { values: args } = parseArgs({
  options: { orders: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '4' } },
});
const N = Number(args.orders);
const CONCURRENCY = Number(args.concurrency);
const counts = new Map<string, number>();
let counting = false;

/** Filters whose fields are exactly those of `_id` or of the aggregates' `{ _id, version }` index. */
const SERVED = new Set(['_id', '_id,version']);
const byId = (filter: unknown) =>
  filter !== null && typeof filter === 'object' && SERVED.has(Object.keys(filter).sort().join(','));
const FILTERED = new Set([
  'find',
  'findOne',
  'findOneAndUpdate',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'countDocuments',
]);

mongoose.set('debug', (collection: string, method: string, ...rest: unknown[]) => {
  if (!counting) return;
  const kind = FILTERED.has(method) ? (byId(rest[0]) ? ' by _id' : ' SCAN') : '';
  const key = `${collection}.${method}${kind}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
});

const h = await startPaymentsHarness();
try {
  // The driver's own collection: the bench's reads stay out of the counts (mongoose logs them).
  const events = h.db.getClient().db(h.config.PAYMENTS_DB).collection('stripe_events');
  const one = async (i: number) => {
    const orderId = `bench:${i}`;
    await h.send('payment.authorize', {
      orderId,
      amountMinor: 2599,
      currency: 'USD',
      paymentMethod: 'pm_card_visa',
    });
    await h.expectEvent('payment.authorized', orderId);
    await h.send('payment.capture', { orderId });
    await h.expectEvent('payment.captured', orderId);
  };
  counting = true;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) await one(next++);
    }),
  );
  const unsent = async () => ((await h.sim.control('GET', '/webhooks')) as { pending: number }).pending;
  await waitFor(
    async () => (await unsent()) === 0 && (await events.countDocuments({ outcome: 'pending' })) === 0,
    {
      what: 'webhooks settled',
      timeoutMs: 120_000,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  counting = false;
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((s, [, n]) => s + n, 0);
  const scans = rows.filter(([k]) => k.endsWith('SCAN')).reduce((s, [, n]) => s + n, 0);
  const types = await events.aggregate([{ $group: { _id: '$type', n: { $sum: 1 } } }]).toArray();
  const stored = types.map((t) => `${t._id} ${t.n}`).join(', ');
  const webhooks = (await h.sim.control('GET', '/webhooks')) as { deliveries: { status?: number }[] };
  const statuses = new Map<string, number>();
  for (const d of webhooks.deliveries)
    statuses.set(String(d.status), (statuses.get(String(d.status)) ?? 0) + 1);
  console.log('webhook answers', Object.fromEntries(statuses));
  console.log(
    `${N} orders in ${seconds.toFixed(1)} s; ${webhooks.deliveries.length} webhooks sent; stored: ${stored}`,
  );
  console.log(`db operations per order: ${(total / N).toFixed(2)} (scans ${(scans / N).toFixed(2)})`);
  for (const [key, n] of rows) console.log(`  ${(n / N).toFixed(2).padStart(7)}  ${key}`);
} finally {
  await h.close();
}
