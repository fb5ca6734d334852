/** How `npm run bench` prints its result (run.ts writes the same figures as JSON). */
import type { StoreCeilingResult } from './ceiling.ts';
import type { ProfileSummary } from './cpuprofile.ts';
import type { phaseFigures } from './figures.ts';
import type { RoundTrips } from './scrape.ts';
import type { FirstLast } from './windows.ts';

export type PerOrder = { cpu: Record<string, number>; total: number };

/** The printed report of a bench run: the tables of its JSON result, readable. */
export function printTable(r: {
  orders: { max: number; half: number };
  max: ReturnType<typeof phaseFigures>;
  half: ReturnType<typeof phaseFigures> & { ratePerSec: number };
  cpuSecondsPerOrder: {
    max: PerOrder;
    half: PerOrder;
    whole: PerOrder;
    idle?: { seconds: number; percentOfCore: PerOrder; storeCommandsPerSec: Record<string, number> };
    firstLast: FirstLast;
  };
  storeRoundTrips: {
    max: Record<string, RoundTrips>;
    half: Record<string, RoundTrips>;
    commandsPerOrder: Record<string, number>;
  };
  ceiling: { ordersPerSec: number; hops: number };
  storeCeiling: StoreCeilingResult | { skipped: string };
  ratioToCeiling: number;
  ratioToStoreCeiling?: number;
  peakRssMiB: Record<string, number | undefined>;
  profiles?: { dir: string; byProcess: Record<string, ProfileSummary> };
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
    [
      'CPU s per order, whole stack',
      f(r.cpuSecondsPerOrder.max.total, 3),
      f(r.cpuSecondsPerOrder.half.total, 3),
    ],
    ['orders not shipped', String(r.max.notShipped), String(r.half.notShipped)],
  ];
  console.log('\n| figure | max load | half load |\n| --- | --- | --- |');
  for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);

  const c = r.cpuSecondsPerOrder;
  const idle = c.idle;
  console.log(
    `\nCPU seconds per order, from /proc (whole run: start of max load to end of half load ÷ all orders` +
      `${idle ? `; idle: % of one core over ${f(idle.seconds, 0)} s without orders` : ''})`,
  );
  console.log(
    `| process | max load | half load | whole run |${idle ? ' idle % core |' : ''}\n| --- | ---: | ---: | ---: |${idle ? ' ---: |' : ''}`,
  );
  const names = Object.keys(c.whole.cpu).sort((a, b) => (c.whole.cpu[b] ?? 0) - (c.whole.cpu[a] ?? 0));
  for (const p of [...names, 'total']) {
    const pick = (x: PerOrder | undefined) => (p === 'total' ? x?.total : x?.cpu[p]);
    console.log(
      `| ${p} | ${f(pick(c.max), 3)} | ${f(pick(c.half), 3)} | ${f(pick(c.whole), 3)} |${idle ? ` ${f(pick(idle.percentOfCore), 1)} |` : ''}`,
    );
  }

  const fl = c.firstLast;
  if (fl.first || fl.last) {
    console.log(
      `\nmax load, first vs last ${fl.window} orders (by labels bought; see test/bench/windows.ts)\n` +
        '| window | orders | orders/s | CPU s/order | top processes (CPU s/order) |\n| --- | ---: | ---: | ---: | --- |',
    );
    for (const [label, w] of [
      ['first', fl.first],
      ['last', fl.last],
    ] as const) {
      if (!w) continue;
      const top = Object.entries(w.cpuPerOrder.cpu)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([p, v]) => `${p} ${f(v, 3)}`)
        .join(', ');
      console.log(
        `| ${label} | ${w.orders} | ${f(w.ordersPerSec)} | ${f(w.cpuPerOrder.total, 3)} | ${top} |`,
      );
    }
  } else console.log(`\nmax load, first vs last orders: not measured (window ${fl.window})`);

  const t = r.storeRoundTrips;
  console.log(
    '\nstore round trips per consumed message (Δ mongodb_commands_total ÷ Δ messaging_consumed_total, all outcomes)\n' +
      '| service | consumed / order | commands / message, max | half | top commands at max load (per message) |\n' +
      '| --- | ---: | ---: | ---: | --- |',
  );
  for (const s of Object.keys(t.max)) {
    const m = t.max[s] as RoundTrips;
    const top = m.top.map((x) => `${x.command} ${f(x.perMessage, 2)}`).join(', ');
    const from = m.consumedFrom === 'broker' ? ' ᵇ' : '';
    console.log(
      `| ${s} | ${f(m.consumed / r.orders.max, 1)}${from} | ${f(m.perMessage, 2)} | ${f(t.half[s]?.perMessage, 2)} | ${top} |`,
    );
  }
  const fromBroker = Object.entries(t.max)
    .filter(([, m]) => m.consumedFrom === 'broker')
    .map(([s]) => s);
  if (fromBroker.length)
    console.log(
      `ᵇ consumed = acks on the service's queue (RabbitMQ management): /metrics of ${fromBroker.join(', ')} ` +
        'does not serve messaging_consumed_total (its messaging metrics are not in the registry /metrics serves)',
    );
  const mixLine = Object.entries(t.commandsPerOrder)
    .map(([cmd, n]) => `${cmd} ${f(n, 2)}`)
    .join(', ');
  const perOrderTotal = Object.values(t.commandsPerOrder).reduce((a, b) => a + b, 0);
  console.log(`store commands per order, all services, max load: ${f(perOrderTotal, 1)} (${mixLine})`);
  if (idle)
    console.log(
      `store commands/s while idle: ${Object.entries(idle.storeCommandsPerSec)
        .map(([s, v]) => `${s} ${f(v, 1)}`)
        .join(', ')}`,
    );

  console.log(
    `\nbroker-bound ceiling (${r.ceiling.hops} hops): ${f(r.ceiling.ordersPerSec)} orders/s; max load ÷ it: ${f(r.ratioToCeiling, 3)} (target ≥ 0.3)`,
  );
  const sc = r.storeCeiling;
  if ('ordersPerSec' in sc)
    console.log(
      `store-bound ceiling (the commands above as single-document ops by _id, ${sc.concurrency} orders in flight, ` +
        `${sc.documents} documents of ${sc.docBytes} B): ${f(sc.ordersPerSec)} orders/s (${f(sc.commandsPerSec, 0)} commands/s); ` +
        `max load ÷ it: ${f(r.ratioToStoreCeiling, 3)}` +
        (Object.keys(sc.notReplayed).length
          ? `; not replayed per order: ${Object.entries(sc.notReplayed)
              .map(([cmd, n]) => `${cmd} ${f(n, 2)}`)
              .join(', ')}`
          : ''),
    );
  else console.log(`store-bound ceiling: skipped (${sc.skipped})`);
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
  if (r.profiles) {
    console.log(`\ntop self time per process (--cpu-prof; profiles in ${r.profiles.dir})`);
    for (const [name, p] of Object.entries(r.profiles.byProcess)) {
      console.log(`${name}: ${f(p.busyMs / 1000, 1)} s busy sampled, ${f(p.idleMs / 1000, 1)} s idle`);
      for (const e of p.top)
        console.log(
          `  ${f(e.percent, 1).padStart(5)} %  ${f(e.selfMs, 0).padStart(7)} ms  ${e.functionName}  ${e.location}`,
        );
    }
  }
}
