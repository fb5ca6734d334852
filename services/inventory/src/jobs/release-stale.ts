import type { Logger } from '@commerce-sync/telemetry';
import { scanFields } from '@commerce-sync/messaging';
import { metricsRegistry } from '@commerce-sync/telemetry';
import { Counter } from 'prom-client';
import type { Reservation } from '../adapters/reservation-model.ts';
import { isStale } from '../domain/reservation.ts';
import { releaseReservation } from '../handlers/release-stock.ts';
import type { StockDeps } from '../handlers/stock-steps.ts';

const released =
  (metricsRegistry.getSingleMetric('inventory_stale_reservations_released_total') as Counter | undefined) ??
  new Counter({
    name: 'inventory_stale_reservations_released_total',
    help: 'Reservations released because they outlived their order (no commit or release in time)',
    registers: [metricsRegistry],
  });

/** Reservations released per run; the rest wait for the next run. */
const MAX_PER_RUN = 200;

/**
 * Reservations held (or half-made) longer than `maxAgeMs`, read with `scanFields` (the few
 * fields the test needs, in batches): the local store serves an age filter from no index, so
 * a server-side filter would be one command reading the whole collection at once. A scan of
 * every reservation, hourly (cron), off the other jobs' beats.
 */
async function staleReservations(deps: StockDeps, now: Date, maxAgeMs: number) {
  type Head = Pick<Reservation, '_id' | 'status' | 'updatedAt'>;
  const found: Head[] = [];
  await scanFields<Head>(deps.reservations.model.collection, ['_id', 'status', 'updatedAt'], (r) => {
    if (isStale(r, now, maxAgeMs)) found.push(r);
    return found.length < MAX_PER_RUN;
  });
  return found;
}

/**
 * Finds reservations held (or half-made) longer than `maxAgeMs` without a commit or release —
 * the order was cancelled or is stuck — and gives their stock back, announcing stock.released.
 */
export async function releaseStale(deps: StockDeps & { logger: Logger; maxAgeMs: number }, now = new Date()) {
  const candidates = await staleReservations(deps, now, deps.maxAgeMs);
  let count = 0;
  for (const r of candidates) {
    await releaseReservation(deps, r._id);
    await deps.reservations.apply(r._id, {
      key: `stale-release:${r._id}`,
      mutate: () => [{ type: 'stock.released', payload: { orderId: r._id }, correlationId: r._id }],
    });
    released.inc();
    count++;
    deps.logger.warn(
      { orderId: r._id, status: r.status, heldSince: r.updatedAt },
      'stale reservation released',
    );
  }
  return { released: count };
}
