import { metricsRegistry } from '@commerce-sync/telemetry';
import { Counter, Histogram } from 'prom-client';

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

/** Orders entering each status (a new order counts on its first status): the console's rates. */
export const statusEntered = new Counter({
  name: 'orders_status_entered_total',
  help: 'Orders that entered a status, by status',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});

/** From the storefront's order to the courier's label: the latency a flash sale must keep low. */
export const placedToLabel = new Histogram({
  name: 'orders_placed_to_label_seconds',
  help: 'Seconds from the storefront order to the label purchase (the order entering shipped)',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
  registers: [metricsRegistry],
});
