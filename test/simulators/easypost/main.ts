import { cliArgs } from '@commerce-sync/service-kit/cli-args';
import { faultsFromEnv } from '../common/faults.ts';
import { listen } from '../common/listen.ts';
import { createEasyPostSimulator } from './app.ts';

cliArgs({
  usage: 'npm run sim:easypost',
  about: ['The EasyPost simulator: shipments, rates, trackers and signed webhooks.'],
  options: {},
  notes: [
    'environment: SIM_HOST (127.0.0.1), SIM_FAULTS (JSON) or SIM_FAULTS_FILE,',
    '  SIM_EASYPOST_PORT (4004), EASYPOST_API_KEY, EASYPOST_WEBHOOK_SECRET, SIM_EASYPOST_WEBHOOK_URL, SIM_SEED,',
    '  SIM_TRACKER_STEP_MS, SIM_TRACKER_FAILURE_RATE, SIM_TRACKER_RETURN_RATE',
  ],
});

const env = process.env;
const port = Number(env.SIM_EASYPOST_PORT ?? 4004);
const sim = createEasyPostSimulator({
  apiKey: env.EASYPOST_API_KEY ?? 'EZTK_commerce_sync_dev',
  webhookSecret: env.EASYPOST_WEBHOOK_SECRET ?? 'easypost_dev_webhook_secret',
  webhookUrl: env.SIM_EASYPOST_WEBHOOK_URL ?? 'http://127.0.0.1:3004/webhooks/easypost',
  faults: faultsFromEnv(env),
  seed: env.SIM_SEED ? Number(env.SIM_SEED) : undefined,
  settings: {
    trackerStepMs: Number(env.SIM_TRACKER_STEP_MS ?? 1500),
    failureRate: Number(env.SIM_TRACKER_FAILURE_RATE ?? 0.02),
    returnRate: Number(env.SIM_TRACKER_RETURN_RATE ?? 0.01),
  },
});
// Close without waiting for webhook retries: a stopping simulator drops what it has not sent.
await listen(sim.app, { name: 'easypost simulator', port, onClose: async () => sim.trackers.clear() });
