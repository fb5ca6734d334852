import { metricsRegistry } from '@commerce-sync/telemetry';
import { Counter } from 'prom-client';

/**
 * What the orders service gave up on and left for a person (GET /admin/shopify-deliveries,
 * GET /admin/write-backs/refused); the alerts in deploy/ watch their increase.
 */
export const deliveriesAbandoned = new Counter({
  name: 'orders_webhook_deliveries_abandoned_total',
  help: 'Shopify webhook deliveries given up after the last processing attempt',
  labelNames: ['topic'] as const,
  registers: [metricsRegistry],
});

export const writeBacksRefused = new Counter({
  name: 'orders_writebacks_refused_total',
  help: 'Storefront write-backs the storefront refused for good (not retried)',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});
