/**
 * `npm run bench`: N orders through the whole system (5 services, 3 zero-latency
 * simulators, a private broker, database and mailpit) at the highest sustainable rate,
 * then at half that rate; prints a table and writes JSON to .local/bench/<time>.json.
 *
 *   npm run bench -- --orders 5000 --half-orders 1000 --concurrency 32 --shopify-points-per-s 1000
 *   npm run bench -- --help
 *
 * Besides throughput and latency it tells where the time goes: CPU seconds per order of
 * every process of the stack (proc.ts), store commands per consumed message of every
 * service (scrape.ts), the broker and store ceilings (ceiling.ts), the first against the
 * last orders of the max phase (windows.ts), the idle CPU, and with --profile each node
 * process's top self-time functions (cpuprofile.ts).
 *
 * Figures are compared as ratios inside one run (this machine is shared and noisy).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORDER_STATUSES } from '@commerce-sync/contracts';
import { World } from '../e2e/world.ts';
import { waitFor } from '../support/infra.ts';
import { setShopifyBucket } from '../support/shopify-bucket.ts';
import { startStack } from '../support/stack-harness.ts';
import { ROOT } from '../support/system.ts';
import { parseBenchArgs } from './args.ts';
import { trackedProcesses } from './stack-processes.ts';
import { averageDocBytes, brokerCeiling, type StoreCeilingResult, storeCeiling } from './ceiling.ts';
import { type ProfileSummary, profilesByProcess, readProfile, topSelfTime } from './cpuprofile.ts';
import { collectOrders, type Phase, phaseFigures } from './figures.ts';
import { type CpuSample, clockTicksPerSec, cpuDelta, percentOfCore, perOrder, sampleCpu } from './proc.ts';
import { peakRssMiB } from './rss.ts';
import { allRoundTrips, byService, commandsPerOrder, type ServiceCounters, scrapeAll } from './scrape.ts';
import { printTable } from './report.ts';
import { firstLast, WindowMarker } from './windows.ts';

const parsed = parseBenchArgs(process.argv.slice(2));
if (parsed.kind === 'help') {
  console.log(parsed.text);
  process.exit(0);
}
if (parsed.kind === 'error') {
  console.error(`bench: ${parsed.message}\n\n${parsed.text}`);
  process.exit(2);
}
const opt = parsed.options;
const N = opt.orders;
const HALF_N = opt.halfOrders;
const CONCURRENCY = opt.concurrency;
// Every state from `shipped` on in the saga's order, plus the final ones off the happy path.
const PAST_LABEL: readonly string[] = ORDER_STATUSES.slice(ORDER_STATUSES.indexOf('shipped'));
const SKUS = ['TEE-M', 'TEE-L', 'MUG-WHT', 'TOTE-NAT', 'NOTE-A5-DOT', 'STICKERS-10'];
const HZ = clockTicksPerSec();

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

const runStamp = new Date().toISOString().replace(/[:.]/g, '-');
const benchDir = join(ROOT, '.local/bench');
const profileDir = join(benchDir, `${runStamp}-cpuprofiles`);
mkdirSync(benchDir, { recursive: true });
if (opt.profile) mkdirSync(profileDir, { recursive: true });

log(
  `starting a private stack (broker, database, mailpit, 3 simulators, 5 services${opt.replicas > 1 ? ` × ${opt.replicas} replicas` : ''})…`,
);
const stack = await startStack({
  name: 'bench',
  amqpPort: 5730,
  portOffset: 400,
  fresh: true,
  replicas: opt.replicas,
  env: {
    LOG_LEVEL: 'warn',
    OTEL_TRACES_EXPORTER: 'none',
    SIM_TRACKER_STEP_MS: '3600000',
    // Every node process of the stack (services and simulators) writes a profile when it exits.
    ...(opt.profile
      ? {
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir="${profileDir}"`.trim(),
        }
      : {}),
  },
});
let stopped = false;
const stopStack = async () => {
  if (stopped) return;
  stopped = true;
  await stack.stop();
};
// Ctrl-C during a long run still stops the private stack (its infra runs detached).
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    log(`${sig}: stopping the stack…`);
    void stopStack().finally(() => process.exit(130));
  });
const world = new World(stack);
// Each process scraped on its own port (through the front a scrape would reach one replica).
const processUrls: Record<string, string> = Object.fromEntries(
  stack.replicas.map((r) => [r.name, `http://127.0.0.1:${r.port}`]),
);
const serviceOf = new Map(stack.replicas.map((r) => [r.name, r.service as string]));
const broker = {
  managementUrl: stack.infra.urls.amqpManagement,
  queueOf: (service: string) => `${stack.env.MESSAGING_PREFIX ?? ''}${service}`,
};
const scrape = async () => byService(await scrapeAll(processUrls, broker), (n) => serviceOf.get(n) ?? n);
const procs = trackedProcesses(stack, log);

try {
  await setShopifyBucket(stack, opt.shopifyPointsPerSec);
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
  const marker = new WindowMarker(N);
  const full = await runPhase('max', N, async (i) => placeOne(i), { concurrency: CONCURRENCY }, marker);
  const maxRate = full.figures.ordersPerSecToShipped;
  log(`phase 1: ${maxRate.toFixed(1)} orders/s to shipped`);

  // Phase 2: a fixed rate of half that, paced.
  const halfRate = Math.max(0.5, maxRate / 2);
  log(`phase 2: ${HALF_N} orders at ${halfRate.toFixed(1)} orders/s…`);
  const half = await runPhase('half', HALF_N, async (i) => placeOne(N + i), { ratePerSec: halfRate });

  const maxTrips = allRoundTrips(full.scrapes.before, full.scrapes.after);
  const halfTrips = allRoundTrips(half.scrapes.before, half.scrapes.after);
  const mix = commandsPerOrder(maxTrips, N);
  const cpu = {
    ticksPerSec: HZ,
    pids: Object.fromEntries(procs.map((p) => [p.name, p.pid])),
    max: perOrder(cpuDelta(full.cpu.start, full.cpu.end, HZ), N),
    half: perOrder(cpuDelta(half.cpu.start, half.cpu.end, HZ), HALF_N),
    // From the start of phase 1 to the end of phase 2, the read-back between them included.
    whole: perOrder(cpuDelta(full.cpu.start, half.cpu.end, HZ), N + HALF_N),
    idle: opt.idleSeconds > 0 ? await idleWindow(opt.idleSeconds) : undefined,
    firstLast: firstLast(marker, HZ),
  };

  log(`broker-bound ceiling: ${N} orders × ${opt.hops} confirmed persistent hops, no logic…`);
  const ceiling = await brokerCeiling(stack.infra.urls.amqp, N, opt.hops);

  let store: StoreCeilingResult | { skipped: string } = { skipped: '--store-ceiling-orders 0' };
  if (opt.storeCeilingOrders > 0 && Object.keys(mix).length === 0)
    store = { skipped: 'no mongodb_commands_total was scraped' };
  else if (opt.storeCeilingOrders > 0) {
    const docBytes =
      (await averageDocBytes(stack.infra.urls.mongo, stack.env.ORDERS_MONGO_DB ?? 'orders', 'orders')) ??
      1024;
    const documents = N + HALF_N;
    log(
      `store-bound ceiling: ${opt.storeCeilingOrders} orders × the services' commands per order, ` +
        `${opt.storeConcurrency} in flight, on ${documents} documents of ${docBytes} B…`,
    );
    store = await storeCeiling(stack.infra.urls.mongo, {
      mix,
      orders: opt.storeCeilingOrders,
      concurrency: opt.storeConcurrency,
      documents,
      docBytes,
      onProgress: (done, s) =>
        log(`store ceiling: ${done}/${opt.storeCeilingOrders} orders, ${(done / s).toFixed(1)} orders/s`),
    });
  }
  const rss = Object.fromEntries(stack.replicas.map((r) => [r.name, peakRssMiB(stack.system.pid(r.name))]));

  // Profiles are written when the processes exit.
  await stopStack();
  const profiles = opt.profile ? readProfiles() : undefined;

  const result = {
    at: new Date().toISOString(),
    options: opt,
    orders: { max: N, half: HALF_N },
    max: full.figures,
    half: { ratePerSec: halfRate, ...half.figures },
    cpuSecondsPerOrder: cpu,
    storeRoundTrips: { max: maxTrips, half: halfTrips, commandsPerOrder: mix },
    ceiling,
    storeCeiling: store,
    ratioToCeiling: maxRate / ceiling.ordersPerSec,
    ratioToStoreCeiling: 'ordersPerSec' in store ? maxRate / store.ordersPerSec : undefined,
    peakRssMiB: rss,
    profiles: profiles ? { dir: profileDir, byProcess: profiles } : undefined,
  };
  const file = join(benchDir, `${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
  log(`figures written to ${file}`);
} finally {
  await stopStack();
}

/** A progress line every `progressSeconds`: orders, rate and the stack's CPU since the last line. */
function progressReporter(name: string, count: number, base: () => number) {
  let last = { at: Date.now(), labelled: 0, cpu: sampleCpu(procs) };
  let busy = false;
  return async (placed: number, labelled?: number) => {
    if (busy || Date.now() - last.at < opt.progressSeconds * 1000) return;
    busy = true;
    try {
      const seen = labelled ?? (await labelledOrders()) - base();
      const now = { at: Date.now(), labelled: seen, cpu: sampleCpu(procs) };
      const d = percentOfCore(cpuDelta(last.cpu, now.cpu, HZ));
      const rate = ((now.labelled - last.labelled) * 1000) / (now.at - last.at);
      const top = Object.entries(d.cpu)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([p, v]) => `${p} ${v.toFixed(0)}`)
        .join(', ');
      log(
        `${name}: ${placed}/${count} placed, ${seen} labelled, ${rate.toFixed(1)} orders/s, ` +
          `stack CPU ${d.total.toFixed(0)} % of a core (${top})`,
      );
      last = now;
    } finally {
      busy = false;
    }
  };
}

async function runPhase(
  name: string,
  count: number,
  place: (i: number) => Promise<{ orderId: string; at: number }>,
  pace: { concurrency?: number; ratePerSec?: number },
  marker?: WindowMarker,
): Promise<{
  figures: ReturnType<typeof phaseFigures>;
  cpu: { start: CpuSample; end: CpuSample };
  scrapes: { before: Record<string, ServiceCounters>; after: Record<string, ServiceCounters> };
}> {
  await world
    .json(`${stack.url.shopify}/__sim/storefront/webhooks/latency`, { method: 'DELETE' })
    .catch(() => undefined);
  const placed: Phase['placed'] = [];
  const already = await labelledOrders();
  // Scrape, then sample CPU (the scrape's own work stays out); at the end the other way round.
  const before = await scrape();
  const cpuStart = sampleCpu(procs);
  marker?.start(cpuStart);
  const progress = progressReporter(name, count, () => already);
  const observe = (labelled: number) => marker?.observe(labelled - already, () => sampleCpu(procs));
  const started = Date.now();
  if (pace.ratePerSec) {
    const gap = 1000 / pace.ratePerSec;
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const due = started + i * gap;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(place(i).then((p) => placed.push(p)));
      void progress(placed.length).catch(() => undefined);
    }
    await Promise.all(pending);
  } else {
    // Closed loop: at most `concurrency` orders between placement and label. Placing returns
    // before the webhook is even sent, so bounding placements alone fired every order at
    // once: a backlog of N webhooks that timed out, were retried, hit the rate limit and
    // were given up by the storefront, rather than the highest rate the system sustains.
    const limit = pace.concurrency ?? 16;
    while (placed.length < count) {
      const labelled = await labelledOrders();
      observe(labelled);
      await progress(placed.length, labelled - already);
      const inFlight = placed.length - (labelled - already);
      const batch = Math.min(limit - inFlight, count - placed.length);
      const from = placed.length;
      if (batch > 0)
        placed.push(...(await Promise.all(Array.from({ length: batch }, (_, k) => place(from + k)))));
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  const ids = new Set(placed.map((p) => p.orderId));
  const target = placed.length + (name === 'half' ? N : 0);
  let statsDueAt = Date.now() + 30_000;
  await waitFor(
    async () => {
      // Progress comes from the courier simulator: the orders API's stats read every order
      // from the orders service's database, and those reads queued in front of the webhooks
      // being measured. The stats still decide the end, and every 30 s catch orders that
      // finished without a label (cancelled, needs_attention).
      const labelled = await labelledOrders();
      observe(labelled);
      await progress(placed.length, labelled - already);
      if (labelled < target && Date.now() < statsDueAt) return false;
      statsDueAt = Date.now() + 30_000;
      return (await ordersPastLabel()) >= target;
    },
    { timeoutMs: Math.max(120_000, count * 1000), intervalMs: 1000, what: `${name}: every order shipped` },
  );
  const cpuEnd = sampleCpu(procs);
  log(`${name}: all ${count} past the label; waiting for the last messages to be consumed…`);
  // The tail of the phase's messages (emails, write-backs) is the phase's, and the broker's
  // ack counts lag by up to 5 s: the store counters are read once nothing is consumed.
  const after = await settled();
  const latency = await world
    .json<{ ms: number[] }>(`${stack.url.shopify}/__sim/storefront/webhooks/latency`)
    .catch(() => ({ ms: [] as number[] }));
  const orders = await collectOrders(world, ids);
  return {
    figures: phaseFigures({ placed, orders, webhookMs: latency.ms, startedAt: started }),
    cpu: { start: cpuStart, end: cpuEnd },
    scrapes: { before, after },
  };
}

/**
 * The services' counters once nothing has been consumed for three scrapes 2 s apart (longer
 * than the broker's 5 s statistics interval), or after 60 s.
 */
async function settled(): Promise<Record<string, ServiceCounters>> {
  const total = (s: Record<string, ServiceCounters>) => Object.values(s).reduce((a, c) => a + c.consumed, 0);
  const quietBy = Date.now() + 60_000;
  let last = await scrape();
  let same = 0;
  while (same < 3 && Date.now() < quietBy) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await scrape();
    same = total(now) === total(last) ? same + 1 : 0;
    last = now;
  }
  return last;
}

/**
 * The stack's CPU over `seconds` without orders, as % of one core. It starts once the
 * services have gone quiet (`settled`); store commands sent in the window are counted too
 * (the jobs' and relays' own traffic).
 */
async function idleWindow(seconds: number) {
  const before = await settled();
  log(`idle: ${seconds} s without orders…`);
  const start = sampleCpu(procs);
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(until - Date.now(), opt.progressSeconds * 1000)));
    const d = percentOfCore(cpuDelta(start, sampleCpu(procs), HZ));
    log(
      `idle: ${Math.round((until - Date.now()) / 1000)} s left, stack CPU ${d.total.toFixed(1)} % of a core`,
    );
  }
  const end = sampleCpu(procs);
  const after = await scrape();
  const delta = cpuDelta(start, end, HZ);
  const commandsPerSec = Object.fromEntries(
    Object.entries(allRoundTrips(before, after)).map(([s, t]) => [s, t.commands / delta.seconds]),
  );
  return { seconds: delta.seconds, percentOfCore: percentOfCore(delta), storeCommandsPerSec: commandsPerSec };
}

function readProfiles(): Record<string, ProfileSummary & { files: string[] }> {
  const pidToName = new Map(procs.filter((p) => p.mode === 'tree').map((p) => [p.pid, p.name]));
  const out: Record<string, ProfileSummary & { files: string[] }> = {};
  for (const [name, files] of profilesByProcess(profileDir, pidToName)) {
    try {
      // One file per process (the bench restarts none); the last one if there were more.
      out[name] = { ...topSelfTime(readProfile(files.at(-1) as string), 10, ROOT), files };
    } catch (err) {
      log(`profile of ${name} unreadable: ${(err as Error).message}`);
    }
  }
  return out;
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
