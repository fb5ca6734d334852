/**
 * `npm run bench`: N orders through the whole system (5 services, 3 zero-latency
 * simulators, a private broker, database and mailpit) at the highest sustainable rate,
 * then at half that rate; prints a table and writes JSON to .local/bench/<time>.json.
 *
 *   npm run bench -- --orders 5000 --half-orders 1000 --concurrency 32 --shopify-points-per-s 1000
 *
 * Figures are compared as ratios inside one run (this machine is shared and noisy).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ORDER_STATUSES } from '@commerce-sync/contracts';
import { World } from '../e2e/world.ts';
import { waitFor } from '../support/infra.ts';
import { SERVICES } from '../support/stack.ts';
import { startStack } from '../support/stack-harness.ts';
import { setShopifyBucket } from '../support/shopify-bucket.ts';
import { ROOT } from '../support/system.ts';
import { brokerCeiling } from './ceiling.ts';
import { collectOrders, type Phase, phaseFigures } from './figures.ts';
import { peakRssMiB } from './rss.ts';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '5000' },
    'half-orders': { type: 'string' },
    concurrency: { type: 'string', default: '32' },
    hops: { type: 'string', default: '9' },
    // Shopify Plus, as in the soak: see test/support/shopify-bucket.ts (0 = standard plan).
    'shopify-points-per-s': { type: 'string', default: '1000' },
  },
});
const N = Number(args.orders);
const HALF_N = Number(args['half-orders'] ?? Math.min(N, 1000));
const CONCURRENCY = Number(args.concurrency);
// Every state from `shipped` on in the saga's order, plus the final ones off the happy path.
const PAST_LABEL: readonly string[] = ORDER_STATUSES.slice(ORDER_STATUSES.indexOf('shipped'));
const SKUS = ['TEE-M', 'TEE-L', 'MUG-WHT', 'TOTE-NAT', 'NOTE-A5-DOT', 'STICKERS-10'];

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

log('starting a private stack (broker, database, mailpit, 3 simulators, 5 services)…');
const stack = await startStack({
  name: 'bench',
  amqpPort: 5730,
  portOffset: 400,
  fresh: true,
  env: { LOG_LEVEL: 'warn', OTEL_TRACES_EXPORTER: 'none', SIM_TRACKER_STEP_MS: '3600000' },
});
const world = new World(stack);

try {
  await setShopifyBucket(stack, Number(args['shopify-points-per-s']));
  for (const sku of SKUS) {
    await world.json(`${stack.url.shopify}/__sim/inventory/levels/${sku}`, {
      method: 'PUT',
      body: JSON.stringify({ available: 10_000_000 }),
    });
  }

  const placeOne = async (i: number) => {
    const sku = SKUS[i % SKUS.length] as string;
    const placed = await world.place({
      lines: [{ sku, quantity: 1 + (i % 2) }],
      paymentMethod: 'pm_card_visa',
      email: `bench+${i}@customers.example`,
    });
    return { orderId: world.orderId(placed.id), at: Date.now() };
  };

  // Phase 1: as fast as the system accepts, with at most CONCURRENCY orders in flight.
  log(`phase 1: ${N} orders at the highest rate (${CONCURRENCY} in flight)…`);
  const full = await runPhase('max', N, async (i) => placeOne(i), { concurrency: CONCURRENCY });
  const maxRate = full.figures.ordersPerSecToShipped;
  log(`phase 1: ${maxRate.toFixed(1)} orders/s to shipped`);

  // Phase 2: a fixed rate of half that, paced.
  const halfRate = Math.max(0.5, maxRate / 2);
  log(`phase 2: ${HALF_N} orders at ${halfRate.toFixed(1)} orders/s…`);
  const half = await runPhase('half', HALF_N, async (i) => placeOne(N + i), { ratePerSec: halfRate });

  log(`broker-bound ceiling: ${N} orders × ${args.hops} confirmed persistent hops, no logic…`);
  const ceiling = await brokerCeiling(stack.infra.urls.amqp, N, Number(args.hops));
  const rss = Object.fromEntries(SERVICES.map((s) => [s, peakRssMiB(stack.system.pid(s))]));

  const result = {
    at: new Date().toISOString(),
    orders: { max: N, half: HALF_N },
    max: full.figures,
    half: { ratePerSec: halfRate, ...half.figures },
    ceiling,
    ratioToCeiling: maxRate / ceiling.ordersPerSec,
    peakRssMiB: rss,
  };
  const dir = join(ROOT, '.local/bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
  log(`figures written to ${file}`);
} finally {
  await stack.stop();
}

async function runPhase(
  name: string,
  count: number,
  place: (i: number) => Promise<{ orderId: string; at: number }>,
  pace: { concurrency?: number; ratePerSec?: number },
): Promise<{ figures: ReturnType<typeof phaseFigures> }> {
  await world
    .json(`${stack.url.shopify}/__sim/storefront/webhooks/latency`, { method: 'DELETE' })
    .catch(() => undefined);
  const placed: Phase['placed'] = [];
  const started = Date.now();
  if (pace.ratePerSec) {
    const gap = 1000 / pace.ratePerSec;
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const due = started + i * gap;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(place(i).then((p) => placed.push(p)));
    }
    await Promise.all(pending);
  } else {
    // Closed loop: at most `concurrency` orders between placement and label. Placing returns
    // before the webhook is even sent, so bounding placements alone fired every order at
    // once: a backlog of N webhooks that timed out, were retried, hit the rate limit and
    // were given up by the storefront, rather than the highest rate the system sustains.
    const limit = pace.concurrency ?? 16;
    const already = await labelledOrders();
    while (placed.length < count) {
      const inFlight = placed.length - ((await labelledOrders()) - already);
      const batch = Math.min(limit - inFlight, count - placed.length);
      const from = placed.length;
      if (batch > 0)
        placed.push(...(await Promise.all(Array.from({ length: batch }, (_, k) => place(from + k)))));
      else await new Promise((r) => setTimeout(r, 100));
      if (Math.floor(placed.length / 500) > Math.floor(from / 500))
        log(`${name}: ${placed.length}/${count} placed`);
    }
  }
  const ids = new Set(placed.map((p) => p.orderId));
  const target = placed.length + (name === 'half' ? N : 0);
  let lastCount = -1;
  let statsDueAt = Date.now() + 30_000;
  await waitFor(
    async () => {
      // Progress comes from the courier simulator: the orders API's stats read every order
      // from the orders service's database, and those reads queued in front of the webhooks
      // being measured. The stats still decide the end, and every 30 s catch orders that
      // finished without a label (cancelled, needs_attention).
      const labelled = await labelledOrders();
      if (labelled !== lastCount) log(`${name}: ${labelled} orders with a label`);
      lastCount = labelled;
      if (labelled < target && Date.now() < statsDueAt) return false;
      statsDueAt = Date.now() + 30_000;
      return (await ordersPastLabel()) >= target;
    },
    { timeoutMs: Math.max(120_000, count * 1000), intervalMs: 1000, what: `${name}: every order shipped` },
  );
  const latency = await world
    .json<{ ms: number[] }>(`${stack.url.shopify}/__sim/storefront/webhooks/latency`)
    .catch(() => ({ ms: [] as number[] }));
  const orders = await collectOrders(world, ids);
  return { figures: phaseFigures({ placed, orders, webhookMs: latency.ms, startedAt: started }) };
}

async function labelledOrders(): Promise<number> {
  const stats = await world.json<{ labelsByReference: Record<string, number> }>(
    `${stack.url.easypost}/__sim/stats`,
  );
  return Object.keys(stats.labelsByReference).length;
}

async function ordersPastLabel(): Promise<number> {
  const stats = await world.json<{ byStatus: Record<string, number> }>(`${stack.url.orders}/orders/stats`, {
    admin: true,
  });
  return Object.entries(stats.byStatus)
    .filter(([s]) => PAST_LABEL.includes(s))
    .reduce((n, [, v]) => n + v, 0);
}

function printTable(r: {
  max: ReturnType<typeof phaseFigures>;
  half: ReturnType<typeof phaseFigures> & { ratePerSec: number };
  ceiling: { ordersPerSec: number; hops: number };
  ratioToCeiling: number;
  peakRssMiB: Record<string, number | undefined>;
}) {
  const f = (n: number | undefined, d = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(d));
  const rows: [string, string, string][] = [
    [
      'sustained orders/s to shipped',
      f(r.max.ordersPerSecToShipped),
      `${f(r.half.ordersPerSecToShipped)} (offered ${f(r.half.ratePerSec)})`,
    ],
    [
      'webhook response p50 / p99 (ms)',
      `${f(r.max.webhookMs.p50)} / ${f(r.max.webhookMs.p99)}`,
      `${f(r.half.webhookMs.p50)} / ${f(r.half.webhookMs.p99)}`,
    ],
    [
      'placed → label p50 / p95 / p99 (ms)',
      `${f(r.max.placedToLabelMs.p50, 0)} / ${f(r.max.placedToLabelMs.p95, 0)} / ${f(r.max.placedToLabelMs.p99, 0)}`,
      `${f(r.half.placedToLabelMs.p50, 0)} / ${f(r.half.placedToLabelMs.p95, 0)} / ${f(r.half.placedToLabelMs.p99, 0)}`,
    ],
    ['orders not shipped', String(r.max.notShipped), String(r.half.notShipped)],
  ];
  console.log('\n| figure | max load | half load |\n| --- | --- | --- |');
  for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
  console.log(
    `\nbroker-bound ceiling (${r.ceiling.hops} hops): ${f(r.ceiling.ordersPerSec)} orders/s; our ratio to it: ${f(r.ratioToCeiling, 2)} (target ≥ 0.3)`,
  );
  console.log(
    `peak RSS (MiB): ${Object.entries(r.peakRssMiB)
      .map(([s, v]) => `${s} ${f(v, 0)}`)
      .join(', ')} (target < 200 each)`,
  );
  console.log('targets at half load: webhook p99 < 50 ms, placed → label p99 < 1000 ms');
  const hops = (h: Record<string, { p50: number; p99: number }>) =>
    Object.entries(h)
      .map(([to, ms]) => `→ ${to} ${f(ms.p50, 0)}/${f(ms.p99, 0)}`)
      .join(', ');
  console.log(`placed → label by step, p50/p99 ms: max load ${hops(r.max.hopsMs)}`);
  console.log(`  half load ${hops(r.half.hopsMs)}`);
  console.log('slowest at half load (placed at, placed → label, its longest step):');
  for (const o of r.half.slowest) {
    const [step, ms] = Object.entries(o.hopsMs).sort((a, b) => b[1] - a[1])[0] ?? ['?', 0];
    console.log(`  ${o.placedAt.slice(11, 23)}  ${f(o.totalMs / 1000, 1)} s  (${step} ${f(ms / 1000, 1)} s)`);
  }
}
