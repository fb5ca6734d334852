import { loadConfig } from '@commerce-sync/service-kit';
import { OrdersConfig } from './config.ts';
import { startOrders } from './service.ts';

// Composition root: config first (a bad variable stops start-up naming it), then the service.
await startOrders(loadConfig(OrdersConfig));
