import { metricsRegistry } from '@commerce-sync/telemetry';
import type { Model } from 'mongoose';
import { Counter } from 'prom-client';
import type { Delivery, DeliveryModel, PendingDeliveryModel } from '../adapters/delivery-model.ts';
import type { OrderDocument } from '../adapters/order-model.ts';
import type { SweepIndex } from '../adapters/sweep-index.ts';
import { applySagaEvent, type SagaDeps } from '../handlers/apply-saga-event.ts';
import { unprocessedDeliveries } from '../handlers/process-delivery.ts';
import type { WriteBackRun } from '../handlers/write-back.ts';

interface Deps extends SagaDeps {
  model: Model<OrderDocument>;
  index: SweepIndex;
  deliveries: DeliveryModel;
  pendingDeliveries: PendingDeliveryModel;
  processDelivery(d: Delivery): Promise<void>;
  writeBack: WriteBackRun;
  logger: SagaDeps['logger'] & { warn(o: object, m?: string): void };
}

const BATCH = 200;

/** Orders found past their state deadline (the OrdersStuck alert watches its increase). */
const stuckOrders = new Counter({
  name: 'orders_stuck_total',
  help: 'Orders the sweeper found past their state deadline',
  registers: [metricsRegistry],
});

/** Deliveries younger than this are still being processed by the request that took them. */
const DELIVERY_GRACE_MS = 5_000;

/**
 * One sweep: orders past their state's deadline get `deadline.passed` (re-send or escalate),
 * recorded-but-unprocessed deliveries are processed, due write-backs are retried. Every
 * query reads a small collection of what needs attention (sweep index, delivery markers)
 * and then single orders by `_id`: its cost follows the orders in flight, not all orders.
 */
export async function sweep(deps: Deps, now: Date) {
  const stuck = await stuckOrdersDue(deps, now);
  stuckOrders.inc(stuck);
  const deliveries = await unprocessedDeliveries(deps, new Date(now.getTime() - DELIVERY_GRACE_MS));
  for (const d of deliveries) await deps.processDelivery(d);
  const writeBacks = await deps.index.dueWriteBacks(now, BATCH);
  // writeBack never throws: a failure records its own backoff on the index entry.
  for (const orderId of writeBacks) await deps.writeBack(orderId, { now });
  return { stuck, deliveries: deliveries.length, writeBacks: writeBacks.length };
}

async function stuckOrdersDue(deps: Deps, now: Date): Promise<number> {
  const entries = await deps.index.dueDeadlines(now, BATCH);
  let stuck = 0;
  for (const entry of entries) {
    const order = await deps.model.findById(entry._id, { deadlineAt: 1, writeBacks: 1 }).lean();
    // The entry is a copy written after the order: the order's own deadline decides.
    if (!order) {
      await deps.index.forget(entry._id);
      continue;
    }
    if (!order.deadlineAt || order.deadlineAt > now.toISOString()) {
      await deps.index.sync(order);
      continue;
    }
    stuck++;
    // Keyed by the deadline: two sweepers (or a retry) on the same deadline act once.
    const key = `sweep:${order.deadlineAt}`;
    await applySagaEvent(deps, order._id, { type: 'deadline.passed' }, { cause: 'sweeper', key }).catch(
      (err: Error) =>
        deps.logger.warn({ orderId: order._id, err: err.message }, 'sweep of a stuck order failed'),
    );
  }
  return stuck;
}
