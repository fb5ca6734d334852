import { metricsRegistry } from '@commerce-sync/telemetry';
import type { Model } from 'mongoose';
import { Counter } from 'prom-client';
import type { Delivery, DeliveryModel } from '../adapters/delivery-model.ts';
import type { OrderDocument } from '../adapters/order-model.ts';
import { applySagaEvent, type SagaDeps } from '../handlers/apply-saga-event.ts';
import { unprocessedDeliveries } from '../handlers/process-delivery.ts';

interface Deps extends SagaDeps {
  model: Model<OrderDocument>;
  deliveries: DeliveryModel;
  processDelivery(d: Delivery): Promise<void>;
  writeBack(orderId: string): Promise<void>;
  logger: SagaDeps['logger'] & { warn(o: object, m?: string): void };
}

const BATCH = 200;

/** Orders found past their state's deadline (the OrdersStuck alert watches its increase). */
const stuckOrders = new Counter({
  name: 'orders_stuck_total',
  help: 'Orders the sweeper found past their state deadline',
  registers: [metricsRegistry],
});
/** Deliveries younger than this are still being processed by the request that took them. */
const DELIVERY_GRACE_MS = 5_000;
/** Write-backs are first tried by the message handler; the sweeper only takes the stragglers. */
const WRITE_BACK_GRACE_MS = 30_000;

/**
 * One sweep: orders past their state's deadline get `deadline.passed` (re-send or escalate),
 * recorded-but-unprocessed deliveries are processed, pending write-backs are retried.
 */
export async function sweep(deps: Deps, now: Date) {
  const stuck = await deps.model
    .find({ deadlineAt: { $ne: null, $lte: now.toISOString() } }, { _id: 1, deadlineAt: 1 })
    .limit(BATCH)
    .lean();
  stuckOrders.inc(stuck.length);
  for (const o of stuck) {
    // Keyed by the deadline: two sweepers (or a retry) on the same deadline act once.
    const key = `sweep:${o.deadlineAt}`;
    await applySagaEvent(deps, o._id, { type: 'deadline.passed' }, { cause: 'sweeper', key }).catch(
      (err: Error) => deps.logger.warn({ orderId: o._id, err: err.message }, 'sweep of a stuck order failed'),
    );
  }
  const deliveries = await unprocessedDeliveries(
    deps.deliveries,
    new Date(now.getTime() - DELIVERY_GRACE_MS),
  );
  for (const d of deliveries) await deps.processDelivery(d);
  const pendingWrites = await deps.model
    .find(
      { writeBackPending: true, updatedAt: { $lt: new Date(now.getTime() - WRITE_BACK_GRACE_MS) } },
      { _id: 1 },
    )
    .limit(BATCH)
    .lean();
  for (const o of pendingWrites)
    await deps
      .writeBack(o._id)
      .catch((err: Error) =>
        deps.logger.warn({ orderId: o._id, err: err.message }, 'write-back retry failed'),
      );
  return { stuck: stuck.length, deliveries: deliveries.length, writeBacks: pendingWrites.length };
}
