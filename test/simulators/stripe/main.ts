import { cliArgs } from '@commerce-sync/service-kit/cli-args';
import { faultsFromEnv } from '../common/faults.ts';
import { listen } from '../common/listen.ts';
import { createStripeSimulator } from './app.ts';

cliArgs({
  usage: 'npm run sim:stripe',
  about: ['The Stripe simulator: PaymentIntents, refunds and signed webhooks.'],
  options: {},
  notes: [
    'environment: SIM_HOST (127.0.0.1), SIM_FAULTS (JSON) or SIM_FAULTS_FILE,',
    '  SIM_STRIPE_PORT (4002), STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, SIM_STRIPE_WEBHOOK_URL',
  ],
});

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
