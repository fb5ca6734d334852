import { insertUnlessPresent } from '@commerce-sync/service-kit';
import type {
  Delivery,
  DeliveryModel,
  PendingDelivery,
  PendingDeliveryModel,
} from '../adapters/delivery-model.ts';
import { deliveriesAbandoned } from '../adapters/operator-metrics.ts';
import type { SagaEvent } from '../domain/saga-event.ts';
import { orderFromShopify, ShopifyOrderPayload } from '../domain/shopify-order.ts';
import { applySagaEvent, type SagaDeps } from './apply-saga-event.ts';

/** After this many failed attempts a delivery is left for an operator (its marker's lastError says why). */
export const MAX_DELIVERY_ATTEMPTS = 10;

/**
 * Turns a recorded Shopify delivery into a saga step. orders/create starts the saga (or
 * parks an order without payment details); orders/cancelled asks for cancellation and,
 * arriving before its create, records the order as cancelled from its own payload.
 */
export function createDeliveryProcessor(
  deps: SagaDeps & {
    deliveries: DeliveryModel;
    pendingDeliveries: PendingDeliveryModel;
    logger: { warn(o: object, m?: string): void };
  },
) {
  return async function processDelivery(d: Delivery): Promise<void> {
    try {
      const payload = ShopifyOrderPayload.parse(JSON.parse(d.body));
      const fresh = orderFromShopify(d.shop, payload, d.receivedAt);
      const event: SagaEvent =
        d.topic === 'orders/cancelled'
          ? { type: 'cancel.requested', by: 'customer' }
          : fresh.paymentMethod
            ? { type: 'order.placed' }
            : { type: 'order.unpayable', reason: 'missing_payment_method' };
      const cause = `shopify-webhook:${d._id}`;
      await applySagaEvent(deps, fresh._id, event, { cause, key: cause, create: () => fresh });
      // The lasting record (dedup, audit) after the effect: a crash before it leaves the
      // marker, and the sweeper's second run is absorbed by the order's idempotency key.
      const { _id, topic, shop, body, receivedAt, traceparent } = d;
      const record = { _id, topic, shop, body, receivedAt, ...(traceparent ? { traceparent } : {}) };
      await insertUnlessPresent(deps.deliveries.collection, record);
      await deps.pendingDeliveries.deleteOne({ _id: d._id });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.logger.warn(
        { deliveryId: d._id, topic: d.topic, err: message },
        'shopify delivery processing failed',
      );
      const marker = await deps.pendingDeliveries
        .findOneAndUpdate(
          { _id: d._id },
          { $set: { lastError: message.slice(0, 500) }, $inc: { attempts: 1 } },
          { returnDocument: 'after' },
        )
        .lean();
      if ((marker?.attempts ?? 0) === MAX_DELIVERY_ATTEMPTS) {
        deliveriesAbandoned.inc({ topic: d.topic });
        deps.logger.warn(
          { deliveryId: d._id, topic: d.topic, attempts: MAX_DELIVERY_ATTEMPTS },
          'shopify delivery abandoned: retry it with POST /admin/shopify-deliveries/:id/retry',
        );
      }
    }
  };
}

/**
 * Deliveries recorded but not processed (crash between 200 and processing, or a failure),
 * read through their markers, the oldest first; a marker without its delivery goes. Each
 * marker carries its webhook body, so the server filters, sorts and limits: a backlog (an
 * outage, a flood of retries) costs one batch of memory, not the whole backlog. Markers given
 * up (attempts reached) stay for an operator and are left out by the filter, so they never
 * take a batch's place.
 */
export async function unprocessedDeliveries(
  deps: { deliveries: DeliveryModel; pendingDeliveries: PendingDeliveryModel },
  olderThan: Date,
  limit = 100,
): Promise<Delivery[]> {
  const due = await deps.pendingDeliveries
    .find({ receivedAt: { $lt: olderThan }, attempts: { $not: { $gte: MAX_DELIVERY_ATTEMPTS } } })
    .sort({ receivedAt: 1 })
    .limit(limit)
    .lean();
  const found: Delivery[] = [];
  for (const marker of due) {
    const d = await recordedDelivery(deps, marker);
    if (d) found.push(d);
    // No delivery: the webhook failed between its two writes (a marker of the earlier form,
    // written before its delivery), and Shopify retried or will retry it.
    else await deps.pendingDeliveries.deleteOne({ _id: marker._id });
  }
  return found;
}

/**
 * The delivery behind a marker: carried by the marker itself, or for a marker of the earlier
 * form (written before its delivery, without a body) read from the deliveries by `_id`.
 */
export async function recordedDelivery(
  deps: { deliveries: DeliveryModel },
  marker: PendingDelivery,
): Promise<Delivery | null> {
  const { _id, topic, shop, body, receivedAt, traceparent } = marker;
  if (topic && shop && body)
    return { _id, topic, shop, body, receivedAt, ...(traceparent ? { traceparent } : {}) };
  return deps.deliveries.findById(_id).lean<Delivery>();
}
