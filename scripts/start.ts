/**
 * `npm start`: the whole system on this machine — infrastructure, the three simulators,
 * the five services — then demo orders from the storefront simulator. Prints where
 * everything is and a live one-line summary. Ctrl-C stops everything cleanly.
 *
 *   npm start                    with demo orders (0.5 orders/s)
 *   npm start -- --no-demo       without generated orders
 *   npm start -- --rate 2        demo orders per second
 *   npm start -- --keep-infra    leave RabbitMQ/MongoDB/mailpit/metrics running on exit
 *   npm start -- --replicas 2    two processes of every service behind one address each
 *   npm start -- --broker-nodes 3  RabbitMQ as a local 3-node cluster
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliArgs } from '@commerce-sync/service-kit/cli-args';
import { local, replicasOf, SERVICES, servicePort, simPort, stackSpecs } from '../test/support/stack.ts';
import { System } from '../test/support/system.ts';
import { localEnv, ROOT, userEnv } from './env.ts';
import { brokerCluster, infra } from './infra.ts';
import { writeScrapeTargets } from './metrics-targets.ts';
import { startSummary } from './summary.ts';
import { consoleSpecs, consoleUrlLines } from '../services/console/src/local-stack.ts';

const { values: args } = cliArgs({
  usage: 'npm start -- [options]',
  about: ['The whole system on this machine, with demo orders; Ctrl-C stops everything.'],
  options: {
    'no-demo': { type: 'boolean', default: false, help: 'start without generated orders' },
    rate: { type: 'string', default: '0.5', arg: 'n', help: 'demo orders per second' },
    'keep-infra': {
      type: 'boolean',
      default: false,
      help: 'leave RabbitMQ/MongoDB/mailpit/metrics running on exit',
    },
    'broker-nodes': {
      type: 'string',
      default: '1',
      arg: '1|3',
      help: '3: RabbitMQ as a local 3-node cluster (AMQP 5701-5703) instead of one node',
    },
    replicas: {
      type: 'string',
      default: '1',
      arg: 'n',
      help: 'processes per service (1-9), behind one address each',
    },
  },
});
const replicas = Number(args.replicas);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 9) {
  console.error(`--replicas must be a whole number from 1 to 9 (got "${args.replicas}")`);
  process.exit(2);
}

const brokerNodes = args['broker-nodes'];
if (brokerNodes !== '1' && brokerNodes !== '3') {
  console.error(`--broker-nodes must be 1 or 3 (got "${brokerNodes}")`);
  process.exit(2);
}
const env = localEnv();
const pidFile = join(ROOT, '.local/pids/start.pid');

function alreadyRunning(): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function printUrls(): void {
  const m = (n: 'shopify' | 'stripe' | 'easypost') => local(simPort(env, n));
  const mgmt = new URL(env.RABBITMQ_MANAGEMENT_URL ?? 'http://127.0.0.1:15672');
  console.log(`
commerce-sync is running
  orders API          ${local(servicePort(env, 'orders'))}/orders   (admin token: node libs/service-kit/src/dev-token.ts)
  OpenAPI             ${local(servicePort(env, 'orders'))}/openapi.json
  tracking pages      ${local(servicePort(env, 'notifications'))}/track/<token>  (the latest order's link is printed below)
  services            ${SERVICES.map((s) => `${s} ${servicePort(env, s)}`).join(', ')}  (/healthz /readyz /metrics)${
    replicas > 1
      ? `\n  replicas            ${replicas} per service, each its own port (${replicasOf(env, replicas)
          .filter((r) => r.service === 'orders')
          .map((r) => `${r.name} ${r.port}`)
          .join(', ')}, …) behind the ports above`
      : ''
  }
  simulators          Shopify ${m('shopify')}  Stripe ${m('stripe')}  EasyPost ${m('easypost')}  (control plane: /__sim/state)
  mailpit (emails)    ${env.MAILPIT_API_URL}
  metrics (PromQL)    ${env.METRICS_URL ?? 'http://127.0.0.1:8428'}/vmui  (every service scraped every 5 s; the console's overview charts them)
${consoleUrlLines(env)}
  RabbitMQ management http://${mgmt.host}  (guest/guest)
  dead letters        npm run dlq -- list
  logs                .local/logs/<name>.log
`);
}

const running = alreadyRunning();
if (running) {
  console.log(`commerce-sync is already running (supervisor pid ${running}); not starting a second copy.`);
  printUrls();
  process.exit(0);
}

mkdirSync(join(ROOT, '.local/pids'), { recursive: true });
writeFileSync(pidFile, String(process.pid));

infra('up', userEnv());
if (brokerNodes === '3') {
  // Every service is given the three nodes and reconnects to a live one when its node goes.
  env.AMQP_URL = brokerCluster('up', userEnv());
  env.RABBITMQ_MANAGEMENT_URL = 'http://guest:guest@127.0.0.1:15701';
}

const system = new System({
  logDir: join(ROOT, '.local/logs'),
  autoRestartMs: 1000,
  onEvent: (line) => console.log(`[supervisor] ${line}; restarting`),
});

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping services and simulators…');
  await system.stop();
  if (!args['keep-infra']) {
    infra('down', userEnv());
    if (brokerNodes === '3') brokerCluster('down', userEnv());
  }
  rmSync(pidFile, { force: true });
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  console.log('starting simulators and services…');
  await system.start([...stackSpecs(env, { replicas }), ...consoleSpecs(env)]);
  writeScrapeTargets(env, replicas);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
}

printUrls();

if (!args['no-demo']) {
  const rate = Number(args.rate);
  const res = await fetch(`${local(simPort(env, 'shopify'))}/__sim/storefront/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 100_000, ratePerSec: rate, seed: Date.now() % 100_000 }),
  }).catch((err: Error) => ({ ok: false, status: 0, statusText: err.message }) as const);
  console.log(
    res.ok
      ? `demo: the storefront simulator places ${rate} orders/s`
      : `demo orders could not start (${res.status} ${res.statusText})`,
  );
}

startSummary(env);
