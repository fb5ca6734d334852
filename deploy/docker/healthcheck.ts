// Container health check for `docker run` / compose (Kubernetes uses its own probes).
// Plain Node, no dependencies: the runtime image has no curl or wget.
//   node deploy/docker/healthcheck.ts            → GET /healthz on the service's own port
//   node deploy/docker/healthcheck.ts 4001 /     → any HTTP answer below 500 (simulators)
const DEFAULT_PORTS: Record<string, number> = {
  orders: 3001,
  payments: 3002,
  inventory: 3003,
  shipping: 3004,
  notifications: 3005,
  console: 3006,
};

const service = process.env.SERVICE ?? '';
const [portArg, pathArg] = process.argv.slice(2);
const port = Number(portArg ?? process.env[`${service.toUpperCase()}_PORT`] ?? DEFAULT_PORTS[service]);
const path = pathArg ?? '/healthz';
const healthy = (status: number) => (pathArg ? status < 500 : status === 200);

try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2500) });
  process.exit(healthy(res.status) ? 0 : 1);
} catch {
  process.exit(1);
}
