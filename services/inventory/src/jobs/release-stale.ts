import type { Logger } from '@commerce-sync/telemetry';
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

/**
 * Finds reservations held (or half-made) longer than `maxAgeMs` without a commit or release —
 * the order was cancelled or is stuck — and gives their stock back, announcing stock.released.
 */
export async function releaseStale(deps: StockDeps & { logger: Logger; maxAgeMs: number }, now = new Date()) {
  const cutoff = new Date(now.getTime() - deps.maxAgeMs);
  const candidates = await deps.reservations.model
    .find({ status: { $in: ['reserved', 'reserving'] }, updatedAt: { $lt: cutoff } })
    .limit(200)
    .lean<Reservation[]>();
  let count = 0;
  for (const r of candidates) {
    if (!isStale(r, now, deps.maxAgeMs)) continue;
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
