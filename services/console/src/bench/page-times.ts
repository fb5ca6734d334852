/**
 * Page response times of the console at N orders (default 10,000), on this machine's local
 * infrastructure: node services/console/src/bench/page-times.ts [orders] [rounds]
 * The orders are copies of one real order written straight into the orders service's
 * database (placing 10,000 through the saga would measure the saga, not the pages).
 */
import { performance } from 'node:perf_hooks';
import { waitFor } from '@commerce-sync/test/support/infra';
import { SHOP } from '../../../orders/src/testing/orders-world.ts';
import { createConsoleWorld } from '../testing/console-world.ts';
import { HttpBrowser, httpSignIn } from '../testing/http-browser.ts';

const total = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 20);
const STATUSES = [
  'authorizing',
  'shipped',
  'in_transit',
  'delivered',
  'delivered',
  'delivered',
  'cancelled',
  'needs_attention',
];

const w = await createConsoleWorld();
try {
  const placed = w.orders.storefront.placeOrder({
    lines: [{ sku: 'TEE-M', quantity: 1 }],
    paymentMethod: 'pm_card_visa',
  });
  const realId = `${SHOP}:${placed.id}`;
  await waitFor(async () => (await w.orders.admin(`/orders/${encodeURIComponent(realId)}`)).ok, {
    what: 'the template order',
  });
  const template = await w.orders.db.collection('orders').findOne({ _id: realId as never });
  if (!template) throw new Error('no template order');
  const t0 = Date.now();
  const start = Date.now() - total * 60_000;
  for (let from = 0; from < total; from += 500) {
    const batch = [];
    for (let i = from; i < Math.min(total, from + 500); i++) {
      const at = new Date(start + i * 60_000);
      batch.push({
        ...template,
        _id: `${SHOP}:bench${i}` as never,
        sourceId: `bench${i}`,
        sourceName: `#${100_000 + i}`,
        status: STATUSES[i % STATUSES.length],
        customer: { email: `customer${i}@example.com`, name: `Customer ${i}` },
        createdAt: at,
        updatedAt: at,
        placedAt: at.toISOString(),
      });
    }
    await w.orders.db.collection('orders').insertMany(batch);
  }
  console.log(`seeded ${total} orders in ${Date.now() - t0} ms`);

  const b = new HttpBrowser();
  await httpSignIn(b, w.url, 'operator');
  const newest = total - 1;
  const pages: [string, string][] = [
    ['overview (metrics engine at METRICS_URL)', '/overview'],
    ['needs attention', '/attention'],
    ['orders list (newest 50)', '/orders'],
    ['orders by status', '/orders?status=needs_attention'],
    ['orders by source id (oldest)', '/orders?q=bench0'],
    ['orders by name, recent', `/orders?q=${encodeURIComponent(`#${100_000 + newest - 10}`)}`],
    ['orders by name, beyond the scan', `/orders?q=${encodeURIComponent('#100000')}`],
    ['one order', `/orders/${encodeURIComponent(`${SHOP}:bench${Math.floor(total / 2)}`)}`],
    ['dead letters', '/dlq'],
    ['audit log', '/audit'],
  ];
  console.log(`| page | p50 ms | p95 ms | max ms |  (${total} orders, ${rounds} rounds)`);
  console.log('| --- | --- | --- | --- |');
  for (const [name, path] of pages) {
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      const res = await b.fetch(`${w.url}${path}`);
      await res.text();
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    }
    times.sort((x, y) => x - y);
    const at = (q: number) =>
      (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(0);
    console.log(`| ${name} | ${at(0.5)} | ${at(0.95)} | ${at(1)} |`);
  }
} finally {
  await w.close();
}
process.exit(0);
