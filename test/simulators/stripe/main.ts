import { faultsFromEnv } from '../common/faults.ts';
import { listen } from '../common/listen.ts';
import { createStripeSimulator } from './app.ts';

const env = process.env;
const sim = createStripeSimulator({
  secretKey: env.STRIPE_SECRET_KEY ?? 'sk_test_commerce_sync_dev',
  webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? 'whsec_commerce_sync_dev',
  webhookUrl: env.SIM_STRIPE_WEBHOOK_URL ?? 'http://127.0.0.1:3002/webhooks/stripe',
  faults: faultsFromEnv(env),
});
await listen(sim.app, {
  name: 'stripe simulator',
  port: Number(env.SIM_STRIPE_PORT ?? 4002),
  onClose: () => sim.close(),
});
