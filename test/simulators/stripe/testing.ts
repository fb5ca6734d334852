import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createStripeSimulator, type StripeSimOptions } from './app.ts';

export const SIM_SECRET_KEY = 'sk_test_sim_fidelity';
export const SIM_WEBHOOK_SECRET = 'whsec_sim_fidelity';

/**
 * Starts the Stripe simulator in-process on an ephemeral port, with a stripe-node client
 * pointed at it the way the payments service points its own (host/port/protocol).
 */
export async function startStripeSim(opts: Partial<StripeSimOptions> = {}) {
  const sim = createStripeSimulator({
    secretKey: SIM_SECRET_KEY,
    webhookSecret: SIM_WEBHOOK_SECRET,
    webhookRetryDelaysMs: [50, 100],
    ...opts,
  });
  const server = sim.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const stripe = new Stripe(opts.secretKey ?? SIM_SECRET_KEY, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
    timeout: 2000,
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/__sim${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json() as Promise<Record<string, unknown>>;
  };
  return {
    sim,
    url,
    port,
    stripe,
    control,
    async close() {
      await sim.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
