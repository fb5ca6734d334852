import { loadConfig } from '@commerce-sync/service-kit';
import { PaymentsConfigSchema } from './config.ts';
import { startPayments } from './service.ts';

await startPayments(loadConfig(PaymentsConfigSchema));
