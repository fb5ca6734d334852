import type { ProcessSpec } from './system.ts';

export const SERVICES = ['orders', 'payments', 'inventory', 'shipping', 'notifications'] as const;
export const SIMULATORS = ['shopify', 'stripe', 'easypost'] as const;
export type ServiceName = (typeof SERVICES)[number];
export type SimulatorName = (typeof SIMULATORS)[number];

const SERVICE_PORT_VARS: Record<ServiceName, string> = {
  orders: 'ORDERS_PORT',
  payments: 'PAYMENTS_PORT',
  inventory: 'INVENTORY_PORT',
  shipping: 'SHIPPING_PORT',
  notifications: 'NOTIFICATIONS_PORT',
};
const SIM_PORT_VARS: Record<SimulatorName, string> = {
  shopify: 'SIM_SHOPIFY_PORT',
  stripe: 'SIM_STRIPE_PORT',
  easypost: 'SIM_EASYPOST_PORT',
};

export function servicePort(env: NodeJS.ProcessEnv, name: ServiceName): number {
  return Number(env[SERVICE_PORT_VARS[name]]);
}
export function simPort(env: NodeJS.ProcessEnv, name: SimulatorName): number {
  return Number(env[SIM_PORT_VARS[name]]);
}
export const local = (port: number) => `http://127.0.0.1:${port}`;

/**
 * Moves every port of the stack by `offset` and points the simulators' webhooks and the
 * services' API URLs at the moved ports, so a test stack can run beside `npm start`.
 */
export function shiftPorts(env: NodeJS.ProcessEnv, offset: number): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const v of [...Object.values(SERVICE_PORT_VARS), ...Object.values(SIM_PORT_VARS)])
    out[v] = String(Number(env[v]) + offset);
  const s = (n: ServiceName) => local(servicePort(out, n));
  const m = (n: SimulatorName) => local(simPort(out, n));
  out.SHOPIFY_API_URL = m('shopify');
  out.STRIPE_API_URL = m('stripe');
  out.EASYPOST_API_URL = `${m('easypost')}/v2`;
  out.SIM_SHOPIFY_WEBHOOK_URL = `${s('orders')}/webhooks/shopify`;
  out.SIM_STRIPE_WEBHOOK_URL = `${s('payments')}/webhooks/stripe`;
  out.SIM_EASYPOST_WEBHOOK_URL = `${s('shipping')}/webhooks/easypost`;
  out.PUBLIC_BASE_URL = s('notifications');
  return out;
}

/**
 * How a service's node starts, here (npm start, e2e, bench, soak) and in the Dockerfile
 * (deploy/validate checks that both agree). Tracing is loaded first. With these flags a
 * service peaks at 160–210 MiB under the benchmark instead of 255–375 MiB: by default V8
 * sizes the heap from the machine (4 GiB here), lets the old generation grow up to 4× its
 * live size before a full collection and the young generation to 2 × 32 MiB. An old-space ceiling of
 * 384 MiB (live heap under load is 50–100 MiB; the pod limit is 512 MiB) brings the growth
 * factor down to about 1.35, and 8 MiB semi-spaces cap the young generation at 16 MiB.
 */
export const SERVICE_NODE_ARGS = [
  '--import',
  '@commerce-sync/telemetry/register',
  '--max-old-space-size=384',
  '--max-semi-space-size=8',
] as const;
/**
 * glibc malloc, tuned for a long-running process: at most 2 arenas (instead of 8 per core
 * for V8's and libuv's threads), and the mmap and trim thresholds pinned at their 128 KiB
 * defaults. Unpinned, glibc raises both after the first large free (up to 32 MiB), so the
 * transient buffers of a burst (a large MongoDB reply, a compile) stay resident for good.
 */
export const SERVICE_ENV = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
} as const;

/** The name of replica `i` (1-based) of a service: the first keeps the service's name. */
export const replicaName = (service: ServiceName, i: number) => (i === 1 ? service : `${service}-${i}`);

/**
 * The port replica `i` (1-based) listens on. One replica listens on the service's port; with
 * several, replica i takes port + 10·i and the service's port is their front (front.ts).
 */
export const replicaPort = (base: number, i: number, replicas: number) =>
  replicas > 1 ? base + 10 * i : base;

/** Every replica of every service: name, service, replica number and port. */
export function replicasOf(env: NodeJS.ProcessEnv, replicas = 1) {
  return SERVICES.flatMap((service) =>
    Array.from({ length: replicas }, (_, k) => ({
      service,
      replica: k + 1,
      name: replicaName(service, k + 1),
      port: replicaPort(servicePort(env, service), k + 1, replicas),
    })),
  );
}

/**
 * Process specs of the whole system: simulators first, then the services, `replicas` of each
 * on their own ports (logs by replica name, `SERVICE_REPLICA` in their environment), and
 * with more than one, the front that keeps each service's one address.
 */
export function stackSpecs(env: NodeJS.ProcessEnv, opts: { replicas?: number } = {}): ProcessSpec[] {
  const replicas = opts.replicas ?? 1;
  const sims: ProcessSpec[] = SIMULATORS.map((name) => ({
    name: `sim-${name}`,
    entry: `test/simulators/${name}/main.ts`,
    env: { ...env },
    readyUrl: `${local(simPort(env, name))}/__sim/state`,
  }));
  const services: ProcessSpec[] = replicasOf(env, replicas).map((r) => ({
    name: r.name,
    entry: `services/${r.service}/src/main.ts`,
    nodeArgs: [...SERVICE_NODE_ARGS],
    env: {
      ...SERVICE_ENV,
      ...env,
      [SERVICE_PORT_VARS[r.service]]: String(r.port),
      OTEL_SERVICE_NAME: r.service,
      SERVICE_REPLICA: String(r.replica),
    },
    readyUrl: `${local(r.port)}/readyz`,
  }));
  if (replicas === 1) return [...sims, ...services];
  const routes = Object.fromEntries(
    SERVICES.map((s) => [
      servicePort(env, s),
      Array.from({ length: replicas }, (_, k) => replicaPort(servicePort(env, s), k + 1, replicas)),
    ]),
  );
  const front: ProcessSpec = {
    name: 'front',
    entry: 'test/support/front.ts',
    env: { FRONT_ROUTES: JSON.stringify(routes) },
    readyUrl: `${local(servicePort(env, 'orders'))}/healthz`,
  };
  return [...sims, ...services, front];
}
