import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * The one local address of a service run as several replicas: a TCP round-robin in front of
 * them, per connection, as a Kubernetes Service's kube-proxy balances. A replica that
 * refuses the connection (killed, restarting, scaled in) is skipped for the next one, as an
 * endpoint that fails its readiness probe leaves the Service, so a webhook is not lost to a
 * replica that is down while another is up.
 *
 * Run as a process of the stack: `FRONT_ROUTES='{"3001":[3011,3021],…}' node front.ts`.
 */
export function startFront(routes: Record<number, number[]>, host = '127.0.0.1'): Promise<Server[]> {
  return Promise.all(
    Object.entries(routes).map(([listen, targets]) => {
      let next = 0;
      const server = createServer((client) => {
        client.pause();
        const order = targets.map((_, i) => targets[(next + i) % targets.length] as number);
        next = (next + 1) % targets.length;
        connectFirst(client, order, host);
      });
      return new Promise<Server>((resolve, reject) => {
        server.once('error', reject);
        server.listen(Number(listen), host, () => resolve(server));
      });
    }),
  );
}

function connectFirst(client: Socket, ports: number[], host: string): void {
  const [port, ...rest] = ports;
  if (port === undefined) {
    client.destroy();
    return;
  }
  const upstream = createConnection({ port, host });
  upstream.once('connect', () => {
    upstream.removeAllListeners('error');
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', close);
    client.on('error', close);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
  upstream.once('error', () => connectFirst(client, rest, host));
}

if (import.meta.main) {
  const routes = JSON.parse(process.env.FRONT_ROUTES ?? '{}') as Record<number, number[]>;
  const servers = await startFront(routes);
  const stop = () => {
    for (const s of servers) s.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
