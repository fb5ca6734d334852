import { loadConfig } from '@commerce-sync/service-kit';
import { ShippingConfig } from './config.ts';
import { startShipping } from './service.ts';

await startShipping(loadConfig(ShippingConfig));
