import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { devToken } from '@commerce-sync/service-kit/dev-token';
import { type Stack, startStack } from '../support/stack-harness.ts';
import { setShopifyBucket } from '../support/shopify-bucket.ts';
import { parsePrometheus, serviceCounters } from '../bench/scrape.ts';
import { ROOT } from '../support/system.ts';
import { faultPlan, type InjectedFault, runFaultPlan, simFaultsOff } from './fault-plan.ts';
import { runChecks, type Snapshot } from './invariants.ts';
import type { SoakOptions } from './options.ts';
import { createProbes, type Probes } from './probes.ts';
import type { ReplicaWork, SoakResult } from './report.ts';
import { soakCatalog, startStock, writeCatalog } from './soak-catalog.ts';
import { summarise } from './summary.ts';
import { createWatch, isQuiet, type Pulse, pulseLine } from './watch.ts';

const secondsSince = (t: number) => Math.round((Date.now() - t) / 100) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Accelerated time for the run: couriers step every `trackerStepMs`, so parcels are delivered
 * within the run. Everything else (sweeper, deadlines, retry tiers, timeouts, breakers) is
 * the real configuration: a shorter sweeper deadline only re-sends commands a slow system
 * is still working on, and adds load where it hurts.
 */
function soakEnv(opts: SoakOptions, catalogPath: string): Record<string, string> {
  return { SIM_TRACKER_STEP_MS: String(opts.trackerStepMs), SIM_SHOPIFY_CATALOG: catalogPath };
}

async function snapshot(
  probes: Probes,
  stack: Stack,
  start: Map<string, number>,
  readOrders: () => Promise<Snapshot['orders']>,
): Promise<Snapshot> {
  const [storefrontOrders, orders, stripe, stripeStats, easypost, levels, emails, queues] = await Promise.all(
    [
      probes.storefrontOrders(),
      readOrders(),
      probes.stripeState(),
      probes.stripeStats(),
      probes.easypostStats(),
      probes.levels(),
      probes.emails(),
      probes.queues(),
    ],
  );
  const dlqs = queues.filter((q) => q.name.endsWith('.dlq') && q.messages > 0);
  const dlq = (await Promise.all(dlqs.map((q) => probes.dlq(q.name, q.messages)))).flat();
  return {
    shop: String(stack.env.SHOPIFY_SHOP_DOMAIN),
    storefrontOrders,
    orders,
    intents: stripe.intents,
    refunds: stripe.refunds,
    capturesByOrder: stripeStats.capturesByOrder,
    labelsByReference: easypost.labelsByReference,
    levels,
    startStock: Object.fromEntries(start),
    emails,
    dlq,
    queues: queues.filter((q) => q.messages > 0),
  };
}

/** Polls until the system is quiet twice in a row (5 s apart) or the timeout passes. */
async function settle(pulse: () => Promise<Pulse>, timeoutS: number): Promise<boolean> {
  const deadline = Date.now() + timeoutS * 1000;
  let quietPolls = 0;
  while (Date.now() < deadline) {
    const p = await pulse().catch(() => undefined);
    quietPolls = p && isQuiet(p) ? quietPolls + 1 : 0;
    if (quietPolls >= 2) return true;
    await sleep(5000);
  }
  return false;
}

/** The whole soak: private stack, load with faults on a schedule, quiescence, invariants. */
export async function runSoak(
  opts: SoakOptions,
  log: (line: string) => void = console.log,
): Promise<SoakResult> {
  const startedAt = new Date().toISOString();
  const catalog = soakCatalog(opts.orders);
  const catalogPath = join(ROOT, opts.outDir, `catalog-${opts.name}.json`);
  writeCatalog(catalog, catalogPath);
  const logDir = join(ROOT, '.local/logs', opts.name);
  rmSync(logDir, { recursive: true, force: true });

  const t0 = Date.now();
  const incidents: string[] = [];
  log(`starting a private stack "${opts.name}" (AMQP ${opts.amqpPort}, ports +${opts.portOffset}) …`);
  const stack = await startStack({
    name: opts.name,
    amqpPort: opts.amqpPort,
    portOffset: opts.portOffset,
    replicas: opts.replicas,
    brokerNodes: opts.brokerNodes,
    fresh: true,
    env: soakEnv(opts, catalogPath),
    // Brought back like a pod would be if something else kills it; recorded as an incident.
    autoRestartMs: 1000,
    onEvent: (line) => {
      incidents.push(`${new Date().toISOString()} ${line}`);
      log(`  ! ${line}`);
    },
  });
  const startupS = secondsSince(t0);
  // Ctrl-C must not leave a private broker, database and eight processes behind.
  const interrupt = () => {
    log('interrupted: stopping the stack …');
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  const probes = createProbes(stack, await devToken('soak', '12h'));
  const watch = createWatch(probes, stack.infra.urls.mongo, stack.env.ORDERS_MONGO_DB ?? 'orders');
  try {
    await setShopifyBucket(stack, opts.shopifyPointsPerS);
    log(`stack up in ${startupS} s; placing ${opts.orders} orders at ${opts.rate}/s`);
    const loadStart = Date.now();
    const faults: InjectedFault[] = [];
    const plan = faultPlan(opts, opts.orders / opts.rate);
    const faultsDone = runFaultPlan(plan, stack, opts, loadStart, (f) => {
      faults.push(f);
      log(
        `  fault ${faults.length}/${plan.length} at ${f.startedAtS} s: ${f.label} (${f.tookMs} ms)${f.error ? ` FAILED ${f.error}` : ''}`,
      );
    });
    const progress = opts.progressMs
      ? setInterval(() => {
          void watch
            .pulse()
            .then((p) =>
              log(`  ${secondsSince(loadStart)} s: ${pulseLine(p)}, faults ${faults.length}/${plan.length}`),
            )
            .catch((err: Error) => log(`  ${secondsSince(loadStart)} s: (probe failed: ${err.message})`));
        }, opts.progressMs)
      : undefined;
    try {
      await generate(stack, opts);
      await waitPlaced(probes, opts.orders, incidents);
      const loadS = secondsSince(loadStart);
      await faultsDone;
      if (opts.faults.has('sim')) await simFaultsOff.run(stack, opts);
      log(`load done in ${loadS} s, faults done at ${secondsSince(loadStart)} s; waiting for quiescence …`);
      const settleStart = Date.now();
      const quiet = await settle(() => watch.pulse(), opts.quiescenceTimeoutS);
      const settleS = secondsSince(settleStart);
      log(quiet ? `quiet after ${settleS} s; checking` : `NOT quiet after ${settleS} s; checking anyway`);
      // The progress line's reads would only compete with the final ones.
      if (progress) clearInterval(progress);
      const snap = await snapshot(probes, stack, startStock(catalog), () => watch.orders()).catch(
        (err: Error) => {
          throw new Error(`reading the final state failed (is the stack still up? logs: ${logDir})`, {
            cause: err,
          });
        },
      );
      const checks = runChecks(snap);
      const replicas = await replicaWork(stack);
      // A simulator that restarted forgot its state: the checks against it mean nothing.
      const simRestarted = incidents.some((i) => / sim-\w+ exited/.test(i));
      return {
        ok: quiet && !simRestarted && checks.every((c) => c.ok) && faults.every((f) => !f.error),
        startedAt,
        options: { ...opts, faults: [...opts.faults].join(',') || 'none' },
        timings: { startupS, loadS, settleS },
        quiet,
        faults,
        incidents,
        checks,
        summary: summarise(snap),
        replicas,
        logDir,
      };
    } finally {
      if (progress) clearInterval(progress);
    }
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
    await watch.close().catch(() => {});
    await stack.stop();
  }
}

/** Messages each service process handled since its last start, from its own /metrics. */
async function replicaWork(stack: Stack): Promise<ReplicaWork[]> {
  return Promise.all(
    stack.replicas.map(async (r) => {
      const text = await fetch(`http://127.0.0.1:${r.port}/metrics`)
        .then((res) => res.text())
        .catch(() => '');
      const { consumed } = serviceCounters(parsePrometheus(text));
      return { name: r.name, service: r.service, replica: r.replica, consumed };
    }),
  );
}

async function generate(stack: Stack, opts: SoakOptions): Promise<void> {
  const res = await fetch(`${stack.url.shopify}/__sim/storefront/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      count: opts.orders,
      ratePerSec: opts.rate,
      seed: opts.seed,
      declineShare: opts.declineShare,
      cancelShare: opts.cancelShare,
    }),
  });
  if (!res.ok) throw new Error(`storefront generator refused: ${res.status} ${await res.text()}`);
}

async function waitPlaced(probes: Probes, count: number, incidents: string[]): Promise<void> {
  for (;;) {
    // The simulator keeps the orders in memory: if it restarted, the run has nothing to check.
    if (incidents.some((i) => / sim-shopify exited/.test(i)))
      throw new Error(
        `the Shopify simulator exited during the load (killed from outside?): ${incidents.join('; ')}`,
      );
    const g = (await probes.storefrontStats().catch(() => undefined))?.generator;
    if (g && !g.running && g.placed + g.failed >= count) return;
    await sleep(1000);
  }
}
