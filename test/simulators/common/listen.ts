import type { Server } from 'node:http';
import type express from 'express';

/**
 * Starts a simulator on loopback and stops it cleanly on SIGTERM/SIGINT.
 * Port 0 picks a free port (tests); the bound port is returned.
 */
export async function listen(
  app: express.Express,
  opts: { name: string; port: number; host?: string; onClose?: () => Promise<unknown> },
): Promise<{ server: Server; port: number; url: string }> {
  // SIM_HOST=0.0.0.0 in containers (deploy/compose.yaml, the local k8s overlay): loopback there
  // is unreachable from the services.
  const host = opts.host ?? process.env.SIM_HOST ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port, host, () => resolve(s));
    s.on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${host}:${port}`;
  if (import.meta.main || process.argv[1]?.includes('simulators')) {
    const stop = () => {
      server.close();
      server.closeAllConnections();
      void Promise.resolve(opts.onClose?.()).finally(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }
  console.log(`${opts.name} listening on ${url}`);
  return { server, port, url };
}
