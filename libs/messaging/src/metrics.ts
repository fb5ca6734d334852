import { metricsRegistry } from '@commerce-sync/telemetry';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface MessagingMetrics {
  published: Counter<'type'>;
  consumed: Counter<'queue' | 'type' | 'outcome'>;
  retried: Counter<'queue' | 'type'>;
  deadLettered: Counter<'queue' | 'type' | 'reason'>;
  duplicatesSkipped: Counter<'queue' | 'type'>;
  handlerDuration: Histogram<'queue' | 'type'>;
  outboxLag: Gauge;
  relaySweeps: Counter<'reason'>;
}

/** Get-or-create, so two messaging instances in one process (tests, tools) share a registry. */
function metric<M>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

/** By default on the registry every service's /metrics serves (libs/telemetry), so no service can leave them out. */
export function createMetrics(registry: Registry = metricsRegistry): MessagingMetrics {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    metric(registry, name, () => new Counter<L>({ name, help, labelNames, registers }));
  return {
    published: counter('messaging_published_total', 'Messages confirmed by the broker', ['type']),
    consumed: counter('messaging_consumed_total', 'Deliveries handled, by outcome', [
      'queue',
      'type',
      'outcome',
    ]),
    retried: counter('messaging_retried_total', 'Deliveries sent to a retry tier', ['queue', 'type']),
    deadLettered: counter('messaging_dead_lettered_total', 'Deliveries parked in the DLQ', [
      'queue',
      'type',
      'reason',
    ]),
    duplicatesSkipped: counter(
      'messaging_duplicates_skipped_total',
      'Duplicates acknowledged without effect',
      ['queue', 'type'],
    ),
    handlerDuration: metric(
      registry,
      'messaging_handler_duration_seconds',
      () =>
        new Histogram({
          name: 'messaging_handler_duration_seconds',
          help: 'Handler run time',
          labelNames: ['queue', 'type'],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers,
        }),
    ),
    relaySweeps: counter(
      'messaging_relay_sweeps_total',
      'Whole-collection sweeps for unsent outboxes: at relay start, or after another relay stopped beating',
      ['reason'],
    ),
    outboxLag: metric(
      registry,
      'messaging_outbox_lag_seconds',
      () =>
        new Gauge({
          name: 'messaging_outbox_lag_seconds',
          help: 'Age of the oldest unsent message',
          registers,
        }),
    ),
  };
}
